"""The report model: plain data that every writer (xlsx, PDF, HWPX, HTML, CSV) only reads.

A :class:`Report` holds tables whose cells carry the value, the text as printed and an
explanation of how the value was computed (the mis-builder habit), so every format shows
the same figures. Money is already converted to the report's display unit here; writers
never round.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class CellKind(StrEnum):
    TEXT = "text"
    INT = "int"  # counts, money in 원 or 백만원 (#,##0)
    DECIMAL = "decimal"  # shares, rates (0.00)
    MARK = "mark"  # ◎ ○ × -


@dataclass(frozen=True, slots=True)
class Formula:
    """A computed cell whose spreadsheet formula can be written.

    ``op``: ``sum`` (the column over the table's data rows), ``diff`` (column ``a`` − column
    ``b`` in the same row), ``share`` (this row's column ``a`` ÷ Σ column ``a`` × 100,
    rounded to ``places``).
    """

    op: str
    a: int = -1
    b: int = -1
    places: int = 2


@dataclass(slots=True)
class TableCell:
    """One cell of a report table: the value, its printed text and how it was computed.
    (Not the engine's :class:`seonggwa.engine.cells.Cell`, which a builder turns into these.)"""

    value: Decimal | int | str | None
    text: str
    kind: CellKind = CellKind.TEXT
    places: int = 0
    explanation: str = ""
    formula: Formula | None = None

    @property
    def is_number(self) -> bool:
        return self.kind in (CellKind.INT, CellKind.DECIMAL) and isinstance(
            self.value, int | Decimal
        )


@dataclass(frozen=True, slots=True)
class HeaderCell:
    text: str
    col: int
    colspan: int = 1
    rowspan: int = 1


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: str  # flattened label (CSV header, accessibility)
    kind: CellKind = CellKind.TEXT
    width: int = 0  # preferred width in "narrow characters"; 0 = from content
    internal: bool = False  # for signed-in users only (statuses, explanations): not public


def one_row_header(columns: list[Column]) -> list[list[HeaderCell]]:
    """The header of a table whose header is its columns' labels, one row, no merged cells."""
    return [[HeaderCell(c.label, i) for i, c in enumerate(columns)]]


class RowKind(StrEnum):
    TOTAL = "total"
    DATA = "data"
    GROUP = "group"  # a section line inside a table (e.g. a perspective)


@dataclass(slots=True)
class Row:
    cells: list[TableCell]
    kind: RowKind = RowKind.DATA


@dataclass(slots=True)
class Table:
    key: str  # stable file-name key: plan_summary, plan_detail, ...
    title: str  # "가. 총괄"
    unit_line: str  # "(단위:개, 백만원)"
    columns: list[Column]
    header_rows: list[list[HeaderCell]]
    rows: list[Row] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    legend: str = ""
    repeat_header: bool = True
    heading: str = ""  # section heading printed above (e.g. the BSC sheet's owner title)

    def data_rows(self) -> list[Row]:
        return [r for r in self.rows if r.kind is RowKind.DATA]

    def column_index(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)

    def drop_column(self, index: int) -> None:
        """Remove column ``index`` with its cells and header cells (spans shrink)."""
        del self.columns[index]
        for row in self.rows:
            del row.cells[index]
        self.header_rows = [
            [
                HeaderCell(
                    h.text,
                    h.col - (h.col > index),
                    h.colspan - (h.col <= index < h.col + h.colspan),
                    h.rowspan,
                )
                for h in header
                if not (h.col == index and h.colspan == 1)
            ]
            for header in self.header_rows
        ]


class ChartKind(StrEnum):
    STACKED_BAR = "stacked_bar"
    BAR = "bar"
    LINE = "line"


@dataclass(slots=True)
class Series:
    name: str
    values: list[Decimal | None]


@dataclass(slots=True)
class Chart:
    key: str
    title: str
    kind: ChartKind
    categories: list[str]
    series: list[Series]
    unit: str = ""
    colors: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Report:
    kind: str  # plan | report | bsc | indicator-cards | result
    title: str  # "3. 성과계획 총괄표"
    subtitle: str  # organisation · year
    organisation: str
    year: int
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    # the report's own notes (an overview, the rules applied), printed under the subtitle
    # and stamp (xlsx: under the first table; CSV carries the tables only)
    footnotes: list[str] = field(default_factory=list)
    legend: str = ""
    # which evaluation run the graded figures come from, its status and publication date
    # ("" for a document without grades); every writer prints it under the subtitle
    stamp: str = ""
    run_number: int | None = None

    @property
    def file_stem(self) -> str:
        run = f"_run{self.run_number}" if self.run_number is not None else ""
        return f"{self.organisation}_{self.year}_{self.kind}{run}"
