"""The joint evaluation in the browser, on the app as `make run` starts it: the officer
opens the joint evaluation imported from seed 003, uploads a VPS sheet of 서울 (13 applicable
quantitative indicators, 12 met, and a row of an unknown region) and sees the region
comparison of the 시부: 서울 at 92.3 %, rank 1, the unknown region listed (R17). Before that
she moves the entry step of the timeline to run from yesterday and sees it 진행 중, with the
plan's entry window following it, and adds a best case of 부산 for the 시부, which the joint
page then lists. Every page is checked with axe-core at 1366 and 390 px."""

from __future__ import annotations

import datetime
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .axe import assert_accessible
from .conftest import app_python

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SEED = Path(__file__).parents[1] / "fixtures" / "seeds" / "003_80f337656145150c.txt"
SHEET = "\n".join(
    ["시도,연번,지표명,목표,실적,달성여부"]
    + [f"서울,{n},,100,120,달성" for n in (5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18)]
    + ["서울,19,,650,600,미달성", "평양,5,,1,1,달성"]
)
PLAN = """
from seonggwa.plans.models import Plan
print(Plan.objects.get(organisation__name="한빛시", year=2020, kind="joint").pk)
"""


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="ko-KR", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    yield page
    context.close()


def test_officer_imports_a_vps_sheet_and_sees_the_region_comparison(
    page: Any, app_url: str, app_env: dict[str, str], tmp_path: Path
) -> None:
    cli = [sys.executable, "-m", "seonggwa.cli"]
    subprocess.run(
        [*cli, "import-joint-evaluation", str(SEED), "--org", "한빛시", "--year", "2020"],
        env=app_env,
        check=True,
        capture_output=True,
    )
    plan = app_python(app_env, PLAN).strip()
    sheet = tmp_path / "서울_VPS.csv"
    sheet.write_text(SHEET, encoding="utf-8-sig")

    page.goto(app_url + "/accounts/login/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", "hanbit-officer-2026")
    page.locator("form.site-form button[type=submit]").click()
    page.wait_for_load_state()

    # from the plan page to the joint evaluation
    page.goto(f"{app_url}/plans/{plan}/")
    page.locator(f'a[href="/plans/{plan}/joint/"]').first.click()
    page.wait_for_load_state()
    assert "내 삶을 책임지는 국가" in page.locator("[data-testid=joint-goals]").inner_text()
    assert_accessible(page)

    # the timeline: the entry step of 2020 has ended; move it to run from yesterday
    entry = page.locator("[data-testid=joint-timeline] tr", has_text="실적입력(정량, 정성)")
    assert entry.locator("[data-testid=step-state]").inner_text() == "종료"
    assert "입력 기간" in entry.inner_text()
    today = datetime.date.today()
    entry.locator("summary").click()
    entry.locator('input[name$="-starts_on"]').fill(
        (today - datetime.timedelta(days=1)).isoformat()
    )
    entry.locator('input[name$="-ends_on"]').fill((today + datetime.timedelta(days=30)).isoformat())
    entry.locator("button[type=submit]").click()
    page.wait_for_load_state()
    entry = page.locator("[data-testid=joint-timeline] tr", has_text="실적입력(정량, 정성)")
    assert entry.locator("[data-testid=step-state]").inner_text() == "진행 중"
    assert (today + datetime.timedelta(days=30)).isoformat() in entry.inner_text()
    assert "2020" in page.locator(".site-messages").inner_text()  # the window follows
    assert_accessible(page)

    # add a best case of the 시부 and see it on the joint page
    page.locator("[data-testid=add-case-city]").click()
    page.wait_for_load_state()
    assert "충청북도" not in page.locator("#id_region").inner_text()  # the 시부's regions only
    page.select_option("#id_region", label="부산광역시 (시부)")
    page.select_option("#id_selection", "panel")
    page.fill("#id_title", "찾아가는 마을 돌봄")
    page.fill("#id_summary", "동 주민센터가 돌봄 대상자를 찾아간다.")
    assert_accessible(page)
    page.locator("[data-testid=best-case-form] button[type=submit]").click()
    page.wait_for_load_state()
    cases = page.locator("[data-testid=joint-cases-city]").inner_text()
    assert "찾아가는 마을 돌봄" in cases and "부산광역시" in cases
    assert "찾아가는 마을 돌봄" in page.locator(".site-messages").inner_text()

    # upload the VPS sheet
    page.set_input_files("#id_file", str(sheet))
    page.locator(f'form[action="/plans/{plan}/joint/vps/"] button[type=submit]').click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/plans/{plan}/joint/regions/?group=city")
    main = page.locator("main").inner_text()
    assert "평양" in main  # the skipped row's finding
    seoul = page.locator('tr[data-region="서울"]').inner_text()
    assert "92.3%" in seoul and "13" in seoul and "12" in seoul
    assert page.locator("[data-testid=group-average]").inner_text() == "92.3%"
    assert page.locator(".joint-chart svg").count() == 1
    assert_accessible(page)

    # the other group: no results yet, the printed average beside
    page.locator('a[href="?group=province"]').click()
    page.wait_for_load_state()
    assert "85.2%" in page.locator("[data-testid=region-comparison]").inner_text()
    assert_accessible(page)
    assert page.errors == []
