"""The evaluation officer runs an evaluation in the browser, on the app as `make run` starts
it: from the 2025 plan's side navigation to its runs, starts a run, reads the results by
unit, starts another after an actual changed and reads what changed, finalises and
publishes it. Every page is checked with axe-core at 1366 and 390 px."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .axe import assert_accessible
from .conftest import app_python

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"

PLAN_2025 = """
from seonggwa.plans.models import Plan
print(Plan.objects.get(year=2025, kind="plan").pk)
"""

# the office corrects an approved 2025 actual (as the import of a corrected figure would)
CORRECT = """
from decimal import Decimal
from seonggwa.results.models import IndicatorValue
IndicatorValue.objects.filter(
    indicator__plan__year=2025, indicator__plan__kind="plan",
    indicator__name="복지서비스 이용 만족도", kind="actual", year=2025,
).update(raw_text="81", value=Decimal("81"))
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


def _visitor_sees(browser: Any, app_url: str, pk: str) -> tuple[str, int]:
    """A signed-out visitor's plan page text and the status of the result sheet."""
    context = browser.new_context(locale="ko-KR", viewport={"width": 1366, "height": 900})
    try:
        visitor = context.new_page()
        visitor.goto(f"{app_url}/plans/{pk}/")
        text = visitor.locator("main").inner_text()
        response = visitor.goto(f"{app_url}/plans/{pk}/reports/result/")
        return text, response.status
    finally:
        context.close()


def test_the_officer_runs_re_runs_finalises_and_publishes(
    page: Any, browser: Any, app_url: str, app_env: dict[str, str]
) -> None:
    pk = app_python(app_env, PLAN_2025).strip()
    page.goto(app_url + "/accounts/login/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", "hanbit-officer-2026")
    page.locator("form.site-form button[type=submit]").click()
    page.wait_for_load_state()

    page.goto(f"{app_url}/plans/{pk}/")
    page.get_by_role("link", name="평가 실행").first.click()
    page.wait_for_load_state()
    assert page.url == f"{app_url}/plans/{pk}/runs/"
    assert "아직 평가하지 않았습니다" in page.content()
    assert_accessible(page)

    page.get_by_role("button", name="평가 실행하기").click()
    page.wait_for_load_state()
    assert "/runs/" in page.url and page.url != f"{app_url}/plans/{pk}/runs/"
    body = page.locator("main").inner_text()
    assert "평가 1 · 2025" in body and "이 기간의 첫 평가입니다" in body
    assert "복지서비스 이용 만족도" in body and "98.9%" in body
    assert_accessible(page)

    app_python(app_env, CORRECT)
    page.goto(f"{app_url}/plans/{pk}/runs/")
    page.get_by_role("button", name="평가 실행하기").click()
    page.wait_for_load_state()
    changes = page.locator("table", has_text="평가 1 이후 달라진 것").inner_text()
    assert "79.1" in changes and "81" in changes and "×" in changes and "○" in changes
    assert_accessible(page)

    # before publishing, a signed-out visitor sees no results at all
    text, status = _visitor_sees(browser, app_url, pk)
    assert "평가 결과" not in text and "공개." not in text and status == 404

    page.get_by_role("button", name="평가 확정").click()
    page.wait_for_load_state()
    assert "확정" in page.locator(".page-meta").inner_text()
    page.get_by_role("button", name="평가 공개").click()
    page.wait_for_load_state()
    assert "공개" in page.locator(".page-meta").inner_text()
    assert page.get_by_role("button", name="평가 공개").count() == 0
    assert_accessible(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "evaluation-run-1366.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SHOTS / "evaluation-run-390.png"), full_page=True)

    page.goto(f"{app_url}/plans/{pk}/runs/")
    listing = page.locator("main").inner_text()
    assert "공개" in listing and "잠정" in listing
    assert not page.errors, page.errors

    # published: a signed-out visitor sees the grades of run 2 and the publication date
    visitor = browser.new_context(locale="ko-KR", viewport={"width": 1366, "height": 900})
    try:
        public = visitor.new_page()
        public.goto(f"{app_url}/plans/{pk}/")
        results = public.get_by_test_id("published-results").inner_text()
        published = re.search(r"제2회차, (\d{4}-\d{2}-\d{2}) 공개", results)
        assert published, results
        assert "복지정책국" in results and "○" in results
        assert_accessible(public)
        public.get_by_test_id("published-results").get_by_role("link").first.click()
        public.wait_for_load_state()
        stamp = public.get_by_test_id("report-stamp").inner_text()
        assert f"제2회차 · 공개 · 공개일 {published.group(1)}" in stamp
        row = public.locator("tr", has_text="복지서비스 이용 만족도").inner_text()
        assert "81" in row and "○" in row
        assert_accessible(public)
    finally:
        visitor.close()
