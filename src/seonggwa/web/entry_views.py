"""The entry grid (``/plans/<pk>/entry/``): unit staff and managers (and the evaluation
office, for every unit) enter a period's actuals as the documents write them, see how the
text reads and what it achieves while typing, save drafts, attach evidence and submit.

Views parse the request, call the selectors (``entry_rows``) and services (``actual_enter``,
``actual_submit``, ``evidence_attach``) and render; the rules are the policy's and the
services'. A plan the user may not see answers 404; a user who enters nothing in the plan
(a committee member, the public, another organisation's people) 403. Every change carries the
version that was read: a stale one shows both versions and lets the person choose
(``web/entry/_conflict.html``), never overwriting silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from seonggwa.core.errors import ConflictError, ServiceError
from seonggwa.engine.grading import GradingScheme
from seonggwa.plans.models import Indicator, Period, Plan
from seonggwa.policy import can_see_unapproved, can_view_plan, enters_for_plan
from seonggwa.results.models import Evidence, IndicatorValue
from seonggwa.results.selectors import (
    EntryRow,
    entry_plans,
    entry_rows,
    evidence_by_value,
    value_history,
)
from seonggwa.results.services import actual_enter, actual_submit, evidence_attach

from .entry_forms import EntryForm
from .entry_reading import Reading, plan_scheme, read_entry

Status = IndicatorValue.Status
SUBMITTABLE = {Status.DRAFT, Status.REJECTED}


# --- access -----------------------------------------------------------------------------------


def visible_plan(request: HttpRequest, pk: int) -> Plan:
    """The plan, or 404 when the user may not see it (a draft of another organisation
    answers as a missing plan does)."""
    plan = get_object_or_404(Plan.objects.select_related("organisation"), pk=pk)
    if not can_view_plan(request.user, plan):
        raise Http404
    return plan


def entering_plan(request: HttpRequest, pk: int) -> Plan:
    """The plan, 404 when hidden, 403 when the user enters actuals of none of its units."""
    plan = visible_plan(request, pk)
    if not enters_for_plan(request.user, plan):
        raise PermissionDenied
    return plan


def plan_periods(plan: Plan) -> list[Period]:
    return list(plan.periods.order_by("year", "quarter", "month"))


def chosen_period(periods: list[Period], key: str | None) -> Period | None:
    """The period named by ``?period=`` (404 if the plan has none of that key); without one,
    the first whose entry window is open today, else the latest."""
    if key:
        for period in periods:
            if period.key == key:
                return period
        raise Http404
    today = timezone.localdate()
    for period in periods:
        if (
            not period.locked
            and period.opens_on is not None
            and period.opens_on <= today
            and (period.closes_on is None or today <= period.closes_on)
        ):
            return period
    return periods[-1] if periods else None


def grid_url(plan: Plan, period: Period, anchor: str = "") -> str:
    url = reverse("web:entry-grid", args=[plan.pk]) + f"?period={period.key}"
    return url + (f"#{anchor}" if anchor else "")


def safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


# --- one row as the page shows it ---------------------------------------------------------------


@dataclass
class Conflict:
    """Someone changed the actual after the person read it: their text and the current one,
    who made the last change and when, and whether the person may still save theirs."""

    mine_text: str
    mine_note: str
    current: IndicatorValue | None
    changed_by: str
    changed_at: Any
    can_overwrite: bool


@dataclass
class Upload:
    name: str
    ok: bool
    message: str


def row_submittable(row: EntryRow) -> bool:
    """A saved draft or returned actual the user may still change."""
    actual = row.actual
    return row.editable and actual is not None and actual.status in SUBMITTABLE


@dataclass
class RowView:
    row: EntryRow
    text: str
    note: str
    reading: Reading | None
    evidence: list[Evidence] = field(default_factory=list)
    field_errors: list[str] = field(default_factory=list)  # "실적: …" beside the input
    error: str = ""  # the service's refusal of the last action
    saved: str = ""  # what the last action did
    conflict: Conflict | None = None
    uploads: list[Upload] = field(default_factory=list)

    @property
    def dom_id(self) -> str:
        return f"entry-{self.row.indicator.pk}-{self.row.period.pk}"

    @property
    def version(self) -> int | None:
        return self.row.actual.version if self.row.actual is not None else None

    @property
    def submittable(self) -> bool:
        return row_submittable(self.row)

    @property
    def attachable(self) -> bool:
        return self.submittable


def row_view(
    row: EntryRow,
    scheme: GradingScheme | None,
    evidence: list[Evidence] | None = None,
    *,
    text: str | None = None,
    note: str | None = None,
    **state: Any,
) -> RowView:
    """The row with the text in its input (what was typed, else the stored actual) and how
    that text reads."""
    actual = row.actual
    shown = text if text is not None else (actual.raw_text if actual is not None else "")
    reading = (
        read_entry(
            shown,
            indicator=row.indicator,
            year=row.period.year,
            target=row.target,
            previous_actual=row.previous_actual,
            scheme=scheme,
        )
        if shown.strip()
        else None
    )
    return RowView(
        row=row,
        text=shown,
        note=note if note is not None else (actual.note if actual is not None else ""),
        reading=reading,
        evidence=evidence or [],
        **state,
    )


def one_row(plan: Plan, user: Any, period: Period, indicator: Indicator) -> EntryRow:
    """The grid's row of one indicator; 403 when the user does not enter for its unit."""
    rows = entry_rows(plan=plan, user=user, period=period, indicator_ids={indicator.pk})
    if not rows:
        raise PermissionDenied
    return rows[0]


