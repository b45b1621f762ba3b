"""Start-up checks of the accounts' settings: the role map of directory sign-in names roles
that exist, and a unit for the roles of a unit (``SEONGGWA_LDAP_ROLE_MAP``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

from .directory import SETTING
from .models import Role


@register()
def role_map_check(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    errors: list[Error] = []
    for position, entry in enumerate(getattr(settings, SETTING, ()), start=1):
        if entry.role not in Role.values:
            errors.append(
                Error(
                    f"{SETTING}의 {position}번째 항목: 역할 '{entry.role}'을(를) 알 수 없습니다.",
                    hint=f"가능한 값: {', '.join(Role.values)}",
                    id="accounts.E001",
                )
            )
        elif entry.role in (Role.UNIT_MANAGER, Role.UNIT_STAFF) and not entry.unit:
            errors.append(
                Error(
                    f"{SETTING}의 {position}번째 항목: 역할 '{entry.role}'에는 부서가 필요합니다.",
                    hint="'unit'에 부서 이름을 적으세요.",
                    id="accounts.E002",
                )
            )
    return errors
