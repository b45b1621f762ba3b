"""Golden tests on the hand-built report fixtures (domain.md 4.3-4.4)."""

from __future__ import annotations

import pytest

from seonggwa.engine.findings import Severity
from seonggwa.importers.plan.validate import detail_counts, summary_for_owner
from seonggwa.importers.records import DocumentFormat, ParsedDocument
from seonggwa.importers.report import detect, parse, validate
from seonggwa.importers.report.validate import mark_counts


@pytest.fixture(scope="module")
def consistent(consistent_text: str) -> ParsedDocument:
    return parse(consistent_text, source="report_consistent.txt")


@pytest.fixture(scope="module")
def defects(defects_text: str) -> ParsedDocument:
    return parse(defects_text, source="report_defects.txt")


def test_both_fixtures_are_detected_as_reports(consistent_text: str, defects_text: str) -> None:
    assert detect(consistent_text) and detect(defects_text)


def test_consistent_report_has_no_findings(consistent: ParsedDocument) -> None:
    assert validate(consistent) == []


def test_markdown_headings_become_the_section_path(consistent: ParsedDocument) -> None:
    assert consistent.format is DocumentFormat.REPORT
    assert consistent.section_path == [
        "별첨 2023년도 성과보고서",
        "3. 성과보고 총괄표",
        "가. 총괄",
        "나. 성과목표 및 재원비중",
    ]
    assert consistent.money_unit == "원"


def test_legend_on_the_last_line_without_newline(consistent: ParsedDocument) -> None:
    assert consistent.legend is not None
    assert consistent.legend.line == consistent.line_count == 51
    assert consistent.legend.raw.startswith("※ ◎ : 초과달성(130% 이상)")


def test_summary_columns_read_from_space_split_labels(consistent: ParsedDocument) -> None:
    assert consistent.summary_total is not None
    assert consistent.summary_total.cells == {
        "strategic_goals": "5",
        "policy_goals": "10",
        "indicators": "19",
        "exceeded": "4",
        "achieved": "10",
        "not_achieved": "5",
        "settlement": "178,710,987,544",
        "previous_settlement": "173,250,000,000",
        "change": "5,460,987,544",
    }
    assert [r.unit for r in consistent.summary_rows][-1] == "인재개발원"


# unit, goal code, (goals, policy goals, indicators), marks (◎, ○, × incl. "-")
CONSISTENT_UNITS = [
    ("기획조정실", "I", (1, 2, 4), (1, 2, 1)),
    ("경제정책실", "II", (1, 3, 6), (1, 3, 2)),
    ("복지정책실", "III", (1, 2, 4), (1, 2, 1)),
    ("문화본부", "IV", (1, 2, 3), (1, 1, 1)),
    ("기후환경본부", "V", (1, 1, 2), (0, 2, 0)),
]


@pytest.mark.parametrize(("unit", "code", "counts", "marks"), CONSISTENT_UNITS)
def test_consistent_units_reproduce_counts_and_marks(
    consistent: ParsedDocument,
    unit: str,
    code: str,
    counts: tuple[int, int, int],
    marks: tuple[int, int, int],
) -> None:
    owner = next(o for o in consistent.owners if o.name == unit)
    c = detail_counts(owner)
    assert (c.strategic_goals, c.policy_goals, c.indicators) == counts
    assert tuple(mark_counts(owner).values()) == marks
    assert owner.strategic_goals[0].code == code
    row = summary_for_owner(consistent, owner)
    assert row is not None
    assert (
        int(row.cells["exceeded"]),
        int(row.cells["achieved"]),
        int(row.cells["not_achieved"]),
    ) == marks


def test_unicode_and_ascii_codes_are_one_key(consistent: ParsedDocument) -> None:
    welfare = next(o for o in consistent.owners if o.name == "복지정책실")
    goal = welfare.strategic_goals[0]
    assert goal.code == "III"  # printed "Ⅲ."
    assert [p.code for p in goal.policy_goals] == ["III-1", "III-2"]
    assert len(goal.repeats) == 1  # the page repeat was merged, not added


def test_budget_only_unit_is_legal(consistent: ParsedDocument) -> None:
    assert not any(o.name == "인재개발원" for o in consistent.owners)
    assert not [f for f in validate(consistent) if f.unit == "인재개발원"]


def test_dash_mark_is_counted_under_not_achieved(consistent: ParsedDocument) -> None:
    culture = next(o for o in consistent.owners if o.name == "문화본부")
    assert detail_counts(culture).marks == {"○": 1, "-": 1, "◎": 1}
    assert mark_counts(culture) == {"exceeded": 1, "achieved": 1, "not_achieved": 1}
    assert mark_counts(culture, not_rated_bucket="achieved")["achieved"] == 2


EXPECTED_DEFECTS = [
    (Severity.ERROR, "summary.total_mismatch", "계", 11),  # 지표수 20 vs Σ 19
    (Severity.ERROR, "summary.total_mismatch", "계", 11),  # 비교증감 column (복지 row is wrong)
    (Severity.ERROR, "summary.change_mismatch", "복지정책실", 14),  # off by 1 원: exact
    (Severity.ERROR, "detail.status_count_mismatch", "복지정책실", 14),
    (Severity.ERROR, "detail.count_mismatch", "문화본부", 18),
    (Severity.ERROR, "summary.status_sum_mismatch", "기후환경본부", 19),
    (Severity.ERROR, "detail.status_count_mismatch", "기후환경본부", 19),
    (Severity.INFO, "detail.row_shifted_right", "기획조정실", 27),
    (Severity.ERROR, "detail.mark_missing", "기획조정실", 27),
    (Severity.ERROR, "detail.mark_missing", "경제정책실", 30),
    (Severity.INFO, "detail.policy_text_differs", "경제정책실", 33),
    (Severity.WARNING, "detail.repeat_differs", "경제정책실", 33),
    (Severity.ERROR, "detail.share_mismatch", "문화본부", 43),
]


def test_defects_report_findings(defects: ParsedDocument) -> None:
    got = [(f.severity, f.code, f.unit, f.line) for f in validate(defects)]
    assert got == EXPECTED_DEFECTS


def test_missing_mark_is_suggested_but_not_filled(defects: ParsedDocument) -> None:
    findings = [f for f in validate(defects) if f.code == "detail.mark_missing"]
    assert [f.details.get("suggested") for f in findings] == ["○", "○"]
    planning = next(o for o in defects.owners if o.name == "기획조정실")
    shifted = planning.strategic_goals[0].policy_goals[1]
    assert (shifted.code, shifted.indicators[0].name, shifted.indicators[0].mark) == (
        "I-2",
        "서울시 BSC 성과지표 달성도",
        None,
    )


def test_share_printed_differently_on_two_pages_keeps_both(defects: ParsedDocument) -> None:
    economy = next(o for o in defects.owners if o.name == "경제정책실")
    goal = economy.strategic_goals[0]
    assert goal.share is not None and goal.share.raw == "27.76 %"
    assert [s.raw for _, s in goal.repeats if s] == ["27.8 %"]


def test_share_mismatch_uses_the_detail_denominator(defects: ParsedDocument) -> None:
    f = next(f for f in validate(defects) if f.code == "detail.share_mismatch")
    assert f.details == {"printed": "3.76", "computed": "3.66", "denominator": "148532109864"}
