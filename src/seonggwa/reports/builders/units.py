"""Per-unit (실국) figures for the 총괄 and detail tables of 성과계획서 and 성과보고서:
counts from the plan tree, money from the budget programs or, for a unit without programs
(an imported 총괄), from the figures its document declared."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..errors import ReportError
from .cells import MILLION

if TYPE_CHECKING:
    from seonggwa.plans.models import BudgetProgram
    from seonggwa.results.selectors import GoalNode, IndicatorNode, OwnerNode
    from seonggwa.sources.models import DeclaredFigure

    from ..selectors import ReportSource

#: The declared 총괄 figures that are money (원, or 백만원 as the document says).
MONEY_KEYS = {"budget", "previous_budget", "change", "settlement", "previous_settlement"}


@dataclass
class UnitFigures:
    name: str
    owners: list[OwnerNode] = field(default_factory=list)
    goals: int = 0
    policies: int = 0
    indicators: list[IndicatorNode] = field(default_factory=list)
    programs: list[BudgetProgram] = field(default_factory=list)
    declared: dict[str, Decimal] = field(default_factory=dict)
    detail_amount: Decimal | None = None  # policy-program amount (원) for 나. tables
    position: int = 0


def declared_money(fig: DeclaredFigure) -> Decimal | None:
    """A declared money figure in 원."""
    if fig.value is None:
        return None
    unit = (fig.money_unit or "").replace(" ", "")
    return Decimal(fig.value) * (MILLION if unit == "백만원" else 1)


def units_collect(source: ReportSource, *, settlement: bool) -> list[UnitFigures]:
    """Per unit (실국): counts from the plan tree, money from its budget programs, or — for
    a unit with no programs (an imported summary) — from the figures the document declared."""
    plan = source.plan
    units: dict[str, UnitFigures] = {}

    def unit_of(owner: Any) -> UnitFigures:
        name = owner.unit.name
        return units.setdefault(name, UnitFigures(name, position=len(units)))

    for owner_node in source.tree.owners:
        uf = unit_of(owner_node.owner)
        uf.owners.append(owner_node)
        for g in owner_node.goals:
            uf.goals += 1
            uf.policies += sum(1 for p in g.policies if p.goal is not None)
            for p in g.policies:
                uf.indicators.extend(p.indicators)
            amount = _goal_detail_amount(plan.kind, g, settlement=settlement)
            if amount is not None:
                uf.detail_amount = (uf.detail_amount or Decimal(0)) + amount
    for b in source.programs:
        unit_of(b.owner).programs.append(b)
    order: dict[str, int] = {}
    for fig in source.declared:
        if fig.unit is None:  # the 계 row
            continue
        uf = units.setdefault(fig.unit.name, UnitFigures(fig.unit.name, position=len(units)))
        order.setdefault(uf.name, len(order))
        v = declared_money(fig) if fig.key in MONEY_KEYS else fig.value
        if v is not None:
            uf.declared[fig.key] = Decimal(v)
    result = list(units.values())
    if order:  # the document's own row order when it declared one
        result.sort(key=lambda u: (order.get(u.name, len(order) + u.position), u.position))
    return result


def units_select(units: list[UnitFigures], unit: str | None) -> list[UnitFigures]:
    """The units a report shows: all, or the one named ``unit`` (a ReportError if none)."""
    known = {u.name for u in units}
    if unit is not None and unit not in known:
        raise ReportError(
            f"'{unit}' 실국이 이 계획에 없습니다. 가능한 실국: {', '.join(sorted(known))}"
        )
    return [u for u in units if unit is None or u.name == unit]


def _goal_detail_amount(plan_kind: str, goal_node: GoalNode, *, settlement: bool) -> Decimal | None:
    goal = goal_node.goal
    if goal.program_amount is not None and (plan_kind == "report" or not settlement):
        return Decimal(goal.program_amount)
    values = [
        b.settlement if settlement else b.budget
        for b in goal_node.budget_programs
        if (b.settlement if settlement else b.budget) is not None
    ]
    return sum((Decimal(v) for v in values), Decimal(0)) if values else None


def _sum_money(programs: list[BudgetProgram], attr: str) -> Decimal | None:
    values = [getattr(b, attr) for b in programs if getattr(b, attr) is not None]
    return sum((Decimal(v) for v in values), Decimal(0)) if values else None


def unit_money(uf: UnitFigures, attr: str) -> tuple[Decimal | None, str]:
    """A unit's amount in 원 and where it came from."""
    total = _sum_money(uf.programs, attr)
    if total is not None:
        return total, f"Σ 단위사업 {attr} ({len(uf.programs)}개, 원)"
    if attr in uf.declared:
        return uf.declared[attr], "문서 기재값"
    return None, "자료 없음"
