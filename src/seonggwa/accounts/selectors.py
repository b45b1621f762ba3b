"""Reads for people and their roles."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, IntegerField, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from seonggwa.notifications.models import Notification
from seonggwa.organisations.models import OrgUnit

from .models import DELEGATED_ROLE, Delegation, RoleAssignment, TemporaryPassword, valid_on

__all__ = [
    "delegation_list",
    "delegations_held",
    "password_change_required",
    "people_list",
    "person_assignments",
    "standing",
    "users_with_role",
]


def users_with_role(
    *, organisation_id: int, roles: Iterable[str], unit: OrgUnit | None = None
) -> list[Any]:
    """Active users holding one of ``roles`` in the organisation today; with ``unit``, those whose
    role is for that unit or a unit above it (org-wide roles count everywhere), and those who
    stand in today for such a unit by a delegation of those rights."""
    units: list[int | None] = [None]
    current = unit
    while current is not None:
        units.append(current.pk)
        current = current.parent
    ids = RoleAssignment.objects.filter(
        valid_on(timezone.localdate()), organisation_id=organisation_id, role__in=list(roles)
    ).values_list("user_id", "unit_id")
    wanted = {user_id for user_id, unit_id in ids if unit is None or unit_id in units}
    # the colleagues standing in today for the unit (or a unit above it) are told too
    kinds = [kind for kind, role in DELEGATED_ROLE.items() if role in set(roles)]
    if kinds:
        today = timezone.localdate()
        lent = Delegation.objects.filter(
            organisation_id=organisation_id,
            kind__in=kinds,
            revoked=False,
            starts_on__lte=today,
            ends_on__gte=today,
            delegator__is_active=True,
        ).values_list("delegate_id", "unit_id")
        wanted |= {user_id for user_id, unit_id in lent if unit is None or unit_id in units}
    return list(get_user_model().objects.filter(pk__in=wanted, is_active=True).order_by("pk"))


def people_list(*, organisation_id: int) -> list[Any]:
    """Everyone who holds or held a role in the organisation, by user name, each with
    ``assignments`` (theirs there, current first) — two queries."""
    assignments = list(
        RoleAssignment.objects.filter(organisation_id=organisation_id)
        .select_related("unit")
        .order_by("valid_to", "role", "unit__name")
    )
    by_user: dict[int, list[RoleAssignment]] = {}
    for assignment in assignments:
        by_user.setdefault(assignment.user_id, []).append(assignment)
    people = list(get_user_model().objects.filter(pk__in=by_user).order_by("username"))
    for person in people:
        person.assignments = by_user[person.pk]  # type: ignore[attr-defined]
    return people


def person_assignments(*, organisation_id: int, person_id: int) -> list[RoleAssignment]:
    """A person's role assignments in the organisation, newest first."""
    return list(
        RoleAssignment.objects.filter(organisation_id=organisation_id, user_id=person_id)
        .select_related("unit")
        .order_by("-valid_from", "-pk")
    )


def delegation_list(*, organisation_id: int, person_id: int | None = None) -> list[Delegation]:
    """The organisation's delegations (those given or held by ``person_id``), newest
    first, with the people and the unit."""
    qs = Delegation.objects.filter(organisation_id=organisation_id).select_related(
        "delegator", "delegate", "unit"
    )
    if person_id is not None:
        qs = qs.filter(Q(delegator_id=person_id) | Q(delegate_id=person_id))
    return list(qs.order_by("-starts_on", "-pk"))


def delegations_held(
    *,
    user_id: int | None,
    organisation_id: int | None = None,
    kind: str | None = None,
    on: datetime.date | None = None,
) -> list[Delegation]:
    """The delegations (of ``kind``, in the organisation, when given) that ``user_id`` holds
    on ``on`` (today), both accounts active: whom they stand in for, for which unit, until
    when. One query."""
    if user_id is None:
        return []
    day = on or timezone.localdate()
    qs = Delegation.objects.filter(
        delegate_id=user_id,
        revoked=False,
        starts_on__lte=day,
        ends_on__gte=day,
        delegator__is_active=True,  # a deactivated account's delegations do not count
        delegate__is_active=True,
    )
    if organisation_id is not None:
        qs = qs.filter(organisation_id=organisation_id)
    if kind is not None:
        qs = qs.filter(kind=kind)
    return list(qs.select_related("delegator", "unit").order_by("ends_on", "pk"))


def password_change_required(*, user_id: int | None) -> bool:
    """Whether the person signs in with a temporary password the office set (a new account,
    a reset) and must change it before anything else."""
    return user_id is not None and TemporaryPassword.objects.filter(user_id=user_id).exists()


# where ``standing`` keeps its answer: the dict the policy keeps its roles in, which every
# service that changes a person's roles or delegations empties
MEMO = "_seonggwa_roles"


@dataclass(frozen=True)
class Standing:
    """What every signed-in page needs to know of its user, read in one query: the role
    assignments that hold today in every organisation (with it and their unit), the number of
    unread notifications, and whether a delegation lends the user rights today (when not,
    the policy asks no delegation query)."""

    assignments: tuple[RoleAssignment, ...]
    unread: int
    delegated: bool

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(a.role for a in self.assignments)


def standing(user: Any) -> Standing:
    """The user's :class:`Standing` today, read once per user object (Django loads the user
    anew for every request, so never stale across requests; a service that changes roles
    or delegations drops it, and so does marking notifications read). One query: the
    assignments, each row carrying the two figures as subqueries that do not depend on the
    row (the database computes them once); a user with no assignment costs a second,
    one-row query for the figures."""
    day = timezone.localdate()
    memo: dict[Any, Any] = user.__dict__.setdefault(MEMO, {})
    key = ("standing", day)
    if key in memo:
        known: Standing = memo[key]
        return known
    unread = Coalesce(
        Subquery(
            Notification.objects.filter(user_id=user.pk, read_at__isnull=True)
            .values("user_id")
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )
    lent = Exists(
        Delegation.objects.filter(
            delegate_id=user.pk, revoked=False, starts_on__lte=day, ends_on__gte=day
        )
    )
    rows = list(
        RoleAssignment.objects.filter(valid_on(day), user_id=user.pk)
        .select_related("organisation", "unit")
        .annotate(seonggwa_unread=unread, seonggwa_lent=lent)
        .order_by("pk")
    )
    if rows:
        figures = (rows[0].seonggwa_unread, rows[0].seonggwa_lent)
    else:
        figures = (
            get_user_model()
            .objects.filter(pk=user.pk)
            .annotate(seonggwa_unread=unread, seonggwa_lent=lent)
            .values_list("seonggwa_unread", "seonggwa_lent")
            .first()
        ) or (0, False)
    found = memo[key] = Standing(tuple(rows), int(figures[0] or 0), bool(figures[1]))
    return found
