"""A workbook in the official layouts (not seonggwa's own workbook) read into rows of cells.

Every worksheet's used range becomes rows (``part`` the sheet's name, ``table`` 1, ``row`` the
sheet's row number): a merged range's text in its first cell, the cells it covers empty;
formulas as their cached values (what the workbook shows when opened); numbers as the cell's
number format prints them — ``#,##0`` with thousands commas, ``0.00`` with two decimals,
``0%`` as a percentage, ``General`` without float noise (``12.0`` → ``12``, ``0.1+0.2`` →
``0.3``). A row with no text at all is a blank line, as in a text extraction. The title lines
a sheet starts with that repeat the first sheet's (the document's title and stamp, which
workbook writers put on every sheet) are left out, as a running header.

``.xlsx`` is read with openpyxl after the zip passed the import limits; an ``.xls`` (Excel
97–2003, an OLE file) is refused with how to save it as ``.xlsx`` (:func:`xls_refusal`).

Pure: no Django.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from io import BytesIO

from seonggwa.core.limits import InputRefused, Limits, zip_check

from .cells import CellDocument, CellRow, FileFormatError

__all__ = ["number_text", "read_sheet", "xls_refusal"]

_DECIMALS = re.compile(r"\.(0+|#+)")


def read_sheet(*, name: str, data: bytes, limits: Limits) -> CellDocument:
    """Every worksheet of an ``.xlsx`` workbook, in sheet order."""
    try:
        zip_check(data, limits, name=name)
    except InputRefused as exc:
        raise FileFormatError(str(exc)) from exc
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(BytesIO(data), data_only=True, read_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise FileFormatError(
            f"{name}: 엑셀 통합문서를 열 수 없습니다({type(exc).__name__}: {exc}). 엑셀에서 열어 "
            ".xlsx 로 다시 저장하세요."
        ) from exc
    document = CellDocument(name=name, format="xlsx")
    running: list[list[str]] | None = None  # the first sheet's leading title lines
    try:
        for sheet in workbook.worksheets:
            if sheet.max_row == 1 and sheet.max_column == 1 and sheet.cell(1, 1).value is None:
                continue  # an empty sheet (a chart's)
            width = sheet.max_column
            rows = [
                _row([_cell_text(c.value, c.number_format) for c in row], sheet.title, number)
                for number, row in enumerate(
                    sheet.iter_rows(min_row=1, max_row=sheet.max_row, max_col=width), start=1
                )
            ]
            titles = _leading_titles(rows)
            if running is None:
                running = titles
            else:
                rows = rows[_common_prefix(titles, running) :]
            document.rows.extend(rows)
    finally:
        workbook.close()
    return document


def _leading_titles(rows: list[CellRow]) -> list[list[str]]:
    """The one-cell rows a sheet starts with (its title lines), up to its first table row."""
    out: list[list[str]] = []
    for row in rows:
        if sum(1 for c in row.cells if c) > 1:
            break
        out.append(row.cells)
    return out


def _common_prefix(titles: list[list[str]], running: list[list[str]]) -> int:
    """How many of a sheet's leading title lines repeat the first sheet's — the document's
    title and stamp that a workbook writer puts at the top of every sheet, like a running
    header, which would otherwise read as rows of the table before them."""
    n = 0
    while n < min(len(titles), len(running)) and titles[n] == running[n]:
        n += 1
    return n


def xls_refusal(name: str) -> FileFormatError:
    """An Excel 97–2003 ``.xls`` workbook (an OLE file) is not read: no reader of that binary
    format is installed, and every Excel since 2007 saves ``.xlsx``."""
    return FileFormatError(
        f"{name}: 엑셀 97-2003 통합문서(.xls)는 바로 읽을 수 없습니다. 엑셀에서 열고 [파일] > "
        "[다른 이름으로 저장]에서 파일 형식을 'Excel 통합 문서(*.xlsx)'로 골라 저장한 뒤 그 "
        ".xlsx 파일을 가져오세요."
    )


def _row(cells: list[str], part: str, number: int) -> CellRow:
    """A sheet row; the empty cells after its last text are dropped (they are the sheet's
    used range, not the row's: a title in A1 is a line of its own, as in a text extraction)."""
    while cells and not cells[-1]:
        cells = cells[:-1]
    return CellRow(cells=cells, table=1, row=number, part=part)


def _cell_text(value: object, number_format: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float | Decimal):
        return number_text(value, number_format)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def number_text(value: float | int | Decimal, number_format: str = "General") -> str:
    """A number as its cell's format prints it (the positive section of the format; a
    negative sign is ``-``).

    >>> number_text(42535641, "#,##0;-#,##0"), number_text(-98.0), number_text(0.1 + 0.2)
    ('42,535,641', '-98', '0.3')
    >>> number_text(0.0, "0.00;-0.00"), number_text(0.955, "0.0%"), number_text(12.5, "0")
    ('0.00', '95.5%', '13')
    """
    try:  # a float as a spreadsheet shows it: 15 significant digits
        number = Decimal(f"{value:.15g}") if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        return str(value)
    if not number.is_finite():
        return str(value)
    section = (number_format or "General").split(";")[0]
    section = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.', "", section)  # quoted text, colours
    if section.strip().lower() in ("general", "", "@") or not re.search(r"[0#?]", section):
        return _plain(number)
    percent = "%" in section
    if percent:
        number *= 100
    match = _DECIMALS.search(section)
    places = len(match.group(1)) if match else 0
    optional = bool(match and match.group(1).startswith("#"))
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding="ROUND_HALF_UP")
    sign = "-" if rounded < 0 else ""
    text = f"{abs(rounded):,.{places}f}" if "," in section else f"{abs(rounded):.{places}f}"
    if optional and "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{sign}{text}{'%' if percent else ''}"


def _plain(number: Decimal) -> str:
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")
