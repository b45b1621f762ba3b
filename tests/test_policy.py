import pytest
from django.contrib.auth.models import AnonymousUser

from seonggwa.organisations.models import OrgUnit
from seonggwa.plans.models import Plan
from seonggwa.policy import (
    can_approve_actual,
    can_edit_plan,
    can_enter_actual,
    can_view_plan,
)

pytestmark = pytest.mark.django_db


def _admin():  # type: ignore[no-untyped-def]
    """The sample's administrator: services take the acting user."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="admin")


@pytest.fixture
def who(django_user_model, sample):
    users = {u.username: u for u in django_user_model.objects.all()}
    users["anonymous"] = AnonymousUser()
    return users


@pytest.fixture
def plan_2026(sample):
    return Plan.objects.get(organisation=sample, year=2026, kind="plan")


@pytest.mark.parametrize(
    ("user", "unit", "enter", "approve"),
    [
        ("welfare_staff", "복지정책국", True, False),
        ("welfare_head", "복지정책국", True, True),
        ("welfare_staff", "교통건설국", False, False),
        ("officer", "교통건설국", True, True),
        ("committee", "복지정책국", False, False),
        ("anonymous", "복지정책국", False, False),
    ],
)
def test_who_may_enter_and_approve_actuals(who, plan_2026, user, unit, enter, approve):
    unit_obj = OrgUnit.objects.get(organisation=plan_2026.organisation, name=unit)
    assert can_enter_actual(who[user], plan_2026, unit_obj) is enter
    assert can_approve_actual(who[user], plan_2026, unit_obj) is approve


def test_nobody_edits_a_closed_plan(who, sample):
    closed = Plan.objects.get(organisation=sample, year=2025, kind="plan")
    assert not can_edit_plan(who["admin"], closed)
    assert can_view_plan(who["anonymous"], closed)


def test_a_draft_is_visible_to_roles_of_its_organisation_only(who, sample):
    draft = Plan.objects.get(organisation=sample, kind="bsc")
    assert can_view_plan(who["committee"], draft)
    assert not can_view_plan(who["anonymous"], draft)


def test_visible_plans_is_the_rule_of_can_view_plan_for_every_user(who, sample):
    from seonggwa.organisations.models import Organisation
    from seonggwa.plans.services import plan_create
    from seonggwa.policy import visible_plans

    plan_create(
        user=_admin(),
        organisation=Organisation.objects.create(name="다른시"),
        year=2026,
        kind="bsc",
    )  # a foreign draft
    for name, user in who.items():
        expected = {p.pk for p in Plan.objects.all() if can_view_plan(user, p)}
        assert set(visible_plans(user).values_list("pk", flat=True)) == expected, name


def test_the_home_page_lists_plans_in_a_fixed_number_of_queries(
    client, who, sample, django_assert_max_num_queries
):
    from seonggwa.plans.services import plan_create

    for year in range(2010, 2020):  # drafts: each needs the role rule, not just the status
        plan_create(user=_admin(), organisation=sample, year=year, kind="bsc")
    client.force_login(who["committee"])
    with django_assert_max_num_queries(6):
        page = client.get("/").content.decode()
    assert page.count("/plans/") == 13


def test_the_units_a_manager_approves_for_are_the_same_for_a_plan_and_its_organisation(
    who, plan_2026
):
    from seonggwa.policy import APPROVING, organisation_units_for, units_for

    welfare = OrgUnit.objects.get(organisation=plan_2026.organisation, name="복지정책국")
    head = who["welfare_head"]
    assert units_for(head, plan_2026, APPROVING) == {welfare.pk}
    assert organisation_units_for(head, plan_2026.organisation_id, APPROVING) == {welfare.pk}
    assert organisation_units_for(who["officer"], plan_2026.organisation, APPROVING) is None
    assert organisation_units_for(who["committee"], plan_2026.organisation, APPROVING) == set()


def test_reviewing_is_refused_in_a_closed_plan_and_a_locked_period_whoever_asks(who, sample):
    from seonggwa.policy import review_refusal

    closed = Plan.objects.get(organisation=sample, year=2025, kind="plan")
    assert "마감" in (review_refusal(who["admin"], closed, None) or "")
    open_plan = Plan.objects.get(organisation=sample, year=2026, kind="plan")
    period = open_plan.periods.get()
    assert review_refusal(who["welfare_head"], open_plan, period) is None
    period.locked = True
    assert "잠겨" in (review_refusal(who["officer"], open_plan, period) or "")


def test_units_enter_once_the_plan_is_confirmed_the_office_any_time(who, sample):
    from seonggwa.policy import entry_refusal

    draft = Plan.objects.get(organisation=sample, kind="bsc")
    period = draft.periods.get()
    refusal = entry_refusal(who["welfare_staff"], draft, period)
    assert refusal is not None and "확정된 뒤" in refusal
    assert entry_refusal(who["officer"], draft, period) is None  # the office records a sheet
    confirmed = Plan.objects.get(organisation=sample, year=2026, kind="plan")
    assert entry_refusal(who["welfare_staff"], confirmed, confirmed.periods.get()) is None


def test_a_runs_results_are_the_offices_until_published_then_anyones(who, sample):
    from seonggwa.evaluation.services import run_finalise, run_publish, run_start
    from seonggwa.policy import can_read_run

    plan = Plan.objects.get(organisation=sample, year=2025, kind="plan")
    run = run_start(user=who["officer"], plan=plan)
    readers = ("officer", "admin", "welfare_head", "welfare_staff", "committee", "anonymous")
    assert {name: can_read_run(who[name], run) for name in readers} == {
        "officer": True,
        "admin": True,
        "welfare_head": False,
        "welfare_staff": False,
        "committee": False,
        "anonymous": False,
    }
    run = run_finalise(user=who["officer"], run=run, expected_version=run.version)
    assert not can_read_run(who["anonymous"], run)
    run = run_publish(user=who["officer"], run=run, expected_version=run.version)
    assert all(can_read_run(who[name], run) for name in readers)
