"""The unit managers' approvals (``/plans/<pk>/approvals/``): the submitted actuals they may
approve or return, each with its target, its reading and how it would grade; approving one or
many at once, returning one with a reason. Views parse input and call
``results.services`` / ``results.selectors``; htmx swaps the queue (or one reject form)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from seonggwa.accounts.selectors import delegations_held
from seonggwa.audit.selectors import last_change
from seonggwa.core.errors import ConflictError, ServiceError
from seonggwa.engine.periods import PeriodKey
from seonggwa.plans.models import Period, Plan
from seonggwa.policy import can_approve_actual, review_refusal
from seonggwa.reports.evaluate import Evaluation, UnknownScheme, indicator_evaluate, scheme_for
from seonggwa.results.models import IndicatorValue
from seonggwa.results.selectors import approval_facts, approval_queue
from seonggwa.results.services import actual_approve_many, actual_reject

from .office_access import is_htmx, reviewing_plan
from .office_forms import RejectForm


@dataclass
class ApprovalRow:
    """One submitted actual as the manager judges it."""

    value: IndicatorValue
    period: str
    target: IndicatorValue | None
    evaluation: Evaluation | None
    refusal: str | None  # why it cannot be approved or returned now (a locked period)

    @property
    def version_token(self) -> str:
        return f"{self.value.pk}:{self.value.version}"


@dataclass
class Outcome:
    """What happened to one actual of a click: approved, or refused and why; a conflict
    carries the row as it is now."""

    value: IndicatorValue
    approved: bool
    message: str = ""
    conflict: bool = False
    read_version: int | None = None
    change: Any = None  # the last AuditEvent of the value (who changed it, when)


def approval_rows(plan: Plan, user: Any) -> list[ApprovalRow]:
    """The queue with each actual's target and evaluation, in a fixed number of queries."""
    queue = approval_queue(plan=plan, user=user)
    facts = approval_facts(values=queue)
    periods = {p.key: p for p in Period.objects.filter(plan=plan)}
    try:
        scheme = scheme_for(
            plan.grading_scheme, year=plan.year, version=plan.grading_scheme_version
        )
    except UnknownScheme:
        scheme = None
    rows = []
    for value in queue:
        key = str(PeriodKey(value.year, value.quarter, value.month))
        fact = facts[value.pk]
        evaluation = (
            indicator_evaluate(
                value.indicator,
                fact.values_by_year,
                value.year,
                scheme,
                approved_only=False,
                previous_actual=fact.previous_actual,
            )
            if scheme is not None
            else None
        )
        rows.append(
            ApprovalRow(
                value=value,
                period=key,
                target=fact.target,
                evaluation=evaluation,
                refusal=review_refusal(user, plan, periods.get(key)),
            )
        )
    return rows


def _queue_context(request: HttpRequest, plan: Plan, **extra: Any) -> dict[str, Any]:
    rows = approval_rows(plan, request.user)
    return {
        "plan": plan,
        "rows": rows,
        "standing_in": delegations_held(
            user_id=request.user.pk, organisation_id=plan.organisation_id, kind="approval"
        ),
        "actionable": any(r.refusal is None for r in rows),
        **extra,
    }


def _queue_response(
    request: HttpRequest, plan: Plan, status: int = 200, **extra: Any
) -> HttpResponse:
    template = "web/review/_queue.html" if is_htmx(request) else "web/review/approvals.html"
    return render(request, template, _queue_context(request, plan, **extra), status=status)


@login_required
@require_safe
def approvals(request: HttpRequest, pk: int) -> HttpResponse:
    plan = reviewing_plan(request, pk)
    return _queue_response(request, plan)


def _picked(request: HttpRequest) -> list[tuple[int, int]]:
    """``value=<pk>:<version>`` of each ticked row; malformed ones are ignored."""
    picked: dict[int, int] = {}
    for token in request.POST.getlist("value"):
        pk, _sep, version = token.partition(":")
        if pk.isdigit() and version.isdigit():
            picked.setdefault(int(pk), int(version))
    return list(picked.items())


