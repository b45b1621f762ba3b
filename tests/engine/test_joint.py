"""R17, the joint evaluation's 목표달성도, on made-up regional data with 공통/부분 scope."""

from decimal import Decimal

import pytest

from seonggwa.engine.joint import (
    Scope,
    applies,
    change_pp,
    group_average,
    joint_achievement,
    joint_share,
    rank_regions,
    tally,
)

D = Decimal
C, P, N = Scope.COMMON, Scope.PARTIAL, Scope.NONE


def test_twelve_of_thirteen_applicable_met_is_92_3():
    # 15 quantitative indicators for a 시부 region: 12 공통 (11 met), 2 부분 of which the
    # region is evaluated on one (met) and not on the other, and one the 시부 is not
    # evaluated on at all: 13 applicable, 12 met.
    rows = [(C, None, True)] * 11 + [(C, None, False)]
    rows += [(P, True, True), (P, False, None), (N, None, True)]
    t = tally("서울", rows)
    assert (t.applicable, t.met) == (13, 12)
    cell = t.achievement
    assert cell.value == D("92.3") and cell.text == "92.3%"
    assert (
        cell.explanation.inputs == {"달성": "12", "해당": "13"} and cell.explanation.rule == "R17"
    )


@pytest.mark.parametrize(
    ("applicable", "met", "text"),
    [(13, 12, "92.3%"), (17, 16, "94.1%"), (19, 18, "94.7%"), (8, 8, "100.0%"), (8, 0, "0.0%")],
)
def test_printed_fractions_of_the_seed(applicable, met, text):
    assert joint_achievement(applicable, met).text == text


def test_half_up_not_bankers():
    # 1/8 = 12.5 exactly; 1/16 = 6.25 → 6.3 half-up (banker's would give 6.2)
    assert joint_achievement(16, 1).value == D("6.3")


def test_denominators_differ_by_region_under_partial_scope():
    a = tally("a", [(C, None, True), (P, True, True), (P, True, False)])
    b = tally("b", [(C, None, True), (P, False, None), (P, False, None)])
    assert (a.applicable, a.met, a.achievement.text) == (3, 2, "66.7%")
    assert (b.applicable, b.met, b.achievement.text) == (1, 1, "100.0%")


def test_applicable_without_result_is_not_entered_not_failed():
    t = tally("x", [(C, None, True), (C, None, None)])
    assert (t.applicable, t.met, t.not_entered) == (1, 1, 1)


def test_scope_rules():
    assert applies(C, evaluated=False) is True
    assert applies(P, evaluated=True) and not applies(P, evaluated=None)
    assert not applies(N, evaluated=True)
    assert applies("partial", evaluated=True)


def test_no_applicable_indicator_is_no_value_not_zero():
    cell = joint_achievement(0, 0)
    assert cell.value is None and not cell.ok
    with pytest.raises(ValueError):
        joint_achievement(3, 4)


def test_group_average_over_exact_member_shares():
    shares = [joint_share(13, 12), joint_share(17, 16), None]
    cell = group_average(shares)
    # (92.307… + 94.117…) / 2 = 93.21… → 93.2; the region without a value is left out
    assert cell.value == D("93.2") and cell.explanation.inputs == {"시·도": "2", "제외": "1"}
    assert group_average([None]).value is None


def test_change_in_percentage_points():
    assert change_pp(D("81.7"), D("70.0")).text == "↑11.7%p"
    assert change_pp(D("70.0"), D("81.7")).text == "↓11.7%p"
    assert change_pp(D("70.0"), None).value is None


def test_ranks_share_places():
    assert rank_regions([D("92.9"), D("90.5"), D("92.9"), None]) == [1, 3, 1, None]
