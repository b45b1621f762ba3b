"""The evaluation office's pages of a plan: the collection status board (with reminders), the
periods (create, entry window, lock, reopen, publish) and the plan's status (confirm, back to
draft, close). Views parse input and call ``plans.services`` / ``results.services``; every
change carries the version it read, and a stale one gets the conflict page."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from seonggwa.core.errors import ConflictError, ServiceError
from seonggwa.organisations.models import OrgUnit
from seonggwa.plans.models import Period, Plan
from seonggwa.plans.services import (
    STATUS_FLOW,
    period_create,
    period_lock,
    period_publish,
    period_reopen,
    period_window_set,
    plan_set_status,
)
from seonggwa.policy import can_manage_plan
from seonggwa.reports.open_data import render_after_publication
from seonggwa.results.selectors import NOT_STARTED, UnitPeriodStatus, collection_board
from seonggwa.results.services import unit_remind

from .office_access import central_plan, conflict_page, is_htmx
from .office_forms import (
    LockForm,
    PeriodCreateForm,
    PlanStatusForm,
    PublishForm,
    ReopenForm,
    WindowForm,
)

# --- the status board ---------------------------------------------------------------------------

STATES = [NOT_STARTED, "draft", "submitted", "approved", "rejected"]


@dataclass
class BoardRow:
    status: UnitPeriodStatus
    overdue: bool
    counts: list[int]  # in the order of STATES


def _board_rows(statuses: list[UnitPeriodStatus], today: datetime.date) -> list[BoardRow]:
    return [
        BoardRow(
            status=s,
            overdue=s.overdue(today),
            counts=[s.counts.get(state, 0) for state in STATES],
        )
        for s in statuses
    ]


@login_required
@require_safe
def board(request: HttpRequest, pk: int) -> HttpResponse:
    """Units × periods with how many actuals are in each state; overdue rows marked; a
    reminder per row for the units with actuals still to submit."""
    plan = central_plan(request, pk)
    statuses = collection_board(plan=plan)
    periods = list(Period.objects.filter(plan=plan).order_by("year", "quarter", "month"))
    chosen = request.GET.get("period", "")
    if chosen and chosen not in {p.key for p in periods}:
        chosen = ""
    if chosen:
        statuses = [s for s in statuses if s.period.key == chosen]
    rows = _board_rows(statuses, timezone.localdate())
    totals = [sum(r.counts[i] for r in rows) for i in range(len(STATES))]
    return render(
        request,
        "web/office/board.html",
        {
            "plan": plan,
            "rows": rows,
            "periods": periods,
            "chosen": chosen,
            "totals": totals,
            "total_indicators": sum(r.status.indicators for r in rows),
            "overdue": sum(1 for r in rows if r.overdue),
            "manageable": can_manage_plan(request.user, plan),
        },
    )


def _int(value: Any) -> int:
    """A number the form must send (a malformed request answers 400)."""
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise BadRequest(f"not a number: {value!r}") from exc


@login_required
@require_POST
def remind(request: HttpRequest, pk: int) -> HttpResponse:
    """Remind one unit of one period's actuals still to submit (``unit_remind``: once a day
    per unit and period; a second time the same day is refused with why)."""
    plan = central_plan(request, pk)
    period = get_object_or_404(Period, pk=_int(request.POST.get("period")), plan=plan)
    unit = get_object_or_404(
        OrgUnit, pk=_int(request.POST.get("unit")), organisation_id=plan.organisation_id
    )
    try:
        told = unit_remind(user=request.user, period=period, unit=unit)
    except ServiceError as exc:
        level, text = messages.ERROR, str(exc)
    else:
        if told:
            level = messages.SUCCESS
            text = _("Reminded %(count)s people of %(unit)s to enter and submit %(period)s.") % {
                "count": told,
                "unit": unit.name,
                "period": period.key,
            }
        else:
            level = messages.WARNING
            text = _(
                "%(unit)s has no staff or manager with an account: nobody was reminded. Give the "
                "unit's people accounts in the admin."
            ) % {"unit": unit.name}
    if is_htmx(request):
        statuses = [
            s for s in collection_board(plan=plan, unit_ids={unit.pk}) if s.period.pk == period.pk
        ]
        return render(
            request,
            "web/office/_board_row.html",
            {
                "plan": plan,
                "row": _board_rows(statuses, timezone.localdate())[0],
                "manageable": can_manage_plan(request.user, plan),
                "status_text": text,
                "status_level": "success" if level == messages.SUCCESS else "error",
                "oob": True,
            },
        )
    messages.add_message(request, level, text)
    url = reverse("web:board", args=[plan.pk])
    chosen = request.POST.get("chosen", "")
    return redirect(f"{url}?{urlencode({'period': chosen})}" if chosen else url)


# --- periods ----------------------------------------------------------------------------------

TRANSITIONS = {
    Plan.Status.CONFIRMED: gettext_lazy("Confirm the plan"),
    Plan.Status.DRAFT: gettext_lazy("Back to draft"),
    Plan.Status.CLOSED: gettext_lazy("Close the plan"),
}


def _transitions(plan: Plan) -> list[dict[str, Any]]:
    """The status changes the service allows from the plan's status (``STATUS_FLOW``), in a
    fixed order; closing is irreversible and asks for confirmation."""
    allowed = STATUS_FLOW[Plan.Status(plan.status)]
    return [
        {"status": status, "label": label, "irreversible": status == Plan.Status.CLOSED}
        for status, label in TRANSITIONS.items()
        if status in allowed
    ]


def _periods_page(
    request: HttpRequest, plan: Plan, form: PeriodCreateForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "web/office/periods.html",
        {
            "plan": plan,
            "periods": Period.objects.filter(plan=plan).order_by("year", "quarter", "month"),
            "form": form,
            "manageable": can_manage_plan(request.user, plan),
            "transitions": _transitions(plan),
            "status_form_version": plan.version,
            "today": timezone.localdate(),
        },
        status=status,
    )


@login_required
def periods(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's periods with their window, lock and publication; a form to create one; the
    plan's status and the changes it allows. POST creates a period."""
    plan = central_plan(request, pk)
    if request.method != "POST":
        return _periods_page(request, plan, PeriodCreateForm())
    form = PeriodCreateForm(request.POST)
    if not form.is_valid():
        return _periods_page(request, plan, form, status=400)
    try:
        period = period_create(
            user=request.user,
            plan=plan,
            key=form.cleaned_data["key"],
            opens_on=form.cleaned_data["opens_on"],
            closes_on=form.cleaned_data["closes_on"],
        )
    except ServiceError as exc:
        form.add_service_error(exc)
        return _periods_page(request, plan, form, status=400)
    messages.success(request, _("Created the period %(period)s.") % {"period": period.key})
    return redirect("web:period-detail", pk=plan.pk, period_pk=period.pk)


