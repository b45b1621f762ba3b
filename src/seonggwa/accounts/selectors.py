"""Reads for people and their roles."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model

from seonggwa.organisations.models import OrgUnit

from .models import RoleAssignment

__all__ = ["users_with_role"]


def users_with_role(
    *, organisation_id: int, roles: Iterable[str], unit: OrgUnit | None = None
) -> list[Any]:
    """Active users holding one of ``roles`` in the organisation; with ``unit``, those whose
    role is for that unit or a unit above it (org-wide roles count everywhere)."""
    units: list[int | None] = [None]
    current = unit
    while current is not None:
        units.append(current.pk)
        current = current.parent
    ids = RoleAssignment.objects.filter(
        organisation_id=organisation_id, role__in=list(roles)
    ).values_list("user_id", "unit_id")
    wanted = {user_id for user_id, unit_id in ids if unit is None or unit_id in units}
    return list(get_user_model().objects.filter(pk__in=wanted, is_active=True).order_by("pk"))
