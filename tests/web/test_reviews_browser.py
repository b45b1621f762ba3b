"""The ad-hoc reviews' main path in the browser, on the app as `make run` starts it: the
office has a review of 복지정책국 with a recommendation due in two days; the unit's staff
member finds the follow-up on "my work", files it as done with what was done and an
evidence file, and sees it filed; the evaluation officer is told, opens the review and sees
the follow-up done, and the year's list counts it closed. Every page is checked with
axe-core at 1366 and 390 px."""

from __future__ import annotations

from typing import Any

import pytest

from .axe import assert_accessible
from .conftest import app_python

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REVIEW = """
import datetime
from django.contrib.auth import get_user_model
from seonggwa.organisations.models import Organisation, OrgUnit
from seonggwa.reviews.services import ReviewFields, followup_assign, item_add, review_save
officer = get_user_model().objects.get(username="officer")
org = Organisation.objects.get(name="한빛시")
unit = OrgUnit.objects.get(organisation=org, name="복지정책국")
review = review_save(user=officer, organisation=org, fields=ReviewFields(
    year=2026, number=1, topic="경로당 냉방 지원사업 점검", department=unit,
    department_label=unit.name, method="inspection", timing_raw="'26.7월",
    period_raw="'26. 7. 1.(수) ~ 10.(금)", subject="경로당 20곳"))
rnd = review.rounds.get()
item_add(user=officer, round=rnd, kind="finding", text="냉방기 고장 방치")
rec = item_add(user=officer, round=rnd, kind="recommendation", text="고장 냉방기 교체")
followup_assign(user=officer, followup=rec.followup, owner_unit=unit,
                due_on=datetime.date.today() + datetime.timedelta(days=2))
print(org.pk, review.pk, rec.followup.pk)
"""


def _sign_in(context: Any, app_url: str, user: str, password: str) -> Any:
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.goto(app_url + "/accounts/login/")
    page.fill("#id_username", user)
    page.fill("#id_password", password)
    page.locator("form.site-form button[type=submit]").click()
    page.wait_for_load_state()
    return page


def test_the_unit_files_a_follow_up_with_evidence_and_the_office_sees_it_done(
    browser: Any, app_url: str, app_env: dict[str, str]
) -> None:
    org, review, followup = app_python(app_env, REVIEW).split()

    # the unit's staff member: the follow-up waits on "my work", due soon
    staff_context = browser.new_context(locale="ko-KR", viewport={"width": 1366, "height": 900})
    page = _sign_in(staff_context, app_url, "welfare_staff", "hanbit-staff-2026")
    page.goto(app_url + "/my/")
    card = page.locator("section", has_text="수시평가 후속조치")
    assert "기한 임박" in card.inner_text()
    card.get_by_role("link", name="고장 냉방기 교체").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/reviews/{org}/followups/{followup}/")
    assert_accessible(page)

    # done without notes or evidence is refused with why; then filed with both
    page.select_option("#id_file-status", "done")
    page.get_by_role("button", name="후속조치 입력").click()
    page.wait_for_load_state()
    assert "완료로 입력하려면 조치 내용을 적거나 증빙 파일을 첨부하세요." in page.content()
    page.select_option("#id_file-status", "done")
    page.fill("#id_file-notes", "경로당 20곳 냉방기 교체 완료")
    page.set_input_files(
        "#followup-files",
        files=[
            {
                "name": "교체완료.pdf",
                "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4\n%\xe2\xe3\n",
            }
        ],
    )
    page.get_by_role("button", name="후속조치 입력").click()
    page.wait_for_load_state()
    assert page.locator("#followup-status").inner_text() == "완료"
    assert page.get_by_role("link", name="교체완료.pdf").count() == 1
    assert "경로당 20곳 냉방기 교체 완료" in page.locator("main").inner_text()
    assert_accessible(page)
    assert page.errors == []
    staff_context.close()

    # the evaluation officer: told, and the review shows the follow-up done
    office_context = browser.new_context(locale="ko-KR", viewport={"width": 1366, "height": 900})
    page = _sign_in(office_context, app_url, "officer", "hanbit-officer-2026")
    page.goto(app_url + "/notifications/")
    assert (
        "후속조치가 완료되었습니다: 경로당 냉방 지원사업 점검" in page.locator("main").inner_text()
    )
    page.get_by_role("link", name="수시평가").first.click()
    page.wait_for_load_state()
    page.get_by_role("link", name="2026년 수시평가").first.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/reviews/{org}/2026/")
    row = page.locator("tr", has_text="경로당 냉방 지원사업 점검")
    assert "1 / 1" in row.inner_text()
    assert_accessible(page)
    row.get_by_role("link", name="경로당 냉방 지원사업 점검").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/reviews/{org}/r/{review}/")
    rec = page.locator("tr", has_text="고장 냉방기 교체")
    assert "완료" in rec.inner_text() and "복지정책국" in rec.inner_text()
    assert_accessible(page)
    assert page.errors == []
    office_context.close()
