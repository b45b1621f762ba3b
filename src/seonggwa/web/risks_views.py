"""Pages of the risk register (시정 리스크 관리, domain.md §4.11, §9 step 8): an
organisation's monthly reports, a month's issues (the office adds them), an issue with its
press items and the actions of the cycle (stage and importance, escalation to a 실·국, the
department's response, closure), and the monthly report with its downloads. Anyone with a
role in the organisation reads; the services ask the policy again for every write."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from seonggwa.accounts.models import RoleAssignment, valid_on
from seonggwa.core.errors import ServiceError
from seonggwa.organisations.models import Organisation
from seonggwa.policy import can_manage_risks, can_respond_risk, can_view_risks
from seonggwa.reports.builders.risks import build_risks, press_text
from seonggwa.reports.render import report_render
from seonggwa.risks.models import RiskIssue, RiskMonth
from seonggwa.risks.selectors import (
    escalation_unit_above,
    issue_detail,
    month_issues,
    months_of,
    year_months,
)
from seonggwa.risks.services import (
    issue_close,
    issue_create,
    issue_escalate,
    issue_respond,
    issue_review,
    month_get_or_create,
    press_item_add,
)

from .risks_forms import (
    CloseForm,
    EscalateForm,
    IssueForm,
    MonthForm,
    PressForm,
    ResponseForm,
    ReviewForm,
)

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "hwpx": "application/hwp+zip",
    "html": "text/html; charset=utf-8",
    "csv": "application/zip",
}


def _organisation(request: HttpRequest, org: int) -> Organisation:
    """The organisation, or 404 when the user has no role in it."""
    organisation = get_object_or_404(Organisation, pk=org)
    if not can_view_risks(request.user, organisation):
        raise Http404
    return organisation


def _office(request: HttpRequest, organisation: Organisation) -> None:
    if not can_manage_risks(request.user, organisation):
        raise PermissionDenied


def _month(organisation: Organisation, year: int, month: int) -> RiskMonth:
    """``month`` 0 is the year's month-less report (imported cases)."""
    return get_object_or_404(RiskMonth, organisation=organisation, year=year, month=month or None)


def _version(request: HttpRequest) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """The first organisation the user holds a role in (the superuser: the first one)."""
    user: Any = request.user
    if user.is_superuser:
        organisation = Organisation.objects.order_by("pk").first()
    else:
        assignment = (
            RoleAssignment.objects.filter(valid_on(timezone.localdate()), user_id=user.pk)
            .order_by("organisation_id")
            .first()
        )
        organisation = assignment.organisation if assignment else None
    if organisation is None:
        raise Http404
    return redirect("web:risks-months", org=organisation.pk)


