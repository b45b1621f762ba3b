"""A big import in the browser: the officer uploads a file, the preview is read by a
background job (a real `seonggwa worker` process) whose page links to the preview; confirming
runs the import as a job whose page links to the new plan."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"

# every file is "big": its preview and its import go to the background
APP_ENV = {"SEONGGWA_IMPORT_BACKGROUND_OVER": "0"}


def test_a_big_upload_is_previewed_and_imported_by_jobs(
    app_url: str, app_env: dict[str, str], browser: Any, tmp_path: Path
) -> None:
    (seed,) = SEEDS.glob("000_*.txt")
    upload = tmp_path / "2022_plan.txt"
    upload.write_bytes(seed.read_bytes())
    page = browser.new_page(locale="ko-KR", viewport={"width": 1366, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{app_url}/accounts/login/?next=/imports/new/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", "hanbit-officer-2026")
    page.locator("form.site-form button[type=submit]").click()
    page.wait_for_load_state()
    page.fill("#id_year", "2022")
    page.set_input_files("#id_file", str(upload))
    page.get_by_role("button", name="읽고 미리보기").click()
    page.wait_for_url("**/jobs/*/")
    assert "2022_plan.txt" in page.locator(".page-meta").inner_text()
    assert "작업자를 기다리는 중" in page.get_by_test_id("job-state").inner_text()

    worker = subprocess.Popen(
        [sys.executable, "-m", "seonggwa.cli", "worker"],
        env=app_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        link = page.get_by_role("link", name="결과 보기")
        link.wait_for(timeout=120_000)
        assert "지표 416개" in page.get_by_test_id("job-state").inner_text()
        assert_accessible(page)
        link.click()
        page.wait_for_url("**/imports/preview/*/")
        body = page.locator("main").inner_text()
        assert "416" in body and "2022_plan.txt" in body and "detail.count_mismatch" in body
        assert_accessible(page)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "import-preview-job-1366.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=str(SHOTS / "import-preview-job-390.png"), full_page=True)
        page.set_viewport_size({"width": 1366, "height": 900})

        page.locator("form.import-confirm button[type=submit]").click()
        page.wait_for_url("**/jobs/*/")
        link = page.get_by_role("link", name="결과 보기")
        link.wait_for(timeout=120_000)
        link.click()
        page.wait_for_load_state()
        assert "/plans/" in page.url
        assert "2022" in page.locator("main").inner_text()
        assert not errors, errors
    finally:
        worker.terminate()
        worker.wait(timeout=60)
