"""PDF writer (Typst, compiled in process by the ``typst`` wheel): the report's tables as Typst
tables — A4 landscape, header rows repeated on every page (``table.header``), footer
"page / total", Korean fonts embedded as subsets, tagged PDF/UA-1, document metadata.

No report text is ever spliced into Typst markup: the report goes to the compiler as JSON
(``data.json`` beside the fixed template :data:`TEMPLATE` in a temporary directory, read
with ``json()``), and strings placed into tables and headings are content, not markup, so
``#``, ``*``, ``$``, ``\\``, ``]`` or ``//`` in a name print as they are. Charts are SVG
files in the same directory (line charts and bar charts drawn by :mod:`.charts`), drawn once
per report.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from functools import cache
from pathlib import Path
from typing import Any, Final

from .charts import chart_svg
from .html import column_weights
from .model import CellKind, Report, RowKind, Table

PDF_STANDARD: Final = "ua-1"
FONT_FAMILIES = ("NanumGothic", "Noto Sans CJK KR")
#: the files of those families (Debian's fonts-nanum and fonts-noto-cjk): regular and bold
FONT_FILES = (
    "/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
    "/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
)

TEMPLATE = r"""
#let data = json("data.json")
#set document(title: data.title, author: data.author, keywords: data.keywords)
#set text(font: data.fonts, size: 9pt, lang: "ko", region: "KR", fill: rgb("#111111"),
  top-edge: "ascender", bottom-edge: "descender")
#set par(justify: false, leading: 0.25em, spacing: 0.6em)
#set page(
  paper: "a4", flipped: true,
  margin: (top: 14mm, bottom: 16mm, left: 12mm, right: 12mm),
  footer: context align(center, text(size: 8pt, fill: rgb("#555555"))[
    #counter(page).display() / #counter(page).final().first()
  ]),
)
#show heading: set text(weight: "bold")
#show heading.where(level: 1): set text(size: 15pt)
#show heading.where(level: 2): set text(size: 12pt)
#show heading.where(level: 3): set text(size: 10pt, fill: rgb("#333333"))
#show heading.where(level: 1): set block(above: 0pt, below: 2mm)
#show heading.where(level: 2): set block(above: 5mm, below: 1mm)
#show heading.where(level: 3): set block(above: 3mm, below: 1mm)
#set table(stroke: 0.5pt + rgb("#777777"), inset: (x: 1.3mm, y: 1mm))
#set table.cell(breakable: false)

#let head-fill = rgb("#e8edf3")
#let row-fill = rgb("#f4f6f9")

#let rtable(t) = {
  if t.heading != "" { heading(level: 2, t.heading) }
  heading(level: if t.heading != "" { 3 } else { 2 }, t.title)
  if t.unit != "" { align(right, text(size: 8pt, t.unit)) }
  table(
    columns: t.widths.map(w => w * 1fr),
    align: horizon,
    table.header(
      repeat: t.repeat,
      ..t.header.map(row => row.map(h => table.cell(
        colspan: h.at(1), rowspan: h.at(2), fill: head-fill, align: center + horizon,
        text(weight: "bold", h.at(0)),
      ))).flatten(),
    ),
    ..t.rows.map(row => {
      let strong = row.at(0) != "d"
      row.at(1).map(c => table.cell(
        align: (if c.at(1) == "r" { right } else if c.at(1) == "c" { center } else { left }) + horizon,
        fill: if strong { row-fill } else { none },
        text(weight: if strong { "bold" } else { "regular" }, c.at(0)),
      ))
    }).flatten(),
  )
  for line in t.notes { block(above: 1mm, below: 0pt, text(size: 8pt, line)) }
}

