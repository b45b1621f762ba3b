"""HTML of a report's tables: one renderer for the web pages and the PDF writer, so both show
exactly the same cells. Header rows go into ``<thead>`` (repeated on every printed page)."""

from __future__ import annotations

import base64
from html import escape

from .model import CellKind, Report, RowKind, Table

PRINT_CSS = """
@page { size: A4 landscape; margin: 14mm 12mm 16mm 12mm;
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; color: #555; } }
html { font-family: "NanumGothic", "Noto Sans CJK KR", "Noto Sans KR", sans-serif; font-size: 9pt; color: #111; }
h1 { font-size: 15pt; margin: 0 0 2mm; } h2 { font-size: 12pt; margin: 5mm 0 1mm; }
h3 { font-size: 10pt; margin: 3mm 0 1mm; color: #333; }
p.subtitle { margin: 0 0 3mm; color: #444; }
p.stamp { margin: 0 0 3mm; padding: 1mm 2mm; border: 0.5pt solid #777; display: inline-block; }
section.rtable { break-inside: auto; }
p.unit { text-align: right; margin: 0 0 1mm; font-size: 8pt; }
table.report { border-collapse: collapse; width: 100%; table-layout: fixed; }
/* pre-wrap: a line that breaks at a space keeps it in the PDF's text layer, so a reader can
   tell a break between words from a word broken inside (importers.files.pdf) */
table.report td, table.report th { overflow-wrap: anywhere; white-space: pre-wrap; }
table.report th, table.report td { border: 0.5pt solid #777; padding: 1mm 1.3mm; vertical-align: middle; }
table.report thead th { background: #e8edf3; font-weight: bold; text-align: center; }
table.report thead { display: table-header-group; }
table.report tr { break-inside: avoid; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.mark { text-align: center; }
tr.total td, tr.group td { font-weight: bold; background: #f4f6f9; }
p.note { margin: 1mm 0 0; font-size: 8pt; }
figure.chart { break-inside: avoid; margin: 4mm 0; } figure.chart img { width: 100%; }
figure.chart.svg { display: inline-block; width: 49%; margin: 2mm 0; }
figure.chart.svg svg { width: 100%; height: auto; }
"""


def table_html(table: Table, *, explanations: bool = True) -> str:
    """``<table>`` for one report table (thead with spans, tbody with the cells' text)."""
    out = ['<table class="report">', _colgroup(table), "<thead>"]
    for header_row in table.header_rows:
        out.append("<tr>")
        for h in header_row:
            spans = (f' colspan="{h.colspan}"' if h.colspan > 1 else "") + (
                f' rowspan="{h.rowspan}"' if h.rowspan > 1 else ""
            )
            out.append(f'<th scope="col"{spans}>{_one_line(h.text)}</th>')
        out.append("</tr>")
    out.append("</thead><tbody>")
    for row in table.rows:
        cls = "" if row.kind is RowKind.DATA else f' class="{row.kind.value}"'
        out.append(f"<tr{cls}>")
        for i, cell in enumerate(row.cells):
            kind = (
                "num"
                if cell.kind in (CellKind.INT, CellKind.DECIMAL) and cell.value is not None
                else ("mark" if cell.kind is CellKind.MARK else "")
            )
            attrs = f' class="{kind}"' if kind else ""
            if explanations and cell.explanation:
                attrs += f' title="{escape(cell.explanation)}"'
            tag = "th" if i == 0 and row.kind is RowKind.TOTAL else "td"
            scope = ' scope="row"' if tag == "th" else ""
            out.append(f"<{tag}{attrs}{scope}>{_one_line(cell.text)}</{tag}>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _one_line(text: str) -> str:
    """A cell's text escaped, its whitespace runs one space (the cells keep white space, see
    PRINT_CSS)."""
    return escape(" ".join(text.split()))


def column_weights(table: Table) -> list[int]:
    """Relative column widths: the column's own width, else its widest text (Hangul counts
    2), capped so one long name cannot squeeze the numbers."""
    from .xlsx import display_width

    weights = []
    for i, col in enumerate(table.columns):
        if col.width:
            weights.append(col.width)
            continue
        widest = max((display_width(r.cells[i].text) for r in table.rows[:200]), default=4)
        heads = [
            display_width(h.text)
            for row in table.header_rows
            for h in row
            if h.col == i and h.colspan == 1
        ]
        weights.append(max(4, min(40, max(widest, *(min(x, 12) for x in heads), 4))))
    return weights


def _colgroup(table: Table) -> str:
    weights = column_weights(table)
    total = sum(weights) or 1
    cols = "".join(f'<col style="width:{w * 100 / total:.2f}%">' for w in weights)
    return f"<colgroup>{cols}</colgroup>"


def section_html(table: Table, *, explanations: bool = True) -> str:
    parts = ['<section class="rtable">']
    if table.heading:
        parts.append(f"<h3>{escape(table.heading)}</h3>")
    parts.append(f"<h2>{escape(table.title)}</h2>")
    if table.unit_line:
        parts.append(f'<p class="unit">{escape(table.unit_line)}</p>')
    parts.append(table_html(table, explanations=explanations))
    for line in ([table.legend] if table.legend else []) + table.footnotes:
        parts.append(f'<p class="note">{escape(line)}</p>')
    parts.append("</section>")
    return "".join(parts)


def report_html_document(
    report: Report, *, chart_images: dict[str, bytes | str] | None = None
) -> str:
    """A standalone HTML document (for the PDF writer and the ``--format html`` file).
    A chart image is PNG bytes, or SVG markup (``str``) written inline."""
    body = [
        f"<h1>{escape(report.title)}</h1>",
        f'<p class="subtitle">{escape(report.subtitle)}</p>',
    ]
    if report.stamp:
        body.append(f'<p class="stamp">{escape(report.stamp)}</p>')
    body += [f'<p class="note">{escape(line)}</p>' for line in report.footnotes]
    body += [section_html(t, explanations=False) for t in report.tables]
    for chart in report.charts:
        png = (chart_images or {}).get(chart.key)
        if isinstance(png, str):
            body.append(f'<figure class="chart svg">{png}</figure>')
        elif png is not None:
            data = base64.b64encode(png).decode("ascii")
            body.append(
                f'<figure class="chart"><img src="data:image/png;base64,{data}" alt="{escape(chart.title)}"></figure>'
            )
    title = escape(f"{report.title} — {report.subtitle}")
    return (
        '<!doctype html><html lang="ko"><head><meta charset="utf-8">'
        f"<title>{title}</title><style>{PRINT_CSS}</style></head><body>"
        + "".join(body)
        + "</body></html>"
    )
