"""My work for unit staff and managers: what waits to be entered, per plan, unit and period,
with the closing date, overdue marked, linking to the grid."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from seonggwa.plans.models import Period, Plan
from seonggwa.plans.services import period_window_set
from seonggwa.web.entry_sections import values_to_enter

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(sample, django_user_model):
    return {u.username: u for u in django_user_model.objects.all()}


@pytest.fixture
def plan(sample):
    return Plan.objects.get(organisation=sample, year=2026, kind="plan")


def my_work(user) -> str:  # type: ignore[no-untyped-def]
    c = Client()
    c.force_login(user)
    return c.get("/my/").content.decode()


@pytest.mark.parametrize("who", ["welfare_staff", "welfare_head"])
def test_staff_and_managers_see_what_waits_with_the_closing_date(users, plan, who):
    html = my_work(users[who])
    period = Period.objects.get(plan=plan, key="2026")
    assert "work-entry" in html
    assert reverse("web:entry-grid", args=[plan.pk]) + "?period=2026" in html
    assert "복지정책국" in html and period.closes_on.isoformat() in html
    # 복지서비스 이용 만족도 not started, 긴급복지 draft, 돌봄시설 returned: 3 waiting
    section = html.split('id="work-entry"')[1].split("</section>")[0]
    assert "입력할 실적 3건" in section  # the badge
    assert "미착수 1 · 작성 중 1 · 반려 1" in section and "일 남음" in section


def test_others_get_no_entry_section(users):
    for who in ("committee", "officer"):
        assert "work-entry" not in my_work(users[who]), who


def test_a_closed_window_with_actuals_waiting_is_marked_overdue(users, plan):
    period = Period.objects.get(plan=plan, key="2026")
    period_window_set(
        user=users["officer"],
        period=period,
        opens_on=datetime.date(2026, 1, 1),
        closes_on=datetime.date(2026, 1, 31),
        expected_version=period.version,
    )
    [section] = values_to_enter(users["welfare_staff"], list(users["welfare_staff"].roles.all()))
    [item] = section.items
    assert item.badge_class == "bg-light-danger" and "2026-01-31" in str(item.detail)


def test_nothing_waiting_says_so(users, plan):
    from seonggwa.results.models import IndicatorValue

    IndicatorValue.objects.filter(
        indicator__plan=plan, indicator__owner__unit__name="복지정책국", kind="actual"
    ).update(status="submitted")
    from seonggwa.results.services import actual_enter

    ind = plan.indicators.get(name="복지서비스 이용 만족도")
    v = actual_enter(indicator=ind, year=2026, raw_text="80", user=users["welfare_staff"])
    IndicatorValue.objects.filter(pk=v.pk).update(status="approved")
    [section] = values_to_enter(users["welfare_staff"], list(users["welfare_staff"].roles.all()))
    assert section.items == []


def test_a_manager_who_is_also_staff_gets_one_section(users, sample):
    from seonggwa.accounts.services import role_assign
    from seonggwa.organisations.models import OrgUnit

    head = users["welfare_head"]
    role_assign(
        user=head,
        organisation=sample,
        role="unit_staff",
        unit=OrgUnit.objects.get(organisation=sample, name="교통건설국"),
    )
    assert my_work(head).count('id="work-entry"') == 1
