"""Reads for the dashboards (docs/web.md "Dashboards"): an organisation's overview, the
drill-down unit → strategic goal → policy goal → indicator, an indicator's trend across
plan years, the early warning, and the comparison of a peer group's organisations.

Each reader takes what the caller may see — the units (``None``: every unit) and which
evaluation runs (a ``Q`` on :class:`EvaluationRun`) — and reads in a fixed number of
queries whatever the size of the plan. The trend and the peer comparison take
``public=True`` for readers without an account (approved actuals of published periods,
published runs only), so the public portal can use them as they are.

Figures come from the stored results of evaluation runs (one evaluation path); the year-end
projection is the engine's (:mod:`seonggwa.engine.projection`)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from seonggwa.engine.aggregation import (
    competition_ranks,
    mean,
    meets_target,
    share_meeting_target,
)
from seonggwa.engine.cells import Cell
from seonggwa.engine.projection import (
    Observation,
    Projection,
    months_elapsed,
    project_year_end,
)
from seonggwa.engine.reconciliation import shares
from seonggwa.engine.rounding import round_half_up
from seonggwa.engine.text import norm_key
from seonggwa.organisations.models import Organisation, OrgUnit, PeerGroup
from seonggwa.plans.models import (
    BudgetProgram,
    Indicator,
    Period,
    Perspective,
    Plan,
    StrategicGoal,
)
from seonggwa.policy import visible_plans
from seonggwa.results.models import IndicatorValue
from seonggwa.results.selectors import (
    UnitPeriodStatus,
    period_board,
    published_periods,
    value_is_public,
)

from .compute import UnknownScheme, scheme_for
from .models import EvaluationRun, IndicatorResult

PUBLISHED_RUNS = Q(status=EvaluationRun.Status.PUBLISHED)
PROJECTED_DIRECTIONS = {Indicator.Direction.HIGHER: False, Indicator.Direction.LOWER: True}
KIND_ORDER = {"plan": 0, "bsc": 1, "report": 2}


# --- plans and runs --------------------------------------------------------------------------


def dashboard_plans(*, organisation: Organisation, visible: QuerySet[Plan]) -> list[Plan]:
    """The organisation's plans the reader may see (``visible``: ``policy.visible_plans``),
    newest year first, the performance plan before the BSC and the report."""
    plans = list(visible.filter(organisation=organisation))
    return sorted(plans, key=lambda p: (-p.year, KIND_ORDER.get(p.kind, 9), p.pk))


def dashboard_default_plan(plans: list[Plan]) -> Plan | None:
    """The plan an overview opens on: the newest that is not a draft, else the newest."""
    return next((p for p in plans if p.status != Plan.Status.DRAFT), plans[0] if plans else None)


def latest_run(*, plans: Iterable[Plan], runs: Q) -> EvaluationRun | None:
    """The newest readable run (``runs``) of the year of the first of ``plans`` that has
    one: an overview of this year's plan shows last year's grades until this year is
    evaluated, and says so."""
    ordered = list(plans)
    if not ordered:
        return None
    candidates = list(
        EvaluationRun.objects.filter(runs, plan__in=ordered)
        .select_related("plan")
        .order_by("plan_id", "-number")
    )
    for plan in ordered:
        for run in candidates:
            if run.plan_id == plan.pk and run.period_key == str(plan.year):
                return run
    return None


def grade_codes(run: EvaluationRun | None, seen: Iterable[str]) -> list[str]:
    """The run's grades in its scheme's order (highest first), then any other seen."""
    codes: list[str] = []
    if run is not None:
        try:
            codes = [b.code for b in scheme_for(run.scheme_name, version=run.scheme_version).bands]
        except UnknownScheme:
            codes = []
    return codes + sorted(set(seen) - set(codes))


# --- the early warning -----------------------------------------------------------------------


def projections(*, plan: Plan, indicators: Collection[Indicator]) -> dict[int, Projection | None]:
    """The year-end projection of each indicator from this plan year's monthly and quarterly
    actuals (entered ones: drafts and submitted included, returned ones left out), compared
    with its numeric target of the year; ``None`` for indicators the rule does not project
    (bands, stages, qualitative grades). Two queries."""
    ids = [i.pk for i in indicators]
    targets: dict[int, Decimal] = {}
    observed: dict[int, list[Observation]] = defaultdict(list)
    for ind_id, kind, quarter, month, value, status in IndicatorValue.objects.filter(
        indicator_id__in=ids,
        year=plan.year,
        kind__in=[IndicatorValue.Kind.TARGET, IndicatorValue.Kind.ACTUAL],
        value__isnull=False,
    ).values_list("indicator_id", "kind", "quarter", "month", "value", "status"):
        if value is None:  # excluded by the filter; says so to the type checker
            continue
        if kind == IndicatorValue.Kind.TARGET:
            if quarter == 0 and month == 0:
                targets.setdefault(ind_id, value)
            continue
        months = months_elapsed(quarter, month)
        if months and status != IndicatorValue.Status.REJECTED:
            observed[ind_id].append(Observation(months, value))
    out: dict[int, Projection | None] = {}
    for ind in indicators:
        lower = PROJECTED_DIRECTIONS.get(ind.direction)  # type: ignore[call-overload]
        if lower is None or ind.measure != Indicator.Measure.QUANTITATIVE:
            out[ind.pk] = None
            continue
        out[ind.pk] = project_year_end(
            sorted(observed.get(ind.pk, []), key=lambda o: o.months),
            cumulative=ind.is_cumulative,
            lower_is_better=lower,
            target=targets.get(ind.pk),
        )
    return out


# --- the organisation overview ---------------------------------------------------------------


@dataclass
class UnitOverview:
    unit: OrgUnit
    indicators: int = 0
    grades: dict[str, int] = field(default_factory=dict)
    at_risk: int = 0
    budget: Decimal | None = None
    budget_share: Cell | None = None
    progress: UnitPeriodStatus | None = None

    def grade_list(self, codes: list[str]) -> list[int]:
        return [self.grades.get(c, 0) for c in codes]

    @property
    def submitted(self) -> int:
        """Actuals of the open period submitted or approved."""
        if self.progress is None:
            return 0
        return sum(self.progress.counts.get(k, 0) for k in ("submitted", "approved"))

    @property
    def submitted_share(self) -> Decimal | None:
        """Submitted or approved ÷ indicators × 100, half-up to one decimal."""
        if self.progress is None or not self.progress.indicators:
            return None
        return round_half_up(Decimal(self.submitted) * 100 / self.progress.indicators, 1)


@dataclass
class Watch:
    """An indicator heading below target, with how its projection was made."""

    indicator: Indicator
    projection: Projection


@dataclass
class Overview:
    organisation: Organisation
    plan: Plan
    run: EvaluationRun | None
    codes: list[str]
    marks: dict[str, str]
    units: list[UnitOverview]
    perspectives: list[tuple[str, Cell, int]]  # name, mean achievement, results
    # True when the run's plan (without a run: the plan shown) has no BSC perspectives: a
    # result's ``perspective`` then holds its strategic goal (evaluation.compute), and the
    # overview says so
    by_goal: bool
    budget_total: Decimal | None
    period: Period | None
    at_risk: list[Watch]
    projected: int  # indicators with a projection


def open_period(*, plan: Plan, today: datetime.date) -> Period | None:
    """The period collecting now: the one whose entry window holds ``today`` (the shortest,
    a month before its quarter), else the latest unlocked one that has opened."""
    periods = list(
        Period.objects.filter(plan=plan, opens_on__lte=today).order_by("-opens_on", "-pk")
    )
    current = [p for p in periods if p.closes_on is None or today <= p.closes_on]
    if current:
        return min(current, key=lambda p: (p.frequency != "month", p.frequency != "quarter"))
    return next((p for p in periods if not p.locked), None)


def organisation_overview(
    *,
    organisation: Organisation,
    plan: Plan,
    earlier_plans: Iterable[Plan],
    unit_ids: set[int] | None,
    runs: Q,
    today: datetime.date,
) -> Overview:
    """The overview of ``plan`` for the units in ``unit_ids`` (None: all): per unit the
    grade distribution of the newest readable run (of this plan, else of the newest of
    ``earlier_plans`` that has one), the at-risk count and the budget share; the mean
    achievement per BSC perspective; the submission progress of the open period; the
    indicators heading below target. A fixed number of queries."""
    indicators = [
        i
        for i in Indicator.objects.filter(plan=plan)
        .select_related("owner__unit")
        .order_by("position", "pk")
        if unit_ids is None or i.owner.unit_id in unit_ids
    ]
    rows: dict[int, UnitOverview] = {}
    for ind in indicators:
        row = rows.setdefault(ind.owner.unit_id, UnitOverview(ind.owner.unit))
        row.indicators += 1
    run = latest_run(plans=[plan, *earlier_plans], runs=runs)
    marks: dict[str, str] = {}
    by_perspective: dict[str, list[Decimal | None]] = defaultdict(list)
    if run is not None:
        results = (
            IndicatorResult.objects.filter(run=run)
            .select_related("owner__unit")
            .only("owner__unit", "grade_code", "grade_mark", "perspective", "achievement")
        )
        for r in results:
            if unit_ids is not None and r.owner.unit_id not in unit_ids:
                continue
            row = rows.setdefault(r.owner.unit_id, UnitOverview(r.owner.unit))
            row.grades[r.grade_code] = row.grades.get(r.grade_code, 0) + 1
            marks.setdefault(r.grade_code, r.grade_mark)
            if r.perspective:
                by_perspective[r.perspective].append(r.achievement)
    codes = grade_codes(run, marks)
    # the plan the figures come from (the run's, else the one shown) has no perspectives
    by_goal = not Perspective.objects.filter(
        plan_id=run.plan_id if run is not None else plan.pk
    ).exists()
    perspectives = [
        (name, mean(values, 1, label=name), sum(1 for v in values if v is not None))
        for name, values in sorted(by_perspective.items())
    ]
    budgets: dict[int, Decimal] = defaultdict(Decimal)
    for unit_id, budget in BudgetProgram.objects.filter(
        plan=plan, budget__isnull=False
    ).values_list("owner__unit_id", "budget"):
        budgets[unit_id] += budget
    unit_shares = shares({str(k): v for k, v in budgets.items()}) if budgets else {}
    for unit_id, row in rows.items():
        if unit_id in budgets:
            row.budget = budgets[unit_id]
            row.budget_share = unit_shares[str(unit_id)]
    period = open_period(plan=plan, today=today)
    if period is not None:
        for status in period_board(period=period, unit_ids=unit_ids):
            if status.unit.pk in rows:
                rows[status.unit.pk].progress = status
    projected = projections(plan=plan, indicators=indicators)
    at_risk = []
    for ind in indicators:
        p = projected.get(ind.pk)
        if p is not None and p.at_risk:
            at_risk.append(Watch(ind, p))
            rows[ind.owner.unit_id].at_risk += 1
    return Overview(
        organisation=organisation,
        plan=plan,
        run=run,
        codes=codes,
        marks=marks,
        units=sorted(rows.values(), key=lambda r: r.unit.name),
        perspectives=perspectives,
        by_goal=by_goal,
        budget_total=sum(budgets.values(), Decimal(0)) if budgets else None,
        period=period,
        at_risk=at_risk,
        projected=sum(1 for p in projected.values() if p is not None and p.value is not None),
    )


# --- the drill-down: rows of indicators ------------------------------------------------------


@dataclass
class IndicatorRow:
    indicator: Indicator
    target: IndicatorValue | None
    actual: IndicatorValue | None  # the latest actual of the year (a month, a quarter, the year)
    result: IndicatorResult | None
    projection: Projection | None


def indicator_rows(
    *, plan: Plan, indicators: QuerySet[Indicator], runs: Q, earlier_plans: Iterable[Plan] = ()
) -> tuple[list[IndicatorRow], EvaluationRun | None]:
    """Rows of the drill-down's indicator tables: the year's target, the latest actual, the
    result in the newest readable run, the projection. Five queries however many rows."""
    inds = list(
        indicators.select_related("owner__unit", "strategic_goal", "policy_goal", "perspective")
    )
    ids = [i.pk for i in inds]
    targets: dict[int, IndicatorValue] = {}
    actuals: dict[int, IndicatorValue] = {}
    for v in IndicatorValue.objects.filter(
        indicator_id__in=ids,
        year=plan.year,
        kind__in=[IndicatorValue.Kind.TARGET, IndicatorValue.Kind.ACTUAL],
    ).order_by("indicator_id", "quarter", "month"):
        if v.kind == IndicatorValue.Kind.TARGET:
            if v.quarter == 0 and v.month == 0:
                targets[v.indicator_id] = v
        else:
            known = actuals.get(v.indicator_id)
            span = months_elapsed(v.quarter, v.month) or 12
            if known is None or span >= (months_elapsed(known.quarter, known.month) or 12):
                actuals[v.indicator_id] = v
    run = latest_run(plans=[plan, *earlier_plans], runs=runs)
    results: dict[int, IndicatorResult] = {}
    if run is not None:
        # last year's run holds last year's indicators: match them by Indicator.previous
        by_id = {i.pk: i.pk for i in inds}
        if run.plan_id != plan.pk:
            by_id = {i.previous_id: i.pk for i in inds if i.previous_id}
        for r in IndicatorResult.objects.filter(run=run, indicator_id__in=list(by_id)):
            results[by_id[r.indicator_id]] = r
    projected = projections(plan=plan, indicators=inds)
    return [
        IndicatorRow(i, targets.get(i.pk), actuals.get(i.pk), results.get(i.pk), projected[i.pk])
        for i in inds
    ], run


def unit_goals(*, plan: Plan, unit: OrgUnit) -> list[StrategicGoal]:
    """The unit's strategic goals in the plan, with their policy goals (two queries)."""
    return list(
        StrategicGoal.objects.filter(plan=plan, owner__unit=unit)
        .prefetch_related("policy_goals")
        .order_by("position", "pk")
    )