def _plan_period(plan: Plan, period_pk: int) -> Period:
    return get_object_or_404(Period.objects.select_related("plan"), pk=period_pk, plan=plan)


def _period_forms(period: Period) -> dict[str, Any]:
    version = {"version": period.version}
    return {
        "window": WindowForm(
            initial={**version, "opens_on": period.opens_on, "closes_on": period.closes_on},
            prefix="window",
        ),
        "lock": LockForm(initial=version, prefix="lock"),
        "reopen": ReopenForm(initial=version, prefix="reopen"),
        "publish": PublishForm(initial=version, prefix="publish"),
    }


def _period_page(
    request: HttpRequest,
    plan: Plan,
    period: Period,
    forms: dict[str, Any],
    status: int = 200,
    error: str = "",
) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "web/office/period.html",
        {
            "plan": plan,
            "period": period,
            "forms": forms,
            "error": error,
            "manageable": can_manage_plan(request.user, plan),
            "window_open": period.opens_on is not None
            and period.closes_on is not None
            and period.opens_on <= today <= period.closes_on,
        },
        status=status,
    )


@login_required
@require_safe
def period_detail(request: HttpRequest, pk: int, period_pk: int) -> HttpResponse:
    plan = central_plan(request, pk)
    period = _plan_period(plan, period_pk)
    return _period_page(request, plan, period, _period_forms(period))


ACTIONS: dict[str, Any] = {
    "window": WindowForm,
    "lock": LockForm,
    "reopen": ReopenForm,
    "publish": PublishForm,
}


def _period_state(period: Period) -> list[tuple[Any, Any]]:
    window = (
        f"{period.opens_on} ~ {period.closes_on}"
        if period.opens_on and period.closes_on
        else _("not set")
    )
    return [
        (gettext_lazy("version"), period.version),
        (gettext_lazy("entry window"), window),
        (gettext_lazy("locked"), _("yes") if period.locked else _("no")),
        (gettext_lazy("published"), _("yes") if period.published else _("no")),
        (gettext_lazy("lock note"), period.lock_note or "-"),
    ]


def _apply(user: Any, action: str, period: Period, data: dict[str, Any]) -> tuple[Period, str]:
    """Call the service of ``action``; returns the period and what to tell the user."""
    version = data["version"]
    if action == "window":
        done = period_window_set(
            user=user,
            period=period,
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
            expected_version=version,
        )
        if done.opens_on and done.closes_on:
            return done, _("Set the entry window of %(period)s: %(opens)s to %(closes)s.") % {
                "period": done.key,
                "opens": done.opens_on,
                "closes": done.closes_on,
            }
        return done, _("Cleared the entry window of %(period)s.") % {"period": done.key}
    if action == "lock":
        done = period_lock(
            user=user, period=period, reason=data["reason"], expected_version=version
        )
        return done, _("Locked %(period)s: nobody changes its actuals now.") % {"period": done.key}
    if action == "reopen":
        done = period_reopen(
            user=user, period=period, reason=data["reason"], expected_version=version
        )
        return done, _("Reopened %(period)s.") % {"period": done.key}
    done = period_publish(user=user, period=period, expected_version=version)
    render_after_publication(user=user, organisation=done.plan.organisation)
    return done, _("Published %(period)s: its approved actuals are public now.") % {
        "period": done.key
    }


