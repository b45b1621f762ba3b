"""Writes for people: accounts, role assignments (valid from – to), transfers between units
and delegations of a unit's entry or approval rights.

The evaluation office manages the people of its own organisation in the browser
(docs/workflow.md "People and units"): every function that takes ``user`` checks the
policy (``can_manage_people``, ``can_delegate``) and is audited as that user. ``user=None``
is the machine's operator (``seonggwa createuser``, the sample loader); :func:`role_assign`
is the operator's primitive (the CLI, the sample, directory sign-in) that the browser's
:func:`role_grant` calls after its checks."""

from __future__ import annotations

import contextlib
import datetime
import logging
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from seonggwa.audit.context import acting_as, current_actor
from seonggwa.audit.models import AuditEvent
from seonggwa.core.errors import PermissionDenied, ServiceError
from seonggwa.organisations.models import Organisation, OrgUnit
from seonggwa.organisations.services import unit_find
from seonggwa.policy import DELEGATING_ROLES, can_delegate, can_manage_people

from .directory import SETTING as ROLE_MAP_SETTING
from .directory import GroupRole, roles_for_groups
from .models import Delegation, Role, RoleAssignment, TemporaryPassword, valid_on
from .signals import audited_by_service, person_audit

logger = logging.getLogger(__name__)

UNIT_ROLES = {Role.UNIT_MANAGER, Role.UNIT_STAFF}


def _username(person: Any) -> str:
    return str(getattr(person, "get_username", lambda: "")() or "-")


def _audit_person(
    action: str, person: Any, organisation: Organisation | None, changes: dict[str, Any]
) -> None:
    """Accounts are not owned by one organisation, so their changes are recorded here, in
    the organisation where they were made (never a password or its hash); a change made in
    no organisation (the person's own password) in each of the person's organisations."""
    if organisation is None:
        person_audit(action, person_pk=person.pk, person_repr=_username(person), changes=changes)
        return
    actor, label = current_actor()
    AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=label[:150],
        action=action,
        model=get_user_model()._meta.label,
        object_pk=str(person.pk),
        object_repr=_username(person),
        organisation_id_ref=organisation.pk if organisation is not None else None,
        changes=changes,
    )


def _check_password(password: str, person: Any) -> None:
    try:
        validate_password(password, person)
    except ValidationError as exc:
        raise ServiceError(
            gettext("비밀번호가 약합니다: %(reasons)s") % {"reasons": " ".join(exc.messages)},
            field="password",
        ) from exc


def password_generate() -> str:
    """A temporary password that passes the validators, shown once to the office."""
    return f"sg-{secrets.token_urlsafe(12)}"


def _may_manage(user: Any, organisation: Organisation) -> None:
    if not can_manage_people(user, organisation):
        raise PermissionDenied(
            gettext("%(org)s의 계정과 역할은 그 기관의 평가담당관이나 관리자만 관리할 수 있습니다.")
            % {"org": organisation}
        )


def _member(person: Any, organisation: Organisation) -> None:
    """Refuse a person who has never held a role in the organisation."""
    if not RoleAssignment.objects.filter(user_id=person.pk, organisation=organisation).exists():
        raise PermissionDenied(
            gettext("'%(person)s'은(는) %(org)s 소속이 아니어서 관리할 수 없습니다.")
            % {"person": _username(person), "org": organisation}
        )


