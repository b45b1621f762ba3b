"""Reads about background jobs: whether a once-a-day job is due."""

from __future__ import annotations

import datetime

from django.utils import timezone

from .models import JobProgress


def daily_due(kind: str, at: datetime.time | None, now: datetime.datetime | None = None) -> bool:
    """Whether the once-a-day job ``kind`` should start now: the local time has passed ``at``
    today and no job of that kind was started today (local date). ``at`` None: never.

    The worker asks this between batches (``seonggwa worker``), so a daily job needs no cron.
    Two workers asking at the same moment may both start one: daily jobs must be safe to run
    twice (the reminders are: each is sent once per person)."""
    if at is None:
        return False
    local = timezone.localtime(now)
    if local.time() < at:
        return False
    start_of_day = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return not JobProgress.objects.filter(kind=kind, created_at__gte=start_of_day).exists()


def daily_time(text: str) -> datetime.time | None:
    """``SEONGGWA_REMIND_AT``-style setting: ``"HH:MM"``, or empty for never.

    >>> daily_time("09:00"), daily_time(" "), daily_time("7:5")
    (datetime.time(9, 0), None, datetime.time(7, 5))
    """
    text = text.strip()
    if not text:
        return None
    hour, minute = text.split(":")
    return datetime.time(int(hour), int(minute))
