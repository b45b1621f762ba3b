"""The public portal and the open data (docs/portal.md): what a visitor finds, what each
download holds, and — above all — that nothing unpublished reaches any portal page or file
(an approved actual of an unpublished period, a draft plan's indicator, a provisional run's
grades), whoever asks and through search, the catalogue and every dataset format."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from seonggwa.evaluation.models import IndicatorResult
from seonggwa.evaluation.services import run_finalise, run_publish, run_start
from seonggwa.plans.models import Indicator, Period
from seonggwa.reports.csv import BOM
from seonggwa.reports.open_data import DATASET_KEYS, FORMATS
from seonggwa.results.models import IndicatorValue

pytestmark = pytest.mark.django_db

SECRET_ACTUAL = "7777.77"  # an approved actual of the open plan's unpublished period
SECRET_NAME = "비공개초안지표"  # an indicator of the draft BSC plan
SECRET_GRADE_NAME = "잠정결과지표"  # an indicator's name as snapshotted in a provisional run


@pytest.fixture
def secrets(sample: Any, people: Any, plan: Any, draft: Any, closed: Any) -> dict[str, Any]:
    """Unpublished data with recognisable text: an approved actual of the open plan (its
    period not published), an indicator of the draft plan, and a provisional run of the
    closed plan whose snapshotted indicator name is recognisable."""
    approved = IndicatorValue.objects.filter(
        indicator__plan=plan, kind="actual", status="approved"
    ).first()
    IndicatorValue.objects.filter(pk=approved.pk).update(
        raw_text=SECRET_ACTUAL, value=Decimal(SECRET_ACTUAL)
    )
    Indicator.objects.filter(pk=draft.indicators.first().pk).update(name=SECRET_NAME)
    run = run_start(user=people["officer"], plan=closed)
    IndicatorResult.objects.filter(run=run).update(indicator_name=SECRET_GRADE_NAME)
    return {"approved": approved, "run": run}


def _portal_urls(sample: Any, plan: Any, draft: Any, closed: Any) -> list[str]:
    public_ind = plan.indicators.order_by("pk").first()
    urls = [
        reverse("web:portal"),
        reverse("web:portal-search") + "?q=지표",
        reverse("web:portal-organisation", args=[sample.pk]),
        reverse("web:open-catalogue"),
        reverse("web:open-dictionary"),
    ]
    for ind in list(plan.indicators.all()) + list(closed.indicators.all()):
        urls.append(reverse("web:portal-indicator", args=[ind.pk]))
        urls += [reverse("web:portal-indicator-download", args=[ind.pk, f]) for f in FORMATS]
    for key in DATASET_KEYS:
        for fmt in FORMATS:
            urls.append(reverse("web:open-dataset", args=[key, fmt]))
            urls.append(reverse("web:open-dataset", args=[key, fmt]) + "?q=" + SECRET_NAME)
    assert public_ind is not None
    return urls


def _text(response: Any) -> str:
    """A page or a download as text (an xlsx file: every cell of every sheet)."""
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
        return "\n".join(
            str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row
        )
    return response.content.decode("utf-8")


@pytest.mark.parametrize("who", ["anonymous", "officer", "welfare_staff", "outsider"])
def test_nothing_unpublished_reaches_any_portal_page_or_download(
    who, as_user, secrets, sample, plan, draft, closed
):
    client = as_user(who)
    for url in _portal_urls(sample, plan, draft, closed):
        response = client.get(url)
        assert response.status_code == 200, url
        text = _text(response)
        for secret in (SECRET_ACTUAL, SECRET_NAME, SECRET_GRADE_NAME):
            assert secret not in text, (url, secret)
    # a search for an unpublished name finds nothing (the page repeats only the query)
    for secret in (SECRET_NAME, SECRET_GRADE_NAME):
        page = client.get(reverse("web:portal-search"), {"q": secret}).content.decode()
        assert 'data-testid="search-indicators"' not in page
        assert page.count(secret) == 3  # the box, "no organisation/indicator contains …"
    # the draft plan's indicator has no portal page, even for the organisation's office
    hidden = draft.indicators.get(name=SECRET_NAME)
    assert client.get(reverse("web:portal-indicator", args=[hidden.pk])).status_code == 404


def test_a_visitor_finds_a_published_indicator_by_name(as_user, closed):
    ind = closed.indicators.get(name="민원 처리 지연율")
    page = as_user("anonymous").get(reverse("web:portal-search"), {"q": "민원"})
    body = page.content.decode()
    assert reverse("web:portal-indicator", args=[ind.pk]) in body
    assert "한빛시" in body
    # the found indicators download as one table
    assert reverse("web:open-dataset", args=["indicators", "csv"]) + "?q=%EB%AF%BC%EC%9B%90" in body


@pytest.mark.parametrize("view", ["web:portal", "web:portal-search", "web:portal-organisation"])
def test_every_table_of_a_portal_page_has_its_downloads(as_user, sample, view):
    args = [sample.pk] if view == "web:portal-organisation" else []
    body = as_user("anonymous").get(reverse(view, args=args), {"q": "지표"}).content.decode()
    tables = body.count("<table")
    assert tables >= 1
    for fmt in FORMATS:
        assert body.count(f".{fmt}") >= tables, fmt


def test_the_indicator_page_shows_the_trend_across_years_with_the_public_figures(as_user, plan):
    ind = plan.indicators.get(name="성과지표 목표 달성률")
    assert ind.previous is not None  # the sample links it to its 2025 self
    page = as_user("anonymous").get(reverse("web:portal-indicator", args=[ind.pk]))
    body = page.content.decode()
    assert "<svg" in body and 'role="img"' in body  # the chart, with the table beside it
    data = json.loads(
        as_user("anonymous")
        .get(reverse("web:portal-indicator-download", args=[ind.pk, "json"]))
        .content
    )
    rows = {r["year"]: r for r in data["rows"]}
    assert set(rows) == {2025, 2026}
    previous_actual = ind.previous.values.get(kind="actual", year=2025, quarter=0, month=0)
    assert previous_actual.status == "approved"
    assert Decimal(rows[2025]["actual"]) == previous_actual.value
    # the 2026 actual is submitted, its period unpublished: no figure, not zero
    assert rows[2026]["actual"] is None and rows[2026]["target"] is not None


def test_csv_downloads_are_utf8_with_bom_and_neutralise_formulas(as_user, closed):
    Indicator.objects.filter(pk=closed.indicators.first().pk).update(name="=HYPERLINK(1)")
    response = as_user("anonymous").get(reverse("web:open-dataset", args=["indicators", "csv"]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith(BOM)
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0][:3] == ["지표ID", "계획ID", "기관명"]
    names = [r[7] for r in rows[1:]]
    assert "'=HYPERLINK(1)" in names and "=HYPERLINK(1)" not in names
    book = openpyxl.load_workbook(
        io.BytesIO(
            as_user("anonymous")
            .get(reverse("web:open-dataset", args=["indicators", "xlsx"]))
            .content
        )
    )
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    named = [c for c in cells if c.value == "=HYPERLINK(1)"]
    # the xlsx writer stores it as text, never as a formula
    assert named and all(c.data_type == "s" for c in named)


def test_every_dataset_lists_its_columns_in_the_dictionary(as_user):
    page = as_user("anonymous").get(reverse("web:open-dictionary")).content.decode()
    for key in DATASET_KEYS:
        data = json.loads(
            as_user("anonymous").get(reverse("web:open-dataset", args=[key, "json"])).content
        )
        assert data["dataset"] == key
        for column in data["columns"]:
            assert f"<code>{column['key']}</code>" in page, (key, column)


def test_values_hold_only_public_actuals_and_follow_a_withdrawn_publication(as_user, closed):
    client = as_user("anonymous")
    url = reverse("web:open-dataset", args=["values", "json"]) + f"?year={closed.year}"
    actuals = [r for r in json.loads(client.get(url).content)["rows"] if r["kind"] == "실적"]
    expected = IndicatorValue.objects.filter(
        indicator__plan=closed, kind="actual", status="approved"
    ).count()
    assert expected and len(actuals) == expected
    # reopening the period withdraws its actuals from the public (the cached file too)
    period = Period.objects.get(plan=closed, key="2025")
    period.published = False
    period.save()
    again = json.loads(client.get(url).content)["rows"]
    assert not [r for r in again if r["kind"] == "실적" and r["year"] == 2025]


def test_results_come_only_from_the_newest_published_run(as_user, people, closed):
    client = as_user("anonymous")
    url = reverse("web:open-dataset", args=["results", "json"])
    run = run_start(user=people["officer"], plan=closed)
    assert json.loads(client.get(url).content)["rows"] == []
    run = run_finalise(user=people["officer"], run=run, expected_version=run.version)
    assert json.loads(client.get(url).content)["rows"] == []
    run = run_publish(user=people["officer"], run=run, expected_version=run.version)
    rows = json.loads(client.get(url).content)["rows"]
    assert rows and {r["run_number"] for r in rows} == {run.number}
    assert len(rows) == IndicatorResult.objects.filter(run=run).count()
    catalogue = client.get(reverse("web:open-catalogue")).content.decode()
    assert timezone.localdate(run.published_at).isoformat() in catalogue
    page = client.get(reverse("web:portal-organisation", args=[closed.organisation_id]))
    assert f"/plans/{closed.pk}/#results-title" in page.content.decode()


def test_filters_keep_one_organisation_and_refuse_nonsense(as_user, sample):
    client = as_user("anonymous")
    url = reverse("web:open-dataset", args=["plans", "json"])
    rows = json.loads(client.get(url, {"organisation": sample.pk}).content)["rows"]
    assert rows and {r["organisation_id"] for r in rows} == {sample.pk}
    assert json.loads(client.get(url, {"organisation": 999999}).content)["rows"] == []
    assert client.get(url, {"year": "2025; drop"}).status_code == 404
    assert client.get(url, {"organisation": "²"}).status_code == 404  # a digit, not ASCII
    assert client.get(reverse("web:open-dataset", args=["plans", "exe"])).status_code == 404
    assert client.get(reverse("web:open-dataset", args=["secrets", "csv"])).status_code == 404


def test_publishing_a_run_enqueues_the_open_data_files_and_the_download_reads_them(
    as_user, people, closed, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    """After a publication a job renders every dataset's whole file in every format into
    the shared figures cache; a visitor's download then only reads the publication state."""
    from seonggwa.jobs.models import JobProgress
    from seonggwa.reports.open_data import render_all

    officer = people["officer"]
    run = run_start(user=officer, plan=closed)
    run = run_finalise(user=officer, run=run, expected_version=run.version)
    url = reverse("web:evaluation-run-action", args=[closed.pk, run.pk, "publish"])
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user("officer").post(url, {"version": run.version})
    assert response.status_code == 302
    job = JobProgress.objects.get(kind="open-data")
    assert job.owner == officer and job.organisation_id == closed.organisation_id

    # what the worker runs: every dataset × format made once for this state
    assert render_all() == len(DATASET_KEYS) * len(FORMATS)
    assert render_all() == 0
    client = as_user("anonymous")
    download = reverse("web:open-dataset", args=["results", "json"])
    with django_assert_max_num_queries(6):  # the six aggregates of the publication state
        rows = json.loads(client.get(download).content)["rows"]
    assert rows and {r["run_number"] for r in rows} == {run.number}

    # a withdrawn publication is a new state: nothing rendered before is served
    Period.objects.filter(plan=closed).update(published=False, updated_at=timezone.now())
    values = reverse("web:open-dataset", args=["values", "json"]) + f"?year={closed.year}"
    rows = json.loads(client.get(values).content)["rows"]
    assert not [r for r in rows if r["kind"] == "실적" and r["year"] == closed.year]
    assert render_all() == len(DATASET_KEYS) * len(FORMATS)
