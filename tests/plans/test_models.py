from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from seonggwa.core.errors import ConflictError, ServiceError
from seonggwa.organisations.models import Organisation
from seonggwa.organisations.services import owner_get_or_create, unit_create
from seonggwa.plans.models import (
    BudgetProgram,
    Indicator,
    Perspective,
    Plan,
    PolicyGoal,
    StrategicGoal,
)
from seonggwa.plans.services import (
    indicator_create,
    indicator_update,
    perspective_create,
    plan_create,
    plan_set_status,
    policy_goal_create,
    strategic_goal_create,
)

pytestmark = pytest.mark.django_db


def _admin():  # type: ignore[no-untyped-def]
    """The sample's administrator: services take the acting user."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="admin")


@pytest.fixture
def plan():
    org = Organisation.objects.create(name="시험시")
    return plan_create(user=_admin(), organisation=org, year=2024, kind=Plan.Kind.PERFORMANCE_PLAN)


@pytest.fixture
def owner(plan):
    return owner_get_or_create(unit=unit_create(organisation=plan.organisation, name="대변인"))


def test_one_plan_per_organisation_year_and_kind(plan):
    with pytest.raises(ServiceError, match="이미 있습니다"):
        plan_create(
            user=_admin(),
            organisation=plan.organisation,
            year=2024,
            kind=Plan.Kind.PERFORMANCE_PLAN,
        )
    assert (
        plan_create(
            user=_admin(), organisation=plan.organisation, year=2024, kind=Plan.Kind.BSC
        ).kind
        == "bsc"
    )


def test_strategic_goal_codes_are_unique_per_plan_but_may_be_blank(plan, owner):
    strategic_goal_create(user=_admin(), plan=plan, owner=owner, name="가", code="III")
    strategic_goal_create(user=_admin(), plan=plan, owner=owner, name="나")
    strategic_goal_create(user=_admin(), plan=plan, owner=owner, name="다")
    with pytest.raises(ValidationError):
        strategic_goal_create(user=_admin(), plan=plan, owner=owner, name="라", code="III")
    with pytest.raises(IntegrityError), transaction.atomic():
        StrategicGoal.objects.create(plan=plan, owner=owner, name="마", code="III")


def test_policy_goal_codes_are_unique_per_plan(plan, owner):
    goal = strategic_goal_create(user=_admin(), plan=plan, owner=owner, name="가", code="III")
    policy_goal_create(user=_admin(), strategic_goal=goal, name="정책 1", code="III-14")
    with pytest.raises(IntegrityError), transaction.atomic():
        PolicyGoal.objects.create(plan=plan, strategic_goal=goal, name="정책 2", code="III-14")


def test_weights_and_amounts_are_exact_decimals(plan, owner):
    goal = strategic_goal_create(
        user=_admin(), plan=plan, owner=owner, name="가", program_amount=Decimal("1298000000")
    )
    ind = indicator_create(
        user=_admin(),
        strategic_goal=goal,
        name="정정보도 반영률",
        weight=Decimal("7.5"),
        unit_of_measure="%",
    )
    ind.refresh_from_db()
    goal.refresh_from_db()
    assert ind.weight == Decimal("7.5") and isinstance(ind.weight, Decimal)
    assert goal.program_amount == Decimal("1298000000")
    program = BudgetProgram.objects.create(
        plan=plan,
        owner=owner,
        name="홍보",
        budget=Decimal("1523000000"),
        previous_budget=Decimal("1621000000"),
    )
    program.refresh_from_db()
    assert program.budget_change == Decimal("-98000000")


@pytest.mark.parametrize("weight", ["-1", "100.001"])
def test_weights_outside_0_to_100_are_refused(plan, owner, weight):
    goal = strategic_goal_create(user=_admin(), plan=plan, owner=owner, name="가")
    with pytest.raises(ValidationError):
        indicator_create(user=_admin(), strategic_goal=goal, name="지표", weight=Decimal(weight))
    with pytest.raises(IntegrityError), transaction.atomic():
        Perspective.objects.create(plan=plan, owner=owner, name="정책성과", weight=Decimal(weight))


def test_perspective_names_are_unique_per_owner(plan, owner):
    perspective_create(user=_admin(), plan=plan, owner=owner, name="시민고객", weight=Decimal(20))
    with pytest.raises(ValidationError):
        perspective_create(
            user=_admin(), plan=plan, owner=owner, name="시민고객", weight=Decimal(30)
        )


def test_status_flows_draft_confirmed_closed_and_closed_is_final(plan):
    plan = plan_set_status(
        user=_admin(), plan=plan, status=Plan.Status.CONFIRMED, expected_version=plan.version
    )
    plan = plan_set_status(
        user=_admin(), plan=plan, status=Plan.Status.CLOSED, expected_version=plan.version
    )
    with pytest.raises(ServiceError):
        plan_set_status(
            user=_admin(), plan=plan, status=Plan.Status.DRAFT, expected_version=plan.version
        )


def test_status_change_with_a_stale_version_is_a_conflict(plan):
    stale = plan.version
    plan_set_status(user=_admin(), plan=plan, status=Plan.Status.CONFIRMED, expected_version=stale)
    plan.status = Plan.Status.CONFIRMED
    with pytest.raises(ConflictError):
        plan_set_status(user=_admin(), plan=plan, status=Plan.Status.CLOSED, expected_version=stale)


def test_a_closed_plan_refuses_new_content(plan, owner):
    plan = plan_set_status(
        user=_admin(), plan=plan, status=Plan.Status.CONFIRMED, expected_version=plan.version
    )
    plan = plan_set_status(
        user=_admin(), plan=plan, status=Plan.Status.CLOSED, expected_version=plan.version
    )
    with pytest.raises(ServiceError, match="마감"):
        strategic_goal_create(user=_admin(), plan=plan, owner=owner, name="가")


def test_indicator_update_refuses_to_overwrite_a_newer_change(plan, owner):
    goal = strategic_goal_create(user=_admin(), plan=plan, owner=owner, name="가")
    ind = indicator_create(user=_admin(), strategic_goal=goal, name="지표", unit_of_measure="건")
    seen = ind.updated_at
    indicator_update(user=_admin(), indicator=ind, expected_updated_at=seen, unit_of_measure="개")
    with pytest.raises(ConflictError):
        indicator_update(
            user=_admin(), indicator=ind, expected_updated_at=seen, unit_of_measure="명"
        )
    assert Indicator.objects.get(pk=ind.pk).unit_of_measure == "개"


def test_indicator_due_month_must_be_a_month(plan, owner):
    goal = strategic_goal_create(user=_admin(), plan=plan, owner=owner, name="가")
    with pytest.raises(ValidationError):
        indicator_create(user=_admin(), strategic_goal=goal, name="지표", due_month=13)


def test_a_plan_names_a_grading_scheme_the_engine_knows(plan):
    with pytest.raises(ServiceError, match="performance_report"):
        plan_create(
            user=_admin(),
            organisation=plan.organisation,
            year=2030,
            kind=Plan.Kind.PERFORMANCE_PLAN,
            grading_scheme="marks",
        )
    ok = plan_create(
        user=_admin(),
        organisation=plan.organisation,
        year=2030,
        kind=Plan.Kind.PERFORMANCE_PLAN,
        grading_scheme="performance_report",
    )
    assert ok.grading_scheme == "performance_report"


def test_a_status_change_is_in_the_audit_trail_with_before_and_after(plan):
    from seonggwa.audit.context import acting_as
    from seonggwa.audit.models import AuditEvent

    with acting_as(None, "cli:officer"):
        plan_set_status(
            user=_admin(), plan=plan, status=Plan.Status.CONFIRMED, expected_version=plan.version
        )
    event = AuditEvent.objects.get(model="plans.Plan", object_pk=str(plan.pk), action="update")
    assert event.changes["status"] == ["draft", "confirmed"]
    # the service acts as the user it is given, whoever runs it
    assert event.changes["version"] == [1, 2] and event.actor_label == "admin"


def test_the_status_flow_is_checked_against_the_stored_status_not_the_callers_copy(plan):
    stale_copy = Plan.objects.get(pk=plan.pk)
    plan_set_status(user=_admin(), plan=plan, status=Plan.Status.CONFIRMED, expected_version=1)
    stale_copy.status = Plan.Status.DRAFT  # what an old screen still shows
    with pytest.raises(ServiceError, match="바꿀 수 없습니다"):
        plan_set_status(
            user=_admin(), plan=stale_copy, status=Plan.Status.CONFIRMED, expected_version=2
        )
