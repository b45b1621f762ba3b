"""The objection round in the browser, on the app as `make run` starts it: the officer runs the
2025 plan and shares the run with the units, 복지정책국's staff reads its provisional results
and objects to one with a file, the officer accepts the objection with a corrected grade (an
R8 override), the run shows the computed grade beside the applied one, and the officer
finalises it. Every page is checked with axe-core."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest

from .axe import assert_accessible
from .conftest import app_python

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PLAN_2025 = """
from seonggwa.plans.models import Plan
print(Plan.objects.get(year=2025, kind="plan").pk)
"""
SATISFACTION = "복지서비스 이용 만족도"


def _context(browser: Any) -> Any:
    context = browser.new_context(locale="ko-KR", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("console", lambda msg: page.errors.append(msg.text) if msg.type == "error" else None)
    return context, page


@pytest.fixture
def pages(browser: Any) -> Iterator[dict[str, Any]]:
    officer, officer_page = _context(browser)
    staff, staff_page = _context(browser)
    yield {"officer": officer_page, "staff": staff_page}
    officer.close()
    staff.close()


def _sign_in(page: Any, app_url: str, username: str, password: str) -> None:
    page.goto(app_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("form.site-form button[type=submit]").click()
    page.wait_for_load_state()


def test_a_unit_objects_and_the_officer_accepts_then_finalises(
    pages: dict[str, Any], app_url: str, app_env: dict[str, str]
) -> None:
    pk = app_python(app_env, PLAN_2025).strip()
    officer, staff = pages["officer"], pages["staff"]
    _sign_in(officer, app_url, "officer", "hanbit-officer-2026")
    _sign_in(staff, app_url, "welfare_staff", "hanbit-staff-2026")

    # the officer runs the plan and shares the run until a week from today
    officer.goto(f"{app_url}/plans/{pk}/runs/")
    officer.get_by_role("button", name="평가 실행하기").click()
    officer.wait_for_load_state()
    run_url = officer.url
    until = (datetime.date.today() + datetime.timedelta(days=7)).isoformat()
    officer.fill("#objections-until", until)
    officer.get_by_role("button", name="부서에 공유").click()
    officer.wait_for_load_state()
    assert f"이의신청 마감 {until}" in officer.locator(".page-meta").inner_text()
    assert_accessible(officer)

    # the unit is told, and reads its provisional results from the notification
    staff.goto(f"{app_url}/notifications/")
    staff.get_by_role("link", name="잠정 평가 결과가 공유되었습니다", exact=False).first.click()
    staff.wait_for_load_state()
    assert staff.url == run_url + "results/"
    body = staff.locator("main").inner_text()
    assert SATISFACTION in body and "초미세먼지" not in body
    assert_accessible(staff)
    row = staff.locator("tr", has_text=SATISFACTION)
    row.locator("summary").click()
    row.get_by_label("사유").fill("표본 조사의 집계 오류로 실적이 낮게 잡혔습니다.")
    row.get_by_label("증빙 파일").set_input_files(
        files=[{"name": "조사표.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%x\n"}]
    )
    row.get_by_role("button", name="이의신청 보내기").click()
    staff.wait_for_load_state()
    assert "평가담당관에게 보냈습니다" in staff.locator(".site-messages").inner_text()
    assert "처리 대기" in staff.locator("tr", has_text=SATISFACTION).inner_text()
    assert_accessible(staff)

    # finalising waits for the objection
    officer.goto(run_url)
    officer.get_by_role("button", name="평가 확정").click()
    officer.wait_for_load_state()
    assert "처리하지 않은 이의신청이 1건" in officer.locator(".site-messages").inner_text()

    # the officer accepts it with a corrected grade (R8: 조기달성)
    officer.get_by_role("link", name="이의신청 1건").click()
    officer.wait_for_load_state()
    assert "조사표.pdf" in officer.locator("main").inner_text()
    assert_accessible(officer)
    officer.get_by_label("인용 방법").select_option("grade")
    officer.get_by_label("등급과 사유").select_option("achieved|조기달성")
    officer.get_by_label("결정 사유").fill("다년도 목표를 2024년에 조기 달성")
    officer.get_by_role("button", name="이의신청 인용").click()
    officer.wait_for_load_state()
    assert "인용" in officer.locator(".site-messages").inner_text()
    assert_accessible(officer)

    # the run shows both grades, and is finalised
    officer.goto(run_url)
    grade = officer.locator("tr", has_text=SATISFACTION).inner_text()
    assert "○" in grade and "산출 ×" in grade and "조기달성" in grade
    officer.get_by_role("button", name="평가 확정").click()
    officer.wait_for_load_state()
    assert "확정" in officer.locator(".page-meta").inner_text()
    assert_accessible(officer)

    # the unit reads the decision
    staff.goto(run_url + "results/")
    decided = staff.locator("tr", has_text=SATISFACTION).inner_text()
    assert "인용" in decided and "다년도 목표를 2024년에 조기 달성" in decided
    assert not officer.errors and not staff.errors, officer.errors + staff.errors
