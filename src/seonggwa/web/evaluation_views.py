"""The evaluation office's runs of a plan: the list with a start button, and a run's page with
its stored results by unit, what changed since the run before, sharing, R8 overrides, and
finalise / publish; the office's list of objections with accept / reject; and the units'
view of a shared provisional run with its 이의신청 form.

The office's pages are the central roles' (``central_plan``); a provisional run is shown to
the units only once shared, and then only their own units' results (docs/evaluation.md)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from seonggwa.core.errors import ServiceError
from seonggwa.evaluation.compute import UnknownScheme, scheme_for
from seonggwa.evaluation.models import EvaluationRun, IndicatorResult, Objection, ObjectionEvidence
from seonggwa.evaluation.selectors import (
    open_objection_count,
    plan_runs,
    run_changes,
    run_objections,
    run_owner_results,
    run_previous,
    run_results,
)
from seonggwa.evaluation.services import (
    Upload,
    grade_override_apply,
    grade_override_remove,
    objection_accept,
    objection_raise,
    objection_reject,
    objection_window_refusal,
    run_finalise,
    run_publish,
    run_share,
    run_start,
)
from seonggwa.evaluation.tasks import EVALUATION_KIND, evaluate_plan, run_goes_to_background
from seonggwa.frameworks.joint_selectors import objection_deadline
from seonggwa.jobs.services import start_job
from seonggwa.plans.models import Period, Plan
from seonggwa.policy import ENTERING, can_read_shared_run, is_central, units_for
from seonggwa.reports.builders.run_results import run_results_table
from seonggwa.reports.csv import table_csv
from seonggwa.reports.open_data import render_after_publication

from .office_access import central_plan, visible_plan


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
    """Start a run of the plan (for its year, or the period chosen); a big plan's run goes to
    a background job, whose page shows the progress and then links to the run."""
    plan = central_plan(request, pk)
    period = None
    chosen = request.POST.get("period", "")
    if chosen and chosen != str(plan.year):
        period = get_object_or_404(Period, plan=plan, key=chosen)
    if run_goes_to_background(plan):
        job = start_job(
            evaluate_plan,
            kind=EVALUATION_KIND,
            owner=request.user,
            organisation=plan.organisation,
            label=_("Evaluating %(plan)s for %(period)s")
            % {"plan": plan, "period": period.key if period is not None else plan.year},
            kwargs={
                "plan_id": plan.pk,
                "period_key": period.key if period is not None else None,
                "user_id": request.user.pk,
            },
        )
        return redirect("web:job", task_id=job.task_id)
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
            "provisional": run.status == EvaluationRun.Status.PROVISIONAL,
            "open_objections": open_objection_count(run=run),
            "objections": len(run_objections(run=run)),
            "override_bands": _override_bands(run),
            "today": timezone.localdate(),
            "default_objections_until": _default_deadline(plan),
        },
    )


def _default_deadline(plan: Plan) -> datetime.date | None:
    """The objection deadline a share proposes: a joint evaluation's objection step's last
    day (docs/joint-evaluation.md), when it is not past."""
    until = objection_deadline(plan)
    return until if until is not None and until >= timezone.localdate() else None


def _override_bands(run: EvaluationRun) -> list[tuple[str, str, list[str]]]:
    """The grades an override may give under the run's scheme, with their R8 reasons."""
    try:
        scheme = scheme_for(run.scheme_name)
    except UnknownScheme:
        return []
    return [
        (b.code, f"{b.mark} {b.label}" if b.mark != b.label else b.label, [str(r) for r in rs])
        for b in scheme.bands
        if (rs := scheme.allowed_overrides.get(b.code))
    ]


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
        if action == "publish":
            render_after_publication(user=request.user, organisation=plan.organisation)
        messages.success(
            request,
            _("Run %(run)s is now %(status)s.")
            % {"run": done.number, "status": done.get_status_display()},
        )
    return redirect("web:evaluation-run", pk=plan.pk, run_pk=run.pk)


def _choice(request: HttpRequest) -> tuple[str, str]:
    """(grade, R8 reason) of an override form: one select whose options are "grade|reason"."""
    band, _sep, reason = request.POST.get("choice", "").partition("|")
    return band, reason


def _version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


