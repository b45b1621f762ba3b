"""The worker sends the actuals reminders itself once a day (no cron): ``daily_due`` says when,
``send_reminders`` is the job, run here by the real worker (``seonggwa worker --once``)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from seonggwa.cli import main
from seonggwa.jobs.models import JobProgress
from seonggwa.jobs.selectors import daily_due
from seonggwa.jobs.services import start_job
from seonggwa.notifications.models import Notification
from seonggwa.plans.models import Period
from seonggwa.results.tasks import REMIND_KIND, send_reminders

pytestmark = pytest.mark.django_db

NINE = datetime.time(9, 0)


def _local(hour: int, minute: int = 0) -> datetime.datetime:
    today = timezone.localdate()
    return timezone.make_aware(datetime.datetime.combine(today, datetime.time(hour, minute)))


def test_due_after_the_hour_once_a_day():
    assert daily_due(REMIND_KIND, NINE, _local(8, 59)) is False  # not yet today
    assert daily_due(REMIND_KIND, NINE, _local(9, 0)) is True
    assert daily_due(REMIND_KIND, None, _local(23)) is False  # switched off
    job = JobProgress.objects.create(task_id="t-1", kind=REMIND_KIND)
    assert daily_due(REMIND_KIND, NINE, _local(23)) is False  # started today already
    assert daily_due("other", NINE, _local(23)) is True  # per kind
    JobProgress.objects.filter(pk=job.pk).update(created_at=_local(10) - datetime.timedelta(days=1))
    assert daily_due(REMIND_KIND, NINE, _local(9, 30)) is True  # yesterday's does not count


def test_the_reminder_job_sends_once_per_person(sample):
    period = Period.objects.get(
        plan__organisation=sample, plan__year=2026, plan__kind="plan", key="2026"
    )
    due = (period.closes_on - datetime.timedelta(days=2)).isoformat()
    deadline = Notification.objects.filter(kind="deadline")
    assert not deadline.exists()
    job = start_job(send_reminders, kind=REMIND_KIND, kwargs={"today": due})
    assert main(["worker", "--once"]) == 0
    job.refresh_from_db()
    assert (job.done, job.total) == (1, 1)
    sent = deadline.count()
    assert sent >= 2  # 복지정책국's staff and manager have actuals to submit
    assert set(deadline.values_list("user__username", flat=True)) >= {
        "welfare_staff",
        "welfare_head",
    }
    start_job(send_reminders, kind=REMIND_KIND, kwargs={"today": due})
    assert main(["worker", "--once"]) == 0
    assert deadline.count() == sent  # a second run (two workers, or cron too) sends nothing new
