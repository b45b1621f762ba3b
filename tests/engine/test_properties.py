"""Invariants of the engine (hypothesis)."""

from dataclasses import replace
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from seonggwa.engine.achievement import AchievementRule, Direction, LowerFormula, achievement_rate
from seonggwa.engine.aggregation import UnitSummary, rollup
from seonggwa.engine.grading import PERFORMANCE_REPORT, SUSTAINABILITY_PLAN, grade
from seonggwa.engine.scoring import WeightedItem, weighted_score

D = Decimal
positive = st.decimals(min_value=D("0.01"), max_value=D("1000000"), places=2)
rates = st.decimals(min_value=D(0), max_value=D(300), places=6)
RULES = [
    AchievementRule(),
    AchievementRule(direction=Direction.LOWER),
    AchievementRule(direction=Direction.LOWER, lower_formula=LowerFormula.COMPLEMENT),
    AchievementRule(cap=D(130)),
]
ORDER = {"not_achieved": 0, "achieved": 1, "exceeded": 2}


@given(positive, positive, positive, st.sampled_from(RULES))
def test_rate_is_monotone_in_the_actual_for_each_direction(a1, a2, target, rule):
    low, high = sorted((a1, a2))
    r_low = achievement_rate(low, target, rule).rate
    r_high = achievement_rate(high, target, rule).rate
    assert r_low is not None and r_high is not None
    if rule.direction is Direction.LOWER:
        assert r_low >= r_high
    else:
        assert r_low <= r_high


@given(positive, positive, st.sampled_from(RULES))
def test_grade_follows_the_thresholds_of_the_rate(a, target, rule):
    result = achievement_rate(a, target, rule)
    r = result.rate
    assert r is not None
    expected = "exceeded" if r >= 130 else "achieved" if r >= 100 else "not_achieved"
    assert grade(result, PERFORMANCE_REPORT).code == expected


@given(positive)
def test_grade_boundaries_exact_at_130_and_100_percent(target):
    # actual = target * k / 100 for k around the boundaries: grade follows k exactly
    for k, code in [(130, "exceeded"), (100, "achieved")]:
        actual = target * k / 100
        assert grade(achievement_rate(actual, target), PERFORMANCE_REPORT).code == code
        just_below = actual - D("0.0001")
        assert grade(achievement_rate(just_below, target), PERFORMANCE_REPORT).code != code


@given(rates, rates)
def test_higher_rate_never_gets_a_lower_grade(r1, r2):
    low, high = sorted((r1, r2))
    assert ORDER[grade(low, PERFORMANCE_REPORT).code] <= ORDER[grade(high, PERFORMANCE_REPORT).code]
    levels = {"not_achieved": 0, "partly_achieved": 1, "achieved": 2}
    assert (
        levels[grade(low, SUSTAINABILITY_PLAN).code]
        <= levels[grade(high, SUSTAINABILITY_PLAN).code]
    )


weights = st.decimals(min_value=D("0.5"), max_value=D(100), places=1)
scores = st.decimals(min_value=D(0), max_value=D(100), places=2)


@given(
    st.lists(st.tuples(weights, scores), min_size=1, max_size=20),
    st.integers(min_value=1, max_value=9),
)
def test_weighted_score_is_invariant_to_weight_scaling_and_bounded(pairs, factor):
    items = [WeightedItem(str(i), w, s) for i, (w, s) in enumerate(pairs)]
    scaled = [WeightedItem(str(i), w * factor, s) for i, (w, s) in enumerate(pairs)]
    value = weighted_score(items).value
    assert value == weighted_score(scaled).value
    assert isinstance(value, Decimal)
    assert min(s for _, s in pairs) <= value <= max(s for _, s in pairs)


summaries = st.builds(
    UnitSummary,
    name=st.just("u"),
    strategic_goals=st.integers(0, 5),
    policy_goals=st.integers(0, 20),
    indicators=st.integers(0, 50),
    unit_programs=st.integers(0, 50),
    grade_counts=st.dictionaries(
        st.sampled_from(["exceeded", "achieved", "not_achieved"]), st.integers(0, 9)
    ),
    budget=st.decimals(min_value=0, max_value=10**9, places=0),
    previous_budget=st.decimals(min_value=0, max_value=10**9, places=0),
)


def _norm(s: UnitSummary) -> UnitSummary:
    return replace(s, name="", grade_counts={k: v for k, v in s.grade_counts.items() if v})


@given(st.lists(summaries, max_size=12), st.integers(min_value=0, max_value=12))
def test_rollup_of_rollups_equals_rollup_of_all(units, cut):
    whole = rollup("계", units)
    parts = rollup("계", [rollup("a", units[:cut]), rollup("b", units[cut:])])
    assert _norm(whole) == _norm(parts)
