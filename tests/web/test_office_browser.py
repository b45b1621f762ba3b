"""The managers' and the evaluation office's work as people do it in the browser, on the app as
`make run` starts it: the unit manager finds the waiting submissions in "my work", returns one
with a reason (an empty one is refused) and approves another; the person who entered it reads
the return among their notifications and marks it read; the evaluation officer reads the
status board, reminds a unit (once a day), creates a quarter, sets its window, locks it,
reopens it with a reason, locks and publishes it, is refused closing the plan while a period
is unpublished, and imports a legacy document (preview, then confirm) into a new plan. Every
page is checked with axe-core at 1366 and 390 px."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from ..conftest import SEEDS
from .axe import assert_accessible
from .conftest import app_python

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORDS = {
    "officer": "hanbit-officer-2026",
    "welfare_head": "hanbit-manager-2026",
    "welfare_staff": "hanbit-staff-2026",
}

# welfare_staff enters and submits the second 복지정책국 actual through the services, so the
# manager has two submissions to decide (the sample has one)
SUBMIT_SATISFACTION = """
from django.contrib.auth import get_user_model
from seonggwa.plans.models import Indicator
from seonggwa.results.services import actual_enter, actual_submit
staff = get_user_model().objects.get(username="welfare_staff")
indicator = Indicator.objects.get(
    plan__year=2026, plan__kind="plan", name="복지서비스 이용 만족도"
)
value = actual_enter(indicator=indicator, year=2026, raw_text="4.2", user=staff)
actual_submit(value=value, expected_version=value.version, user=staff)
"""


# htmx refusals answer 400 (a form error) or 409 (a conflict) and are shown in the page; the
# browser still logs them as failed loads
REFUSED = re.compile(r"Failed to load resource: the server responded with a status of 40[09]")


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="ko-KR", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on(
        "console",
        lambda msg: (
            page.errors.append(msg.text)
            if msg.type == "error" and not REFUSED.search(msg.text)
            else None
        ),
    )
    yield page
    context.close()


def sign_in(page: Any, app_url: str, username: str) -> None:
    page.goto(app_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORDS[username])
    page.locator("form.site-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url == app_url + "/my/"


def status_text(page: Any) -> str:
    return " ".join(page.locator(".site-messages").all_inner_texts())


def test_the_manager_returns_one_approves_another_and_the_enterer_reads_the_return(
    app_url: str, app_env: dict[str, str], page: Any, browser: Any
) -> None:
    app_python(app_env, SUBMIT_SATISFACTION)
    sign_in(page, app_url, "welfare_head")
    waiting = page.locator("#work-approve")
    assert waiting.get_by_text("승인 대기 2건").count() == 1
    assert_accessible(page)
    waiting.get_by_role("link", name="한빛시 2026 성과계획서").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "승인할 실적"
    queue = page.locator("#approval-queue")
    crisis = queue.locator("tr", has_text="위기가구 발굴 건수 (누계)")
    assert "480(2,192)" in crisis.inner_text() and "47.9%" in crisis.inner_text()
    assert_accessible(page)

    # return the crisis count: an empty reason is refused, naming the field
    crisis.get_by_role("link", name="반려").click()
    form = queue.locator("form.reject-form")
    form.wait_for()
    form.get_by_role("button", name="이 사유로 반려").click()
    error = queue.locator(".form-hint-invalid")
    error.wait_for()
    assert "'반려 사유' 항목을 입력하세요." in error.inner_text()
    assert_accessible(page)
    queue.locator("textarea[name=reason]").fill("증빙자료(집계표) 누락: 보완 후 재제출")
    queue.get_by_role("button", name="이 사유로 반려").click()
    queue.locator(".queue-status", has_text="반려했습니다").wait_for()
    assert queue.locator("tr", has_text="위기가구 발굴 건수 (누계)").count() == 0

    # approve the satisfaction survey with the selection
    queue.locator("tr", has_text="복지서비스 이용 만족도").locator("label").click()
    queue.get_by_role("button", name="선택 승인").click()
    page.locator("#approval-queue .queue-status", has_text="1건을 승인했습니다.").wait_for()
    assert "승인을 기다리는 제출 실적이 없습니다." in page.locator("#approval-queue").inner_text()
    assert_accessible(page)
    assert page.errors == []

    # the person who entered the crisis count reads the return and marks it read
    staff = browser.new_context(locale="ko-KR", viewport={"width": 1366, "height": 900}).new_page()
    sign_in(staff, app_url, "welfare_staff")
    assert staff.locator("#krds-header .unread-badge").count() >= 1
    staff.goto(app_url + "/notifications/")
    returned = staff.locator(
        "li.notification.unread", has_text="실적이 반려되었습니다: 위기가구 발굴 건수"
    )
    assert "증빙자료(집계표) 누락" in returned.inner_text()
    assert_accessible(staff)
    returned.get_by_role("button", name="읽음 표시").click()
    returned.wait_for(state="detached")  # swapped for the read one
    item = staff.locator("li.notification", has_text="실적이 반려되었습니다: 위기가구 발굴 건수")
    assert item.locator(".krds-badge").inner_text() == "읽음"
    assert_accessible(staff)
    staff.context.close()


def test_the_officer_reminds_manages_a_quarter_and_imports_a_document(
    app_url: str, page: Any
) -> None:
    sign_in(page, app_url, "officer")
    assert (
        page.locator("#work-collection").get_by_text("한빛시 2026 성과계획서 · 2026").count() == 1
    )
    assert_accessible(page)
    page.locator("#work-plans").get_by_role("link", name="한빛시 2026 성과계획서").click()
    page.wait_for_load_state()
    page.locator(".plan-actions").get_by_role("link", name="실적 수집 현황").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "실적 수집 현황"
    assert_accessible(page)

    # remind 복지정책국 (htmx row), then again: refused, once a day
    row = page.locator("tr", has_text="복지정책국")
    row.get_by_role("button", name="독촉").click()
    page.locator("#board-status", has_text="2명에게").wait_for()
    page.locator("tr", has_text="복지정책국").get_by_role("button", name="독촉").click()
    page.locator("#board-status", has_text="오늘 이미").wait_for()
    assert_accessible(page)

    # a quarter: create, window, lock, reopen with a reason, lock, publish
    page.locator("nav.page-nav").get_by_role("link", name="기간·상태 관리").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.fill("#id_key", "2026-Q5")
    page.get_by_role("button", name="기간 만들기").click()
    page.wait_for_load_state()
    assert "읽을 수 없습니다" in page.locator(".form-hint-invalid").inner_text()
    page.fill("#id_key", "2026-Q1")
    page.get_by_role("button", name="기간 만들기").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "2026-Q1 기간"
    page.fill("#id_window-opens_on", "2026-04-01")
    page.fill("#id_window-closes_on", "2026-04-20")
    page.get_by_role("button", name="입력 기간 저장").click()
    page.wait_for_load_state()
    assert "2026-04-01 ~ 2026-04-20" in status_text(page)
    assert_accessible(page)
    page.get_by_role("button", name="기간 잠그기").click()
    page.wait_for_load_state()
    assert "잠갔습니다" in status_text(page)
    page.get_by_role("button", name="기간 다시 열기").click()
    page.wait_for_load_state()
    assert "'재개 사유' 항목을 입력하세요." in page.locator(".form-hint-invalid").inner_text()
    assert_accessible(page)
    page.fill("#id_reopen-reason", "1분기 실적 정정")
    page.get_by_role("button", name="기간 다시 열기").click()
    page.wait_for_load_state()
    assert "다시 열었습니다" in status_text(page)
    assert "1분기 실적 정정" in page.locator("dl.period-facts").inner_text()
    page.get_by_role("button", name="기간 잠그기").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="기간 공개하기").click()
    page.wait_for_load_state()
    assert "공개했습니다" in status_text(page)
    assert_accessible(page)

    # closing the plan asks first, then is refused: the yearly period is not published
    page.get_by_role("link", name="기간 목록으로").click()
    page.wait_for_load_state()
    quarter = page.locator("tr", has_text="2026-Q1")
    assert "잠김" in quarter.inner_text() and "공개" in quarter.inner_text()
    page.locator(".status-actions").get_by_role("button", name="계획 마감").click()
    dialog = page.locator("#confirm-closed")
    dialog.get_by_role("button", name="계획 마감").wait_for(state="visible")
    assert "되돌릴 수 없습니다" in dialog.inner_text()
    assert_accessible(page)
    dialog.get_by_role("button", name="계획 마감").click()
    page.wait_for_load_state()
    assert "공개하지 않은 기간(2026)이 있어 계획을 마감할 수 없습니다" in status_text(page)
    assert_accessible(page)

    # import a legacy 성과계획서: preview (counts, findings), confirm, the new plan
    page.locator("nav.krds-side-navigation").first.get_by_role("link", name="문서 가져오기").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.fill("#id_year", "2022")
    (seed,) = SEEDS.glob("000_*.txt")
    page.set_input_files("#id_file", str(seed))
    page.get_by_role("button", name="읽고 미리보기").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "가져오기 미리보기"
    assert "416" in page.locator(".counts-table").inner_text()
    assert page.locator(".findings-table code", has_text="detail.count_mismatch").count() >= 1
    assert_accessible(page)
    page.get_by_role("button", name="가져오기", exact=True).click()
    page.wait_for_load_state()
    assert "한빛시 2022 성과계획서" in page.locator(".krds-breadcrumb-wrap").inner_text()
    assert "가져왔습니다" in status_text(page) and "성과지표 416개" in status_text(page)
    assert_accessible(page)
    assert page.errors == []