def year_values(*, indicator: Indicator) -> list[IndicatorValue]:
    """The indicator's actuals of its plan year, by period (the year's own last), with who
    entered and approved them (one query)."""
    return sorted(
        IndicatorValue.objects.filter(
            indicator=indicator, kind=IndicatorValue.Kind.ACTUAL, year=indicator.plan.year
        ).select_related("entered_by", "approved_by"),
        key=lambda v: months_elapsed(v.quarter, v.month) or 13,
    )


# --- an indicator across plan years ----------------------------------------------------------

CHAIN_DEPTH = 10  # plan years followed back through Indicator.previous (one join each)


@dataclass
class TrendYear:
    year: int
    indicator: Indicator
    target: IndicatorValue | None
    actual: IndicatorValue | None
    baseline: IndicatorValue | None
    result: IndicatorResult | None
    run: EvaluationRun | None


@dataclass
class Trend:
    indicator: Indicator
    years: list[TrendYear]

    def series(self) -> tuple[list[str], list[Decimal | None], list[Decimal | None]]:
        """Categories (years), targets and actuals — ``None`` where there is no figure."""
        return (
            [str(y.year) for y in self.years],
            [y.target.value if y.target else None for y in self.years],
            [y.actual.value if y.actual else None for y in self.years],
        )


