"""Pages of the major projects (주요 역점사업 정기평가, domain.md §4.12, R18) of a plan of
kind ``projects``: the office's compiled table (projects with their sub-projects, money in
백만원, 공정률 계획 / 실행 of a period, the R18 flags) and a project's page with its progress
per period. Whoever may see the plan reads (``policy.can_view_plan``; unapproved progress
only for the organisation's people); the office adds a project on the table, changes or
deletes one and sets its 계획 on its page (the services ask the policy again); departments
report the 실행 in the entry grid."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from seonggwa.core.errors import ServiceError
from seonggwa.plans.models import Plan
from seonggwa.policy import can_edit_plan, can_see_unapproved, can_view_plan, enters_for_plan
from seonggwa.projects.models import Project
from seonggwa.projects.selectors import (
    compiled_table,
    period_order,
    project_flags,
    project_progress,
)
from seonggwa.projects.services import progress_target_set, project_delete, project_save

from .projects_forms import ProgressTargetForm, ProjectForm


def _version(request: HttpRequest) -> int | None:
    """The version of the project the form showed (None when the form sent none)."""
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None


def _plan(request: HttpRequest, pk: int) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("organisation"), pk=pk)
    if plan.kind != Plan.Kind.MAJOR_PROJECTS or not can_view_plan(request.user, plan):
        raise Http404  # as the plan page: a draft's existence is not revealed
    return plan


def _table_page(
    request: HttpRequest, plan: Plan, form: ProjectForm | None = None, status: int = 200
) -> HttpResponse:
    table = compiled_table(
        plan,
        period_key=request.GET.get("period") or None,
        see_unapproved=can_see_unapproved(request.user, plan),
    )
    editable = can_edit_plan(request.user, plan)
    if editable and form is None:
        last = max((r.project.number or 0 for r in table.rows), default=0)
        form = ProjectForm(plan=plan, prefix="add", initial={"number": last + 1})
    return render(
        request,
        "web/projects/table.html",
        {
            "plan": plan,
            "table": table,
            "editable": editable,
            "add_form": form,
            "enters": request.user.is_authenticated and enters_for_plan(request.user, plan),
        },
        status=status,
    )


def projects_table(request: HttpRequest, pk: int) -> HttpResponse:
    """The compiled table; ``?period=KEY`` picks the period of the 공정률 shown; the office
    adds a project there."""
    return _table_page(request, _plan(request, pk))


def _r18_message(request: HttpRequest, project: Project) -> None:
    """Say what R18 finds in the saved project: shown as the engine judges, not refused."""
    flags = project_flags(project)
    if flags:
        messages.warning(
            request,
            _("R18 check: %(flags)s. The table shows it; nothing was refused.")
            % {"flags": ", ".join(flags)},
        )


@require_POST
def project_add(request: HttpRequest, pk: int) -> HttpResponse:
    """The office registers a project, a sub-project or a parent (projects.project_save)."""
    plan = _plan(request, pk)
    if not can_edit_plan(request.user, plan):
        raise PermissionDenied
    form = ProjectForm(request.POST, plan=plan, prefix="add")
    if form.is_valid():
        try:
            created = project_save(user=request.user, plan=plan, **form.service_arguments())
        except ServiceError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Registered %(name)s.") % {"name": created})
            _r18_message(request, created)
            return redirect("web:project", pk=plan.pk, project=created.pk)
    return _table_page(request, plan, form, status=400)


def _project(plan: Plan, project: int) -> Project:
    return get_object_or_404(
        Project.objects.select_related("department", "parent", "progress_indicator"),
        pk=project,
        plan=plan,
    )


def _project_page(
    request: HttpRequest,
    plan: Plan,
    target: Project,
    status: int = 200,
    form: ProgressTargetForm | None = None,
    edit_form: ProjectForm | None = None,
    delete_error: str = "",
) -> HttpResponse:
    editable = can_edit_plan(request.user, plan)
    manageable = editable and target.progress_indicator is not None
    periods = sorted(plan.periods.all(), key=period_order)
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
            "flags": project_flags(target),
            "manageable": manageable,
            "editable": editable,
            "form": form or ProgressTargetForm(periods=periods),
            "edit_form": edit_form or (ProjectForm(plan=plan, project=target, prefix="edit")),
            "delete_error": delete_error,
            "enters": request.user.is_authenticated and enters_for_plan(request.user, plan),
        },
        status=status,
    )


def project_page(request: HttpRequest, pk: int, project: int) -> HttpResponse:
    """One project: its period, financing and money as printed and as read, the R18
    checks, its sub-projects, and its 계획 / 실행 per period; the office sets the 계획 of a
    period, changes the project (``web:project-edit``) or deletes it."""
    plan = _plan(request, pk)
    target = _project(plan, project)
    if request.method != "POST":
        return _project_page(request, plan, target)
    if not can_edit_plan(request.user, plan) or target.progress_indicator is None:
        raise PermissionDenied
    periods = sorted(plan.periods.all(), key=period_order)
    form = ProgressTargetForm(request.POST, periods=periods)
    if form.is_valid():
        period = next(p for p in periods if p.key == form.cleaned_data["period"])
        try:
            progress_target_set(
                user=request.user,
                project=target,
                period=period,
                raw=form.cleaned_data["planned"],
            )
        except ServiceError as exc:
            form.add_service_error(exc)
        else:
            messages.success(
                request,
                _("Saved the planned progress of %(period)s.") % {"period": period.key},
            )
            return redirect("web:project", pk=plan.pk, project=target.pk)
    return _project_page(request, plan, target, status=400, form=form)


@require_POST
def project_edit(request: HttpRequest, pk: int, project: int) -> HttpResponse:
    """The office changes the project as the table prints it (projects.project_save); a
    parent's amounts follow its sub-projects' (R18)."""
    plan = _plan(request, pk)
    if not can_edit_plan(request.user, plan):
        raise PermissionDenied
    target = _project(plan, project)
    form = ProjectForm(request.POST, plan=plan, project=target, prefix="edit")
    if form.is_valid():
        try:
            saved = project_save(
                user=request.user,
                plan=plan,
                project=target,
                expected_version=_version(request),
                **form.service_arguments(),
            )
        except ServiceError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Saved the project."))
            _r18_message(request, saved)
            return redirect("web:project", pk=plan.pk, project=saved.pk)
    return _project_page(request, plan, target, status=400, edit_form=form)


@require_POST
def project_delete_view(request: HttpRequest, pk: int, project: int) -> HttpResponse:
    """The office deletes a project (projects.project_delete) after confirming it on the
    project's page; what must stay (sub-projects, reported progress) is refused with why."""
    plan = _plan(request, pk)
    if not can_edit_plan(request.user, plan):
        raise PermissionDenied
    target = _project(plan, project)
    try:
        project_delete(user=request.user, project=target, expected_version=_version(request))
    except ServiceError as exc:
        return _project_page(request, plan, target, status=409, delete_error=str(exc))
    messages.success(request, _("Deleted %(name)s.") % {"name": target})
    return redirect("web:projects", pk=plan.pk)
