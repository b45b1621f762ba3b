"""The committee member's part of "my work" (``/my/``): the rounds they sit on, each a link to
their 정성평가 채점 page (docs/evaluation.md "위원회 채점")."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from seonggwa.accounts.models import Role, RoleAssignment
from seonggwa.evaluation.committee_selectors import seats_of

from .my_work import WorkItem, WorkSection, section_builder
from .templatetags.seonggwa_extras import status_badge


@section_builder(Role.COMMITTEE_MEMBER)
def committee_scoring(user: Any, assignments: list[RoleAssignment]) -> list[WorkSection]:
    """Per committee round the user sits on: its plan and period, its status."""
    items = [
        WorkItem(
            label=f"{seat.round.plan} · {seat.round.period_key}",
            url=reverse("web:scoring", args=[seat.round_id]),
            detail=_("Qualitative scoring"),
            badge=seat.round.get_status_display(),
            badge_class=status_badge(seat.round.status),
        )
        for seat in seats_of(user=user)
    ]
    return [
        WorkSection(
            key="committee",
            title=_("Qualitative scoring"),
            items=items,
            empty=_("You are not appointed to a committee yet."),
        )
    ]
