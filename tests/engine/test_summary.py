from decimal import Decimal

import pytest

from seonggwa.engine.findings import Severity
from seonggwa.engine.grading import PERFORMANCE_REPORT
from seonggwa.engine.summary import (
    IndicatorRow,
    UnitSummary,
    check_grade_counts,
    check_shares,
    check_structure_counts,
    count_grades,
    count_structure,
    mean,
    rollup,
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


def test_grade_counts_match_reports_nothing():
    stated = {"exceeded": 1, "achieved": 1, "not_achieved": 2}
    assert check_grade_counts("대변인", 4, stated, ["◎", "○", "×", "-"]) == []


def test_missing_mark_is_flagged_with_a_suggestion_never_filled():
    stated = {"exceeded": 1, "achieved": 2, "not_achieved": 1}
    findings = check_grade_counts("대변인", 4, stated, ["◎", "○", "", "×"])
    assert [f.code for f in findings] == ["R5.missing_mark"]
    assert findings[0].details == {"suggested": "achieved"}
    assert "○" in findings[0].message


def test_indicator_total_must_equal_status_columns():
    findings = check_grade_counts(
        "X", 5, {"exceeded": 1, "achieved": 1, "not_achieved": 2}, ["◎", "○", "×", "×"]
    )
    assert [f.code for f in findings] == ["R5.total"]


def test_count_mismatch_per_band_is_an_error():
    findings = check_grade_counts(
        "X", 3, {"exceeded": 2, "achieved": 0, "not_achieved": 1}, ["◎", "○", "×"]
    )
    assert sorted(f.code for f in findings) == ["R5.counts", "R5.counts"]


def test_unknown_mark_is_reported():
    findings = check_grade_counts("X", 1, {"exceeded": 0, "achieved": 0, "not_achieved": 1}, ["?"])
    assert "R5.unknown_mark" in [f.code for f in findings]


def test_shares_round_half_up_to_two_decimals():
    cells = shares({"a": 1, "b": 7})  # 12.5 and 87.5 exactly
    assert [cells["a"].text, cells["b"].text] == ["12.50", "87.50"]
    cells = shares({"a": 1, "b": 1, "c": 1})
    assert cells["a"].value == D("33.33")


def test_share_of_empty_table_is_an_error_cell_not_an_exception():
    assert shares({"a": 0})["a"].value is None


@pytest.mark.parametrize(
    ("stated", "code", "severity"),
    [
        (D("26.57"), None, None),
        (D("26.6"), "R3.share_precision", Severity.INFO),
        (D("18.71"), "R3.share", Severity.ERROR),
    ],
)
def test_check_shares(stated, code, severity):
    findings = check_shares({"복지정책실": 7960420, "기타": 22005014}, {"복지정책실": stated})
    assert [(f.code, f.severity) for f in findings] == ([] if code is None else [(code, severity)])


def test_count_structure_counts_distinct_goals_ignoring_spaces():
    rows = [
        IndicatorRow("A", "목표1", "정책 1", "지표1", "사업1"),
        IndicatorRow("A", "목표1", "정책1", "지표2", "사업1"),
        IndicatorRow("A", "목표1", "정책2", "지표3", "사업2"),
        IndicatorRow("B", "목표9", "정책9", "지표9"),
    ]
    counts = count_structure(rows)
    a = counts["A"]
    assert (a.strategic_goals, a.policy_goals, a.indicators, a.unit_programs) == (1, 2, 3, 2)
    assert counts["B"].unit_programs == 0


def test_structure_count_mismatch_is_a_warning():
    findings = check_structure_counts(
        UnitSummary("경제정책실", 1, 14, 22), UnitSummary("경제정책실", 1, 14, 20)
    )
    assert [(f.code, f.details["column"]) for f in findings] == [("R4.counts", "indicators")]


def test_rollup_sums_counts_money_and_grades():
    a = UnitSummary("a", 1, 2, 3, 4, {"exceeded": 1}, D(10), D(8))
    b = UnitSummary("b", 1, 1, 1, 0, {"exceeded": 2, "achieved": 1}, D(5), D(9))
    total = rollup("계", [a, b])
    assert (total.strategic_goals, total.indicators, total.budget, total.budget_change) == (
        2,
        4,
        D(15),
        D(-2),
    )
    assert total.grade_counts == {"exceeded": 3, "achieved": 1}


def test_mean_excludes_missing_values_and_says_so():
    cell = mean([D(1), None, D(3)])
    assert cell.value == D(2)
    assert cell.explanation is not None and cell.explanation.inputs["제외"] == "1"
    assert mean([None]).value is None