def _only_member(user: Any, person: Any, organisation: Organisation) -> None:
    """The account itself (sign-in, password) belongs to the person: an officer changes it
    only for people of their own organisation alone, never a superuser's."""
    _member(person, organisation)
    if getattr(user, "is_superuser", False):
        return
    if person.is_superuser:
        raise PermissionDenied(gettext("슈퍼유저 계정은 슈퍼유저만 바꿀 수 있습니다."))
    others = (
        Organisation.objects.filter(role_assignments__user_id=person.pk)
        .exclude(pk=organisation.pk)
        .distinct()
    )
    if others.exists():
        raise PermissionDenied(
            gettext(
                "'%(person)s'은(는) %(others)s에도 소속되어 있어 계정은 관리자(슈퍼유저)만 바꿀 수 "
                "있습니다. 역할은 바꿀 수 있습니다."
            )
            % {"person": _username(person), "others": ", ".join(o.name for o in others)}
        )


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    user: Any = None,
    email: str = "",
    is_superuser: bool = False,
    check_password: bool = True,
    organisation: Organisation | None = None,
    role: str | None = None,
    unit: OrgUnit | None = None,
) -> AbstractUser:
    """Create an account (with its first role when ``organisation`` and ``role`` are given).
    The evaluation office (``user``) creates accounts of its own organisation only, always
    with a role there, never a superuser."""
    User = get_user_model()
    if user is not None:
        if organisation is None or not role:
            raise ServiceError(gettext("새 계정에는 기관과 역할을 함께 지정하세요."), field="role")
        _may_manage(user, organisation)
        if is_superuser and not getattr(user, "is_superuser", False):
            raise PermissionDenied(gettext("슈퍼유저 계정은 슈퍼유저만 만들 수 있습니다."))
    username = username.strip()
    if not username:
        raise ServiceError(gettext("사용자 이름을 입력하세요."), field="username")
    if User.objects.filter(username=username).exists():
        raise ServiceError(
            gettext("사용자 '%(username)s'이(가) 이미 있습니다.") % {"username": username},
            field="username",
        )
    person = User(username=username, email=email, is_staff=is_superuser, is_superuser=is_superuser)
    if check_password:
        _check_password(password, person)
    person.set_password(password)
    try:
        person.full_clean()
    except ValidationError as exc:
        raise ServiceError(" ".join(exc.messages), field="username") from exc
    with acting_as(user) if user is not None else contextlib.nullcontext():
        audited_by_service(person)  # its own event follows, below
        person.save()
        changes: dict[str, Any] = {
            "username": [None, username],
            "is_superuser": [None, is_superuser],
        }
        if user is not None:  # the office's password is temporary: changed at first sign-in
            TemporaryPassword.objects.create(user=person)
            changes["password_change_required"] = [None, True]
        _audit_person(AuditEvent.Action.CREATE, person, organisation, changes)
        if organisation is not None and role:
            role_assign(user=person, organisation=organisation, role=role, unit=unit)
    return person


@transaction.atomic
def user_deactivate(
    *, user: Any, person: Any, organisation: Organisation, active: bool = False
) -> Any:
    """Stop (or, with ``active=True``, allow again) a person's sign-in; their history
    stays. A session they have open is refused at its next request (the sign-in backends
    read only active accounts), and the delegations they gave or hold stop counting while the
    account is off (``policy.roles_of``). Nobody deactivates their own account."""
    _may_manage(user, organisation)
    _only_member(user, person, organisation)
    if not active and getattr(user, "pk", None) == person.pk:
        raise ServiceError(gettext("자기 계정은 비활성화할 수 없습니다."))
    if person.is_active == active:
        already = (
            gettext("'%(person)s' 계정은 이미 사용 중입니다.")
            if active
            else gettext("'%(person)s' 계정은 이미 비활성화되어 있습니다.")
        )
        raise ServiceError(already % {"person": _username(person)})
    with acting_as(user):
        person.is_active = active
        audited_by_service(person)  # its own event follows, below
        person.save(update_fields=["is_active"])
        _audit_person(
            AuditEvent.Action.UPDATE, person, organisation, {"is_active": [not active, active]}
        )
    return person


@transaction.atomic
def user_password_reset(
    *, user: Any, person: Any, organisation: Organisation, password: str = ""
) -> str:
    """Set a temporary password (the office's, or a generated one when ``password`` is
    empty) and return it, to be shown once; the person must change it at their next sign-in
    (their open sessions end, as with any new password)."""
    _may_manage(user, organisation)
    _only_member(user, person, organisation)
    new = password or password_generate()
    _check_password(new, person)
    with acting_as(user):
        person.set_password(new)
        audited_by_service(person)  # its own event follows, below
        person.save(update_fields=["password"])
        _, created = TemporaryPassword.objects.update_or_create(user=person)
        changes: dict[str, Any] = {
            "password": [None, "generated" if not password else "set by the office"]
        }
        if created:
            changes["password_change_required"] = [False, True]
        _audit_person(AuditEvent.Action.UPDATE, person, organisation, changes)
    return new


