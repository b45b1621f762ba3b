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


@register.filter
def rate(value: Any) -> str:
    """``{{ result.achievement|rate }}``: a rate half-up to one decimal with "%", or "-"
    when there is none (no data is not 0).

    >>> from decimal import Decimal
    >>> rate(Decimal("93.2201580184")), rate(None)
    ('93.2%', '-')
    """
    from decimal import Decimal

    from seonggwa.engine.rounding import round_half_up

    if value is None or value == "":
        return "-"
    return f"{round_half_up(Decimal(value), 1)}%"
