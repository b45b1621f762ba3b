"""부록. 산출 근거: every computed figure of a report with how it was computed — the formula
and its inputs, as the cells carry them (for a report reading an evaluation run, the run's
stored explanations). One table, so every writer (xlsx, PDF, HTML, HWPX, CSV) prints it
without knowing about it."""

from __future__ import annotations

from ..model import CellKind, Column, Report, Row, RowKind, Table, one_row_header
from .cells import text

TITLE = "부록. 산출 근거"
KEY = "explanations"
_COMPUTED = (CellKind.INT, CellKind.DECIMAL, CellKind.MARK)


def _row_label(row: Row, columns: int) -> str:
    """What names a row: its text cells before the first figure (goal, unit, indicator …)."""
    names = []
    for cell in row.cells[:columns]:
        if cell.kind is not CellKind.TEXT:
            break
        if cell.text.strip():
            names.append(cell.text.strip())
    return " / ".join(names) or ("계" if row.kind is RowKind.TOTAL else "-")


def explanations_table(report: Report) -> Table | None:
    """One row per computed cell that carries an explanation, table by table; ``None`` when
    no cell does."""
    columns = [
        Column("table", "표", CellKind.TEXT, 18),
        Column("row", "행", CellKind.TEXT, 36),
        Column("column", "항목", CellKind.TEXT, 12),
        Column("value", "값", CellKind.TEXT, 10),
        Column("explanation", "산출 근거 (산식과 입력값)", CellKind.TEXT, 90),
    ]
    rows: list[Row] = []
    for table in report.tables:
        if table.key == KEY:
            continue
        title = f"{table.heading} · {table.title}" if table.heading else table.title
        for row in table.rows:
            label = _row_label(row, len(table.columns))
            for column, cell in zip(table.columns, row.cells, strict=False):
                if cell.kind not in _COMPUTED or not cell.explanation.strip():
                    continue
                rows.append(
                    Row(
                        [
                            text(title),
                            text(label),
                            text(column.label),
                            text(cell.text),
                            text(cell.explanation),
                        ]
                    )
                )
    if not rows:
        return None
    return Table(
        key=KEY,
        title=TITLE,
        unit_line="",
        columns=columns,
        header_rows=one_row_header(columns),
        rows=rows,
        footnotes=[
            "※ 각 수치의 산식과 입력값. 평가 회차를 읽은 문서는 회차에 저장된 설명을 그대로 옮김."
        ],
    )
