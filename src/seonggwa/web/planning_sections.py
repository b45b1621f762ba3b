"""The planning parts of "my work" (``web.my_work``): a unit's staff and managers see their
unit's drafts in the open planning rounds (where each stands, the deadline, the office's
requests when returned) and their change requests waiting for the office; the evaluation
office sees each open round's progress (how many units submitted and accepted) and the
change requests to decide. A fixed number of queries, whatever the number of units.
Imported by ``my_work.work_sections``."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from seonggwa.accounts.models import Role, RoleAssignment
from seonggwa.planning.models import ChangeRequest, UnitDraft
from seonggwa.planning.selectors import (
    open_drafts_of_units,
    open_rounds_progress,
    pending_change_requests,
    rounds_reviewed_by,
)
from seonggwa.policy import CENTRAL, ENTERING, organisation_units_for, roles_of

from .my_work import EVERYONE, WorkItem, WorkSection, section_builder
from .templatetags.planning_tags import draft_badge


def _draft_item(draft: UnitDraft) -> WorkItem:
    facts = {"deadline": draft.round.deadline.isoformat(), "unit": draft.owner}
    detail = _("%(unit)s · deadline %(deadline)s") % facts
    if draft.status == UnitDraft.Status.RETURNED and draft.request_note:
        detail = _("%(unit)s · returned with requests: %(note)s") % {
            "unit": draft.owner,
            "note": Truncator(draft.request_note).chars(120),
        }
    return WorkItem(
        label=str(draft.round.plan),
        url=reverse("web:planning-draft", args=[draft.round_id, draft.pk]),
        detail=detail,
        badge=draft.get_status_display(),
        badge_class=draft_badge(draft.status),
    )


def _change_item(request: ChangeRequest, *, unit: bool = False) -> WorkItem:
    facts = {
        "old": request.old_text or "-",
        "new": request.new_text,
        "day": request.created_at.date().isoformat(),
    }
    detail = _("%(old)s → %(new)s, asked %(day)s") % facts
    if unit:
        detail = f"{request.indicator.owner} · {detail}"
    return WorkItem(
        label=f"{request.indicator.name} · {request.get_field_display()}",
        url=reverse("web:plan-changes", args=[request.plan_id]),
        detail=detail,
        badge=request.get_status_display(),
        badge_class="bg-light-warning",
    )


@section_builder(EVERYONE)
def unit_planning(user: Any, assignments: list[RoleAssignment]) -> list[WorkSection]:
    """A unit's staff and managers: their units' drafts of the open rounds and their
    pending change requests (two queries per organisation; nothing when there are none)."""
    org_ids = sorted(
        {a.organisation_id for a in assignments if a.role in ENTERING}
        - {a.organisation_id for a in assignments if a.role in CENTRAL}
    )
    drafts: list[WorkItem] = []
    requests: list[WorkItem] = []
    for org_id in org_ids:
        units = organisation_units_for(user, org_id, ENTERING)
        if not units:
            continue
        drafts += [
            _draft_item(d) for d in open_drafts_of_units(organisation_id=org_id, unit_ids=units)
        ]
        requests += [
            _change_item(r) for r in pending_change_requests(organisation_id=org_id, unit_ids=units)
        ]
    sections = []
    if drafts:
        sections.append(
            WorkSection(key="planning-drafts", title=_("Your unit's plan to draft"), items=drafts)
        )
    if requests:
        sections.append(
            WorkSection(
                key="planning-changes",
                title=_("Your change requests waiting for the office"),
                items=requests,
            )
        )
    return sections


def _office(user: Any, org_ids: list[int]) -> list[WorkSection]:
    rounds = [
        WorkItem(
            label=str(p.round.plan),
            url=reverse("web:planning-round", args=[p.round.pk]),
            detail=_(
                "%(submitted)s of %(total)s units submitted, %(accepted)s accepted, "
                "%(returned)s returned · deadline %(deadline)s"
            )
            % {
                "submitted": p.submitted + p.accepted,
                "accepted": p.accepted,
                "returned": p.returned,
                "total": p.total,
                "deadline": p.round.deadline.isoformat(),
            },
            badge=_("to review: %(count)s") % {"count": p.submitted}
            if p.submitted
            else _("%(accepted)s / %(total)s accepted")
            % {"accepted": p.accepted, "total": p.total},
            badge_class="bg-light-warning" if p.submitted else "bg-light-primary",
        )
        for p in open_rounds_progress(organisation_ids=org_ids)
    ]
    to_decide = [
        _change_item(r, unit=True)
        for org_id in org_ids
        for r in pending_change_requests(organisation_id=org_id, unit_ids=None)
    ]
    sections = []
    if rounds:
        sections.append(
            WorkSection(key="planning-rounds", title=_("Planning rounds"), items=rounds)
        )
    if to_decide:
        sections.append(
            WorkSection(
                key="planning-changes-to-decide",
                title=_("Change requests to decide"),
                items=to_decide,
            )
        )
    return sections


@section_builder(Role.EVALUATION_OFFICER)
def office_planning(user: Any, assignments: list[RoleAssignment]) -> list[WorkSection]:
    """The office: each open round's progress and the change requests to decide (a query
    each, per organisation)."""
    return _office(user, sorted({a.organisation_id for a in assignments}))


@section_builder(Role.ADMINISTRATOR)
def administrator_planning(user: Any, assignments: list[RoleAssignment]) -> list[WorkSection]:
    """The same for an administrator who is not also the evaluation officer there."""
    org_ids = [
        org_id
        for org_id in sorted({a.organisation_id for a in assignments})
        if not any(r.role == Role.EVALUATION_OFFICER for r in roles_of(user, org_id))
    ]
    return _office(user, org_ids) if org_ids else []


@section_builder(Role.COMMITTEE_MEMBER)
def rounds_to_review(user: Any, assignments: list[RoleAssignment]) -> list[WorkSection]:
    """A committee member the office invited: the open rounds to read and comment on (one
    query; nothing when not invited)."""
    items = [
        WorkItem(
            label=str(rnd.plan),
            url=reverse("web:planning-round", args=[rnd.pk]),
            detail=_(
                "Read the units' drafts and comment per goal or indicator · deadline %(deadline)s"
            )
            % {"deadline": rnd.deadline.isoformat()},
            badge=_("review"),
        )
        for rnd in rounds_reviewed_by(user=user)
    ]
    if not items:
        return []
    return [WorkSection(key="planning-review", title=_("Plans to review"), items=items)]
