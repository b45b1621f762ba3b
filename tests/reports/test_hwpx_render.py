"""The HWPX converts to PDF with a renderer that does not need Hancom Office (hwp-ingest,
which uses rsvg-convert), and the PDF shows the same table rows and figures."""

from __future__ import annotations

import subprocess

import hwp_ingest
import pytest

from seonggwa.reports.hwpx import report_hwpx

pytestmark = pytest.mark.django_db


def test_hwpx_renders_to_pdf_with_the_tables_rows_and_figures(build, tmp_path):
    report = build("plan", 2026, "plan")
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(hwp_ingest.to_pdf_bytes(report_hwpx(report, charts=False)))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "A4" in info
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    compact = "".join(text.split())
    summary = report.tables[0]
    for row in summary.rows:  # unit names: short cells, one line each
        assert "".join(row.cells[0].text.split()) in compact, row.cells[0].text
    numbers = [
        c.text
        for t in report.tables
        for r in t.rows
        for c in r.cells
        if c.text
        and c.text[-1].isdigit()
        and c.text.replace(",", "").replace(".", "").lstrip("-△").isdigit()
    ]
    assert len(numbers) > 30
    for number in numbers:  # every figure of every table is printed
        assert number in compact, number