def indicator_chain(
    *, indicator: Indicator, plans: QuerySet[Plan] | None = None
) -> list[Indicator]:
    """The same indicator in every plan year, oldest first: back through
    ``Indicator.previous`` (one query, ``CHAIN_DEPTH`` years) and forward through the
    indicators that name it as previous (a query per later year). ``plans``: only through
    those plans (the public's): a year outside them ends the chain there, as a gap the reader
    does not see."""
    path = "__".join(["previous"] * CHAIN_DEPTH)
    start = Indicator.objects.select_related(path, "plan").get(pk=indicator.pk)
    back: list[Indicator] = []
    current: Indicator | None = start
    while current is not None and len(back) <= CHAIN_DEPTH:
        back.append(current)
        try:
            current = current.previous if current.previous_id else None
        except Indicator.DoesNotExist:
            current = None
    if plans is not None:
        allowed = set(plans.filter(pk__in={i.plan_id for i in back}).values_list("pk", flat=True))
        inside = 0
        while inside < len(back) and back[inside].plan_id in allowed:
            inside += 1
        back = back[:inside]
        if not back:
            return []
    chain = list(reversed(back))
    seen = {i.pk for i in chain}
    later = Indicator.objects.all() if plans is None else Indicator.objects.filter(plan__in=plans)
    ahead = start
    for _ in range(CHAIN_DEPTH):
        nxt = later.filter(previous=ahead).order_by("pk").first()
        if nxt is None or nxt.pk in seen:
            break
        chain.append(nxt)
        seen.add(nxt.pk)
        ahead = nxt
    return chain


