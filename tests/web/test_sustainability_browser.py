"""The sustainability evaluation's implementation indicators walked in the browser, on the app
as `make run` starts it (its own SQLite database and var folder): seed 003 imported with the
importer and its 2019 period opened (as ``seonggwa`` would), then

1. the officer adds an implementation indicator of 복지정책국 through the form;
2. the plan is confirmed; the department's staff follow the sustainability page to the entry
   grid, enter the actual and submit it;
3. the unit manager approves it;
4. the officer runs the evaluation, reads the grade 일부달성 on the grades page, overrides
   it to 달성 with the R8 reason 조기달성, and sees the override, who made it and the
   graded count table beside the printed one;
5. a committee member follows the page's third step (위원회 검토) to its form, records the
   review 보완 요청 without a date (refused beside the date), then with the date, and reads
   it on the sustainability page beside the cycle line.

axe-core checks every new page at 1366 and 390 px."""

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
SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seeds" / "003_80f337656145150c.txt"
PASSWORDS = {
    "officer": "hanbit-officer-2026",
    "welfare_head": "hanbit-manager-2026",
    "welfare_staff": "hanbit-staff-2026",
    "committee": "hanbit-committee-2026",
}
TASK = "주거복지 지원을 강화한다."
NAME = "집수리 지원 가구 수"

IMPORT = f"""
import datetime
from django.contrib.auth import get_user_model
from seonggwa.frameworks.models import Task
from seonggwa.importers.sustainability.load import sustainability_import
from seonggwa.plans.services import period_create
officer = get_user_model().objects.get(username="officer")
plan = sustainability_import(
    user=officer, organisation_name="한빛시", year=2019, path_or_text={str(SEED)!r}
).plan
today = datetime.date.today()
period_create(user=officer, plan=plan, key="2019",
    opens_on=today - datetime.timedelta(days=5), closes_on=today + datetime.timedelta(days=30))
task = Task.objects.get(strategy__field__framework__plan=plan, name={TASK!r})
print(plan.pk, task.pk)
"""

CONFIRM = """
from django.contrib.auth import get_user_model
from seonggwa.plans.models import Plan
from seonggwa.plans.services import plan_set_status
plan = Plan.objects.get(pk={pk})
plan_set_status(user=get_user_model().objects.get(username="officer"), plan=plan,
    status="confirmed", expected_version=plan.version)
"""


