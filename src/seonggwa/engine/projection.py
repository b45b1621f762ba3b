"""Early warning: the year-end value projected from the actuals of the months (or quarters)
so far, and whether it is heading below target.

A **cumulative** indicator (누계: each actual is the total to date) is projected linearly:
the total so far divided by the months it took, times the months of the year. A **rate or
level** indicator (a percentage, a score, a count that is not summed) is projected from its
latest actual (``latest``, the default) or from the mean of the actuals so far
(``average``). The direction decides what "below target" means: under the target for
higher-is-better indicators, over it for lower-is-better ones. Indicators graded by bands,
stages or a committee are not projected, and a period without an actual is no data, never
0.

>>> p = project_year_end([Observation(3, Decimal("30")), Observation(6, Decimal("55"))],
...                      cumulative=True, lower_is_better=False, target=Decimal("120"))
>>> p.value, p.status.value
(Decimal('110.0'), 'at_risk')
>>> p.text
'누계 55 (6개월) ÷ 6 × 12 = 110.0 → 목표 120에 못 미칠 전망'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from seonggwa.engine.cells import Explanation, plain_decimal
from seonggwa.engine.rounding import round_half_up

__all__ = [
    "Observation",
    "Projection",
    "ProjectionMethod",
    "ProjectionStatus",
    "months_elapsed",
    "project_year_end",
]

MONTHS = 12
PLACES = 1  # a projection is shown half-up to one decimal


class ProjectionMethod(StrEnum):
    LINEAR = "linear"  # cumulative: total so far ÷ months × 12
    LATEST = "latest"  # rate or level: the latest actual
    AVERAGE = "average"  # rate or level: the mean of the actuals so far


class ProjectionStatus(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"  # heading below target (over it, when lower is better)
    NO_TARGET = "no_target"  # projected, but no numeric target to compare with
    NO_DATA = "no_data"  # no actual of a month or quarter yet


@dataclass(frozen=True, slots=True)
class Observation:
    """One actual of the year: ``months`` is how many months of the year it covers (March
    and the first quarter are 3, June and the second quarter 6)."""

    months: int
    value: Decimal


@dataclass(frozen=True, slots=True)
class Projection:
    value: Decimal | None
    status: ProjectionStatus
    method: ProjectionMethod | None
    text: str  # how the projection was made, in Korean, for the page
    explanation: Explanation

    @property
    def at_risk(self) -> bool:
        return self.status is ProjectionStatus.AT_RISK


def months_elapsed(quarter: int, month: int) -> int | None:
    """The months of the year an actual of a month (``month`` 1–12) or a quarter
    (``quarter`` 1–4) covers; None for the year's own actual (nothing to project).

    >>> months_elapsed(0, 5), months_elapsed(2, 0), months_elapsed(0, 0)
    (5, 6, None)
    """
    if month:
        return month
    if quarter:
        return quarter * 3
    return None


def _n(value: Decimal) -> str:
    return plain_decimal(value)


def project_year_end(
    observations: Iterable[Observation],
    *,
    cumulative: bool,
    lower_is_better: bool,
    target: Decimal | None,
    method: ProjectionMethod | None = None,
) -> Projection:
    """Project the year-end value from this year's monthly or quarterly actuals and compare
    it with ``target``. ``method`` defaults to ``linear`` for cumulative indicators and
    ``latest`` for the others (``average`` may be asked for instead); ``linear`` needs a
    cumulative indicator. Observations of the same months keep the last one given."""
    by_month: dict[int, Decimal] = {}
    for obs in observations:
        if not 1 <= obs.months <= MONTHS:
            raise ValueError(f"months must be 1–12, not {obs.months}")
        by_month[obs.months] = obs.value
    if method is None:
        method = ProjectionMethod.LINEAR if cumulative else ProjectionMethod.LATEST
    if method is ProjectionMethod.LINEAR and not cumulative:
        raise ValueError("a linear projection needs a cumulative indicator")
    if not by_month:
        reason = "올해 월·분기 실적이 없어 전망할 수 없습니다"
        return Projection(None, ProjectionStatus.NO_DATA, None, reason, Explanation(reason))
    last = max(by_month)
    if method is ProjectionMethod.LINEAR:
        so_far = by_month[last]
        value = round_half_up(so_far / last * MONTHS, PLACES)
        how = f"누계 {_n(so_far)} ({last}개월) ÷ {last} × {MONTHS} = {value}"
        explanation = Explanation(
            "연말 전망 = 누계 실적 ÷ 경과 개월 × 12",
            {"누계 실적": _n(so_far), "경과 개월": str(last)},
            "linear, half-up",
        )
    elif method is ProjectionMethod.LATEST:
        value = round_half_up(by_month[last], PLACES)
        how = f"최근 실적 {_n(by_month[last])} ({last}개월 시점)을 연말까지 유지 = {value}"
        explanation = Explanation(
            "연말 전망 = 최근 실적", {"최근 실적": _n(by_month[last]), "시점(개월)": str(last)}
        )
    else:
        values = [by_month[m] for m in sorted(by_month)]
        exact = sum(values, Decimal(0)) / len(values)
        value = round_half_up(exact, PLACES)
        how = f"실적 {len(values)}개의 평균 {value}"
        explanation = Explanation(
            "연말 전망 = 실적의 평균",
            {"합계": _n(sum(values, Decimal(0))), "개수": str(len(values))},
            "half-up",
        )
    if target is None:
        return Projection(
            value, ProjectionStatus.NO_TARGET, method, f"{how} (비교할 목표 없음)", explanation
        )
    explanation = Explanation(
        explanation.formula, {**explanation.inputs, "목표": _n(target)}, explanation.rule
    )
    short = value > target if lower_is_better else value < target
    if short:
        verdict = (
            f"목표 {_n(target)}을(를) 넘을 전망 (낮을수록 좋음)"
            if lower_is_better
            else f"목표 {_n(target)}에 못 미칠 전망"
        )
        return Projection(
            value, ProjectionStatus.AT_RISK, method, f"{how} → {verdict}", explanation
        )
    return Projection(
        value,
        ProjectionStatus.ON_TRACK,
        method,
        f"{how} → 목표 {_n(target)} 달성 전망",
        explanation,
    )
