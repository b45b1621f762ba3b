"""The officer creates an account with a temporary password; at the first sign-in the person
lands on the password change, told why, finds every other page leading back there, sets
their own and goes to work. The page is checked with axe-core at 1366 and 390 px."""

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
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    yield page
    context.close()


def _sign_in(page: Any, app_url: str, username: str, password: str) -> None:
    page.goto(app_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("form.site-form button[type=submit]").click()
    page.wait_for_load_state()


def test_a_new_account_changes_its_temporary_password_first(app_url: str, page: Any) -> None:
    _sign_in(page, app_url, "officer", "hanbit-officer-2026")
    page.goto(app_url + "/people/")
    page.wait_for_load_state()
    page.fill("#id_username", "traffic_new")
    page.select_option("#id_unit", label="교통건설국")
    page.fill("#id_password", "temp-pass-2026!")
    page.get_by_role("button", name="계정 만들기").click()
    page.wait_for_load_state()
    assert page.get_by_text("traffic_new").count() >= 1
    page.context.clear_cookies()

    _sign_in(page, app_url, "traffic_new", "temp-pass-2026!")
    assert page.url == app_url + "/accounts/password/"
    assert page.get_by_role("note").inner_text().startswith("평가담당관이 정한 임시 비밀번호")
    assert page.get_by_role("link", name="취소").count() == 0
    assert_accessible(page)
    page.screenshot(path="/tmp/people2/temp-password.png")
    page.goto(app_url + "/my/")
    assert page.url == app_url + "/accounts/password/"
    page.fill("#id_old_password", "temp-pass-2026!")
    page.fill("#id_new_password1", "traffic-own-pass-2026")
    page.fill("#id_new_password2", "traffic-own-pass-2026")
    page.locator("form.site-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url == app_url + "/accounts/password/done/"
    page.goto(app_url + "/my/")
    assert page.url == app_url + "/my/"
    assert page.locator("#work-roles").get_by_text("한빛시 · 교통건설국").count() == 1
    assert page.errors == []
