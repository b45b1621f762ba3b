"""A document file as rows of cells with where each row came from: the one shape every file
format (HWPX, PDF, spreadsheet) is read into before the text parsers see it.

The text parsers (``importers.plan``, ``importers.report``, ``importers.bsc2009``,
``importers.bsc_detail``) read TAB-separated lines, the shape of a text extraction. A file
reader turns its file into a :class:`CellDocument`; :meth:`CellDocument.text` joins it into
such lines (one line per table row or paragraph, cells TAB-separated, tables separated by a
blank line), and :meth:`CellDocument.where` tells, for a line of that text, the page, table,
row and column it came from, so that a finding at line 12 can say "3쪽 표 2 5행".

Pure: no Django, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["CellDocument", "CellRow", "FileFormatError"]


class FileFormatError(Exception):
    """The file cannot be read as its format (damaged, scanned, encrypted, HWP binary…).
    The message is Korean, names the file and says what to do instead."""


@dataclass(slots=True)
class CellRow:
    """One table row (or one paragraph outside a table, ``table`` None) as printed.

    ``cells`` keep the printed text of each cell (a merged cell's text in its first cell,
    the cells it covers empty, as a text extraction writes them); line breaks inside a cell
    become a space. ``page`` (1-based) is None where the format has no pages (HWPX, xlsx
    give the sheet or section instead, see ``part``). ``table`` and ``row`` are 1-based
    within the page or part."""

    cells: list[str]
    page: int | None = None
    table: int | None = None
    row: int | None = None
    part: str = ""  # a sheet name or an HWPX section, where the format has them


@dataclass(slots=True)
class CellDocument:
    """A file read into rows, in reading order."""

    name: str
    format: str  # "hwpx", "pdf", "xlsx", "xls"
    rows: list[CellRow] = field(default_factory=list)
    pages: int | None = None
    _where: list[str] | None = field(default=None, init=False, repr=False, compare=False)

    def _layout(self) -> list[tuple[str, CellRow | None]]:
        """Each text line with the row it came from (None for a separator line)."""
        out: list[tuple[str, CellRow | None]] = []
        previous: tuple[int | None, int | None, str] | None = None
        for row in self.rows:
            key = (row.page, row.table, row.part)
            changed = previous is not None and key != previous and out and out[-1][0] != ""
            # a table ends (or a paragraph follows one): a blank line, as extractions have
            if changed and (row.table is None or (previous is not None and previous[1])):
                out.append(("", None))
            out.append(("\t".join(_clean(c) for c in row.cells), row))
            previous = key
        return out

    def lines(self) -> list[str]:
        """The text lines (TAB-separated cells), one per row; a blank line after a table."""
        return [text for text, _ in self._layout()]

    def text(self) -> str:
        return "\n".join(self.lines()) + "\n"

    def where(self, line: int | None) -> str:
        """Where line ``line`` (1-based, of :meth:`text`) came from, in Korean
        ("3쪽 표 2 5행", "시트 '총괄' 4행"); "" when unknown."""
        if self._where is None:  # built once: a document's findings each ask
            self._where = [_where(row, self.format) for _, row in self._layout()]
        if line is None or not 1 <= line <= len(self._where):
            return ""
        return self._where[line - 1]


def _where(row: CellRow | None, fmt: str) -> str:
    if row is None:
        return ""
    parts: list[str] = []
    if row.part:
        parts.append(f"시트 '{row.part}'" if fmt in ("xlsx", "xls") else row.part)
    if row.page is not None:
        parts.append(f"{row.page}쪽")
    if row.table is not None:
        parts.append(f"표 {row.table}")
        if row.row is not None:
            parts.append(f"{row.row}행")
    return " ".join(parts)


def _clean(cell: str) -> str:
    """A cell's text on one line: TABs and line breaks become spaces, runs of spaces one."""
    return " ".join(cell.replace("\t", " ").split())
