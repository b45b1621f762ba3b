from decimal import Decimal

import pytest

from seonggwa.engine.achievement import (
    JOINT_EVALUATION_RULE,
    SUSTAINABILITY_RULE,
    AchievementRule,
    Direction,
    LowerFormula,
    achievement_rate,
)
from seonggwa.engine.cells import CellStatus
from seonggwa.engine.targets import resolve_target

D = Decimal
LOWER = AchievementRule(name="lower", direction=Direction.LOWER)
LOWER_COMPLEMENT = AchievementRule(
    name="lower2", direction=Direction.LOWER, lower_formula=LowerFormula.COMPLEMENT
)


@pytest.mark.parametrize(
    ("actual", "target", "rule", "rate"),
    [
        ("2564", "2568", AchievementRule(), "99.8"),
        ("54098", "68593", AchievementRule(), "78.9"),
        ("99099", "75426", AchievementRule(), "131.4"),
        ("99099", "75426", JOINT_EVALUATION_RULE, "130.0"),
        ("80", "100", LOWER, "125.0"),
        ("125", "100", LOWER, "80.0"),
        ("80", "100", LOWER_COMPLEMENT, "120.0"),
        ("125", "100", LOWER_COMPLEMENT, "75.0"),
        ("250", "100", LOWER_COMPLEMENT, "0.0"),
        ("120", "100", SUSTAINABILITY_RULE, "100.0"),
    ],
)
def test_achievement_rate_by_direction_and_formula(actual, target, rule, rate):
    result = achievement_rate(D(actual), D(target), rule)
    assert result.status is CellStatus.OK
    assert result.cell(1).value == D(rate)


def test_capped_rate_keeps_the_raw_rate():
    result = achievement_rate(D("99099"), D("75426"), JOINT_EVALUATION_RULE)
    assert result.rate == D(130)
    assert result.raw is not None and result.raw > D(131)
    assert "min(" in result.explanation.formula
    assert result.cell(0).text == "130%"


@pytest.mark.parametrize(
    ("actual", "rule", "rate", "met"),
    [
        ("0", AchievementRule(direction=Direction.ZERO_TARGET), "100", True),
        ("2", AchievementRule(direction=Direction.ZERO_TARGET), "0", False),
        ("0", LOWER, "100", True),
        ("1", LOWER, "0", False),
    ],
)
def test_zero_target_is_met_only_at_zero(actual, rule, rate, met):
    result = achievement_rate(D(actual), D(0), rule)
    assert (result.rate, result.met) == (D(rate), met)


@pytest.mark.parametrize(
    ("actual", "rate", "met"), [("6.9", "100", True), ("-7", "100", True), ("14", "50", False)]
)
def test_band_target_is_met_within_tolerance(actual, rate, met):
    result = achievement_rate(D(actual), resolve_target("±7"))
    assert (result.rate, result.met) == (D(rate), met)


def test_milestone_stage_maps_to_percent_relative_to_target_stage():
    rule = AchievementRule(
        name="stages",
        direction=Direction.MILESTONE,
        milestones=(("설계완료", D(40)), ("공사착공", D(60)), ("준공", D(100))),
    )
    assert achievement_rate("공사착공", resolve_target("준공"), rule).rate == D(60)
    assert achievement_rate("준공", resolve_target("공사착공"), rule).rate > D(166)
    assert achievement_rate("모름", resolve_target("준공"), rule).status is CellStatus.UNRESOLVED


def test_qualitative_grade_maps_to_committee_score():
    rule = AchievementRule(
        name="committee",
        direction=Direction.QUALITATIVE,
        grade_scores=(("우수", D(100)), ("보통", D(80)), ("미흡", D(60))),
    )
    assert achievement_rate("보통", resolve_target("중"), rule).rate == D(80)


@pytest.mark.parametrize(
    ("actual", "target", "kwargs", "status"),
    [
        (None, "100", {}, CellStatus.NO_DATA),
        ("-", "100", {}, CellStatus.NO_DATA),
        ("50", "기준점", {}, CellStatus.NOT_EVALUATED),
        ("50", "100", {"excluded": True}, CellStatus.EXCLUDED),
        ("50", "전년대비 5% 증가", {}, CellStatus.UNRESOLVED),
        ("50", "-", {}, CellStatus.UNRESOLVED),
    ],
)
def test_missing_statuses_are_distinct_from_zero(actual, target, kwargs, status):
    result = achievement_rate(actual, target, **kwargs)
    assert result.status is status
    assert result.rate is None
    assert result.cell().value is None


def test_explanation_shows_formula_inputs_and_rule_version():
    result = achievement_rate(D("54098"), D("68593"))
    assert result.explanation.formula == "실적 ÷ 목표 × 100"
    assert result.explanation.inputs["실적"] == "54098"
    assert result.explanation.rule == "R6 default v1"
    assert "실적 ÷ 목표 × 100" in result.explanation.render()
