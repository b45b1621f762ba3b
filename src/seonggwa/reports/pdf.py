"""PDF writer: Typst by default (:mod:`.typst`, compiled in process), WeasyPrint selectable
(``engine="weasyprint"`` or the setting ``SEONGGWA_PDF_ENGINE``). Both give A4 landscape,
header rows repeated on every page, "page / total" footers, Korean fonts embedded and a
tagged PDF/UA-1; Typst is an order of magnitude faster (docs/reports.md, benchmark)."""

from __future__ import annotations

from .charts import chart_png, chart_svg
from .html import report_html_document
from .model import ChartKind, Report

PDF_VARIANT = "pdf/ua-1"  # WeasyPrint 70: sets pdf_tags and the PDF/UA metadata
ENGINES = ("typst", "weasyprint")


def pdf_engine() -> str:
    """The configured engine: ``settings.SEONGGWA_PDF_ENGINE`` (default ``typst``)."""
    try:
        from django.conf import settings

        engine = str(getattr(settings, "SEONGGWA_PDF_ENGINE", "typst"))
    except Exception:  # settings not configured (a script using the writers alone)
        engine = "typst"
    return engine if engine in ENGINES else "typst"


def report_pdf(report: Report, *, charts: bool = True, engine: str | None = None) -> bytes:
    engine = engine or pdf_engine()
    if engine == "typst":
        from .typst import report_typst_pdf

        return report_typst_pdf(report, charts=charts)
    if engine != "weasyprint":
        raise ValueError(f"unknown PDF engine {engine!r}")
    return report_weasyprint_pdf(report, charts=charts)


def report_weasyprint_pdf(report: Report, *, charts: bool = True) -> bytes:
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
