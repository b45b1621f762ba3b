"""One entry point for every format: ``report_render(report, fmt) -> (bytes, file name)``."""

from __future__ import annotations

from .model import Report

FORMATS = ("xlsx", "pdf", "hwpx", "html", "csv")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "hwpx": "application/hwp+zip",
    "html": "text/html; charset=utf-8",
    "csv": "application/zip",
}


def report_render(report: Report, fmt: str, *, charts: bool = True) -> bytes:
    """The report as one file; ``csv`` gives a zip of one CSV per table."""
    if fmt == "xlsx":
        from .xlsx import report_xlsx

        return report_xlsx(report, charts=charts)
    if fmt == "pdf":
        from .pdf import report_pdf

        return report_pdf(report, charts=charts)
    if fmt == "hwpx":
        from .hwpx import report_hwpx

        return report_hwpx(report, charts=charts)
    if fmt == "html":
        from .charts import chart_svg
        from .html import report_html_document

        # vector charts written inline, as in the PDF (no matplotlib)
        images: dict[str, bytes | str] = (
            {c.key: chart_svg(c) for c in report.charts} if charts else {}
        )
        return report_html_document(report, chart_images=images).encode("utf-8")
    if fmt == "csv":
        from .csv import report_csv_zip

        return report_csv_zip(report)
    raise ValueError(f"unknown format {fmt!r}")


def file_name(report: Report, fmt: str) -> str:
    ext = "zip" if fmt == "csv" else fmt
    return f"{report.file_stem}.{ext}"
