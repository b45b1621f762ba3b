"""Signing in as a person does it: the site's own form, the landing page /my/, the header's
menus at both widths, and the pause after repeated failures. This module's server runs with a
low failure limit (``APP_ENV``); every page is checked with axe-core at 1366 and 390 px."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.slow]

APP_ENV = {"SEONGGWA_LOGIN_FAILURE_LIMIT": "3", "SEONGGWA_LOGIN_COOLOFF_MINUTES": "15"}


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="ko-KR", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on(
        "console",
        lambda msg: page.errors.append(msg.text) if msg.type == "error" else None,
    )
    yield page
    context.close()


def _sign_in(page: Any, username: str, password: str) -> None:
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("form.site-form button[type=submit]").click()
    page.wait_for_load_state()


def test_unit_staff_sign_in_on_the_site_and_land_on_my_work(app_url: str, page: Any) -> None:
    page.goto(app_url + "/")
    page.locator("#krds-header a.btn-navi.login").click()
    page.wait_for_load_state()
    assert page.url == app_url + "/accounts/login/"
    assert_accessible(page)
    _sign_in(page, "welfare_staff", "hanbit-staff-2026")
    assert page.url == app_url + "/my/"
    assert page.locator("h1").inner_text() == "내 업무"
    assert page.locator("#work-roles").get_by_text("부서 담당자").count() == 1
    assert page.locator("#work-roles").get_by_text("한빛시 · 복지정책국").count() == 1
    assert page.locator("#work-plans li").count() == 3  # the draft BSC plan too
    side = page.locator("nav.krds-side-navigation")
    assert side.get_by_role("link", name="내 업무").get_attribute("aria-current") == "page"
    assert side.get_by_role("link", name="관리", exact=True).count() == 0  # not staff
    assert_accessible(page)
    # the header's user menu signs out
    page.locator("#krds-header .my-drop .drop-btn").click()
    page.get_by_role("button", name="로그아웃").first.click()
    page.wait_for_load_state()
    assert page.url == app_url + "/"
    assert page.get_by_role("status").inner_text() == "로그아웃했습니다."
    assert page.errors == []


def test_on_a_phone_the_menu_holds_the_links_and_the_sign_out(app_url: str, page: Any) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(app_url + "/accounts/login/?next=/plans/1/")
    _sign_in(page, "committee", "hanbit-committee-2026")
    assert page.url == app_url + "/plans/1/"
    assert not page.locator("nav.krds-side-navigation").is_visible()
    # nothing is wider than the screen: tables scroll inside their wrapper
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("#krds-header .btn-navi.all").click()
    menu = page.locator("#mobile-nav")
    menu.get_by_role("link", name="내 업무").wait_for(state="visible")
    assert_accessible(page, widths=(390,))
    menu.get_by_role("link", name="내 업무").click()
    page.wait_for_load_state()
    assert page.url == app_url + "/my/"
    page.locator("#krds-header .btn-navi.all").click()
    page.locator("#mobile-nav").get_by_role("button", name="로그아웃").click()
    page.wait_for_load_state()
    assert page.url == app_url + "/" and page.locator("a.btn-navi.login").is_visible()
    assert page.errors == []


def test_repeated_failures_show_the_pause_in_korean(app_url: str, page: Any) -> None:
    page.goto(app_url + "/accounts/login/")
    for _ in range(2):
        _sign_in(page, "welfare_head", "a-wrong-guess")
        assert page.get_by_role("alert").inner_text() == "아이디 또는 비밀번호가 올바르지 않습니다."
    assert_accessible(page)
    response = page.request.get(app_url + "/")  # the context's cookies: same client
    assert response.status == 200
    page.fill("#id_username", "welfare_head")
    page.fill("#id_password", "a-wrong-guess")
    with page.expect_response(lambda r: r.url.endswith("/accounts/login/")) as sent:
        page.locator("form.site-form button[type=submit]").click()
    assert sent.value.status == 429
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "로그인이 잠시 중지되었습니다"
    alert = page.get_by_role("alert").inner_text()
    assert "연속 3번 실패" in alert and "15분 뒤에 다시 시도하세요." in alert
    assert "welfare_head" not in page.locator("main").inner_text()
    assert_accessible(page)
    # the right password is refused too while the pause lasts
    page.goto(app_url + "/accounts/login/")
    page.fill("#id_username", "welfare_head")
    page.fill("#id_password", "hanbit-manager-2026")
    page.locator("form.site-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "로그인이 잠시 중지되었습니다"
