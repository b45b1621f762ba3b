"""The consignment evaluation's main path in the browser, on the app as `make run` starts it:
the officer opens this year's first round, enters a round of scores (one below 60), sees the
yearly average and the exclusion explained on the year page, records the council's consent
of six years ago on the service and sees that its next renewal must go back to the council
(R15, R16); the disclosure list downloads as CSV. Every page is checked with axe-core at
1366 and 390 px."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .axe import assert_accessible
from .conftest import app_python

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SERVICES = """
from django.contrib.auth import get_user_model
from seonggwa.consignment.services import service_save
from seonggwa.organisations.models import Organisation
officer = get_user_model().objects.get(username="officer")
org = Organisation.objects.get(name="한빛시")
for name, dept, contractor in [
    ("한빛 청년허브 운영", "복지정책국", "(사)한빛청년· (재)미래"),
    ("한빛 자원회수시설", "기후환경국", "한빛환경(주)"),
]:
    service_save(user=officer, organisation=org, name=name, department_label=dept, contractor=contractor)
print(org.pk)
"""


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="ko-KR", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    yield page
    context.close()


def test_enter_a_round_see_the_exclusion_and_the_consent_clock(
    page: Any, app_url: str, app_env: dict[str, str]
) -> None:
    org = app_python(app_env, SERVICES).strip()
    page.goto(app_url + "/accounts/login/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", "hanbit-officer-2026")
    page.locator("form.site-form button[type=submit]").click()
    page.wait_for_load_state()

    # the section from the navigation; open this year's first round
    page.get_by_role("link", name="민간위탁 종합성과평가").first.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/consignment/{org}/")
    assert_accessible(page)
    today = datetime.date.today()
    page.fill("#id_year", str(today.year))
    page.fill("#id_number", "1")
    page.fill("#id_opens_on", today.isoformat())
    page.fill("#id_closes_on", (today + datetime.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="차수 열기").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/consignment/{org}/{today.year}/rounds/1/")
    assert_accessible(page)

    # a bad score is refused with a Korean message naming the service; nothing is saved
    page.get_by_label("한빛 청년허브 운영").fill("101")
    page.get_by_label("한빛 자원회수시설").fill("84.25")
    page.get_by_role("button", name="점수 저장").click()
    page.wait_for_load_state()
    assert "'한빛 청년허브 운영'의 점수 '101'은(는) 0~100 사이의 숫자가 아닙니다." in page.content()
    page.get_by_label("한빛 청년허브 운영").fill("58.40")
    page.get_by_role("button", name="점수 저장").click()
    page.wait_for_load_state()

    # the year page: the average of the two (71.325 → 71.33, half-up) and the exclusion
    assert page.url.endswith(f"/consignment/{org}/{today.year}/")
    main = page.locator("main").inner_text()
    assert "평균 71.33" in main
    excluded = page.locator(".consignment-excluded").inner_text()
    assert (
        "한빛 청년허브 운영" in excluded
        and "58.40점으로 60점 미만이라 재계약에서 배제됩니다" in excluded
    )
    assert "한빛 자원회수시설" not in excluded
    assert page.locator("tr.row-excluded").count() == 1
    assert_accessible(page)

    # the service: consent six years and more ago → the next renewal needs the council
    page.locator(".consignment-excluded").get_by_role("link", name="한빛 청년허브 운영").click()
    page.wait_for_load_state()
    clock = page.locator(".consent-clock").inner_text()
    assert "의회 동의일이 기록되지 않았습니다" in clock
    consent = today.replace(year=today.year - 7, day=1)
    page.select_option("#id_event-kind", "consent")
    page.fill("#id_event-date", consent.isoformat())
    page.get_by_role("button", name="사건 기록").click()
    page.wait_for_load_state()
    clock = page.locator(".consent-clock").inner_text()
    assert (
        "의회 동의 필요" in clock
        and f"의회 동의({consent.isoformat()}) 후 6년이 지났습니다" in clock
    )
    assert "공동 수탁: (사)한빛청년 · (재)미래" in page.locator("main").inner_text()
    assert_accessible(page)

    # the disclosure list and its CSV
    page.goto(f"{app_url}/consignment/{org}/{today.year}/disclosure/")
    assert "재계약 배제" in page.locator("table").inner_text()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV 내려받기").click()
    data = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "한빛 청년허브 운영" in data and "58.40" in data
    assert page.errors == []
