"""Issue 9's whole evaluation round in the browser, on the app as `make run` starts it, on the
sample's 2025 plan: the officer appoints the committee member and opens scoring, the member
scores the qualitative indicator, the officer closes scoring and starts a run (the indicator
graded from the committee's score), shares it with an objection window; a signed-out visitor
sees nothing of it; 복지정책국's staff objects to a result with a file, the officer accepts it
with a corrected grade (R8), finalises (refused while the objection was open) and publishes;
the visitor then reads the published grades, the accepted override's among them, and the
publication date. Key pages are checked with axe-core at 1366 px; screenshots go to
var/screenshots like the evaluation test's."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .axe import assert_accessible
from .conftest import app_python

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
WIDE = (1366,)

PLAN_2025 = """
from seonggwa.plans.models import Plan
print(Plan.objects.get(year=2025, kind="plan").pk)
"""
QUALITATIVE = "재난안전 훈련 평가 등급"
SATISFACTION = "복지서비스 이용 만족도"


def _context(browser: Any) -> tuple[Any, Any]:
    context = browser.new_context(locale="ko-KR", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("console", lambda msg: page.errors.append(msg.text) if msg.type == "error" else None)
    return context, page


@pytest.fixture
def pages(browser: Any) -> Iterator[dict[str, Any]]:
    contexts = {name: _context(browser) for name in ("officer", "member", "staff", "visitor")}
    yield {name: page for name, (_, page) in contexts.items()}
    for context, _ in contexts.values():
        context.close()


def _sign_in(page: Any, app_url: str, username: str, password: str) -> None:
    page.goto(app_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("form.site-form button[type=submit]").click()
    page.wait_for_load_state()


def _visitor_sees(visitor: Any, app_url: str, pk: str) -> tuple[str, int]:
    """The signed-out visitor's plan page text and the status of the result sheet."""
    visitor.goto(f"{app_url}/plans/{pk}/")
    text = visitor.locator("main").inner_text()
    response = visitor.goto(f"{app_url}/plans/{pk}/reports/result/")
    return text, response.status


