"""PDF writer (WeasyPrint): the shared HTML with print CSS — A4 landscape, header rows repeated
on every page (``thead``), page numbers, Korean fonts embedded, tagged as PDF/UA-1."""

from __future__ import annotations

from .charts import chart_png, chart_svg
from .html import report_html_document
from .model import ChartKind, Report

PDF_VARIANT = "pdf/ua-1"  # WeasyPrint 70: sets pdf_tags and the PDF/UA metadata


def report_pdf(report: Report, *, charts: bool = True) -> bytes:
    from weasyprint import HTML

    # line charts (the indicator cards' trends, one per indicator) as inline SVG: drawing
    # hundreds of matplotlib PNGs took most of a 420-card PDF's time
    images: dict[str, bytes | str] = (
        {c.key: chart_svg(c) if c.kind is ChartKind.LINE else chart_png(c) for c in report.charts}
        if charts
        else {}
    )
    document = report_html_document(report, chart_images=images)
    pdf: bytes = HTML(string=document, base_url=".").write_pdf(pdf_variant=PDF_VARIANT)
    return pdf