def indicator_trend(*, indicator: Indicator, runs: Q, public: bool = False) -> Trend:
    """Each plan year's target, actual (the year's own) and stored result of the indicator
    (the cross-year identity ``Indicator.previous``), oldest first: the one trend reader of
    the dashboards, the public portal and its downloads. ``public``: through public plans
    only (``policy.visible_plans`` of a visitor), approved actuals of published periods and
    published runs only."""
    chain = indicator_chain(
        indicator=indicator, plans=visible_plans(AnonymousUser()) if public else None
    )
    ids = [i.pk for i in chain]
    plans = {p.pk: p for p in Plan.objects.filter(pk__in={i.plan_id for i in chain})}
    published = published_periods(plan_ids=set(plans)) if public else set()
    values: dict[tuple[int, str], IndicatorValue] = {}
    for v in IndicatorValue.objects.filter(indicator_id__in=ids, quarter=0, month=0).select_related(
        "indicator"
    ):
        plan = plans[v.indicator.plan_id]
        if v.year != plan.year:
            continue
        if public and not value_is_public(v, plan.pk, plan.year, published):
            continue
        values[(v.indicator_id, v.kind)] = v
    readable = EvaluationRun.objects.filter(
        PUBLISHED_RUNS if public else runs, plan_id__in=list(plans)
    ).values("pk")
    results: dict[int, IndicatorResult] = {}
    for r in (
        IndicatorResult.objects.filter(run__in=readable, indicator_id__in=ids)
        .select_related("run")
        .order_by("indicator_id", "run__number")
    ):
        if r.run.period_key == str(plans[r.run.plan_id].year):
            results[r.indicator_id] = r  # the newest run last
    years = []
    for ind in chain:
        result = results.get(ind.pk)
        years.append(
            TrendYear(
                year=plans[ind.plan_id].year,
                indicator=ind,
                target=values.get((ind.pk, IndicatorValue.Kind.TARGET)),
                actual=values.get((ind.pk, IndicatorValue.Kind.ACTUAL)),
                baseline=values.get((ind.pk, IndicatorValue.Kind.BASELINE)),
                result=result,
                run=result.run if result else None,
            )
        )
    years.sort(key=lambda y: y.year)
    return Trend(indicator=indicator, years=years)


