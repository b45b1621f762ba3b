"""Connects django-tasks' started/finished signals to the job's progress row."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from django_tasks_db.compat import TaskResultStatus, task_finished, task_started

from . import services


@receiver(task_started)
def _started(sender: Any, task_result: Any, **kwargs: Any) -> None:
    services.job_started(str(task_result.id))


@receiver(task_finished)
def _finished(sender: Any, task_result: Any, **kwargs: Any) -> None:
    failed = task_result.status == TaskResultStatus.FAILED
    reason = ""
    if failed and task_result.errors:
        error = task_result.errors[-1]
        last_line = ((error.traceback or "").strip().splitlines()[-1:] or [""])[0]
        # "package.module.SomeError: message" -> "message"; the traceback stays on the result
        head, sep, message = last_line.partition(": ")
        reason = message if sep and " " not in head else last_line
    services.job_finished(str(task_result.id), failed=failed, reason=reason)
