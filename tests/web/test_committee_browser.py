"""Committee scoring in the browser, on the app as `make run` starts it: the officer sets up
the 2025 plan's committee, appoints the sample's committee member and opens scoring; the
member scores the qualitative indicator from /my/; the officer closes scoring and starts a
run, which grades the indicator with the aggregated points. Pages are checked with axe-core."""

from __future__ import annotations

from typing import Any

import pytest

from .axe import assert_accessible
from .conftest import app_python

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PLAN_2025 = """
from seonggwa.plans.models import Plan
print(Plan.objects.get(year=2025, kind="plan").pk)
"""


def _sign_in(browser: Any, app_url: str, username: str, password: str) -> Any:
    context = browser.new_context(locale="ko-KR", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("console", lambda msg: page.errors.append(msg.text) if msg.type == "error" else None)
    page.goto(app_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("form.site-form button[type=submit]").click()
    page.wait_for_load_state()
    return page


def test_a_member_scores_and_the_run_uses_the_closed_committee(
    browser: Any, app_url: str, app_env: dict[str, str]
) -> None:
    pk = app_python(app_env, PLAN_2025).strip()
    officer = _sign_in(browser, app_url, "officer", "hanbit-officer-2026")
    officer.goto(f"{app_url}/plans/{pk}/runs/")
    officer.get_by_role("link", name="평가위원").first.click()
    officer.wait_for_load_state()
    assert officer.url == f"{app_url}/plans/{pk}/committee/"
    assert_accessible(officer)
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
    assert_accessible(officer)

    member = _sign_in(browser, app_url, "committee", "hanbit-committee-2026")
    member.goto(app_url + "/my/")
    member.get_by_role("link", name="2025").filter(has_text="성과계획서").first.click()
    member.wait_for_load_state()
    assert "/committee/" in member.url
    assert "재난안전 훈련 평가 등급" in member.content()
    assert_accessible(member)
    member.get_by_label("점수", exact=True).fill("92.5")
    member.get_by_label("의견").fill("훈련 계획과 결과 보고가 충실함")
    member.get_by_role("button", name="점수 저장").click()
    member.wait_for_load_state()
    assert "점수를 저장했습니다" in member.content()
    assert "내 점수: 92.50" in member.content()
    assert_accessible(member)

    officer.goto(f"{app_url}/plans/{pk}/committee/")
    officer.get_by_role("button", name="채점 마감").click()
    officer.wait_for_load_state()
    table = officer.locator("table", has_text="정성지표별 위원 점수와 집계").inner_text()
    assert "92.50" in table and "훈련 계획과 결과 보고가 충실함" in table
    assert_accessible(officer)

    officer.goto(f"{app_url}/plans/{pk}/runs/")
    officer.get_by_role("button", name="평가 실행하기").click()
    officer.wait_for_load_state()
    body = officer.locator("main").inner_text()
    assert "재난안전 훈련 평가 등급" in body and "92.5%" in body
    assert "위원회 채점 중앙값" in body and "위원 수=1" in body
    assert_accessible(officer)
    assert not officer.errors, officer.errors
    assert not member.errors, member.errors
