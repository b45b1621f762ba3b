"""Reads for plans: lists and single plans. The plan tree with its values is a read over
results (``seonggwa.results.selectors.plan_tree``)."""

from __future__ import annotations

from django.db.models import QuerySet

from seonggwa.organisations.models import Organisation

from .models import Plan


def plan_list(*, organisation: Organisation | None = None) -> QuerySet[Plan]:
    qs = Plan.objects.select_related("organisation")
    return qs.filter(organisation=organisation) if organisation is not None else qs


def plan_get(*, organisation_name: str, year: int, kind: str) -> Plan | None:
    return (
        Plan.objects.select_related("organisation")
        .filter(organisation__name=organisation_name, year=year, kind=kind)
        .first()
    )
