"""A big evaluation run in the browser: the officer starts it, the job page shows a progress
bar while it waits for and runs on a worker (a real `seonggwa worker` process), then links to
the run's results, which open."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from .axe import assert_accessible
from .conftest import app_python

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# every plan is "big": the run goes to the background
APP_ENV = {"SEONGGWA_EVALUATION_BACKGROUND_OVER": "0"}


def test_the_officer_starts_a_run_sees_progress_and_lands_on_the_results(
    app_url: str, app_env: dict[str, str], browser: Any
) -> None:
    pk = app_python(
        app_env,
        "from seonggwa.plans.models import Plan\n"
        "print(Plan.objects.get(year=2025, kind='plan').pk)",
    ).strip()
    page = browser.new_page(locale="ko-KR", viewport={"width": 1366, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{app_url}/accounts/login/?next=/plans/{pk}/runs/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", "hanbit-officer-2026")
    page.locator("form.site-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url == f"{app_url}/plans/{pk}/runs/"

    page.get_by_role("button", name="평가 실행하기").click()
    page.wait_for_url("**/jobs/*/")
    assert "2025" in page.locator(".page-meta").inner_text()
    assert page.get_by_role("progressbar").get_attribute("aria-valuenow") == "0"
    assert "작업자를 기다리는 중" in page.get_by_test_id("job-state").inner_text()
    assert_accessible(page)

    worker = subprocess.Popen(
        [sys.executable, "-m", "seonggwa.cli", "worker"],
        env=app_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        link = page.get_by_role("link", name="결과 보기")
        link.wait_for(timeout=120_000)  # the page polls until the job ends
        assert page.get_by_role("progressbar").get_attribute("aria-valuenow") == "100"
        state = page.get_by_test_id("job-state").inner_text()
        assert "완료" in state and "평가 제1회차" in state
        assert_accessible(page)
        link.click()
        page.wait_for_load_state()
        assert f"/plans/{pk}/runs/" in page.url and page.url != f"{app_url}/plans/{pk}/runs/"
        body = page.locator("main").inner_text()
        assert "평가 1 · 2025" in body and "복지서비스 이용 만족도" in body
        assert_accessible(page)
        assert not errors, errors
    finally:
        worker.terminate()
        worker.wait(timeout=60)
