"""Reads for organisations and units."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from .models import Organisation, OrgUnit, PeerGroup


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
    """The organisations of each peer group (시부, 도부, …; :class:`PeerGroup`), by group
    and name; groups without members are left out. Comparisons between organisations
    compare within one group. Two queries."""
    groups: dict[str, list[Organisation]] = {}
    for group in peer_group_list():
        members = list(group.members.all())
        if members:
            groups[group.name] = members
    return groups


def peer_group_list(*, organisation_ids: list[int] | None = None) -> QuerySet[PeerGroup]:
    """Peer groups by name with their members (by name) prefetched; those holding one of
    ``organisation_ids`` only, when given."""
    qs = PeerGroup.objects.order_by("name").prefetch_related(
        Prefetch("members", queryset=Organisation.objects.order_by("name"))
    )
    if organisation_ids is not None:
        qs = qs.filter(members__in=organisation_ids).distinct()
    return qs
