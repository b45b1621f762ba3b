"""Browser-test fixtures: the app started as `make run` starts it (init, load-sample, serve on
a temporary SQLite database) and Debian's chromium driven through Playwright. A test module
may set ``APP_ENV`` (a dict) for its server's environment, e.g. a lower login failure limit;
``axe.assert_accessible(page)`` checks a page with axe-core."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def app_env(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, str]:
    """The served app's environment (its DATABASE_URL and SEONGGWA_VAR_DIR): a test may run the
    app's command line or services with it to prepare data (``app_python``)."""
    var = tmp_path_factory.mktemp("var")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{var / 'app.sqlite3'}",
        "SEONGGWA_VAR_DIR": str(var),
        **getattr(request.module, "APP_ENV", {}),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def app_python(env: dict[str, str], code: str) -> str:
    """Run ``code`` in a Python process set up as the served app (Django configured on its
    database), e.g. to enter and submit an actual through the services; returns its output."""
    prelude = "from seonggwa.cli import setup_django\nsetup_django()\n"
    done = subprocess.run(
        [sys.executable, "-c", prelude + code], env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


@pytest.fixture(scope="module")
def app_url(app_env: dict[str, str]) -> Iterator[str]:
    env = app_env
    cli = [sys.executable, "-m", "seonggwa.cli"]
    subprocess.run([*cli, "init"], env=env, check=True, capture_output=True)
    subprocess.run([*cli, "load-sample"], env=env, check=True, capture_output=True)
    port = _free_port()
    # the request log goes to a file: a pipe nobody reads fills up and stalls the server
    log = (Path(env["SEONGGWA_VAR_DIR"]) / "server.log").open("w+b")
    server = subprocess.Popen(
        [*cli, "serve", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        server.kill()
        log.seek(0)
        raise RuntimeError(f"server did not start: {log.read().decode(errors='replace')}")
    yield url
    server.terminate()
    server.wait(timeout=10)
    log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


# --- the managers' and the evaluation office's pages (test_review_views, test_office_views, …):
# a client signed in as one of the sample's people (tests/conftest.py: ``people``, ``plan``…)


@pytest.fixture
def as_user(people):  # type: ignore[no-untyped-def]
    def client_for(name: str) -> Client:
        client = Client()
        if name != "anonymous":
            client.force_login(people[name])
        return client

    return client_for


def htmx(client: Client, method: str, url: str, data: dict[str, Any] | None = None) -> Any:
    call = getattr(client, method)
    return call(url, data or {}, headers={"HX-Request": "true"})
