"""균형성과계획 (report kind ``bsc``): one BSC sheet per plan owner, as the 2009 sheets lay
it out — perspective, the parent organisation's goal, KPI and target, the owner's goal and
KPI, actuals of the two previous years, targets of this year and the next, weight, program
codes — with the weight total (R10) as a footnote."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..errors import ReportError
from ..model import CellKind, Column, HeaderCell, Report, Row, Table
from .cells import decimal, plain, text

if TYPE_CHECKING:
    from seonggwa.plans.models import Plan
    from seonggwa.results.selectors import PlanTree

    from ..selectors import ReportSource


def build_bsc(report: Report, source: ReportSource, *, unit: str | None) -> None:
    """The BSC sheets of ``source``'s plan; ``unit`` keeps the sheets of one unit or owner."""
    report.tables = bsc_tables(source.plan, source.tree, source.organisation, unit)
    if not report.tables:
        raise ReportError(f"'{unit}'의 BSC 시트가 없습니다.")


def bsc_tables(plan: Plan, tree: PlanTree, organisation: str, unit: str | None) -> list[Table]:
    """One sheet per owner (all, or those of the unit or owner named ``unit``)."""
    y = plan.year
    tables: list[Table] = []
    for n, owner_node in enumerate(tree.owners, start=1):
        owner = owner_node.owner
        if unit is not None and owner.unit.name != unit and str(owner) != unit:
            continue
        parent_label = organisation
        for g in owner_node.goals:
            for p in g.policies:
                for node in p.indicators:
                    if node.indicator.parent_owner_label:
                        parent_label = node.indicator.parent_owner_label
        columns = [
            Column("perspective", "관점", CellKind.TEXT, 14),
            Column("parent_goal", f"{parent_label} 전략목표", CellKind.TEXT, 22),
            Column("parent_kpi", f"{parent_label} 핵심성과지표", CellKind.TEXT, 18),
            Column("parent_target", f"{parent_label} 목표치", CellKind.TEXT, 9),
            Column("goal", "전략목표", CellKind.TEXT, 22),
            Column("kpi", "핵심성과지표", CellKind.TEXT, 22),
            Column("actual_2", f"실적치 {y - 2}년", CellKind.TEXT, 9),
            Column("actual_1", f"실적치 {y - 1}년", CellKind.TEXT, 9),
            Column("target_0", f"목표치 {y}년", CellKind.TEXT, 9),
            Column("target_1", f"목표치 {y + 1}년", CellKind.TEXT, 9),
            Column("unit", "단위", CellKind.TEXT, 6),
            Column("weight", "비중", CellKind.DECIMAL, 6),
            Column("codes", "주요사업 코드번호", CellKind.TEXT, 12),
        ]
        header = [
            [
                HeaderCell("관점", 0, rowspan=3),
                HeaderCell(parent_label, 1, colspan=3),
                HeaderCell(str(owner), 4, colspan=8),
                HeaderCell("주요사업 코드번호", 12, rowspan=3),
            ],
            [
                HeaderCell("전략목표", 1, rowspan=2),
                HeaderCell("핵심성과지표", 2, rowspan=2),
                HeaderCell("목표치", 3, rowspan=2),
                HeaderCell("전략목표", 4, rowspan=2),
                HeaderCell("핵심성과지표", 5, rowspan=2),
                HeaderCell("실적치", 6, colspan=2),
                HeaderCell("목표치", 8, colspan=2),
                HeaderCell("단위", 10, rowspan=2),
                HeaderCell("비중", 11, rowspan=2),
            ],
            [
                HeaderCell(f"{y - 2}년", 6),
                HeaderCell(f"{y - 1}년", 7),
                HeaderCell(f"{y}년", 8),
                HeaderCell(f"{y + 1}년", 9),
            ],
        ]
        rows: list[Row] = []
        seen_persp: set[object] = set()
        total_weight = Decimal(0)
        for g in owner_node.goals:
            first_goal = True
            for p in g.policies:
                for node in p.indicators:
                    ind = node.indicator
                    persp = ind.perspective or g.goal.perspective
                    persp_text = ""
                    if persp is not None and persp.pk not in seen_persp:
                        seen_persp.add(persp.pk)
                        persp_text = persp.name + (
                            f" ({plain(persp.weight)})" if persp.weight is not None else ""
                        )
                    vals = node.values_by_year

                    def raw(year: int, kind: str, vals: dict[int, dict[str, Any]] = vals) -> str:
                        # a year without a value is left blank, as the official sheets print
                        # it (a printed "-" is a value of its own, kept as its raw text), so
                        # the sheet imports back to the same values
                        v = vals.get(year, {}).get(kind)
                        return (
                            v.raw_text
                            if v is not None and v.raw_text
                            else ("" if v is None else str(v.value))
                        )

                    if ind.weight is not None:
                        total_weight += ind.weight
                    rows.append(
                        Row(
                            [
                                text(persp_text),
                                text(ind.parent_goal_text),
                                text(ind.parent_kpi_text),
                                text(ind.parent_target_text),
                                text(g.goal.name if first_goal else ""),
                                text(ind.name),
                                text(raw(y - 2, "actual")),
                                text(raw(y - 1, "actual")),
                                text(raw(y, "target")),
                                text(raw(y + 1, "target")),
                                text(ind.unit_of_measure),
                                decimal(
                                    ind.weight,
                                    0
                                    if ind.weight is None or ind.weight == ind.weight.to_integral()
                                    else 1,
                                    "가중치",
                                )
                                if ind.weight is not None
                                else text("-"),
                                text(ind.program_codes_raw),
                            ]
                        )
                    )
                    first_goal = False
        composition = owner.unit.composition
        tables.append(
            Table(
                key=f"bsc_{n}",
                title=f"{owner} 균형성과계획" + (f" {composition}" if composition else ""),
                unit_line="",
                columns=columns,
                header_rows=header,
                rows=rows,
                footnotes=[f"※ 비중 합계 {plain(total_weight)} (100이어야 함, R10)"],
            )
        )
    return tables
