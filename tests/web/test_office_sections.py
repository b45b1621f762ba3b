"""The managers' and the evaluation office's parts of "my work": actuals waiting for a
manager's approval per plan, the units still to submit for the evaluation office, and
everyone's unread notifications; the side navigation's import link for the office."""

from __future__ import annotations

from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from seonggwa.notifications.services import notify
from seonggwa.web.my_work import work_sections

pytestmark = pytest.mark.django_db


def sections(user):  # type: ignore[no-untyped-def]
    return {s.key: s for s in work_sections(user)}


def test_a_manager_sees_the_actuals_waiting_for_approval_per_plan(people, plan):
    approve = sections(people["welfare_head"])["approve"]
    (item,) = approve.items
    assert item.label == str(plan) and item.url == reverse("web:approvals", args=[plan.pk])
    assert "1" in str(item.badge)


def test_a_manager_with_nothing_waiting_is_told_so(people, plan):
    from seonggwa.results.models import IndicatorValue

    IndicatorValue.objects.filter(status="submitted").update(status="draft")
    approve = sections(people["welfare_head"])["approve"]
    assert approve.items == [] and "없습니다" in str(approve.empty)


def test_the_officer_sees_the_units_still_to_submit_per_open_period(people, plan):
    collection = sections(people["officer"])["collection"]
    labels = [str(i.label) for i in collection.items]
    assert f"{plan} · 2026" in labels
    item = collection.items[labels.index(f"{plan} · 2026")]
    assert item.url == reverse("web:board", args=[plan.pk]) + "?period=2026"
    assert "복지정책국(미제출 3, 미착수 1)" in str(item.detail)
    assert "approve" not in sections(people["officer"])  # no manager role


def test_an_overdue_period_is_marked(people, plan):
    import datetime

    period = plan.periods.get()
    period.opens_on, period.closes_on = datetime.date(2026, 1, 1), datetime.date(2026, 1, 2)
    period.save()
    collection = sections(people["officer"])["collection"]
    item = next(i for i in collection.items if str(i.label) == f"{plan} · 2026")
    assert item.badge_class == "bg-light-danger" and "기한 지난 부서" in str(item.badge)


def test_the_administrator_sees_the_collection_too(people):
    assert "collection" in sections(people["admin"])


def test_everyone_sees_their_unread_notifications(people):
    committee = people["committee"]
    assert sections(committee)["notifications"].items == []
    notify(
        users=[committee], kind="approved", params={"indicator": "시정 만족도"}, link="/values/9/"
    )
    (item,) = sections(committee)["notifications"].items
    assert "시정 만족도" in str(item.label) and item.url == "/values/9/"
    assert sections(committee)["notifications"].link_url == reverse("web:notifications")


def test_my_work_shows_the_sections_with_their_links(as_user, plan):
    html = unescape(as_user("welfare_head").get("/my/").content.decode())
    assert 'id="work-approve"' in html and reverse("web:approvals", args=[plan.pk]) in html
    assert 'id="work-notifications"' in html


def test_my_work_asks_a_fixed_number_of_queries_for_the_office(as_user, people):
    import datetime

    from seonggwa.organisations.services import organisation_get_or_create
    from seonggwa.plans.models import Plan
    from seonggwa.plans.services import period_create, plan_create, plan_set_status

    def count() -> int:
        client = as_user("officer")
        client.get("/my/")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/my/").status_code == 200
        return len(ctx.captured_queries)

    few = count()
    org = people["officer"].roles.get().organisation
    for year in range(2027, 2031):
        plan = plan_create(organisation=org, year=year, kind="plan", user=people["admin"])
        today = datetime.date.today()
        period_create(
            user=people["admin"],
            plan=plan,
            key=str(year),
            opens_on=today - datetime.timedelta(days=1),
            closes_on=today + datetime.timedelta(days=30),
        )
        plan_set_status(
            plan=plan,
            status=Plan.Status.CONFIRMED,
            expected_version=plan.version,
            user=people["admin"],
        )
    assert organisation_get_or_create(name="한빛시") == org
    assert count() == few


def test_the_side_navigation_offers_the_import_to_the_office_only(as_user):
    link = f'href="{reverse("web:import-new")}"'
    assert link in as_user("officer").get("/my/").content.decode()
    assert link not in as_user("welfare_head").get("/my/").content.decode()
