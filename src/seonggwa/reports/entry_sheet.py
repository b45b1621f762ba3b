"""The entry sheet a unit downloads for one period (XlsxWriter): one row per indicator with
its target and last year's actual, the actual and note cells unlocked where the row may be
changed, everything else locked by sheet protection; hidden columns carry the indicator, the
version read and the text as downloaded. The layout is ``importers.entry_sheet`` 's, which
reads the filled sheet back.

Text never becomes a formula: every text cell is written with ``write_string``, and text a
spreadsheet could take for one (``=``, ``+``, ``-``, ``@`` …) gets Excel's quote prefix, so
it stays text when someone edits the cell; an actual that is a plain number is a number."""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import xlsxwriter

from seonggwa.importers.entry_sheet import (
    COLUMNS,
    DATA_FIRST_ROW,
    EDITABLE,
    ENTRY_SHEET,
    HEADER_ROW,
    HIDDEN,
    INFO_SHEET,
    SHEET_FORMAT,
    SHEET_VERSION,
    TITLE_ROW,
    plain_number,
)
from seonggwa.importers.xlsx.schema import FORMULA_STARTS
from seonggwa.results.services import VALUE_EXAMPLES

from .xlsx import FONT, display_width

__all__ = ["entry_sheet_name", "entry_sheet_xlsx"]

WIDTHS = {"number": 5, "unit_of_measure": 10, "direction": 10, "status": 10, "refusal": 36}


def entry_sheet_name(plan: Any, period: Any) -> str:
    """The download's file name: ``2026_성과계획서_2026_실적입력.xlsx``."""
    kind = plan.get_kind_display().split(" (")[0].split("(")[-1].rstrip(")")
    return f"{plan.year}_{kind}_{period.key}_실적입력.xlsx".replace(" ", "_")


def entry_sheet_xlsx(
    *,
    plan: Any,
    period: Any,
    rows: Sequence[Any],
    user_label: str,
    now: datetime.datetime,
) -> bytes:
    """The workbook of ``rows`` (``results.selectors.EntryRow`` of one period)."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(
        buf,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    wb.set_properties({"title": f"{plan} {period.key} 실적 입력", "author": "seonggwa"})
    base = {"font_name": FONT, "font_size": 10, "border": 1, "valign": "vcenter"}
    styles: dict[tuple[str, bool, bool, int], Any] = {}

    def style(kind: str, *, unlocked: bool = False, quote: bool = False, places: int = -1) -> Any:
        key = (kind, unlocked, quote, places)
        if key not in styles:
            props: dict[str, Any] = {**base, "text_wrap": kind == "text"}
            if kind == "head":
                props.update(bold=True, align="center", bg_color="#E8EDF3", text_wrap=True)
            if kind == "number":
                # as many decimals as were typed (79.10 stays 79.10); ids without separators
                props["num_format"] = (
                    "0" if places < 0 else "#,##0" + ("." + "0" * places if places else "")
                )
            if unlocked:
                props.update(locked=False, bg_color="#FFF7D6")
            if quote:
                props["quote_prefix"] = True
            styles[key] = wb.add_format(props)
        return styles[key]

    ws = wb.add_worksheet(ENTRY_SHEET)
    title = wb.add_format({"font_name": FONT, "bold": True, "font_size": 14})
    note = wb.add_format({"font_name": FONT, "font_size": 9})
    ws.write_string(TITLE_ROW - 1, 0, f"{plan} · {period.key} 실적 입력", title)
    ws.write_string(
        TITLE_ROW,
        0,
        f"노란 칸(실적, 비고)만 고치세요. 실적은 문서에 쓰는 대로({VALUE_EXAMPLES}) 입력하고, "
        "저장한 파일을 실적 입력 화면에서 올리면 바뀐 내용을 확인한 뒤 반영합니다.",
        note,
    )
    keys = [key for _title, key in COLUMNS]
    for c, (header, _key) in enumerate(COLUMNS):
        ws.write_string(HEADER_ROW - 1, c, header, style("head"))
    widths = {key: max(display_width(header), WIDTHS.get(key, 12)) for header, key in COLUMNS}
    for r, row in enumerate(rows, start=DATA_FIRST_ROW - 1):
        actual = row.actual
        values: dict[str, Any] = {
            "number": r - DATA_FIRST_ROW + 2,
            "unit": row.indicator.owner.unit.name,
            "indicator": row.indicator.name,
            "unit_of_measure": row.indicator.unit_of_measure,
            "direction": str(row.indicator.get_direction_display()),
            "target": row.target.raw_text if row.target is not None else "",
            "previous": row.previous_actual.raw_text if row.previous_actual is not None else "",
            "status": str(actual.get_status_display()) if actual is not None else "입력 전",
            "actual": actual.raw_text if actual is not None else "",
            "note": actual.note if actual is not None else "",
            "refusal": row.refusal or "",
            "indicator_id": row.indicator.pk,
            "version": actual.version if actual is not None else None,
            "original": actual.raw_text if actual is not None else "",
            "original_note": actual.note if actual is not None else "",
        }
        for c, key in enumerate(keys):
            unlocked = key in EDITABLE and row.editable
            _write(ws, r, c, key, values[key], style, unlocked)
            if key not in HIDDEN and isinstance(values[key], str):
                widths[key] = min(max(widths[key], display_width(values[key]) + 2), 48)
    for c, key in enumerate(keys):
        options = {"hidden": True} if key in HIDDEN else {}
        ws.set_column(c, c, widths[key], None, options)
    ws.freeze_panes(HEADER_ROW, 3)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(HEADER_ROW - 1)
    ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})

    info = wb.add_worksheet(INFO_SHEET)
    for r, (key, value) in enumerate(
        [
            ("형식", SHEET_FORMAT),
            ("버전", SHEET_VERSION),
            ("계획번호", plan.pk),
            ("계획", str(plan)),
            ("기간", period.key),
            ("받은 사람", user_label),
            ("받은 시각", now.isoformat(timespec="seconds")),
        ]
    ):
        info.write_string(r, 0, key)
        if isinstance(value, int):
            info.write_number(r, 1, value)
        else:
            info.write_string(r, 1, value)
    info.hide()
    info.protect("")
    wb.close()
    return buf.getvalue()


def _write(ws: Any, r: int, c: int, key: str, value: Any, style: Any, unlocked: bool) -> None:
    number = plain_number(value) if key == "actual" and isinstance(value, str) else None
    if value is None or value == "":
        ws.write_blank(r, c, None, style("text", unlocked=unlocked))
    elif isinstance(value, int):
        ws.write_number(r, c, value, style("number", unlocked=unlocked))
    elif number is not None and Decimal(repr(float(number))) == number:
        places = max(0, -int(number.as_tuple().exponent))
        ws.write_number(r, c, float(number), style("number", unlocked=unlocked, places=places))
    else:
        text = str(value)
        ws.write_string(
            r, c, text, style("text", unlocked=unlocked, quote=text.startswith(FORMULA_STARTS))
        )
