"""A report page as a person sees it: the app started as `make run` starts it (init,
load-sample, serve on a temporary SQLite database), read by the officer in the system chromium.
The ECharts charts really draw, nothing fails in the console, nothing is fetched from
another host, and the downloads come back as files of the right type."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pytest

from .axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCREENSHOT = Path("/tmp/seonggwa_report_page.png")


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="ko-KR", accept_downloads=True)
    page = context.new_page()
    page.errors = []  # console errors and uncaught exceptions
    page.foreign = []  # requests to any host other than 127.0.0.1
    page.on(
        "console",
        lambda msg: page.errors.append(f"console: {msg.text}") if msg.type == "error" else None,
    )
    page.on("pageerror", lambda exc: page.errors.append(f"pageerror: {exc}"))
    page.on(
        "response",
        lambda r: page.errors.append(f"{r.status}: {r.url}") if r.status >= 400 else None,
    )

    def on_request(request: Any) -> None:
        url = urlparse(request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.hostname != "127.0.0.1":
            page.foreign.append(request.url)

    page.on("request", on_request)
    yield page
    context.close()


def _open_report_of_2025_plan(page: Any, app_url: str) -> None:
    # graded reports are not public until evaluation runs are published: the officer reads it
    page.goto(app_url + "/accounts/login/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", "hanbit-officer-2026")
    page.locator("form.site-form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(app_url + "/")
    page.locator("tr", has_text="2025").get_by_role("link", name="성과계획서").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.locator("p.report-links a", has_text="성과보고서 총괄표").click()
    page.wait_for_load_state("networkidle")


def test_the_report_page_draws_its_echarts_charts_offline_without_errors(
    app_url: str, page: Any
) -> None:
    _open_report_of_2025_plan(page, app_url)
    assert "/reports/report/" in page.url
    assert page.locator("h2", has_text="가. 총괄").count() == 1
    charts = page.locator("div.chart")
    assert charts.count() == 2  # grades by unit, shares of settlement
    for i in range(charts.count()):
        chart = charts.nth(i)
        drawn = chart.locator("canvas, svg")
        drawn.first.wait_for(state="attached", timeout=10_000)
        # ECharts' "finished" event (set by the page): the bars have grown to full height
        page.wait_for_function(
            "id => document.getElementById(id).dataset.rendered === '1'",
            arg=chart.get_attribute("id"),
            timeout=10_000,
        )
        box = drawn.first.bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 100, chart.get_attribute(
            "id"
        )
        # the canvas holds drawn pixels, not just an empty element of the right size
        painted = chart.evaluate(
            """el => { const c = el.querySelector('canvas'); if (!c) return 1;
                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }"""
        )
        assert painted > 1000, chart.get_attribute("id")
    # on a phone the unit names under the bars slant instead of running into each other
    rotation = "() => echarts.getInstanceByDom(document.querySelector('div.chart'))"
    rotation += ".getOption().xAxis[0].axisLabel.rotate"
    assert page.evaluate(rotation) == 0
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_function(f"() => ({rotation})() === 45", timeout=5_000)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.wait_for_function(f"() => ({rotation})() === 0", timeout=5_000)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert SCREENSHOT.stat().st_size > 20_000
    assert_accessible(page)
    assert page.errors == []
    assert page.foreign == []


@pytest.mark.parametrize(
    "label, content_type, magic",
    [
        ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
        ("PDF", "application/pdf", b"%PDF"),
    ],
)
def test_a_download_link_gives_the_file_with_its_headers(
    app_url: str, page: Any, tmp_path: Path, label: str, content_type: str, magic: bytes
) -> None:
    _open_report_of_2025_plan(page, app_url)
    link = page.locator("div.report-actions a", has_text=label)
    with page.expect_download() as download_info:
        link.click()
    # a download is not a page response in Playwright: read the same URL's headers through
    # the page's own context (same cookies, same server)
    href = link.get_attribute("href")
    assert href is not None and href.endswith("/download." + label.lower())
    response = page.context.request.get(app_url + href)
    assert response.status == 200
    headers = response.headers
    assert headers["content-type"] == content_type
    disposition = headers["content-disposition"]
    assert disposition.startswith("attachment; filename*=UTF-8''")
    name = unquote(disposition.split("''", 1)[1])
    assert name.endswith("." + label.lower()) and "한빛시" in name
    assert response.body().startswith(magic)
    download = download_info.value
    assert download.suggested_filename == name
    path = tmp_path / name
    download.save_as(path)
    assert path.read_bytes().startswith(magic) and path.stat().st_size > 5_000
    assert page.errors == []
    assert page.foreign == []
