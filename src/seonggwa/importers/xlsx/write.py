"""Write :class:`~seonggwa.importers.tables.PlanTables` as a seonggwa workbook (XlsxWriter).

Every text cell is written with ``write_string`` (never as a formula) and text that a
spreadsheet could take for a formula is prefixed (:func:`~.schema.neutralise`). Decimals are
written as numbers when a float holds them exactly, else as text, so reading back is exact.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

import xlsxwriter

from seonggwa.importers.tables import PlanTables
from seonggwa.importers.xlsx.schema import (
    INFO_KEYS,
    INFO_SHEET,
    SHEETS,
    WORKBOOK_FORMAT,
    WORKBOOK_VERSION,
    neutralise,
)

__all__ = ["info_values", "write"]


def info_values(tables: PlanTables, *, organisation: str, year: int) -> dict[str, object]:
    doc = tables.document
    return {
        "형식": WORKBOOK_FORMAT,
        "버전": WORKBOOK_VERSION,
        "기관": organisation,
        "연도": year,
        "종류": tables.kind,
        "제목": tables.title,
        "원본파일": doc.file_name if doc else "",
        "원본형식": doc.format if doc else "",
        "원본SHA256": doc.sha256 if doc else "",
        "원본크기": doc.size if doc else None,
        "원본행수": doc.line_count if doc else None,
        "금액단위": doc.money_unit if doc else "",
    }


def _exact_float(value: Decimal) -> bool:
    return value.is_finite() and Decimal(repr(float(value))) == value


def _cell(sheet: Any, row: int, col: int, value: object, kind: str) -> None:
    if value is None or value == "":
        return
    if kind == "bool":
        sheet.write_boolean(row, col, bool(value))
    elif kind == "json":
        sheet.write_string(
            row, col, neutralise(json.dumps(value, ensure_ascii=False, sort_keys=True))
        )
    elif isinstance(value, Decimal):
        if _exact_float(value):
            sheet.write_number(row, col, float(value))
        else:
            sheet.write_string(row, col, neutralise(format(value, "f")))
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, int):
        sheet.write_number(row, col, value)
    else:
        sheet.write_string(row, col, neutralise(str(value)))


def write(
    tables: PlanTables, target: str | Path | IO[bytes], *, organisation: str, year: int
) -> None:
    """Write the workbook to a path or a binary file object."""
    workbook = xlsxwriter.Workbook(
        target if isinstance(target, str) else str(target) if isinstance(target, Path) else target,
        {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False},
    )
    try:
        bold = workbook.add_format({"bold": True})
        info = workbook.add_worksheet(INFO_SHEET)
        info.write_string(0, 0, "항목", bold)
        info.write_string(0, 1, "값", bold)
        values = info_values(tables, organisation=organisation, year=year)
        for r, key in enumerate(INFO_KEYS, start=1):
            info.write_string(r, 0, key)
            _cell(info, r, 1, values[key], "str" if isinstance(values[key], str) else "int")
        info.set_column(0, 0, 14)
        info.set_column(1, 1, 60)
        for sheet_name, (attr, columns) in SHEETS.items():
            sheet = workbook.add_worksheet(sheet_name)
            sheet.write_string(0, 0, "번호", bold)
            for c, (header, _a, _k) in enumerate(columns, start=1):
                sheet.write_string(0, c, header, bold)
            sheet.freeze_panes(1, 0)
            for r, row in enumerate(getattr(tables, attr), start=1):
                sheet.write_number(r, 0, r)
                for c, (_h, name, kind) in enumerate(columns, start=1):
                    value = getattr(row, name)
                    if kind == "ref":
                        value = None if value is None else value + 1
                    _cell(sheet, r, c, value, kind)
    finally:
        workbook.close()