@transaction.atomic
def password_change(*, user: Any, person: Any, password: str) -> Any:
    """The person sets their own new password (the caller has checked the old one): a
    temporary password set by the office is no longer required to change. Nobody sets
    another person's password here (the office resets it with :func:`user_password_reset`)."""
    if getattr(user, "pk", None) is None or user.pk != person.pk:
        raise PermissionDenied(
            gettext(
                "자기 비밀번호만 바꿀 수 있습니다. 다른 사람의 비밀번호는 평가담당관이 "
                "재설정합니다."
            )
        )
    _check_password(password, person)
    with acting_as(user):
        person.set_password(password)
        audited_by_service(person)  # its own event follows, below
        person.save(update_fields=["password"])
        was_temporary, _ = TemporaryPassword.objects.filter(user_id=person.pk).delete()
        changes: dict[str, Any] = {"password": [None, "changed by the person"]}
        if was_temporary:
            changes["password_change_required"] = [True, False]
        _audit_person(AuditEvent.Action.UPDATE, person, None, changes)
    return person


@transaction.atomic
def role_assign(
    *,
    user: AbstractUser,
    organisation: Organisation,
    role: str,
    unit: OrgUnit | None = None,
    valid_from: datetime.date | None = None,
) -> RoleAssignment:
    """Give ``user`` (the person) a role, unless they hold it open already. The operator's
    primitive (CLI, sample, directory sign-in): it checks the role and the unit, not who
    asks; the browser calls :func:`role_grant`."""
    if role not in Role.values:
        raise ServiceError(
            gettext("알 수 없는 역할 '%(role)s'. 가능한 값: %(choices)s")
            % {"role": role, "choices": ", ".join(Role.values)},
            field="role",
        )
    if unit is not None and unit.organisation_id != organisation.pk:
        raise ServiceError(
            gettext("부서 '%(unit)s'은(는) %(organisation)s 소속이 아닙니다.")
            % {"unit": unit, "organisation": organisation},
            field="unit",
        )
    if role in UNIT_ROLES and unit is None:
        raise ServiceError(gettext("부서장·부서 담당자 역할에는 부서를 지정하세요."), field="unit")
    assignment = RoleAssignment.objects.filter(
        user_id=user.pk, organisation=organisation, unit=unit, role=role, valid_to__isnull=True
    ).first()
    if assignment is None:
        assignment = RoleAssignment(
            user_id=user.pk,
            organisation=organisation,
            unit=unit,
            role=role,
            valid_from=valid_from,
        )
        assignment.full_clean(validate_constraints=False)
        assignment.save()
    user.__dict__.pop("_seonggwa_roles", None)  # the policy reads roles once per user object
    if role in (Role.ADMINISTRATOR, Role.EVALUATION_OFFICER) and not user.is_staff:
        user.is_staff = True  # may open the admin; what they see there is limited by permissions
        user.save(update_fields=["is_staff"])
    return assignment


@transaction.atomic
def role_grant(
    *,
    user: Any,
    person: Any,
    organisation: Organisation,
    role: str,
    unit: OrgUnit | None = None,
    valid_from: datetime.date | None = None,
) -> RoleAssignment:
    """The evaluation office gives a person of its organisation a role (per unit for unit
    staff and managers), from ``valid_from`` (today when empty)."""
    _may_manage(user, organisation)
    _member(person, organisation)
    holds_admin = RoleAssignment.objects.filter(
        valid_on(timezone.localdate()),
        user_id=getattr(user, "pk", 0) or 0,
        organisation=organisation,
        role=Role.ADMINISTRATOR,
    ).exists()
    if role == Role.ADMINISTRATOR and not (getattr(user, "is_superuser", False) or holds_admin):
        raise PermissionDenied(gettext("관리자 역할은 관리자만 줄 수 있습니다."))
    if RoleAssignment.objects.filter(
        user_id=person.pk, organisation=organisation, unit=unit, role=role, valid_to__isnull=True
    ).exists():
        raise ServiceError(
            gettext("'%(person)s'은(는) 이미 그 역할을 맡고 있습니다.")
            % {"person": _username(person)},
            field="role",
        )
    with acting_as(user):
        return role_assign(
            user=person,
            organisation=organisation,
            role=role,
            unit=unit,
            valid_from=valid_from or timezone.localdate(),
        )


