from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``{{ d|get_item:k }}``: a dict lookup with a variable key (None when absent)."""
    return mapping.get(key) if hasattr(mapping, "get") else None


# The KRDS badge colour of each workflow status (plans and values).
STATUS_BADGES = {
    "draft": "bg-light-gray",
    "submitted": "bg-light-warning",
    "approved": "bg-light-success",
    "rejected": "bg-light-danger",
    "confirmed": "bg-light-primary",
    "closed": "bg-light-gray",
    # evaluation runs
    "provisional": "bg-light-warning",
    "final": "bg-light-primary",
    "published": "bg-light-success",
    # committee scoring
    "preparing": "bg-light-gray",
    "open": "bg-light-warning",
}


@register.filter
def status_badge(status: str) -> str:
    """``{{ value.status|status_badge }}``: the KRDS badge class for a status.

    >>> status_badge("rejected")
    'bg-light-danger'
    """
    return STATUS_BADGES.get(status, "bg-light-gray")


@register.filter
def minutes(delta: Any) -> int:
    """``{{ cooloff|minutes }}``: a timedelta in whole minutes, rounded up.

    >>> import datetime
    >>> minutes(datetime.timedelta(minutes=15))
    15
    """
    return -(-int(delta.total_seconds()) // 60)