def _mine(action: str, form: Any) -> list[tuple[Any, Any]]:
    labels = {
        "window": _("set the entry window"),
        "lock": _("lock"),
        "reopen": _("reopen"),
        "publish": _("publish"),
    }
    mine: list[tuple[Any, Any]] = [
        (gettext_lazy("change"), labels[action]),
        (gettext_lazy("version read"), form.cleaned_data["version"]),
    ]
    for name, field in form.fields.items():
        if name != "version":
            value = form.cleaned_data.get(name)
            shown = value.isoformat() if isinstance(value, datetime.date) else value
            mine.append((field.label, shown or "-"))
    return mine


@login_required
@require_POST
def period_action(request: HttpRequest, pk: int, period_pk: int, action: str) -> HttpResponse:
    """Set the window, lock, reopen or publish a period, with the version read."""
    plan = central_plan(request, pk)
    period = _plan_period(plan, period_pk)
    form_class = ACTIONS.get(action)
    if form_class is None:
        raise Http404
    form = form_class(request.POST, prefix=action)
    forms = _period_forms(period)
    forms[action] = form
    if not form.is_valid():
        return _period_page(request, plan, period, forms, status=400)
    try:
        done, text = _apply(request.user, action, period, form.cleaned_data)
    except ConflictError as exc:
        period.refresh_from_db()
        fields = {
            f"{action}-{name}": request.POST.get(f"{action}-{name}", "")
            for name in form.fields
            if name != "version"
        }
        return conflict_page(
            request,
            model="plans.Period",
            object_pk=period.pk,
            context={"plan": plan, "period": period},
            title=_("%(period)s changed after you read it") % {"period": period.key},
            message=str(exc),
            mine=_mine(action, form),
            current=_period_state(period),
            action=reverse("web:period-action", args=[plan.pk, period.pk, action]),
            fields={**fields, f"{action}-version": period.version},
            back=reverse("web:period-detail", args=[plan.pk, period.pk]),
            again_label=_("Apply my change to version %(version)s") % {"version": period.version},
            keep_label=_("Keep it as it is now"),
        )
    except ServiceError as exc:
        if exc.field in form.fields:
            form.add_service_error(exc)
            return _period_page(request, plan, period, forms, status=400)
        # a refusal of the whole step (e.g. publishing an unlocked period): above the forms
        return _period_page(request, plan, period, forms, status=400, error=str(exc))
    messages.success(request, text)
    return redirect("web:period-detail", pk=plan.pk, period_pk=done.pk)


# --- the plan's status ------------------------------------------------------------------------


@login_required
def plan_status(request: HttpRequest, pk: int) -> HttpResponse:
    """GET ``?to=closed``: the confirmation of an irreversible step (without JavaScript; with
    it, the periods page asks in a dialog). POST: change the status with the version read."""
    plan = central_plan(request, pk)
    if request.method != "POST":
        wanted = request.GET.get("to", "")
        step = next((t for t in _transitions(plan) if t["status"] == wanted), None)
        if step is None:
            raise Http404
        return render(
            request,
            "web/office/status_confirm.html",
            {"plan": plan, "step": step, "version": plan.version},
        )
    form = PlanStatusForm(request.POST)
    back = reverse("web:periods", args=[plan.pk])
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    wanted = form.cleaned_data["status"]
    try:
        done = plan_set_status(
            user=request.user,
            plan=plan,
            status=wanted,
            expected_version=form.cleaned_data["version"],
        )
    except ConflictError as exc:
        plan.refresh_from_db()
        return conflict_page(
            request,
            model="plans.Plan",
            object_pk=plan.pk,
            context={"plan": plan},
            title=_("%(plan)s changed after you read it") % {"plan": plan},
            message=str(exc),
            mine=[
                (gettext_lazy("change"), Plan.Status(wanted).label),
                (gettext_lazy("version read"), form.cleaned_data["version"]),
            ],
            current=[
                (gettext_lazy("version"), plan.version),
                (gettext_lazy("status"), plan.get_status_display()),
            ],
            action=reverse("web:plan-status", args=[plan.pk]),
            fields={"status": wanted, "version": plan.version},
            back=back,
            again_label=_("Apply my change to version %(version)s") % {"version": plan.version},
            keep_label=_("Keep it as it is now"),
        )
    except ServiceError as exc:
        messages.error(request, str(exc))
        return redirect(back)
    messages.success(
        request,
        _("%(plan)s is %(status)s now.") % {"plan": done, "status": done.get_status_display()},
    )
    return redirect(back)
