"""The "my work" page (``/my/``) as a list of sections, so each workflow adds its own part
without touching the page: a section builder takes the user and the role assignments of one
role and returns :class:`WorkSection` s (e.g. the values to enter for unit staff, the values
to approve for unit managers). Register one with :func:`section_builder`::

    @section_builder(Role.UNIT_STAFF)
    def values_to_enter(user, assignments):
        return [WorkSection(key="entry", title=_("Values to enter"), items=[...])]

The modules listed in :data:`SECTION_MODULES` are imported (and so register their builders)
when the page is first built. Sections of every role come first, in the order of ``Role``; the user's roles and the plans
they may see come last, for everyone who is signed in. A builder reads through selectors.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from seonggwa.accounts.models import Role, RoleAssignment

from .selectors import user_plan_list, user_role_list
from .templatetags.seonggwa_extras import status_badge

Text = str | Promise


@dataclass(frozen=True)
class WorkItem:
    """One card of a section: a label, optionally a link, a detail line and a badge
    (``badge_class`` a KRDS badge class, e.g. ``bg-light-danger``)."""

    label: Text
    url: str = ""
    detail: Text = ""
    badge: Text = ""
    badge_class: str = "bg-light-primary"


@dataclass(frozen=True)
class WorkSection:
    """A card of the page: a title, its items, the text shown when there are none, and an
    optional link to the full list (``link_label`` / ``link_url``)."""

    key: str
    title: Text
    items: Sequence[WorkItem] = field(default_factory=list)
    empty: Text = ""
    link_label: Text = ""
    link_url: str = ""


SectionBuilder = Callable[[Any, list[RoleAssignment]], list[WorkSection]]
# the modules whose builders register themselves when imported: imported by the first
# work_sections() call, not at start-up (the command line never needs them)
SECTION_MODULES = (
    "seonggwa.web.committee_sections",
    "seonggwa.web.council_sections",
    "seonggwa.web.entry_sections",
    "seonggwa.web.joint_sections",
    "seonggwa.web.office_sections",
    "seonggwa.web.people_sections",
    "seonggwa.web.planning_sections",
    "seonggwa.web.risks_sections",
    "seonggwa.web.reviews_sections",
)
EVERYONE = "*"  # builders for every signed-in user, whatever they hold (after the roles')
BUILDERS: dict[str, list[SectionBuilder]] = {role: [] for role in [*Role.values, EVERYONE]}


def section_builder(role: str) -> Callable[[SectionBuilder], SectionBuilder]:
    """Register ``builder`` for the users who hold ``role`` (a ``Role`` value), or for every
    signed-in user (:data:`EVERYONE`; it gets all of the user's assignments)."""

    def register(builder: SectionBuilder) -> SectionBuilder:
        BUILDERS[role].append(builder)
        return builder

    return register


def work_sections(user: Any) -> list[WorkSection]:
    """The sections of ``user``'s page: each held role's sections, then the roles and the
    plans. Two queries plus what the registered builders read."""
    for module in SECTION_MODULES:
        import_module(module)
    assignments = list(user_role_list(user=user))
    sections: list[WorkSection] = []
    for role in Role.values:
        held = [a for a in assignments if a.role == role]
        if held:
            for builder in BUILDERS[role]:
                sections.extend(builder(user, held))
    for builder in BUILDERS.get(EVERYONE, []):
        sections.extend(builder(user, assignments))
    sections.append(_roles_section(assignments))
    sections.append(_plans_section(user))
    return sections


def _roles_section(assignments: list[RoleAssignment]) -> WorkSection:
    items = [
        WorkItem(
            label=a.get_role_display(),
            detail=f"{a.organisation} · {a.unit.name}" if a.unit else str(a.organisation),
        )
        for a in assignments
    ]
    return WorkSection(
        key="roles",
        title=_("My roles"),
        items=items,
        empty=_("You hold no role yet. Ask your organisation's evaluation officer."),
        link_label=_("My delegations") if any(a.unit_id for a in assignments) else "",
        link_url=reverse("web:my-delegations") if any(a.unit_id for a in assignments) else "",
    )


def _plans_section(user: Any) -> WorkSection:
    items = [
        WorkItem(
            label=str(plan),
            url=reverse("web:plan-detail", args=[plan.pk]),
            detail=plan.title,
            badge=plan.get_status_display(),
            badge_class=status_badge(plan.status),
        )
        for plan in user_plan_list(user=user)
    ]
    return WorkSection(
        key="plans",
        title=_("Plans you may see"),
        items=items,
        empty=_("No plans you may see."),
        link_label=_("Plan list"),
        link_url=reverse("web:home"),
    )
