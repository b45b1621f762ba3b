"""Aggregation: roll-ups of unit rows, means and the share of indicators meeting target
(R13, R15, R17). Plain data in, explained cells out; "no data" is skipped, never 0.

>>> mean([Decimal("82.83"), Decimal("87.62")], places=2).text
'85.23'
>>> share_meeting_target([True, True, False, None]).text
'66.7%'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from seonggwa.engine.cells import Cell, CellStatus, Explanation, plain_decimal
from seonggwa.engine.rounding import round_half_up

__all__ = [
    "UnitSummary",
    "competition_ranks",
    "mean",
    "mean_of_means",
    "meets_target",
    "rollup",
    "share_meeting_target",
]

HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class UnitSummary:
    """One row of a summary table (a unit, or a roll-up of units)."""

    name: str
    strategic_goals: int = 0
    policy_goals: int = 0
    indicators: int = 0
    unit_programs: int = 0
    grade_counts: dict[str, int] = field(default_factory=dict)
    budget: Decimal = Decimal(0)
    previous_budget: Decimal = Decimal(0)
    settlement: Decimal = Decimal(0)
    previous_settlement: Decimal = Decimal(0)

    @property
    def budget_change(self) -> Decimal:
        return self.budget - self.previous_budget

    @property
    def settlement_change(self) -> Decimal:
        return self.settlement - self.previous_settlement


# ---------------------------------------------------------------- roll-ups ----------------


def rollup(name: str, units: Iterable[UnitSummary]) -> UnitSummary:
    """Sum unit rows into one row (an organisation, or the "계" row). Associative, so a
    roll-up of roll-ups equals the roll-up of all units."""
    items = list(units)
    grades: Counter[str] = Counter()
    for u in items:
        grades.update(u.grade_counts)
    return UnitSummary(
        name=name,
        strategic_goals=sum(u.strategic_goals for u in items),
        policy_goals=sum(u.policy_goals for u in items),
        indicators=sum(u.indicators for u in items),
        unit_programs=sum(u.unit_programs for u in items),
        grade_counts=dict(grades),
        budget=sum((u.budget for u in items), Decimal(0)),
        previous_budget=sum((u.previous_budget for u in items), Decimal(0)),
        settlement=sum((u.settlement for u in items), Decimal(0)),
        previous_settlement=sum((u.previous_settlement for u in items), Decimal(0)),
    )


# ---------------------------------------------------------------- means, shares -----------


def mean(
    values: Iterable[Decimal | None], places: int | None = None, *, label: str = "평균"
) -> Cell:
    """Arithmetic mean of the present values (None = excluded, never 0); half-up to
    ``places`` for the value when given (consignment averages: 2)."""
    items = list(values)
    present = [v for v in items if v is not None]
    excluded = len(items) - len(present)
    if not present:
        return Cell.missing(CellStatus.NO_DATA, f"{label}: 값이 없습니다.")
    total = sum(present, Decimal(0))
    exact = total / len(present)
    value = exact if places is None else round_half_up(exact, places)
    inputs = {"합계": str(total), "개수": str(len(present))}
    if excluded:
        inputs["제외"] = str(excluded)
    return Cell(
        value,
        str(value),
        CellStatus.OK,
        Explanation(
            formula=f"{label} = Σ값 ÷ 개수",
            inputs=inputs,
            rule="half-up" if places is not None else "",
        ),
    )


def mean_of_means(
    groups: Mapping[str, Sequence[Decimal | None]], places: int = 1
) -> tuple[dict[str, Cell], Cell]:
    """R13: each group's mean, and the overall value as the mean of the group means (not
    the pooled mean). Group means enter the overall mean unrounded; both are shown
    half-up to ``places``."""
    cells: dict[str, Cell] = {}
    exact: dict[str, Decimal] = {}
    for name, values in groups.items():
        cell = mean(values, label=f"{name} 평균")
        if isinstance(cell.value, Decimal):
            exact[name] = cell.value
            shown = round_half_up(cell.value, places)
            cells[name] = Cell(shown, str(shown), CellStatus.OK, cell.explanation)
        else:
            cells[name] = cell
    if not exact:
        return cells, Cell.missing(CellStatus.NO_DATA, "전체: 값이 없습니다.")
    overall = sum(exact.values(), Decimal(0)) / len(exact)
    shown = round_half_up(overall, places)
    return cells, Cell(
        shown,
        str(shown),
        CellStatus.OK,
        Explanation(
            formula="전체 = 분야별 평균의 평균",
            inputs={k: plain_decimal(round_half_up(v, 4)) for k, v in exact.items()},
            rule="R13 mean of means, half-up",
        ),
    )


def share_meeting_target(results: Iterable[bool | None], places: int = 1) -> Cell:
    """R17: met ÷ applicable × 100; ``None`` marks an indicator that does not apply to the
    region (부분평가), so denominators differ by region."""
    applicable = [r for r in results if r is not None]
    if not applicable:
        return Cell.missing(CellStatus.NOT_EVALUATED, "해당 지표가 없습니다.")
    met = sum(1 for r in applicable if r)
    value = round_half_up(Decimal(met) * HUNDRED / len(applicable), places)
    return Cell(
        value,
        f"{value}%",
        CellStatus.OK,
        Explanation(
            formula="목표 달성 지표 수 ÷ 해당 지표 수 × 100",
            inputs={"달성": str(met), "해당": str(len(applicable))},
            rule="R17",
        ),
    )


def meets_target(achievement: Decimal | None) -> bool | None:
    """Whether an indicator met its target: an achievement rate of 100 % or more; ``None``
    (no rate: no data, not rated) counts in no denominator of :func:`share_meeting_target`.

    >>> meets_target(Decimal("100.0")), meets_target(Decimal("99.9")), meets_target(None)
    (True, False, None)
    """
    return None if achievement is None else achievement >= HUNDRED


def competition_ranks(values: Sequence[Decimal | None]) -> list[int | None]:
    """Ranks, highest first; equal values share a rank (1, 2, 2, 4); no value, no rank.

    >>> competition_ranks([Decimal(5), None, Decimal(7), Decimal(5)])
    [2, None, 1, 2]
    """
    first: dict[Decimal, int] = {}
    for n, v in enumerate(sorted((v for v in values if v is not None), reverse=True), start=1):
        first.setdefault(v, n)
    return [None if v is None else first[v] for v in values]
