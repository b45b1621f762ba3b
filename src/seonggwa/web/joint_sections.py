"""The joint evaluation's part of "my work" (``web.my_work``): for the evaluation office, the
milestones of its joint evaluations running today (정성평가, 국민공감 우수사례 선정, 결과발표 …)
with the days left. The entry window and the objection deadline the timeline sets show
through the entry and evaluation sections."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from seonggwa.accounts.models import RoleAssignment
from seonggwa.frameworks.joint_selectors import current_milestones
from seonggwa.frameworks.models import TimelineStep
from seonggwa.policy import CENTRAL

from .my_work import EVERYONE, WorkItem, WorkSection, section_builder


def _item(step: TimelineStep, today: Any) -> WorkItem:
    assert step.starts_on is not None and step.ends_on is not None
    plan = step.evaluation.plan
    left = (step.ends_on - today).days
    return WorkItem(
        label=f"{step.label} · {plan.organisation} {plan.year}",
        url=reverse("web:joint", args=[plan.pk]) + "#timeline-title",
        detail=f"{step.starts_on.isoformat()} ~ {step.ends_on.isoformat()}",
        badge=_("%(days)d days left") % {"days": left},
        badge_class="bg-light-warning" if left <= 3 else "bg-light-primary",
    )


@section_builder(EVERYONE)
def joint_milestones(user: Any, assignments: list[RoleAssignment]) -> list[WorkSection]:
    """One card of the joint-evaluation milestones under way (none when there are none)."""
    office = sorted({a.organisation_id for a in assignments if a.role in CENTRAL})
    if not office:
        return []
    today = timezone.localdate()
    items = [_item(step, today) for step in current_milestones(office, today)]
    if not items:
        return []
    return [WorkSection(key="joint", title=_("Joint evaluation under way"), items=items)]
