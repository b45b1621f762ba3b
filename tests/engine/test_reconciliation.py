"""R1–R5 as the engine checks them (reconciliation), table-driven."""

from decimal import Decimal

import pytest

from seonggwa.engine.findings import Severity
from seonggwa.engine.grading import PERFORMANCE_REPORT
from seonggwa.engine.reconciliation import (
    MarkedIndicator,
    MoneyUnit,
    PrintedShare,
    check_grade_counts,
    check_shares,
    check_status_sum,
    check_structure_counts,
    count_grades,
    shares,
)

D = Decimal


def test_dash_is_counted_under_not_achieved_by_default():
    counts = count_grades(["◎", "○", "×", "-", "-"])
    assert counts.counts == {"exceeded": 1, "achieved": 1, "not_achieved": 3}
    assert counts.not_rated == 2


def test_not_rated_bucket_is_configurable():
    counts = count_grades(["-", "○"], PERFORMANCE_REPORT, not_rated_bucket="achieved")
    assert counts.counts["achieved"] == 2


def _marked(*marks: str | None) -> list[MarkedIndicator]:
    return [MarkedIndicator(f"지표{i}", m, 20 + i) for i, m in enumerate(marks)]


STATED = {"exceeded": 1, "achieved": 1, "not_achieved": 2}


def test_grade_counts_that_match_report_nothing():
    assert (
        check_grade_counts(unit="대변인", stated=STATED, indicators=_marked("◎", "○", "×", "-"))
        == []
    )


def test_missing_mark_is_flagged_with_a_suggestion_never_filled():
    stated = {"exceeded": 1, "achieved": 2, "not_achieved": 1}
    findings = check_grade_counts(
        unit="대변인", stated=stated, indicators=_marked("◎", "○", None, "×")
    )
    assert [(f.code, f.line) for f in findings] == [("detail.mark_missing", 22)]
    assert findings[0].details == {"suggested": "○"}
    assert "'○'(달성)" in findings[0].message


def test_two_missing_marks_get_no_suggestion():
    stated = {"exceeded": 1, "achieved": 3, "not_achieved": 0}
    findings = check_grade_counts(unit="x", stated=stated, indicators=_marked("◎", "○", None, None))
    assert [(f.code, f.details) for f in findings] == [("detail.mark_missing", {})] * 2


def test_counts_that_differ_are_one_finding_for_the_unit():
    findings = check_grade_counts(
        unit="X",
        stated={"exceeded": 2, "achieved": 0, "not_achieved": 1},
        indicators=_marked("◎", "○", "×"),
        line=14,
    )
    assert [(f.code, f.line) for f in findings] == [("detail.status_count_mismatch", 14)]
    assert findings[0].details == {"declared": "2/0/1", "computed": "1/1/1"}
    assert "초과달성 2 → 세부표 1; 달성 0 → 세부표 1" in findings[0].message


def test_unknown_mark_is_reported():
    findings = check_grade_counts(unit="X", stated=None, indicators=_marked("?"))
    assert [f.code for f in findings] == ["detail.mark_unknown"]


@pytest.mark.parametrize(
    ("indicators", "parts", "codes"),
    [(4, [1, 1, 2], []), (5, [1, 1, 2], ["summary.status_sum_mismatch"]), (None, [1, 1, 2], [])],
)
def test_indicator_total_must_equal_status_columns(indicators, parts, codes):  # type: ignore[no-untyped-def]
    assert [f.code for f in check_status_sum(unit="X", indicators=indicators, parts=parts)] == codes


def test_shares_round_half_up_to_two_decimals():
    cells = shares({"a": 1, "b": 7})  # 12.5 and 87.5 exactly
    assert [cells["a"].text, cells["b"].text] == ["12.50", "87.50"]
    cells = shares({"a": 1, "b": 1, "c": 1})
    assert cells["a"].value == D("33.33")


def test_share_of_empty_table_is_an_error_cell_not_an_exception():
    assert shares({"a": 0})["a"].value is None


@pytest.mark.parametrize(
    ("printed", "codes"),
    [
        ("26.57", []),
        ("26.6", []),  # fewer decimals, rounded from the computed share: right as printed
        ("26.57 %", []),
        ("18.71", ["detail.share_mismatch"]),  # the summary total as denominator (R3: wrong)
        ("이십", ["detail.share_not_number"]),
    ],
)
def test_check_shares_against_the_tables_own_denominator(printed, codes):  # type: ignore[no-untyped-def]
    rows = [
        PrintedShare("1", "복지정책실", "복지정책실", 7960420, printed, 203),
        PrintedShare("2", "나머지", "나머지", 22005014, None),
    ]
    findings = check_shares(rows)
    assert [f.code for f in findings] == codes
    if codes == ["detail.share_mismatch"]:
        assert findings[0].details["computed"] == "26.57"
        assert findings[0].details["denominator"] == "29965434"


def test_a_unit_without_an_amount_is_left_out_and_named():
    rows = [
        PrintedShare("1", "가", "가", 50, "60.00", 1),
        PrintedShare("2", "나", "나", None, "40.00", 2),
        PrintedShare("3", "다", "다", 50, "50.00", 3),
    ]
    (found,) = check_shares(rows)
    assert found.unit == "가" and "금액이 없는 실국(나)" in found.message


@pytest.mark.parametrize(
    ("stated", "computed", "codes"),
    [
        ({"strategic_goals": 1, "policy_goals": 14, "indicators": 22}, {"strategic_goals": 1, "policy_goals": 14, "indicators": 20}, ["detail.count_mismatch"]),
        ({"strategic_goals": 1, "policy_goals": 1, "indicators": 2}, {"strategic_goals": 1, "policy_goals": 1, "indicators": 2}, []),
        ({"strategic_goals": None, "policy_goals": 1, "indicators": 2}, {"strategic_goals": 3, "policy_goals": 1, "indicators": 2}, []),
        ({"strategic_goals": 1, "policy_goals": 1, "indicators": 2}, None, ["detail.unit_without_rows"]),
        ({"strategic_goals": 0, "policy_goals": 0, "indicators": 0}, None, []),  # budget-only unit
    ],
)  # fmt: skip
def test_structure_counts(stated, computed, codes):  # type: ignore[no-untyped-def]
    found = check_structure_counts(unit="경제정책실", stated=stated, computed=computed, line=25)
    assert [f.code for f in found] == codes


def test_a_count_mismatch_names_the_detail_block_and_every_difference():
    (found,) = check_structure_counts(
        unit="경제정책실",
        stated={"strategic_goals": 1, "policy_goals": 14, "indicators": 22},
        computed={"strategic_goals": 1, "policy_goals": 14, "indicators": 20},
        line=25,
        detail_lines=(178, 202),
    )
    assert found.severity is Severity.ERROR
    assert "지표수 22 → 세부표 20" in found.message and "178–202행" in found.message
    assert found.details == {
        "declared": "1/14/22",
        "computed": "1/14/20",
        "detail_lines": "178-202",
    }


@pytest.mark.parametrize(
    ("text", "unit"),
    [("백만원", MoneyUnit.MILLION_WON), ("백 만 원", MoneyUnit.MILLION_WON), ("원", MoneyUnit.WON), ("", None), ("달러", None)],
)  # fmt: skip
def test_money_unit_from_the_unit_line(text, unit):  # type: ignore[no-untyped-def]
    assert MoneyUnit.from_text(text) is unit
