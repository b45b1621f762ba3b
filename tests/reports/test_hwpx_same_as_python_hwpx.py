"""The HWPX writer writes the body as XML text beside a python-hwpx skeleton (for speed). This
checks it against the document python-hwpx itself builds from the same report (the writer as
it was before, kept here as the reference): every part of the package is the same but for
element ids (python-hwpx draws random ones) — merged header cells, alignments, row heights,
the rule that a table taller than a page flows (``treatAsChar``), escaping, tabs and line
breaks, the paragraph property ids, the pictures."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from typing import Any

import pytest

from seonggwa.engine.text import xml_safe
from seonggwa.reports.charts import chart_png
from seonggwa.reports.html import column_weights
from seonggwa.reports.hwpx import (
    CELL_PADDING,
    CONTENT_WIDTH_MM,
    HALF_CHAR,
    HWP_UNITS_PER_MM,
    LINE_HEIGHT,
    _doc_new,
    hwpx_validate,
    report_hwpx,
)
from seonggwa.reports.model import (
    CellKind,
    Chart,
    ChartKind,
    Column,
    HeaderCell,
    Report,
    Row,
    RowKind,
    Series,
    Table,
    TableCell,
)
from seonggwa.reports.xlsx import display_width


def _reference_table(doc: Any, table: Table, para_prs: dict[tuple[str, str], str]) -> None:
    """The former writer's table: python-hwpx's add_table, set_column_widths, merge_cells."""
    for line in [table.heading, table.title, table.unit_line]:
        if line or line == table.title:
            doc.add_paragraph(xml_safe(line))
    nhead = len(table.header_rows)
    nrows = nhead + len(table.rows)
    width = int(CONTENT_WIDTH_MM * HWP_UNITS_PER_MM)
    t = doc.add_table(nrows, len(table.columns), width=width)
    weights = column_weights(table)
    t.set_column_widths(weights)
    texts: dict[tuple[int, int], str] = {}
    align: dict[tuple[int, int], str] = {}
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
    col_units = [width * w // sum(weights) for w in weights]
    row_height = [LINE_HEIGHT + CELL_PADDING] * nrows
    for (r, c), value in texts.items():
        usable = max(col_units[c] - 1020, 1000)
        lines = sum(
            -(-display_width(part) * HALF_CHAR // usable) or 1 for part in value.split("\n")
        )
        row_height[r] = max(row_height[r], lines * LINE_HEIGHT + CELL_PADDING)
    for tc in t.element.iter("{*}tc"):
        addr = tc.find("{*}cellAddr")
        key = (int(addr.get("rowAddr")), int(addr.get("colAddr")))
        tc.find("{*}cellSz").set("height", str(row_height[key[0]]))
        if key in texts:
            next(tc.iter("{*}t")).text = texts[key]
            if key[0] < nhead:
                tc.set("header", "1")
        if key in align:
            para = next(tc.iter("{*}p"))
            pk = (para.get("paraPrIDRef", "0"), align[key])
            if pk not in para_prs:
                header = doc.parts.headers[0]
                para_prs[pk] = str(
                    header.ensure_paragraph_format(base_para_pr_id=pk[0], alignment=pk[1])
                )
            para.set("paraPrIDRef", para_prs[pk])
    t.element.find("{*}sz").set("height", str(sum(row_height)))
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


def _reference(report: Report, charts: bool) -> bytes:
    doc = _doc_new()
    for line in [report.title, report.subtitle] + ([report.stamp] if report.stamp else []):
        doc.add_paragraph(xml_safe(line))
    para_prs: dict[tuple[str, str], str] = {}
    for table in report.tables:
        _reference_table(doc, table, para_prs)
    if charts:
        for chart in report.charts:
            doc.add_picture(chart_png(chart), "png", width_mm=240, height_mm=240 * 4 / 9)
    data: bytes = doc.to_bytes()
    return data


def _parts(data: bytes) -> list[tuple[str, bytes | str]]:
    """The package's parts in order, XML with element ids (random in python-hwpx) blanked."""
    out: list[tuple[str, bytes | str]] = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            raw = z.read(name)
            if name.endswith((".xml", ".hpf", ".rdf")):
                out.append((name, re.sub(r'\b(id|idRef|instid)="\d+"', r'\1="#"', raw.decode())))
            else:
                out.append((name, raw))
    return out


