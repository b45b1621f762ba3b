"""A worker killed in the middle of an evaluation run (SIGKILL, after the run row and its
results were written but before the commit) leaves nothing half-written: the database rolls
the open transaction back, the sweep fails the job with the reason, and running again stores
run #1, whole. Real processes on a SQLite file of their own, like test_worker_killed.py."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .test_worker_killed import _cli, _env, _py

pytestmark = pytest.mark.slow

ENQUEUE = """
from django.contrib.auth import get_user_model
from seonggwa.evaluation.tasks import evaluate_plan
from seonggwa.jobs.services import start_job
from seonggwa.plans.models import Plan
plan = Plan.objects.get(year=2025, kind="plan")
officer = get_user_model().objects.get(username="officer")
job = start_job(evaluate_plan, kind="evaluation", owner=officer, organisation=plan.organisation,
                kwargs={"plan_id": plan.pk, "period_key": None, "user_id": officer.pk})
print(job.task_id)
"""

# a worker whose run stops for good once its results are written, inside the transaction
STUCK_WORKER = """
import pathlib, sys, time
from seonggwa.evaluation import services
written = services.bulk_insert_rows
def stuck(model, rows):
    written(model, rows)
    pathlib.Path(sys.argv[1]).write_text(str(len(rows)))
    time.sleep(600)
services.bulk_insert_rows = stuck
from seonggwa.cli import main
main(["worker"])
"""

STATE = """
from django_tasks_db.models import DBTaskResult
from seonggwa.evaluation.models import EvaluationRun, IndicatorResult, OwnerResult
from seonggwa.jobs.models import JobProgress
jobs = []
for j in JobProgress.objects.order_by("created_at"):
    r = DBTaskResult.objects.get(id=j.task_id)
    jobs.append({"id": j.task_id, "status": r.status, "error": j.error, "url": j.result_url})
print(json.dumps({"jobs": jobs, "runs": list(EvaluationRun.objects.values_list("number", flat=True)),
                  "results": IndicatorResult.objects.count(), "owners": OwnerResult.objects.count()}))
"""


def test_a_killed_evaluation_run_writes_nothing_and_is_swept(tmp_path: Path) -> None:
    env = _env(tmp_path)
    assert _cli(env, "init").returncode == 0
    assert _cli(env, "load-sample").returncode == 0
    task_id = _py(env, ENQUEUE).strip()
    mark = tmp_path / "stored"
    worker = subprocess.Popen(
        [sys.executable, "-c", "import django; django.setup()\n" + STUCK_WORKER, str(mark)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 90
        while not mark.exists():
            assert worker.poll() is None, "the worker ended before storing"
            assert time.monotonic() < deadline, "the run did not reach its results"
            time.sleep(0.3)
        assert int(mark.read_text()) > 0  # the results were written (not committed)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)

    state = json.loads(_py(env, STATE))
    assert state["jobs"][0]["status"] == "RUNNING"
    assert (state["runs"], state["results"], state["owners"]) == ([], 0, 0)  # rolled back

    time.sleep(2.5)  # the heart has stopped for longer than SEONGGWA_JOB_STALE_SECONDS
    swept = _cli(env, "jobs", "sweep")
    assert swept.returncode == 0, swept.stderr
    assert task_id in swept.stdout
    state = json.loads(_py(env, STATE))
    (job,) = state["jobs"]
    assert job["status"] == "FAILED"
    assert "응답하지 않아" in job["error"] and job["url"] == ""
    assert state["runs"] == []

    # asked again, the run is stored whole, as run #1
    _py(env, ENQUEUE)
    done = _cli(env, "worker", "--once")
    assert done.returncode == 0, done.stderr
    state = json.loads(_py(env, STATE))
    assert state["jobs"][1]["status"] == "SUCCESSFUL" and state["jobs"][1]["url"]
    assert state["runs"] == [1]
    assert state["results"] > 0 and state["owners"] > 0
