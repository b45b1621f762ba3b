"""Who may see or change what: the permission functions every service, view, API and CLI
write asks, and the states that refuse a change whoever asks (a closed plan, a locked
period, a closed entry window, a locked value).

The policy reads the domain (plans, values, roles); the domain apps' write services call it
with the acting user (``results.services``, ``plans.services``), so the web, the admin, the
CLI and the API obey the same rules (docs/workflow.md).

Roles (``accounts.models.Role``): the administrator and the evaluation officer act for the
whole organisation ("central"); unit staff enter actuals of their unit and the units below
it; unit managers enter and approve them; committee members and every role may look.

A role assignment holds from ``valid_from`` to ``valid_to`` (a transfer ends one and starts
another), and a delegation lends a unit's entry or approval rights to a colleague for a
period: :func:`roles_of` answers for one day (today by default) with both, and
:func:`acting_for` says whom a person stands in for when a right comes from a delegation.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from seonggwa.accounts.models import (
    DELEGATED_ROLE,
    Delegation,
    Role,
    RoleAssignment,
    valid_on,
)
from seonggwa.accounts.selectors import standing
from seonggwa.organisations.models import Organisation, OrgUnit
from seonggwa.plans.models import Period, Plan

CENTRAL = {Role.ADMINISTRATOR, Role.EVALUATION_OFFICER}
ENTERING: set[str] = {Role.UNIT_STAFF, Role.UNIT_MANAGER}
APPROVING: set[str] = {Role.UNIT_MANAGER}

__all__ = [
    "CENTRAL",
    "acting_for",
    "administered_organisation_ids",
    "can_approve_actual",
    "can_comment_plan",
    "can_delegate",
    "can_draft_plan",
    "can_edit_evaluation_rules",
    "can_edit_plan",
    "can_enter_actual",
    "can_file_followup",
    "can_manage_committee",
    "can_manage_consignment",
    "can_manage_council",
    "can_manage_people",
    "can_manage_plan",
    "can_manage_reviews",
    "can_manage_risks",
    "can_manage_units",
    "can_raise_objection",
    "can_read_run",
    "can_read_shared_run",
    "can_record_sustainability_review",
    "can_respond_risk",
    "can_see_unapproved",
    "can_submit_plan",
    "can_view_consignment",
    "can_view_plan",
    "can_view_reviews",
    "can_view_risks",
    "dashboard_runs",
    "dashboard_units",
    "enters_for_plan",
    "entry_refusal",
    "is_central",
    "member_unit_ids",
    "organisation_units_for",
    "review_refusal",
    "roles_of",
    "units_for",
    "visible_plans",
]


def administered_organisation_ids(user: Any) -> list[int]:
    """Organisations where ``user`` is administrator or evaluation officer today (the admin
    site shows and changes only their rows)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        RoleAssignment.objects.filter(
            valid_on(timezone.localdate()), user=user, role__in=CENTRAL
        ).values_list("organisation_id", flat=True)
    )


DELEGATING_ROLES: dict[str, set[str]] = {
    Delegation.Kind.APPROVAL: APPROVING,
    Delegation.Kind.ENTRY: ENTERING,
}


def roles_of(
    user: Any, organisation: Organisation | int, on: datetime.date | None = None
) -> list[RoleAssignment]:
    """The user's role assignments in an organisation that hold on ``on`` (today), with
    the rights lent to them by active delegations (unsaved assignments whose
    ``delegation`` names it), read once per user object and day."""
    if not getattr(user, "is_authenticated", False):
        return []
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    day = on or timezone.localdate()
    cache: dict[tuple[int, datetime.date], list[RoleAssignment]] = user.__dict__.setdefault(
        "_seonggwa_roles", {}
    )
    if (org_id, day) not in cache:
        if day == timezone.localdate():  # today's roles in every organisation: one query
            now = standing(user)
            own = [r for r in now.assignments if r.organisation_id == org_id]
            lent = _delegated_roles(user, org_id, day) if now.delegated else []
        else:
            own = list(
                RoleAssignment.objects.filter(
                    valid_on(day), user_id=user.pk, organisation_id=org_id
                ).select_related("unit")
            )
            lent = _delegated_roles(user, org_id, day)
        cache[(org_id, day)] = own + lent
    return cache[(org_id, day)]