@transaction.atomic
def role_end(
    *, user: Any, assignment: RoleAssignment, on: datetime.date | None = None
) -> RoleAssignment | None:
    """End a role assignment: its last day is the day before ``on`` (today). One that
    would not have started by then is removed. Returns the ended assignment (None when
    removed). Nobody ends their own central role (ask another officer)."""
    organisation = assignment.organisation
    _may_manage(user, organisation)
    day = on or timezone.localdate()
    current = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
    if current.user_id == getattr(user, "pk", None) and current.role in (
        Role.ADMINISTRATOR,
        Role.EVALUATION_OFFICER,
    ):
        raise ServiceError(
            gettext("자기 평가담당관·관리자 역할은 끝낼 수 없습니다. 다른 담당자에게 요청하세요.")
        )
    if current.valid_to is not None and current.valid_to < day:
        raise ServiceError(
            gettext("이 역할은 %(date)s에 이미 끝났습니다.") % {"date": current.valid_to}
        )
    with acting_as(user):
        if current.valid_from is not None and current.valid_from >= day:
            current.delete()
            return None
        current.valid_to = day - datetime.timedelta(days=1)
        current.full_clean(validate_constraints=False)
        current.save()
    return current


@transaction.atomic
def user_transfer(
    *, user: Any, person: Any, from_unit: OrgUnit, to_unit: OrgUnit, on: datetime.date
) -> list[RoleAssignment]:
    """Move a person from one unit to another from ``on``: each of their unit roles at
    ``from_unit`` ends the day before and starts at ``to_unit`` that day, so entry and
    approval rights follow the date (delegations they gave for the old unit lapse with it).
    Returns the new assignments."""
    organisation = from_unit.organisation
    _may_manage(user, organisation)
    _member(person, organisation)
    if to_unit.organisation_id != organisation.pk:
        raise ServiceError(
            gettext("부서 '%(unit)s'은(는) %(org)s 소속이 아닙니다.")
            % {"unit": to_unit, "org": organisation},
            field="to_unit",
        )
    if to_unit.pk == from_unit.pk:
        raise ServiceError(gettext("옮길 부서가 지금 부서와 같습니다."), field="to_unit")
    if not to_unit.is_valid_on(on):
        raise ServiceError(
            gettext("'%(unit)s'은(는) %(date)s에 없는 부서입니다.")
            % {"unit": to_unit.name, "date": on},
            field="to_unit",
        )
    current = list(
        RoleAssignment.objects.select_for_update()
        .filter(
            valid_on(on),
            user_id=person.pk,
            organisation=organisation,
            unit=from_unit,
            role__in=UNIT_ROLES,
        )
        .order_by("pk")
    )
    if not current:
        raise ServiceError(
            gettext("'%(person)s'은(는) %(date)s에 '%(unit)s'의 부서 역할이 없습니다.")
            % {"person": _username(person), "date": on, "unit": from_unit.name},
            field="from_unit",
        )
    moved: list[RoleAssignment] = []
    with acting_as(user):
        for old in current:
            if old.valid_from is not None and old.valid_from >= on:
                raise ServiceError(
                    gettext(
                        "'%(unit)s' 역할이 %(start)s부터라 %(date)s 전보가 안 됩니다. 그 역할을 "
                        "끝내고 새 역할을 주세요."
                    )
                    % {"unit": from_unit.name, "start": old.valid_from, "date": on},
                    field="on",
                )
            if RoleAssignment.objects.filter(
                user_id=person.pk,
                organisation=organisation,
                unit=to_unit,
                role=old.role,
                valid_to__isnull=True,
            ).exists():
                raise ServiceError(
                    gettext("'%(person)s'은(는) 이미 '%(unit)s'에서 같은 역할을 맡고 있습니다.")
                    % {"person": _username(person), "unit": to_unit.name},
                    field="to_unit",
                )
            ends = old.valid_to
            old.valid_to = on - datetime.timedelta(days=1)
            old.save()
            new = RoleAssignment(
                user_id=person.pk,
                organisation=organisation,
                unit=to_unit,
                role=old.role,
                valid_from=on,
                valid_to=ends,
            )
            new.full_clean(validate_constraints=False)
            new.save()
            moved.append(new)
    person.__dict__.pop("_seonggwa_roles", None)
    return moved


