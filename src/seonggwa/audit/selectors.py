"""Reads of the audit trail."""

from __future__ import annotations

from .models import AuditEvent

__all__ = ["last_change"]


def last_change(*, model: str, object_pk: object) -> AuditEvent | None:
    """The latest recorded change of one object (``model`` is its label, e.g.
    ``plans.Period``): who changed it and when, for a conflict page. One query."""
    return (
        AuditEvent.objects.filter(model=model, object_pk=str(object_pk))
        .select_related("actor")
        .order_by("-at", "-id")
        .first()
    )
