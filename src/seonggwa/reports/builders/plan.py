"""성과계획서 (report kind ``plan``): 가. 총괄 — counts and budgets per unit, the 계 row
first, an imported 총괄 reproduced as its document declared it — and 나. 성과계획 및
자원비중 with the units' shares of the budget, and a chart of those shares."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from seonggwa.engine.reconciliation import MoneyUnit, check_change, check_total

from ..model import (
    CellKind,
    Column,
    Formula,
    HeaderCell,
    Report,
    Row,
    RowKind,
    Table,
    TableCell,
    one_row_header,
)
from .cells import count, money, text, to_million
from .detail import detail_rows
from .summary import with_total_row
from .table_charts import share_chart
from .units import MONEY_KEYS, UnitFigures, declared_money, unit_money, units_collect, units_select

if TYPE_CHECKING:
    from seonggwa.sources.models import DeclaredFigure

    from ..selectors import ReportSource


def build_plan(report: Report, source: ReportSource, *, unit: str | None) -> None:
    """The 성과계획서 총괄표 of ``source``'s plan; ``unit`` keeps one 실국's rows (shares stay
    relative to the whole plan)."""
    units = units_collect(source, settlement=False)
    selected = units_select(units, unit)
    base = None
    if unit is not None:
        base = {u.name: to_million(u.detail_amount) for u in units if u.detail_amount is not None}
    summary = plan_summary_table(selected, source.declared)
    detail = plan_detail_table(selected, share_base=base)
    report.tables = [summary, detail]
    report.charts = [share_chart(detail, "실국별 자원비중 (예산액 기준)", "백만원")]


def _count_cell(uf: UnitFigures, key: str, computed: int, what: str) -> TableCell:
    if computed == 0 and key in uf.declared:
        return count(int(uf.declared[key]), f"{what}: 문서 기재값")
    return count(computed, what)


def plan_summary_table(units: list[UnitFigures], declared: Sequence[DeclaredFigure]) -> Table:
    """가. 총괄: one row per unit after the 계 row, budgets in 백만원; ``declared`` are the
    figures an imported document declared (reproduced as printed)."""
    columns = [
        Column("unit", "실국명", CellKind.TEXT),
        Column("strategic_goals", "전략목표수", CellKind.INT),
        Column("policy_goals", "정책사업목표 개수", CellKind.INT),
        Column("indicators", "지표수", CellKind.INT),
        Column("unit_programs", "단위사업수", CellKind.INT),
        Column("budget", "예산액", CellKind.INT),
        Column("previous_budget", "전년도예산액", CellKind.INT),
        Column("change", "비교증감", CellKind.INT),
    ]
    header = [
        [
            HeaderCell("실국명", 0, rowspan=3),
            HeaderCell("성과계획", 1, colspan=4),
            HeaderCell("예산액", 5, colspan=3),
        ],
        [
            HeaderCell("전략목표수", 1, rowspan=2),
            HeaderCell("정책사업목표", 2, colspan=2),
            HeaderCell("단위사업수", 4, rowspan=2),
            HeaderCell("예산액", 5, rowspan=2),
            HeaderCell("전년도예산액", 6, rowspan=2),
            HeaderCell("비교증감", 7, rowspan=2),
        ],
        [HeaderCell("개수", 2), HeaderCell("지표수", 3)],
    ]
    rows: list[Row] = []
    for uf in units:
        budget, b_src = unit_money(uf, "budget")
        prev, p_src = unit_money(uf, "previous_budget")
        b = to_million(budget) if budget is not None else None
        p = to_million(prev) if prev is not None else None
        change = b - p if b is not None and p is not None else None
        programs = len([x for x in uf.programs if x.kind == "unit"])
        rows.append(
            Row(
                [
                    text(uf.name),
                    _count_cell(uf, "strategic_goals", uf.goals, "전략목표 수"),
                    _count_cell(uf, "policy_goals", uf.policies, "정책사업목표 수"),
                    _count_cell(uf, "indicators", len(uf.indicators), "성과지표 수"),
                    _count_cell(uf, "unit_programs", programs, "단위사업 수"),
                    money(b, explanation=f"{b_src} ÷ 1,000,000, 반올림"),
                    money(p, explanation=f"{p_src} ÷ 1,000,000, 반올림"),
                    money(
                        change,
                        explanation="예산액 − 전년도예산액 (백만원, 표시값 기준)",
                        formula=Formula("diff", 5, 6),
                    ),
                ]
            )
        )
    table = with_total_row(
        Table(
            key="plan_summary",
            title="가. 총괄",
            unit_line="(단위:개, 백만원)",
            columns=columns,
            header_rows=header,
            rows=rows,
        ),
        diff=(7, 5, 6),
        negative="-",
    )
    return _as_declared(table, units, declared)


def _as_declared(
    table: Table, units: list[UnitFigures], figures: Sequence[DeclaredFigure]
) -> Table:
    """An imported 총괄 is reproduced as its document printed it: where the document
    declared a figure (unit rows and the 계 row), that figure is shown, as a value — the
    document's own arithmetic need not add up (R1, R2) — with the computed figure in the
    explanation when the two differ. Differences are the importer's findings (appendix)."""
    if not any(uf.declared for uf in units):
        return table
    totals = {f.key: f for f in figures if f.unit is None}
    by_name = {uf.name: uf for uf in units}
    for row in table.rows:
        if row.kind is RowKind.TOTAL:
            declared = {k: _declared_display(f) for k, f in totals.items()}
        else:
            uf = by_name.get(row.cells[0].text)
            declared = {k: _to_display(k, v) for k, v in uf.declared.items()} if uf else {}
        for i, col in enumerate(table.columns[1:], start=1):
            value = declared.get(col.key)
            if value is None:
                continue
            cell = row.cells[i]
            note = "문서 기재값" + (f" (계산값 {cell.text})" if cell.value != value else "")
            row.cells[i] = (
                money(value, explanation=note) if col.key in MONEY_KEYS else count(value, note)
            )
    _explain_declared_arithmetic(table)
    table.footnotes.append(
        "※ 가져온 문서의 기재값을 그대로 표시함 (계산값과의 차이는 부록의 검증 결과 참조)"
    )
    return table