@pytest.fixture(scope="module")
def people(browser: Any, app_url: str) -> Iterator[dict[str, Any]]:
    """A signed-in browser page per person."""
    pages: dict[str, Any] = {}
    contexts = []
    for who in PASSWORDS:
        context = browser.new_context(locale="ko-KR", viewport={"width": 1366, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda exc, p=page: p.errors.append(str(exc)))
        page.on(
            "console",
            lambda msg, p=page: p.errors.append(msg.text) if msg.type == "error" else None,
        )
        page.goto(app_url + "/accounts/login/")
        page.fill("#id_username", who)
        page.fill("#id_password", PASSWORDS[who])
        page.locator("form.site-form button[type=submit]").click()
        page.wait_for_load_state()
        pages[who] = page
    yield pages
    for context in contexts:
        context.close()


def messages(page: Any) -> str:
    return " ".join(page.locator(".site-messages").all_inner_texts())


def test_a_department_submits_and_the_office_grades_with_one_override(
    people: dict[str, Any], app_url: str, app_env: dict[str, str]
) -> None:
    plan_pk, task_pk = app_python(app_env, IMPORT).split()
    officer, staff, head = people["officer"], people["welfare_staff"], people["welfare_head"]

    # --- 1. the officer adds an implementation indicator from the sustainability page
    officer.goto(f"{app_url}/plans/{plan_pk}/sustainability/")
    officer.get_by_test_id("sustainability-actions").get_by_role(
        "link", name="이행계획 성과지표", exact=True
    ).click()
    officer.wait_for_load_state()
    assert officer.locator("h1").inner_text() == "이행계획 성과지표"
    assert_accessible(officer)
    officer.get_by_label("과제", exact=True).select_option(task_pk)
    officer.get_by_label("세부사업", exact=True).fill("희망의 집수리")
    officer.get_by_label("부서", exact=True).select_option(label="복지정책국")
    officer.get_by_role("textbox", name="성과지표", exact=True).fill(NAME)
    officer.get_by_label("단위", exact=True).fill("가구")
    officer.get_by_label("2018년 목표치").fill("50")
    officer.get_by_label("2019년 목표치").fill("100")
    officer.get_by_role("button", name="지표 추가").click()
    officer.wait_for_load_state()
    assert "추가했습니다" in messages(officer)
    listing = officer.get_by_test_id("implementation-list").inner_text()
    assert NAME in listing and "희망의 집수리" in listing and "복지정책국" in listing
    assert_accessible(officer)

    # --- 2. confirmed; the staff follow the sustainability page to the grid and submit
    app_python(app_env, CONFIRM.format(pk=plan_pk))
    staff.goto(f"{app_url}/plans/{plan_pk}/sustainability/")
    staff.get_by_role("link", name="이행계획 성과지표 실적 입력").click()
    staff.wait_for_load_state()
    assert f"/plans/{plan_pk}/entry/" in staff.url
    row = staff.locator("tbody.entry-row", has=staff.get_by_role("rowheader", name=NAME))
    row.get_by_role("textbox", name=f"{NAME} 실적").fill("60")
    row.get_by_role("button", name="임시 저장").click()
    row = staff.locator("tbody.entry-row", has=staff.get_by_role("rowheader", name=NAME))
    row.get_by_text("임시 저장했습니다", exact=False).wait_for()
    row.locator(".entry-select label").click()
    staff.get_by_role("button", name="선택 제출").click()
    staff.wait_for_load_state()
    assert "제출했습니다" in messages(staff)

    # --- 3. the unit manager approves it
    head.goto(f"{app_url}/plans/{plan_pk}/approvals/")
    queue = head.locator("#approval-queue")
    queue.locator("tr", has_text=NAME).locator("label").click()
    head.get_by_role("button", name="선택 승인").click()
    head.locator("#approval-queue .queue-status", has_text="1건을 승인했습니다.").wait_for()

    # --- 4. the officer runs the evaluation, reads the grade and overrides it
    officer.goto(f"{app_url}/plans/{plan_pk}/runs/")
    officer.get_by_role("button", name="평가 실행하기").click()
    officer.wait_for_load_state()
    officer.goto(f"{app_url}/plans/{plan_pk}/sustainability/")
    officer.get_by_test_id("sustainability-actions").get_by_role(
        "link", name="이행계획 달성 등급"
    ).click()
    officer.wait_for_load_state()
    grades = officer.get_by_test_id("implementation-grades")
    row = grades.locator("tr", has_text=NAME)
    assert "60.0%" in row.inner_text() and "일부달성" in row.inner_text()
    assert_accessible(officer)
    row.locator("summary").click()
    row.locator("select[name=choice]").select_option(label="달성 · 조기달성")
    row.get_by_label("메모").fill("18년에 이미 100% 달성")
    row.get_by_role("button", name="조정 적용").click()
    officer.wait_for_load_state()
    assert "조정" in messages(officer)
    row = officer.get_by_test_id("implementation-grades").locator("tr", has_text=NAME)
    cells = row.locator("td").all_inner_texts()
    assert "일부달성" in cells[5] and cells[6].strip() == "달성", cells  # computed, applied
    note = row.get_by_test_id("override-note").inner_text()
    assert "조기달성" in note and re.search(r"\d{4}-\d{2}-\d{2}", note), note
    assert "officer" in note or "평가" in note, note
    counts = officer.get_by_test_id("count-table").filter(has_text=TASK).inner_text()
    assert "1 / 1 (100.0%)" in counts and "103 / 152" in counts, counts
    assert_accessible(officer)
    SHOTS.mkdir(parents=True, exist_ok=True)
    officer.screenshot(path=str(SHOTS / "sustainability-grades-1366.png"), full_page=True)
    officer.set_viewport_size({"width": 390, "height": 844})
    officer.screenshot(path=str(SHOTS / "sustainability-grades-390.png"), full_page=True)

    # --- 5. a committee member records the committee's review
    member = people["committee"]
    member.goto(f"{app_url}/plans/{plan_pk}/sustainability/")
    assert "2019–2020 주기 중 1년차" in member.get_by_test_id("sustainability-cycle").inner_text()
    assert member.get_by_test_id("review-status").inner_text().strip() == "검토 전"
    member.get_by_role("link", name="위원회 검토 기록").click()
    member.wait_for_load_state()
    assert member.locator("h1").inner_text() == "위원회 검토"
    assert_accessible(member)
    member.get_by_label("검토 상태").select_option("revision_requested")
    member.get_by_label("검토 위원회").fill("모니터링 분과위원회")
    member.get_by_label("의결 내용").fill("추진기반 분야 실적 근거 보완")
    member.get_by_role("button", name="검토 저장").click()
    member.wait_for_load_state()
    assert "검토일" in member.locator(".form-hint-invalid").inner_text()
    member.get_by_label("검토일").fill("2019-12-10")
    member.get_by_role("button", name="검토 저장").click()
    member.wait_for_load_state()
    assert "위원회 검토를 기록했습니다" in messages(member)
    step = member.get_by_test_id("review-step").inner_text()
    assert "보완 요청" in step and "2019-12-10" in step and "실적 근거 보완" in step, step
    assert_accessible(member)
    # the refused save answered 400 on purpose (the form beside its field); nothing else failed
    refused = "the server responded with a status of 400"
    assert [e for e in member.errors if refused in e] == [member.errors[0]], member.errors
    member.errors = [e for e in member.errors if refused not in e]
    for page in (officer, staff, head, member):
        assert not page.errors, page.errors
