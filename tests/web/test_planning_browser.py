"""A planning round as people do it in the browser, on the app as `make run` starts it: the
evaluation officer opens 2027 from the confirmed 2026 plan with the rules of the year; the
welfare staff drafts 복지정책국's part from the copy (the cascade, definitions, targets; an
unreadable target is flagged), the manager submits; the officer comments on an indicator
and returns the draft with a request; the unit fixes it and submits again; the officer
accepts it and confirms the plan (version 1; the other units' drafts are prepared through
the services). Then the staff asks for a mid-year target change with a reason and evidence,
the officer approves it, the versions page shows the change and the 성과보고서 notes it.
Every page is checked with axe-core at 1366 and 390 px."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .axe import assert_accessible
from .conftest import app_python
from .test_office_browser import PASSWORDS, REFUSED

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PLAN_2026 = """
from seonggwa.plans.models import Plan
print(Plan.objects.get(year=2026, kind="plan").pk)
"""

# the other units' drafts: filled, submitted and accepted by the officer through the services
OTHER_UNITS = """
from django.contrib.auth import get_user_model
from seonggwa.planning.models import PlanningRound
from seonggwa.planning.selectors import city_goals
from seonggwa.planning import services as s
officer = get_user_model().objects.get(username="officer")
rnd = PlanningRound.objects.get(plan__year=2027)
for d in rnd.drafts.exclude(owner__unit__name="복지정책국"):
    for goal in rnd.plan.strategic_goals.filter(owner=d.owner):
        d.refresh_from_db()
        s.draft_goal_save(user=officer, goal=goal, expected_version=d.version, name=goal.name,
                          parent=city_goals(rnd)[0])
    for ind in rnd.plan.indicators.filter(owner=d.owner):
        d.refresh_from_db()
        s.draft_indicator_save(user=officer, indicator=ind, expected_version=d.version,
                               name=ind.name, target="100", definition="정의")
    d.refresh_from_db()
    d = s.draft_submit(user=officer, draft=d, expected_version=d.version)
    s.draft_accept(user=officer, draft=d, expected_version=d.version)
