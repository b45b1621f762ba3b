"""The public portal and the open data (docs/portal.md): pages anyone may open without
signing in, showing only what was published, whoever asks (the public reads of
:mod:`seonggwa.reports.public_selectors`). Views read and render; they hold no rules."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from seonggwa.core.readcache import cached
from seonggwa.evaluation import dashboard_selectors as ds
from seonggwa.evaluation.read_state import organisations_state, plans_state
from seonggwa.plans.models import Plan
from seonggwa.reports import public_selectors as ps
from seonggwa.reports.charts import chart_svg
from seonggwa.reports.kinds import report_kinds_for
from seonggwa.reports.open_data import (
    CONTENT_TYPES,
    DATASETS,
    FORMATS,
    Filters,
    dataset_file,
    dataset_get,
    table_render,
)
from seonggwa.reports.trend import trend_chart, trend_table

QUERY_MAX = 100


def _query(request: HttpRequest) -> str:
    return request.GET.get("q", "").strip()[:QUERY_MAX]


def _number(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name, "")
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 9:
        raise Http404
    return int(raw)


@require_safe
def portal_home(request: HttpRequest) -> HttpResponse:
    """The organisations with published plans, and the search box. The table is kept
    rendered under the state of every plan's status and of the organisations."""
    body = cached(
        "portal-home",
        (get_language(), organisations_state()),
        lambda: render_to_string(
            "web/portal/_home_body.html",
            {"organisations": list(ps.public_organisation_list()), "formats": FORMATS},
        ),
    )
    return render(request, "web/portal/home.html", {"body": mark_safe(body)})  # rendered by us


@require_safe
def portal_search(request: HttpRequest) -> HttpResponse:
    """Organisations and indicators of published plans whose name contains the query."""
    q = _query(request)
    organisations = list(ps.public_organisation_list(q=q)[: ps.SEARCH_LIMIT]) if q else []
    indicators = list(ps.public_indicator_list(q=q)[: ps.SEARCH_LIMIT + 1]) if q else []
    return render(
        request,
        "web/portal/search.html",
        {
            "q": q,
            "organisations": organisations,
            "indicators": indicators[: ps.SEARCH_LIMIT],
            "more": len(indicators) > ps.SEARCH_LIMIT,
            "limit": ps.SEARCH_LIMIT,
            "formats": FORMATS,
        },
    )


@require_safe
def portal_organisation(request: HttpRequest, pk: int) -> HttpResponse:
    """An organisation's published plans (with their public reports), its published
    evaluation results and the indicators of its newest published plan. The tables are kept
    rendered under the state of the organisation's plans (status, periods, runs, indicators)
    and units: a publication, a withdrawal or an edit renders them anew."""
    organisation = ps.public_organisation_get(pk=pk)
    if organisation is None:
        raise Http404
    state = (
        pk,
        get_language(),
        plans_state(
            plan_ids=list(Plan.objects.filter(organisation_id=pk).values_list("pk", flat=True)),
            units_of=pk,
        ),
    )
    body = cached("portal-organisation", state, lambda: _organisation_body(pk))
    return render(
        request,
        "web/portal/organisation.html",
        {"organisation": organisation, "body": mark_safe(body)},  # rendered by us
    )


def _organisation_body(pk: int) -> str:
    plans = list(ps.public_plan_list(organisation_id=pk))
    plan_rows = [(p, report_kinds_for(p.kind, public=True, published=False)) for p in plans]
    runs = ps.published_run_list(organisation_id=pk)
    newest = plans[0] if plans else None
    indicators = (
        list(ps.public_indicator_list(organisation_id=pk, year=newest.year)) if newest else []
    )
    return render_to_string(
        "web/portal/_organisation_body.html",
        {
            "plan_rows": plan_rows,
            "runs": runs,
            "newest_year": newest.year if newest else None,
            "indicators": indicators,
            "formats": FORMATS,
            "org_query": f"?organisation={pk}",
            "year_query": f"?organisation={pk}&year={newest.year}" if newest else "",
        },
    )


def _indicator(pk: int):  # type: ignore[no-untyped-def]
    indicator = ps.public_indicator_get(pk=pk)
    if indicator is None:
        raise Http404
    trend = ds.indicator_trend(indicator=indicator, runs=ds.PUBLISHED_RUNS, public=True)
    return indicator, trend


@require_safe
def portal_indicator(request: HttpRequest, pk: int) -> HttpResponse:
    """An indicator's definition and its trend across plan years: a chart with the same
    figures in a table beside it, and the table to download."""
    indicator = ps.public_indicator_get(pk=pk)
    if indicator is None:
        raise Http404
    # the trend's table and chart, kept under the state of the organisation's plans (the
    # trend follows the indicator through them) and their public values
    plan_ids = list(
        Plan.objects.filter(organisation_id=indicator.plan.organisation_id).values_list(
            "pk", flat=True
        )
    )
    state = (
        pk,
        get_language(),
        plans_state(plan_ids=plan_ids, values_of=plan_ids, public_values=True),
    )

    def build() -> tuple[list[Any], str]:
        trend = ds.indicator_trend(indicator=indicator, runs=ds.PUBLISHED_RUNS, public=True)
        table = trend_table(indicator, trend)
        chart = trend_chart(indicator, trend)
        svg = chart_svg(chart, width=440, height=260) if trend.years else ""
        return [r.cells for r in table.rows], svg

    rows, svg = cached("portal-indicator", state, build)
    return render(
        request,
        "web/portal/indicator.html",
        {
            "indicator": indicator,
            "rows": rows,
            "chart": mark_safe(svg),  # chart_svg escapes every text
            "formats": FORMATS,
        },
    )


def _download(data: bytes, fmt: str, stem: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


@require_safe
def portal_indicator_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    indicator, trend = _indicator(pk)
    table = trend_table(indicator, trend)
    return _download(table_render(table, fmt), fmt, f"indicator_{indicator.pk}_trend")


@require_safe
def open_catalogue(request: HttpRequest) -> HttpResponse:
    """Every dataset with its formats and last update."""
    rows = [(d, d.updated()) for d in DATASETS]
    return render(request, "web/open/catalogue.html", {"rows": rows, "formats": FORMATS})


@require_safe
def open_dictionary(request: HttpRequest) -> HttpResponse:
    """Every dataset's columns: key, label, meaning, unit."""
    return render(request, "web/open/dictionary.html", {"datasets": DATASETS})


@require_safe
def open_dataset(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    """A dataset as CSV (UTF-8 with BOM), xlsx or JSON, optionally for one organisation
    (``?organisation=``), one plan year (``?year=``) or names containing ``?q=``. The
    files are cached until something the public reads changes (``open_data.dataset_file``;
    the whole files are made by a job after each publication)."""
    dataset = dataset_get(key)
    if dataset is None or fmt not in FORMATS:
        raise Http404
    filters = Filters(
        organisation=_number(request, "organisation"),
        year=_number(request, "year"),
        q=_query(request),
    )
    data = dataset_file(dataset, fmt, filters)
    return _download(data, fmt, key)