@transaction.atomic
def roles_follow_unit(
    *, user: Any, units: list[OrgUnit], successor: OrgUnit, on: datetime.date
) -> int:
    """After a rename or merge, the open unit roles of ``units`` move to ``successor``
    from ``on`` (as a transfer). Returns how many moved."""
    organisation = successor.organisation
    _may_manage(user, organisation)
    count = 0
    with acting_as(user):
        for old in RoleAssignment.objects.select_for_update().filter(
            valid_on(on), organisation=organisation, unit__in=units, role__in=UNIT_ROLES
        ):
            if old.valid_from is not None and old.valid_from >= on:
                old.unit = successor
                old.save()
            else:
                ends = old.valid_to
                old.valid_to = on - datetime.timedelta(days=1)
                old.save()
                if not RoleAssignment.objects.filter(
                    user_id=old.user_id,
                    organisation=organisation,
                    unit=successor,
                    role=old.role,
                    valid_to__isnull=True,
                ).exists():
                    RoleAssignment.objects.create(
                        user_id=old.user_id,
                        organisation=organisation,
                        unit=successor,
                        role=old.role,
                        valid_from=on,
                        valid_to=ends,
                    )
            count += 1
    return count


@transaction.atomic
def delegation_create(
    *,
    user: Any,
    delegator: Any,
    delegate: Any,
    unit: OrgUnit,
    kind: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    reason: str = "",
) -> Delegation:
    """Lend ``delegator``'s entry or approval rights for ``unit`` to ``delegate`` from
    ``starts_on`` to ``ends_on``: by the evaluation office or by the delegator. The
    delegator must hold the rights themselves (not by another delegation) when it starts;
    the delegate must be an active person of the organisation."""
    organisation = unit.organisation
    delegation = Delegation(
        organisation=organisation,
        unit=unit,
        kind=kind,
        delegator=delegator,
        delegate=delegate,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason.strip(),
    )
    if not can_delegate(user, delegation):
        raise PermissionDenied(gettext("위임은 평가담당관이나 위임하는 본인만 할 수 있습니다."))
    if kind not in Delegation.Kind.values:
        raise ServiceError(
            gettext("알 수 없는 위임 종류 '%(kind)s'.") % {"kind": kind}, field="kind"
        )
    if ends_on < starts_on:
        raise ServiceError(
            gettext("위임 종료일(%(end)s)이 시작일(%(start)s)보다 앞섭니다.")
            % {"end": ends_on, "start": starts_on},
            field="ends_on",
        )
    if ends_on < timezone.localdate():
        raise ServiceError(
            gettext("이미 지난 기간은 위임할 수 없습니다. 종료일을 오늘 이후로 정하세요."),
            field="ends_on",
        )
    if delegator.pk == delegate.pk:
        raise ServiceError(gettext("자기 자신에게는 위임할 수 없습니다."), field="delegate")
    if not delegator.is_active:
        raise ServiceError(
            gettext("'%(person)s' 계정은 비활성화되어 있어 위임할 수 없습니다.")
            % {"person": _username(delegator)},
            field="delegator",
        )
    if not delegate.is_active:
        raise ServiceError(
            gettext("'%(person)s' 계정은 비활성화되어 있어 위임받을 수 없습니다.")
            % {"person": _username(delegate)},
            field="delegate",
        )
    if not RoleAssignment.objects.filter(
        valid_on(starts_on), user_id=delegate.pk, organisation=organisation
    ).exists():
        raise PermissionDenied(
            gettext(
                "'%(person)s'은(는) %(date)s에 %(org)s에서 맡은 역할이 없어 위임받을 수 없습니다."
            )
            % {"person": _username(delegate), "date": starts_on, "org": organisation},
        )
    if not _holds_on(delegator, organisation, unit, kind, starts_on):
        raise ServiceError(
            gettext(
                "'%(person)s'은(는) %(date)s에 '%(unit)s'의 %(rights)s 권한이 없어 위임할 수 "
                "없습니다."
            )
            % {
                "person": _username(delegator),
                "date": starts_on,
                "unit": unit.name,
                "rights": Delegation.Kind(kind).label,
            },
            field="delegator",
        )
    if Delegation.objects.filter(
        delegator=delegator,
        delegate=delegate,
        unit=unit,
        kind=kind,
        revoked=False,
        starts_on__lte=ends_on,
        ends_on__gte=starts_on,
    ).exists():
        raise ServiceError(gettext("같은 기간에 같은 위임이 이미 있습니다."), field="starts_on")
    delegation.full_clean()
    with acting_as(user):
        delegation.save()
    delegate.__dict__.pop("_seonggwa_roles", None)
    return delegation


