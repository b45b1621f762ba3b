"""The delegates' part of "my work" (``web.my_work``): whom the user stands in for today
(an active delegation), until when, and where to act — the approvals of each open plan with
actuals waiting for them, or the entry grid. Imported by ``my_work.work_sections``."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from seonggwa.accounts.models import Delegation, RoleAssignment
from seonggwa.accounts.selectors import delegations_held
from seonggwa.results.selectors import submitted_counts

from .my_work import EVERYONE, WorkItem, WorkSection, section_builder


def _items(d: Delegation) -> list[WorkItem]:
    facts = {
        "person": d.delegator.get_username(),
        "unit": d.unit.name,
        "ends": d.ends_on.isoformat(),
    }
    if d.kind != Delegation.Kind.APPROVAL:
        return [
            WorkItem(
                label=d.unit.name,
                url=reverse("web:entry-start"),
                detail=_("Entering for %(person)s until %(ends)s.") % facts,
            )
        ]
    detail = _("Approving for %(person)s until %(ends)s.") % facts
    waiting = submitted_counts(organisation_id=d.organisation_id, unit_ids={d.unit_id})
    return [
        WorkItem(
            label=f"{plan} · {d.unit.name}",
            url=reverse("web:approvals", args=[plan.pk]),
            detail=detail,
            badge=_("to approve: %(count)s") % {"count": count},
            badge_class="bg-light-warning",
        )
        for plan, count in waiting
    ] or [WorkItem(label=d.unit.name, detail=detail)]


@section_builder(EVERYONE)
def standing_in(user: Any, assignments: list[RoleAssignment]) -> list[WorkSection]:
    """One card per active delegation the user holds (one query; none when they hold none)."""
    items = [item for d in delegations_held(user_id=user.pk) for item in _items(d)]
    if not items:
        return []
    return [WorkSection(key="standing-in", title=_("Standing in for a colleague"), items=items)]
