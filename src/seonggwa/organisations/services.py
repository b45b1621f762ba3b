"""Writes for organisations, units and plan owners."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext

from seonggwa.core.errors import ServiceError
from seonggwa.engine.text import norm_key

from .models import Organisation, OrgUnit, PlanOwner


@transaction.atomic
def organisation_get_or_create(
    *, name: str, kind: str = Organisation.Kind.METROPOLITAN
) -> Organisation:
    name = name.strip()
    if not name:
        raise ServiceError(gettext("기관명이 비어 있습니다. --org 에 기관 이름을 지정하세요."))
    org = Organisation.objects.filter(name=name).first()
    if org is None:
        org = Organisation(name=name, kind=kind)
        org.full_clean()
        org.save()
    return org


@transaction.atomic
def unit_create(
    *,
    organisation: Organisation,
    name: str,
    unit_type: str = OrgUnit.UnitType.OTHER,
    parent: OrgUnit | None = None,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
    code_prefix: str = "",
    composition: str = "",
) -> OrgUnit:
    unit = OrgUnit(
        organisation=organisation,
        name=name.strip(),
        unit_type=unit_type,
        parent=parent,
        valid_from=valid_from,
        valid_to=valid_to,
        code_prefix=code_prefix,
        composition=composition,
    )
    unit.name_key = norm_key(unit.name)
    unit.full_clean()
    unit.save()
    return unit


def unit_find(
    *, organisation: Organisation, name: str, on: datetime.date | None = None
) -> OrgUnit | None:
    """The unit whose name matches with whitespace removed, valid on ``on`` if given."""
    candidates = list(OrgUnit.objects.filter(organisation=organisation, name_key=norm_key(name)))
    if on is not None:
        candidates = [u for u in candidates if u.is_valid_on(on)]
    return candidates[-1] if candidates else None


@transaction.atomic
def unit_get_or_create(*, organisation: Organisation, name: str, **kwargs: object) -> OrgUnit:
    unit = unit_find(organisation=organisation, name=name)
    return unit if unit is not None else unit_create(organisation=organisation, name=name, **kwargs)  # type: ignore[arg-type]


@transaction.atomic
def unit_rename(*, unit: OrgUnit, new_name: str, on: datetime.date) -> OrgUnit:
    """Close ``unit`` the day before ``on`` and open its successor named ``new_name``."""
    if unit.valid_to is not None and unit.valid_to < on:
        raise ServiceError(
            gettext("'%(unit)s'은(는) %(date)s에 이미 폐지되었습니다.")
            % {"unit": unit.name, "date": unit.valid_to}
        )
    if unit.valid_from is not None and on <= unit.valid_from:
        raise ServiceError(
            gettext("개편일(%(on)s)이 '%(unit)s'의 시작일(%(start)s) 이후여야 합니다.")
            % {"on": on, "unit": unit.name, "start": unit.valid_from}
        )
    unit.valid_to = on - datetime.timedelta(days=1)
    unit.full_clean()
    unit.save()
    successor = unit_create(
        organisation=unit.organisation,
        name=new_name,
        unit_type=unit.unit_type,
        parent=unit.parent,
        valid_from=on,
        code_prefix=unit.code_prefix,
    )
    successor.predecessors.add(unit)
    return successor


@transaction.atomic
def owner_get_or_create(
    *, unit: OrgUnit, kind: str = PlanOwner.Kind.UNIT, label: str = ""
) -> PlanOwner:
    owner, created = PlanOwner.objects.get_or_create(
        unit=unit, kind=kind, defaults={"label": label}
    )
    if not created and label and not owner.label:
        owner.label = label
        owner.save()
    return owner