@login_required
@require_POST
def run_share_view(request: HttpRequest, pk: int, run_pk: int) -> HttpResponse:
    """Share a provisional run with the units until the date chosen (이의신청 기간)."""
    plan = central_plan(request, pk)
    run = _plan_run(plan, run_pk)
    posted = request.POST.get("objections_until", "").strip()
    default = _default_deadline(plan)
    try:
        until = datetime.date.fromisoformat(posted) if posted or default is None else default
    except ValueError:
        messages.error(request, _("Choose the last day of the objection window."))
        return redirect("web:evaluation-run", pk=plan.pk, run_pk=run.pk)
    try:
        done = run_share(
            user=request.user, run=run, objections_until=until, expected_version=_version(request)
        )
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Run %(run)s is shared with the units; they may object until %(until)s.")
            % {"run": done.number, "until": until.isoformat()},
        )
    return redirect("web:evaluation-run", pk=plan.pk, run_pk=run.pk)


@login_required
@require_POST
def run_override(request: HttpRequest, pk: int, run_pk: int, result_pk: int) -> HttpResponse:
    """Apply an R8 override to one indicator of a provisional run."""
    plan = central_plan(request, pk)
    run = _plan_run(plan, run_pk)
    result = get_object_or_404(IndicatorResult.objects.select_related("run"), pk=result_pk, run=run)
    try:
        grade_override_apply(
            user=request.user,
            result=result,
            band=_choice(request)[0],
            reason=_choice(request)[1],
            note=request.POST.get("note", "").strip(),
            expected_version=_version(request),
        )
    except ServiceError as exc:
        messages.error(request, f"{result.indicator_name}: {exc}")
    else:
        messages.success(
            request,
            _("The grade of %(indicator)s is overridden; later runs of %(period)s apply it too.")
            % {"indicator": result.indicator_name, "period": run.period_key},
        )
    return redirect(
        reverse("web:evaluation-run", kwargs={"pk": plan.pk, "run_pk": run.pk})
        + f"#result-{result.pk}"
    )


@login_required
@require_POST
def run_override_remove(request: HttpRequest, pk: int, run_pk: int, result_pk: int) -> HttpResponse:
    """Withdraw an indicator's R8 override: back to the computed grade, in this run and later."""
    plan = central_plan(request, pk)
    run = _plan_run(plan, run_pk)
    result = get_object_or_404(IndicatorResult.objects.select_related("run"), pk=result_pk, run=run)
    try:
        grade_override_remove(user=request.user, result=result, expected_version=_version(request))
    except ServiceError as exc:
        messages.error(request, f"{result.indicator_name}: {exc}")
    else:
        messages.success(
            request,
            _("The override of %(indicator)s is withdrawn: the computed grade applies again.")
            % {"indicator": result.indicator_name},
        )
    return redirect(
        reverse("web:evaluation-run", kwargs={"pk": plan.pk, "run_pk": run.pk})
        + f"#result-{result.pk}"
    )


@login_required
@require_safe
def run_objections_view(request: HttpRequest, pk: int, run_pk: int) -> HttpResponse:
    """The office's list of a run's objections, with accept and reject for the open ones."""
    plan = central_plan(request, pk)
    run = _plan_run(plan, run_pk)
    return render(
        request,
        "web/evaluation/objections.html",
        {
            "plan": plan,
            "run": run,
            "objections": run_objections(run=run),
            "override_bands": _override_bands(run),
        },
    )


@login_required
@require_POST
def objection_decide(
    request: HttpRequest, pk: int, run_pk: int, objection_pk: int, decision: str
) -> HttpResponse:
    """Accept (with a corrected actual or grade) or reject an objection, with a reason."""
    plan = central_plan(request, pk)
    run = _plan_run(plan, run_pk)
    objection = get_object_or_404(Objection, pk=objection_pk, run=run)
    reason = request.POST.get("reason", "")
    try:
        if decision == "accept":
            correction = request.POST.get("correction", "")
            objection_accept(
                user=request.user,
                objection=objection,
                expected_version=_version(request),
                reason=reason,
                actual=request.POST.get("actual", "") if correction == "actual" else "",
                band=_choice(request)[0] if correction == "grade" else "",
                override_reason=_choice(request)[1],
            )
            done = _("upheld")
        elif decision == "reject":
            objection_reject(
                user=request.user,
                objection=objection,
                expected_version=_version(request),
                reason=reason,
            )
            done = _("dismissed")
        else:
            raise Http404
    except ServiceError as exc:
        messages.error(request, f"{objection.result.indicator_name}: {exc}")
    else:
        messages.success(
            request,
            _("The objection to %(indicator)s is %(status)s; the unit is told.")
            % {"indicator": objection.result.indicator_name, "status": done},
        )
    return redirect("web:evaluation-objections", pk=plan.pk, run_pk=run.pk)


