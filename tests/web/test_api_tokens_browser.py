"""A person makes a personal API token on their account page, reads it once, uses it against
the API, and revokes it; the page is checked with axe-core."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
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


def _api(url: str, token: str) -> int:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            json.load(response)
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def test_a_person_makes_uses_and_revokes_a_token(app_url: str, page: Any) -> None:
    page.goto(app_url + "/accounts/login/?next=/accounts/tokens/")
    page.fill("#id_username", "welfare_staff")
    page.fill("#id_password", "hanbit-staff-2026")
    page.locator("form.site-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "API 토큰"
    assert_accessible(page)
    page.get_by_label("토큰 이름").fill("열린데이터 연계")
    page.get_by_role("button", name="토큰 만들기").click()
    page.wait_for_load_state()
    token = page.locator("#new-token").input_value()
    assert token.startswith("sg_")
    assert_accessible(page)
    assert _api(app_url + "/api/v1/plans", token) == 200
    page.goto(app_url + "/accounts/tokens/")
    assert page.locator("#new-token").count() == 0  # shown once
    page.locator("table button[type=submit]").first.click()
    page.wait_for_load_state()
    assert page.get_by_text("토큰을 폐기했습니다").count() == 1
    assert _api(app_url + "/api/v1/plans", token) == 401
    page.get_by_role("link", name="API 문서").click()  # the reference page, from the token page
    page.wait_for_url("**/api/v1/docs")
    assert page.locator("h1").inner_text() == "API 설명서"
    assert page.locator("article.api-operation").count() >= 10
    assert_accessible(page)
