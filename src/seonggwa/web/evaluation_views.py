"""The evaluation office's runs of a plan: the list with a start button, and a run's page with
its stored results by unit, what changed since the run before, and finalise / publish.

Only the central roles reach these pages (``central_plan``): a provisional run is not shown to
units, the committee or the public yet (docs/evaluation.md)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from seonggwa.core.errors import ServiceError
from seonggwa.evaluation.compute import UnknownScheme, scheme_for
from seonggwa.evaluation.models import EvaluationRun
from seonggwa.evaluation.selectors import (
    plan_runs,
    run_changes,
    run_owner_results,
    run_previous,
    run_results,
)
from seonggwa.evaluation.services import run_finalise, run_publish, run_start
from seonggwa.plans.models import Period, Plan

from .office_access import central_plan


@login_required
@require_safe
def runs(request: HttpRequest, pk: int) -> HttpResponse:
    """A plan's evaluation runs, newest first, and the form that starts one."""
    plan = central_plan(request, pk)
    return render(
        request,
        "web/evaluation/runs.html",
        {
            "plan": plan,
            "runs": list(plan_runs(plan=plan).select_related("started_by")),
            "periods": list(Period.objects.filter(plan=plan).order_by("year", "quarter", "month")),
            "startable": plan.status != Plan.Status.DRAFT,
        },
    )


@login_required
@require_POST
def run_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a run of the plan (for its year, or the period chosen)."""
    plan = central_plan(request, pk)
    period = None
    chosen = request.POST.get("period", "")
    if chosen and chosen != str(plan.year):
        period = get_object_or_404(Period, plan=plan, key=chosen)
    try:
        run = run_start(user=request.user, plan=plan, period=period)
    except ServiceError as exc:
        messages.error(request, str(exc))
        return redirect("web:evaluation-runs", pk=plan.pk)
    messages.success(
        request,
        _("Evaluated %(plan)s for %(period)s: run %(run)s (provisional).")
        % {"plan": plan, "period": run.period_key, "run": run.number},
    )
    return redirect("web:evaluation-run", pk=plan.pk, run_pk=run.pk)


def _plan_run(plan: Plan, run_pk: int) -> EvaluationRun:
    return get_object_or_404(EvaluationRun.objects.select_related("plan"), pk=run_pk, plan=plan)


@login_required
@require_safe
def run_detail(request: HttpRequest, pk: int, run_pk: int) -> HttpResponse:
    """A run's stored results by unit, its owners' aggregates and what changed since the
    run before it."""
    plan = central_plan(request, pk)
    run = _plan_run(plan, run_pk)
    by_unit: dict[str, list[Any]] = defaultdict(list)
    for result in run_results(run=run):
        by_unit[result.unit_name].append(result)
    previous = run_previous(run=run)
    owners = run_owner_results(run=run)
    try:
        bands = [
            (b.code, b.mark) for b in scheme_for(run.scheme_name, version=run.scheme_version).bands
        ]
    except UnknownScheme:  # a scheme no longer in the registry: its codes
        bands = [(code, code) for code in owners[0].grade_counts] if owners else []
    owner_rows = [
        (owner, [(mark, owner.grade_counts.get(code, 0)) for code, mark in bands])
        for owner in owners
    ]
    newest = plan_runs(plan=plan).filter(period_key=run.period_key).first()
    return render(
        request,
        "web/evaluation/run.html",
        {
            "plan": plan,
            "run": run,
            "units": list(by_unit.items()),
            "owners": owner_rows,
            "previous": previous,
            "changes": run_changes(run=run, previous=previous) if previous is not None else [],
            "finalisable": run.status == EvaluationRun.Status.PROVISIONAL
            and newest is not None
            and newest.pk == run.pk,
            "publishable": run.status == EvaluationRun.Status.FINAL,
        },
    )


ACTIONS = {"finalise": run_finalise, "publish": run_publish}


@login_required
@require_POST
def run_action(request: HttpRequest, pk: int, run_pk: int, action: str) -> HttpResponse:
    """Finalise or publish a run, with the version the page read."""
    plan = central_plan(request, pk)
    run = _plan_run(plan, run_pk)
    service = ACTIONS.get(action)
    if service is None:
        raise Http404
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        done = service(user=request.user, run=run, expected_version=version)
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Run %(run)s is now %(status)s.")
            % {"run": done.number, "status": done.get_status_display()},
        )
    return redirect("web:evaluation-run", pk=plan.pk, run_pk=run.pk)