def row_evidence(row: EntryRow) -> list[Evidence]:
    if row.actual is None:
        return []
    return evidence_by_value(value_ids={row.actual.pk}).get(row.actual.pk, [])


def render_row(
    request: HttpRequest,
    plan: Plan,
    view: RowView,
    status: int = 200,
    *,
    submittable: int | None = None,
) -> HttpResponse:
    """One row for htmx; with ``submittable``, the grid's count of rows that can be
    submitted comes along (an out-of-band swap), since a save can change it."""
    return render(
        request,
        "web/entry/_row.html",
        {"plan": plan, "item": view, "period": view.row.period, "oob_submittable": submittable},
        status=status,
    )


def submittable_count(plan: Plan, user: Any, period: Period) -> int:
    return sum(1 for r in entry_rows(plan=plan, user=user, period=period) if row_submittable(r))


def grid_context(
    request: HttpRequest,
    plan: Plan,
    periods: list[Period],
    period: Period | None,
    states: dict[tuple[int, int], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    rows = entry_rows(plan=plan, user=request.user, period=period) if period else []
    evidence = evidence_by_value(value_ids={r.actual.pk for r in rows if r.actual is not None})
    scheme = plan_scheme(plan)
    items = [
        row_view(
            r,
            scheme,
            evidence.get(r.actual.pk, []) if r.actual is not None else [],
            **(states or {}).get((r.indicator.pk, r.period.pk), {}),
        )
        for r in rows
    ]
    return {
        "plan": plan,
        "periods": periods,
        "period": period,
        "items": items,
        "submittable": sum(1 for i in items if i.submittable),
        "waiting": sum(1 for i in items if i.row.status in ("not_started", "draft", "rejected")),
    }


# --- pages and actions ------------------------------------------------------------------------


@login_required
@require_GET
def entry_grid(request: HttpRequest, pk: int) -> HttpResponse:
    """The grid of one period: a row per indicator of the user's units."""
    plan = entering_plan(request, pk)
    periods = plan_periods(plan)
    period = chosen_period(periods, request.GET.get("period"))
    return render(request, "web/entry/grid.html", grid_context(request, plan, periods, period))


def _row_target(request: HttpRequest, plan: Plan, data: Any) -> tuple[Indicator, Period]:
    try:
        indicator_id = int(data.get("indicator", ""))
    except (TypeError, ValueError) as exc:  # a malformed request, not a missing row
        raise BadRequest("indicator must be a number") from exc
    indicator = get_object_or_404(
        Indicator.objects.select_related("owner__unit"), pk=indicator_id, plan=plan
    )
    period = get_object_or_404(Period, plan=plan, key=data.get("period", ""))
    return indicator, period


@login_required
@require_GET
def entry_reading(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx, while typing: how the text reads and what it would achieve."""
    plan = entering_plan(request, pk)
    indicator, period = _row_target(request, plan, request.GET)
    row = one_row(plan, request.user, period, indicator)
    view = row_view(row, plan_scheme(plan), text=request.GET.get("raw_text", "")[:300])
    return render(request, "web/entry/_reading.html", {"reading": view.reading})


@login_required
@require_GET
def entry_row(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: one row as it is now (after "keep theirs", or to start over)."""
    plan = entering_plan(request, pk)
    indicator, period = _row_target(request, plan, request.GET)
    if not is_htmx(request):
        return redirect(grid_url(plan, period, f"entry-{indicator.pk}-{period.pk}"))
    row = one_row(plan, request.user, period, indicator)
    return render_row(request, plan, row_view(row, plan_scheme(plan), row_evidence(row)))


def conflict_for(row: EntryRow, text: str, note: str) -> Conflict:
    current = row.actual
    changed_by, changed_at = "", None
    if current is not None:
        history = value_history(value=current)
        if history:
            changed_by, changed_at = history[-1].actor_label, history[-1].at
    return Conflict(
        mine_text=text,
        mine_note=note,
        current=current,
        changed_by=changed_by,
        changed_at=changed_at,
        can_overwrite=row.editable,
    )


@login_required
@require_POST
def entry_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Save one row as a draft (``actual_enter`` with the version that was read)."""
    plan = entering_plan(request, pk)
    indicator, period = _row_target(request, plan, request.POST)
    form = EntryForm(request.POST)
    valid = form.is_valid()
    if "version" in form.errors:
        return HttpResponseBadRequest(_("The form's version is not a number."))
    row = one_row(plan, request.user, period, indicator)
    text = request.POST.get("raw_text", "").strip()[:300]
    note = request.POST.get("note", "")[:2000]
    scheme = plan_scheme(plan)
    state: dict[str, Any] = {"text": text, "note": note}
    if not valid:
        state["field_errors"] = [
            f"{form.fields[name].label}: {error}"
            for name in ("raw_text", "note")
            for error in form.errors.get(name, [])
        ]
    else:
        try:
            actual_enter(
                indicator=indicator,
                year=period.year,
                quarter=period.quarter,
                month=period.month,
                raw_text=form.cleaned_data["raw_text"],
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
                user=request.user,
            )
        except ConflictError:
            fresh = one_row(plan, request.user, period, indicator)
            conflict = conflict_for(fresh, text, note)
            if not is_htmx(request):
                return render(
                    request,
                    "web/entry/conflict.html",
                    {"plan": plan, "period": period, "row": fresh, "conflict": conflict},
                    status=409,
                )
            view = row_view(fresh, scheme, row_evidence(fresh), conflict=conflict)
            return render_row(request, plan, view)
        except ServiceError as exc:
            state["error"] = str(exc)
        else:
            row = one_row(plan, request.user, period, indicator)
            message = _("Saved as a draft (version %(version)s).") % {
                "version": row.actual.version if row.actual else "-"
            }
            nxt = safe_next(request)
            if not is_htmx(request):
                messages.success(request, f"{indicator.name}: {message}")
                return redirect(nxt or grid_url(plan, period, f"entry-{indicator.pk}-{period.pk}"))
            return render_row(
                request,
                plan,
                row_view(row, scheme, row_evidence(row), saved=message),
                submittable=submittable_count(plan, request.user, period),
            )
    if is_htmx(request):
        return render_row(request, plan, row_view(row, scheme, row_evidence(row), **state))
    nxt = safe_next(request)
    if nxt:
        for text_ in [*state.get("field_errors", []), state.get("error", "")]:
            if text_:
                messages.error(request, f"{indicator.name}: {text_}")
        return redirect(nxt)
    context = grid_context(
        request, plan, plan_periods(plan), period, {(indicator.pk, period.pk): state}
    )
    return render(request, "web/entry/grid.html", context, status=400)


def _selected(values: list[str]) -> list[tuple[int, int]]:
    out = []
    for item in values:
        value_id, _sep, version = item.partition(":")
        try:
            out.append((int(value_id), int(version)))
        except ValueError:
            continue
    return out


@login_required
@require_POST
def entry_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Submit the chosen rows (``actual_submit`` each, with the version shown)."""
    plan = entering_plan(request, pk)
    periods = plan_periods(plan)
    period = chosen_period(periods, request.POST.get("period"))
    if period is None:
        raise Http404
    chosen = _selected(request.POST.getlist("selected"))
    nxt = safe_next(request)
    back = nxt or grid_url(plan, period)
    if not chosen:
        messages.error(
            request, _("Choose the actuals to submit: tick the box at the start of their rows.")
        )
        return redirect(back)
    values = {
        v.pk: v
        for v in IndicatorValue.objects.filter(
            pk__in=[value_id for value_id, _v in chosen],
            indicator__plan=plan,
            kind=IndicatorValue.Kind.ACTUAL,
        ).select_related("indicator")
    }
    done: list[IndicatorValue] = []
    states: dict[tuple[int, int], dict[str, Any]] = {}
    for value_id, version in chosen:
        value = values.get(value_id)
        if value is None:
            continue
        try:
            done.append(actual_submit(value=value, expected_version=version, user=request.user))
        except ServiceError as exc:
            states[(value.indicator_id, period.pk)] = {"error": str(exc)}
            if nxt or is_htmx(request):
                messages.error(request, f"{value.indicator.name}: {exc}")
    if done:
        messages.success(
            request,
            _("Submitted for approval (%(count)d): %(names)s.")
            % {"count": len(done), "names": ", ".join(v.indicator.name for v in done)},
        )
    if states and not nxt:
        context = grid_context(request, plan, periods, period, states)
        return render(request, "web/entry/grid.html", context, status=400)
    return redirect(back)


# --- evidence ---------------------------------------------------------------------------------


def _value_for_change(request: HttpRequest, pk: int) -> IndicatorValue:
    value = get_object_or_404(
        IndicatorValue.objects.select_related(
            "indicator__plan__organisation", "indicator__owner__unit"
        ),
        pk=pk,
        kind=IndicatorValue.Kind.ACTUAL,
    )
    plan = value.indicator.plan
    if not can_view_plan(request.user, plan) or not can_see_unapproved(request.user, plan):
        raise Http404
    if not enters_for_plan(request.user, plan):
        raise PermissionDenied
    return value


@login_required
@require_POST
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach one or more files to an actual (``evidence_attach`` per file); each file's
    refusal is shown by its name with the reason."""
    value = _value_for_change(request, pk)
    plan = value.indicator.plan
    limit = int(settings.SEONGGWA_MAX_UPLOAD_BYTES)
    uploads: list[Upload] = []
    files = request.FILES.getlist("files")
    if not files:
        uploads.append(Upload("", False, _("Files: choose or drop the files to attach.")))
    for upload in files:
        name = upload.name or "file"
        try:
            evidence_attach(
                value=value,
                file_name=name,
                content=upload.read(limit + 1),
                size=upload.size,
                user=request.user,
            )
        except ServiceError as exc:
            uploads.append(Upload(name, False, str(exc)))
        else:
            uploads.append(Upload(name, True, _("attached")))
    period = Period.objects.filter(
        plan=plan, year=value.year, quarter=value.quarter, month=value.month
    ).first()
    if is_htmx(request):
        if request.POST.get("place") == "value":
            return render(
                request,
                "web/entry/_evidence.html",
                {
                    "value": value,
                    "evidence": evidence_by_value(value_ids={value.pk}).get(value.pk, []),
                    "uploads": uploads,
                    "attachable": value.status in SUBMITTABLE,
                    "place": "value",
                    "target": "value",
                },
            )
        if period is None:
            raise Http404
        row = one_row(plan, request.user, period, value.indicator)
        view = row_view(row, plan_scheme(plan), row_evidence(row), uploads=uploads)
        return render_row(request, plan, view)
    for result in uploads:
        if result.ok:
            messages.success(request, f"{result.name}: {result.message}")
        else:
            messages.error(
                request, f"{result.name}: {result.message}" if result.name else result.message
            )
    nxt = safe_next(request)
    if nxt:
        return redirect(nxt)
    if period is None:
        return redirect("web:value-detail", pk=value.pk)
    return redirect(grid_url(plan, period, f"entry-{value.indicator_id}-{period.pk}"))


@login_required
@require_GET
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """A file attached to an actual, for those who may see the actual unapproved (the
    organisation's people); everyone else gets 404."""
    evidence = get_object_or_404(
        Evidence.objects.select_related("value__indicator__plan__organisation"), pk=pk
    )
    plan = evidence.value.indicator.plan
    if not can_view_plan(request.user, plan) or not can_see_unapproved(request.user, plan):
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
@require_GET
def entry_start(request: HttpRequest) -> HttpResponse:
    """The navigation's "Enter actuals": the grid of the one plan the user enters actuals
    for, or the list when there are several (closed plans left out)."""
    plans = entry_plans(user=request.user)
    if len(plans) == 1:
        return redirect("web:entry-grid", pk=plans[0].pk)
    return render(request, "web/entry/start.html", {"plans": plans})
