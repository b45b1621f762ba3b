"""Report pages and downloads for one plan. Views check access and call the report builder;
they hold no rules. A plan the user may not see answers 404, as ``web.views`` does."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe

from seonggwa.evaluation.selectors import plan_runs
from seonggwa.jobs.services import start_job
from seonggwa.plans.models import Plan
from seonggwa.policy import can_run_evaluation, can_see_unapproved, can_view_plan
from seonggwa.reports.build import ReportError, report_for
from seonggwa.reports.charts import echarts_option
from seonggwa.reports.csv import table_csv
from seonggwa.reports.html import table_html
from seonggwa.reports.kinds import ReportKind, report_kind_get
from seonggwa.reports.model import Report
from seonggwa.reports.render import CONTENT_TYPES, FORMATS, file_name, report_render
from seonggwa.reports.tasks import goes_to_background, render_report


def _flag(request: HttpRequest, name: str) -> bool | None:
    """``?explain=1`` / ``0``: asked on or off; absent: the default."""
    value = request.GET.get(name)
    return None if value is None else value not in ("0", "false", "no", "")


def _plan_and_report(
    request: HttpRequest, pk: int, kind: str, *, download: bool
) -> tuple[Plan, ReportKind, Report]:
    plan = get_object_or_404(Plan.objects.select_related("organisation"), pk=pk)
    spec = report_kind_get(kind)
    if spec is None or not can_view_plan(request.user, plan):
        raise Http404
    public = not can_see_unapproved(request.user, plan)
    if plan.kind not in spec.offered_for:
        raise Http404
    unit = request.GET.get("unit") or None
    run_param = request.GET.get("run")
    if run_param is not None and not run_param.isdigit():
        raise Http404
    # the page shows explanations as cell tooltips; a download carries 부록. 산출 근거 by
    # default for a signed-in reader's graded document (?explain=0 turns it off, ?explain=1
    # asks for it otherwise — the public included)
    explain = _flag(request, "explain")
    if not download and explain is None:
        explain = False
    try:
        report = report_for(
            plan,
            kind,
            user=request.user,
            public=public,
            run=int(run_param) if run_param is not None else None,
            unit=unit,
            explain=explain,
        )
    except ReportError as exc:
        raise Http404(str(exc)) from exc
    return plan, spec, report


def report_page(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    plan, spec, report = _plan_and_report(request, pk, kind, download=False)
    public = not can_see_unapproved(request.user, plan)
    explain = _flag(request, "explain")
    explain_default = spec.graded and not public
    explaining = explain_default if explain is None else explain
    keep = {k: request.GET[k] for k in ("unit", "run") if request.GET.get(k)}
    query = dict(keep)
    if explain is not None:
        query["explain"] = "1" if explain else "0"
    toggle = {**keep, "explain": "0" if explaining else "1"}
    # the evaluation office picks the run a graded document reads (the newest by default)
    runs = []
    if spec.uses_run and can_run_evaluation(request.user, plan):
        unit_query = {"unit": keep["unit"]} if "unit" in keep else {}
        runs = [
            (r, urlencode({**unit_query, "run": r.pk}))
            for r in plan_runs(plan=plan).filter(period_key=str(plan.year))
        ]
    sections = [
        # the same parts as reports.html.section_html (the PDF's), laid out by the template so
        # the table alone scrolls sideways on a narrow screen; table_html escapes every text
        {
            "key": t.key,
            "heading": t.heading,
            "title": t.title,
            "unit_line": t.unit_line,
            "notes": ([t.legend] if t.legend else []) + list(t.footnotes),
            "table": mark_safe(table_html(t)),
        }
        for t in report.tables
    ]
    charts = [
        {"key": c.key, "script_id": f"opt-{c.key}", "option": echarts_option(c)}
        for c in report.charts[:40]
    ]
    return render(
        request,
        "reports/report.html",
        {
            "plan": plan,
            "report": report,
            "kind": kind,
            "kind_label": spec.label,
            "sections": sections,
            "charts": charts,
            # a heavy format is made by a background job: its link leads to the job's page,
            # so it carries no ``download`` attribute
            "formats": [
                (f, request.user.is_authenticated and goes_to_background(report, f))
                for f in FORMATS
                if f != "html"
            ],
            "unit": request.GET.get("unit", ""),
            "query": urlencode(query),
            "table_query": urlencode(keep),
            "explaining": explaining,
            "toggle_query": urlencode(toggle),
            "runs": runs,
        },
    )


def report_download(request: HttpRequest, pk: int, kind: str, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    plan, _spec, report = _plan_and_report(request, pk, kind, download=True)
    table_key = request.GET.get("table")
    if fmt == "csv" and table_key:
        table = next((t for t in report.tables if t.key == table_key), None)
        if table is None:
            raise Http404
        data, name, ctype = (
            table_csv(table),
            f"{report.file_stem}_{table.key}.csv",
            "text/csv; charset=utf-8",
        )
    elif request.user.is_authenticated and goes_to_background(report, fmt):
        # too big to make inside the request: a worker makes it, the job page shows progress
        job = start_job(
            render_report,
            kind="report",
            owner=request.user,
            organisation=plan.organisation,
            label=file_name(report, fmt),
            kwargs={
                "plan_id": plan.pk,
                "kind": kind,
                "fmt": fmt,
                "user_id": request.user.pk,
                "run": int(request.GET["run"]) if request.GET.get("run") else None,
                "unit": request.GET.get("unit") or None,
                "explain": _flag(request, "explain"),
            },
        )
        return redirect("web:job", task_id=job.task_id)
    else:
        data, name, ctype = report_render(report, fmt), file_name(report, fmt), CONTENT_TYPES[fmt]
    response = HttpResponse(data, content_type=ctype)
    disposition = "inline" if fmt == "html" else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{_quote(name)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)