#heading(level: 1, data.heading)
#data.subtitle
#if data.stamp != "" {
  block(stroke: 0.5pt + rgb("#777777"), inset: (x: 2mm, y: 1mm), data.stamp)
}
#for line in data.notes { block(above: 1mm, below: 0pt, text(size: 9pt, line)) }
#for t in data.tables { rtable(t) }
#if data.charts.len() > 0 {
  grid(columns: (1fr, 1fr), gutter: 2mm,
    ..data.charts.map(c => image(c.file, width: 100%, alt: c.title)))
}
"""


def report_fonts() -> Any:
    """The fonts Typst may use, found once per process: the files of :data:`FONT_FILES`
    (Debian's fonts-nanum and fonts-noto-cjk, scripts/system-deps.sh), without scanning
    every system font; all system fonts when none of them is installed. Found again when
    the directory of links has gone (a long-running worker whose /tmp was cleaned)."""
    fonts, directory = _report_fonts()
    if directory is not None and not directory.is_dir():
        _report_fonts.cache_clear()
        fonts, directory = _report_fonts()
    return fonts


@cache
def _report_fonts() -> tuple[Any, Path | None]:
    import typst

    files = [f for f in FONT_FILES if Path(f).is_file()]
    directory = _font_dir(files) if files else None
    dirs = [str(directory)] if directory is not None else []
    fonts = typst.Fonts(include_system_fonts=not dirs, include_embedded_fonts=True, font_paths=dirs)
    return fonts, directory


def _font_dir(files: list[str]) -> Path:
    """A directory of this process with links to ``files`` and nothing else: Typst takes
    font directories, and scanning Debian's whole nanum and noto directories (a dozen Nanum
    faces, Noto Serif CJK) cost more than Typst's compile of a small report. Removed when
    the process that made it ends (not a forked child: Typst reads a font when first used)."""
    directory = Path(tempfile.mkdtemp(prefix="seonggwa-fonts-"))
    for f in files:
        (directory / Path(f).name).symlink_to(f)
    owner = os.getpid()

    def remove() -> None:
        if os.getpid() == owner:
            shutil.rmtree(directory, ignore_errors=True)

    atexit.register(remove)
    return directory


def _align(kind: CellKind, has_value: bool) -> str:
    if kind in (CellKind.INT, CellKind.DECIMAL) and has_value:
        return "r"
    return "c" if kind is CellKind.MARK else "l"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _table_data(table: Table) -> dict[str, Any]:
    weights = column_weights(table)
    total = sum(weights) or 1
    return {
        "heading": _one_line(table.heading),
        "title": _one_line(table.title),
        "unit": table.unit_line,
        "repeat": table.repeat_header,
        "widths": [round(w / total, 4) for w in weights],
        "header": [
            [[_one_line(h.text), h.colspan, h.rowspan] for h in row] for row in table.header_rows
        ],
        "rows": [
            [
                "d" if row.kind is RowKind.DATA else "t",
                [[_one_line(c.text), _align(c.kind, c.value is not None)] for c in row.cells],
            ]
            for row in table.rows
        ],
        "notes": ([table.legend] if table.legend else []) + list(table.footnotes),
    }


def report_typst_data(report: Report, chart_files: list[str]) -> dict[str, Any]:
    """The JSON the template reads."""
    return {
        "title": f"{report.title} — {report.subtitle}",
        "heading": report.title,
        "subtitle": report.subtitle,
        "stamp": report.stamp,
        "notes": [_one_line(line) for line in report.footnotes],
        "author": report.organisation,
        "keywords": [report.kind, str(report.year)],
        "fonts": list(FONT_FAMILIES),
        "tables": [_table_data(t) for t in report.tables],
        "charts": [
            {"file": f, "title": c.title} for f, c in zip(chart_files, report.charts, strict=False)
        ],
    }


def report_typst_pdf(report: Report, *, charts: bool = True) -> bytes:
    import typst

    with tempfile.TemporaryDirectory(prefix="seonggwa-typst-") as tmp:
        root = Path(tmp)
        files: list[str] = []
        if charts:
            for i, chart in enumerate(report.charts):
                name = f"chart{i}.svg"
                (root / name).write_text(chart_svg(chart), encoding="utf-8")
                files.append(name)
        data = report_typst_data(report, files)
        (root / "data.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        (root / "main.typ").write_text(TEMPLATE, encoding="utf-8")
        compiler = typst.Compiler(str(root / "main.typ"), root=str(root), font_paths=report_fonts())
        pdf = compiler.compile(format="pdf", pdf_standards=[PDF_STANDARD])
    assert isinstance(pdf, bytes)
    return pdf
