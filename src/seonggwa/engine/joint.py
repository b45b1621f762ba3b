"""The joint evaluation of the 17 시·도 (지방자치단체 합동평가, domain.md §4.10, rule R17):
plain data in, explained cells out.

목표달성도 (quantitative) = the share of a region's *applicable* quantitative indicators
that met their target. An indicator's scope is set per peer group (시부 / 도부): 공통 (every
region of the group is evaluated on it), 부분 (only the regions the ministry names) or
none (the group is not evaluated on it), so the denominators differ by region.

>>> joint_achievement(13, 12).text
'92.3%'
>>> applies(Scope.PARTIAL, evaluated=False), applies(Scope.COMMON, evaluated=None)
(False, True)
>>> change_pp(Decimal("81.7"), Decimal("70.0")).text
'↑11.7%p'
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from seonggwa.engine.aggregation import competition_ranks
from seonggwa.engine.cells import Cell, CellStatus, Explanation, plain_decimal
from seonggwa.engine.rounding import round_half_up

__all__ = [
    "RegionTally",
    "Scope",
    "StepState",
    "applies",
    "change_pp",
    "group_average",
    "joint_achievement",
    "joint_share",
    "rank_regions",
    "step_state",
    "tally",
]

HUNDRED = Decimal(100)


class Scope(StrEnum):
    """An indicator's scope for one peer group."""

    COMMON = "common"  # 공통평가: every region of the group
    PARTIAL = "partial"  # 부분평가: only the regions evaluated on it
    NONE = "none"  # the group is not evaluated on it


def applies(scope: Scope | str, *, evaluated: bool | None) -> bool:
    """Whether an indicator counts in a region's denominator (R17): always under 공통, under
    부분 only when the region is marked evaluated, never under ``none``. Under 공통 a region
    marked not evaluated still counts (a 공통 indicator cannot be skipped)."""
    scope = Scope(scope)
    if scope is Scope.COMMON:
        return True
    if scope is Scope.PARTIAL:
        return evaluated is True
    return False


def joint_share(applicable: int, met: int) -> Decimal:
    """The exact share met ÷ applicable × 100 (unrounded), for averages over regions."""
    _check(applicable, met)
    return Decimal(met) * HUNDRED / Decimal(applicable)


def joint_achievement(applicable: int, met: int, places: int = 1) -> Cell:
    """R17: 목표달성도 = met ÷ applicable quantitative indicators × 100, half-up to
    ``places`` decimals; no applicable indicator gives no value (never 0)."""
    if applicable == 0 and met == 0:
        return Cell.missing(CellStatus.NOT_EVALUATED, "해당 정량지표가 없습니다.")
    value = round_half_up(joint_share(applicable, met), places)
    return Cell(
        value,
        f"{value}%",
        CellStatus.OK,
        Explanation(
            formula="목표 달성 정량지표 수 ÷ 해당 정량지표 수 × 100",
            inputs={"달성": str(met), "해당": str(applicable)},
            rule="R17",
        ),
    )


def _check(applicable: int, met: int) -> None:
    if applicable <= 0 or met < 0 or met > applicable:
        raise ValueError(
            f"달성 {met} / 해당 {applicable}: 0 ≤ 달성 ≤ 해당, 해당 > 0 이어야 합니다."
        )


@dataclass(frozen=True, slots=True)
class RegionTally:
    """A region's counts over the quantitative indicators (R17)."""

    region: str
    applicable: int
    met: int
    not_entered: int = 0  # applicable indicators without a met / not met yet

    @property
    def achievement(self) -> Cell:
        return joint_achievement(self.applicable, self.met)

    @property
    def share(self) -> Decimal | None:
        return joint_share(self.applicable, self.met) if self.applicable else None


def tally(region: str, rows: Iterable[tuple[Scope | str, bool | None, bool | None]]) -> RegionTally:
    """Count a region's quantitative indicators: each row is ``(scope for the region's group,
    evaluated, met)``. An applicable indicator without a result (``met`` None) is not in the
    denominator — it is counted as not entered, so a half-entered region is not understated."""
    applicable = met = missing = 0
    for scope, evaluated, was_met in rows:
        if not applies(scope, evaluated=evaluated):
            continue
        if was_met is None:
            missing += 1
            continue
        applicable += 1
        met += 1 if was_met else 0
    return RegionTally(region, applicable, met, missing)


def group_average(shares: Sequence[Decimal | None], places: int = 1) -> Cell:
    """The group average: the mean of the member regions' exact 목표달성도 (regions without a
    value are left out and said so), half-up to ``places``."""
    present = [s for s in shares if s is not None]
    if not present:
        return Cell.missing(CellStatus.NO_DATA, "목표달성도가 있는 시·도가 없습니다.")
    value = round_half_up(sum(present, Decimal(0)) / len(present), places)
    inputs = {"시·도": str(len(present))}
    if len(present) != len(shares):
        inputs["제외"] = str(len(shares) - len(present))
    return Cell(
        value,
        f"{value}%",
        CellStatus.OK,
        Explanation(formula="소속 시·도 목표달성도의 평균", inputs=inputs, rule="R17"),
    )


def change_pp(current: Decimal | None, previous: Decimal | None, places: int = 1) -> Cell:
    """The change from the previous year in percentage points (%p), "↑" up, "↓" down."""
    if current is None or previous is None:
        return Cell.missing(CellStatus.NO_DATA, "비교할 값이 없습니다.")
    diff = round_half_up(current - previous, places)
    arrow = "↑" if diff > 0 else "↓" if diff < 0 else ""
    return Cell(
        diff,
        f"{arrow}{abs(diff)}%p",
        CellStatus.OK,
        Explanation(
            formula="올해 − 전년 (%p)",
            inputs={"올해": plain_decimal(current), "전년": plain_decimal(previous)},
            rule="R17",
        ),
    )


def rank_regions(values: Sequence[Decimal | None]) -> list[int | None]:
    """Ranks within a group by the shown 목표달성도, highest first; equal values share a rank."""
    return competition_ranks(list(values))


class StepState(StrEnum):
    """Where a timeline step stands on a day: 예정 (upcoming), 진행 중 (current), 종료
    (ended); undated when the step has no dates."""

    UPCOMING = "upcoming"
    CURRENT = "current"
    ENDED = "ended"
    UNDATED = "undated"


def step_state(
    starts_on: datetime.date | None, ends_on: datetime.date | None, today: datetime.date
) -> StepState:
    """The state of a step running from ``starts_on`` to ``ends_on`` (both inclusive) on
    ``today``; a step with one date only runs that day.

    >>> d = datetime.date
    >>> [step_state(d(2020, 1, 1), d(2020, 2, 29), d(2020, m, 1)).value for m in (1, 3)]
    ['current', 'ended']
    >>> step_state(d(2020, 4, 1), d(2020, 4, 30), d(2020, 3, 31)).value
    'upcoming'
    >>> step_state(None, None, d(2020, 1, 1)).value
    'undated'
    """
    first = starts_on or ends_on
    last = ends_on or starts_on
    if first is None or last is None:
        return StepState.UNDATED
    if today < first:
        return StepState.UPCOMING
    if today > last:
        return StepState.ENDED
    return StepState.CURRENT