def _delegated_roles(user: Any, org_id: int, day: datetime.date) -> list[RoleAssignment]:
    """The rights active delegations lend ``user`` on ``day``: each while its delegator
    still holds the right for the unit that day (a transfer ends it) and both accounts are
    active (a deactivation ends it)."""
    out: list[RoleAssignment] = []
    delegations = Delegation.objects.filter(
        organisation_id=org_id,
        delegate_id=user.pk,
        revoked=False,
        starts_on__lte=day,
        ends_on__gte=day,
        # a deactivated account neither lends nor holds rights
        delegator__is_active=True,
        delegate__is_active=True,
    ).select_related("unit", "delegator")
    for delegation in delegations:
        if not _holds(delegation.delegator, org_id, day, delegation.kind, delegation.unit):
            continue
        lent = RoleAssignment(
            user_id=user.pk,
            organisation_id=org_id,
            unit=delegation.unit,
            role=DELEGATED_ROLE[delegation.kind],
        )
        lent.delegation = delegation  # type: ignore[attr-defined]
        out.append(lent)
    return out


def _holds(person: Any, org_id: int, day: datetime.date, kind: str, unit: OrgUnit) -> bool:
    """Whether ``person`` holds, by their own assignment on ``day``, the rights a
    delegation of ``kind`` lends for ``unit`` (delegated rights are not lent on)."""
    wanted = DELEGATING_ROLES[kind]
    return any(
        r.role in wanted and r.unit is not None and _unit_covers(r, unit)
        for r in RoleAssignment.objects.filter(
            valid_on(day), user_id=person.pk, organisation_id=org_id
        ).select_related("unit")
    )


def acting_for(user: Any, plan: Plan, unit: OrgUnit, roles: Iterable[str]) -> Any | None:
    """Whom ``user`` stands in for when acting with ``roles`` for ``unit`` today: the
    delegator, when the right comes only from a delegation; None when it is the user's
    own (or the user is central)."""
    if is_central(user, plan.organisation_id):
        return None
    wanted = set(roles)
    covering = [
        r
        for r in roles_of(user, plan.organisation_id)
        if r.role in wanted and r.unit is not None and _unit_covers(r, unit)
    ]
    if not covering or any(getattr(r, "delegation", None) is None for r in covering):
        return None
    return covering[0].delegation.delegator  # type: ignore[attr-defined]


def can_manage_people(user: Any, organisation: Organisation | int) -> bool:
    """Accounts, roles, transfers and delegations of an organisation's people: its
    administrator and evaluation officer (and the superuser)."""
    return is_central(user, organisation)


def can_manage_units(user: Any, organisation: Organisation | int) -> bool:
    """Renaming, merging and splitting an organisation's units: as :func:`can_manage_people`."""
    return is_central(user, organisation)


def can_delegate(user: Any, delegation: Delegation) -> bool:
    """A delegation is made or revoked by the evaluation office or by the delegating
    person."""
    if is_central(user, delegation.organisation_id):
        return True
    return getattr(user, "pk", None) is not None and user.pk == delegation.delegator_id


def is_central(user: Any, organisation: Organisation | int) -> bool:
    """A superuser, or an administrator / evaluation officer of the organisation."""
    if getattr(user, "is_superuser", False):
        return True
    return any(r.role in CENTRAL for r in roles_of(user, organisation))


def can_view_consignment(user: Any, organisation: Organisation | int) -> bool:
    """The consignment evaluation (scores, exclusions, consent clock) of an organisation:
    anyone with a role in it; the public sees only what is published on the portal."""
    if getattr(user, "is_superuser", False):
        return True
    return bool(roles_of(user, organisation))


def can_manage_consignment(user: Any, organisation: Organisation | int) -> bool:
    """Services, rounds, scores and contract events of the consignment evaluation: the
    evaluation office (administrator, evaluation officer) of the organisation."""
    return is_central(user, organisation)


def can_manage_council(user: Any, organisation: Organisation | int) -> bool:
    """Council written questions, their items, answers and attachments, and the answer
    pack: the evaluation office (administrator, evaluation officer) only — reading too,
    since the answers are drafts until sent."""
    return is_central(user, organisation)


def can_view_risks(user: Any, organisation: Organisation | int) -> bool:
    """The risk register (monthly reports, issues, press items, responses) of an
    organisation: anyone with a role in it. It is internal: the public never sees it."""
    if getattr(user, "is_superuser", False):
        return True
    return bool(roles_of(user, organisation))


def can_manage_risks(user: Any, organisation: Organisation | int) -> bool:
    """Creating monthly reports and issues, setting importance and stage, escalating to a
    실·국 and closing: the evaluation office (administrator, evaluation officer)."""
    return is_central(user, organisation)


