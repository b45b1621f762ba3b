"""Start a background job, report its progress, keep its file, and sweep jobs whose worker died.

Task code calls :func:`progress` (it finds the running job itself); the web and the CLI call
:func:`start_job`. The worker (``seonggwa worker``) calls :func:`sweep` at start and then every
``SEONGGWA_JOB_SWEEP_EVERY`` seconds.
"""

from __future__ import annotations

import contextvars
import datetime
import logging
import threading
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import JobProgress

# the id of the job this worker is running now (set by the task_started signal)
current_job: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "seonggwa_current_job", default=None
)

STALE_EXCEPTION = "seonggwa.jobs.services.StaleJob"


class StaleJob(Exception):
    """A running job whose heartbeat stopped: its worker died or was killed."""


def start_job(
    task: Any,
    *,
    kind: str,
    owner: Any = None,
    organisation: Any = None,
    label: str = "",
    args: tuple[Any, ...] = (),
    kwargs: dict[str, Any] | None = None,
) -> JobProgress:
    """Enqueue ``task`` and record who asked; the worker runs it. Nothing runs in this process."""
    with transaction.atomic():
        result = task.enqueue(*args, **(kwargs or {}))
        return JobProgress.objects.create(
            task_id=str(result.id),
            kind=kind,
            label=label,
            owner=owner if owner is not None and owner.is_authenticated else None,
            organisation=organisation,
        )


# where else progress goes: the CLI's progress bar (seonggwa.cli.progress) when on a terminal
progress_sink: contextvars.ContextVar[Callable[[int, int | None, str], None] | None] = (
    contextvars.ContextVar("seonggwa_progress_sink", default=None)
)


def progress(done: int, total: int | None = None, message: str = "") -> None:
    """Record how far the running job is, and beat its heart; on the command line, move the
    progress bar. Elsewhere it does nothing, so the same code runs everywhere."""
    sink = progress_sink.get()
    if sink is not None:
        sink(done, total, message)
    job_id = current_job.get()
    if job_id is None:
        return
    fields: dict[str, Any] = {"done": done, "heartbeat_at": timezone.now()}
    if total is not None:
        fields["total"] = total
    if message:
        fields["message"] = message[:300]
    if _in_work_transaction() and _write_outside(job_id, fields):
        return
    JobProgress.objects.filter(task_id=job_id).update(**fields)


def _in_work_transaction() -> bool:
    """Whether the task is inside a transaction of its own (not a test case's) on PostgreSQL:
    progress written there would show only at the commit, and a rollback would take it back."""
    from django.db import connection

    if connection.vendor != "postgresql" or not connection.in_atomic_block:
        return False
    return any(not getattr(a, "_from_testcase", False) for a in connection.atomic_blocks)


def _write_outside(job_id: str, fields: dict[str, Any]) -> bool:
    """Write the job's progress from a connection of its own (a short thread), so the job page
    sees it while the task's transaction is still open; gives whether the row was written (a
    row this connection cannot see yet, as in a test's transaction, is left to the caller).
    Only on PostgreSQL: SQLite would refuse the task's own write after another connection's."""
    written = [0]

    def write() -> None:
        from django.db import connection

        try:
            written[0] = JobProgress.objects.filter(task_id=job_id).update(**fields)
        except Exception:  # a dropped connection: the next step writes again
            logging.getLogger("seonggwa.jobs").warning("progress of %s not written", job_id)
        finally:
            connection.close()

    thread = threading.Thread(target=write, name="seonggwa-job-progress", daemon=True)
    thread.start()
    thread.join(timeout=10)
    return written[0] > 0


def current_job_id() -> str | None:
    """The id of the job this code runs in (None outside a job), e.g. for a result URL."""
    return current_job.get()


def heartbeat(job_id: str) -> None:
    JobProgress.objects.filter(task_id=job_id).update(heartbeat_at=timezone.now())


def keep_file(data: bytes, *, name: str, content_type: str) -> None:
    """Keep the file the running job made, for its owner to download."""
    job_id = current_job.get()
    if job_id is None:
        return
    JobProgress.objects.filter(task_id=job_id).update(
        file_data=data, file_name=name, content_type=content_type
    )