@login_required
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve the ticked actuals, each with the version that was read, in one transaction;
    one changed since it was read is reported with its current state, not overwritten."""
    plan = reviewing_plan(request, pk)
    picked = _picked(request)
    if not picked:
        return _queue_response(
            request,
            plan,
            status=400,
            error=_(
                "Tick the actuals to approve in the 'select' column, then press 'Approve selected'."
            ),
        )
    found = {
        v.pk: v
        for v in IndicatorValue.objects.filter(
            pk__in=[p for p, _v in picked], indicator__plan=plan
        ).select_related("indicator__owner__unit")
    }
    outcomes: list[Outcome] = []
    items = [(found[p], version) for p, version in picked if p in found]
    reads = dict(picked)
    for result in actual_approve_many(items=items, user=request.user):
        error = result.error
        if error is None:
            outcomes.append(Outcome(value=result.value, approved=True))
            continue
        current = IndicatorValue.objects.select_related(
            "indicator", "entered_by", "approved_by"
        ).get(pk=result.value.pk)
        outcomes.append(
            Outcome(
                value=current,
                approved=False,
                message=str(error),
                conflict=isinstance(error, ConflictError),
                read_version=reads.get(current.pk),
                change=last_change(model="results.IndicatorValue", object_pk=current.pk)
                if isinstance(error, ConflictError)
                else None,
            )
        )
    gone = len(picked) - len(items)
    approved = sum(1 for o in outcomes if o.approved)
    refused = [o for o in outcomes if not o.approved]
    status = 200 if approved or not refused else 409 if any(o.conflict for o in refused) else 400
    notice = _("Actuals approved: %(count)s.") % {"count": approved}
    if gone:
        notice += " " + _("%(count)s of the ticked actuals are no longer in this plan.") % {
            "count": gone
        }
    if not is_htmx(request) and approved and not refused:
        messages.success(request, notice)
        return redirect("web:approvals", pk=plan.pk)
    return _queue_response(
        request,
        plan,
        status=status,
        notice=notice if approved or gone else "",
        outcomes=refused,
    )


def _review_value(request: HttpRequest, plan: Plan, value_pk: int) -> IndicatorValue:
    """An actual of the plan in a unit the user reviews (404 otherwise, as for a row that is
    not in their queue)."""
    value = get_object_or_404(
        IndicatorValue.objects.select_related("indicator__owner__unit", "entered_by"),
        pk=value_pk,
        indicator__plan=plan,
        kind=IndicatorValue.Kind.ACTUAL,
    )
    if not can_approve_actual(request.user, plan, value.indicator.owner.unit) and (
        plan.status != Plan.Status.CLOSED
    ):
        raise Http404
    return value


@login_required
def reject(request: HttpRequest, pk: int, value_pk: int) -> HttpResponse:
    """GET: the form to return one actual (a row under it with htmx, a page without);
    POST: return it with the reason (required) and the version read."""
    plan = reviewing_plan(request, pk)
    value = _review_value(request, plan, value_pk)
    if request.method != "POST":
        form = RejectForm(initial={"version": value.version})
        return _reject_form(request, plan, value, form)
    form = RejectForm(request.POST)
    if not form.is_valid():
        return _reject_form(request, plan, value, form, status=400)
    reason, version = form.cleaned_data["reason"], form.cleaned_data["version"]
    try:
        actual_reject(value=value, expected_version=version, user=request.user, reason=reason)
    except ConflictError as exc:
        value.refresh_from_db()
        return _reject_form(
            request,
            plan,
            value,
            RejectForm(initial={"version": value.version, "reason": reason}),
            status=409,
            conflict={
                "message": str(exc),
                "read_version": version,
                "reason": reason,
                "change": last_change(model="results.IndicatorValue", object_pk=value.pk),
            },
        )
    except ServiceError as exc:
        form.add_service_error(exc)
        return _reject_form(request, plan, value, form, status=400)
    notice = _("Returned '%(indicator)s' %(period)s to %(person)s with your reason.") % {
        "indicator": value.indicator.name,
        "period": PeriodKey(value.year, value.quarter, value.month),
        "person": value.entered_by.get_username() if value.entered_by else "-",
    }
    if is_htmx(request):
        response = _queue_response(request, plan, notice=notice)
        response["HX-Retarget"] = "#approval-queue"
        response["HX-Reswap"] = "outerHTML"
        return response
    messages.success(request, notice)
    return redirect("web:approvals", pk=plan.pk)


def _reject_form(
    request: HttpRequest,
    plan: Plan,
    value: IndicatorValue,
    form: RejectForm,
    status: int = 200,
    conflict: dict[str, Any] | None = None,
) -> HttpResponse:
    if is_htmx(request):  # the form swapped into the queue takes the focus (htmx autofocus)
        form.fields["reason"].widget.attrs["autofocus"] = True
    context = {
        "plan": plan,
        "value": value,
        "form": form,
        "period": PeriodKey(value.year, value.quarter, value.month),
        "conflict": conflict,
        "still_submitted": value.status == IndicatorValue.Status.SUBMITTED,
        "action": reverse("web:approval-reject", args=[plan.pk, value.pk]),
    }
    if is_htmx(request):
        response = render(request, "web/review/_reject_row.html", context, status=status)
        response["HX-Retarget"] = f"#reject-slot-{value.pk}"
        response["HX-Reswap"] = "outerHTML"
        return response
    return render(request, "web/review/reject.html", context, status=status)