def can_respond_risk(user: Any, issue: Any) -> bool:
    """Writing the department's response (부서대응) to a risk issue: the evaluation office,
    or the staff and managers of the issue's owning unit (or of a unit above it). ``issue``
    is a ``risks.RiskIssue`` (the policy sits below that app and reads it by attribute)."""
    organisation_id = issue.month.organisation_id
    units = organisation_units_for(user, organisation_id, ENTERING)
    if units is None:
        return True
    return issue.owner_unit_id is not None and issue.owner_unit_id in units


def can_view_reviews(user: Any, organisation: Organisation | int) -> bool:
    """The ad-hoc reviews (수시평가) of an organisation, their findings, recommendations and
    follow-ups: anyone with a role in it (committee members included), as the consignment
    evaluation; the public sees none."""
    return can_view_consignment(user, organisation)


def can_manage_reviews(user: Any, organisation: Organisation | int) -> bool:
    """Reviews, rounds, findings, recommendations and the follow-ups' owners and due dates:
    the evaluation office (administrator, evaluation officer) of the organisation."""
    return is_central(user, organisation)


def can_file_followup(
    user: Any, organisation: Organisation | int, unit: OrgUnit | None, owner_id: int | None = None
) -> bool:
    """Filing a recommendation's follow-up (status, notes, evidence): the evaluation office,
    the follow-up's owner, and unit staff and managers of its unit (or a unit above it)."""
    if is_central(user, organisation):
        return True
    if owner_id is not None and getattr(user, "pk", None) == owner_id:
        return bool(roles_of(user, organisation))
    if unit is None:
        return False
    return any(
        r.role in ENTERING and r.unit is not None and _unit_covers(r, unit)
        for r in roles_of(user, organisation)
    )


def can_view_plan(user: Any, plan: Plan) -> bool:
    """Anyone with a role in the organisation; the public sees confirmed and closed plans."""
    if plan.status in (Plan.Status.CONFIRMED, Plan.Status.CLOSED):
        return True
    if getattr(user, "is_superuser", False):
        return True
    return bool(roles_of(user, plan.organisation_id))


def can_see_unapproved(user: Any, plan: Plan) -> bool:
    """Draft, submitted and rejected figures, statuses and explanations are for the
    organisation's own people; the public sees approved figures of published periods."""
    return getattr(user, "is_superuser", False) or bool(roles_of(user, plan.organisation_id))


def visible_plans(user: Any) -> QuerySet[Plan]:
    """The plans ``user`` may see, as one query (the rule of :func:`can_view_plan`)."""
    plans = Plan.objects.select_related("organisation")
    if getattr(user, "is_superuser", False):
        return plans
    published = Q(status__in=[Plan.Status.CONFIRMED, Plan.Status.CLOSED])
    if getattr(user, "is_authenticated", False):
        org_ids = RoleAssignment.objects.filter(
            valid_on(timezone.localdate()), user_id=user.pk
        ).values("organisation_id")
        published |= Q(organisation_id__in=org_ids)
    return plans.filter(published).distinct()


def can_edit_plan(user: Any, plan: Plan) -> bool:
    """Planning data (structure, targets, weights): the central roles, while not closed."""
    return plan.status != Plan.Status.CLOSED and is_central(user, plan.organisation_id)


def can_manage_plan(user: Any, plan: Plan) -> bool:
    """Periods, entry windows, locks, publication, the plan's status, imports and
    reminders: the central roles, while the plan is not closed."""
    return plan.status != Plan.Status.CLOSED and is_central(user, plan.organisation_id)


def can_run_evaluation(user: Any, plan: Plan) -> bool:
    """Evaluation runs (start, finalise, publish, and reading provisional results): the
    central roles of the plan's organisation, a closed plan included (the year's final
    evaluation is run after collection closes)."""
    return is_central(user, plan.organisation_id)


def can_manage_committee(user: Any, plan: Plan) -> bool:
    """Committee scoring of a plan's qualitative indicators (appointing and removing
    members, the aggregation method, opening and closing scoring, reading every score): the
    office that runs its evaluations (:func:`can_run_evaluation`)."""
    return can_run_evaluation(user, plan)


def can_record_sustainability_review(user: Any, plan: Plan) -> bool:
    """Recording the committee's review of a sustainability evaluation (status, date,
    resolution): the evaluation office (:func:`can_manage_plan`) and the organisation's
    committee members (who hold the committee role today), while the plan is not closed.
    Unit staff and managers do not: they submit the actuals the committee reviews."""
    if plan.status == Plan.Status.CLOSED:
        return False
    if can_manage_plan(user, plan):
        return True
    return any(r.role == Role.COMMITTEE_MEMBER for r in roles_of(user, plan.organisation_id))


