"""A long report in the browser: the download starts a background job, its page shows a
progress bar while it waits for and runs on a worker (a real `seonggwa worker` process), then
offers the file, which downloads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .axe import assert_accessible
from .conftest import app_python

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# every PDF is "big": the download goes to the background
APP_ENV = {"SEONGGWA_REPORT_BACKGROUND_OVER": "0"}


def test_a_long_report_shows_progress_then_downloads(
    app_url: str, app_env: dict[str, str], browser: Any, tmp_path: Path
) -> None:
    plan_id = app_python(
        app_env,
        "from seonggwa.plans.models import Plan\n"
        "print(Plan.objects.get(year=2025, kind='plan').pk)",
    ).strip()
    page = browser.new_page(locale="ko-KR", accept_downloads=True)
    page.goto(f"{app_url}/accounts/login/?next=/plans/{plan_id}/reports/report/")
    page.fill("#id_username", "committee")
    page.fill("#id_password", "hanbit-committee-2026")
    page.locator("form.site-form button[type=submit]").click()
    page.wait_for_load_state()
    page.locator(".report-actions a", has_text="PDF").click()
    page.wait_for_url("**/jobs/*/")
    bar = page.get_by_role("progressbar")
    assert bar.get_attribute("aria-valuenow") == "0"
    assert "작업자를 기다리는 중" in page.get_by_test_id("job-state").inner_text()
    assert_accessible(page)

    worker = subprocess.Popen(
        [sys.executable, "-m", "seonggwa.cli", "worker"],
        env=app_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        link = page.get_by_role("link", name="내려받기")
        link.wait_for(timeout=120_000)  # the page polls until the job ends
        assert page.get_by_role("progressbar").get_attribute("aria-valuenow") == "100"
        assert "완료" in page.get_by_test_id("job-state").inner_text()
        assert_accessible(page)
        with page.expect_download() as info:
            link.click()
        path = tmp_path / "report.pdf"
        info.value.save_as(path)
        assert path.read_bytes().startswith(b"%PDF")
        assert info.value.suggested_filename.endswith(".pdf")
    finally:
        worker.terminate()
        worker.wait(timeout=60)
