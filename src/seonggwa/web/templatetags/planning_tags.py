"""Small filters of the planning pages."""

from __future__ import annotations

from django import template

from ..planning_forms import REQUIRED_LABELS, scheme_label

register = template.Library()

BADGES = {
    "drafting": "bg-light-warning",
    "returned": "bg-light-danger",
    "submitted": "bg-light-primary",
    "accepted": "bg-light-success",
    "pending": "bg-light-warning",
    "approved": "bg-light-success",
    "rejected": "bg-light-danger",
}


@register.filter
def draft_badge(status: str) -> str:
    """The KRDS badge colour of a draft's or a change request's status."""
    return BADGES.get(status, "bg-light-gray")


@register.filter
def required_label(field: str) -> str:
    """The translated name of a field a round requires."""
    return str(REQUIRED_LABELS.get(field, field))


@register.filter
def grading_scheme_label(name: str) -> str:
    """A plan's grading scheme with its legend; "-" when none is set."""
    return scheme_label(name) if name else "-"
