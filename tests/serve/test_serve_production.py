"""``seonggwa serve --production`` for real: gunicorn in a subprocess on a free port, over a
new SQLite database, serving the health check, a static file (whitenoise) and a page, with
JSON log lines on standard output; stopped with SIGTERM as a service manager would."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

SECRET = "test-only-secret-key-kJ8v2QmX9pLw4RtZ7nYb3HsFd6GcUe-not-for-use"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None  # a redirect is an answer to look at, not to follow


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with OPENER.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def wait_until_up(base: str, server: subprocess.Popen[str], seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"the server ended with {server.returncode}")
        try:
            fetch(base + "/healthz")
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise AssertionError("the server did not answer in time")


@pytest.mark.slow
def test_serve_production_serves_health_static_files_and_pages(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SEONGGWA_", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"))
    }
    env.update(
        {
            "SEONGGWA_VAR_DIR": str(tmp_path / "var"),  # the SQLite file and STATIC_ROOT
            "SEONGGWA_SECRET_KEY": SECRET,
            "SEONGGWA_ALLOWED_HOSTS": "127.0.0.1",
            "SEONGGWA_PROXY_SSL_HEADER": "X-Forwarded-Proto=https",
        }
    )
    cli = [sys.executable, "-m", "seonggwa.cli"]
    init = subprocess.run([*cli, "init"], env=env, capture_output=True, text=True, timeout=300)
    assert init.returncode == 0, init.stderr

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    out = tmp_path / "stdout.log"
    with out.open("w") as stdout:
        server = subprocess.Popen(
            [*cli, "serve", "--production", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
            env=env,
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            wait_until_up(base, server)
            status, headers, body = fetch(base + "/healthz")
            assert status == 200, body
            assert json.loads(body) == {**json.loads(body), "status": "ok", "database": "ok"}

            # a page, as the proxy passes it on (HTTPS told by the header: no redirect)
            status, headers, page = fetch(base + "/", {"X-Forwarded-Proto": "https"})
            assert status == 200
            assert headers["Strict-Transport-Security"].startswith("max-age=")
            request_id = headers["X-Request-ID"]

            # the page links the hashed name of a stylesheet, which whitenoise serves
            # compressed and cacheable for good
            css = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', page.decode())
            assert css, "no hashed stylesheet in the page"
            status, headers, data = fetch(
                base + css.group(1), {"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"}
            )
            assert status == 200 and data
            assert headers["Content-Encoding"] == "gzip"
            assert "immutable" in headers["Cache-Control"]
            assert (tmp_path / "var" / "static" / "staticfiles.json").is_file()

            # plain HTTP to a page is redirected to HTTPS (production settings in force)
            status, headers, _ = fetch(base + "/")
            assert status == 301 and headers["Location"] == f"https://127.0.0.1:{port}/"
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                stderr = server.communicate(timeout=30)[1]
            except subprocess.TimeoutExpired:
                server.kill()
                stderr = server.communicate()[1]
    assert server.returncode == 0, stderr

    lines = [line for line in out.read_text().splitlines() if line.startswith("{")]
    records = [json.loads(line) for line in lines]
    page_lines = [r for r in records if r.get("request_id") == request_id]
    assert len(page_lines) == 1
    assert page_lines[0]["method"] == "GET" and page_lines[0]["path"] == "/"
    assert page_lines[0]["status"] == 200 and "duration_ms" in page_lines[0]
    assert any(r.get("logger") == "gunicorn.error" for r in records)  # gunicorn's too, as JSON
