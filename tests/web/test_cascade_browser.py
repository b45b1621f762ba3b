"""The cascade page as a person opens it: from the plan page's link, as the evaluation
officer (the draft BSC's departments under the city's goals) and as the public (the
confirmed performance plan's goals only); axe-core at 1366 and 390 px on each."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="ko-KR", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def _open_cascade_from_plan_page(page: Any, app_url: str, kind: str) -> None:
    page.goto(app_url + "/")
    page.get_by_role("link", name=kind, exact=True).first.click()  # 2026 comes first
    page.wait_for_load_state()
    page.get_by_role("link", name="목표 연계: 시정 목표와 연계된 부서 목표·지표").click()
    page.wait_for_load_state()


def test_the_officer_reads_the_city_goals_and_what_carries_them(app_url: str, page: Any) -> None:
    page.goto(app_url + "/accounts/login/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", "hanbit-officer-2026")
    page.locator("form.site-form button[type=submit]").click()
    page.wait_for_load_state()
    _open_cascade_from_plan_page(page, app_url, "성과관리계획")
    assert page.locator("h1").inner_text() == "한빛시 2026 목표 연계"
    first = page.locator("article.cascade-top").first
    assert first.locator("h3").inner_text() == "I. 데이터 기반 성과관리로 시정 신뢰 제고"
    assert first.locator("li.cascade-goal").count() == 4
    assert first.get_by_text("성과지표 목표 달성률에 연계").is_visible()
    orphans = page.locator("ul.orphan-goals > li")
    assert orphans.count() == 2 and "일하는 방식 혁신" in orphans.first.inner_text()
    page.screenshot(path="/tmp/ldap-cascade-1366.png", full_page=True)
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path="/tmp/ldap-cascade-390.png", full_page=True)


def test_the_public_reads_the_city_goals_of_a_confirmed_plan(app_url: str, page: Any) -> None:
    _open_cascade_from_plan_page(page, app_url, "성과계획서")
    assert page.locator("article.cascade-top").count() == 6
    assert page.get_by_text("일하는 방식 혁신").count() == 0  # the draft BSC is not public
    assert_accessible(page)
