"""The year-end projection (early warning): linear for cumulative indicators, the latest
actual or the mean for rates and levels, direction-aware, no data never 0."""

from decimal import Decimal

import pytest

from seonggwa.engine.projection import (
    Observation,
    ProjectionMethod,
    ProjectionStatus,
    months_elapsed,
    project_year_end,
)

D = Decimal


def obs(*pairs: tuple[int, str]) -> list[Observation]:
    return [Observation(m, D(v)) for m, v in pairs]


@pytest.mark.parametrize(
    ("observations", "cumulative", "lower", "target", "method", "value", "status"),
    [
        # cumulative: total to date ÷ months × 12
        (obs((3, "30"), (6, "55")), True, False, "120", None, "110.0", "at_risk"),
        (obs((3, "30"), (6, "60")), True, False, "120", None, "120.0", "on_track"),
        (obs((9, "91")), True, False, "120", None, "121.3", "on_track"),
        # lower is better, cumulative (e.g. accidents): over the target is at risk
        (obs((6, "40")), True, True, "70", None, "80.0", "at_risk"),
        (obs((6, "30")), True, True, "70", None, "60.0", "on_track"),
        # rates: the latest actual, or the mean
        (obs((1, "80"), (2, "90"), (3, "96")), False, False, "95", None, "96.0", "on_track"),
        (
            obs((1, "80"), (2, "90"), (3, "96")),
            False,
            False,
            "95",
            ProjectionMethod.AVERAGE,
            "88.7",
            "at_risk",
        ),
        (obs((3, "12.5"), (6, "11.2")), False, True, "11", None, "11.2", "at_risk"),
        (obs((3, "12.5"), (6, "10.9")), False, True, "11", None, "10.9", "on_track"),
        # no target: projected, not judged
        (obs((6, "10")), True, False, None, None, "20.0", "no_target"),
    ],
)
def test_projection_by_kind_and_direction(
    observations, cumulative, lower, target, method, value, status
):
    p = project_year_end(
        observations,
        cumulative=cumulative,
        lower_is_better=lower,
        target=None if target is None else D(target),
        method=method,
    )
    assert p.value == D(value)
    assert p.status == ProjectionStatus(status)
    assert p.at_risk is (status == "at_risk")


def test_no_actual_is_no_data_not_zero():
    p = project_year_end([], cumulative=True, lower_is_better=False, target=D(100))
    assert p.value is None and p.status is ProjectionStatus.NO_DATA and p.method is None
    assert "실적이 없어" in p.text


def test_the_text_says_how_the_projection_was_made():
    p = project_year_end(obs((6, "55")), cumulative=True, lower_is_better=False, target=D(120))
    assert p.text == "누계 55 (6개월) ÷ 6 × 12 = 110.0 → 목표 120에 못 미칠 전망"
    assert p.explanation.inputs == {"누계 실적": "55", "경과 개월": "6", "목표": "120"}
    rate = project_year_end(obs((6, "12.5")), cumulative=False, lower_is_better=True, target=D(11))
    assert rate.text.startswith("최근 실적 12.5 (6개월 시점)")
    assert "낮을수록 좋음" in rate.text


def test_the_latest_month_decides_whatever_the_order_given():
    p = project_year_end(
        obs((9, "90"), (3, "10")), cumulative=False, lower_is_better=False, target=D(50)
    )
    assert p.value == D("90.0")


def test_a_linear_projection_needs_a_cumulative_indicator_and_months_1_to_12():
    with pytest.raises(ValueError):
        project_year_end(
            obs((3, "1")),
            cumulative=False,
            lower_is_better=False,
            target=None,
            method=ProjectionMethod.LINEAR,
        )
    with pytest.raises(ValueError):
        project_year_end(obs((13, "1")), cumulative=True, lower_is_better=False, target=None)


def test_months_elapsed_of_months_and_quarters():
    assert [months_elapsed(0, m) for m in (1, 12)] == [1, 12]
    assert [months_elapsed(q, 0) for q in (1, 4)] == [3, 12]
    assert months_elapsed(0, 0) is None


def test_decimal_precision_is_kept_until_the_half_up_rounding():
    # 1 ÷ 8 × 12 = 1.5 exactly: Decimal division, no float drift
    p = project_year_end(obs((8, "1")), cumulative=True, lower_is_better=False, target=D("1.5"))
    assert p.value == D("1.5") and p.status is ProjectionStatus.ON_TRACK