def _explain_declared_arithmetic(table: Table) -> None:
    """Where a reproduced 총괄 does not add up, say so in the cell's explanation with the
    engine's own checks: the 계 row against the unit rows (R1, ``check_total``) and each
    비교증감 against 예산액 − 전년도예산액 (R2, ``check_change``), in 백만원. The printed
    figures are not touched."""
    data = table.data_rows()
    total = next((r for r in table.rows if r.kind is RowKind.TOTAL), None)
    keys = [c.key for c in table.columns]
    if total is not None:
        for i, col in enumerate(table.columns[1:], start=1):
            stated = total.cells[i].value
            if col.kind is not CellKind.INT or not isinstance(stated, int):
                continue
            values = [v if isinstance(v := r.cells[i].value, int) else None for r in data]
            found = check_total(
                label=col.label,
                stated=stated,
                stated_text=f"{stated:,}",
                values=values,
                money_unit=MoneyUnit.MILLION_WON if col.key in MONEY_KEYS else None,
                column=col.key,
            )
            _add_findings(total.cells[i], found)
    if {"budget", "previous_budget", "change"} <= set(keys):
        ib, ip, ic = keys.index("budget"), keys.index("previous_budget"), keys.index("change")
        for row in ([total] if total is not None else []) + data:
            b, pv, ch = (row.cells[ib].value, row.cells[ip].value, row.cells[ic].value)
            if isinstance(b, int) and isinstance(pv, int) and isinstance(ch, int):
                found = check_change(
                    unit=row.cells[0].text,
                    current=b,
                    previous=pv,
                    stated=ch,
                    stated_text=f"{ch:,}",
                    money_unit=MoneyUnit.MILLION_WON,
                )
                _add_findings(row.cells[ic], found)


def _add_findings(cell: TableCell, findings: list[Any]) -> None:
    if findings:
        cell.explanation = "; ".join([cell.explanation, *(f.message for f in findings)])


def _to_display(key: str, value: Decimal) -> int:
    return to_million(value) if key in MONEY_KEYS else int(value)


def _declared_display(fig: DeclaredFigure) -> int | None:
    value = declared_money(fig) if fig.key in MONEY_KEYS else fig.value
    return None if value is None else _to_display(fig.key, Decimal(value))


def plan_detail_table(
    units: list[UnitFigures], *, share_base: dict[str, int] | None = None
) -> Table:
    """나. 성과계획 및 자원비중: one row per indicator; amount and share on a unit's first row."""
    columns = [
        Column("strategic_goal", "전략목표명 (실국명)", CellKind.TEXT, 40),
        Column("policy_goal", "정책사업목표명", CellKind.TEXT, 40),
        Column("indicator", "성과지표명", CellKind.TEXT, 40),
        Column("amount", "예산액 (백만원)", CellKind.INT, 12),
        Column("share", "비중(%)", CellKind.DECIMAL, 9),
    ]
    header = one_row_header(columns)
    amounts = {
        uf.name: to_million(uf.detail_amount) for uf in units if uf.detail_amount is not None
    }
    denominator = Decimal(sum((share_base or amounts).values()))
    rows = detail_rows(
        units, amounts, share_base or amounts, mark=None, with_formula=share_base is None
    )
    return Table(
        key="plan_detail",
        title="나. 성과계획 및 자원비중",
        unit_line="(단위: 백만원, %)",
        columns=columns,
        header_rows=header,
        rows=rows,
        footnotes=[
            f"※ 비중 = 실국 예산액 ÷ 이 표의 예산액 합계({int(denominator):,}백만원) × 100, 소수 둘째 자리 반올림",
        ],
    )
