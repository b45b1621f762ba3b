"""The actuals workflow's reminders as a background job (docs/jobs.md): ``seonggwa worker``
enqueues :func:`send_reminders` once a day at ``SEONGGWA_REMIND_AT`` (no cron needed), and
``seonggwa remind`` still sends them in the foreground for those who keep cron."""

from __future__ import annotations

import datetime
from typing import Any

from django_tasks import task

from seonggwa.audit.context import acting_as
from seonggwa.jobs.services import progress

REMIND_KIND = "remind"


@task()
def send_reminders(*, today: str | None = None) -> dict[str, Any]:
    """``reminders_send`` as the system (audited as ``worker:remind``)."""
    from .services import reminders_send

    progress(0, 1, "실적 입력 알림을 보내는 중")
    with acting_as(None, "worker:remind"):
        sent = reminders_send(today=datetime.date.fromisoformat(today) if today else None)
    progress(1, 1, f"알림 {sent}건을 보냈습니다")
    return {"sent": sent}
