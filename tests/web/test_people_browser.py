"""People and units as the evaluation office manages them in the browser, on the app as
`make run` starts it: the officer creates an account (the generated password is shown once),
transfers that person into 복지정책국 from today, and delegates the unit manager's approvals
to them for a week; the delegate signs in, sees whom they approve for, approves the waiting
actual, and the value's history shows "kim (welfare_head 대리)" — as does the approvals list
for an actual entered under a delegation. The officer also renames a unit from a date. Every
page is checked with axe-core at 1366 and 390 px."""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .axe import assert_accessible
from .conftest import app_python

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SHOTS = Path(os.environ.get("SEONGGWA_SCREENSHOTS", "/tmp/seonggwa-people-shots"))


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="ko-KR", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    yield page
    context.close()


def sign_in(page: Any, app_url: str, username: str, password: str) -> None:
    page.goto(app_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("form.site-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url == app_url + "/my/", page.url


def first_sign_in(page: Any, app_url: str, username: str, password: str) -> None:
    """A new account's temporary password is changed before anything else."""
    page.goto(app_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("form.site-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url == app_url + "/accounts/password/", page.url
    page.fill("#id_old_password", password)
    page.fill("#id_new_password1", f"{username}-own-pass-2026")
    page.fill("#id_new_password2", f"{username}-own-pass-2026")
    page.locator("form.site-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url == app_url + "/accounts/password/done/", page.url


def sign_out(page: Any) -> None:
    page.context.clear_cookies()


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def messages(page: Any) -> str:
    return " ".join(page.locator(".site-messages").all_inner_texts())


WAITING = """
from seonggwa.results.models import IndicatorValue
v = IndicatorValue.objects.get(
    indicator__name__startswith="위기가구", kind="actual", year=2026,
    indicator__plan__year=2026, indicator__plan__kind="plan",
)
print(v.indicator.plan_id, v.pk, v.status,
      v.approved_by.username if v.approved_by else "-",
      v.approved_for.username if v.approved_for else "-")
"""


OTHER_ORGANISATION = """
from seonggwa.organisations.services import organisation_get_or_create
organisation_get_or_create(name="다른시")
"""


def test_the_officer_transfers_and_delegates_and_the_delegate_approves_for_the_manager(
    app_url: str, app_env: dict[str, str], page: Any
) -> None:
    plan_pk, value_pk, status, _by, _for = app_python(app_env, WAITING).split()
    assert status == "submitted"
    today = datetime.date.today()
    week = today + datetime.timedelta(days=6)

    # the officer reaches the people of 한빛시 from the navigation
    sign_in(page, app_url, "officer", "hanbit-officer-2026")
    page.locator("a[href='/people/']:visible").first.click()
    page.wait_for_load_state()
    assert "/people/" in page.url and "welfare_head" in page.content()
    assert_accessible(page)
    shot(page, "people")

    # a new account for 교통건설국, with a password made by the system and shown once
    page.fill("#id_username", "kim")
    page.select_option("#id_role", "unit_staff")
    page.select_option("#id_unit", label="교통건설국")
    page.locator("form[action$='/people/'] button[type=submit]").click()
    page.wait_for_load_state()
    password = page.locator("code.new-password").inner_text().strip()
    assert len(password) >= 12
    assert_accessible(page)
    shot(page, "person-created")
    person_url = page.locator("form[action*='/transfer/']").get_attribute("action")
    person_url = person_url.rsplit("/transfer/", 1)[0] + "/"

    # kim moves to 복지정책국 from today
    page.goto(app_url + person_url)
    assert page.locator("code.new-password").count() == 0  # shown once only
    page.select_option("#id_transfer-from_unit", label="교통건설국")
    page.select_option("#id_transfer-to_unit", label="복지정책국")
    page.fill("#id_transfer-on", today.isoformat())
    page.locator("form[action$='/transfer/'] button[type=submit]").click()
    page.wait_for_load_state()
    assert "복지정책국" in messages(page)
    roles = page.locator("#roles-caption").locator("xpath=..").inner_text()
    assert "복지정책국" in roles and "교통건설국" in roles  # the old role ended, kept
    assert_accessible(page)
    shot(page, "person-transferred")

    # the manager's approvals for a week, delegated to kim
    page.goto(app_url + "/people/")
    page.locator("tr", has_text="welfare_head").get_by_role("link").click()
    page.wait_for_load_state()
    page.select_option("#id_delegate-kind", "approval")
    page.select_option("#id_delegate-unit", label="복지정책국")
    page.select_option("#id_delegate-delegate", label="kim")
    page.fill("#id_delegate-starts_on", today.isoformat())
    page.fill("#id_delegate-ends_on", week.isoformat())
    page.fill("#id_delegate-reason", "연가")
    page.locator("form[action$='/delegate/'] button[type=submit]").click()
    page.wait_for_load_state()
    assert "kim" in messages(page) and week.isoformat() in messages(page)
    delegations = page.locator("#delegations-caption").locator("xpath=..").inner_text()
    assert "kim" in delegations and "welfare_head" in delegations
    assert_accessible(page)
    shot(page, "delegated")

    # the units page: a rename from next year keeps the old unit as the predecessor
    page.goto(app_url + "/people/")
    page.locator("a.lnb-link[href$='/units/']").click()
    page.wait_for_load_state()
    assert "/units/" in page.url
    assert_accessible(page)
    page.select_option("#id_rename-unit", label="교통건설국")
    page.fill("#id_rename-new_name", "교통도시국")
    page.fill("#id_rename-on", f"{today.year + 1}-01-01")
    page.locator("form[action$='/rename/'] button[type=submit]").click()
    page.wait_for_load_state()
    row = page.locator("tr", has_text="교통도시국").inner_text()
    assert "교통건설국" in row  # its predecessor
    assert_accessible(page)
    shot(page, "units")

    # kim approves the waiting 복지정책국 actual, for welfare_head
    sign_out(page)
    first_sign_in(page, app_url, "kim", password)
    page.goto(f"{app_url}/plans/{plan_pk}/approvals/")
    notice = page.locator(".standing-in").inner_text()
    assert "welfare_head" in notice and week.isoformat() in notice
    assert_accessible(page)
    shot(page, "approvals-as-delegate")
    queue = page.locator("#approval-queue")
    queue.locator("tr", has_text="위기가구 발굴 건수").locator("label").click()
    queue.locator("#approve-form button[type=submit]").click()
    queue.locator(".queue-status .site-alert").wait_for()
    assert app_python(app_env, WAITING).split()[2:] == ["approved", "kim", "welfare_head"]
    page.goto(f"{app_url}/values/{value_pk}/")
    facts = page.locator("dl").first.inner_text()
    assert "kim" in facts and "welfare_head 대리" in facts
    history = page.locator("body").inner_text()
    assert "kim (welfare_head 대리)" in history
    assert_accessible(page)
    shot(page, "value-history")

    # the manager reads the delegation they were given among their own, and could revoke it
    sign_out(page)
    sign_in(page, app_url, "welfare_head", "hanbit-manager-2026")
    page.goto(app_url + "/my/delegations/")
    given = page.locator("#given-caption").locator("xpath=..").inner_text()
    assert "kim" in given and week.isoformat() in given
    assert_accessible(page)
    shot(page, "my-delegations")

    # the superuser of two organisations chooses whose people to manage
    app_python(app_env, OTHER_ORGANISATION)
    sign_out(page)
    sign_in(page, app_url, "admin", "hanbit-admin-2026")
    page.goto(app_url + "/people/")
    assert page.locator("main a", has_text="다른시").count() == 1
    assert_accessible(page)
    assert not page.errors, page.errors
