"""One collection round walked by every role in the browser, on the app as `make run` starts
it (its own SQLite database and var folder):

1. unit staff enter an actual, read it live, save it, attach evidence and submit two;
2. the unit manager returns one with a reason (an empty reason is refused) and approves one;
3. the staff read the reason, correct the returned actual and submit it again;
4. the evaluation officer sees the status board change, locks the period — then an edit is
   refused in the browser (the grid, and a save posted anyway) and in the admin (approving
   there);
5. the officer publishes the period, and a visitor sees only approved actuals, without
   statuses.

axe-core checks every page at 1366 and 390 px."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from .axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORDS = {
    "officer": "hanbit-officer-2026",
    "welfare_head": "hanbit-manager-2026",
    "welfare_staff": "hanbit-staff-2026",
}
SATISFACTION = "복지서비스 이용 만족도"
DEADLINE = "긴급복지 지원 결정 기간"
CRISIS = "위기가구 발굴 건수 (누계)"
CARE = "공공 돌봄시설 확충 (누적)"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# htmx form refusals answer 400 and conflicts 409, shown in the page; the browser logs them
REFUSED = re.compile(r"Failed to load resource: the server responded with a status of 40[0-9]")


@pytest.fixture(scope="module")
def people(browser: Any, app_url: str) -> Iterator[dict[str, Any]]:
    """A browser page per person, signed in (the visitor is not)."""
    pages: dict[str, Any] = {}
    contexts = []
    for who in ["welfare_staff", "welfare_head", "officer", "visitor"]:
        context = browser.new_context(locale="ko-KR", viewport={"width": 1366, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda exc, p=page: p.errors.append(str(exc)))
        page.on(
            "console",
            lambda msg, p=page: (
                p.errors.append(msg.text)
                if msg.type == "error" and not REFUSED.search(msg.text)
                else None
            ),
        )
        if who != "visitor":
            page.goto(app_url + "/accounts/login/")
            page.fill("#id_username", who)
            page.fill("#id_password", PASSWORDS[who])
            page.locator("form.site-form button[type=submit]").click()
            page.wait_for_load_state()
            assert page.url == app_url + "/my/", who
        pages[who] = page
    yield pages
    for context in contexts:
        context.close()


def entry_row(page: Any, name: str) -> Any:
    return page.locator("tbody.entry-row", has=page.get_by_role("rowheader", name=name))


def messages(page: Any) -> str:
    return " ".join(page.locator(".site-messages").all_inner_texts())


def board_counts(page: Any, app_url: str, plan_pk: str) -> list[int]:
    """복지정책국's counts on the status board: not started, draft, submitted, approved,
    returned."""
    page.goto(f"{app_url}/plans/{plan_pk}/board/?period=2026")
    page.wait_for_load_state()
    cells = page.locator("tr", has=page.get_by_role("rowheader", name="복지정책국")).locator(
        "td.num"
    )
    return [int(t) for t in cells.all_inner_texts()[1:]]  # after the number of indicators


def test_one_collection_round_by_every_role(people: dict[str, Any], app_url: str) -> None:
    staff, head, officer, visitor = (
        people["welfare_staff"],
        people["welfare_head"],
        people["officer"],
        people["visitor"],
    )

    # --- the officer's board before the round
    officer.goto(app_url + "/entry/")  # the officer enters for every unit: pick the plan
    officer.wait_for_load_state()
    staff.locator("#work-entry").get_by_role("link").first.click()
    staff.wait_for_load_state()
    plan_pk = re.search(r"/plans/(\d+)/entry/", staff.url).group(1)  # type: ignore[union-attr]
    before = board_counts(officer, app_url, plan_pk)
    assert_accessible(officer)

    # --- 1. staff: type, read live, save, attach, submit two
    assert staff.locator("h1").inner_text() == "실적 입력"
    assert entry_row(staff, CARE).get_by_role("textbox").count() >= 1  # open before the lock
    row = entry_row(staff, SATISFACTION)
    field = row.get_by_role("textbox", name=f"{SATISFACTION} 실적")
    field.press_sequentially("4.1", delay=40)
    row.locator(".entry-reading[role=status] .entry-read", has_text="4.1").wait_for()
    row.get_by_role("button", name="임시 저장").click()
    row = entry_row(staff, SATISFACTION)
    row.get_by_text("임시 저장했습니다", exact=False).wait_for()
    row.locator("input[type=file]").set_input_files(
        [{"name": "만족도조사.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    row.get_by_role("button", name="붙이기").click()
    entry_row(staff, SATISFACTION).locator(".entry-files a", has_text="만족도조사.pdf").wait_for()
    assert_accessible(staff)
    for name in (SATISFACTION, DEADLINE):
        entry_row(staff, name).locator(".entry-select label").click()
    staff.get_by_role("button", name="선택 제출").click()
    staff.wait_for_load_state()
    assert "제출했습니다" in messages(staff)
    for name in (SATISFACTION, DEADLINE):
        assert entry_row(staff, name).locator(".krds-badge").first.inner_text() == "제출", name
    assert_accessible(staff)

    # --- 2. manager: return one with a reason, approve another
    head.goto(app_url + "/my/")
    head.locator("#work-approve").get_by_role("link").first.click()
    head.wait_for_load_state()
    assert head.locator("h1").inner_text() == "승인할 실적"
    queue = head.locator("#approval-queue")
    crisis_text = queue.locator("tr", has_text=CRISIS).inner_text()
    crisis_value = re.search(r"\d[\d,]*\(\d[\d,]*\)", crisis_text).group(0)  # type: ignore[union-attr]
    queue.locator("tr", has_text=SATISFACTION).get_by_role("link", name="반려").click()
    form = queue.locator("form.reject-form")
    form.wait_for()
    form.get_by_role("button", name="이 사유로 반려").click()
    queue.locator(".form-hint-invalid").wait_for()
    assert "반려 사유" in queue.locator(".form-hint-invalid").inner_text()
    queue.locator("textarea[name=reason]").fill("응답 표본 수를 비고에 적어 주세요")
    queue.get_by_role("button", name="이 사유로 반려").click()
    queue.locator(".queue-status", has_text="반려했습니다").wait_for()
    assert_accessible(head)
    head.locator("#approval-queue tr", has_text=CRISIS).locator("label").click()
    head.get_by_role("button", name="선택 승인").click()
    head.locator("#approval-queue .queue-status", has_text="1건을 승인했습니다.").wait_for()
    assert head.locator("#approval-queue tr", has_text=CRISIS).count() == 0
    assert_accessible(head)

    # --- 3. staff: read the reason, correct, submit again
    staff.goto(f"{app_url}/plans/{plan_pk}/entry/?period=2026")
    staff.wait_for_load_state()
    row = entry_row(staff, SATISFACTION)
    assert row.locator(".krds-badge").first.inner_text() == "반려"
    assert "응답 표본 수를 비고에 적어 주세요" in row.inner_text()
    row.get_by_role("link", name=SATISFACTION).click()
    staff.wait_for_load_state()
    value_url = staff.url
    value_pk = re.search(r"/values/(\d+)/", value_url).group(1)  # type: ignore[union-attr]
    assert "응답 표본 수를 비고에 적어 주세요" in staff.locator("main").inner_text()
    assert_accessible(staff)
    staff.go_back()
    staff.wait_for_load_state()
    row = entry_row(staff, SATISFACTION)
    field = row.get_by_role("textbox", name=f"{SATISFACTION} 실적")
    field.fill("4.3")
    row.get_by_role("button", name="임시 저장").click()
    entry_row(staff, SATISFACTION).get_by_text("임시 저장했습니다", exact=False).wait_for()
    entry_row(staff, SATISFACTION).locator(".entry-select label").click()
    staff.get_by_role("button", name="선택 제출").click()
    staff.wait_for_load_state()
    assert entry_row(staff, SATISFACTION).locator(".krds-badge").first.inner_text() == "제출"
    assert_accessible(staff)

    # --- 4. officer: the board changed; lock the period
    after = board_counts(officer, app_url, plan_pk)
    assert after != before
    assert after[3] == before[3] + 1  # the crisis count approved
    assert after[2] == before[2] + 1  # two more submitted, the crisis count no longer
    officer.goto(f"{app_url}/plans/{plan_pk}/periods/")
    officer.wait_for_load_state()
    officer.locator("tr", has_text="2026").get_by_role("link", name="관리").first.click()
    officer.wait_for_load_state()
    assert_accessible(officer)
    officer.get_by_role("button", name="기간 잠그기").click()
    officer.wait_for_load_state()
    assert "잠갔습니다" in messages(officer)

    # the edit refused in the browser: no field, the reason; a save posted anyway is refused
    staff.goto(f"{app_url}/plans/{plan_pk}/entry/?period=2026")
    staff.wait_for_load_state()
    care = entry_row(staff, CARE)
    assert care.get_by_role("textbox").count() == 0
    assert "잠겨" in care.inner_text()
    assert_accessible(staff)
    indicator = care.locator("input[name=indicator]")
    forged = staff.evaluate(
        """async ([url, indicator]) => {
            const token = document.cookie.match(/csrftoken=([^;]+)/)[1];
            const body = new URLSearchParams({indicator, period: '2026', raw_text: '99',
                                              csrfmiddlewaretoken: token});
            const r = await fetch(url, {method: 'POST', body, redirect: 'manual'});
            return [r.status, await r.text()];
        }""",
        [
            f"{app_url}/plans/{plan_pk}/entry/save/",
            indicator.first.get_attribute("value") if indicator.count() else "",
        ],
    )
    assert forged[0] in (400, 403), forged[0]
    staff.reload()
    assert "99" not in entry_row(staff, CARE).locator("td").all_inner_texts()

    # … and in the admin: approving the resubmitted actual is refused there too
    officer.goto(f"{app_url}/admin/results/indicatorvalue/?status__exact=submitted")
    officer.wait_for_load_state()
    officer.locator(f"input[name=_selected_action][value='{value_pk}']").check()
    officer.select_option("select[name=action]", "approve")
    officer.locator("button[name=index]").click()
    officer.wait_for_load_state()
    refused = officer.locator("ul.messagelist").inner_text()
    assert "잠겨" in refused, refused
    officer.goto(f"{app_url}/admin/results/indicatorvalue/{value_pk}/change/")
    assert officer.locator("input[name=_save]").count() == 0  # read-only
    assert_accessible(officer)

    # --- 5. publish; the visitor sees approved actuals only, without statuses
    officer.goto(f"{app_url}/plans/{plan_pk}/periods/")
    officer.locator("tr", has_text="2026").get_by_role("link", name="관리").first.click()
    officer.wait_for_load_state()
    officer.get_by_role("button", name="기간 공개하기").click()
    officer.wait_for_load_state()
    assert "공개했습니다" in messages(officer)
    visitor.goto(f"{app_url}/plans/{plan_pk}/")
    visitor.wait_for_load_state()
    public = visitor.locator("main").inner_text()
    assert crisis_value in public  # approved
    assert "4.3" not in public and "5.8" not in public  # submitted, not approved
    assert visitor.locator(".krds-badge.status").count() == 0
    assert_accessible(visitor)
    visitor.goto(value_url)
    assert visitor.locator("h1").count() == 1 and "404" in visitor.content()

    for who, page in people.items():
        assert page.errors == [], (who, page.errors)
