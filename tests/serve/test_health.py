"""``/healthz``: 200 after a real ``SELECT 1``; 503 with a clear body when the database does
not answer (a real unreachable database, in a fresh process, not a mock)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client


@pytest.mark.django_db
def test_health_is_ok_after_a_select_on_the_database(django_assert_num_queries) -> None:
    client = Client()
    with django_assert_num_queries(1) as ctx:
        response = client.get("/healthz")
    assert ctx.captured_queries[0]["sql"] == "SELECT 1"
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok"
    # no session cookie, no language redirect
    assert not response.cookies


@pytest.mark.django_db
def test_health_answers_any_host_over_plain_http_without_redirect(settings) -> None:
    """A load balancer calls the worker by its IP address over plain HTTP: neither the host
    check nor the HTTPS redirect of production stands in the way."""
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["seonggwa.hanbit.go.kr"]
    response = Client().get("/healthz", HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200 and response.json()["status"] == "ok"
    head = Client().head("/healthz", HTTP_HOST="10.0.0.7:8000")
    assert head.status_code == 200
    # any other path is still refused for that host
    assert Client().get("/", HTTP_HOST="10.0.0.7:8000").status_code == 400


@pytest.mark.django_db
def test_health_refuses_a_post() -> None:
    # not answered by the health check: the site's own handling (CSRF, 404, 405…) applies
    assert Client().post("/healthz").status_code == 404


UNREACHABLE = {
    # a SQLite file in a directory that does not exist: the file cannot be opened
    "sqlite": "sqlite:////nonexistent-seonggwa-dir/none/db.sqlite3",
    # nothing listens on port 1
    "postgresql": "postgresql://postgres@127.0.0.1:1/seonggwa_unreachable?connect_timeout=2",
}

PROBE = """
import json, django
django.setup()
from django.test import Client
r = Client().get("/healthz")
print(json.dumps({"status": r.status_code, "type": r["Content-Type"], "body": r.json()}))
"""


@pytest.mark.parametrize("kind", sorted(UNREACHABLE))
def test_health_is_503_with_a_clear_body_when_the_database_is_unreachable(kind: str) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": UNREACHABLE[kind],
        "DJANGO_SETTINGS_MODULE": "seonggwa.config.settings.base",
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).parent,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["status"] == 503
    assert result["type"] == "application/json"
    body = result["body"]
    assert body["status"] == "error" and body["database"] == "error"
    assert "데이터베이스에 연결할 수 없습니다" in body["error"]
    assert "OperationalError" in body["error"]
    # the details (host names, paths) go to the log, not to the anonymous caller
    assert "nonexistent-seonggwa-dir" not in body["error"] and "127.0.0.1" not in body["error"]
    assert "health check: the database did not answer" in done.stderr
