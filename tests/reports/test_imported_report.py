"""A 성과보고서 imported from its document prints back with the document's own marks and
counts: it has no targets or actuals, only the marks (◎ ○ × -) the document printed."""

from __future__ import annotations

from pathlib import Path

import pytest

from seonggwa.importers.load import document_import
from seonggwa.importers.report import parse
from seonggwa.plans.models import Indicator
from seonggwa.reports.build import report_build

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "report" / "report_consistent.txt"


def test_imported_report_prints_the_documents_counts_and_marks() -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    doc = parse(text)
    plan = document_import(organisation_name="보고시", year=2023, path_or_text=FIXTURE).plan
    report = report_build(plan, "report")
    summary, detail = report.tables[0], report.tables[1]
    keys = ["exceeded", "achieved", "not_achieved"]
    cols = [summary.column_index(k) for k in keys]
    printed = {
        row.unit: [int(row.cells[k]) for k in keys]
        for row in [*doc.summary_rows, doc.summary_total]
        if row
    }
    for row in summary.data_rows():
        assert [row.cells[c].value for c in cols] == printed[row.cells[0].text], row.cells[0].text
    mark_col = detail.column_index("mark")
    shown = [row.cells[mark_col].text for row in detail.data_rows() if row.cells[mark_col].text]
    stored = list(
        Indicator.objects.filter(plan=plan)
        .order_by("position", "pk")
        .values_list("mark_raw", flat=True)
    )
    assert shown == [m for m in stored if m] and len(shown) == 19
    assert any(
        "문서에 기재된 달성성과" in (row.cells[mark_col].explanation or "")
        for row in detail.data_rows()
    )
