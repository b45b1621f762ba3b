"""Reads for plans: lists and single plans, and the cascade of a year. The plan tree with its values is a read over
results (``seonggwa.results.selectors.plan_tree``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

from django.db.models import QuerySet

from seonggwa.organisations.models import Organisation

from .models import Indicator, Plan, StrategicGoal


def plan_list(*, organisation: Organisation | None = None) -> QuerySet[Plan]:
    qs = Plan.objects.select_related("organisation")
    return qs.filter(organisation=organisation) if organisation is not None else qs


def plan_get(*, organisation_name: str, year: int, kind: str) -> Plan | None:
    return (
        Plan.objects.select_related("organisation")
        .filter(organisation__name=organisation_name, year=year, kind=kind)
        .first()
    )


# --- the cascade -----------------------------------------------------------------------------


@dataclass
class CascadeIndicator:
    """An indicator and the indicators that carry it (whose ``parent`` it is), nested."""

    indicator: Indicator
    carried_by: list[CascadeIndicator] = field(default_factory=list)
    carries: Indicator | None = None  # its parent, when the reader may see it


@dataclass
class CascadeGoal:
    """A strategic goal, its indicators and the goals that carry it, nested."""

    goal: StrategicGoal
    indicators: list[CascadeIndicator] = field(default_factory=list)
    carried_by: list[CascadeGoal] = field(default_factory=list)


@dataclass
class Cascade:
    """The cascade of one organisation and year (issue 17, "the cascade, visible").

    ``city_plan`` is the organisation-level plan — the year's performance plan (성과계획서),
    whose strategic goals are the city's goals — or ``None`` when there is none the reader
    may see. ``city_goals`` are its goals with the department goals and indicators that
    carry them; ``goals_without_parent`` and ``indicators_without_parent`` are those of the
    other plans of the year (the departments' BSC) that carry nothing the reader can see.
    Every goal of those plans is in one tree or the other, with all its indicators."""

    city_plan: Plan | None
    plans: list[Plan]
    city_goals: list[CascadeGoal]
    goals_without_parent: list[CascadeGoal]  # with what carries them in turn
    indicators_without_parent: list[Indicator]
    department_goal_count: int
    department_indicator_count: int


def plan_cascade(*, plan: Plan, visible_plan_ids: Collection[int]) -> Cascade:
    """The cascade of ``plan``'s organisation and year, read from the plans of that year the
    reader may see (``visible_plan_ids``; reports left out: they repeat their plan). A goal
    or indicator carries another when its ``parent`` points at it, across plans of the
    organisation; a broken chain (a parent in a plan the reader may not see) counts as no
    parent. Three queries whatever the size."""
    plans = list(
        Plan.objects.filter(
            organisation_id=plan.organisation_id, year=plan.year, pk__in=list(visible_plan_ids)
        )
        .exclude(kind=Plan.Kind.PERFORMANCE_REPORT)
        .select_related("organisation")
        .order_by("kind", "pk")
    )
    city_plan = next((p for p in plans if p.kind == Plan.Kind.PERFORMANCE_PLAN), None)
    goals = list(
        StrategicGoal.objects.filter(plan__in=plans)
        .select_related("owner__unit", "plan__organisation")
        .order_by("position", "pk")
    )
    indicators = list(
        Indicator.objects.filter(plan__in=plans)
        .select_related("owner__unit", "strategic_goal")
        .order_by("position", "pk")
    )
    # in each plan, the goals of one owner together, owners in the order of their first goal
    # (as the plan page shows them)
    owner_rank: dict[int, int] = {}
    for g in goals:
        owner_rank.setdefault(g.owner_id, len(owner_rank))
    goals.sort(key=lambda g: (g.plan_id != plan.pk, g.plan_id, owner_rank[g.owner_id]))
    indicators.sort(key=lambda i: (i.plan_id != plan.pk, i.plan_id, owner_rank.get(i.owner_id, 0)))
    goal_ids = {g.pk for g in goals}
    by_pk = {i.pk: i for i in indicators}
    goals_by_parent: dict[int, list[StrategicGoal]] = defaultdict(list)
    for g in goals:
        if g.parent_id in goal_ids and g.parent_id != g.pk:
            goals_by_parent[g.parent_id].append(g)
    indicators_by_parent: dict[int, list[Indicator]] = defaultdict(list)
    indicators_by_goal: dict[int, list[Indicator]] = defaultdict(list)
    for i in indicators:
        indicators_by_goal[i.strategic_goal_id].append(i)
        if i.parent_id in by_pk and i.parent_id != i.pk:
            indicators_by_parent[i.parent_id].append(i)

    def indicator_node(indicator: Indicator, seen: frozenset[int]) -> CascadeIndicator:
        seen = seen | {indicator.pk}
        return CascadeIndicator(
            indicator,
            [
                indicator_node(child, seen)
                for child in indicators_by_parent[indicator.pk]
                if child.pk not in seen  # a loop in the links is shown once
            ],
            carries=by_pk.get(indicator.parent_id) if indicator.parent_id else None,
        )

    reached: set[int] = set()

    def goal_node(goal: StrategicGoal, seen: frozenset[int]) -> CascadeGoal:
        seen = seen | {goal.pk}
        reached.add(goal.pk)
        return CascadeGoal(
            goal,
            [indicator_node(i, frozenset()) for i in indicators_by_goal[goal.pk]],
            [goal_node(child, seen) for child in goals_by_parent[goal.pk] if child.pk not in seen],
        )

    city_pk = city_plan.pk if city_plan is not None else None
    tops = [g for g in goals if g.parent_id not in goal_ids]
    city_goals = [goal_node(g, frozenset()) for g in tops if g.plan_id == city_pk]
    orphans = [goal_node(g, frozenset()) for g in tops if g.plan_id != city_pk]
    # goals whose links go round in a loop reach no top: shown with the orphans
    orphans += [goal_node(g, frozenset()) for g in goals if g.pk not in reached]
    departments = [g for g in goals if g.plan_id != city_pk]
    return Cascade(
        city_plan=city_plan,
        plans=plans,
        city_goals=city_goals,
        goals_without_parent=orphans,
        indicators_without_parent=[
            i for i in indicators if i.plan_id != city_pk and i.parent_id not in by_pk
        ],
        department_goal_count=len(departments),
        department_indicator_count=sum(1 for i in indicators if i.plan_id != city_pk),
    )
