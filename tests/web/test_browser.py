"""What a person sees: the app started as `make run` starts it, driven by the system chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

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
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    var = tmp_path_factory.mktemp("var")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{var / 'app.sqlite3'}",
        "SEONGGWA_VAR_DIR": str(var),
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
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def test_a_visitor_opens_the_published_plan_and_sees_its_tree(
    app_url: str, browser: object, tmp_path: Path
) -> None:
    page = browser.new_page(locale="ko-KR")  # type: ignore[attr-defined]
    page.goto(app_url + "/")
    page.get_by_role("link").filter(has_text="성과계획서").first.click()
    page.wait_for_load_state()
    assert page.locator("h3").filter(has_text="IV.").count() == 1
    row = page.locator("tr", has_text="초미세먼지 연평균 농도")
    assert row.count() == 1
    page.screenshot(path=str(tmp_path / "plan.png"), full_page=True)
    assert (tmp_path / "plan.png").stat().st_size > 10_000


def test_the_officer_logs_in_to_the_korean_admin(app_url: str, browser: object) -> None:
    page = browser.new_page(locale="ko-KR")  # type: ignore[attr-defined]
    page.goto(app_url + "/admin/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", "hanbit-officer-2026")
    page.locator("input[type=submit]").click()
    page.wait_for_load_state()
    assert "로그아웃" in page.content()
    page.goto(app_url + "/admin/plans/plan/")
    assert page.locator("#result_list tbody tr").count() == 3


def test_a_draft_plan_is_not_reachable_anonymously(app_url: str, browser: object) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    links = [
        a.get_attribute("href")
        for a in (page.goto(app_url + "/") and page.locator("a[href^='/plans/']").all())
    ]
    assert len(links) == 2  # the closed and the confirmed plan; the draft BSC plan is hidden
    ids = {int(h.strip("/").split("/")[-1]) for h in links}
    hidden = next(i for i in range(1, 10) if i not in ids)
    response = page.goto(f"{app_url}/plans/{hidden}/")
    assert response.status == 404
