"""Reads for organisations and units."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Organisation, OrgUnit


def organisation_by_name(*, name: str) -> Organisation | None:
    return Organisation.objects.filter(name=name.strip()).first()


def unit_lineage(*, unit: OrgUnit) -> list[OrgUnit]:
    """The unit and all its predecessors, newest first (rename/merge history)."""
    seen: list[OrgUnit] = []
    queue = [unit]
    while queue:
        current = queue.pop(0)
        if current in seen:
            continue
        seen.append(current)
        queue.extend(current.predecessors.all())
    return seen


def unit_list(*, organisation: Organisation) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(organisation=organisation).select_related("parent")


def organisation_list(*, ids: list[int] | None = None) -> QuerySet[Organisation]:
    """Organisations by name (those ``ids`` only, when given)."""
    qs = Organisation.objects.order_by("name")
    return qs.filter(pk__in=ids) if ids is not None else qs


def peer_groups() -> dict[str, list[Organisation]]:
    """The organisations of each peer group (시부, 도부, …; ``Organisation.peer_group``), by
    group and name; organisations without a group are left out. Comparisons between
    organisations compare within one group."""
    groups: dict[str, list[Organisation]] = {}
    for org in Organisation.objects.exclude(peer_group="").order_by("peer_group", "name"):
        groups.setdefault(org.peer_group.strip(), []).append(org)
    return groups