print(rnd.pk)
"""


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    ctx = browser.new_context(locale="ko-KR", viewport={"width": 1366, "height": 900})
    yield ctx
    ctx.close()


def _page(context: Any) -> Any:
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on(
        "console",
        lambda msg: (
            page.errors.append(msg.text)
            if msg.type == "error" and not REFUSED.search(msg.text)
            else None
        ),
    )
    return page


def sign_in(browser: Any, app_url: str, username: str) -> Any:
    ctx = browser.new_context(locale="ko-KR", viewport={"width": 1366, "height": 900})
    page = _page(ctx)
    page.goto(app_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORDS[username])
    with page.expect_navigation():
        page.locator("form.site-form button[type=submit]").click()
    assert page.url == app_url + "/my/"
    return page


def messages_text(page: Any) -> str:
    return " ".join(page.locator(".site-messages").all_inner_texts())


def _indicators(page: Any) -> list[str]:
    return [
        e.get_attribute("value") or ""
        for e in page.locator("form.draft-form input[name=indicator]").all()
    ]


def test_a_planning_round_and_a_mid_year_change(
    app_url: str, app_env: dict[str, str], browser: Any, tmp_path: Path
) -> None:
    plan_pk = int(app_python(app_env, PLAN_2026).strip())

    # the officer opens 2027 from the 2026 plan
    officer = sign_in(browser, app_url, "officer")
    officer.goto(f"{app_url}/plans/{plan_pk}/")
    with officer.expect_navigation():
        officer.get_by_role("link", name="다음 해 계획 수립").first.click()
    assert officer.locator("h1").inner_text() == "2027년 계획 수립 시작"
    assert_accessible(officer)
    officer.fill("#id_deadline", "2099-12-31")
    officer.fill("#id_max_indicators", "5")
    officer.locator("label[for=id_required_fields_0]").click()  # 정의 (KRDS checks: the label)
    officer.locator("label[for=id_required_fields_4]").click()  # 목표
    officer.select_option("#id_city_unit", label="기획조정실")
    officer.fill("#id_city_goals", "모두가 누리는 복지도시\n깨끗한 환경도시")
    with officer.expect_navigation():
        officer.get_by_role("button", name="계획 수립 시작").click()
    assert "수립을 시작했습니다" in messages_text(officer)
    assert officer.locator("#units-caption").count() == 1
    assert (
        officer.locator("tr", has_text="복지정책국").locator(".krds-badge").inner_text()
        == "작성 중"
    )
    assert_accessible(officer)
    # the 상한표: 복지정책국 may have 6 indicators (the round's cap is 5)
    row = officer.locator("tr:has(input[name^=indicators-])", has_text="복지정책국")
    row.locator("input[name^=indicators-]").fill("6")
    with officer.expect_navigation():
        officer.get_by_role("button", name="상한 저장").click()
    assert "부서별 상한을 저장했습니다." in messages_text(officer)
    progress = officer.locator("tr", has_text="복지정책국").first
    assert "4 / 6" in progress.inner_text()
    round_pk = int(app_python(app_env, OTHER_UNITS).strip())

    # the welfare staff drafts the unit's part from the copy
    staff = sign_in(browser, app_url, "welfare_staff")
    staff.goto(f"{app_url}/planning/{round_pk}/")
    assert_accessible(staff)
    with staff.expect_navigation():
        staff.get_by_role("link", name="복지정책국").click()
    assert staff.locator("h1").inner_text() == "복지정책국 계획"
    checks = staff.locator("#checks").inner_text()
    assert "뒷받침하는 시 목표를 고르세요" in checks and "정의, 목표" in checks
    assert staff.get_by_text("(작년 지표)").count() == 4  # linked to last year's
    assert staff.get_by_role("button", name="평가담당관에게 제출").count() == 0  # managers
    assert_accessible(staff)
    staff.locator("select[name=parent]").select_option(label="모두가 누리는 복지도시")
    with staff.expect_navigation():
        staff.get_by_role("button", name="목표 저장").click()
    for n, pk in enumerate(_indicators(staff)):
        form = staff.locator(f"#item-{pk} form.draft-form")
        form.locator("input[name=target]").fill("많이" if n == 0 else str(90 + n))
        reading = staff.locator(f"#ind-target-{pk}-reading")  # read live while typing
        reading.get_by_text("읽을 수 없는 값" if n == 0 else "읽은 값").wait_for()
        form.locator("textarea[name=definition]").fill(f"정의 {n}")
        with staff.expect_navigation():
            form.get_by_role("button", name="저장").click()
    first = _indicators(staff)[0]
    assert "읽을 수 없습니다" in staff.locator(f"#item-{first}").inner_text()
    staff.locator(f"#item-{first} input[name=target]").fill("1,000")
    with staff.expect_navigation():
        staff.locator(f"#item-{first}").get_by_role("button", name="저장").click()
    assert "모든 점검을 통과했습니다." in staff.locator("#checks").inner_text()
    assert_accessible(staff)

    # the manager submits
    head = sign_in(browser, app_url, "welfare_head")
    head.goto(staff.url)
    with head.expect_navigation():
        head.get_by_role("button", name="평가담당관에게 제출").click()
    assert head.locator("#draft-status").inner_text() == "제출"

    # the officer comments on an indicator and returns the draft with a request
    officer.goto(staff.url)
    assert_accessible(officer)
    item = officer.locator(f"#item-{first}")
    item.locator("input[name=text]").fill("목표를 1,200건으로 높이세요")
    with officer.expect_navigation():
        item.get_by_role("button", name="의견 남기기").click()
    assert "목표를 1,200건으로" in officer.locator(f"#item-{first}").inner_text()
    officer.fill("#return-note", "위기가구 목표 상향")
    with officer.expect_navigation():
        officer.get_by_role("button", name="부서로 돌려보내기").click()
    assert officer.locator("#draft-status").inner_text() == "반려"

    # the unit reads the request, fixes the target, and the manager submits again
    staff.goto(app_url + "/notifications/")
    assert staff.get_by_text("부서 계획이 돌아왔습니다").count() >= 1
    staff.go_back()
    staff.reload()
    assert "위기가구 목표 상향" in staff.locator(".site-alert").inner_text()
    assert "목표를 1,200건으로" in staff.locator(f"#item-{first}").inner_text()
    staff.locator(f"#item-{first} input[name=target]").fill("1,200")
    with staff.expect_navigation():
        staff.locator(f"#item-{first}").get_by_role("button", name="저장").click()
    assert_accessible(staff)
    head.reload()
    with head.expect_navigation():
        head.get_by_role("button", name="평가담당관에게 제출").click()

    # the officer accepts and confirms: version 1
    officer.reload()
    with officer.expect_navigation():
        officer.get_by_role("button", name="부서 계획 승인").click()
    officer.goto(f"{app_url}/planning/{round_pk}/")
    with officer.expect_navigation():
        officer.get_by_role("button", name="계획 확정").click()
    assert "확정했습니다(버전 1)" in messages_text(officer)
    assert officer.locator("tbody tr").count() == 1
    assert_accessible(officer)
    plan_2027 = officer.url.rstrip("/").split("/")[-2]

    # mid-year: the staff asks to lower a target, with a reason and evidence
    staff.goto(f"{app_url}/plans/{plan_2027}/changes/")
    assert_accessible(staff)
    evidence = tmp_path / "근거.pdf"
    evidence.write_bytes(b"%PDF-1.4\n%\xe2\xe3\n")
    staff.select_option("#id_indicator", label="복지정책국 · 위기가구 발굴 건수 (누계)")
    staff.select_option("#id_field", value="target")
    staff.fill("#id_new_text", "1,100")
    staff.fill("#id_reason", "하반기 예산 감액")
    staff.set_input_files("#id_evidence", str(evidence))
    with staff.expect_navigation():
        staff.get_by_role("button", name="신청하기").click()
    assert "변경 신청을 평가담당관에게 보냈습니다." in messages_text(staff)
    assert "1,200" in staff.locator("article.change-request").inner_text()
    assert_accessible(staff)

    # the officer approves it: a new version keeping the old target
    officer.goto(f"{app_url}/plans/{plan_2027}/changes/")
    assert_accessible(officer)
    with officer.expect_navigation():
        officer.get_by_role("button", name="승인").click()
    assert "v2" in officer.locator("article.change-request").inner_text()
    officer.goto(f"{app_url}/plans/{plan_2027}/versions/?a=1&b=2")
    row = officer.locator("#diff-table tr", has_text="위기가구 발굴 건수")
    assert [c.strip() for c in row.locator("td").all_inner_texts()][2:] == [
        "목표",
        "1,200",
        "1,100",
    ]
    assert_accessible(officer)

    # the 성과보고서 notes the changed target
    officer.goto(f"{app_url}/plans/{plan_2027}/reports/report/")
    assert "목표 변경" in officer.content() and "1,200 → 1,100" in officer.content()
    for page in (officer, staff, head):
        assert page.errors == [], json.dumps(page.errors, ensure_ascii=False)
        page.context.close()
