"""HWPX writer (python-hwpx): the same tables as OWPML tables — header rows merged as in the
official layout and marked to repeat on each page, numbers right-aligned and marks and
header cells centred (paragraph alignment), A4 landscape, an automatic "page / total"
page-number field in the footer (``hp:autoNum`` PAGE and TOTAL_PAGE), charts as PNG
pictures. Characters XML 1.0 forbids (an ESC or VT in a stored name) are left out
(``engine.text.xml_safe``). The result must pass python-hwpx's schema validation (:func:`hwpx_validate`);
how Hancom Office renders it is not verified here."""

from __future__ import annotations

from typing import Any

from seonggwa.engine.text import xml_safe

from .charts import chart_png
from .html import column_weights
from .model import CellKind, Report, Table
from .xlsx import display_width

CONTENT_WIDTH_MM = 297 - 2 * 15  # A4 landscape minus margins
HWP_UNITS_PER_MM = 7200 / 25.4
HALF_CHAR = 500  # width of a narrow character at 10 pt, in HWPUNIT (Hangul counts 2)
LINE_HEIGHT = 1600  # 10 pt text at 160 % line spacing
CELL_PADDING = 282 + 200


def _doc_new() -> Any:
    from hwpx.document import HwpxDocument

    doc = HwpxDocument.new()
    doc.page.setup(
        paper_size="A4",
        orientation="landscape",
        margins_mm={"left": 15, "right": 15, "top": 15, "bottom": 15},
    )
    # a real field: hp:autoNum numType="PAGE" "/" hp:autoNum numType="TOTAL_PAGE"
    doc.page.set_page_number(format="page/total", position="BOTTOM_CENTER")
    return doc


def _aligned_para_pr(doc: Any, base: str, alignment: str, cache: dict[tuple[str, str], str]) -> str:
    """The id of a paragraph property like ``base`` with horizontal ``alignment`` (one
    per document and alignment: python-hwpx adds a new hh:paraPr on every call)."""
    key = (base, alignment)
    if key not in cache:
        header = doc.parts.headers[0]
        cache[key] = str(header.ensure_paragraph_format(base_para_pr_id=base, alignment=alignment))
    return cache[key]


def _write_table(doc: Any, table: Table, para_prs: dict[tuple[str, str], str]) -> None:
    if table.heading:
        doc.add_paragraph(xml_safe(table.heading))
    doc.add_paragraph(xml_safe(table.title))
    if table.unit_line:
        doc.add_paragraph(xml_safe(table.unit_line))
    ncols = len(table.columns)
    nhead = len(table.header_rows)
    nrows = nhead + len(table.rows)
    width = int(CONTENT_WIDTH_MM * HWP_UNITS_PER_MM)
    t = doc.add_table(nrows, ncols, width=width)
    weights = column_weights(table)
    t.set_column_widths(weights)
    # Texts first, written straight into each cell's hp:t (one pass: python-hwpx's
    # per-cell setter rebuilds the cell map every time, quadratic on a 420-row table);
    # cell addresses are stable before merging.
    texts: dict[tuple[int, int], str] = {}
    align: dict[tuple[int, int], str] = {}  # as the HTML/PDF: numbers right, marks centred
    for r, header_row in enumerate(table.header_rows):
        for h in header_row:
            texts[(r, h.col)] = xml_safe(h.text)
            align[(r, h.col)] = "CENTER"
    for i, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            if cell.text:
                texts[(nhead + i, c)] = xml_safe(cell.text)
                if cell.is_number:
                    align[(nhead + i, c)] = "RIGHT"
                elif cell.kind is CellKind.MARK:
                    align[(nhead + i, c)] = "CENTER"
    total_weight = sum(weights)
    col_units = [width * w // total_weight for w in weights]
    row_height = [LINE_HEIGHT + CELL_PADDING] * nrows
    for (r, c), value in texts.items():
        usable = max(col_units[c] - 1020, 1000)  # minus the cell's left and right margins
        lines = sum(
            -(-display_width(part) * HALF_CHAR // usable) or 1 for part in value.split("\n")
        )
        row_height[r] = max(row_height[r], lines * LINE_HEIGHT + CELL_PADDING)
    for tc in t.element.iter("{*}tc"):
        addr = tc.find("{*}cellAddr")
        key = (int(addr.get("rowAddr")), int(addr.get("colAddr")))
        size = tc.find("{*}cellSz")
        if size is not None:  # rows tall enough for their text (viewers may not grow them)
            size.set("height", str(row_height[key[0]]))
        if key in texts:
            node = next(tc.iter("{*}t"))
            node.text = texts[key]
            if key[0] < nhead:
                tc.set("header", "1")
        if key in align:
            para = next(tc.iter("{*}p"))
            base = para.get("paraPrIDRef", "0")
            para.set("paraPrIDRef", _aligned_para_pr(doc, base, align[key], para_prs))
    table_size = t.element.find("{*}sz")
    if table_size is not None:
        table_size.set("height", str(sum(row_height)))
    t.mark_dirty()
    for r, header_row in enumerate(table.header_rows):
        for h in header_row:
            if h.rowspan > 1 or h.colspan > 1:
                t.merge_cells(r, h.col, r + h.rowspan - 1, h.col + h.colspan - 1)
    if table.repeat_header:
        t.element.set("repeatHeader", "1")
    for line in ([table.legend] if table.legend else []) + table.footnotes:
        doc.add_paragraph(xml_safe(line))
    doc.add_paragraph("")


def report_hwpx(report: Report, *, charts: bool = True) -> bytes:
    doc = _doc_new()
    doc.add_paragraph(xml_safe(report.title))
    doc.add_paragraph(xml_safe(report.subtitle))
    if report.stamp:
        doc.add_paragraph(xml_safe(report.stamp))
    para_prs: dict[tuple[str, str], str] = {}
    for table in report.tables:
        _write_table(doc, table, para_prs)
    if charts:
        for chart in report.charts:
            doc.add_picture(chart_png(chart), "png", width_mm=240, height_mm=240 * 4 / 9)
    data: bytes = doc.to_bytes()
    return data


def hwpx_validate(data: bytes) -> list[str]:
    """Schema and package issues python-hwpx reports for ``data`` (empty = valid)."""
    import io

    from hwpx.document import HwpxDocument

    doc = HwpxDocument.open(io.BytesIO(data))
    report = doc.validate()
    return [str(i) for i in report.issues] if not report.ok else []
