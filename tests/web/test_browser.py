"""What a person sees: the app started as `make run` starts it, driven by the system chromium.
Every page visited is checked with axe-core at 1366 and 390 px (``assert_accessible``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_a_visitor_opens_the_published_plan_and_sees_its_tree(
    app_url: str, browser: object, tmp_path: Path
) -> None:
    page = browser.new_page(locale="ko-KR")  # type: ignore[attr-defined]
    page.goto(app_url + "/")
    assert_accessible(page)
    page.get_by_role("link").filter(has_text="성과계획서").first.click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert page.locator("h3").filter(has_text="IV.").count() == 1
    row = page.locator("tr", has_text="초미세먼지 연평균 농도")
    assert row.count() == 1
    page.screenshot(path=str(tmp_path / "plan.png"), full_page=True)
    assert (tmp_path / "plan.png").stat().st_size > 10_000


def test_the_officer_logs_in_to_the_korean_admin(app_url: str, browser: object) -> None:
    page = browser.new_page(locale="ko-KR")  # type: ignore[attr-defined]
    page.goto(app_url + "/admin/")
    assert_accessible(page)
    page.fill("#id_username", "officer")
    page.fill("#id_password", "hanbit-officer-2026")
    page.locator("input[type=submit]").click()
    page.wait_for_load_state()
    assert "로그아웃" in page.content()
    assert_accessible(page)
    page.goto(app_url + "/admin/plans/plan/")
    assert page.locator("#result_list tbody tr").count() == 3
    assert_accessible(page)


def test_a_draft_plan_is_not_reachable_anonymously(app_url: str, browser: object) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    links = [
        a.get_attribute("href")
        for a in (page.goto(app_url + "/") and page.locator("a[href^='/plans/']").all())
    ]
    assert len(links) == 2  # the closed and the confirmed plan; the draft BSC plan is hidden
    ids = {int(h.strip("/").split("/")[-1]) for h in links}
    hidden = next(i for i in range(1, 10) if i not in ids)
    response = page.goto(f"{app_url}/plans/{hidden}/")
    assert response.status == 404
    assert page.locator(".error-code").inner_text() == "404"  # the site's page, not a bare one
    assert_accessible(page)
