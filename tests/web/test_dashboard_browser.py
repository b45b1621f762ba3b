"""The dashboards as the evaluation officer uses them: from the navigation to the
organisation overview, down unit → strategic goal → policy goal → indicator and back up by the
breadcrumb, then a peer group compared; axe-core at 1366 and 390 px on every page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .axe import assert_accessible
from .conftest import app_python

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PREPARE = """
from django.contrib.auth import get_user_model
from seonggwa.evaluation.services import run_start
from seonggwa.organisations.models import Organisation, PeerGroup
from seonggwa.plans.models import Plan
from seonggwa.sample.demo import generate_demo

admin = get_user_model().objects.get(username="admin")
hanbit = Organisation.objects.get(name="한빛시")
run_start(user=admin, plan=Plan.objects.get(organisation=hanbit, year=2025, kind="plan"))
generate_demo(orgs=3, indicators=8, months=6, years=2, last_year=2026)
PeerGroup.objects.get(name="시부").members.add(hanbit)
"""


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="ko-KR", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def _sign_in(page: Any, app_url: str) -> None:
    page.goto(app_url + "/accounts/login/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", "hanbit-officer-2026")
    page.locator("form.site-form button[type=submit]").click()
    page.wait_for_load_state()


def _click(page: Any, locator: Any) -> None:
    """Click a link and wait for the page it leads to (not the one already loaded); a loaded
    machine (the whole suite beside the PostgreSQL run) may take long to answer."""
    with page.expect_navigation(timeout=90_000):
        locator.click()
    page.wait_for_load_state()


def _follow(page: Any, locator: Any) -> str:
    text = locator.inner_text().strip()
    _click(page, locator)
    assert_accessible(page)
    return text


def test_the_officer_drills_down_to_an_indicator_and_back(
    app_url: str, app_env: dict[str, str], page: Any
) -> None:
    app_python(app_env, PREPARE)
    _sign_in(page, app_url)
    _click(page, page.locator("nav.krds-side-navigation").get_by_role("link", name="대시보드"))
    assert page.locator("h1").inner_text() == "한빛시 현황"
    # this year's plan is not evaluated yet: the grades are last year's run, and it says so
    assert "2025 성과계획서 평가 1회차" in page.get_by_test_id("run-stamp").inner_text()
    units = page.get_by_test_id("units-table")
    assert units.locator("tbody tr").count() >= 2
    assert_accessible(page)
    overview = page.url

    unit = _follow(page, units.get_by_role("link", name="복지정책국"))
    assert page.locator("h1").inner_text() == unit
    goal = _follow(page, page.get_by_test_id("goals-table").locator("tbody th a").first)
    assert goal.endswith(page.locator("h1").inner_text().split(". ", 1)[-1])
    policy = _follow(page, page.locator("h2.section-title a").first)
    assert page.locator("h1").inner_text() == policy
    indicator = _follow(page, page.locator("table.dash-table tbody th a").first)
    assert page.locator("h1").inner_text() == indicator
    trend = page.get_by_test_id("trend-table")
    years = [t.strip() for t in trend.locator("tbody th").all_inner_texts()]
    assert years[-1] == "2026" and len(years) >= 2  # the same indicator across plan years
    assert page.get_by_test_id("trend-explanations").locator("li").count() == len(years)
    assert page.locator("figure.dash-chart svg").count() == 1

    # back up by the breadcrumb: the unit, then the organisation's overview
    _click(page, page.locator(".krds-breadcrumb-wrap").get_by_role("link", name=unit))
    assert page.locator("h1").inner_text() == unit
    _click(page, page.locator(".krds-breadcrumb-wrap").get_by_role("link", name="한빛시"))
    assert page.locator("h1").inner_text() == "한빛시 현황"
    assert page.url.split("?")[0] == overview.split("?")[0]

    # a peer group compared, with its denominators
    _click(page, page.get_by_role("link", name="유사 기관 비교").first)
    assert_accessible(page)
    _click(page, page.get_by_test_id("peer-groups").get_by_role("link", name="시부"))
    members = page.get_by_test_id("members-table")
    assert "한빛시" in members.inner_text()
    assert_accessible(page)
