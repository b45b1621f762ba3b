"""A value's page (``/values/<pk>/``, where notifications link): the indicator and period,
the text as entered and how it reads, its status, who entered, submitted and approved it and
when, the reason it was returned, its evidence and the history of every change. Staff correct
and resubmit a returned actual here as on the grid.

The organisation's people see all of it; the public only a value that is public (an approved
actual of a published period, ``results.selectors.value_is_public``), without status,
evidence or history; anything else answers 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from seonggwa.engine.periods import PeriodKey
from seonggwa.plans.models import Period
from seonggwa.policy import can_see_unapproved, can_view_plan
from seonggwa.results.models import IndicatorValue
from seonggwa.results.selectors import (
    entry_rows,
    evidence_by_value,
    published_periods,
    value_history,
    value_is_public,
)

from .entry_reading import plan_scheme, read_entry
from .entry_views import SUBMITTABLE, row_view

# The fields a person reads in a value's history, in this order (the rest — ids, parsed
# numbers, timestamps — follow from them).
HISTORY_FIELDS = ("raw_text", "status", "note", "review_note", "locked")


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    at: Any
    who: str
    action: str
    changes: list[Change]


def _shown(name: str, value: Any) -> str:
    if value is None or value == "" or value is False:
        return "-"
    if name == "status":
        try:
            return str(IndicatorValue.Status(value).label)
        except ValueError:
            return str(value)
    if name == "locked":
        return _("yes")
    return str(value)


def history_entries(events: list[Any]) -> list[HistoryEntry]:
    """The audit events of a value as the page lists them: who, when, and from → to for
    the fields a person reads."""
    out = []
    for event in events:
        who = event.actor.get_username() if event.actor else event.actor_label
        if event.actor and event.actor_label.startswith(f"{who} ("):
            who = event.actor_label  # "X (Y 대리)": done under a delegation, for Y
        changes = [
            change
            for change in (
                Change(
                    str(getattr(IndicatorValue._meta.get_field(name), "verbose_name", name)),
                    _shown(name, event.changes[name][0]),
                    _shown(name, event.changes[name][1]),
                )
                for name in HISTORY_FIELDS
                if name in event.changes
            )
            if change.before != change.after
        ]
        if changes or event.action != "update":
            out.append(
                HistoryEntry(
                    at=event.at,
                    who=who,
                    action=event.get_action_display(),
                    changes=changes,
                )
            )
    return out


@require_GET
def value_detail(request: HttpRequest, pk: int) -> HttpResponse:
    value = get_object_or_404(
        IndicatorValue.objects.select_related(
            "indicator__plan__organisation",
            "indicator__owner__unit",
            "entered_by",
            "approved_by",
            "entered_for",
            "approved_for",
        ),
        pk=pk,
    )
    indicator = value.indicator
    plan = indicator.plan
    if not can_view_plan(request.user, plan):
        raise Http404
    key = str(PeriodKey(value.year, value.quarter, value.month))
    full = can_see_unapproved(request.user, plan)
    if not full:
        if not value_is_public(value, plan.pk, plan.year, published_periods(plan_ids={plan.pk})):
            raise Http404
        return render(
            request,
            "web/entry/value_public.html",
            {"value": value, "indicator": indicator, "plan": plan, "period_key": key},
        )
    period = Period.objects.filter(
        plan=plan, year=value.year, quarter=value.quarter, month=value.month
    ).first()
    item = None
    if value.kind == IndicatorValue.Kind.ACTUAL and period is not None:
        rows = entry_rows(plan=plan, user=request.user, period=period, indicator_ids={indicator.pk})
        if rows:
            item = row_view(rows[0], plan_scheme(plan))
    reading = (
        item.reading
        if item is not None
        else read_entry(
            value.raw_text,
            indicator=indicator,
            year=value.year,
            target=None,
            previous_actual=None,
            scheme=None,
        )
        if value.raw_text.strip()
        else None
    )
    events = value_history(value=value)
    submitted_by = next(
        (
            event.actor.get_username() if event.actor else event.actor_label
            for event in reversed(events)
            if (event.changes.get("status") or [None, None])[1] == IndicatorValue.Status.SUBMITTED
        ),
        "",
    )
    return render(
        request,
        "web/entry/value.html",
        {
            "value": value,
            "indicator": indicator,
            "plan": plan,
            "period": period,
            "period_key": key,
            "item": item,
            "reading": reading,
            "evidence": evidence_by_value(value_ids={value.pk}).get(value.pk, []),
            "attachable": item is not None and item.attachable,
            "submittable": item is not None and value.status in SUBMITTABLE and item.row.editable,
            "history": history_entries(events),
            "submitted_by": submitted_by,
        },
    )
