"""The evaluation officer sets an indicator's rules in the browser, on the app as `make run`
starts it: from the 2025 plan's side navigation to its evaluation rules, gives the
qualitative indicator its grade scores, and the next run grades it. Every page is checked
with axe-core at 1366 and 390 px."""

from __future__ import annotations

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


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="ko-KR", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("console", lambda msg: page.errors.append(msg.text) if msg.type == "error" else None)
    yield page
    context.close()


def test_the_officer_gives_a_qualitative_indicator_its_grade_scores(
    page: Any, app_url: str, app_env: dict[str, str]
) -> None:
    pk = app_python(app_env, PLAN_2025).strip()
    page.goto(app_url + "/accounts/login/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", "hanbit-officer-2026")
    page.locator("form.site-form button[type=submit]").click()
    page.wait_for_load_state()

    page.goto(f"{app_url}/plans/{pk}/")
    page.get_by_role("link", name="평가 규칙").first.click()
    page.wait_for_load_state()
    assert page.url == f"{app_url}/plans/{pk}/rules/"
    assert "지표별 규칙" in page.content()
    assert_accessible(page)

    page.get_by_role("link", name="수정 재난안전 훈련 평가 등급").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_label("등급별 점수").fill("우수 = 100\n보통 = 80")
    page.get_by_role("button", name="규칙 저장").click()
    page.wait_for_load_state()
    assert page.url == f"{app_url}/plans/{pk}/rules/"
    assert "다음 평가 실행부터 적용됩니다" in page.content()
    row = page.locator("tr", has_text="재난안전 훈련 평가 등급").inner_text()
    assert "등급 점수 2개" in row and "2" in row

    page.goto(f"{app_url}/plans/{pk}/runs/")
    page.get_by_role("button", name="평가 실행하기").click()
    page.wait_for_load_state()
    row = page.locator("tr", has_text="재난안전 훈련 평가 등급").first.inner_text()
    assert "○" in row and "100" in row
    assert page.errors == []
