"""The follow-ups of ad-hoc reviews on "my work" (``/my/``): the open follow-ups a person
answers for (their own, their units'), soonest due first, with a badge when the due date is
near or past (docs/reviews.md)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from seonggwa.accounts.models import RoleAssignment
from seonggwa.engine.reviews import followup_state
from seonggwa.reviews.selectors import followups_for_user, remind_days

from .my_work import EVERYONE, WorkItem, WorkSection, section_builder

BADGES = {
    "overdue": (_("overdue"), "bg-light-danger"),
    "due_soon": (_("due soon"), "bg-light-warning"),
}


@section_builder(EVERYONE)
def followups_due(user: Any, assignments: list[RoleAssignment]) -> list[WorkSection]:
    """One card per open follow-up; no section for a person without any."""
    if not assignments:
        return []
    today = timezone.localdate()
    days = remind_days()
    items = []
    for followup in followups_for_user(user, today, assignments):
        review = followup.recommendation.round.review
        state = followup_state(followup.status, followup.due_on, today, remind_days=days)
        badge, badge_class = BADGES.get(state, (followup.get_status_display(), "bg-light-primary"))
        due = followup.due_on.isoformat() if followup.due_on else _("no due date")
        items.append(
            WorkItem(
                label=followup.recommendation.text[:80],
                url=reverse("web:reviews-followup", args=[review.organisation_id, followup.pk]),
                detail=f"{review.topic} · {due}",
                badge=badge,
                badge_class=badge_class,
            )
        )
    if not items:
        return []
    return [WorkSection(key="followups", title=_("Review follow-ups"), items=items)]
