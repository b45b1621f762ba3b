"""Report parser on small documents: codes, marks, △ money, legend, shifted rows."""

from __future__ import annotations

import pytest

from seonggwa.engine.findings import Severity
from seonggwa.importers.plan.parse import (
    mark_of,
    normalise_code,
    split_goal_code,
    split_policy_code,
)
from seonggwa.importers.plan.validate import detail_counts
from seonggwa.importers.records import ParseError
from seonggwa.importers.report import detect, parse, validate

SUMMARY = "\n".join(
    [
        "#### 가. 총괄",
        "(단위: 개, 원)",
        "실국명\t성과목표\t정책사업목표\t\t성과달성도\t\t\t결산액\t\t",
        "\t전략 목표수\t개수\t지표수\t초과 달성\t달성\t미달성\t결산액\t전년도 결산액\t비교증감",
        "계\t1\t2\t3\t1\t1\t1\t1,000\t1,500\t△500",
        "가국\t1\t2\t3\t1\t1\t1\t1,000\t1,500\t△500",
        "#### 나. 성과목표 및 재원비중",
        "전략목표명 (실국명)\t정책사업목표명\t성과지표명\t'23년 달성성과\t결산액 (원)\t비중(%)",
    ]
)
DETAIL = [
    "III. 목표 (가국)\tIII-1. 정책 하나\t지표 1\t◎\t800\t100.00 %",
    "\t\t지표 2\t○\t\t",
    "\tIII-2. 정책 둘\t지표 3\t-\t\t",
]
LEGEND = "※ ◎ : 초과달성(130% 이상), ○ : 달성(100~130% 미만), × : 미달성(100% 미만)"


def text_of(detail: list[str], legend: bool = True) -> str:
    return SUMMARY + "\n" + "\n".join(detail) + ("\n" + LEGEND if legend else "")


def test_consistent_small_report_has_no_findings() -> None:
    doc = parse(text_of(DETAIL))
    assert validate(doc) == []
    assert doc.legend is not None and doc.legend.line == doc.line_count


def test_negative_money_with_triangle_is_exact() -> None:
    bad = text_of(DETAIL).replace(
        "가국\t1\t2\t3\t1\t1\t1\t1,000\t1,500\t△500", "가국\t1\t2\t3\t1\t1\t1\t1,000\t1,500\t△501"
    )
    found = [
        (f.severity, f.code, f.line) for f in validate(parse(bad)) if f.code.startswith("summary")
    ]
    assert (Severity.ERROR, "summary.change_mismatch", 6) in found
    assert (Severity.ERROR, "summary.total_mismatch", 5) in found


@pytest.mark.parametrize(
    ("printed", "code"),
    [("III.", "III"), ("Ⅲ.", "III"), ("3.", "3"), ("XII.", "XII")],
)
def test_goal_codes_ascii_and_unicode(printed: str, code: str) -> None:
    assert split_goal_code(f"{printed} 목표 문장") == (code, "목표 문장")


@pytest.mark.parametrize(
    ("printed", "code"),
    [("III-14.", "III-14"), ("Ⅲ-14.", "III-14"), ("3-2.", "3-2"), ("Ⅲ - 14.", "III-14")],
)
def test_policy_codes_ascii_and_unicode(printed: str, code: str) -> None:
    assert split_policy_code(f"{printed} 정책") == (code, "정책")
    assert normalise_code(printed.rstrip(".")) == code


@pytest.mark.parametrize(
    ("cell", "mark"),
    [("◎", "◎"), ("○", "○"), ("×", "×"), ("-", "-"), (" ○ ", "○"), ("○ 목표", None), ("", None)],
)
def test_mark_cells(cell: str, mark: str | None) -> None:
    assert mark_of(cell) == mark


def test_page_repeat_matched_by_code_across_numeral_styles() -> None:
    detail = [
        *DETAIL[:2],
        "",
        "전략목표명 (실국명)\t정책사업목표명\t성과지표명\t'23년 달성성과\t결산액 (원)\t비중(%)",
        "Ⅲ. 목표  (가 국)\tⅢ-2. 정책 둘\t지표 3\t-\t800\t100.00 %",
    ]
    doc = parse(text_of(detail))
    owner = doc.owners[0]
    c = detail_counts(owner)
    assert (c.strategic_goals, c.policy_goals, c.indicators) == (1, 2, 3)
    assert len(owner.strategic_goals[0].repeats) == 1
    assert validate(doc) == []


def test_policy_text_differing_under_the_same_code_is_flagged() -> None:
    detail = [
        *DETAIL[:2],
        "",
        DETAIL[0].split("\t")[0] + "\tIII-1. 정책 하나 개정\t지표 3\t-\t800\t100.00 %",
    ]
    detail[2] = (
        "전략목표명 (실국명)\t정책사업목표명\t성과지표명\t'23년 달성성과\t결산액 (원)\t비중(%)"
    )
    found = [(f.severity, f.code) for f in validate(parse(text_of(detail)))]
    assert (Severity.WARNING, "detail.policy_text_differs") in found


def test_right_shifted_row_is_read_and_flagged() -> None:
    detail = [DETAIL[0], DETAIL[1], "\t\tIII-2. 정책 둘\t지표 3\t\t"]
    found = [(f.code, f.line, f.details.get("suggested")) for f in validate(parse(text_of(detail)))]
    assert ("detail.row_shifted_right", 11, None) in found
    assert ("detail.mark_missing", 11, "×") in found  # "-" counts under 미달성


def test_unknown_mark_glyph_is_a_missing_mark() -> None:
    detail = [DETAIL[0], "\t\t지표 2\t?\t\t", DETAIL[2]]
    finding = next(f for f in validate(parse(text_of(detail))) if f.code == "detail.mark_missing")
    assert "?" in finding.message


def test_unit_not_in_summary_is_an_error() -> None:
    detail = [*DETAIL, "IV. 다른 목표 (없는국)\tIV-1. 정책\t지표\t○\t10\t0.00 %"]
    found = [(f.severity, f.code) for f in validate(parse(text_of(detail)))]
    assert (Severity.ERROR, "detail.unit_not_in_summary") in found


def test_not_a_report_raises_parse_error() -> None:
    with pytest.raises(ParseError):
        parse("## 제목\n본문만 있는 문서")


def test_detect_prefers_report_over_plan() -> None:
    assert detect(text_of(DETAIL))
    assert not detect("가. 총괄\n실국명\t전략목표수\t지표수\t예산액\t전년도예산액")