def member_unit_ids(user: Any, organisation: Organisation | int) -> set[int]:
    """The units ``user`` belongs to today by a role held for a unit (manager, staff, or a
    committee role given for a unit): a committee member never scores an indicator of these
    units or of the units under them."""
    return {r.unit_id for r in roles_of(user, organisation) if r.unit_id is not None}


def can_edit_evaluation_rules(user: Any, plan: Plan) -> bool:
    """An indicator's and the plan's evaluation rules (stages, grade scores, caps, score
    steps, the grading scheme's version): whoever runs the evaluation
    (:func:`can_run_evaluation`), a closed plan included — the year's evaluation is run,
    and its rules settled, after collection closes. Stored runs never change with them."""
    return can_run_evaluation(user, plan)


def can_raise_objection(user: Any, plan: Plan, unit: OrgUnit) -> bool:
    """Objecting to a unit's result in a shared provisional run (이의신청): unit staff and
    managers of the unit (or a unit above it), a closed plan included — the year's
    evaluation is run after collection closes. The central roles decide objections; they
    do not raise them. When the objection window is open is the evaluation service's rule."""
    return any(
        r.role in ENTERING and r.unit is not None and _unit_covers(r, unit)
        for r in roles_of(user, plan.organisation_id)
    )


def can_read_shared_run(user: Any, plan: Plan) -> bool:
    """A provisional run shared with the units: the central roles, and unit staff and
    managers of some unit (who read their units' results)."""
    units = units_for(user, plan, ENTERING)
    return units is None or bool(units)


def can_read_run(user: Any, run: Any) -> bool:
    """An evaluation run's stored results: a published run for anyone who may see its plan
    (the public included); a provisional or final one for the evaluation office only."""
    if run.status == "published":
        return can_view_plan(user, run.plan)
    return can_run_evaluation(user, run.plan)


def dashboard_units(user: Any, organisation: Organisation | int) -> set[int] | None:
    """The units whose dashboards ``user`` reads (docs/web.md "Dashboards"): None for the
    central roles (every unit), the units of their roles and those below them for unit
    staff and managers; an empty set for everyone else (committee members, other
    organisations' people), who get none."""
    return organisation_units_for(user, organisation, ENTERING)


def dashboard_runs(user: Any, organisation: Organisation | int) -> Q:
    """The evaluation runs a dashboard reads for ``user``, as a filter of runs: every run
    for the central roles (:func:`can_run_evaluation`), published and shared provisional
    runs for unit staff and managers (:func:`can_read_run`, :func:`can_read_shared_run`)."""
    if is_central(user, organisation):
        return Q()
    return Q(status="published") | Q(status="provisional", shared_at__isnull=False)


def _unit_covers(assignment: RoleAssignment, unit: OrgUnit) -> bool:
    current: OrgUnit | None = unit
    while current is not None:
        if assignment.unit_id == current.pk:
            return True
        current = current.parent
    return False


def _may_act_for(user: Any, plan: Plan, unit: OrgUnit, unit_roles: set[str]) -> bool:
    """An open plan, and the user is central or holds one of ``unit_roles`` for the unit
    or a unit above it."""
    if plan.status == Plan.Status.CLOSED:
        return False
    if is_central(user, plan.organisation_id):
        return True
    return any(
        r.role in unit_roles and r.unit is not None and _unit_covers(r, unit)
        for r in roles_of(user, plan.organisation_id)
    )


def can_enter_actual(user: Any, plan: Plan, unit: OrgUnit) -> bool:
    """Unit staff and managers of the unit (or above it), and the central roles."""
    return _may_act_for(user, plan, unit, ENTERING)


def can_approve_actual(user: Any, plan: Plan, unit: OrgUnit) -> bool:
    """Unit managers of the unit (or above it), and the central roles."""
    return _may_act_for(user, plan, unit, APPROVING)


def can_draft_plan(user: Any, plan: Plan, unit: OrgUnit) -> bool:
    """A unit's part of a draft plan in a planning round (goals, indicators, targets, and
    mid-year change requests of a confirmed plan): unit staff and managers of the unit (or
    above it), and the central roles."""
    return _may_act_for(user, plan, unit, ENTERING)


def can_comment_plan(user: Any, plan: Plan, invited: Iterable[int] = ()) -> bool:
    """Commenting on the units' drafts of a planning round (and reading every draft): the
    central roles, and the people the office invited to the round (``invited``, their user
    ids) while they hold a role in the organisation. Returning, accepting and confirming
    stay with the central roles."""
    if is_central(user, plan.organisation_id):
        return True
    if getattr(user, "pk", None) is None or user.pk not in set(invited):
        return False
    return bool(roles_of(user, plan.organisation_id))