def _shared_run(request: HttpRequest, pk: int, run_pk: int) -> tuple[Plan, EvaluationRun]:
    """A run as the units read it: shared (the office reads every run), by people who enter
    a unit's actuals; others get 403, and a run not shared is not found."""
    plan = visible_plan(request, pk)
    if not can_read_shared_run(request.user, plan):
        raise PermissionDenied
    run = _plan_run(plan, run_pk)
    if run.shared_at is None and not is_central(request.user, plan.organisation_id):
        raise Http404
    return plan, run


@login_required
@require_safe
def run_shared(request: HttpRequest, pk: int, run_pk: int) -> HttpResponse:
    """A shared provisional run as a unit reads it: its units' results, the objections it
    raised and their decisions, and the 이의신청 form while the window is open."""
    plan, run = _shared_run(request, pk, run_pk)
    unit_ids = units_for(request.user, plan, ENTERING)
    results = [
        r
        for r in IndicatorResult.objects.filter(run=run)
        .select_related("owner__unit")
        .order_by("position")
        if unit_ids is None or r.owner.unit_id in unit_ids
    ]
    objections = run_objections(run=run, unit_ids=unit_ids)
    by_result: dict[int, list[Objection]] = defaultdict(list)
    for o in objections:
        by_result[o.result_id].append(o)
    by_unit: dict[str, list[tuple[Any, list[Objection], bool]]] = defaultdict(list)
    refusal = objection_window_refusal(run)
    for r in results:
        mine = by_result.get(r.pk, [])
        may_object = (
            refusal is None
            and unit_ids is not None
            and not any(o.status == Objection.Status.OPEN for o in mine)
        )
        by_unit[r.unit_name].append((r, mine, may_object))
    return render(
        request,
        "web/evaluation/shared.html",
        {
            "plan": plan,
            "run": run,
            "units": list(by_unit.items()),
            "refusal": refusal,
            "max_bytes": settings.SEONGGWA_MAX_UPLOAD_BYTES,
        },
    )


@login_required
@require_POST
def objection_new(request: HttpRequest, pk: int, run_pk: int, result_pk: int) -> HttpResponse:
    """A unit raises an objection to one of its results, with a reason and files."""
    plan, run = _shared_run(request, pk, run_pk)
    result = get_object_or_404(IndicatorResult, pk=result_pk, run=run)
    limit = int(settings.SEONGGWA_MAX_UPLOAD_BYTES)
    files = [
        Upload(
            f.name or "file",
            f.read(limit + 1),
            content_type=f.content_type,
            size=f.size,
        )
        for f in request.FILES.getlist("files")
    ]
    try:
        objection_raise(
            user=request.user, result=result, reason=request.POST.get("reason", ""), files=files
        )
    except ServiceError as exc:
        messages.error(request, f"{result.indicator_name}: {exc}")
    else:
        messages.success(
            request,
            _("Your objection to %(indicator)s is sent to the evaluation office.")
            % {"indicator": result.indicator_name},
        )
    return redirect(
        reverse("web:evaluation-run-shared", kwargs={"pk": plan.pk, "run_pk": run.pk})
        + f"#result-{result.pk}"
    )


@login_required
@require_safe
def objection_evidence(request: HttpRequest, pk: int) -> FileResponse:
    """A file attached to an objection: for the office and the people of the objecting unit;
    everyone else gets 404."""
    evidence = get_object_or_404(
        ObjectionEvidence.objects.select_related("objection__run__plan"), pk=pk
    )
    plan = evidence.objection.run.plan
    units = units_for(request.user, plan, ENTERING)
    if units is not None and evidence.objection.unit_id not in units:
        raise Http404
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404(_("The file is missing from the storage.")) from exc
    return FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type or "application/octet-stream",
    )


@login_required
@require_safe
def run_results_csv(request: HttpRequest, pk: int, run_pk: int) -> HttpResponse:
    """The run's stored results as CSV, the computed grade beside the applied one."""
    plan = central_plan(request, pk)
    run = _plan_run(plan, run_pk)
    table = run_results_table(run, run_results(run=run))
    response = HttpResponse(table_csv(table), content_type="text/csv; charset=utf-8")
    name = f"{plan.year}_{plan.kind}_run{run.number}_{run.period_key}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