def keep_result_url(url: str) -> None:
    """Record where the running job's result is to be seen (a page, not a file)."""
    job_id = current_job.get()
    if job_id is None:
        return
    JobProgress.objects.filter(task_id=job_id).update(result_url=url[:300])


# the job this worker process runs now, for the heartbeat thread (which has its own context)
_running: dict[str, str | None] = {"job": None}


class Heartbeat(threading.Thread):
    """Beats the heart of whatever job this worker runs, every ``every`` seconds, so a job
    that reports no progress for a while (one long PDF layout) is not taken for dead; when the
    worker process dies, the beats stop and the sweep fails the job."""

    def __init__(self, every: float) -> None:
        super().__init__(name="seonggwa-job-heartbeat", daemon=True)
        self.every = every
        self.stopped = threading.Event()

    def run(self) -> None:
        from django.db import connection

        while not self.stopped.wait(self.every):
            job_id = _running["job"]
            if job_id is None:
                continue
            try:
                heartbeat(job_id)
            except Exception:  # a locked SQLite file, a dropped connection: beat next time
                logging.getLogger("seonggwa.jobs").warning("heartbeat of %s failed", job_id)
                connection.close()
        connection.close()


def job_started(job_id: str) -> None:
    current_job.set(job_id)
    _running["job"] = job_id
    JobProgress.objects.get_or_create(task_id=job_id, defaults={"kind": "task"})
    heartbeat(job_id)


def job_finished(job_id: str, *, failed: bool, reason: str = "") -> None:
    current_job.set(None)
    _running["job"] = None
    if failed:
        # a failed job keeps no half-made file
        JobProgress.objects.filter(task_id=job_id).update(
            error=reason[:2000], file_data=None, file_name="", content_type="", result_url=""
        )


def sweep(*, now: datetime.datetime | None = None, stale_seconds: int | None = None) -> list[str]:
    """Fail every running job whose heartbeat (or start, if it never beat) is older than the
    threshold, with the reason on the job; gives the ids failed."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    stale = stale_seconds if stale_seconds is not None else settings.SEONGGWA_JOB_STALE_SECONDS
    cutoff = now - datetime.timedelta(seconds=stale)
    swept: list[str] = []
    for result in DBTaskResult.objects.running():
        job_id = str(result.id)
        job = JobProgress.objects.filter(task_id=job_id).first()
        beat = job.heartbeat_at if job is not None else None
        last = beat or result.started_at
        if last is not None and last >= cutoff:
            continue
        if beat is not None:
            when = f"마지막 응답 {timezone.localtime(beat):%Y-%m-%d %H:%M:%S}"
        elif result.started_at is not None:
            when = f"시작 {timezone.localtime(result.started_at):%Y-%m-%d %H:%M:%S}, 응답 기록 없음"
        else:
            when = "응답 기록 없음"
        reason = (
            f"작업이 {stale}초 넘게 응답하지 않아 실패로 처리했습니다({when}). "
            "작업자가 멈췄거나 종료되었습니다. 다시 요청하세요."
        )
        with transaction.atomic():
            # only if it is still running: a worker that finishes meanwhile wins
            changed = DBTaskResult.objects.filter(
                id=result.id, status=TaskResultStatus.RUNNING
            ).update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=STALE_EXCEPTION,
                traceback=reason,
                return_value=None,
            )
            if changed:
                JobProgress.objects.filter(task_id=job_id).update(
                    error=reason, file_data=None, file_name="", content_type=""
                )
                swept.append(job_id)
    return swept


def prune(*, days: int | None = None, now: datetime.datetime | None = None) -> int:
    """Delete finished jobs (their task results, progress and files) older than ``days``
    (default ``SEONGGWA_JOB_KEEP_DAYS``); gives how many."""
    from django_tasks_db.models import DBTaskResult

    keep = days if days is not None else settings.SEONGGWA_JOB_KEEP_DAYS
    cutoff = (now or timezone.now()) - datetime.timedelta(days=keep)
    old = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff)
    ids = [str(i) for i in old.values_list("id", flat=True)]
    with transaction.atomic():
        JobProgress.objects.filter(task_id__in=ids).delete()
        DBTaskResult.objects.filter(id__in=ids).delete()
    return len(ids)
