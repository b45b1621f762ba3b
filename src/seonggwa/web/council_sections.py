"""The council questions' part of "my work" (``web.my_work``): for the evaluation office,
the written questions not yet answered, earliest deadline first, with the days left.
Imported from ``WebConfig.ready``."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from seonggwa.accounts.models import RoleAssignment
from seonggwa.council.models import WrittenQuestion
from seonggwa.council.selectors import questions_due
from seonggwa.policy import CENTRAL

from .my_work import EVERYONE, WorkItem, WorkSection, section_builder


def _item(question: WrittenQuestion, today: Any) -> WorkItem:
    assert question.deadline is not None
    left = (question.deadline - today).days
    if left < 0:
        badge, badge_class = _("overdue"), "bg-light-danger"
    elif left <= 3:
        badge, badge_class = _("%(days)d days left") % {"days": left}, "bg-light-warning"
    else:
        badge, badge_class = _("%(days)d days left") % {"days": left}, "bg-light-primary"
    return WorkItem(
        label=f"{question.member} · {question.title}",
        url=reverse("web:council-question", args=[question.organisation_id, question.pk]),
        detail=_("answer due %(date)s") % {"date": question.deadline.isoformat()},
        badge=badge,
        badge_class=badge_class,
    )


@section_builder(EVERYONE)
def council_questions(user: Any, assignments: list[RoleAssignment]) -> list[WorkSection]:
    """One card of the office's open questions with a deadline (none when there are none)."""
    office = sorted({a.organisation_id for a in assignments if a.role in CENTRAL})
    if not office:
        return []
    today = timezone.localdate()
    items = [_item(q, today) for q in questions_due(office)]
    if not items:
        return []
    return [
        WorkSection(
            key="council",
            title=_("Council questions to answer"),
            items=items,
            link_label=_("Council questions"),
            link_url=reverse("web:council-start"),
        )
    ]
