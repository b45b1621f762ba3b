"""The follow-up reminders as a background job (docs/jobs.md), the sibling of the actuals'
reminders (``seonggwa.results.tasks``): ``seonggwa worker`` enqueues
:func:`send_followup_reminders` once a day at ``SEONGGWA_REMIND_AT``, and ``seonggwa
remind-followups`` sends them in the foreground for those who keep cron."""

from __future__ import annotations

import datetime
from typing import Any

from django_tasks import task

from seonggwa.audit.context import acting_as
from seonggwa.jobs.services import progress

FOLLOWUP_REMIND_KIND = "remind-followups"


@task()
def send_followup_reminders(*, today: str | None = None) -> dict[str, Any]:
    """``followup_reminders_send`` as the system (audited as ``worker:remind-followups``)."""
    from .services import followup_reminders_send

    progress(0, 1, "후속조치 알림을 보내는 중")
    with acting_as(None, "worker:remind-followups"):
        sent = followup_reminders_send(today=datetime.date.fromisoformat(today) if today else None)
    progress(1, 1, f"알림 {sent}건을 보냈습니다")
    return {"sent": sent}