def test_the_whole_round_from_committee_scores_to_published_grades(
    pages: dict[str, Any], app_url: str, app_env: dict[str, str]
) -> None:
    pk = app_python(app_env, PLAN_2025).strip()
    officer, member, staff, visitor = (pages[n] for n in ("officer", "member", "staff", "visitor"))
    _sign_in(officer, app_url, "officer", "hanbit-officer-2026")
    _sign_in(member, app_url, "committee", "hanbit-committee-2026")
    _sign_in(staff, app_url, "welfare_staff", "hanbit-staff-2026")

    # the officer appoints the committee and opens scoring
    officer.goto(f"{app_url}/plans/{pk}/committee/")
    officer.select_option("#committee-method", "median")
    officer.get_by_role("button", name="평가위원회 구성").click()
    officer.wait_for_load_state()
    officer.select_option("#appoint-person", label="committee (committee)")
    officer.get_by_role("button", name="위촉", exact=True).click()
    officer.wait_for_load_state()
    assert "평가위원으로 위촉했습니다" in officer.content()
    officer.get_by_role("button", name="채점 열기").click()
    officer.wait_for_load_state()
    assert "채점 중" in officer.locator(".page-meta").inner_text()

    # the member scores the qualitative indicator from /my/
    member.goto(app_url + "/my/")
    member.get_by_role("link", name="2025").filter(has_text="성과계획서").first.click()
    member.wait_for_load_state()
    assert "/committee/" in member.url and QUALITATIVE in member.content()
    member.get_by_label("점수", exact=True).fill("92.5")
    member.get_by_label("의견").fill("훈련 계획과 결과 보고가 충실함")
    member.get_by_role("button", name="점수 저장").click()
    member.wait_for_load_state()
    assert "내 점수: 92.50" in member.content()
    assert_accessible(member, WIDE)

    # the officer closes scoring and starts a run graded from the committee's score
    officer.goto(f"{app_url}/plans/{pk}/committee/")
    officer.get_by_role("button", name="채점 마감").click()
    officer.wait_for_load_state()
    officer.goto(f"{app_url}/plans/{pk}/runs/")
    officer.get_by_role("button", name="평가 실행하기").click()
    officer.wait_for_load_state()
    run_url = officer.url
    qualitative = officer.locator("tr", has_text=QUALITATIVE).first.inner_text()
    assert "92.5%" in qualitative, qualitative
    body = officer.locator("main").inner_text()
    assert "위원회 채점 중앙값" in body and "위원 수=1" in body
    assert "×" in officer.locator("tr", has_text=SATISFACTION).first.inner_text()

    # … and shares it with the units until a week from today
    until = (datetime.date.today() + datetime.timedelta(days=7)).isoformat()
    officer.fill("#objections-until", until)
    officer.get_by_role("button", name="부서에 공유").click()
    officer.wait_for_load_state()
    assert f"이의신청 마감 {until}" in officer.locator(".page-meta").inner_text()

    # a provisional, shared run is invisible to a signed-out visitor
    text, status = _visitor_sees(visitor, app_url, pk)
    assert "평가 결과" not in text and "공개." not in text and status == 404
    visitor.errors.clear()  # the browser logs the result sheet's 404

    # 복지정책국's staff objects to its satisfaction result, with a file
    staff.goto(run_url + "results/")
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
    assert_accessible(staff, WIDE)

    # finalising waits for the open objection
    officer.goto(run_url)
    officer.get_by_role("button", name="평가 확정").click()
    officer.wait_for_load_state()
    assert "처리하지 않은 이의신청이 1건" in officer.locator(".site-messages").inner_text()
    assert "확정" not in officer.locator(".page-meta").inner_text()

    # the officer accepts it with a corrected grade (R8: 조기달성)
    officer.get_by_role("link", name="이의신청 1건").click()
    officer.wait_for_load_state()
    assert "조사표.pdf" in officer.locator("main").inner_text()
    officer.get_by_label("인용 방법").select_option("grade")
    officer.get_by_label("등급과 사유").select_option("achieved|조기달성")
    officer.get_by_label("결정 사유").fill("다년도 목표를 2024년에 조기 달성")
    officer.get_by_role("button", name="이의신청 인용").click()
    officer.wait_for_load_state()
    assert "인용" in officer.locator(".site-messages").inner_text()

    # finalises and publishes
    officer.goto(run_url)
    grade = officer.locator("tr", has_text=SATISFACTION).first.inner_text()
    assert "○" in grade and "산출 ×" in grade and "조기달성" in grade
    officer.get_by_role("button", name="평가 확정").click()
    officer.wait_for_load_state()
    assert "확정" in officer.locator(".page-meta").inner_text()
    officer.get_by_role("button", name="평가 공개").click()
    officer.wait_for_load_state()
    assert "공개" in officer.locator(".page-meta").inner_text()
    assert_accessible(officer, WIDE)
    SHOTS.mkdir(parents=True, exist_ok=True)
    officer.screenshot(path=str(SHOTS / "round-run-1366.png"), full_page=True)

    # the visitor now reads the published grades and the publication date
    visitor.goto(f"{app_url}/plans/{pk}/")
    results = visitor.get_by_test_id("published-results").inner_text()
    published = re.search(r"제1회차, (\d{4}-\d{2}-\d{2}) 공개", results)
    assert published, results
    assert "복지정책국" in results
    visitor.get_by_test_id("published-results").get_by_role("link").first.click()
    visitor.wait_for_load_state()
    stamp = visitor.get_by_test_id("report-stamp").inner_text()
    assert f"제1회차 · 공개 · 공개일 {published.group(1)}" in stamp
    satisfaction = visitor.locator("tr", has_text=SATISFACTION).first.inner_text()
    assert "○ (산출 ×)" in satisfaction, satisfaction  # the accepted override, shown openly
    assert "92.5" in visitor.locator("tr", has_text=QUALITATIVE).first.inner_text()
    assert_accessible(visitor, WIDE)
    visitor.screenshot(path=str(SHOTS / "round-published-1366.png"), full_page=True)
    errors = [e for p in (officer, member, staff, visitor) for e in p.errors]
    assert not errors, errors
