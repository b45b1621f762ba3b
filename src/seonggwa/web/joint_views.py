"""The joint evaluation (합동평가) of a plan of kind ``joint``:

* ``/plans/<pk>/joint/``: national goals with their indicator counts and the printed group
  averages, the timeline, the indicator list, and (for the office) the VPS upload form;
* ``/plans/<pk>/joint/vps/`` (POST, the office): import a VPS sheet, then the comparison;
* ``/plans/<pk>/joint/timeline/<step>/`` (POST, the office): change a timeline step's dates
  and the window it governs (the entry step moves the plan's entry window with it);
* ``/plans/<pk>/joint/cases/new/?group=city|province`` and ``/plans/<pk>/joint/cases/<case>/``
  (the office): add or change a best case (우수사례); ``…/<case>/delete/`` (POST) deletes one;
* ``/plans/<pk>/joint/regions/?group=city|province``: the regions of a peer group side by
  side — applicable and met quantitative indicators, 목표달성도, rank, group average (R17) —
  as a chart with the table beside it.

Whoever may see the plan may see the pages (``policy.can_view_plan``); the upload and the
timeline and the best cases are the office's (``policy.can_manage_plan``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from seonggwa.core.errors import PermissionDenied as ServicePermissionDenied
from seonggwa.core.errors import ServiceError
from seonggwa.frameworks.joint_selectors import (
    Comparison,
    joint_for_plan,
    joint_overview,
    region_comparison,
)
from seonggwa.frameworks.joint_services import (
    best_case_delete,
    best_case_save,
    timeline_step_update,
)
from seonggwa.frameworks.models import BestCase, JointEvaluation, PeerGroupKind, TimelineStep
from seonggwa.importers.joint.vps_load import vps_import, vps_upload_check
from seonggwa.plans.models import Plan
from seonggwa.policy import can_manage_plan, can_view_plan
from seonggwa.reports.charts import chart_svg
from seonggwa.reports.model import Chart, ChartKind, Series

from .joint_forms import BestCaseForm, TimelineStepForm, VpsUploadForm

CHART_WIDTH = 420
MAX_FINDINGS_SHOWN = 20


def _evaluation(request: HttpRequest, pk: int) -> tuple[Plan, JointEvaluation]:
    plan = get_object_or_404(Plan.objects.select_related("organisation"), pk=pk)
    if not can_view_plan(request.user, plan):
        raise Http404  # as the plan page: a draft's existence is not revealed
    evaluation = joint_for_plan(plan)
    if evaluation is None:
        raise Http404
    return plan, evaluation


def _step_form(step: TimelineStep, data: Any = None) -> TimelineStepForm:
    return TimelineStepForm(
        data,
        prefix=f"step{step.pk}",
        initial={
            "starts_on": step.starts_on,
            "ends_on": step.ends_on,
            "governs": step.governs,
            "version": step.version,
        },
    )


def _page(
    request: HttpRequest,
    plan: Plan,
    evaluation: JointEvaluation,
    form: VpsUploadForm | None,
    step_form: tuple[int, TimelineStepForm] | None = None,
) -> HttpResponse:
    may_manage = can_manage_plan(request.user, plan)
    overview = joint_overview(evaluation)
    steps = [
        (
            row,
            (
                step_form[1]
                if step_form is not None and step_form[0] == row.step.pk
                else _step_form(row.step)
            )
            if may_manage
            else None,
        )
        for row in overview.steps
    ]
    failed = (form is not None and bool(form.errors)) or (
        step_form is not None and bool(step_form[1].errors)
    )
    return render(
        request,
        "web/joint.html",
        {
            "plan": plan,
            "evaluation": evaluation,
            "overview": overview,
            "steps": steps,
            "open_step": step_form[0] if step_form is not None else None,
            # the refusal also above the table: at 390 px the step's form is scrolled aside
            "step_errors": [str(e) for errors in step_form[1].errors.values() for e in errors]
            if step_form is not None
            else [],
            "today": timezone.localdate(),
            "form": (form or VpsUploadForm()) if may_manage else None,
            "may_manage": may_manage,
            # the office sees both groups (to add the first case); the others only those
            # with cases, as before
            "case_groups": [
                (g, str(label), overview.best_cases_of(g)) for g, label in PeerGroupKind.choices
            ]
            if may_manage
            else overview.best_case_groups,
            "groups": PeerGroupKind.choices,
        },
        status=400 if failed else 200,
    )


@require_GET
def joint_page(request: HttpRequest, pk: int) -> HttpResponse:
    plan, evaluation = _evaluation(request, pk)
    return _page(request, plan, evaluation, None)


@login_required
@require_POST
def joint_vps_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Import the uploaded VPS sheet; a refused file is shown beside the file field."""
    plan, evaluation = _evaluation(request, pk)
    if not can_manage_plan(request.user, plan):
        raise PermissionDenied
    form = VpsUploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        limit = int(settings.SEONGGWA_MAX_UPLOAD_BYTES)
        data = upload.read(limit + 1)
        name = upload.name or "vps.csv"
        try:
            vps_upload_check(name=name, data=data)
            result = vps_import(
                user=request.user,
                plan=plan,
                path_or_bytes=data,
                source_name=name,
                region=form.cleaned_data.get("region") or "",
            )
        except ServicePermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        except ServiceError as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(
                request,
                _("%(file)s: %(written)s rows saved, %(skipped)s skipped.")
                % {"file": name, "written": result.written, "skipped": result.skipped},
            )
            for f in result.findings[:MAX_FINDINGS_SHOWN]:
                messages.warning(request, f.message)
            if len(result.findings) > MAX_FINDINGS_SHOWN:
                messages.warning(
                    request,
                    _("%(n)s more findings are stored with the plan.")
                    % {"n": len(result.findings) - MAX_FINDINGS_SHOWN},
                )
            first = next(
                (
                    r
                    for r in evaluation.regions.all()
                    if result.regions and r.name == result.regions[0]
                ),
                None,
            )
            group = first.group if first else PeerGroupKind.CITY
            return redirect(f"{reverse('web:joint-regions', args=[plan.pk])}?group={group}")
    return _page(request, plan, evaluation, form)


