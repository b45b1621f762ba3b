"""The detail tables' rows (나. 성과계획 및 자원비중, 나. 성과목표 및 재원비중): one row per
indicator under its strategic and policy goal, the unit's amount and share (R3,
``engine.reconciliation.shares``) on the unit's first row, and the mark for a 성과보고서."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from seonggwa.engine.reconciliation import shares

from ..model import CellKind, Formula, Row, TableCell
from .cells import blank, decimal, money, text
from .units import UnitFigures

if TYPE_CHECKING:
    from seonggwa.results.selectors import IndicatorNode

    from .marks import Marker


def _unit_suffix(goal_name: str, unit: str) -> str:
    return f"{goal_name} ({unit})"


def detail_rows(
    units: list[UnitFigures],
    amounts: dict[str, int],
    share_base: dict[str, int],
    *,
    mark: Marker | None,
    with_formula: bool,
    negative: str = "-",
) -> list[Row]:
    """The rows of a detail table, units in order; ``amounts`` in the display unit, shares
    of ``share_base`` (the whole plan's amounts when the rows are one unit's, then written as
    values, not formulas); ``mark`` (an indicator's mark and its explanation, from the run
    the report reads or computed, :mod:`.marks`) adds the 성과보고서 mark column."""
    amount_col = 3 if mark is None else 4
    # R3 (engine.reconciliation.shares): amount ÷ Σ amounts of the table (of the whole plan when
    # the rows are restricted to one unit) × 100, half-up to 2 decimals
    share_cells = shares(share_base, 2)
    denominator = sum(share_base.values())
    rows: list[Row] = []
    for uf in units:
        first_of_unit = True
        amount = amounts.get(uf.name)
        share_cell = share_cells.get(uf.name)
        share = (
            share_cell.value
            if share_cell is not None and isinstance(share_cell.value, Decimal)
            else None
        )
        for owner_node in uf.owners:
            for g in owner_node.goals:
                goal_label = _goal_label(g.goal, uf.name)
                first_of_goal = True
                policies = g.policies or []
                lines: list[tuple[Any, IndicatorNode | None]] = [
                    (p, n) for p in policies for n in (p.indicators or _NO_INDICATOR)
                ] or [(None, None)]
                last_policy: object = object()
                for policy_node, node in lines:
                    policy = policy_node.goal if policy_node is not None else None
                    cells = [
                        text(goal_label if first_of_goal else ""),
                        text(
                            _policy_label(policy)
                            if policy is not last_policy and policy is not None
                            else ""
                        ),
                        text(node.indicator.name if node is not None else ""),
                    ]
                    last_policy = policy
                    if mark is not None:
                        if node is not None:
                            shown, why = mark(node)
                            cells.append(TableCell(shown, shown, CellKind.MARK, explanation=why))
                        else:
                            cells.append(text(""))
                    if first_of_unit:
                        cells.append(
                            money(
                                amount,
                                negative=negative,
                                explanation="정책사업 금액 합계 (표시 단위, 반올림)",
                            )
                        )
                        cells.append(
                            decimal(
                                share,
                                2,
                                f"{amount:,} ÷ {denominator:,} × 100, 소수 둘째 자리 반올림 (R3)"
                                if amount is not None
                                else "",
                                Formula("share", amount_col, places=2)
                                if with_formula and amount is not None
                                else None,
                            )
                        )
                    else:
                        cells.extend([blank(), blank()])
                    rows.append(Row(cells))
                    first_of_goal = False
                    first_of_unit = False
    return rows


_NO_INDICATOR: list[IndicatorNode | None] = [None]


def _goal_label(goal: Any, unit: str) -> str:
    name = " ".join(goal.name.split())
    label = f"{goal.code}. {name}" if goal.code else name
    return _unit_suffix(label, unit)


def _policy_label(policy: Any) -> str:
    name = " ".join(policy.name.split())
    return f"{policy.code}. {name}" if policy.code else name
