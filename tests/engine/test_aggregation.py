"""Roll-ups and means (aggregation): plain data in, explained cells out."""

from decimal import Decimal

from seonggwa.engine.aggregation import UnitSummary, mean, rollup

D = Decimal


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
