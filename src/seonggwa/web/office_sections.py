"""The managers' and the evaluation office's parts of "my work" (``web.my_work``): actuals
waiting for a unit manager's approval, per plan; for the evaluation office, the units still
to submit in each open (or overdue) period; and everyone's unread notifications. Imported
by ``my_work.work_sections`` (``SECTION_MODULES``) so the builders are registered."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from seonggwa.accounts.models import Role, RoleAssignment
from seonggwa.notifications.messages import notification_subject, notification_text
from seonggwa.notifications.selectors import notification_list
from seonggwa.policy import APPROVING, organisation_units_for, roles_of
from seonggwa.results.selectors import (
    NOT_STARTED,
    UnitPeriodStatus,
    open_collection,
    submitted_counts,
)

from .my_work import EVERYONE, WorkItem, WorkSection, section_builder

UNREAD_SHOWN = 5


def _organisation_ids(assignments: list[RoleAssignment]) -> list[int]:
    return sorted({a.organisation_id for a in assignments})


@section_builder(Role.UNIT_MANAGER)
def actuals_to_approve(user: Any, assignments: list[RoleAssignment]) -> list[WorkSection]:
    """Per open plan: how many submitted actuals of the manager's units wait for approval."""
    items = []
    for org_id in _organisation_ids(assignments):
        unit_ids = organisation_units_for(user, org_id, APPROVING)
        for plan, count in submitted_counts(organisation_id=org_id, unit_ids=unit_ids):
            items.append(
                WorkItem(
                    label=str(plan),
                    url=reverse("web:approvals", args=[plan.pk]),
                    detail=_("Submitted actuals waiting for your approval: %(count)s.")
                    % {"count": count},
                    badge=_("to approve: %(count)s") % {"count": count},
                    badge_class="bg-light-warning",
                )
            )
    return [
        WorkSection(
            key="approve",
            title=_("Actuals to approve"),
            items=items,
            empty=_("No submitted actuals wait for your approval."),
        )
    ]


def _collection_items(rows: list[UnitPeriodStatus]) -> list[WorkItem]:
    today = timezone.localdate()
    by_period: dict[Any, list[UnitPeriodStatus]] = defaultdict(list)
    for row in rows:
        by_period[row.period].append(row)
    items = []
    for period, units in by_period.items():
        overdue = [u for u in units if u.overdue(today)]
        parts = []
        for u in units:
            not_started = u.counts.get(NOT_STARTED, 0)
            parts.append(
                _("%(unit)s (%(waiting)s to submit, %(not_started)s not started)")
                % {"unit": u.unit.name, "waiting": u.waiting, "not_started": not_started}
            )
        url = reverse("web:board", args=[period.plan_id])
        items.append(
            WorkItem(
                label=f"{period.plan} · {period.key}",
                url=f"{url}?{urlencode({'period': period.key})}",
                detail=", ".join(parts),
                badge=_("units overdue: %(count)s") % {"count": len(overdue)}
                if overdue
                else _("units to submit: %(count)s") % {"count": len(units)},
                badge_class="bg-light-danger" if overdue else "bg-light-warning",
            )
        )
    return items


def _collection_section(user: Any, org_ids: list[int]) -> list[WorkSection]:
    rows = open_collection(organisation_ids=org_ids, today=timezone.localdate()) if org_ids else []
    return [
        WorkSection(
            key="collection",
            title=_("Units still to submit"),
            items=_collection_items(rows),
            empty=_("Every unit has submitted the actuals of the open periods."),
        )
    ]


@section_builder(Role.EVALUATION_OFFICER)
def collection_for_officer(user: Any, assignments: list[RoleAssignment]) -> list[WorkSection]:
    """Per plan and period whose window has opened and that is not locked: the units with
    actuals still to submit (not started, draft or returned), overdue ones first marked."""
    return _collection_section(user, _organisation_ids(assignments))


@section_builder(Role.ADMINISTRATOR)
def collection_for_administrator(user: Any, assignments: list[RoleAssignment]) -> list[WorkSection]:
    """The same for an administrator, in the organisations where they are not also the
    evaluation officer (whose section already shows them)."""
    org_ids = [
        org_id
        for org_id in _organisation_ids(assignments)
        if not any(r.role == Role.EVALUATION_OFFICER for r in roles_of(user, org_id))
    ]
    return _collection_section(user, org_ids) if org_ids else []


@section_builder(EVERYONE)
def unread_notifications(user: Any, assignments: list[RoleAssignment]) -> list[WorkSection]:
    """The newest unread notifications (up to five), with a link to all of them."""
    notes = list(notification_list(user=user).filter(read_at__isnull=True)[:UNREAD_SHOWN])
    return [
        WorkSection(
            key="notifications",
            title=_("Unread notifications"),
            items=[
                WorkItem(
                    label=notification_subject(n.kind, n.params),
                    url=n.link,
                    detail=notification_text(n.kind, n.params),
                    badge=timezone.localtime(n.created_at).strftime("%Y-%m-%d"),
                    badge_class="bg-light-primary",
                )
                for n in notes
            ],
            empty=_("No unread notifications."),
            link_label=_("All notifications"),
            link_url=reverse("web:notifications"),
        )
    ]
