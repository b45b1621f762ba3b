"""Concurrent writers on PostgreSQL: several processes write the same values at once through
every write path — ``actual_enter``, ``value_set``, the planning round's target, the admin's
change form — and the first writes race to create the row. No update may be lost: the final
version counts every successful write, the audit trail holds each with the right "before",
and the losers get the conflict message, never a raw database error.

The writers run in ``benchmarks/concurrency_probe.py`` (a copy of this test database, 4
processes × 20 writes); the long run is that script with its defaults (8 × 200)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.parse
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, connections

ROOT = Path(__file__).resolve().parents[2]
PROCESSES, WRITES = 4, 20  # 5 rounds of the four paths: about 20 s

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the concurrency probes need PostgreSQL (row locks, several connections): "
        "run with DATABASE_URL=postgresql://… (make test-postgres)",
    ),
    pytest.mark.django_db,  # the test database is made (the probe copies it)
]


@pytest.fixture(scope="module")
def probe(django_db_setup: Any, django_db_blocker: Any) -> dict[str, Any]:
    with django_db_blocker.unblock():
        template = connection.settings_dict["NAME"]
        connections.close_all()  # a database is copied only while no one is connected
    base = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    url = urllib.parse.urlunsplit(base._replace(path=f"/{template}_probe_{os.getpid()}"))
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "concurrency_probe.py"),
            f"--database-url={url}",
            f"--template={template}",
            f"--processes={PROCESSES}",
            f"--writes={WRITES}",
            "--json",
        ],
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.stdout.strip(), done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("path", ["actual", "value_set", "planning", "admin"])
def test_no_update_is_lost_on_any_write_path(probe: dict[str, Any], path: str) -> None:
    figures = probe["paths"][path]
    assert figures["errors"] == 0, probe["first_errors"]  # no raw database error
    assert figures["refused"] == 0, probe["first_errors"]
    assert figures["successes"] > 0
    assert figures["successes"] + figures["conflicts"] == PROCESSES * WRITES // 4
    assert figures["lost_updates"] == 0, figures
    assert figures["audit_events"] == figures["successes"], figures
    assert figures["audit_mismatches"] == 0, figures


def test_the_create_race_ends_in_conflicts_not_errors(probe: dict[str, Any]) -> None:
    """Every process's first write creates the actual at once: one wins, the others are
    told someone wrote first (counted as conflicts), none sees a database error."""
    actual = probe["paths"]["actual"]
    assert actual["conflicts"] >= 1 and actual["errors"] == 0