@login_required
def months(request: HttpRequest, org: int) -> HttpResponse:
    """The monthly reports with their counts; the office opens a month."""
    organisation = _organisation(request, org)
    today = timezone.localdate()
    nxt = today.replace(day=1) + datetime.timedelta(days=32)
    form = MonthForm(request.POST or None, initial={"year": nxt.year, "month": nxt.month})
    if request.method == "POST":
        _office(request, organisation)
        if form.is_valid():
            try:
                found = month_get_or_create(
                    user=request.user,
                    organisation=organisation,
                    year=form.cleaned_data["year"],
                    month=form.cleaned_data["month"],
                )
            except ServiceError as exc:
                form.add_service_error(exc)
            else:
                return redirect("web:risks-month", org=org, year=found.year, month=found.month or 0)
    return render(
        request,
        "web/risks/months.html",
        {
            "organisation": organisation,
            "rows": months_of(organisation),
            "manageable": can_manage_risks(request.user, organisation),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def month(request: HttpRequest, org: int, year: int, month: int) -> HttpResponse:
    """A month's issues; the office adds one (with a first press item)."""
    organisation = _organisation(request, org)
    target = _month(organisation, year, month)
    form = IssueForm(request.POST or None, organisation=organisation)
    if request.method == "POST":
        _office(request, organisation)
        if form.is_valid():
            data = form.cleaned_data
            try:
                issue = issue_create(
                    user=request.user,
                    month=target,
                    title=data["title"],
                    summary=data["summary"],
                    risks=data["risks"],
                    requests_short=data["requests_short"],
                    requests_long=data["requests_long"],
                    importance=data["importance"],
                    owner_unit=data["owner_unit"],
                )
                if data["press_headline"]:
                    press_item_add(
                        user=request.user,
                        issue=issue,
                        headline=data["press_headline"],
                        outlet=data["press_outlet"],
                        date=data["press_date"],
                    )
            except ServiceError as exc:
                form.add_service_error(exc)
            else:
                messages.success(
                    request, _("Added the issue '%(title)s'.") % {"title": issue.title}
                )
                return redirect("web:risks-issue", org=org, pk=issue.pk)
    return render(
        request,
        "web/risks/month.html",
        {
            "organisation": organisation,
            "month": target,
            "month_key": target.month or 0,
            "issues": month_issues(target),
            "manageable": can_manage_risks(request.user, organisation),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


def _issue(organisation: Organisation, pk: int) -> RiskIssue:
    found = issue_detail(organisation, pk)
    if found is None:
        raise Http404
    return found


def _issue_page(
    request: HttpRequest,
    organisation: Organisation,
    issue: RiskIssue,
    status: int = 200,
    **forms: Any,
) -> HttpResponse:
    manageable = can_manage_risks(request.user, organisation)
    context = {
        "organisation": organisation,
        "issue": issue,
        "month_key": issue.month.month or 0,
        "press": [(p, press_text(p)) for p in issue.press.all()],
        "manageable": manageable,
        "can_respond": can_respond_risk(request.user, issue),
        "press_form": PressForm(prefix="press"),
        "review_form": ReviewForm(
            prefix="review", initial={"status": issue.status, "importance": issue.importance}
        ),
        "escalate_form": EscalateForm(
            prefix="escalate",
            organisation=organisation,
            initial={
                "unit": getattr(escalation_unit_above(issue.owner_unit), "pk", None),
                "note": issue.escalation_note,
            },
        ),
        "response_form": ResponseForm(prefix="response", initial={"response": issue.response}),
        "close_form": CloseForm(prefix="close"),
    }
    context.update(forms)
    return render(request, "web/risks/issue.html", context, status=status)


@login_required
def issue(request: HttpRequest, org: int, pk: int) -> HttpResponse:
    organisation = _organisation(request, org)
    return _issue_page(request, organisation, _issue(organisation, pk))


def _done(request: HttpRequest, org: int, pk: int, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("web:risks-issue", org=org, pk=pk)


@login_required
@require_POST
def issue_press(request: HttpRequest, org: int, pk: int) -> HttpResponse:
    organisation = _organisation(request, org)
    _office(request, organisation)
    target = _issue(organisation, pk)
    form = PressForm(request.POST, prefix="press")
    if form.is_valid():
        try:
            press_item_add(user=request.user, issue=target, **form.cleaned_data)
        except ServiceError as exc:
            form.add_service_error(exc)
        else:
            return _done(request, org, pk, _("Added the press item."))
    return _issue_page(request, organisation, target, 400, press_form=form)


@login_required
@require_POST
def issue_review_view(request: HttpRequest, org: int, pk: int) -> HttpResponse:
    organisation = _organisation(request, org)
    _office(request, organisation)
    target = _issue(organisation, pk)
    form = ReviewForm(request.POST, prefix="review")
    if form.is_valid():
        try:
            issue_review(
                user=request.user,
                issue=target,
                status=form.cleaned_data["status"],
                importance=form.cleaned_data["importance"],
                expected_version=_version(request),
            )
        except ServiceError as exc:
            form.add_service_error(exc)
        else:
            return _done(request, org, pk, _("Saved the stage and importance."))
    return _issue_page(request, organisation, target, 400, review_form=form)


@login_required
@require_POST
def issue_escalate_view(request: HttpRequest, org: int, pk: int) -> HttpResponse:
    organisation = _organisation(request, org)
    _office(request, organisation)
    target = _issue(organisation, pk)
    form = EscalateForm(request.POST, prefix="escalate", organisation=organisation)
    if form.is_valid():
        try:
            done = issue_escalate(
                user=request.user,
                issue=target,
                unit=form.cleaned_data["unit"],
                note=form.cleaned_data["note"],
                expected_version=_version(request),
            )
        except ServiceError as exc:
            form.add_service_error(exc)
        else:
            message = _("Escalated to %(unit)s; its people are told.") % {
                "unit": done.owner_unit.name if done.owner_unit else ""
            }
            return _done(request, org, pk, message)
    return _issue_page(request, organisation, target, 400, escalate_form=form)


@login_required
@require_POST
def issue_respond_view(request: HttpRequest, org: int, pk: int) -> HttpResponse:
    organisation = _organisation(request, org)
    target = _issue(organisation, pk)
    if not can_respond_risk(request.user, target):
        raise PermissionDenied
    form = ResponseForm(request.POST, prefix="response")
    if form.is_valid():
        try:
            issue_respond(
                user=request.user,
                issue=target,
                response=form.cleaned_data["response"],
                expected_version=_version(request),
            )
        except ServiceError as exc:
            form.add_service_error(exc)
        else:
            return _done(request, org, pk, _("Saved the department's response."))
    return _issue_page(request, organisation, target, 400, response_form=form)


@login_required
@require_POST
def issue_close_view(request: HttpRequest, org: int, pk: int) -> HttpResponse:
    organisation = _organisation(request, org)
    _office(request, organisation)
    target = _issue(organisation, pk)
    form = CloseForm(request.POST, prefix="close")
    if form.is_valid():
        try:
            issue_close(
                user=request.user,
                issue=target,
                note=form.cleaned_data["note"],
                expected_version=_version(request),
            )
        except ServiceError as exc:
            form.add_service_error(exc)
        else:
            return _done(request, org, pk, _("Closed the issue."))
    return _issue_page(request, organisation, target, 400, close_form=form)


@login_required
def report(request: HttpRequest, org: int, year: int, month: int | None = None) -> HttpResponse:
    """The monthly report (``month`` 0: the month-less cases), or the year's without a
    month; ``?format=xlsx|pdf|hwpx|html|csv`` downloads it."""
    organisation = _organisation(request, org)
    if month is None:
        found = year_months(organisation, year)
    else:
        found = year_months(organisation, year, month or None, only_month=True)
    if not found:
        raise Http404
    document = build_risks(found, organisation=organisation.name, year=year)
    fmt = request.GET.get("format")
    if fmt is not None:
        if fmt not in FORMATS:
            raise Http404
        data = report_render(document, fmt, charts=False)
        response = HttpResponse(data, content_type=FORMATS[fmt])
        name = f"{document.file_stem}.{'zip' if fmt == 'csv' else fmt}"
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
        return response
    return render(
        request,
        "web/risks/report.html",
        {
            "organisation": organisation,
            "report": document,
            "year": year,
            "month_key": month,
            "formats": list(FORMATS),
        },
    )