@login_required
@require_POST
def joint_timeline_step(request: HttpRequest, pk: int, step_pk: int) -> HttpResponse:
    """Change one step's dates and the window it governs; a refusal is shown beside the
    step's fields."""
    plan, evaluation = _evaluation(request, pk)
    if not can_manage_plan(request.user, plan):
        raise PermissionDenied
    step = get_object_or_404(TimelineStep, pk=step_pk, evaluation=evaluation)
    form = _step_form(step, request.POST)
    if form.is_valid():
        try:
            done = timeline_step_update(
                user=request.user,
                step=step,
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
                # a post without the field (an older form) leaves the window as it is
                governs=form.cleaned_data["governs"]
                if form.add_prefix("governs") in request.POST
                else None,
                expected_version=form.cleaned_data["version"],
            )
        except ServicePermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            if done.governs == TimelineStep.Governs.ENTRY:
                text = _("%(step)s: %(starts)s ~ %(ends)s; the entry window of %(period)s follows.")
            elif done.governs == TimelineStep.Governs.OBJECTIONS:
                text = _(
                    "%(step)s: %(starts)s ~ %(ends)s; its last day is the default objection "
                    "deadline."
                )
            else:
                text = _("Saved the dates of %(step)s: %(starts)s ~ %(ends)s.")
            messages.success(
                request,
                text
                % {
                    "step": done.label,
                    "starts": done.starts_on.isoformat() if done.starts_on else "-",
                    "ends": done.ends_on.isoformat() if done.ends_on else "-",
                    "period": plan.year,
                },
            )
            return redirect(f"{reverse('web:joint', args=[plan.pk])}#timeline-title")
    return _page(request, plan, evaluation, None, (step.pk, form))


def _office(request: HttpRequest, pk: int) -> tuple[Plan, JointEvaluation]:
    """The evaluation, for the office only: whoever may not see the plan gets 404 (as the
    page), whoever sees it but may not manage it 403."""
    plan, evaluation = _evaluation(request, pk)
    if not can_manage_plan(request.user, plan):
        raise PermissionDenied
    return plan, evaluation


def _case_page(
    request: HttpRequest,
    plan: Plan,
    evaluation: JointEvaluation,
    form: BestCaseForm,
    case: BestCase | None = None,
    group: str = "",
    delete_error: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "web/joint_case.html",
        {
            "plan": plan,
            "evaluation": evaluation,
            "form": form,
            "case": case,
            "group_label": PeerGroupKind(group).label if group else "",
            "delete_error": delete_error,
        },
        status=400 if form.errors else status,
    )


def _case_saved(request: HttpRequest, plan: Plan, case: BestCase, text: str) -> HttpResponse:
    messages.success(request, text % {"title": case.title, "region": case.region.name})
    return redirect(f"{reverse('web:joint', args=[plan.pk])}#cases-{case.group}")


