"""The council answer pack's main path in the browser, on the app as `make run` starts it:
the officer registers a written question with its deadline, adds item 3-나 (답변서 직송),
writes its answer, attaches the year's risk register, sees the deadline on "my work",
downloads the pack as PDF and HWPX, changes an item and removes another, and marks the
question answered. Every page is checked
with axe-core at 1366 and 390 px."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest

from .axe import assert_accessible
from .conftest import app_python

pytestmark = [pytest.mark.browser, pytest.mark.slow]

RISKS = """
from django.contrib.auth import get_user_model
from seonggwa.organisations.models import Organisation
from seonggwa.risks.services import issue_create, month_get_or_create
org = Organisation.objects.get(name="한빛시")
officer = get_user_model().objects.get(username="officer")
month = month_get_or_create(user=officer, organisation=org, year=2026, month=5)
issue_create(user=officer, month=month, title="폭염 대비 취약계층 보호")
print(org.pk)
"""


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(
        locale="ko-KR", viewport={"width": 1366, "height": 900}, accept_downloads=True
    )
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    yield page
    context.close()


def test_register_answer_attach_and_download(
    page: Any, app_url: str, app_env: dict[str, str]
) -> None:
    org = app_python(app_env, RISKS).strip()
    page.goto(app_url + "/accounts/login/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", "hanbit-officer-2026")
    page.locator("form.site-form button[type=submit]").click()
    page.wait_for_load_state()

    page.get_by_role("link", name="의회 서면질문").first.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/council/{org}/")
    assert_accessible(page)
    deadline = datetime.date.today() + datetime.timedelta(days=3)
    page.fill("#id_member", "김혜련")
    page.fill("#id_committee", "기획경제위원회")
    page.fill("#id_addressee", "기획조정실")
    page.fill("#id_title", "시정 리스크 관련")
    page.fill("#id_year", "2026")
    page.fill("#id_deadline", deadline.isoformat())
    page.fill("#id_author_unit", "평가담당관")
    page.fill("#id_author_names", "담당사무관 이재화\n주무관 김윤정")
    page.get_by_role("button", name="서면질문 등록").click()
    page.wait_for_load_state()
    assert "/council/" in page.url and page.url.rstrip("/").split("/")[-1].isdigit()
    question_url = page.url
    assert_accessible(page)

    page.fill("#id_item-number", "3")
    page.select_option("#id_item-sub_label", "나")
    page.fill("#id_item-text", "시정리스크 발굴 관리에 대해 자세한 설명바랍니다.")
    page.locator("label[for=id_item-direct]").click()  # the KRDS box is drawn by its label
    assert page.locator("#id_item-direct").is_checked()
    page.get_by_role("button", name="항목 추가").click()
    page.wait_for_load_state()
    item = page.locator("article.council-item").first
    assert "3-나" in item.inner_text() and "답변서 직송" in item.inner_text()
    item.locator("textarea").first.fill("붙임과 같이 제출합니다.")
    item.get_by_role("button", name="답변 저장").click()
    page.wait_for_load_state()
    item = page.locator("article.council-item").first
    item.locator("details.council-attach summary").click()
    item.locator("select").first.select_option(label="시정 리스크 관리 운영현황 · 2026")
    item.get_by_role("button", name="표 붙이기").click()
    page.wait_for_load_state()
    assert "붙임 1. 시정 리스크 관리 운영현황 (2026)" in page.locator("main").inner_text()
    assert_accessible(page)

    page.goto(app_url + "/my/")
    card = page.locator("#work-council")
    assert "시정 리스크 관련" in card.inner_text() and "3일 남음" in card.inner_text()
    card.get_by_role("link", name="시정 리스크 관련").click()
    page.wait_for_load_state()
    assert page.url == question_url

    for fmt, magic in (("PDF", b"%PDF"), ("HWPX", b"PK")):
        with page.expect_download() as download:
            page.get_by_role("link", name=f"답변서 ({fmt})").click()
        with open(download.value.path(), "rb") as data:
            assert data.read(4).startswith(magic)

    # --- an item added by mistake is changed, then removed after the confirmation
    page.fill("#id_item-number", "4")
    page.fill("#id_item-text", "잘못 넣은 질문")
    page.get_by_role("button", name="항목 추가").click()
    page.wait_for_load_state()
    extra = page.locator("article.council-item", has_text="잘못 넣은 질문")
    extra.locator("details.council-item-edit summary").click()
    extra.get_by_label("번호", exact=True).fill("3")  # 3-나 exists: refused, the field named
    extra.get_by_label("세부 항목", exact=True).select_option("나")
    extra.get_by_role("button", name="항목 저장").click()
    page.wait_for_load_state()
    extra = page.locator("article.council-item", has_text="잘못 넣은 질문")
    assert "질문 3-나은(는) 이미 있습니다." in extra.inner_text()
    assert_accessible(page)
    extra.get_by_label("세부 항목", exact=True).select_option("다")
    extra.get_by_label("질문 내용", exact=True).fill("평가 일정을 알려주십시오.")
    extra.get_by_role("button", name="항목 저장").click()
    page.wait_for_load_state()
    assert "질문 3-다을(를) 저장했습니다." in page.locator(".site-messages").inner_text()
    changed = page.locator("article.council-item", has_text="평가 일정을 알려주십시오.")
    assert changed.locator("h3").inner_text().startswith("3-다")
    changed.locator("details.council-item-remove summary").click()
    changed.get_by_role("button", name="질문 3-다 삭제").click()
    page.wait_for_load_state()
    assert "질문 3-다을(를) 지웠습니다." in page.locator(".site-messages").inner_text()
    assert page.locator("article.council-item").count() == 1
    assert "붙임 1. 시정 리스크 관리 운영현황 (2026)" in page.locator("main").inner_text()

    page.get_by_role("button", name="답변 완료로 표시").click()
    page.wait_for_load_state()
    page.goto(app_url + "/my/")
    assert page.locator("#work-council").count() == 0
    assert page.errors == []
