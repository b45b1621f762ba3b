"""The unit staff's entry path in the browser, on the app as `make run` starts it: my work →
the grid, typing a value and reading it live, saving a draft, attaching evidence (file input
and drag and drop), submitting; the entry sheet downloaded, filled with openpyxl, uploaded,
previewed and confirmed; a locked period's refusal. axe on every page at 1366 and 390 px.

The server's database and var folder are this module's own (``APP_ENV``), so a step the
officer takes elsewhere (locking a period) is done here through the services, as
``seonggwa`` would."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from .axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.slow]

VAR = Path(tempfile.mkdtemp(prefix="seonggwa-entry-browser-"))
APP_ENV = {"SEONGGWA_VAR_DIR": str(VAR), "DATABASE_URL": f"sqlite:///{VAR / 'app.sqlite3'}"}
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

CARE = "공공 돌봄시설 확충 (누적)"
DEADLINE = "긴급복지 지원 결정 기간"
SATISFACTION = "복지서비스 이용 만족도"


@pytest.fixture(scope="module", autouse=True)
def _var_folder() -> Iterator[None]:
    yield
    shutil.rmtree(VAR, ignore_errors=True)


@pytest.fixture
def page(browser: Any, app_url: str) -> Iterator[Any]:
    context = browser.new_context(
        locale="ko-KR", viewport={"width": 1366, "height": 900}, accept_downloads=True
    )
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("console", lambda msg: page.errors.append(msg.text) if msg.type == "error" else None)
    page.goto(app_url + "/accounts/login/")
    page.fill("#id_username", "welfare_staff")
    page.fill("#id_password", "hanbit-staff-2026")
    page.locator("form.site-form button[type=submit]").click()
    page.wait_for_load_state()
    yield page
    context.close()


def row(page: Any, name: str) -> Any:
    return page.locator("tbody.entry-row", has=page.get_by_role("rowheader", name=name))


def officer_runs(script: str) -> None:
    """A change the evaluation office makes on its own pages, made through the services."""
    env = {**os.environ, **APP_ENV, "DJANGO_SETTINGS_MODULE": "seonggwa.config.settings.base"}
    code = "import django; django.setup()\n" + script
    subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True)


def test_staff_enter_read_save_attach_and_submit(app_url: str, page: Any) -> None:
    assert page.url == app_url + "/my/"
    entry = page.locator("#work-entry")
    assert "복지정책국" in entry.inner_text()
    assert_accessible(page)
    entry.get_by_role("link").first.click()
    page.wait_for_load_state()
    assert "/entry/?period=2026" in page.url
    assert page.locator("h1").inner_text() == "실적 입력"
    assert_accessible(page)

    # typing: the reading follows (전년대비 10% 증가 from last year's 31 = 34.1)
    care = row(page, CARE)
    field = care.get_by_role("textbox", name=f"{CARE} 실적")
    field.fill("")
    field.press_sequentially("35", delay=50)
    reading = care.locator(".entry-reading[role=status]")
    reading.get_by_text("102.6%", exact=True).wait_for()
    assert "○" in reading.inner_text() and "목표값=34.1" in reading.inner_text()
    field.fill("")
    field.press_sequentially("많음", delay=50)
    reading.get_by_text("읽을 수 없는 값입니다", exact=False).wait_for()
    field.fill("35")
    care.get_by_role("button", name="임시 저장").click()
    care = row(page, CARE)
    care.get_by_text("임시 저장했습니다", exact=False).wait_for()
    assert care.locator(".krds-badge").first.inner_text() == "작성 중"
    # the count under the grid followed the save (an out-of-band swap): one per tickable row
    count = page.locator("#submittable-count")
    assert count.count() == 1
    ticks = page.locator("input[name=selected]").count()
    assert re.findall(r"\d+", count.inner_text()) == [str(ticks)], (count.inner_text(), ticks)
    assert_accessible(page)

    # two files through the input, a third dropped onto another row
    care.locator("input[type=file]").set_input_files(
        [
            {"name": "집계표.pdf", "mimeType": "application/pdf", "buffer": PDF},
            {"name": "현장사진.png", "mimeType": "image/png", "buffer": PNG},
        ]
    )
    care.get_by_role("button", name="붙이기").click()
    care = row(page, CARE)
    care.locator(".entry-files a", has_text="현장사진.png").wait_for()
    assert care.locator(".entry-files li").count() == 2
    deadline = row(page, DEADLINE)
    deadline.locator("[data-entry-drop]").evaluate(
        """(zone) => {
            const dt = new DataTransfer();
            dt.items.add(new File(['%PDF-1.4 dropped'], '근거.pdf', {type: 'application/pdf'}));
            dt.items.add(new File(['MZ'], '실행.exe', {type: 'application/octet-stream'}));
            zone.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
        }"""
    )
    deadline = row(page, DEADLINE)
    deadline.locator(".entry-files a", has_text="근거.pdf").wait_for()
    assert "허용되지 않는 파일 형식" in deadline.locator(".upload-list").inner_text()
    assert_accessible(page)

    # submit the corrected, returned one
    row(page, CARE).locator(".entry-select label").click()  # KRDS draws the box on the label
    assert row(page, CARE).get_by_role("checkbox", name=f"{CARE} 제출 선택").is_checked()
    page.get_by_role("button", name="선택 제출").click()
    page.wait_for_load_state()
    assert "제출했습니다" in page.locator(".site-messages").inner_text()
    assert row(page, CARE).locator(".krds-badge").first.inner_text() == "제출"
    assert row(page, CARE).get_by_role("textbox").count() == 0
    assert_accessible(page)

    # its page: the history says who did what
    row(page, CARE).get_by_role("link", name=CARE).click()
    page.wait_for_url(re.compile(r"/values/"))  # load_state alone can return before it leaves
    history = page.locator(".history-table").inner_text()
    assert "welfare_head" in history and "33 → 35" in history
    assert_accessible(page)
    assert page.errors == []


def test_staff_fill_the_sheet_upload_check_and_confirm(app_url: str, page: Any) -> None:
    page.goto(app_url + "/entry/")
    page.wait_for_load_state()
    page.get_by_role("link", name="채운 시트 올리기").click()
    page.wait_for_load_state()
    assert_accessible(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="입력 시트 받기 (xlsx)").click()
    sheet = Path(info.value.path()).read_bytes()
    wb = openpyxl.load_workbook(io.BytesIO(sheet))
    ws = wb["실적입력"]
    header = [c.value for c in ws[3]]
    col = {h: header.index(h) + 1 for h in header}
    for r in range(4, ws.max_row + 1):
        name = ws.cell(r, col["성과지표"]).value
        if name == DEADLINE:
            ws.cell(r, col["실적"]).value = 5.8
            ws.cell(r, col["비고"]).value = "11월 말 기준"
        if name == SATISFACTION:
            ws.cell(r, col["실적"]).value = "81.2"
        if name == "위기가구 발굴 건수 (누계)":
            ws.cell(r, col["실적"]).value = "240(1,952)"  # submitted: refused
    filled = io.BytesIO()
    wb.save(filled)
    page.locator("input[type=file]").set_input_files(
        {
            "name": "실적입력.xlsx",
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "buffer": filled.getvalue(),
        }
    )
    page.get_by_role("button", name="올려서 확인").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "시트 변경 내용 확인"
    changes = page.locator("#sheet-changes + .krds-table-wrap").inner_text()
    assert "5.8" in changes and "81.2" in changes and "11월 말 기준" in changes
    refused = page.locator("#sheet-refused + .krds-table-wrap").inner_text()
    assert "240(1,952)" in refused and "반려하면" in refused
    assert_accessible(page)
    page.get_by_role("button", name="변경 2건 임시 저장").click()
    page.wait_for_load_state()
    assert "/entry/?period=2026" in page.url
    assert "2건" in page.locator(".site-messages").inner_text()
    deadline = row(page, DEADLINE)
    assert deadline.get_by_role("textbox", name=f"{DEADLINE} 실적").input_value() == "5.8"
    assert (
        row(page, SATISFACTION).get_by_role("textbox", name=f"{SATISFACTION} 실적").input_value()
        == "81.2"
    )
    assert_accessible(page)
    assert page.errors == []


def test_a_locked_period_shows_its_refusal(app_url: str, page: Any) -> None:
    officer_runs(
        """
import datetime
from django.contrib.auth import get_user_model
from seonggwa.plans.models import Plan
from seonggwa.plans.services import period_create, period_lock
officer = get_user_model().objects.get(username="officer")
plan = Plan.objects.get(year=2026, kind="plan")
period = period_create(user=officer, plan=plan, key="2026-Q3",
                       opens_on=datetime.date(2026, 7, 1), closes_on=datetime.date(2026, 10, 15))
period_lock(user=officer, period=period, reason="3분기 점검 완료", expected_version=period.version)
"""
    )
    page.goto(app_url + "/entry/")
    page.wait_for_load_state()
    page.get_by_label("기간", exact=True).select_option("2026-Q3")
    page.get_by_role("button", name="보기").click()
    page.wait_for_load_state()
    assert page.url.endswith("?period=2026-Q3")
    refusal = row(page, CARE).locator(".entry-refusal")
    assert "2026-Q3 기간은 잠겨 있어 바꿀 수 없습니다" in refusal.inner_text()
    assert page.locator("tbody.entry-row input[name=raw_text]").count() == 0
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.errors == []