# --- a peer group compared -------------------------------------------------------------------


@dataclass
class PeerEntry:
    organisation: Organisation
    result: IndicatorResult | None
    rank: int | None = None
    met: bool | None = None


@dataclass
class SharedIndicator:
    name: str
    entries: list[PeerEntry]
    share_met: Cell  # organisations meeting target ÷ organisations with a rate
    rated: int  # the denominator: organisations with an achievement rate

    @property
    def holders(self) -> int:
        return sum(1 for e in self.entries if e.result is not None)


@dataclass
class PeerComparison:
    group: PeerGroup
    year: int
    members: list[Organisation]
    runs: dict[int, EvaluationRun]  # organisation id → the published run compared
    indicators: list[SharedIndicator]
    share_met: dict[int, Cell]  # organisation id → share of its shared indicators met


def peer_years(*, group: PeerGroup) -> list[int]:
    """The plan years with a published run of some member, newest first."""
    return sorted(
        set(
            EvaluationRun.objects.filter(
                PUBLISHED_RUNS, plan__organisation__in=group.members.all()
            ).values_list("plan__year", flat=True)
        ),
        reverse=True,
    )


def peer_comparison(*, group: PeerGroup, year: int, limit: int = 200) -> PeerComparison:
    """The group's organisations compared on the indicators they share in ``year`` (the same
    indicator name, held by two or more members), from each member's newest **published**
    run of its performance plan of that year (so what one organisation sees of another is
    public anyway): each member's achievement and grade, its rank among the members with a
    rate (highest first), the share of members meeting target with its denominator, and each
    member's share of its shared indicators met. At most ``limit`` indicators, by how many
    members hold them. Four queries."""
    members = list(group.members.order_by("name"))
    runs: dict[int, EvaluationRun] = {}
    for run in (
        EvaluationRun.objects.filter(
            PUBLISHED_RUNS,
            plan__organisation__in=members,
            plan__year=year,
            period_key=str(year),
        )
        .select_related("plan")
        .order_by("plan__organisation_id", "plan__kind", "-number")
    ):
        current = runs.get(run.plan.organisation_id)
        if current is None or (
            KIND_ORDER.get(run.plan.kind, 9) < KIND_ORDER.get(current.plan.kind, 9)
        ):
            runs[run.plan.organisation_id] = run
    by_name: dict[str, dict[int, IndicatorResult]] = defaultdict(dict)
    names: dict[str, str] = {}
    org_of_run = {run.pk: org_id for org_id, run in runs.items()}
    for r in (
        IndicatorResult.objects.filter(run__in=list(runs.values()))
        .only(
            "run_id",
            "indicator_name",
            "target_raw",
            "actual_raw",
            "achievement",
            "grade_code",
            "grade_mark",
            "position",
        )
        .order_by("run_id", "position")
    ):
        key = norm_key(r.indicator_name)
        names.setdefault(key, r.indicator_name)
        by_name[key].setdefault(org_of_run[r.run_id], r)
    shared_keys = sorted(
        (k for k, held in by_name.items() if len(held) >= 2),
        key=lambda k: (-len(by_name[k]), names[k]),
    )[:limit]
    indicators = []
    met_by_org: dict[int, list[bool | None]] = defaultdict(list)
    for key in shared_keys:
        held = by_name[key]
        entries = [PeerEntry(org, held.get(org.pk)) for org in members]
        rates = [e.result.achievement if e.result else None for e in entries]
        for entry, rank in zip(entries, competition_ranks(rates), strict=True):
            entry.rank = rank
            entry.met = meets_target(entry.result.achievement) if entry.result else None
            if entry.result is not None:
                met_by_org[entry.organisation.pk].append(entry.met)
        indicators.append(
            SharedIndicator(
                name=names[key],
                entries=entries,
                share_met=share_meeting_target(e.met for e in entries),
                rated=sum(1 for r in rates if r is not None),
            )
        )
    return PeerComparison(
        group=group,
        year=year,
        members=members,
        runs=runs,
        indicators=indicators,
        share_met={org.pk: share_meeting_target(met_by_org.get(org.pk, [])) for org in members},
    )
