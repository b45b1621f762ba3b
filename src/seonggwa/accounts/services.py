"""Writes for users and role assignments."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from seonggwa.audit.context import acting_as
from seonggwa.core.errors import ServiceError
from seonggwa.organisations.models import Organisation, OrgUnit
from seonggwa.organisations.services import unit_find

from .directory import SETTING as ROLE_MAP_SETTING
from .directory import GroupRole, roles_for_groups
from .models import Role, RoleAssignment

logger = logging.getLogger(__name__)


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    email: str = "",
    is_superuser: bool = False,
    check_password: bool = True,
) -> AbstractUser:
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise ServiceError(
            gettext("사용자 '%(username)s'이(가) 이미 있습니다.") % {"username": username}
        )
    user = User(username=username, email=email, is_staff=is_superuser, is_superuser=is_superuser)
    if check_password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ServiceError(
                gettext("비밀번호가 약합니다: %(reasons)s") % {"reasons": " ".join(exc.messages)}
            ) from exc
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def role_assign(
    *, user: AbstractUser, organisation: Organisation, role: str, unit: OrgUnit | None = None
) -> RoleAssignment:
    if role not in Role.values:
        raise ServiceError(
            gettext("알 수 없는 역할 '%(role)s'. 가능한 값: %(choices)s")
            % {"role": role, "choices": ", ".join(Role.values)}
        )
    if unit is not None and unit.organisation_id != organisation.pk:
        raise ServiceError(
            gettext("부서 '%(unit)s'은(는) %(organisation)s 소속이 아닙니다.")
            % {"unit": unit, "organisation": organisation}
        )
    assignment, _ = RoleAssignment.objects.get_or_create(
        user=user, organisation=organisation, unit=unit, role=role
    )
    user.__dict__.pop("_seonggwa_roles", None)  # the policy reads roles once per user object
    if role in (Role.ADMINISTRATOR, Role.EVALUATION_OFFICER) and not user.is_staff:
        user.is_staff = True  # may open the admin; what they see there is limited by permissions
        user.save(update_fields=["is_staff"])
    return assignment


@dataclass(frozen=True, slots=True)
class DirectorySync:
    """What one directory sign-in changed: the roles given and the roles taken away."""

    added: list[RoleAssignment]
    removed: list[str]


DIRECTORY_ACTOR = "ldap"  # the audit trail's actor of the changes the directory makes


@transaction.atomic
def directory_roles_sync(
    *,
    user: Any,
    group_dns: Iterable[str],
    role_map: Sequence[GroupRole] | None = None,
) -> DirectorySync:
    """Give ``user`` the roles their directory groups map to (``SEONGGWA_LDAP_ROLE_MAP``) and
    take away the mapped roles whose group they have left. Called at each directory sign-in,
    so a change in the directory moves the role at the next sign-in. Roles the map does not
    name (given in seonggwa itself) stay. The changes are audited as ``ldap``.

    An entry whose organisation, unit (valid today) or role does not exist is left out with
    a warning in the log: a typo in the map must not stop everyone else signing in."""
    entries: Sequence[GroupRole] = settings.SEONGGWA_LDAP_ROLE_MAP if role_map is None else role_map
    held = {entry.group for entry in roles_for_groups(entries, group_dns)}
    managed: set[tuple[int, int | None, str]] = set()
    wanted: dict[tuple[int, int | None, str], tuple[Organisation, OrgUnit | None]] = {}
    for entry in entries:
        place = _directory_place(entry)
        if place is None:
            continue
        organisation, unit = place
        key = (organisation.pk, unit.pk if unit else None, entry.role)
        managed.add(key)
        if entry.group in held:
            wanted[key] = (organisation, unit)
    current = {
        (a.organisation_id, a.unit_id, a.role): a
        for a in RoleAssignment.objects.filter(user=user).select_related("unit", "organisation")
    }
    added: list[RoleAssignment] = []
    removed: list[str] = []
    with acting_as(None, DIRECTORY_ACTOR):
        for key, assignment in current.items():
            if key in managed and key not in wanted:
                removed.append(str(assignment))
                assignment.delete()
        for key, (organisation, unit) in wanted.items():
            if key in current:
                continue
            assignment = RoleAssignment(
                user=user, organisation=organisation, unit=unit, role=key[2]
            )
            assignment.full_clean()
            assignment.save()
            added.append(assignment)
    if added or removed:
        user.__dict__.pop("_seonggwa_roles", None)  # the policy reads roles once per user
        staff = RoleAssignment.objects.filter(
            user=user, role__in=[Role.ADMINISTRATOR, Role.EVALUATION_OFFICER]
        ).exists()
        if not user.is_superuser and user.is_staff != staff:
            user.is_staff = staff  # the admin site follows the office's roles
            user.save(update_fields=["is_staff"])
    return DirectorySync(added=added, removed=removed)


def _directory_place(entry: GroupRole) -> tuple[Organisation, OrgUnit | None] | None:
    """The organisation and unit an entry of the role map names, or ``None`` (logged)."""
    if entry.role not in Role.values:
        logger.warning("%s: unknown role %r (%s)", ROLE_MAP_SETTING, entry.role, entry.group)
        return None
    organisation = Organisation.objects.filter(name=entry.organisation).first()
    if organisation is None:
        logger.warning(
            "%s: no organisation %r (%s)", ROLE_MAP_SETTING, entry.organisation, entry.group
        )
        return None
    if not entry.unit:
        if entry.role in (Role.UNIT_MANAGER, Role.UNIT_STAFF):
            logger.warning(
                "%s: role %r needs a unit (%s)", ROLE_MAP_SETTING, entry.role, entry.group
            )
            return None
        return organisation, None
    unit = unit_find(organisation=organisation, name=entry.unit, on=timezone.localdate())
    if unit is None:
        logger.warning(
            "%s: no unit %r valid today in %s (%s)",
            ROLE_MAP_SETTING,
            entry.unit,
            organisation,
            entry.group,
        )
        return None
    return organisation, unit
