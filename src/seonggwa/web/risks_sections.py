"""The risk register's part of "my work" (``web.my_work``): for unit staff and managers,
the open risk issues assigned or escalated to their units that still wait for the
department's response (부서대응); for the evaluation office, the issues answered and not yet
closed. Imported by ``my_work.work_sections``."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from seonggwa.accounts.models import RoleAssignment
from seonggwa.policy import CENTRAL, ENTERING, organisation_units_for
from seonggwa.risks.models import RiskIssue
from seonggwa.risks.selectors import issues_answered, issues_awaiting_response

from .my_work import EVERYONE, WorkItem, WorkSection, section_builder


def _item(issue: RiskIssue, badge: str, badge_class: str) -> WorkItem:
    return WorkItem(
        label=issue.title,
        url=reverse("web:risks-issue", args=[issue.month.organisation_id, issue.pk]),
        detail=f"{issue.month} · {issue.owner_unit.name if issue.owner_unit else ''}",
        badge=badge,
        badge_class=badge_class,
    )


@section_builder(EVERYONE)
def risk_issues(user: Any, assignments: list[RoleAssignment]) -> list[WorkSection]:
    """One card for the unit's issues to answer, one for the office's answered issues to
    close (no card when there are none)."""
    to_answer: list[WorkItem] = []
    office = sorted({a.organisation_id for a in assignments if a.role in CENTRAL})
    entering = {a.organisation_id for a in assignments if a.role in ENTERING}
    for org_id in sorted(entering - set(office)):
        units = organisation_units_for(user, org_id, ENTERING) or set()
        if units:
            to_answer.extend(
                _item(i, _("response needed"), "bg-light-warning")
                for i in issues_awaiting_response(organisation_ids=[org_id], unit_ids=units)
            )
    to_close = [
        _item(i, _("to close"), "bg-light-primary")
        for i in (issues_answered(organisation_ids=office) if office else [])
    ]
    sections = []
    if to_answer:
        sections.append(WorkSection(key="risks", title=_("Risk issues to answer"), items=to_answer))
    if to_close:
        sections.append(
            WorkSection(key="risks-office", title=_("Risk issues answered"), items=to_close)
        )
    return sections
