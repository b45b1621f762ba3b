from datetime import date
from decimal import Decimal

import pytest

from seonggwa.engine.achievement import achievement_rate
from seonggwa.engine.cells import CellStatus
from seonggwa.engine.grading import (
    PERFORMANCE_REPORT,
    REGISTRY,
    REPORT_MARKS,
    SUSTAINABILITY_PLAN,
    GradeBand,
    GradingScheme,
    Override,
    OverrideReason,
    grade,
    traffic_light_scheme,
)

D = Decimal


@pytest.mark.parametrize(
    ("rate", "mark"),
    [
        ("130.00", "◎"),
        ("130", "◎"),
        ("129.9999999", "○"),
        ("100", "○"),
        ("99.995", "×"),
        ("0", "×"),
        ("250", "◎"),
    ],
)
def test_performance_report_boundaries_are_exact(rate, mark):
    assert grade(D(rate), PERFORMANCE_REPORT).mark == mark


def test_rate_exactly_130_from_division_is_exceeded():
    # 130 / 100 and 1.3 / 1 both give exactly 130 %, 129.99 / 100 does not
    assert grade(achievement_rate(D(130), D(100)), PERFORMANCE_REPORT).mark == "◎"
    assert grade(achievement_rate(D("12999.99"), D(10000)), PERFORMANCE_REPORT).mark == "○"
    assert grade(achievement_rate(D("99995"), D(100000)), PERFORMANCE_REPORT).mark == "×"


def test_not_evaluated_gets_dash_and_keeps_status():
    result = grade(achievement_rate(D(50), "기준점"), PERFORMANCE_REPORT)
    assert (result.mark, result.status) == ("-", CellStatus.NOT_EVALUATED)


def test_report_legend_is_derived_from_the_scheme():
    assert (
        REPORT_MARKS == "※ ◎ : 초과달성(130% 이상), ○ : 달성(100~130% 미만), × : 미달성(100% 미만)"
    )


@pytest.mark.parametrize(
    ("rate", "code"),
    [
        ("100", "achieved"),
        ("99.99", "partly_achieved"),
        ("50", "partly_achieved"),
        ("49.99", "not_achieved"),
    ],
)
def test_sustainability_plan_three_levels(rate, code):
    assert grade(D(rate), SUSTAINABILITY_PLAN).code == code


def test_override_with_allowed_reason_changes_grade_and_keeps_computed():
    result = grade(
        D(0),
        SUSTAINABILITY_PLAN,
        override=Override("achieved", OverrideReason.EARLY_ACHIEVEMENT, "2018년 조기달성"),
    )
    assert result.code == "achieved"
    assert result.computed is not None and result.computed.code == "not_achieved"
    assert "조기달성" in result.explanation.formula


def test_delay_override_gives_partly_achieved():
    result = grade(
        D(10), SUSTAINABILITY_PLAN, override=Override("partly_achieved", OverrideReason.DELAYED)
    )
    assert result.code == "partly_achieved"


def test_override_with_wrong_reason_is_not_applied_and_yields_finding():
    result = grade(
        D(10), SUSTAINABILITY_PLAN, override=Override("achieved", OverrideReason.DELAYED)
    )
    assert result.code == "not_achieved"
    assert [f.code for f in result.findings] == ["grading.override_not_allowed"]


def test_traffic_light_bands_are_configurable():
    scheme = traffic_light_scheme(D(90), D(70), version=2)
    assert [grade(D(r), scheme).code for r in ("90", "89.9", "70", "69.9")] == [
        "green",
        "amber",
        "amber",
        "red",
    ]
    with pytest.raises(ValueError):
        traffic_light_scheme(D(50), D(70))


def test_registry_picks_version_effective_on_date():
    registry = type(REGISTRY)()
    old = GradingScheme(
        "x",
        1,
        date(2019, 1, 1),
        PERFORMANCE_REPORT.bands,
        PERFORMANCE_REPORT.not_rated,
        "not_achieved",
        effective_to=date(2020, 12, 31),
    )
    new_bands = (GradeBand("exceeded", "◎", "초과달성", D(120)), *PERFORMANCE_REPORT.bands[1:])
    new = GradingScheme(
        "x", 2, date(2021, 1, 1), new_bands, PERFORMANCE_REPORT.not_rated, "not_achieved"
    )
    registry.register(old)
    registry.register(new)
    assert registry.get("x", date(2020, 6, 1)).version == 1
    assert registry.get("x", date(2022, 6, 1)).version == 2
    assert grade(D(125), registry.get("x", date(2022, 1, 1))).mark == "◎"
    assert grade(D(125), registry.get("x", date(2020, 1, 1))).mark == "○"
    with pytest.raises(KeyError):
        registry.get("x", date(2010, 1, 1))
    with pytest.raises(ValueError):
        registry.register(old)


def test_default_registry_holds_the_three_schemes():
    assert REGISTRY.names() == ["performance_report", "sustainability_plan", "traffic_light"]
    assert REGISTRY.get("performance_report", date(2024, 1, 1)) is PERFORMANCE_REPORT


def test_grade_explanation_names_scheme_version_and_boundaries():
    result = grade(D("131.4"), PERFORMANCE_REPORT)
    assert result.explanation.rule == "performance_report v1"
    assert "130% ≤ 달성률" in result.explanation.formula
    assert result.cell().text == "◎"
