"""Record every create/update/delete of plan and result data as an AuditEvent."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from seonggwa.core.ownership import audited_labels, owned

from .context import current_actor, is_muted
from .models import AuditEvent

AUDITED = audited_labels()
IGNORED_FIELDS = {"created_at", "updated_at", "name_key"}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):  # canonical: 17.000000 (from the database) == 17 (in memory)
        return format(value.normalize(), "f")
    if isinstance(value, datetime.date | datetime.datetime):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return value


def snapshot(instance: models.Model) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in IGNORED_FIELDS:
            continue
        data[field.attname] = _plain(field.value_from_object(instance))
    return data


def _organisation_id(instance: models.Model) -> int | None:
    """The organisation id of ``instance``, along its path in the ownership registry."""
    obj: Any = instance
    try:
        for part in owned(instance._meta.label).attribute_path:
            obj = getattr(obj, part)
    except (ObjectDoesNotExist, AttributeError, KeyError):
        return None
    return obj if isinstance(obj, int) else None


def _describe(instance: models.Model) -> tuple[str, int | None]:
    """(readable name, organisation id) of ``instance``, reading its relations."""
    try:
        text = str(instance)[:300]
    except ObjectDoesNotExist:  # a relation it names is gone
        text = f"{instance._meta.verbose_name} #{instance.pk}"
    return text, _organisation_id(instance)


def _record(
    action: str,
    instance: models.Model,
    changes: dict[str, Any],
    described: tuple[str, int | None] | None = None,
) -> None:
    object_repr, organisation_id = described or _describe(instance)
    user, label = current_actor()
    AuditEvent.objects.create(
        actor=user if getattr(user, "pk", None) else None,
        actor_label=label[:150],
        action=action,
        model=instance._meta.label,
        object_pk=str(instance.pk),
        object_repr=object_repr,
        organisation_id_ref=organisation_id,
        changes=changes,
    )


def _audited(sender: type[models.Model]) -> bool:
    return sender._meta.label in AUDITED and not is_muted()


def on_pre_save(
    sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any
) -> None:
    if raw or not _audited(sender) or instance.pk is None:
        return
    before = sender._default_manager.filter(pk=instance.pk).first()
    instance._audit_before = snapshot(before) if before is not None else None  # type: ignore[attr-defined]


def on_post_save(
    sender: type[models.Model],
    instance: models.Model,
    created: bool,
    raw: bool = False,
    **kwargs: Any,
) -> None:
    if raw or not _audited(sender):
        return
    after = snapshot(instance)
    before = getattr(instance, "_audit_before", None)
    if created or before is None:
        _record(AuditEvent.Action.CREATE, instance, {k: [None, v] for k, v in after.items()})
        return
    diff = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    if diff:
        _record(AuditEvent.Action.UPDATE, instance, diff)


def on_pre_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """Describe the object while its relations still exist: in a cascade, Django sends
    pre_delete for every collected object before it deletes any row."""
    if _audited(sender):
        instance._audit_described = _describe(instance)  # type: ignore[attr-defined]


def on_post_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if not _audited(sender):
        return
    _record(
        AuditEvent.Action.DELETE,
        instance,
        {k: [v, None] for k, v in snapshot(instance).items()},
        getattr(instance, "_audit_described", None),
    )


pre_save.connect(on_pre_save, dispatch_uid="seonggwa_audit_pre_save")
post_save.connect(on_post_save, dispatch_uid="seonggwa_audit_post_save")
pre_delete.connect(on_pre_delete, dispatch_uid="seonggwa_audit_pre_delete")
post_delete.connect(on_post_delete, dispatch_uid="seonggwa_audit_post_delete")