def can_submit_plan(user: Any, plan: Plan, unit: OrgUnit) -> bool:
    """Submitting a unit's draft plan to the office: unit managers and the central roles."""
    return _may_act_for(user, plan, unit, APPROVING)


def enters_for_plan(user: Any, plan: Plan) -> bool:
    """Whether the user enters actuals of some unit of the plan (the entry grid and the
    entry sheet): the central roles, and unit staff and managers of some unit."""
    units = units_for(user, plan, ENTERING)
    return units is None or bool(units)


def units_for(user: Any, plan: Plan, roles: Iterable[str]) -> set[int] | None:
    """The ids of the units the user holds one of ``roles`` for (with the units below
    them); None when the user is central (every unit)."""
    return organisation_units_for(user, plan.organisation_id, roles)


def organisation_units_for(
    user: Any, organisation: Organisation | int, roles: Iterable[str]
) -> set[int] | None:
    """:func:`units_for` in an organisation rather than a plan's (e.g. for "my work",
    across the organisation's plans): None when the user is central there."""
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    if is_central(user, org_id):
        return None
    wanted = set(roles)
    roots = {
        r.unit_id for r in roles_of(user, org_id) if r.role in wanted and r.unit_id is not None
    }
    if not roots:
        return set()
    children: dict[int, list[int]] = {}
    for unit_id, parent_id in OrgUnit.objects.filter(organisation_id=org_id).values_list(
        "id", "parent_id"
    ):
        if parent_id is not None:
            children.setdefault(parent_id, []).append(unit_id)
    out, todo = set(), list(roots)
    while todo:
        unit_id = todo.pop()
        if unit_id not in out:
            out.add(unit_id)
            todo.extend(children.get(unit_id, []))
    return out


def review_refusal(user: Any, plan: Plan, period: Period | None) -> str | None:
    """Why an actual of ``period`` cannot be approved or returned now whoever asks (Korean),
    or None: a closed plan, a locked period. Who may review is :func:`can_approve_actual`;
    unlike entering, reviewing goes on after the entry window closes."""
    if plan.status == Plan.Status.CLOSED:
        return gettext("%(plan)s은(는) 마감되어 바꿀 수 없습니다.") % {"plan": plan}
    if period is not None and period.locked:
        return gettext("%(period)s 기간은 잠겨 있어 바꿀 수 없습니다.") % {"period": period.key}
    return None


def entry_refusal(
    user: Any,
    plan: Plan,
    period: Period | None,
    *,
    year: int | None = None,
    today: datetime.date | None = None,
) -> str | None:
    """Why an actual of ``period`` (of ``year``) cannot be entered, submitted or changed now
    (Korean, with the dates), or None. The central roles may enter outside the window, and
    record the actuals of years before the plan's (the history a BSC sheet prints); units
    enter once the plan is confirmed; nobody may enter into a closed plan, a locked period or
    a period the plan does not have."""
    if plan.status == Plan.Status.CLOSED:
        return gettext("%(plan)s은(는) 마감되어 바꿀 수 없습니다.") % {"plan": plan}
    if period is None and year is not None and year < plan.year:
        if is_central(user, plan.organisation_id):
            return None
        return gettext(
            "%(year)s년은 %(plan)s 이전 해라 평가담당관만 실적을 기록할 수 있습니다."
        ) % {"year": year, "plan": plan}
    if period is None:
        return gettext(
            "%(plan)s에 이 기간이 없습니다. 평가담당관이 기간을 만든 뒤 입력할 수 있습니다."
        ) % {"plan": plan}
    if period.locked:
        return gettext(
            "%(period)s 기간은 잠겨 있어 바꿀 수 없습니다. 평가담당관에게 재개를 요청하세요."
        ) % {"period": period.key}
    if is_central(user, plan.organisation_id):
        return None
    if plan.status == Plan.Status.DRAFT:
        return gettext(
            "%(plan)s은(는) 아직 작성 중입니다. 계획이 확정된 뒤 실적을 입력할 수 있습니다."
        ) % {"plan": plan}
    day = today or timezone.localdate()
    if period.opens_on is None or period.closes_on is None:
        return gettext("%(period)s 실적 입력 기간이 아직 정해지지 않았습니다.") % {
            "period": period.key
        }
    if not period.opens_on <= day <= period.closes_on:
        return gettext(
            "%(period)s 실적 입력 기간(%(opens)s ~ %(closes)s)이 아닙니다. 오늘은 %(today)s입니다."
        ) % {
            "period": period.key,
            "opens": period.opens_on.isoformat(),
            "closes": period.closes_on.isoformat(),
            "today": day.isoformat(),
        }
    return None