def _case_save(
    request: HttpRequest,
    evaluation: JointEvaluation,
    form: BestCaseForm,
    case: BestCase | None,
) -> BestCase | None:
    """Save the form through the service; None with the refusal added to its field."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        return best_case_save(
            user=request.user,
            evaluation=evaluation,
            case=case,
            expected_version=data.get("version"),
            region=data["region"],
            indicator=data.get("indicator"),
            selection=data["selection"],
            title=data["title"],
            summary=data.get("summary", ""),
        )
    except ServicePermissionDenied as exc:
        raise PermissionDenied(str(exc)) from exc
    except ServiceError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, str(exc))
    return None


@login_required
def joint_case_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a best case; ``?group=`` offers the regions of that peer group only."""
    plan, evaluation = _office(request, pk)
    group = request.GET.get("group", "")
    if group and group not in PeerGroupKind.values:
        raise Http404
    if request.method == "POST":
        form = BestCaseForm(request.POST, evaluation=evaluation, group=group)
        saved = _case_save(request, evaluation, form, None)
        if saved is not None:
            return _case_saved(
                request, plan, saved, _("Added the best case %(title)s (%(region)s).")
            )
    else:
        form = BestCaseForm(evaluation=evaluation, group=group)
    return _case_page(request, plan, evaluation, form, group=group)


def _case(evaluation: JointEvaluation, case_pk: int) -> BestCase:
    return get_object_or_404(
        BestCase.objects.select_related("region", "indicator__indicator"),
        pk=case_pk,
        evaluation=evaluation,
    )


def _case_initial(case: BestCase) -> dict[str, Any]:
    return {
        "region": case.region_id,
        "indicator": case.indicator_id,
        "selection": case.selection,
        "title": case.title,
        "summary": case.summary,
        "version": case.version,
    }


@login_required
def joint_case_edit(request: HttpRequest, pk: int, case_pk: int) -> HttpResponse:
    """Change a best case (with the version read: a stale form is refused)."""
    plan, evaluation = _office(request, pk)
    case = _case(evaluation, case_pk)
    if request.method == "POST":
        form = BestCaseForm(request.POST, evaluation=evaluation)
        saved = _case_save(request, evaluation, form, case)
        if saved is not None:
            return _case_saved(
                request, plan, saved, _("Saved the best case %(title)s (%(region)s).")
            )
    else:
        form = BestCaseForm(evaluation=evaluation, initial=_case_initial(case))
    return _case_page(request, plan, evaluation, form, case)


@login_required
@require_POST
def joint_case_delete(request: HttpRequest, pk: int, case_pk: int) -> HttpResponse:
    """Delete a best case after confirming it on its page; a stale page is refused there."""
    plan, evaluation = _office(request, pk)
    case = _case(evaluation, case_pk)
    raw = request.POST.get("version", "")
    try:
        best_case_delete(
            user=request.user, case=case, expected_version=int(raw) if raw.isdigit() else None
        )
    except ServicePermissionDenied as exc:
        raise PermissionDenied(str(exc)) from exc
    except ServiceError as exc:
        case.refresh_from_db()  # the page shows the case as it is now
        form = BestCaseForm(evaluation=evaluation, initial=_case_initial(case))
        return _case_page(request, plan, evaluation, form, case, delete_error=str(exc), status=409)
    messages.success(
        request,
        _("Deleted the best case %(title)s (%(region)s).")
        % {"title": case.title, "region": case.region.name},
    )
    return redirect(f"{reverse('web:joint', args=[plan.pk])}#cases-title")


def comparison_chart(comparison: Comparison) -> str:
    chart = Chart(
        key=f"joint-{comparison.group}",
        title=_("Share meeting target (목표달성도) by region"),
        kind=ChartKind.BAR,
        categories=[r.region.name for r in comparison.rows],
        series=[
            Series(
                _("share meeting target (목표달성도)"),
                [r.achievement.value if r.achievement.ok else None for r in comparison.rows],  # type: ignore[misc]
            )
        ],
        unit="%",
    )
    return mark_safe(chart_svg(chart, width=CHART_WIDTH))  # chart_svg escapes every text


@require_GET
def joint_regions(request: HttpRequest, pk: int) -> HttpResponse:
    plan, evaluation = _evaluation(request, pk)
    group = request.GET.get("group", PeerGroupKind.CITY)
    if group not in PeerGroupKind.values:
        raise Http404
    comparison = region_comparison(evaluation, group)
    context: dict[str, Any] = {
        "plan": plan,
        "evaluation": evaluation,
        "comparison": comparison,
        "groups": PeerGroupKind.choices,
        "group": group,
        "chart_svg": comparison_chart(comparison)
        if any(r.achievement.ok for r in comparison.rows)
        else "",
    }
    return render(request, "web/joint_regions.html", context)