def _n(value: int, kind: CellKind = CellKind.INT) -> TableCell:
    return TableCell(Decimal(value), f"{value:,}", kind)


def _report() -> Report:
    columns = [
        Column("unit", "실국명"),
        Column("count", "지표수", CellKind.INT),
        Column("budget", "예산액", CellKind.INT),
        Column("share", "비중", CellKind.DECIMAL),
        Column("mark", "달성", CellKind.MARK),
    ]
    header = [
        [HeaderCell("실국명", 0, rowspan=2), HeaderCell("성과 & <계획>", 1, colspan=2)],
        [HeaderCell("지표수", 1), HeaderCell("예산액", 2), HeaderCell("비중", 3)],
    ]
    header[0].append(HeaderCell("", 4, rowspan=2))  # an empty header cell
    header[0].insert(2, HeaderCell("비중\t(%)", 3))
    header[1].remove(header[1][2])
    odd = [
        "A & B <C> \"D\" 'E'",
        "여러\n줄\r\n이상\r끝",
        "탭\t문자",
        "긴 이름 " * 30,
        "",
    ]
    rows = [
        Row(
            [
                TableCell("계", "계"),
                _n(42),
                _n(93418310000),
                _n(100),
                TableCell("◎", "◎", CellKind.MARK),
            ],
            RowKind.TOTAL,
        )
    ]
    for i in range(40):
        rows.append(
            Row(
                [
                    TableCell(odd[i % len(odd)], odd[i % len(odd)]),
                    _n(i),
                    TableCell(None, "-", CellKind.INT),
                    TableCell(Decimal("57.88"), "57.88", CellKind.DECIMAL),
                    TableCell("○", "○" if i % 3 else "", CellKind.MARK),
                ]
            )
        )
    tall = Table("tall", "가. 총괄 <&>", "(단위:개, 백만원)", columns, header, rows)
    tall.heading = "머리\t말 & 꼬리"
    tall.legend = "범례: ◎ ○ ×"
    tall.footnotes = ["주 1\n둘째 줄", "", "주 3\r끝"]
    short = Table("short", "나. 짧은 표", "", columns[:2], [], [Row([TableCell("a", "a"), _n(1)])])
    short.repeat_header = False
    narrow_columns = [Column(f"c{i}", f"열{i}", width=1) for i in range(70)]
    narrow = Table(
        "narrow",
        "다. 좁은 열",
        "",
        narrow_columns,
        [[HeaderCell(c.label, i) for i, c in enumerate(narrow_columns)]],
        [Row([TableCell(str(i), str(i)) for i in range(70)])],
    )
    chart = Chart(
        "share",
        "비중",
        ChartKind.BAR,
        ["기획", "재무"],
        [Series("비중", [Decimal(60), Decimal(40)])],
    )
    return Report(
        "plan",
        "3. 성과계획 총괄표 & <요약>",
        "기관 · 2026년",
        "기관",
        2026,
        tables=[short, tall, narrow],
        charts=[chart],
        stamp="평가 결과:\t제1회차",
    )


@pytest.mark.slow
@pytest.mark.parametrize("charts", [False, True])
def test_the_hwpx_is_what_python_hwpx_builds_but_for_ids(charts: bool) -> None:
    report = _report()
    ours = report_hwpx(report, charts=charts)
    assert hwpx_validate(ours) == []
    reference = _parts(_reference(report, charts))
    assert [name for name, _ in _parts(ours)] == [name for name, _ in reference]
    for (name, mine), (_, theirs) in zip(_parts(ours), reference, strict=True):
        assert mine == theirs, name


def test_element_ids_are_unique() -> None:
    with zipfile.ZipFile(io.BytesIO(report_hwpx(_report(), charts=False))) as z:
        section = z.read("Contents/section0.xml").decode()
    # python-hwpx writes the footer twice (in hp:secPr and in an hp:ctrl), with one id
    section = re.sub(r"<hp:footer .*?</hp:footer>", "", section)
    ids = re.findall(r'<hp:(?:p|tbl) [^>]*?\bid="(\d+)"', section)
    assert len(ids) == len(set(ids)) > 100
