"""My work for unit staff and managers: the actuals still to enter (not started, draft,
returned) per plan, unit and period whose entry window is open — or has closed with actuals
still waiting (overdue) — with the counts and the closing date, linking to the entry grid.
Read through ``results.selectors.entry_backlog``; registered from ``my_work.work_sections``."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seonggwa.accounts.models import Role, RoleAssignment
from seonggwa.policy import ENTERING
from seonggwa.results.selectors import NOT_STARTED, entry_backlog

from .my_work import WorkItem, WorkSection, section_builder

ORDER = [r for r in Role.values if r in ENTERING]


def _counts(counts: dict[str, int]) -> str:
    parts = [
        (_("not started"), counts.get(NOT_STARTED, 0)),
        (_("draft"), counts.get("draft", 0)),
        (_("returned"), counts.get("rejected", 0)),
    ]
    return " · ".join(f"{label} {n}" for label, n in parts if n)


def values_to_enter(user: Any, assignments: list[RoleAssignment]) -> list[WorkSection]:
    """One section for a person who enters actuals, whichever entering roles they hold (the
    builder runs for each; only the first of them in ``Role`` order answers): the backlog
    covers every unit they enter for."""
    first = ORDER[0]
    if (
        assignments
        and assignments[0].role != first
        and RoleAssignment.objects.filter(user_id=user.pk, role=first).exists()
    ):
        return []  # already answered for the first entering role the person holds
    today = timezone.localdate()
    items = []
    for entry in entry_backlog(user=user, today=today):
        status, period, plan = entry.status, entry.status.period, entry.plan
        closes = period.closes_on
        if entry.overdue:
            when = _("closed on %(date)s") % {"date": closes.isoformat() if closes else "-"}
        elif closes is not None:
            when = _("closes on %(date)s (%(days)s days left)") % {
                "date": closes.isoformat(),
                "days": (closes - today).days,
            }
        else:
            when = _("no closing date")
        items.append(
            WorkItem(
                label=f"{plan.year} {plan.get_kind_display()} · {period.key} · {status.unit.name}",
                url=reverse("web:entry-grid", args=[plan.pk]) + f"?period={period.key}",
                detail=f"{_counts(status.counts)} — {when}",
                badge=_("overdue")
                if entry.overdue
                else _("%(n)d to enter") % {"n": status.waiting},
                badge_class="bg-light-danger" if entry.overdue else "bg-light-warning",
            )
        )
    return [
        WorkSection(
            key="entry",
            title=gettext_lazy("Values to enter"),
            items=items,
            empty=gettext_lazy("Nothing to enter: every open period of your units is submitted."),
        )
    ]


for _role in ORDER:
    section_builder(_role)(values_to_enter)
