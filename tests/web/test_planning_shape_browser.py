"""A unit shapes its plan in the browser, on the app as `make run` starts it: the welfare
staff finds the unit's draft of the open 2027 round on "my work", adds a strategic goal (the
cap check flags it), gives it a policy goal, places an indicator under it, a policy goal
and a BSC perspective, links a budget program, then moves the indicator back and takes the
goal out, and links the program to the remaining goal: every check the office would flag is
fixed without the office. The officer's "my work" shows the round's progress. Every page is
checked with axe-core at 1366 and 390 px; screenshots are kept in the test's tmp_path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .axe import assert_accessible
from .conftest import app_python
from .test_planning_browser import messages_text, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

OPEN_ROUND = """
import datetime
from decimal import Decimal
from django.contrib.auth import get_user_model
from seonggwa.planning.services import round_open
from seonggwa.plans.models import BudgetProgram, Plan
officer = get_user_model().objects.get(username="officer")
rnd = round_open(
    user=officer,
    source_plan=Plan.objects.get(year=2026, kind="plan"),
    deadline=datetime.date(2099, 12, 31),
    max_goals=1,
    perspective_weights={"재무": Decimal(40), "고객": Decimal(60)},
)
draft = rnd.drafts.get(owner__unit__name="복지정책국", owner__kind="unit")
BudgetProgram.objects.create(plan=rnd.plan, owner=draft.owner, name="돌봄 바우처 사업")
print(rnd.pk, draft.pk)
"""


def _shot(page: Any, path: Path, name: str) -> None:
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(path / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def _option(select: Any, text: str) -> str:
    return select.locator("option", has_text=text).first.get_attribute("value") or ""


def test_a_unit_shapes_its_plan_and_finds_it_on_my_work(
    app_url: str, app_env: dict[str, str], browser: Any, tmp_path: Path
) -> None:
    round_pk, draft_pk = (int(x) for x in app_python(app_env, OPEN_ROUND).split())

    staff = sign_in(browser, app_url, "welfare_staff")
    assert "작성할 부서 계획" in staff.locator("main").inner_text()
    assert_accessible(staff)
    _shot(staff, tmp_path, "my-work-staff")
    with staff.expect_navigation():
        staff.locator(f"a[href='/planning/{round_pk}/units/{draft_pk}/']").first.click()
    checks = staff.locator("#checks")
    assert "돌봄 바우처 사업" in checks.inner_text()  # a program without a goal
    assert_accessible(staff)

    # a second strategic goal: over the cap of one
    staff.fill("#new-goal-name", "돌봄 목표")
    with staff.expect_navigation():
        staff.get_by_role("button", name="전략목표 추가").click()
    assert "상한(1개)" in checks.inner_text()
    goal = staff.locator("section.draft-goal", has_text="전략목표: 돌봄 목표")
    goal_pk = (goal.get_attribute("id") or "").removeprefix("goal-")
    original = staff.locator("section.draft-goal").first
    original_pk = (original.get_attribute("id") or "").removeprefix("goal-")
    assert goal_pk != original_pk

    # its policy goal
    staff.fill(f"#new-policy-{goal_pk}", "돌봄 공백 해소")
    with staff.expect_navigation():
        staff.locator(f"#policies-{goal_pk}").get_by_role(
            "button", name="정책사업목표 추가"
        ).click()
    assert "돌봄 공백 해소" in staff.locator(f"#policies-{goal_pk}").inner_text()

    # an indicator placed under the new goal, its policy goal and the 고객 perspective
    item = staff.locator("article.draft-indicator").first
    item_id = item.get_attribute("id") or ""
    form = staff.locator(f"#{item_id} form.place-form")
    form.locator("select[name=goal]").select_option(goal_pk)
    policy = form.locator("select[name=policy_goal]")
    policy.select_option(_option(policy, "돌봄 공백 해소"))
    form.locator("select[name=perspective]").select_option(label="고객")
    with staff.expect_navigation():
        form.get_by_role("button", name="목표·관점 바꾸기").click()
    moved = staff.locator(f"#goal-{goal_pk} #{item_id}")
    assert moved.count() == 1
    assert moved.locator("select[name=perspective] option:checked").inner_text() == "고객"

    # the budget program linked to the new goal: its check is gone
    program = staff.locator("#programs li", has_text="돌봄 바우처 사업")
    program.locator("select[name=goal]").select_option(goal_pk)
    with staff.expect_navigation():
        program.get_by_role("button", name="연결 저장").click()
    assert "돌봄 바우처 사업" not in checks.inner_text()
    assert_accessible(staff)
    _shot(staff, tmp_path, "draft-shaped")

    # the unit decides on one goal after all: the indicator goes back, the goal goes out
    form = staff.locator(f"#{item_id} form.place-form")
    form.locator("select[name=goal]").select_option(original_pk)
    form.locator("select[name=policy_goal]").select_option("")
    with staff.expect_navigation():
        form.get_by_role("button", name="목표·관점 바꾸기").click()
    with staff.expect_navigation():
        staff.locator(f"#goal-{goal_pk}").get_by_role("button", name="목표 빼기").click()
    assert "뺐습니다" in messages_text(staff)
    assert staff.locator(f"#goal-{goal_pk}").count() == 0
    assert "상한" not in checks.inner_text()
    assert "돌봄 바우처 사업" in checks.inner_text()  # its goal went out: link it again
    program = staff.locator("#programs li", has_text="돌봄 바우처 사업")
    program.locator("select[name=goal]").select_option(original_pk)
    with staff.expect_navigation():
        program.get_by_role("button", name="연결 저장").click()
    assert "돌봄 바우처 사업" not in checks.inner_text()
    assert "상한" not in checks.inner_text()
    assert_accessible(staff)
    assert not staff.errors, staff.errors

    # a stale form: the manager saved first; the staff's typed name is kept on the page
    head = sign_in(browser, app_url, "welfare_head")
    head.goto(staff.url)
    first = head.locator("article.draft-indicator").first
    first.locator("input[name=name]").fill("부서장이 고친 이름")
    staff.reload()
    mine = staff.locator("article.draft-indicator").first
    mine.locator("input[name=name]").fill("담당자가 고친 이름")
    with head.expect_navigation():
        first.get_by_role("button", name="저장", exact=False).first.click()
    with staff.expect_navigation():
        mine.get_by_role("button", name="저장", exact=False).first.click()
    text = staff.locator("main").inner_text()
    assert "welfare_head" in text and "담당자가 고친 이름" in text and "부서장이 고친 이름" in text
    assert_accessible(staff)
    _shot(staff, tmp_path, "conflict")

    # the officer's "my work": the round's progress
    officer = sign_in(browser, app_url, "officer")
    rounds = officer.locator("main").inner_text()
    assert "계획 수립" in rounds and "개 부서 중 0개 제출" in rounds
    assert_accessible(officer)
    _shot(officer, tmp_path, "my-work-officer")
    print(tmp_path)
