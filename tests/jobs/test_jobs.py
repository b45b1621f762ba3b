"""Background jobs: a job runs on the real worker (`seonggwa worker --once`), reports its
progress and keeps its file; a job whose worker died is swept to failed with the reason."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from seonggwa.cli import main
from seonggwa.jobs.models import JobProgress
from seonggwa.jobs.services import STALE_EXCEPTION, start_job, sweep
from seonggwa.jobs.tasks import count

pytestmark = pytest.mark.django_db


def test_a_job_runs_on_the_worker_and_reports_progress(django_user_model):
    user = django_user_model.objects.create_user("jobber", password="x")
    job = start_job(count, kind="count", owner=user, args=(4,))
    assert DBTaskResult.objects.get(id=job.task_id).status == "READY"
    assert main(["worker", "--once"]) == 0
    job.refresh_from_db()
    result = DBTaskResult.objects.get(id=job.task_id)
    assert result.status == "SUCCESSFUL"
    assert result.return_value == 4
    assert (job.done, job.total, job.message, job.percent) == (4, 4, "4/4", 100)
    assert job.heartbeat_at is not None
    assert job.owner == user
    assert bytes(job.file_data) == b"1\n2\n3\n4"
    assert job.file_name == "count.txt"
    assert job.error == ""


def test_a_failed_job_says_why_and_keeps_no_file():
    job = start_job(count, kind="count", args=(5,), kwargs={"fail_at": 3})
    assert main(["worker", "--once"]) == 0
    job.refresh_from_db()
    assert DBTaskResult.objects.get(id=job.task_id).status == "FAILED"
    assert "3단계에서 실패" in job.error
    assert job.done == 2  # the progress it made before failing is kept
    assert job.file_data is None


def _claimed(job: JobProgress, *, beat_minutes_ago: int | None) -> DBTaskResult:
    """The job as a worker left it when it died mid-task: claimed, running, heart stopped."""
    result = DBTaskResult.objects.get(id=job.task_id)
    result.claim("dead-worker")
    if beat_minutes_ago is not None:
        JobProgress.objects.filter(pk=job.pk).update(
            done=1,
            total=5,
            heartbeat_at=timezone.now() - datetime.timedelta(minutes=beat_minutes_ago),
        )
    return result


def test_a_stale_job_is_swept_to_failed_with_the_reason():
    stale = start_job(count, kind="count", args=(5,))
    fresh = start_job(count, kind="count", args=(5,))
    _claimed(stale, beat_minutes_ago=30)
    _claimed(fresh, beat_minutes_ago=1)
    assert sweep(stale_seconds=600) == [stale.task_id]
    result = DBTaskResult.objects.get(id=stale.task_id)
    assert result.status == "FAILED"
    assert result.exception_class_path == STALE_EXCEPTION
    assert "600초 넘게 응답하지 않아" in result.traceback
    stale.refresh_from_db()
    assert "600초 넘게 응답하지 않아" in stale.error
    assert stale.done == 1
    assert DBTaskResult.objects.get(id=fresh.task_id).status == "RUNNING"
    # a second sweep finds nothing more to do
    assert sweep(stale_seconds=600) == []


def test_a_job_that_never_beat_is_judged_by_its_start():
    job = start_job(count, kind="count", args=(5,))
    result = _claimed(job, beat_minutes_ago=None)
    DBTaskResult.objects.filter(id=result.id).update(
        started_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert sweep(stale_seconds=60) == [job.task_id]
    assert "응답 기록 없음" in DBTaskResult.objects.get(id=job.task_id).traceback


def test_the_sweep_command(capsys):
    job = start_job(count, kind="count", args=(5,))
    _claimed(job, beat_minutes_ago=30)
    assert main(["jobs", "sweep", "--stale-seconds", "60"]) == 0
    out = capsys.readouterr().out
    assert job.task_id in out
    assert DBTaskResult.objects.get(id=job.task_id).status == "FAILED"


def test_the_worker_sweeps_at_start(settings):
    job = start_job(count, kind="count", args=(5,))
    _claimed(job, beat_minutes_ago=30)
    settings.SEONGGWA_JOB_STALE_SECONDS = 60
    assert main(["worker", "--once"]) == 0
    assert DBTaskResult.objects.get(id=job.task_id).status == "FAILED"


def test_old_finished_jobs_are_pruned_with_their_files(capsys):
    old = start_job(count, kind="count", args=(2,))
    new = start_job(count, kind="count", args=(2,))
    running = start_job(count, kind="count", args=(2,))
    assert main(["worker", "--once"]) == 0
    DBTaskResult.objects.filter(id=old.task_id).update(
        finished_at=timezone.now() - datetime.timedelta(days=8)
    )
    stuck = _claimed(running, beat_minutes_ago=1)
    DBTaskResult.objects.filter(id=stuck.id).update(
        started_at=timezone.now() - datetime.timedelta(days=30)
    )
    assert main(["jobs", "prune", "--days", "7"]) == 0
    assert "1개" in capsys.readouterr().out
    assert not JobProgress.objects.filter(task_id=old.task_id).exists()
    assert not DBTaskResult.objects.filter(id=old.task_id).exists()
    assert JobProgress.objects.filter(task_id=new.task_id).exists()
    assert DBTaskResult.objects.filter(id=running.task_id).exists()  # unfinished: kept


@pytest.mark.django_db(transaction=True)
def test_progress_inside_the_task_s_transaction():
    """On PostgreSQL progress reported inside the task's own transaction is written from a
    connection of its own: the job page sees it at once and a rollback keeps it. SQLite
    cannot (another connection's write would refuse the task's own): there it shows at the
    commit, like every other write of the task."""
    import threading

    from django.db import connection, transaction

    from seonggwa.jobs.services import current_job, progress

    JobProgress.objects.create(task_id="inside", kind="count")
    seen: list[int] = []

    def look() -> None:
        from django.db import connection as own

        try:
            seen.append(JobProgress.objects.get(task_id="inside").done)
        finally:
            own.close()

    token = current_job.set("inside")
    try:
        with pytest.raises(RuntimeError), transaction.atomic():
            progress(2, 3, "inside the transaction")
            if connection.vendor == "postgresql":
                thread = threading.Thread(target=look)
                thread.start()
                thread.join()
                assert seen == [2]  # seen from another connection before the commit
            raise RuntimeError("the task failed")
    finally:
        current_job.reset(token)
    kept = JobProgress.objects.get(task_id="inside")
    if connection.vendor == "postgresql":
        assert (kept.done, kept.total, kept.message) == (2, 3, "inside the transaction")
    else:
        assert kept.done == 0  # rolled back with the task's transaction
