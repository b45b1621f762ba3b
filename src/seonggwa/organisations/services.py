"""Writes for organisations, units and plan owners.

Reorganising units (rename, merge, split from a date) is the evaluation office's, in the
browser: those take the acting ``user`` (``None`` is the machine's operator: the sample
loader, the importer) and check ``policy.can_manage_units``; the old units stay as the
predecessors of the new ones, so history reads across the change."""

from __future__ import annotations

import contextlib
import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from seonggwa.audit.context import acting_as, current_actor, is_muted
from seonggwa.audit.models import AuditEvent
from seonggwa.core.errors import PermissionDenied, ServiceError
from seonggwa.engine.text import norm_key
from seonggwa.policy import can_manage_units

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


def _may_reorganise(user: Any, organisation: Organisation) -> None:
    if user is not None and not can_manage_units(user, organisation):
        raise PermissionDenied(
            gettext("%(org)s의 부서 개편은 그 기관의 평가담당관이나 관리자만 할 수 있습니다.")
            % {"org": organisation}
        )


def _link_predecessors(successor: OrgUnit, predecessors: list[OrgUnit]) -> None:
    """Link the successor to its predecessors, recorded in the audit trail (the link is a
    many-to-many row, which the model signals do not see)."""
    successor.predecessors.add(*predecessors)
    if is_muted():
        return
    actor, label = current_actor()
    AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=label[:150],
        action=AuditEvent.Action.UPDATE,
        model=OrgUnit._meta.label,
        object_pk=str(successor.pk),
        object_repr=successor.name[:300],
        organisation_id_ref=successor.organisation_id,
        changes={"predecessors": [[], [p.name for p in predecessors]]},
    )


def _exists_on(unit: OrgUnit, on: datetime.date) -> None:
    """Refuse a unit that does not exist on ``on`` (one that starts later, or ended)."""
    if unit.is_valid_on(on):
        return
    if unit.valid_from is not None and on < unit.valid_from:
        raise ServiceError(
            gettext(
                "'%(unit)s'은(는) %(start)s에 생기는 부서라 %(on)s에는 아직 없습니다. 개편일에 "
                "있는 부서만 고르세요."
            )
            % {"unit": unit.name, "start": unit.valid_from, "on": on},
            field="units",
        )
    raise ServiceError(
        gettext("'%(unit)s'은(는) %(date)s에 이미 폐지되었습니다.")
        % {"unit": unit.name, "date": unit.valid_to},
        field="units",
    )


def _close(unit: OrgUnit, on: datetime.date) -> None:
    """End ``unit`` the day before ``on`` (refused when it ended already or starts then)."""
    if unit.valid_to is not None and unit.valid_to < on:
        raise ServiceError(
            gettext("'%(unit)s'은(는) %(date)s에 이미 폐지되었습니다.")
            % {"unit": unit.name, "date": unit.valid_to},
            field="on",
        )
    if unit.valid_from is not None and on <= unit.valid_from:
        raise ServiceError(
            gettext("개편일(%(on)s)이 '%(unit)s'의 시작일(%(start)s) 이후여야 합니다.")
            % {"on": on, "unit": unit.name, "start": unit.valid_from},
            field="on",
        )
    if (
        unit.children.filter(valid_to__isnull=True).exists()
        or unit.children.filter(valid_to__gte=on).exists()
    ):
        raise ServiceError(
            gettext(
                "'%(unit)s'에 %(on)s 이후에도 남는 하위 부서가 있습니다. 하위 부서를 먼저 "
                "개편하세요."
            )
            % {"unit": unit.name, "on": on},
            field="on",
        )
    unit.valid_to = on - datetime.timedelta(days=1)
    unit.full_clean()
    unit.save()


def _new_name(organisation: Organisation, name: str, on: datetime.date) -> str:
    name = name.strip()
    if not name:
        raise ServiceError(gettext("새 부서 이름을 입력하세요."), field="new_name")
    clash = unit_find(organisation=organisation, name=name, on=on)
    if clash is not None and (clash.valid_to is None or clash.valid_to >= on):
        raise ServiceError(
            gettext("%(on)s에 '%(name)s' 부서가 이미 있습니다.") % {"on": on, "name": name},
            field="new_name",
        )
    return name


@transaction.atomic
def unit_rename(*, unit: OrgUnit, new_name: str, on: datetime.date, user: Any = None) -> OrgUnit:
    """Close ``unit`` the day before ``on`` and open its successor named ``new_name``."""
    _may_reorganise(user, unit.organisation)
    name = _new_name(unit.organisation, new_name, on)
    with acting_as(user) if user is not None else contextlib.nullcontext():
        _close(unit, on)
        successor = unit_create(
            organisation=unit.organisation,
            name=name,
            unit_type=unit.unit_type,
            parent=unit.parent,
            valid_from=on,
            code_prefix=unit.code_prefix,
        )
        _link_predecessors(successor, [unit])
    return successor


@transaction.atomic
def unit_merge(*, user: Any, units: list[OrgUnit], new_name: str, on: datetime.date) -> OrgUnit:
    """Merge two or more units into a new one from ``on``: each closes the day before and
    is a predecessor of the new unit (which takes the first one's type and parent). Each
    must exist on ``on`` (a unit that starts later is refused, by name)."""
    if len({u.pk for u in units}) < 2:
        raise ServiceError(gettext("통합할 부서를 둘 이상 고르세요."), field="units")
    organisation = units[0].organisation
    _may_reorganise(user, organisation)
    if any(u.organisation_id != organisation.pk for u in units):
        raise ServiceError(gettext("다른 기관의 부서는 통합할 수 없습니다."), field="units")
    for unit in units:
        _exists_on(unit, on)
    name = _new_name(organisation, new_name, on)
    first = units[0]
    with acting_as(user):
        for unit in units:
            _close(unit, on)
        successor = unit_create(
            organisation=organisation,
            name=name,
            unit_type=first.unit_type,
            parent=first.parent,
            valid_from=on,
            code_prefix=first.code_prefix,
        )
        _link_predecessors(successor, units)
    return successor


@transaction.atomic
def unit_split(
    *, user: Any, unit: OrgUnit, new_names: list[str], on: datetime.date
) -> list[OrgUnit]:
    """Split a unit into two or more new ones from ``on``: it closes the day before and
    is the predecessor of each (its people are then transferred to one of them)."""
    names = [n.strip() for n in new_names if n.strip()]
    if len(set(names)) < 2:
        raise ServiceError(
            gettext("나눌 새 부서 이름을 서로 다르게 둘 이상 입력하세요."), field="new_names"
        )
    _may_reorganise(user, unit.organisation)
    checked = [_new_name(unit.organisation, n, on) for n in names]
    with acting_as(user):
        _close(unit, on)
        out = []
        for name in checked:
            successor = unit_create(
                organisation=unit.organisation,
                name=name,
                unit_type=unit.unit_type,
                parent=unit.parent,
                valid_from=on,
                code_prefix=unit.code_prefix,
            )
            _link_predecessors(successor, [unit])
            out.append(successor)
    return out


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
