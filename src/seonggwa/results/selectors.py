"""Reads for results: the plan tree (unit → strategic goal → policy goal → indicator with
its targets and actuals by year), built in a fixed number of queries.

What the public sees is decided here once: with ``public=True`` an actual is in the tree
only when it is approved and its period is published, and no scores (those come from
published evaluation runs); targets and baselines of a visible plan are public."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext

from seonggwa.plans.models import (
    BudgetProgram,
    Indicator,
    Period,
    Perspective,
    Plan,
    PolicyGoal,
    StrategicGoal,
)

from .models import IndicatorValue


@dataclass
class IndicatorNode:
    indicator: Indicator  # or an IndicatorRow (plan_trees(light=True))
    values_by_year: dict[int, dict[str, IndicatorValue]] = field(default_factory=dict)
    # last year's actual of the same indicator in last year's plan (``Indicator.previous``),
    # for relative targets (전년대비 5% 증가) when this plan does not hold that actual itself
    previous_actual: IndicatorValue | None = None


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


def published_periods(*, plan_ids: set[int]) -> set[tuple[int, int, int, int]]:
    """(plan id, year, quarter, month) of the published periods of those plans."""
    return set(
        Period.objects.filter(plan_id__in=plan_ids, published=True).values_list(
            "plan_id", "year", "quarter", "month"
        )
    )


def value_is_public(
    value: IndicatorValue,
    plan_id: int,
    plan_year: int,
    published: set[tuple[int, int, int, int]],
) -> bool:
    """Targets and baselines are public; an actual once approved, in a published period or
    of a year before the plan's (history the office records, printed in the plan document);
    scores never (they come from published evaluation runs)."""
    if value.kind in (IndicatorValue.Kind.TARGET, IndicatorValue.Kind.BASELINE):
        return True
    if value.kind != IndicatorValue.Kind.ACTUAL:
        return False
    return value.status == IndicatorValue.Status.APPROVED and (
        value.year < plan_year or (plan_id, value.year, value.quarter, value.month) in published
    )


def plan_tree(*, plan: Plan, public: bool = False, light_values: bool = False) -> PlanTree:
    """The plan as a tree, read in a fixed number of queries (:func:`plan_trees`)."""
    return plan_trees(plans=[plan], public=public, light_values=light_values)[0]


@dataclass(frozen=True, slots=True)
class YearValue:
    """A yearly value as the evaluation reads it (``plan_trees(light=True)``): the columns
    of ``IndicatorValue`` that achievement, grading and publication look at, without the
    cost of a model object per row."""

    pk: int
    indicator_id: int
    kind: str
    year: int
    quarter: int
    month: int
    raw_text: str
    value: Any
    status: str


_YEAR_VALUE_COLUMNS = (
    "pk",
    "indicator_id",
    "kind",
    "year",
    "quarter",
    "month",
    "raw_text",
    "value",
    "status",
)


@dataclass(slots=True)
class IndicatorRow:
    """An indicator as the evaluation reads it (``plan_trees(light=True)``): the columns
    achievement, grading, scoring and the stored result look at — its place, weight and
    rules — without the cost of a model object per indicator."""

    pk: int
    plan_id: int
    owner_id: int
    strategic_goal_id: int
    policy_goal_id: int | None
    perspective_id: int | None
    previous_id: int | None
    code: str
    name: str
    weight: Any
    direction: str
    measure: str
    mark_raw: str
    composite_parts: Any
    cap: Any
    milestone_stages: Any
    grade_scores: Any
    evaluated_part: str
    not_rated: bool
    not_rated_bucket: str
    rules_version: int
    position: int
    perspective: Any = None

    @property
    def id(self) -> int:
        return self.pk

    def __str__(self) -> str:
        return f"{self.code}. {self.name}" if self.code else self.name


_INDICATOR_COLUMNS = [f.name for f in fields(IndicatorRow) if f.name != "perspective"]


def _year_values(queryset: Any, light: bool) -> Iterable[Any]:
    if not light:
        rows: Iterable[Any] = queryset
        return rows
    return (YearValue(*row) for row in queryset.values_list(*_YEAR_VALUE_COLUMNS))


def plan_trees(
    *,
    plans: Sequence[Plan],
    public: bool = False,
    light: bool = False,
    light_values: bool = False,
) -> list[PlanTree]:
    """The trees of several plans, in the order given, in a fixed number of queries however
    many plans and indicators (the evaluation of many organisations reads them in one go).

    Only the yearly values (no quarter, no month) are in a tree. ``light`` reads them as
    :class:`YearValue` rows and the indicators as :class:`IndicatorRow` rows instead of
    model objects — what an evaluation run needs, many times faster for hundreds of
    thousands of values. ``light_values`` reads only the values as rows and keeps the
    indicators as model objects (the reports: they print many columns of an indicator but
    of a value only what a :class:`YearValue` holds)."""
    by_pk = {p.pk: p for p in plans}
    plan_ids = list(by_pk)
    goals = list(
        StrategicGoal.objects.filter(plan_id__in=plan_ids)
        .select_related("owner__unit", "perspective")
        .order_by("position", "pk")
    )
    policies = list(PolicyGoal.objects.filter(plan_id__in=plan_ids).order_by("position", "pk"))
    indicator_rows = Indicator.objects.filter(plan_id__in=plan_ids).order_by("position", "pk")
    indicators: list[Any] = (
        [IndicatorRow(*row) for row in indicator_rows.values_list(*_INDICATOR_COLUMNS)]
        if light
        else list(indicator_rows)
    )
    yearly = IndicatorValue.objects.filter(quarter=0, month=0)
    values_of: dict[int, list[Any]] = defaultdict(list)
    light_values = light or light_values
    for v in _year_values(
        yearly.filter(indicator__plan_id__in=plan_ids).order_by("year", "pk"), light_values
    ):
        values_of[v.indicator_id].append(v)
    programs = list(BudgetProgram.objects.filter(plan_id__in=plan_ids).order_by("position", "pk"))
    perspectives = list(
        Perspective.objects.filter(plan_id__in=plan_ids)
        .select_related("owner")
        .order_by("position", "pk")
    )
    # each indicator's perspective is one of its plan's, read once above (not once per
    # indicator); one more query only for a perspective outside the plans read
    perspective_of = {p.pk: p for p in perspectives}
    outside = {i.perspective_id for i in indicators} - set(perspective_of) - {None}
    if outside:
        perspective_of.update(Perspective.objects.in_bulk(outside))
    for ind in indicators:
        if ind.perspective_id is not None:
            ind.perspective = perspective_of[ind.perspective_id]
    # last year's actuals of the linked indicators of last year's plans, with their plan
    previous_actuals: dict[tuple[int, int], tuple[Any, int]] = {}
    if any(i.previous_id is not None for i in indicators):
        linked = yearly.filter(
            indicator_id__in=Indicator.objects.filter(
                plan_id__in=plan_ids, previous__isnull=False
            ).values("previous_id"),
            kind=IndicatorValue.Kind.ACTUAL,
        )
        if light_values:
            for *row, plan_id in linked.values_list(*_YEAR_VALUE_COLUMNS, "indicator__plan_id"):
                v = YearValue(*row)
                previous_actuals[(v.indicator_id, v.year)] = (v, plan_id)
        else:
            for v in linked.annotate(plan_of=F("indicator__plan_id")):
                previous_actuals[(v.indicator_id, v.year)] = (v, v.plan_of)
    published = (
        published_periods(plan_ids=set(plan_ids) | {pid for _, pid in previous_actuals.values()})
        if public
        else set()
    )
    inds_by_policy: dict[tuple[int, int | None], list[IndicatorNode]] = defaultdict(list)
    years: dict[int, set[int]] = defaultdict(set)
    for ind in indicators:
        plan = by_pk[ind.plan_id]
        node = IndicatorNode(ind)
        for v in values_of.get(ind.pk, ()):
            if public and not value_is_public(v, plan.pk, plan.year, published):
                continue
            node.values_by_year.setdefault(v.year, {})[v.kind] = v
            years[plan.pk].add(v.year)
        prior = (
            previous_actuals.get((ind.previous_id, plan.year - 1))
            if ind.previous_id is not None
            else None
        )
        if prior is not None and (
            not public or value_is_public(prior[0], prior[1], plan.year - 1, published)
        ):
            node.previous_actual = prior[0]
        inds_by_policy[(ind.strategic_goal_id, ind.policy_goal_id)].append(node)
    programs_by_goal: dict[int | None, list[BudgetProgram]] = defaultdict(list)
    for b in programs:
        programs_by_goal[b.strategic_goal_id].append(b)
    policies_by_goal: dict[int, list[PolicyGoal]] = defaultdict(list)
    for p in policies:
        policies_by_goal[p.strategic_goal_id].append(p)

    owners: dict[int, dict[int, OwnerNode]] = defaultdict(dict)
    for g in goals:
        owner_node = owners[g.plan_id].setdefault(g.owner_id, OwnerNode(g.owner))
        goal_node = GoalNode(g, budget_programs=programs_by_goal.get(g.pk, []))
        direct = inds_by_policy.get((g.pk, None), [])
        if direct:
            goal_node.policies.append(PolicyNode(None, direct))
        for p in policies_by_goal.get(g.pk, []):
            goal_node.policies.append(PolicyNode(p, inds_by_policy.get((g.pk, p.pk), [])))
        owner_node.goals.append(goal_node)
    for persp in perspectives:
        if persp.owner_id in owners[persp.plan_id]:
            owners[persp.plan_id][persp.owner_id].perspectives.append(persp)
    return [
        PlanTree(plan=p, years=sorted(years[p.pk]), owners=list(owners[p.pk].values()))
        for p in plans
    ]


# --- collection status: unit × period ---------------------------------------------------------

NOT_STARTED = "not_started"


@dataclass
class UnitPeriodStatus:
    """How far a unit's actuals of one period are: counts per state, and whether the entry
    window has closed with actuals still not submitted (overdue)."""

    unit: Any
    period: Period
    indicators: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # not_started, draft, submitted, …

    @property
    def waiting(self) -> int:
        """Not started, draft or returned: still to be submitted by the unit."""
        return sum(self.counts.get(k, 0) for k in (NOT_STARTED, "draft", "rejected"))

    def overdue(self, today: datetime.date) -> bool:
        closes = self.period.closes_on
        return closes is not None and today > closes and self.waiting > 0 and not self.period.locked


def collection_board(*, plan: Plan, unit_ids: set[int] | None = None) -> list[UnitPeriodStatus]:
    """Per unit (of the plan's indicators) and period: how many actuals are in each state.
    ``unit_ids`` keeps those units. Three queries whatever the size of the plan."""
    periods = list(Period.objects.filter(plan=plan).order_by("year", "quarter", "month"))
    return _boards(periods, unit_ids)


def period_board(*, period: Period, unit_ids: set[int] | None = None) -> list[UnitPeriodStatus]:
    """:func:`collection_board` of one period (three queries)."""
    return _boards([period], unit_ids)


def open_collection(
    *, organisation_ids: Iterable[int], today: datetime.date
) -> list[UnitPeriodStatus]:
    """For the evaluation office's "my work": every unit with actuals still to submit in a
    period whose entry window has opened (open now, or closed and overdue) and that is not
    locked, in the open plans of those organisations — by plan, period and unit. Three
    queries however many plans."""
    periods = list(
        Period.objects.filter(
            plan__organisation_id__in=list(organisation_ids),
            locked=False,
            opens_on__lte=today,
            plan__status=Plan.Status.CONFIRMED,  # a draft collects nothing yet
        )
        .select_related("plan__organisation")
        .order_by("plan__organisation__name", "-plan__year", "plan__kind", "year", "quarter")
    )
    return [row for row in _boards(periods, None) if row.waiting]


def _boards(periods: list[Period], unit_ids: set[int] | None) -> list[UnitPeriodStatus]:
    """The unit × period rows of ``periods`` (of one or more plans), in their order."""
    plan_ids = {p.plan_id for p in periods}
    if not plan_ids:
        return []
    indicators = list(
        Indicator.objects.filter(plan_id__in=plan_ids)
        .select_related("owner__unit")
        .order_by("position", "pk")
    )
    states = {
        (v["indicator_id"], v["year"], v["quarter"], v["month"]): v["status"]
        for v in IndicatorValue.objects.filter(
            indicator__plan_id__in=plan_ids, kind=IndicatorValue.Kind.ACTUAL
        ).values("indicator_id", "year", "quarter", "month", "status")
    }
    by_plan: dict[int, list[Indicator]] = defaultdict(list)
    for ind in indicators:
        if unit_ids is None or ind.owner.unit_id in unit_ids:
            by_plan[ind.plan_id].append(ind)
    periods_by_plan: dict[int, list[Period]] = defaultdict(list)
    for period in periods:
        periods_by_plan[period.plan_id].append(period)
    board: dict[tuple[int, int], UnitPeriodStatus] = {}
    for plan_id, plan_periods in periods_by_plan.items():  # plans in the order given
        for ind in by_plan.get(plan_id, []):
            unit = ind.owner.unit
            for period in plan_periods:
                row = board.setdefault(
                    (unit.pk, period.pk), UnitPeriodStatus(unit=unit, period=period)
                )
                row.indicators += 1
                state = states.get((ind.pk, period.year, period.quarter, period.month), NOT_STARTED)
                row.counts[state] = row.counts.get(state, 0) + 1
    return list(board.values())


# --- the entry grid, the approval queue, a value's history ----------------------------------


@dataclass
class EntryRow:
    """One row of the entry grid: an indicator in a period, with its target, its actual (if
    any) and whether the person looking may change it now (and why not)."""

    indicator: Indicator
    period: Period
    target: IndicatorValue | None
    actual: IndicatorValue | None
    evidence: int
    editable: bool
    refusal: str | None  # why it cannot be changed now (Korean), when it cannot
    # last year's actual: the plan's own, else the linked indicator's (``previous``) in last
    # year's plan; relative targets (전년대비 5% 증가) resolve from it once approved
    previous_actual: IndicatorValue | None = None

    @property
    def status(self) -> str:
        return self.actual.status if self.actual is not None else NOT_STARTED


def entry_rows(
    *,
    plan: Plan,
    user: Any,
    period: Period | None = None,
    indicator_ids: set[int] | None = None,
) -> list[EntryRow]:
    """The indicators of the units ``user`` enters for (every unit for the central roles)
    × the plan's periods (or one period), in plan order, in a fixed number of queries.
    ``indicator_ids`` keeps those indicators (one row of the grid after a change)."""
    from seonggwa.policy import ENTERING, entry_refusal, units_for

    unit_ids = units_for(user, plan, ENTERING)
    periods = (
        [period]
        if period is not None
        else list(Period.objects.filter(plan=plan).order_by("year", "quarter", "month"))
    )
    indicators = Indicator.objects.filter(plan=plan).select_related("owner__unit", "plan")
    if unit_ids is not None:
        indicators = indicators.filter(owner__unit_id__in=unit_ids)
    if indicator_ids is not None:
        indicators = indicators.filter(pk__in=indicator_ids)
    inds = list(indicators.order_by("position", "pk"))
    values = {
        (v.indicator_id, v.kind, v.year, v.quarter, v.month): v
        for v in IndicatorValue.objects.filter(
            indicator__in=inds, kind__in=[IndicatorValue.Kind.TARGET, IndicatorValue.Kind.ACTUAL]
        ).annotate(evidence_count=Count("evidence"))
    }
    previous_ids = {i.previous_id for i in inds if i.previous_id is not None}
    linked = (
        {
            (v.indicator_id, v.year): v
            for v in IndicatorValue.objects.filter(
                indicator_id__in=previous_ids,
                kind=IndicatorValue.Kind.ACTUAL,
                year=plan.year - 1,
                quarter=0,
                month=0,
            )
        }
        if previous_ids
        else {}
    )
    rows: list[EntryRow] = []
    refusals = {p.pk: entry_refusal(user, plan, p) for p in periods}
    for ind in inds:
        for p in periods:
            actual = values.get((ind.pk, "actual", p.year, p.quarter, p.month))
            target = values.get((ind.pk, "target", p.year, p.quarter, p.month)) or values.get(
                (ind.pk, "target", p.year, 0, 0)
            )
            refusal = refusals[p.pk]
            if refusal is None and actual is not None and actual.locked:
                refusal = gettext("승인되어 잠긴 실적입니다.")
            elif refusal is None and actual is not None and actual.status == "submitted":
                refusal = gettext("제출되어 승인을 기다리고 있습니다.")
            previous: IndicatorValue | None = values.get((ind.pk, "actual", p.year - 1, 0, 0))
            if previous is None and ind.previous_id is not None:
                previous = linked.get((ind.previous_id, p.year - 1))
            rows.append(
                EntryRow(
                    indicator=ind,
                    period=p,
                    target=target,
                    actual=actual,
                    evidence=getattr(actual, "evidence_count", 0) if actual is not None else 0,
                    editable=refusal is None,
                    refusal=refusal,
                    previous_actual=previous,
                )
            )
    return rows


def approval_queue(*, plan: Plan, user: Any) -> list[IndicatorValue]:
    """Submitted actuals of the plan that ``user`` may approve or return, oldest first."""
    from seonggwa.policy import APPROVING, can_manage_plan, units_for

    unit_ids = units_for(user, plan, APPROVING)
    if unit_ids is not None and not unit_ids and not can_manage_plan(user, plan):
        return []
    qs = IndicatorValue.objects.filter(
        indicator__plan=plan,
        kind=IndicatorValue.Kind.ACTUAL,
        status=IndicatorValue.Status.SUBMITTED,
    ).select_related("indicator__owner__unit", "entered_by", "entered_for")
    if unit_ids is not None:
        qs = qs.filter(indicator__owner__unit_id__in=unit_ids)
    return list(qs.annotate(evidence_count=Count("evidence")).order_by("submitted_at", "pk"))


def value_history(*, value: IndicatorValue) -> list[Any]:
    """Every recorded change of a value, oldest first (the audit trail: who, when, from
    what to what)."""
    from seonggwa.audit.models import AuditEvent

    return list(
        AuditEvent.objects.filter(model="results.IndicatorValue", object_pk=str(value.pk))
        .select_related("actor")
        .order_by("at", "id")
    )


def values_history(*, value_ids: Sequence[int]) -> dict[int, list[Any]]:
    """:func:`value_history` of many values at once (one query), by value id."""
    from seonggwa.audit.models import AuditEvent

    out: dict[int, list[Any]] = {}
    for event in (
        AuditEvent.objects.filter(
            model="results.IndicatorValue", object_pk__in=[str(pk) for pk in value_ids]
        )
        .select_related("actor")
        .order_by("at", "id")
    ):
        out.setdefault(int(event.object_pk), []).append(event)
    return out


def evidence_by_value(*, value_ids: set[int]) -> dict[int, list[Any]]:
    """The files attached to those actuals, oldest first, with who uploaded them (one
    query)."""
    from .models import Evidence

    out: dict[int, list[Any]] = {}
    for evidence in (
        Evidence.objects.filter(value_id__in=value_ids)
        .select_related("uploaded_by")
        .order_by("uploaded_at", "pk")
    ):
        out.setdefault(evidence.value_id, []).append(evidence)
    return out


@dataclass
class EntryBacklog:
    """What one unit still has to enter in one period of one plan: the collection status
    (counts per state) and whether the window has closed with actuals still waiting."""

    plan: Plan
    status: UnitPeriodStatus
    overdue: bool


def entry_backlog(*, user: Any, today: datetime.date | None = None) -> list[EntryBacklog]:
    """For unit staff and managers: per plan (not closed), unit they enter for and period
    whose entry window is open today, or has closed with actuals still not submitted (and
    the period is not locked): the actuals waiting (not started, draft, returned). Four
    queries per plan of the user's organisations."""
    from seonggwa.accounts.models import RoleAssignment
    from seonggwa.policy import ENTERING, units_for

    day = today or timezone.localdate()
    org_ids = set(
        RoleAssignment.objects.filter(user_id=user.pk, role__in=ENTERING).values_list(
            "organisation_id", flat=True
        )
    )
    plans = (
        Plan.objects.filter(organisation_id__in=org_ids, status=Plan.Status.CONFIRMED)
        .select_related("organisation")
        .order_by("organisation__name", "-year", "kind")
    )
    out: list[EntryBacklog] = []
    for plan in plans:
        unit_ids = units_for(user, plan, ENTERING)
        if unit_ids is not None and not unit_ids:
            continue
        for status in collection_board(plan=plan, unit_ids=unit_ids):
            period = status.period
            if period.locked or not status.waiting or period.opens_on is None:
                continue
            open_now = period.opens_on <= day and (
                period.closes_on is None or day <= period.closes_on
            )
            overdue = status.overdue(day)
            if open_now or overdue:
                out.append(EntryBacklog(plan=plan, status=status, overdue=overdue))
    return out


def entry_plans(*, user: Any) -> list[Plan]:
    """The plans (not closed, with a period) where ``user`` enters the actuals of some
    indicator: the navigation's "enter actuals" offers these."""
    from seonggwa.policy import ENTERING, units_for, visible_plans

    plans = (
        visible_plans(user)
        .exclude(status=Plan.Status.CLOSED)
        .filter(periods__isnull=False)
        .order_by("organisation__name", "-year", "kind")
    )
    out: list[Plan] = []
    for plan in plans:
        unit_ids = units_for(user, plan, ENTERING)
        if unit_ids is not None and (not unit_ids or plan.status == Plan.Status.DRAFT):
            continue  # units enter once the plan is confirmed; the office any time
        indicators = Indicator.objects.filter(plan=plan)
        if unit_ids is not None:
            indicators = indicators.filter(owner__unit_id__in=unit_ids)
        if indicators.exists():
            out.append(plan)
    return out


@dataclass
class ApprovalFacts:
    """What a reviewer needs beside a submitted actual to judge it: the target of its
    period (or of its year), the indicator's yearly values (for ``indicator_evaluate``) and
    last year's actual of the linked indicator (for relative targets)."""

    target: IndicatorValue | None
    values_by_year: dict[int, dict[str, IndicatorValue]]
    previous_actual: IndicatorValue | None


def approval_facts(*, values: Sequence[IndicatorValue]) -> dict[int, ApprovalFacts]:
    """:class:`ApprovalFacts` of each actual (by its id), in two queries however many."""
    indicator_ids = {v.indicator_id for v in values}
    by_key: dict[tuple[int, str, int, int, int], IndicatorValue] = {}
    yearly: dict[int, dict[int, dict[str, IndicatorValue]]] = defaultdict(dict)
    for other in IndicatorValue.objects.filter(indicator_id__in=indicator_ids).order_by(
        "year", "quarter", "month"
    ):
        by_key[(other.indicator_id, other.kind, other.year, other.quarter, other.month)] = other
        if other.quarter == 0 and other.month == 0:
            yearly[other.indicator_id].setdefault(other.year, {})[other.kind] = other
    previous_ids = {v.indicator.previous_id for v in values if v.indicator.previous_id}
    previous = {
        (p.indicator_id, p.year): p
        for p in IndicatorValue.objects.filter(
            indicator_id__in=previous_ids, kind=IndicatorValue.Kind.ACTUAL, quarter=0, month=0
        )
    }
    facts: dict[int, ApprovalFacts] = {}
    for v in values:
        ind = v.indicator
        target = by_key.get((ind.pk, "target", v.year, v.quarter, v.month)) or by_key.get(
            (ind.pk, "target", v.year, 0, 0)
        )
        by_year = {year: dict(kinds) for year, kinds in yearly.get(ind.pk, {}).items()}
        # the actual under review, against its period's target, stands for its year
        by_year[v.year] = {**by_year.get(v.year, {}), "actual": v}
        if target is not None:
            by_year[v.year]["target"] = target
        facts[v.pk] = ApprovalFacts(
            target=target,
            values_by_year=by_year,
            previous_actual=previous.get((ind.previous_id, v.year - 1))
            if ind.previous_id
            else None,
        )
    return facts


def submitted_counts(*, organisation_id: int, unit_ids: set[int] | None) -> list[tuple[Plan, int]]:
    """The open plans of an organisation with submitted actuals of ``unit_ids`` (every unit
    when None) waiting for approval, with how many — one query."""
    waiting = Q(
        indicators__values__kind=IndicatorValue.Kind.ACTUAL,
        indicators__values__status=IndicatorValue.Status.SUBMITTED,
    )
    if unit_ids is not None:
        waiting &= Q(indicators__owner__unit_id__in=unit_ids)
    plans = (
        Plan.objects.filter(organisation_id=organisation_id)
        .exclude(status=Plan.Status.CLOSED)
        .select_related("organisation")
        .annotate(waiting=Count("indicators__values", filter=waiting))
        .filter(waiting__gt=0)
        .order_by("-year", "kind")
    )
    return [(plan, plan.waiting) for plan in plans]
