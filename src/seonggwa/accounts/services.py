"""Writes for users and role assignments."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from seonggwa.core.errors import ServiceError
from seonggwa.organisations.models import Organisation, OrgUnit

from .models import Role, RoleAssignment


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
