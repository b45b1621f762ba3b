"""The public portal as a visitor uses it, in the system chromium against the app started as
`make run` starts it: no sign-in, a search by name leads to a published indicator, whose
trend table downloads as a CSV file; every portal and open-data page passes axe at 1366 and
390 px, and none is wider than a 390 px screen."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="ko-KR", accept_downloads=True)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(f"pageerror: {exc}"))
    page.on(
        "response",
        lambda r: page.errors.append(f"{r.status}: {r.url}") if r.status >= 400 else None,
    )
    yield page
    context.close()


def test_a_visitor_finds_a_published_indicator_by_search_and_downloads_its_table(
    app_url: str, page: Any, tmp_path: Path
) -> None:
    page.goto(app_url + "/")
    page.get_by_role("link", name="공개 포털").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/portal/")
    assert_accessible(page)
    page.get_by_label("기관·지표 이름으로 찾기").fill("민원 처리")
    page.get_by_role("button", name="검색").click()
    page.wait_for_load_state()
    assert "/portal/search/" in page.url
    assert_accessible(page)
    found = page.locator('[data-testid="search-indicators"] a', has_text="민원 처리 지연율")
    assert found.count() >= 1
    found.first.click()
    page.wait_for_load_state()
    assert "/portal/indicators/" in page.url
    assert page.locator("h1", has_text="민원 처리 지연율").count() == 1
    assert page.locator("figure.portal-chart svg[role=img]").count() == 1
    table = page.locator('[data-testid="trend-table"]')
    assert table.locator("tbody tr").count() >= 1
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.locator("p.portal-downloads a", has_text="CSV").click()
    path = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(path)
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0] == ["연도", "목표", "실적", "달성률(%)", "등급"]
    # the table on the page and the file hold the same years
    years = [c.strip() for c in table.locator("tbody th").all_inner_texts()]
    assert [r[0] for r in rows[1:]] == years
    assert page.errors == []


@pytest.mark.parametrize(
    "path", ["/portal/", "/portal/organisations/1/", "/open/", "/open/dictionary/"]
)
def test_every_portal_page_is_accessible_and_fits_a_phone(
    app_url: str, page: Any, path: str
) -> None:
    page.goto(app_url + path)
    page.wait_for_load_state()
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 800})
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, (path, width)
    assert page.errors == []
