"""The major projects in the browser (issue 11 item 3): the office imports seed 003's table
as the 2020 projects plan and opens a period; 복지정책국's staff see their project's
progress indicator in the entry grid, enter its 공정률 and submit it; the unit manager
approves it; the office's compiled table shows the approved 실행 beside the 계획, with the
R18 flags. The office then adds a parent and a sub-project whose 편성액 is over its 총사업비
(saved, judged by R18), changes it and deletes it. axe on every new page at 1366 and 390
px."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .axe import assert_accessible
from .conftest import app_python

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SEED = Path(__file__).parents[1] / "fixtures" / "seeds" / "003_80f337656145150c.txt"
PASSWORDS = {
    "officer": "hanbit-officer-2026",
    "welfare_head": "hanbit-manager-2026",
    "welfare_staff": "hanbit-staff-2026",
}
PROJECT = "서울시 사회서비스원 운영"  # row 31, 복지정책실 — registered here under 복지정책국
INDICATOR = f"{PROJECT} 공정률"

SETUP = f"""
import datetime
from django.contrib.auth import get_user_model
from seonggwa.importers.projects_load import projects_import
from seonggwa.organisations.models import OrgUnit
from seonggwa.plans.services import period_create, plan_set_status
from seonggwa.projects.models import Project
from seonggwa.projects.services import progress_target_set, project_save

officer = get_user_model().objects.get(username="officer")
plan = projects_import(user=officer, organisation_name="한빛시", year=2020,
                       path_or_text={str(SEED)!r}).plan
project = Project.objects.get(plan=plan, number=31)
welfare = OrgUnit.objects.get(organisation=plan.organisation, name="복지정책국")
project = project_save(user=officer, plan=plan, name=project.name, department=welfare,
                       number=31, period_raw=project.period_raw,
                       total_cost_raw=project.total_cost_raw, budget_raw=project.budget_raw,
                       project=project)
today = datetime.date.today()
period = period_create(user=officer, plan=plan, key="2020-Q4",
                       opens_on=today - datetime.timedelta(days=3),
                       closes_on=today + datetime.timedelta(days=20))
progress_target_set(user=officer, project=project, period=period, raw="80")
plan.refresh_from_db()
plan_set_status(user=officer, plan=plan, status="confirmed", expected_version=plan.version)
print(plan.pk, project.pk)
"""


@pytest.fixture(scope="module")
def prepared(app_env: dict[str, str], app_url: str) -> tuple[str, str]:
    """The 2020 projects plan imported once for the module's served app (a second import of
    the same year is refused): its pk and project 31's."""
    plan_pk, project_pk = app_python(app_env, SETUP).split()
    return plan_pk, project_pk


