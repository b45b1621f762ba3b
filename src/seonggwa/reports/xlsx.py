"""xlsx writer (XlsxWriter): one worksheet per table, numbers as numbers, totals as formulas
with their computed values cached, frozen and repeated header rows, A4 landscape."""

from __future__ import annotations

import io
import re
import unicodedata
from decimal import Decimal
from typing import Any

from .charts import chart_png
from .model import CellKind, Formula, Report, RowKind, Table, TableCell

FONT = "맑은 고딕"


def display_width(text: str) -> int:
    """Width in narrow characters: Hangul and other wide characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def sheet_name(title: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\']", " ", title).strip()[:28] or "표"
    name, n = base, 2
    while name.lower() in used:
        name = f"{base[:26]}({n})"
        n += 1
    used.add(name.lower())
    return name


def _number(value: Any) -> float | int:
    return float(value) if isinstance(value, Decimal) else int(value)


def _formula(f: Formula, col: int, row: int, first: int, last: int) -> str:
    from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

    if f.op == "sum":
        c = xl_col_to_name(f.a)
        return f"=SUM({c}{first + 1}:{c}{last + 1})"
    if f.op == "diff":
        return f"={xl_rowcol_to_cell(row, f.a)}-{xl_rowcol_to_cell(row, f.b)}"
    if f.op == "share":
        c = xl_col_to_name(f.a)
        return f"=ROUND({c}{row + 1}/SUM({c}${first + 1}:{c}${last + 1})*100,{f.places})"
    raise ValueError(f"unknown formula {f.op}")


def report_xlsx(report: Report, charts: bool = True) -> bytes:
    import xlsxwriter  # here, not at the top: the other writers import display_width

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(
        buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False}
    )
    wb.set_properties(
        {
            "title": f"{report.title} ({report.subtitle})",
            "author": "seonggwa",
            "company": report.organisation,
            "comments": report.stamp,
        }
    )
    base = {"font_name": FONT, "font_size": 10, "border": 1, "valign": "vcenter"}
    fmt = {
        "title": wb.add_format({"font_name": FONT, "bold": True, "font_size": 14}),
        "subtitle": wb.add_format({"font_name": FONT, "bold": True, "font_size": 12}),
        "unit": wb.add_format({"font_name": FONT, "font_size": 9, "align": "right"}),
        "note": wb.add_format({"font_name": FONT, "font_size": 9}),
        "head": wb.add_format(
            {**base, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#E8EDF3"}
        ),
        "text": wb.add_format({**base, "text_wrap": True}),
        "mark": wb.add_format({**base, "align": "center"}),
    }
    num_fmt: dict[tuple[bool, str, int], Any] = {}

    def number_format(total: bool, negative: str, places: int) -> Any:
        key = (total, negative, places)
        if key not in num_fmt:
            pattern = "#,##0" if places == 0 else "0." + "0" * places
            code = f'{pattern};"△"{pattern}' if negative == "△" else f"{pattern};-{pattern}"
            num_fmt[key] = wb.add_format(
                {
                    **base,
                    "num_format": code,
                    "bold": total,
                    "bg_color": "#F4F6F9" if total else "#FFFFFF",
                }
            )
        return num_fmt[key]

    text_total = wb.add_format({**base, "bold": True, "bg_color": "#F4F6F9", "text_wrap": True})
    used: set[str] = set()
    for n, table in enumerate(report.tables):
        ws = wb.add_worksheet(sheet_name(table.title, used))
        # the report's own notes (e.g. the consignment overview) under its first table
        notes = report.footnotes if n == 0 else []
        _write_table(ws, report, table, fmt, number_format, text_total, notes)
    if charts and report.charts:
        ws = wb.add_worksheet(sheet_name("차트", used))
        row = 0
        for chart in report.charts:
            png = chart_png(chart)
            ws.insert_image(
                row,
                0,
                f"{chart.key}.png",
                {"image_data": io.BytesIO(png), "x_scale": 0.8, "y_scale": 0.8},
            )
            row += 24
        ws.set_landscape()
        ws.set_paper(9)
    wb.close()
    return buf.getvalue()


def _write_table(
    ws: Any,
    report: Report,
    table: Table,
    fmt: dict[str, Any],
    number_format: Any,
    text_total: Any,
    report_notes: list[str],
) -> None:
    ncols = len(table.columns)
    ws.write_string(0, 0, report.title, fmt["title"])
    line = table.heading or report.subtitle
    ws.write_string(1, 0, f"{line} · {report.stamp}" if report.stamp else line, fmt["note"])
    ws.write_string(2, 0, table.title, fmt["subtitle"])
    if table.unit_line:
        ws.write_string(3, ncols - 1, table.unit_line, fmt["unit"])
    top = 4
    # header rows with spans
    for r, header_row in enumerate(table.header_rows):
        for h in header_row:
            r0, c0 = top + r, h.col
            r1, c1 = r0 + h.rowspan - 1, c0 + h.colspan - 1
            if r1 > r0 or c1 > c0:
                ws.merge_range(r0, c0, r1, c1, h.text, fmt["head"])
            else:
                ws.write_string(r0, c0, h.text, fmt["head"])
    first_body = top + len(table.header_rows)
    ws.freeze_panes(first_body, 1 if ncols > 6 else 0)
    ws.repeat_rows(top, first_body - 1)
    data_idx = [i for i, r in enumerate(table.rows) if r.kind is RowKind.DATA]
    first_data = first_body + (data_idx[0] if data_idx else 0)
    last_data = first_body + (data_idx[-1] if data_idx else 0)
    widths = [max(4, c.width) for c in table.columns]
    for h_row in table.header_rows:
        for h in h_row:
            if h.colspan == 1:
                widths[h.col] = max(widths[h.col], min(display_width(h.text) + 2, 16))
    for i, row in enumerate(table.rows):
        excel_row = first_body + i
        total = row.kind is not RowKind.DATA
        for c, cell in enumerate(row.cells):
            _write_cell(
                ws, excel_row, c, cell, total, fmt, number_format, text_total, first_data, last_data
            )
            if table.columns[c].width == 0:
                widths[c] = max(widths[c], min(display_width(cell.text) + 2, 60))
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    end = first_body + len(table.rows) + 1
    for line in ([table.legend] if table.legend else []) + table.footnotes + report_notes:
        ws.write_string(end, 0, line, fmt["note"])
        end += 1
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.fit_to_pages(1, 0)
    ws.print_area(0, 0, max(end - 1, first_body), ncols - 1)
    ws.set_footer("&C&P / &N")


def _write_cell(
    ws: Any,
    r: int,
    c: int,
    cell: TableCell,
    total: bool,
    fmt: dict[str, Any],
    number_format: Any,
    text_total: Any,
    first_data: int,
    last_data: int,
) -> None:
    if cell.is_number:
        negative = "△" if "△" in cell.text else "-"
        style = number_format(total, negative, cell.places if cell.kind is CellKind.DECIMAL else 0)
        assert cell.value is not None and not isinstance(cell.value, str)
        if cell.formula is not None:
            ws.write_formula(
                r,
                c,
                _formula(cell.formula, c, r, first_data, last_data),
                style,
                _number(cell.value),
            )
        else:
            ws.write_number(r, c, _number(cell.value), style)
        return
    style = fmt["mark"] if cell.kind is CellKind.MARK else (text_total if total else fmt["text"])
    # write_string never makes a formula: text starting with = + - @ stays text
    ws.write_string(r, c, cell.text, style)
