"""Charts drawn from a built table: the share of each unit (자원비중 / 재원비중) and the
distribution of marks per unit (성과보고서 총괄)."""

from __future__ import annotations

from decimal import Decimal

from ..model import Chart, ChartKind, RowKind, Series, Table

MARK_COLORS = ["#1f6fb2", "#4caf50", "#e4572e"]


def share_chart(table: Table, title: str, unit_money: str) -> Chart:
    """A bar per unit of the table's ``share`` column (the units' first rows)."""
    i_amount = table.column_index("amount")
    i_share = table.column_index("share")
    cats: list[str] = []
    values: list[Decimal | None] = []
    for r in table.rows:
        v = r.cells[i_share].value
        if isinstance(v, Decimal):
            label = r.cells[0].text
            cats.append(label[label.rfind("(") + 1 : -1] if label.endswith(")") else label)
            values.append(v)
    del i_amount
    return Chart(
        key="shares",
        title=title,
        kind=ChartKind.BAR,
        categories=cats,
        series=[Series("비중(%)", values)],
        unit="%",
    )


def grade_chart(table: Table) -> Chart:
    """Stacked bars of 초과달성 / 달성 / 미달성 per unit of a 성과보고서 총괄."""
    data = [
        r
        for r in table.rows
        if r.kind is RowKind.DATA and isinstance(r.cells[3].value, int) and r.cells[3].value > 0
    ]
    return Chart(
        key="grades",
        title="실국별 성과달성도 분포",
        kind=ChartKind.STACKED_BAR,
        categories=[r.cells[0].text for r in data],
        series=[
            Series(label, [Decimal(r.cells[i].value) for r in data])  # type: ignore[arg-type]
            for i, label in ((4, "초과달성"), (5, "달성"), (6, "미달성"))
        ],
        unit="개",
        colors=MARK_COLORS,
    )