@pytest.fixture
def pages(browser: Any, app_url: str) -> Iterator[dict[str, Any]]:
    contexts, out = [], {}
    for who, password in PASSWORDS.items():
        context = browser.new_context(locale="ko-KR", viewport={"width": 1366, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.goto(app_url + "/accounts/login/")
        page.fill("#id_username", who)
        page.fill("#id_password", password)
        page.locator("form.site-form button[type=submit]").click()
        page.wait_for_load_state()
        out[who] = page
    yield out
    for context in contexts:
        context.close()


def test_department_reports_progress_manager_approves_office_sees_it(
    prepared: tuple[str, str], app_url: str, pages: dict[str, Any]
) -> None:
    plan_pk, _project_pk = prepared
    staff, head, officer = pages["welfare_staff"], pages["welfare_head"], pages["officer"]

    # --- the department: the entry grid lists the project's progress indicator
    staff.goto(f"{app_url}/plans/{plan_pk}/entry/?period=2020-Q4")
    staff.wait_for_load_state()
    row = staff.locator("tbody.entry-row", has=staff.get_by_role("rowheader", name=INDICATOR))
    field = row.get_by_role("textbox", name=f"{INDICATOR} 실적")
    field.press_sequentially("72.5", delay=40)
    row.get_by_role("button", name="임시 저장").click()
    row = staff.locator("tbody.entry-row", has=staff.get_by_role("rowheader", name=INDICATOR))
    row.get_by_text("임시 저장했습니다", exact=False).wait_for()
    row.locator(".entry-select label").click()
    staff.get_by_role("button", name="선택 제출").click()
    staff.wait_for_load_state()
    assert "제출했습니다" in " ".join(staff.locator(".site-messages").all_inner_texts())
    assert_accessible(staff)

    # --- the office sees it submitted, not yet approved
    officer.goto(f"{app_url}/plans/{plan_pk}/projects/?period=2020-Q4")
    officer.wait_for_load_state()
    line = officer.locator("tr[data-number='31']")
    assert "72.5" in line.inner_text() and "제출" in line.inner_text()

    # --- the unit manager approves it
    head.goto(f"{app_url}/plans/{plan_pk}/approvals/")
    head.wait_for_load_state()
    head.locator("#approval-queue tr", has_text=INDICATOR).locator("label").click()
    head.get_by_role("button", name="선택 승인").click()
    head.locator("#approval-queue .queue-status", has_text="1건을 승인했습니다.").wait_for()

    # --- the office's compiled table: 계획 80 / 실행 72.5 approved, the R18 flags
    officer.goto(f"{app_url}/plans/{plan_pk}/projects/")
    officer.wait_for_load_state()
    assert officer.locator("h1").inner_text() == "한빛시 2020: 주요 역점사업"
    line = officer.locator("tr[data-number='31']")
    cells = line.locator("td.num").all_inner_texts()
    assert cells[-2:] == ["80.0", "72.5"], cells
    assert "제출" not in line.inner_text()
    flagged = officer.get_by_test_id("projects-flagged").inner_text()
    assert re.search(r"2", flagged), flagged
    assert (
        officer.locator("tr[data-number='6']").get_by_text("편성액 > 총사업비", exact=False).count()
    )
    assert_accessible(officer)

    # --- the project's page: its 계획 and 실행 per period
    officer.locator("tr[data-number='31']").get_by_role("link", name=PROJECT).click()
    officer.wait_for_load_state()
    progress = officer.get_by_test_id("project-progress").inner_text()
    assert "2020-Q4" in progress and "72.5" in progress and "80.0" in progress
    assert_accessible(officer)


def test_office_adds_changes_and_deletes_a_project(
    prepared: tuple[str, str], app_url: str, pages: dict[str, Any]
) -> None:
    plan_pk, _project_pk = prepared
    officer = pages["officer"]
    officer.goto(f"{app_url}/plans/{plan_pk}/projects/")
    officer.wait_for_load_state()
    officer.get_by_role("link", name="사업 추가", exact=True).click()  # jumps to the form

    # --- a parent project (과제): no number, no amounts
    officer.locator("label[for=id_add-is_parent]").click()  # the KRDS box is drawn by its label
    officer.get_by_label("과제명", exact=True).fill("어르신 돌봄 확충")
    officer.get_by_label("부서", exact=True).select_option(label="복지정책국")
    officer.get_by_role("button", name="사업 추가하기").click()
    officer.wait_for_load_state()
    assert "어르신 돌봄 확충을(를) 등록했습니다." in officer.locator(".site-messages").inner_text()

    # --- a sub-project under it, its 편성액 over its 총사업비: saved, judged by R18
    officer.goto(f"{app_url}/plans/{plan_pk}/projects/#add-project-title")
    officer.get_by_label("과제명", exact=True).fill("효도센터 건립")
    number = officer.get_by_label("연번", exact=True)
    assert number.input_value() == "171"  # after the table's last 연번
    officer.get_by_label("부서", exact=True).select_option(label="복지정책국")
    officer.get_by_label("상위 과제", exact=True).select_option(label="어르신 돌봄 확충")
    officer.get_by_label("사업기간(원문)", exact=True).fill("2020.7.~2022")
    officer.get_by_label("재원", exact=True).fill("공공기여금")
    officer.get_by_label("총사업비(백만원)", exact=True).fill("300")
    officer.get_by_label("편성액(백만원)", exact=True).fill("680")
    officer.get_by_role("button", name="사업 추가하기").click()
    officer.wait_for_load_state()
    messages = officer.locator(".site-messages").inner_text()
    assert "R18 점검: 편성액 > 총사업비(300)" in messages, messages
    assert officer.locator("h1").inner_text() == "171. 효도센터 건립"
    facts = officer.locator("dl.facts").inner_text()
    assert "2020.7.~2022 (공공기여금)" in facts and "680" in facts
    assert "편성액 > 총사업비(300)" in officer.get_by_test_id("project-flags").inner_text()
    assert_accessible(officer)

    # --- a bad amount is refused beside its field, in Korean
    officer.get_by_label("편성액(백만원)", exact=True).fill("약 200")
    officer.get_by_role("button", name="사업 저장").click()
    officer.wait_for_load_state()
    error = officer.locator("#id_edit-budget_raw_error").inner_text()
    assert "편성액 '약 200'은(는) 백만원 단위 숫자가 아닙니다." in error, error
    assert_accessible(officer)

    # --- changed: the budget under the total, the flag goes
    officer.get_by_label("편성액(백만원)", exact=True).fill("250")
    officer.get_by_role("button", name="사업 저장").click()
    officer.wait_for_load_state()
    assert "사업을 저장했습니다." in officer.locator(".site-messages").inner_text()
    assert officer.get_by_test_id("project-flags").inner_text().strip() == "없음"
    officer.goto(f"{app_url}/plans/{plan_pk}/projects/")
    line = officer.locator("tr[data-number='171']")
    assert "효도센터 건립" in line.inner_text() and "250" in line.inner_text()

    # --- deleted after the confirmation; the parent with a sub-project is refused first
    line.get_by_role("link", name="효도센터 건립").click()
    officer.wait_for_load_state()
    officer.get_by_role("link", name="어르신 돌봄 확충").click()
    officer.wait_for_load_state()
    officer.locator("details.project-delete summary").click()
    officer.get_by_role("button", name="어르신 돌봄 확충 삭제").click()
    officer.wait_for_load_state()
    assert "세부사업 1개가 있습니다" in officer.locator("main").inner_text()
    officer.get_by_role("link", name="171. 효도센터 건립").click()
    officer.wait_for_load_state()
    officer.locator("details.project-delete summary").click()
    officer.get_by_role("button", name="효도센터 건립 삭제").click()
    officer.wait_for_load_state()
    assert officer.url.rstrip("/").endswith(f"/plans/{plan_pk}/projects")
    assert "효도센터 건립을(를) 삭제했습니다." in officer.locator(".site-messages").inner_text()
    assert officer.locator("tr[data-number='171']").count() == 0
    assert_accessible(officer)
