"""Reads for notifications."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Notification

__all__ = ["notification_list", "notification_sent", "unread_count"]


def notification_list(*, user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def unread_count(*, user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notification_sent(*, dedupe_key: str) -> bool:
    """Whether a notification with this once-only key was created for anyone (e.g. today's
    reminder of a unit)."""
    return bool(dedupe_key) and Notification.objects.filter(dedupe_key=dedupe_key).exists()
