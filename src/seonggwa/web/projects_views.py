"""Pages of the major projects (주요 역점사업 정기평가, domain.md §4.12, R18) of a plan of
kind ``projects``: the office's compiled table (projects with their sub-projects, money in
백만원, 공정률 계획 / 실행 of a period, the R18 flags) and a project's page with its progress
per period. Whoever may see the plan reads (``policy.can_view_plan``; unapproved progress
only for the organisation's people); the office sets the 계획 (the service asks the policy
again); departments report the 실행 in the entry grid."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from seonggwa.core.errors import ServiceError
from seonggwa.plans.models import Plan
from seonggwa.policy import can_edit_plan, can_see_unapproved, can_view_plan, enters_for_plan
from seonggwa.projects.models import Project
from seonggwa.projects.selectors import compiled_table, period_order, project_progress
from seonggwa.projects.services import progress_target_set, project_save

from .projects_forms import ProgressTargetForm, ProjectForm


def _plan(request: HttpRequest, pk: int) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("organisation"), pk=pk)
    if plan.kind != Plan.Kind.MAJOR_PROJECTS or not can_view_plan(request.user, plan):
        raise Http404  # as the plan page: a draft's existence is not revealed
    return plan


def projects_table(request: HttpRequest, pk: int) -> HttpResponse:
    """The compiled table; ``?period=KEY`` picks the period of the 공정률 shown."""
    plan = _plan(request, pk)
    table = compiled_table(
        plan,
        period_key=request.GET.get("period") or None,
        see_unapproved=can_see_unapproved(request.user, plan),
    )
    return render(
        request,
        "web/projects/table.html",
        {
            "plan": plan,
            "table": table,
            "enters": request.user.is_authenticated and enters_for_plan(request.user, plan),
        },
    )


def project_page(request: HttpRequest, pk: int, project: int) -> HttpResponse:
    """One project: its period, financing and money as printed and as read, its
    sub-projects, and its 계획 / 실행 per period; the office sets the 계획 of a period."""
    plan = _plan(request, pk)
    target = get_object_or_404(
        Project.objects.select_related("department", "parent", "progress_indicator"),
        pk=project,
        plan=plan,
    )
    editable = can_edit_plan(request.user, plan)
    manageable = editable and target.progress_indicator is not None
    periods = sorted(plan.periods.all(), key=period_order)
    which = request.POST.get("form") if request.method == "POST" else None
    form = ProgressTargetForm(
        request.POST if request.method == "POST" and which != "edit" else None, periods=periods
    )
    edit_form = ProjectForm(
        request.POST if which == "edit" else None,
        prefix="edit",
        initial={
            "name": target.name,
            "period_raw": target.period_raw,
            "total_cost_raw": target.total_cost_raw,
            "budget_raw": target.budget_raw,
            "progress_text": target.progress_text,
        },
    )
    status = 200
    if request.method == "POST":
        if not editable or (which != "edit" and not manageable):
            raise PermissionDenied
        try:
            if which == "edit" and edit_form.is_valid():
                project_save(
                    user=request.user,
                    plan=plan,
                    department=target.department,
                    number=target.number,
                    parent=target.parent,
                    sub_number=target.sub_number,
                    project=target,
                    **edit_form.cleaned_data,
                )
                messages.success(request, _("Saved the project."))
                return redirect("web:project", pk=plan.pk, project=target.pk)
            if which != "edit" and form.is_valid():
                period = next(p for p in periods if p.key == form.cleaned_data["period"])
                progress_target_set(
                    user=request.user,
                    project=target,
                    period=period,
                    raw=form.cleaned_data["planned"],
                )
                messages.success(
                    request,
                    _("Saved the planned progress of %(period)s.") % {"period": period.key},
                )
                return redirect("web:project", pk=plan.pk, project=target.pk)
        except ServiceError as exc:
            (edit_form if which == "edit" else form).add_service_error(exc)
        status = 400
    return render(
        request,
        "web/projects/project.html",
        {
            "plan": plan,
            "project": target,
            "children": list(target.children.select_related("department").order_by("position")),
            "progress": project_progress(
                target, see_unapproved=can_see_unapproved(request.user, plan)
            ),
            "manageable": manageable,
            "editable": editable,
            "form": form,
            "edit_form": edit_form,
            "enters": request.user.is_authenticated and enters_for_plan(request.user, plan),
        },
        status=status,
    )
