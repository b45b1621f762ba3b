"""A unit shapes its own draft through the services: strategic goals and their policy goals
added, renamed and taken out, indicators placed under a goal, a policy goal and a BSC
perspective, budget programs linked to a goal, so the unit fixes what the live checks flag
without the office. Each change checks the draft's version and is audited."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from seonggwa.audit.models import AuditEvent
from seonggwa.core.errors import ConflictError, PermissionDenied, ServiceError

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(sample: Any, django_user_model: Any) -> dict[str, Any]:
    return {u.username: u for u in django_user_model.objects.all()}


@pytest.fixture
def rnd(sample: Any, people: dict[str, Any]) -> Any:
    from seonggwa.planning.services import round_open
    from seonggwa.plans.models import Plan

    source = Plan.objects.get(organisation=sample, year=2026, kind="plan")
    return round_open(
        user=people["officer"],
        source_plan=source,
        deadline=datetime.date.today() + datetime.timedelta(days=30),
        max_goals=1,
        perspective_weights={"재무": Decimal(50), "고객": Decimal(50)},
    )


def _welfare(rnd: Any) -> Any:
    return rnd.drafts.get(owner__unit__name="복지정책국", owner__kind="unit")


def test_a_unit_adds_and_takes_out_a_goal_to_meet_the_cap(rnd: Any, people: dict[str, Any]) -> None:
    from seonggwa.planning.selectors import draft_view
    from seonggwa.planning.services import draft_goal_add, draft_goal_remove

    staff = people["welfare_staff"]
    draft = _welfare(rnd)
    goal = draft_goal_add(
        user=staff, draft=draft, name="새 전략목표", expected_version=draft.version
    )
    draft.refresh_from_db()
    assert any("상한(1개)" in c.message for c in draft_view(draft=draft).errors)
    assert any("성과지표가 없습니다" in c.message for c in draft_view(draft=draft).warnings)
    draft_goal_remove(user=staff, goal=goal, expected_version=draft.version)
    draft.refresh_from_db()
    assert not any("상한" in c.message for c in draft_view(draft=draft).errors)
    events = AuditEvent.objects.filter(model="plans.StrategicGoal", object_pk=str(goal.pk))
    assert {e.action for e in events} == {"create", "delete"}
    assert {e.actor_id for e in events} == {staff.pk}


def test_a_goal_with_indicators_is_not_taken_out(rnd: Any, people: dict[str, Any]) -> None:
    from seonggwa.planning.services import draft_goal_remove
    from seonggwa.plans.models import StrategicGoal

    draft = _welfare(rnd)
    goal = StrategicGoal.objects.filter(plan=rnd.plan, owner=draft.owner).first()
    with pytest.raises(ServiceError, match="다른 목표로 옮기거나"):
        draft_goal_remove(user=people["welfare_staff"], goal=goal, expected_version=draft.version)
    assert StrategicGoal.objects.filter(pk=goal.pk).exists()


def test_policy_goals_are_added_renamed_and_taken_out_keeping_indicators(
    rnd: Any, people: dict[str, Any]
) -> None:
    from seonggwa.planning.selectors import draft_view
    from seonggwa.planning.services import (
        draft_indicator_place,
        draft_policy_goal_add,
        draft_policy_goal_remove,
        draft_policy_goal_save,
    )
    from seonggwa.plans.models import Indicator, Perspective, StrategicGoal

    staff = people["welfare_staff"]
    draft = _welfare(rnd)
    goal = StrategicGoal.objects.filter(plan=rnd.plan, owner=draft.owner).first()
    policy = draft_policy_goal_add(
        user=staff, goal=goal, name="돌봄 강화", expected_version=draft.version
    )
    draft.refresh_from_db()
    policy = draft_policy_goal_save(
        user=staff, policy_goal=policy, name="돌봄 체계 강화", expected_version=draft.version
    )
    draft.refresh_from_db()
    ind = Indicator.objects.filter(plan=rnd.plan, owner=draft.owner).first()
    finance = Perspective.objects.get(plan=rnd.plan, owner=draft.owner, name="재무")
    draft_indicator_place(
        user=staff,
        indicator=ind,
        expected_version=draft.version,
        goal=goal,
        policy_goal=policy,
        perspective=finance,
    )
    ind.refresh_from_db()
    assert (ind.policy_goal_id, ind.perspective_id) == (policy.pk, finance.pk)
    draft.refresh_from_db()
    view = draft_view(draft=draft)
    assert "돌봄 체계 강화" in [p.name for g in view.goals for p in g.policy_goals]
    assert {p.name for p in view.perspectives} == {"재무", "고객"}
    draft_policy_goal_remove(user=staff, policy_goal=policy, expected_version=draft.version)
    ind.refresh_from_db()
    assert ind.policy_goal_id is None and ind.strategic_goal_id == goal.pk  # the indicator stays
    assert AuditEvent.objects.filter(
        model="plans.PolicyGoal", object_pk=str(policy.pk), action="update", actor=staff
    ).exists()


def test_an_indicator_is_placed_only_in_its_units_goals(rnd: Any, people: dict[str, Any]) -> None:
    from seonggwa.planning.services import draft_indicator_place, draft_policy_goal_add
    from seonggwa.plans.models import Indicator, StrategicGoal

    staff = people["welfare_staff"]
    draft = _welfare(rnd)
    ind = Indicator.objects.filter(plan=rnd.plan, owner=draft.owner).first()
    other = StrategicGoal.objects.filter(plan=rnd.plan).exclude(owner=draft.owner).first()
    with pytest.raises(ServiceError, match="계획의 항목만"):
        draft_indicator_place(user=staff, indicator=ind, expected_version=draft.version, goal=other)
    own = ind.strategic_goal
    second = StrategicGoal.objects.create(plan=rnd.plan, owner=draft.owner, name="둘째")
    policy = draft_policy_goal_add(
        user=staff, goal=second, name="둘째 정책", expected_version=draft.version
    )
    draft.refresh_from_db()
    with pytest.raises(ServiceError, match="아래에 없습니다"):
        draft_indicator_place(
            user=staff, indicator=ind, expected_version=draft.version, goal=own, policy_goal=policy
        )
    with pytest.raises(ConflictError):
        draft_indicator_place(
            user=staff, indicator=ind, expected_version=draft.version - 1, goal=own
        )


def test_a_budget_program_linked_to_a_goal_clears_the_check(
    rnd: Any, people: dict[str, Any]
) -> None:
    from seonggwa.planning.selectors import draft_view
    from seonggwa.planning.services import draft_program_link
    from seonggwa.plans.models import BudgetProgram, StrategicGoal

    staff = people["welfare_staff"]
    draft = _welfare(rnd)
    program = BudgetProgram.objects.create(plan=rnd.plan, owner=draft.owner, name="돌봄 사업")
    assert any("돌봄 사업" in c.message for c in draft_view(draft=draft).errors)
    goal = StrategicGoal.objects.filter(plan=rnd.plan, owner=draft.owner).first()
    draft_program_link(user=staff, program=program, expected_version=draft.version, goal=goal)
    draft.refresh_from_db()
    assert not any("돌봄 사업" in c.message for c in draft_view(draft=draft).errors)
    assert AuditEvent.objects.filter(
        model="plans.BudgetProgram", object_pk=str(program.pk), action="update", actor=staff
    ).exists()


def test_another_unit_and_the_committee_may_not_shape_the_draft(
    rnd: Any, people: dict[str, Any]
) -> None:
    from seonggwa.planning.services import draft_goal_add

    draft = rnd.drafts.exclude(owner__unit__name="복지정책국").first()
    for who in ("welfare_staff", "committee"):
        with pytest.raises(PermissionDenied):
            draft_goal_add(user=people[who], draft=draft, name="x", expected_version=draft.version)
