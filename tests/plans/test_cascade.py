"""The cascade of a year (``plans.selectors.plan_cascade``): the city's goals — the strategic
goals of the year's performance plan — with the department goals and indicators that carry
them (``parent``), and what carries none. On the sample: 기획조정실's BSC sheets carry goal I
of the 2026 performance plan."""

from __future__ import annotations

import pytest

from seonggwa.core.errors import ServiceError
from seonggwa.organisations.models import Organisation
from seonggwa.plans.models import Indicator, Plan, StrategicGoal
from seonggwa.plans.selectors import CascadeGoal, plan_cascade

pytestmark = pytest.mark.django_db


def _plans(sample) -> tuple[Plan, Plan]:  # type: ignore[no-untyped-def]
    return (
        Plan.objects.get(organisation=sample, year=2026, kind="plan"),
        Plan.objects.get(organisation=sample, year=2026, kind="bsc"),
    )


def _everything(plan: Plan):  # type: ignore[no-untyped-def]
    ids = set(Plan.objects.filter(organisation=plan.organisation).values_list("pk", flat=True))
    return plan_cascade(plan=plan, visible_plan_ids=ids)


def _names(nodes: list[CascadeGoal]) -> list[tuple[str, str]]:
    return [(n.goal.name, str(n.goal.owner)) for n in nodes]


def test_each_city_goal_comes_with_the_department_goals_that_carry_it(sample):
    city, bsc = _plans(sample)
    cascade = _everything(bsc)
    assert cascade.city_plan == city
    assert [p.kind for p in cascade.plans] == ["bsc", "plan"]  # the 성과보고서 is left out
    assert [n.goal.code for n in cascade.city_goals] == ["I", "II", "III", "IV", "V", "VI"]
    first = cascade.city_goals[0]
    assert _names(first.carried_by) == [
        ("시정 신뢰 제고", "기획조정실"),
        ("성과 기반 시정 운영", "기획조정실"),
        ("시정 신뢰 제고", "기획조정실실장"),
        ("성과 기반 시정 운영", "기획조정실실장"),
    ]
    assert all(not n.carried_by for n in cascade.city_goals[1:])
    # a city indicator lists the department indicators that carry it ...
    kpi = next(i for i in first.indicators if i.indicator.name == "성과지표 목표 달성률")
    assert [(c.indicator.plan_id, str(c.indicator.owner)) for c in kpi.carried_by] == [
        (bsc.pk, "기획조정실")
    ]
    # ... and a carrying indicator says which one it carries
    carrying = first.carried_by[1].indicators[0]
    assert carrying.indicator.name == "성과지표 목표 달성률"
    assert carrying.carries == kpi.indicator


def test_what_carries_no_city_goal_is_listed(sample):
    _city, bsc = _plans(sample)
    cascade = _everything(bsc)
    assert _names(cascade.goals_without_parent) == [
        ("일하는 방식 혁신", "기획조정실"),
        ("일하는 방식 혁신", "기획조정실실장"),
    ]
    # with their indicators: every department goal is shown once, with all of them
    assert [i.indicator.name for i in cascade.goals_without_parent[0].indicators] == [
        "1인당 교육시간",
        "공무원 청렴도",
    ]
    orphans = cascade.indicators_without_parent
    assert cascade.department_goal_count == 6
    assert cascade.department_indicator_count == Indicator.objects.filter(plan=bsc).count() == 9
    assert len(orphans) == 8 and "성과지표 목표 달성률" not in [i.name for i in orphans]
    satisfaction = next(i for i in orphans if i.name == "시정 만족도")
    assert satisfaction.parent_kpi_text == "시정 만족도"  # printed, not yet linked


def test_the_public_reads_only_the_plans_it_may_see(sample):
    city, bsc = _plans(sample)
    public = plan_cascade(plan=city, visible_plan_ids={city.pk})  # the BSC is a draft
    assert public.plans == [city] and len(public.city_goals) == 6
    assert all(not n.carried_by for n in public.city_goals)
    assert public.goals_without_parent == [] and public.indicators_without_parent == []
    # without the performance plan there are no city goals: the departments' goals are orphans
    alone = plan_cascade(plan=bsc, visible_plan_ids={bsc.pk})
    assert alone.city_plan is None and alone.city_goals == []
    assert len(alone.goals_without_parent) == 6
    assert all(i.carries is None for n in alone.goals_without_parent for i in n.indicators)


def test_a_chain_nests_and_a_loop_is_shown_once(sample):
    _city, bsc = _plans(sample)
    goals = list(StrategicGoal.objects.filter(plan=bsc, name="일하는 방식 혁신").order_by("pk"))
    unit_goal, head_goal = goals
    unit_goal.parent = head_goal  # the unit's goal carries its head's
    unit_goal.save()
    cascade = _everything(bsc)
    assert _names(cascade.goals_without_parent) == [("일하는 방식 혁신", "기획조정실실장")]
    assert _names(cascade.goals_without_parent[0].carried_by) == [
        ("일하는 방식 혁신", "기획조정실")
    ]
    head_goal.parent = unit_goal  # a loop: neither has a top
    head_goal.save()
    cascade = _everything(bsc)
    assert len(cascade.goals_without_parent) == 1
    (node,) = cascade.goals_without_parent
    assert len(node.carried_by) == 1 and node.carried_by[0].carried_by == []


def test_the_cascade_reads_in_three_queries(sample, django_assert_num_queries):
    _city, bsc = _plans(sample)
    ids = set(Plan.objects.values_list("pk", flat=True))
    with django_assert_num_queries(3):
        cascade = plan_cascade(plan=bsc, visible_plan_ids=ids)
        str([(n.goal.owner, n.goal.plan) for n in cascade.goals_without_parent])
        str([(i.owner, i.strategic_goal) for i in cascade.indicators_without_parent])


def test_a_goal_carries_only_a_goal_of_its_own_organisation(sample, django_user_model):
    from seonggwa.organisations.services import owner_get_or_create, unit_create
    from seonggwa.plans.services import indicator_create, plan_create, strategic_goal_create

    admin = django_user_model.objects.get(username="admin")
    other = Organisation.objects.create(name="다른시")
    plan = plan_create(user=admin, organisation=other, year=2026, kind="bsc")
    owner = owner_get_or_create(unit=unit_create(organisation=other, name="기획실"), kind="unit")
    city, _bsc = _plans(sample)
    with pytest.raises(ServiceError, match="다른 기관"):
        strategic_goal_create(
            user=admin, plan=plan, owner=owner, name="x", parent=city.strategic_goals.first()
        )
    goal = strategic_goal_create(user=admin, plan=plan, owner=owner, name="x")
    with pytest.raises(ServiceError, match="다른 기관"):
        indicator_create(user=admin, strategic_goal=goal, name="y", parent=city.indicators.first())