def _holds_on(
    person: Any, organisation: Organisation, unit: OrgUnit, kind: str, day: datetime.date
) -> bool:
    wanted = DELEGATING_ROLES[kind]
    for assignment in RoleAssignment.objects.filter(
        valid_on(day), user_id=person.pk, organisation=organisation, role__in=wanted
    ).select_related("unit"):
        current: OrgUnit | None = unit
        while current is not None:
            if assignment.unit_id == current.pk:
                return True
            current = current.parent
    return False


@transaction.atomic
def delegation_revoke(*, user: Any, delegation: Delegation) -> Delegation:
    """End a delegation now (by the evaluation office or the delegator); what was done
    under it stays recorded as it was."""
    if not can_delegate(user, delegation):
        raise PermissionDenied(gettext("위임은 평가담당관이나 위임한 본인만 거둘 수 있습니다."))
    current = Delegation.objects.select_for_update().get(pk=delegation.pk)
    if current.revoked:
        raise ServiceError(gettext("이미 거둔 위임입니다."))
    with acting_as(user):
        current.revoked = True
        current.save()
    return current


# --- directory sign-in ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DirectorySync:
    """What one directory sign-in changed: the roles given and the roles ended (each
    ``str`` of the assignment)."""

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
    """Give ``user`` the roles their directory groups map to (``SEONGGWA_LDAP_ROLE_MAP``), from
    today, and end the mapped roles whose group they have left (yesterday is their last day,
    as :func:`role_end` does; one that started today is removed), so the history of who held
    which role stays. Called at each directory sign-in, so a change in the directory moves
    the role at the next sign-in; a group joined again gives the role again from that day.
    Roles the map does not name (given in seonggwa itself) stay. The changes are audited as
    ``ldap``.

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
    today = timezone.localdate()
    current = {  # ended roles are history: neither ended again nor blocking a new one
        (a.organisation_id, a.unit_id, a.role): a
        for a in RoleAssignment.objects.filter(user=user)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .select_related("unit", "organisation")
    }
    added: list[RoleAssignment] = []
    removed: list[str] = []
    with acting_as(None, DIRECTORY_ACTOR):
        for key, assignment in current.items():
            if key in managed and key not in wanted:
                removed.append(str(assignment))
                if assignment.valid_from is not None and assignment.valid_from >= today:
                    assignment.delete()  # not begun before today: nothing to keep
                else:
                    assignment.valid_to = today - datetime.timedelta(days=1)
                    assignment.save()
        for key, (organisation, unit) in wanted.items():
            if key in current:
                continue
            assignment = RoleAssignment(
                user=user, organisation=organisation, unit=unit, role=key[2], valid_from=today
            )
            assignment.full_clean()
            assignment.save()
            added.append(assignment)
    if added or removed:
        user.__dict__.pop("_seonggwa_roles", None)  # the policy reads roles once per user
        staff = RoleAssignment.objects.filter(
            valid_on(today), user=user, role__in=[Role.ADMINISTRATOR, Role.EVALUATION_OFFICER]
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
