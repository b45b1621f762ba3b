"""Who may see or change what: the permission functions every service, view, API and CLI
write asks. The policy reads the domain (plans, results, roles); the domain apps' services
call it with the acting user."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from seonggwa.accounts.models import Role, RoleAssignment
from seonggwa.organisations.models import Organisation, OrgUnit
from seonggwa.plans.models import Plan

CENTRAL = {Role.ADMINISTRATOR, Role.EVALUATION_OFFICER}


def administered_organisation_ids(user: Any) -> list[int]:
    """Organisations where ``user`` is administrator or evaluation officer (the admin site
    shows and changes only their rows)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        RoleAssignment.objects.filter(user=user, role__in=CENTRAL).values_list(
            "organisation_id", flat=True
        )
    )


def _roles(user: Any, organisation: Organisation) -> list[RoleAssignment]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        RoleAssignment.objects.filter(user=user, organisation=organisation).select_related("unit")
    )


def can_view_plan(user: Any, plan: Plan) -> bool:
    """Anyone with a role in the organisation; the public sees confirmed and closed plans."""
    if plan.status in (Plan.Status.CONFIRMED, Plan.Status.CLOSED):
        return True
    if getattr(user, "is_superuser", False):
        return True
    return bool(_roles(user, plan.organisation))


def visible_plans(user: Any) -> QuerySet[Plan]:
    """The plans ``user`` may see, as one query (the rule of :func:`can_view_plan`)."""
    plans = Plan.objects.select_related("organisation")
    if getattr(user, "is_superuser", False):
        return plans
    published = Q(status__in=[Plan.Status.CONFIRMED, Plan.Status.CLOSED])
    if getattr(user, "is_authenticated", False):
        published |= Q(organisation__role_assignments__user=user)
    return plans.filter(published).distinct()


def can_edit_plan(user: Any, plan: Plan) -> bool:
    if plan.status == Plan.Status.CLOSED:
        return False
    if getattr(user, "is_superuser", False):
        return True
    return any(r.role in CENTRAL for r in _roles(user, plan.organisation))


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
    if getattr(user, "is_superuser", False):
        return True
    for r in _roles(user, plan.organisation):
        if r.role in CENTRAL:
            return True
        if r.role in unit_roles and r.unit is not None and _unit_covers(r, unit):
            return True
    return False


def can_enter_actual(user: Any, plan: Plan, unit: OrgUnit) -> bool:
    """Unit staff and managers of the unit (or above it), and the central roles."""
    return _may_act_for(user, plan, unit, {Role.UNIT_STAFF, Role.UNIT_MANAGER})


def can_approve_actual(user: Any, plan: Plan, unit: OrgUnit) -> bool:
    """Unit managers of the unit (or above it), and the central roles."""
    return _may_act_for(user, plan, unit, {Role.UNIT_MANAGER})
