"""The risk register's main path in the browser, on the app as `make run` starts it: the
officer opens next month, adds a risk issue with a press item and escalates it to
복지정책국; the unit's staff member finds it on "my work", writes the department's response
(부서대응), and the issue moves to stage 4. Every page is checked with axe-core at 1366 and
390 px."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest

from .axe import assert_accessible
from .conftest import app_python

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ORG = """
from seonggwa.organisations.models import Organisation, OrgUnit
org = Organisation.objects.get(name="한빛시")
print(org.pk, OrgUnit.objects.get(organisation=org, name="복지정책국").pk)
"""


def _context(browser: Any) -> Any:
    context = browser.new_context(locale="ko-KR", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    return context, page


@pytest.fixture
def pages(browser: Any) -> Iterator[tuple[Any, Any]]:
    office, office_page = _context(browser)
    unit, unit_page = _context(browser)
    yield office_page, unit_page
    office.close()
    unit.close()


def _sign_in(page: Any, app_url: str, username: str, password: str) -> None:
    page.goto(app_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("form.site-form button[type=submit]").click()
    page.wait_for_load_state()


def test_add_a_risk_issue_escalate_it_and_answer_it(
    pages: tuple[Any, Any], app_url: str, app_env: dict[str, str]
) -> None:
    office, unit = pages
    org, welfare = app_python(app_env, ORG).split()
    _sign_in(office, app_url, "officer", "hanbit-officer-2026")

    # the section from the navigation; open next month
    office.get_by_role("link", name="시정 리스크 관리").first.click()
    office.wait_for_load_state()
    assert office.url.endswith(f"/risks/{org}/")
    assert_accessible(office)
    nxt = datetime.date.today().replace(day=1) + datetime.timedelta(days=32)
    office.fill("#id_year", str(nxt.year))
    office.fill("#id_month", str(nxt.month))
    office.get_by_role("button", name="달 열기").click()
    office.wait_for_load_state()
    assert office.url.endswith(f"/risks/{org}/{nxt.year}/{nxt.month}/")
    assert_accessible(office)

    # the issue with its parts and a first press item
    office.fill("#id_title", "폭염 대비 취약계층 보호")
    office.fill("#id_summary", "폭염일수 증가로 온열질환자 급증")
    office.fill("#id_risks", "쪽방촌 온열질환\n무더위쉼터 부족")
    office.fill("#id_requests_short", "무더위쉼터 야간 연장 운영")
    office.fill("#id_requests_long", "폭염 종합대책 수립")
    office.select_option("#id_importance", "high")
    office.fill("#id_press_headline", "폭염 특보 확대, 온열질환자 속출")
    office.fill("#id_press_outlet", "KBS")
    office.fill("#id_press_date", "2026-05-20")
    office.get_by_role("button", name="이슈 등록").click()
    office.wait_for_load_state()
    assert "/issues/" in office.url
    main = office.locator("main").inner_text()
    assert "▶ 폭염 특보 확대, 온열질환자 속출 (KBS '26. 5. 20.)" in main
    assert "1단계 인지·발굴" in main
    assert_accessible(office)

    # escalate to the 실·국
    office.select_option("#id_escalate-unit", welfare)
    office.fill("#id_escalate-note", "심층 대안 요청")
    office.get_by_role("button", name="넘기기").click()
    office.wait_for_load_state()
    assert "복지정책국(으)로 넘기고 부서에 알렸습니다." in office.locator("main").inner_text()
    assert "3단계 중요도·대응방향 설정" in office.locator(".risk-stage").inner_text()
    assert "officer" in office.locator(".risk-escalated").inner_text()
    issue_url = office.url

    # the unit: "my work" → the issue → the department's response
    _sign_in(unit, app_url, "welfare_staff", "hanbit-staff-2026")
    unit.goto(app_url + "/my/")
    card = unit.locator("#work-risks")
    assert "폭염 대비 취약계층 보호" in card.inner_text()
    assert_accessible(unit)
    card.get_by_role("link", name="폭염 대비 취약계층 보호").click()
    unit.wait_for_load_state()
    assert unit.url == issue_url
    assert unit.get_by_role("button", name="넘기기").count() == 0  # the office's action
    assert_accessible(unit)
    unit.fill("#id_response-response", "무더위쉼터 120곳 야간 연장, 방문 건강관리 강화")
    unit.get_by_role("button", name="부서대응 저장").click()
    unit.wait_for_load_state()
    assert "4단계 예방·사후관리 실행 및 피드백" in unit.locator(".risk-stage").inner_text()
    assert "무더위쉼터 120곳" in unit.locator(".risk-response").inner_text()
    unit.goto(app_url + "/my/")
    assert unit.locator("#work-risks").count() == 0

    # the office sees it answered, waiting to be closed, and reads the monthly report
    office.goto(app_url + "/my/")
    assert "폭염 대비 취약계층 보호" in office.locator("#work-risks-office").inner_text()
    office.goto(f"{app_url}/risks/{org}/{nxt.year}/{nxt.month}/report/")
    assert "무더위쉼터 120곳" in office.locator("table").inner_text()
    assert_accessible(office)
    assert office.errors == [] and unit.errors == []
