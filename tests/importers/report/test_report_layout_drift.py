"""Detail rows read by what their cells are (issue 13 item 2).

``report_drift.txt`` is ``report_consistent.txt`` with the layout drift measured on a
district's 성과보고서: leading empty cells dropped so that an indicator sits in the policy
column with its mark in the indicator column (line 26, 35), an indicator in the first column
followed by an empty cell and its mark (28), a coded policy goal in the strategic-goal column
(34, 36), extra trailing empty cells (35, 38), a cell pushed one column right (42), a goal
row pushed one column right (43) and a merged policy cell split across two rows (44-45).
Every row is readable by content, so the drift file must read exactly as the clean one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from seonggwa.engine.findings import Severity
from seonggwa.importers.plan.validate import detail_counts, owner_indicators
from seonggwa.importers.records import ParsedDocument
from seonggwa.importers.report import parse, validate

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "report"


def _structure(doc: ParsedDocument) -> list[tuple[str, str, str, list[tuple[str, str | None]]]]:
    out = []
    for owner in doc.owners:
        for goal in owner.strategic_goals:
            for pg in goal.policy_goals:
                out.append(
                    (
                        owner.name,
                        goal.code,
                        f"{pg.code} {pg.name}",
                        [(i.name, i.mark) for i in pg.indicators],
                    )
                )
    return out


@pytest.fixture(scope="module")
def drift() -> ParsedDocument:
    text = (FIXTURES / "report_drift.txt").read_text(encoding="utf-8")
    return parse(text, source="report_drift.txt")


@pytest.fixture(scope="module")
def clean(consistent_text: str) -> ParsedDocument:
    return parse(consistent_text, source="report_consistent.txt")


def test_drifted_rows_read_exactly_as_the_clean_document(
    drift: ParsedDocument, clean: ParsedDocument
) -> None:
    assert _structure(drift) == _structure(clean)


def test_counts_and_marks_of_every_unit_are_right(drift: ParsedDocument) -> None:
    got = {}
    for owner in drift.owners:
        c = detail_counts(owner)
        got[owner.name] = (c.strategic_goals, c.policy_goals, c.indicators, c.missing_marks)
    assert got == {
        "기획조정실": (1, 2, 4, 0),
        "경제정책실": (1, 3, 6, 0),
        "복지정책실": (1, 2, 4, 0),
        "문화본부": (1, 2, 3, 0),
        "기후환경본부": (1, 1, 2, 0),
    }


def test_no_indicator_is_named_by_a_mark_or_a_policy_code(drift: ParsedDocument) -> None:
    names = [ind.name for owner in drift.owners for _, ind in owner_indicators(owner)]
    assert not any(n.strip() in {"◎", "○", "×", "-"} for n in names)
    assert not any(n.startswith(("I-", "II-", "III-", "Ⅲ-", "IV-", "V-")) for n in names)


def test_no_false_errors_or_warnings_only_reading_notes(drift: ParsedDocument) -> None:
    findings = validate(drift)
    assert [f for f in findings if f.severity is Severity.ERROR] == []
    # no warning: the right shift (A7) is read by content too, an info naming the row
    assert [(f.code, f.line) for f in findings if f.severity is Severity.WARNING] == []
    shifted = [(f.line, f.severity) for f in findings if f.code == "detail.row_shifted_right"]
    assert shifted == [(42, Severity.INFO)]
    realigned = sorted(f.line for f in findings if f.code == "detail.row_realigned")
    assert realigned == [26, 34, 35, 43, 44]
    assert all(f.severity is Severity.INFO for f in findings if f.code == "detail.row_realigned")
    split = [f for f in findings if f.code == "detail.cell_split_rows"]
    assert [(f.line, f.severity) for f in split] == [(44, Severity.INFO)]
    assert "IV-2. 한양도성 활용 확대" in split[0].message


def test_mark_read_as_indicator_is_named_in_the_finding(drift: ParsedDocument) -> None:
    f = next(f for f in validate(drift) if f.code == "detail.row_realigned" and f.line == 26)
    assert f.unit == "기획조정실"
    assert "'○'은(는) 지표가 아니라 달성 표시" in f.message
    assert "'시의회 협력 과제 처리율'" in f.message


def _replace_line(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def test_coded_policy_alone_without_a_next_indicator_is_still_reported(
    consistent_text: str,
) -> None:
    # the policy row is followed by a new goal row, not by its indicator: a true defect
    text = _replace_line(
        consistent_text,
        "\tV-1. 대기질 개선\t친환경차 보급 실적\t○\t3,100,000,000\t2.09 %",
        "\tV-1. 대기질 개선\t친환경차 보급 실적\t○\t3,100,000,000\t2.09 %\n\tV-2. 수질 개선\t\t",
    )
    doc = parse(text)
    missing = [f for f in validate(doc) if f.code == "detail.indicator_missing"]
    assert [f.unit for f in missing] == ["기후환경본부"]
    assert not [f for f in validate(doc) if f.code == "detail.cell_split_rows"]


def test_policy_with_a_mark_but_no_indicator_keeps_its_mark_missing_indicator(
    consistent_text: str,
) -> None:
    text = _replace_line(
        consistent_text,
        "\t\t직거래장터 참여농가 수\t-\t\t",
        "\tII-2. 지역상생 일자리 기반 조성\t-\t\t",
    )
    doc = parse(text)
    owner = next(o for o in doc.owners if o.name == "경제정책실")
    assert detail_counts(owner).indicators == 5  # the row holds no indicator: nothing invented
    codes = {f.code for f in validate(doc) if f.unit == "경제정책실"}
    assert "detail.count_mismatch" in codes
