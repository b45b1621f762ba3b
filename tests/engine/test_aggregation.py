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


def test_meets_target_is_a_rate_of_100_or_more_and_no_rate_counts_nowhere():
    from seonggwa.engine.aggregation import meets_target, share_meeting_target

    rates = [D("100"), D("120.5"), D("99.9"), None]
    flags = [meets_target(r) for r in rates]
    assert flags == [True, True, False, None]
    cell = share_meeting_target(flags)
    assert cell.text == "66.7%" and cell.explanation.inputs == {"달성": "2", "해당": "3"}


def test_competition_ranks_share_equal_places_and_skip_missing():
    from seonggwa.engine.aggregation import competition_ranks

    assert competition_ranks([D(3), D(9), D(3), None, D(1)]) == [2, 1, 2, None, 4]
    assert competition_ranks([]) == []
