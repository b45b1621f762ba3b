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
from typing import Any

import pytest

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
def app_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    var = tmp_path_factory.mktemp("var")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{var / 'app.sqlite3'}",
        "SEONGGWA_VAR_DIR": str(var),
        **getattr(request.module, "APP_ENV", {}),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    cli = [sys.executable, "-m", "seonggwa.cli"]
    subprocess.run([*cli, "init"], env=env, check=True, capture_output=True)
    subprocess.run([*cli, "load-sample"], env=env, check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen(
        [*cli, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
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
        raise RuntimeError(f"server did not start: {server.stdout.read() if server.stdout else ''}")
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()
