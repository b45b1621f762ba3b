"""What the two 총괄 tables (성과계획서, 성과보고서) share: the 계 row, first, as the column
sums of the displayed unit rows (R1)."""

from __future__ import annotations

from ..model import CellKind, Formula, Row, RowKind, Table, TableCell
from .cells import blank, money, text


def with_total_row(table: Table, *, diff: tuple[int, int, int] | None, negative: str) -> Table:
    """Put the 계 row first: each numeric column is the sum of the unit rows (R1)."""
    cells: list[TableCell] = [text("계")]
    for i, col in enumerate(table.columns[1:], start=1):
        if diff is not None and i == diff[0]:
            continue
        values = [v for r in table.rows if isinstance(v := r.cells[i].value, int)]
        total = sum(values)
        cells.append(
            money(
                total,
                negative=negative,
                explanation=f"Σ {col.label} ({len(values)}개 행)",
                formula=Formula("sum", i),
            )
            if col.kind is CellKind.INT
            else blank()
        )
    if diff is not None:
        i, a, b = diff
        va, vb = cells[a].value, cells[b].value
        total_diff = va - vb if isinstance(va, int) and isinstance(vb, int) else None
        cells.insert(
            i,
            money(
                total_diff,
                negative=negative,
                explanation=f"{table.columns[a].label} − {table.columns[b].label}",
                formula=Formula("diff", a, b),
            ),
        )
    table.rows.insert(0, Row(cells, RowKind.TOTAL))
    return table
