"""Reads for results: the plan tree (unit → strategic goal → policy goal → indicator with
its targets and actuals by year), built in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from seonggwa.plans.models import BudgetProgram, Indicator, Plan, PolicyGoal, StrategicGoal

from .models import IndicatorValue


@dataclass
class IndicatorNode:
    indicator: Indicator
    values_by_year: dict[int, dict[str, IndicatorValue]] = field(default_factory=dict)


@dataclass
class PolicyNode:
    goal: PolicyGoal | None
    indicators: list[IndicatorNode] = field(default_factory=list)


@dataclass
class GoalNode:
    goal: StrategicGoal
    policies: list[PolicyNode] = field(default_factory=list)
    budget_programs: list[BudgetProgram] = field(default_factory=list)


@dataclass
class OwnerNode:
    owner: Any
    perspectives: list[Any] = field(default_factory=list)
    goals: list[GoalNode] = field(default_factory=list)


@dataclass
class PlanTree:
    plan: Plan
    years: list[int]
    owners: list[OwnerNode]


def plan_tree(*, plan: Plan) -> PlanTree:
    goals = list(
        StrategicGoal.objects.filter(plan=plan)
        .select_related("owner__unit", "perspective")
        .order_by("position", "pk")
    )
    policies = list(PolicyGoal.objects.filter(plan=plan).order_by("position", "pk"))
    indicators = list(
        Indicator.objects.filter(plan=plan)
        .select_related("perspective")
        .prefetch_related(
            Prefetch("values", queryset=IndicatorValue.objects.order_by("year", "quarter", "month"))
        )
        .order_by("position", "pk")
    )
    programs = list(BudgetProgram.objects.filter(plan=plan).order_by("position", "pk"))
    perspectives = list(plan.perspectives.select_related("owner").order_by("position", "pk"))

    policies_by_goal: dict[int, list[PolicyGoal]] = defaultdict(list)
    for p in policies:
        policies_by_goal[p.strategic_goal_id].append(p)
    inds_by_policy: dict[tuple[int, int | None], list[IndicatorNode]] = defaultdict(list)
    years: set[int] = set()
    for ind in indicators:
        node = IndicatorNode(ind)
        for v in ind.values.all():
            if v.quarter == 0 and v.month == 0:
                node.values_by_year.setdefault(v.year, {})[v.kind] = v
                years.add(v.year)
        inds_by_policy[(ind.strategic_goal_id, ind.policy_goal_id)].append(node)
    programs_by_goal: dict[int | None, list[BudgetProgram]] = defaultdict(list)
    for b in programs:
        programs_by_goal[b.strategic_goal_id].append(b)

    owners: dict[int, OwnerNode] = {}
    for g in goals:
        owner_node = owners.setdefault(g.owner_id, OwnerNode(g.owner))
        goal_node = GoalNode(g, budget_programs=programs_by_goal.get(g.pk, []))
        direct = inds_by_policy.get((g.pk, None), [])
        if direct:
            goal_node.policies.append(PolicyNode(None, direct))
        for p in policies_by_goal.get(g.pk, []):
            goal_node.policies.append(PolicyNode(p, inds_by_policy.get((g.pk, p.pk), [])))
        owner_node.goals.append(goal_node)
    for persp in perspectives:
        if persp.owner_id in owners:
            owners[persp.owner_id].perspectives.append(persp)
    return PlanTree(plan=plan, years=sorted(years), owners=list(owners.values()))
