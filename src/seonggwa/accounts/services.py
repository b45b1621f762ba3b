"""Writes for users and role assignments."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

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
        raise ServiceError(f"사용자 '{username}'이(가) 이미 있습니다.")
    user = User(username=username, email=email, is_staff=is_superuser, is_superuser=is_superuser)
    if check_password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ServiceError("비밀번호가 약합니다: " + " ".join(exc.messages)) from exc
    user.set_password(password)
    user.full_clean()
    user.save()
    return user  # type: ignore[return-value]


@transaction.atomic
def role_assign(
    *, user: AbstractUser, organisation: Organisation, role: str, unit: OrgUnit | None = None
) -> RoleAssignment:
    if role not in Role.values:
        raise ServiceError(f"알 수 없는 역할 '{role}'. 가능한 값: {', '.join(Role.values)}")
    if unit is not None and unit.organisation_id != organisation.pk:
        raise ServiceError(f"부서 '{unit}'은(는) {organisation} 소속이 아닙니다.")
    assignment, _ = RoleAssignment.objects.get_or_create(
        user=user, organisation=organisation, unit=unit, role=role
    )
    if role in (Role.ADMINISTRATOR, Role.EVALUATION_OFFICER) and not user.is_staff:
        user.is_staff = True  # may open the admin; what they see there is limited by permissions
        user.save(update_fields=["is_staff"])
    return assignment
