"""Periods and the plan lifecycle (docs/workflow.md): keys, windows, locks, publication, and
a plan that closes only when every period is published."""

import datetime

import pytest

from seonggwa.core.errors import ConflictError, PermissionDenied, ServiceError
from seonggwa.notifications.models import Notification
from seonggwa.plans.models import Period, Plan
from seonggwa.plans.services import (
    period_create,
    period_lock,
    period_publish,
    period_reopen,
    period_window_set,
    plan_set_status,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(sample):
    return Plan.objects.get(organisation=sample, year=2026, kind="plan")


@pytest.fixture
def people(django_user_model):
    return {u.username: u for u in django_user_model.objects.all()}


@pytest.fixture
def officer(people):
    return people["officer"]


@pytest.mark.parametrize(
    ("key", "frequency", "quarter", "month"),
    [("2026-Q2", "quarter", 2, 0), ("2026-07", "month", 0, 7)],
)
def test_a_period_is_a_quarter_or_a_month_of_the_plans_year(
    plan, officer, key, frequency, quarter, month
):
    period = period_create(user=officer, plan=plan, key=key)
    assert (period.key, period.frequency, period.year, period.quarter, period.month) == (
        key,
        frequency,
        2026,
        quarter,
        month,
    )


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("2026-Q5", "읽을 수 없습니다"),
        ("2026/3", "읽을 수 없습니다"),
        ("2025", "2026년 안에"),
        ("2026", "이미 있습니다"),
    ],
)
def test_a_bad_period_is_refused_with_why(plan, officer, key, message):
    with pytest.raises(ServiceError, match=message):
        period_create(user=officer, plan=plan, key=key)


def test_a_window_needs_both_dates_in_order(plan, officer):
    with pytest.raises(ServiceError, match="함께"):
        period_create(user=officer, plan=plan, key="2026-Q1", opens_on=datetime.date(2026, 1, 1))
    with pytest.raises(ServiceError, match="앞섭니다"):
        period_create(
            user=officer,
            plan=plan,
            key="2026-Q1",
            opens_on=datetime.date(2026, 3, 1),
            closes_on=datetime.date(2026, 2, 1),
        )


def test_only_the_office_manages_periods(plan, people):
    period = Period.objects.get(plan=plan, key="2026")
    for who in ("welfare_staff", "welfare_head", "committee"):
        with pytest.raises(PermissionDenied):
            period_create(user=people[who], plan=plan, key="2026-Q1")
        with pytest.raises(PermissionDenied):
            period_lock(
                user=people[who], period=period, reason="x", expected_version=period.version
            )


def test_opening_a_window_tells_the_units_people_once(plan, officer):
    today = datetime.date.today()
    window = {
        "opens_on": today - datetime.timedelta(days=1),
        "closes_on": today + datetime.timedelta(days=9),
    }
    period = period_create(user=officer, plan=plan, key="2026-Q4", **window)
    told = Notification.objects.filter(kind="window_opened", params__period="2026-Q4")
    users = set(told.values_list("user__username", flat=True))
    assert users == {"welfare_staff", "welfare_head"}  # 복지정책국's people
    period = period_window_set(
        user=officer, period=period, expected_version=period.version, **window
    )
    assert told.count() == 2  # unchanged window: not told again


def test_lock_publish_reopen(plan, officer):
    period = Period.objects.get(plan=plan, key="2026")
    with pytest.raises(ServiceError, match="먼저 잠근"):
        period_publish(user=officer, period=period, expected_version=period.version)
    period = period_lock(
        user=officer, period=period, reason="수집 완료", expected_version=period.version
    )
    assert period.locked and period.lock_note == "수집 완료"
    with pytest.raises(ServiceError, match="잠겨 있어 입력 기간을"):
        period_window_set(
            user=officer,
            period=period,
            opens_on=datetime.date(2026, 2, 1),
            closes_on=datetime.date(2026, 3, 1),
            expected_version=period.version,
        )
    with pytest.raises(ConflictError):
        period_publish(user=officer, period=period, expected_version=period.version - 1)
    period = period_publish(user=officer, period=period, expected_version=period.version)
    assert period.published and period.published_at is not None
    period = period_reopen(
        user=officer, period=period, reason="오류 정정", expected_version=period.version
    )
    assert not period.locked and not period.published and period.lock_note == "오류 정정"


def test_a_plan_closes_only_when_every_period_is_published_and_then_refuses_everything(
    plan, officer
):
    with pytest.raises(ServiceError, match="공개하지 않은 기간\\(2026\\)"):
        plan_set_status(user=officer, plan=plan, status="closed", expected_version=plan.version)
    period = Period.objects.get(plan=plan, key="2026")
    period = period_lock(user=officer, period=period, reason="끝", expected_version=period.version)
    period = period_publish(user=officer, period=period, expected_version=period.version)
    plan = plan_set_status(user=officer, plan=plan, status="closed", expected_version=plan.version)
    assert plan.status == "closed"
    with pytest.raises(ServiceError, match="마감"):
        period_reopen(user=officer, period=period, reason="x", expected_version=period.version)
    with pytest.raises(ServiceError, match="마감"):
        period_create(user=officer, plan=plan, key="2026-Q1")
    with pytest.raises(ServiceError, match="마감"):
        plan_set_status(user=officer, plan=plan, status="confirmed", expected_version=plan.version)


def test_a_refusal_names_the_field_it_is_about(plan, officer):
    with pytest.raises(ServiceError) as bad_key:
        period_create(user=officer, plan=plan, key="2026-Q5")
    assert bad_key.value.field == "key"
    with pytest.raises(ServiceError) as order:
        period_create(
            user=officer,
            plan=plan,
            key="2026-Q2",
            opens_on=datetime.date(2026, 7, 1),
            closes_on=datetime.date(2026, 6, 1),
        )
    assert order.value.field == "closes_on"
    with pytest.raises(ServiceError) as half:
        period_create(user=officer, plan=plan, key="2026-Q2", closes_on=datetime.date(2026, 6, 1))
    assert half.value.field == "opens_on"
