"""A worker killed mid-task (SIGKILL: no chance to clean up) leaves its job running with a
heart that stopped; the sweep fails it with the reason and no file. Real processes on a
SQLite file of their own (not the test database): init, enqueue, worker, kill, sweep."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

SRC = str(Path(__file__).resolve().parents[2] / "src")


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'jobs.sqlite3'}",
        SEONGGWA_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="seonggwa.config.settings.base",
        PYTHONPATH=SRC + os.pathsep + env.get("PYTHONPATH", ""),
        SEONGGWA_JOB_STALE_SECONDS="2",
        SEONGGWA_REMIND_AT="",  # no daily reminder job beside the one these tests watch
    )
    return env


def _py(env: dict[str, str], code: str) -> str:
    prelude = "import django, json; django.setup()\n"
    done = subprocess.run(
        [sys.executable, "-c", prelude + code],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "seonggwa.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


STATE = """
from django_tasks_db.models import DBTaskResult
from seonggwa.jobs.models import JobProgress
j = JobProgress.objects.get()
r = DBTaskResult.objects.get(id=j.task_id)
print(json.dumps({"id": j.task_id, "done": j.done, "status": r.status, "error": j.error,
                  "file": j.file_data is not None}))
"""


@contextmanager
def _worker_on_count_job(
    tmp_path: Path, *, steps: int, pause: float, done_at_least: int
) -> Iterator[tuple[dict[str, str], dict]]:
    """A fresh database with one ``count`` job (``steps`` steps of ``pause`` s) and a worker
    running it; yields once the job has done ``done_at_least`` steps, with the environment and
    the job's state then. The worker is SIGKILLed when the block ends."""
    env = _env(tmp_path)
    assert _cli(env, "init").returncode == 0
    _py(
        env,
        "from seonggwa.jobs.services import start_job\n"
        "from seonggwa.jobs.tasks import count\n"
        f"start_job(count, kind='count', args=({steps},), kwargs={{'pause': {pause}}})",
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "seonggwa.cli", "worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while (state := json.loads(_py(env, STATE)))["done"] < done_at_least:
            assert time.monotonic() < deadline, state
            time.sleep(0.3)
        yield env, state
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)


def test_a_killed_worker_s_job_is_swept_to_failed(tmp_path):
    with _worker_on_count_job(tmp_path, steps=10000, pause=0.05, done_at_least=3) as (env, state):
        assert state["status"] == "RUNNING"
    time.sleep(2.5)  # the heart has stopped for longer than SEONGGWA_JOB_STALE_SECONDS
    swept = _cli(env, "jobs", "sweep")
    assert swept.returncode == 0, swept.stderr
    assert state["id"] in swept.stdout
    after = json.loads(_py(env, STATE))
    assert after["status"] == "FAILED"
    assert "2초 넘게 응답하지 않아" in after["error"]
    assert after["done"] >= 3  # what it had done is still told
    assert after["file"] is False  # nothing half-made to download


def test_a_live_worker_s_slow_job_keeps_beating(tmp_path):
    """A step longer than the threshold (one long PDF layout) is not taken for death: the
    worker's heartbeat thread beats for the job meanwhile."""
    with _worker_on_count_job(tmp_path, steps=3, pause=6, done_at_least=1) as (env, _state):
        time.sleep(3.5)  # longer than the threshold with no progress from the task
        swept = _cli(env, "jobs", "sweep")
        assert swept.returncode == 0, swept.stderr
        state = json.loads(_py(env, STATE))
        assert state["status"] == "RUNNING", (state, swept.stdout)
        assert state["id"] not in swept.stdout
