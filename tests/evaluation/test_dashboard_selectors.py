"""The dashboards' reads on a generated national dataset (several peer groups, three plan
years linked by ``Indicator.previous``, monthly actuals, published runs of the past years)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db.models import Q

from seonggwa.engine.aggregation import competition_ranks
from seonggwa.evaluation import dashboard_selectors as ds
from seonggwa.evaluation.models import EvaluationRun, IndicatorResult
from seonggwa.organisations.models import Organisation, PeerGroup
from seonggwa.plans.models import Indicator, Perspective, Plan
from seonggwa.results.models import IndicatorValue
from seonggwa.sample.demo import generate_demo

pytestmark = pytest.mark.django_db

ALL_RUNS = Q()


@pytest.fixture
def demo(sample):  # type: ignore[no-untyped-def]
    generate_demo(orgs=4, indicators=24, months=6, years=3, last_year=2026)
    return Organisation.objects.filter(demo=True).order_by("name")


def _plans(org: Organisation) -> list[Plan]:
    return ds.dashboard_plans(organisation=org, visible=Plan.objects.all())


def test_an_indicators_trend_follows_previous_across_the_plan_years(demo):
    org = demo[0]
    current = Indicator.objects.filter(
        plan__organisation=org, plan__year=2026, previous__previous__isnull=False
    ).first()
    trend = ds.indicator_trend(indicator=current, runs=ALL_RUNS)
    assert [y.year for y in trend.years] == [2024, 2025, 2026]
    assert trend.years[1].indicator == current.previous
    # from the oldest year the same chain is found, forward through the later years
    oldest = ds.indicator_trend(indicator=current.previous.previous, runs=ALL_RUNS)
    assert [y.indicator.pk for y in oldest.years] == [y.indicator.pk for y in trend.years]
    # the past years have their published run's result; this year has none yet
    assert trend.years[0].run is not None and trend.years[0].run.status == "published"
    assert trend.years[2].result is None
    categories, targets, actuals = trend.series()
    assert categories == ["2024", "2025", "2026"]
    assert targets[2] == trend.years[2].target.value
    assert actuals[2] is None  # the year is not over: no year actual, never 0


def test_the_public_trend_leaves_out_what_is_not_public(demo):
    current = Indicator.objects.filter(
        plan__organisation=demo[0], plan__year=2026, previous__isnull=False
    ).first()
    last_year = current.previous
    actual = IndicatorValue.objects.get(
        indicator=last_year, kind="actual", year=2025, quarter=0, month=0
    )
    IndicatorValue.objects.filter(pk=actual.pk).update(status="submitted")
    EvaluationRun.objects.filter(plan=last_year.plan).update(status="final")
    inside = ds.indicator_trend(indicator=current, runs=ALL_RUNS)
    public = ds.indicator_trend(indicator=current, runs=ALL_RUNS, public=True)
    assert inside.years[1].actual is not None and inside.years[1].result is not None
    assert public.years[1].actual is None and public.years[1].result is None
    assert public.years[1].target is not None  # targets of a visible plan are public


def test_projections_flag_indicators_heading_below_target(demo):
    plan = Plan.objects.get(organisation=demo[0], year=2026)
    inds = list(plan.indicators.all())
    projected = ds.projections(plan=plan, indicators=inds)
    made = {pk: p for pk, p in projected.items() if p is not None and p.value is not None}
    assert made, "the demo's monthly actuals give projections"
    ind = next(i for i in inds if i.pk in made and i.is_cumulative)
    latest = (
        IndicatorValue.objects.filter(indicator=ind, kind="actual", year=2026, quarter=0)
        .exclude(month=0)
        .exclude(status="rejected")
        .order_by("-month")
        .first()
    )
    expected = (latest.value / latest.month * 12).quantize(Decimal("0.1"))
    p = made[ind.pk]
    assert abs(p.value - expected) <= Decimal("0.1")
    assert p.text.startswith("누계 ") and f"({latest.month}개월)" in p.text
    target = IndicatorValue.objects.get(indicator=ind, kind="target", year=2026, month=0)
    below = p.value > target.value if ind.direction == "lower" else p.value < target.value
    assert p.at_risk is below


def test_the_overview_groups_by_strategic_goal_when_the_plan_has_no_perspectives(demo):
    """A plan without BSC perspectives stores each result's strategic goal where the
    perspective would be (evaluation.compute); the overview says which it grouped by."""
    org = demo[0]
    plans = _plans(org)
    plan = ds.dashboard_default_plan(plans)
    earlier = [p for p in plans if p.year < plan.year]

    def overview() -> ds.Overview:
        return ds.organisation_overview(
            organisation=org,
            plan=plan,
            earlier_plans=earlier,
            unit_ids=None,
            runs=ALL_RUNS,
            today=datetime.date(2026, 6, 15),
        )

    with_perspectives = overview()
    assert with_perspectives.run is not None and with_perspectives.perspectives
    assert with_perspectives.by_goal is False
    Perspective.objects.filter(plan=with_perspectives.run.plan).delete()
    assert overview().by_goal is True


def test_an_overview_without_a_run_names_its_grouping_by_the_plan_shown(sample):
    """The sample's 2026 성과계획서 has no run yet and no perspectives: the (empty) section is
    headed by strategic goal, not 'BSC 관점별'."""
    plan = Plan.objects.get(organisation=sample, year=2026, kind="plan")
    assert not Perspective.objects.filter(plan=plan).exists()
    overview = ds.organisation_overview(
        organisation=sample,
        plan=plan,
        earlier_plans=[],
        unit_ids=None,
        runs=Q(pk__in=[]),
        today=datetime.date(2026, 6, 15),
    )
    assert overview.run is None and overview.by_goal is True


def test_the_overview_counts_grades_of_last_years_run_and_scopes_units(demo):
    org = demo[0]
    plans = _plans(org)
    plan = ds.dashboard_default_plan(plans)
    assert plan.year == 2026
    earlier = [p for p in plans if p.year < plan.year]
    overview = ds.organisation_overview(
        organisation=org,
        plan=plan,
        earlier_plans=earlier,
        unit_ids=None,
        runs=ALL_RUNS,
        today=datetime.date(2026, 6, 15),
    )
    assert overview.run is not None and overview.run.plan.year == 2025  # 2026 has no run yet
    results = IndicatorResult.objects.filter(run=overview.run)
    assert sum(sum(r.grades.values()) for r in overview.units) == results.count()
    assert {name for name, _c, _n in overview.perspectives} == set(
        results.exclude(perspective="").values_list("perspective", flat=True)
    )
    assert overview.at_risk and all(w.projection.at_risk for w in overview.at_risk)
    assert sum(r.at_risk for r in overview.units) == len(overview.at_risk)
    one = overview.units[0].unit
    scoped = ds.organisation_overview(
        organisation=org,
        plan=plan,
        earlier_plans=earlier,
        unit_ids={one.pk},
        runs=ALL_RUNS,
        today=datetime.date(2026, 6, 15),
    )
    assert [r.unit for r in scoped.units] == [one]
    assert all(w.indicator.owner.unit_id == one.pk for w in scoped.at_risk)


def test_drill_down_rows_match_last_years_results_through_previous(demo):
    plan = Plan.objects.get(organisation=demo[0], year=2026)
    earlier = [p for p in _plans(demo[0]) if p.year < 2026]
    rows, run = ds.indicator_rows(
        plan=plan, indicators=plan.indicators.all(), runs=ALL_RUNS, earlier_plans=earlier
    )
    assert run.plan.year == 2025
    for row in rows:
        if row.result is not None:
            assert row.result.indicator_id == row.indicator.previous_id
    carried = [r for r in rows if r.indicator.previous_id]
    assert carried and any(r.result for r in carried)
    assert all(r.result is None for r in rows if not r.indicator.previous_id)


def test_peer_comparison_ranks_members_and_states_the_denominator(demo):
    group = max(PeerGroup.objects.all(), key=lambda g: g.members.count())
    members = list(group.members.order_by("name"))
    assert len(members) >= 2
    assert ds.peer_years(group=group) == [2025, 2024]
    comparison = ds.peer_comparison(group=group, year=2025)
    assert set(comparison.runs) == {m.pk for m in members}
    assert comparison.indicators, "members of a group share indicator names"
    for shared in comparison.indicators:
        rates = [e.result.achievement if e.result else None for e in shared.entries]
        assert [e.rank for e in shared.entries] == competition_ranks(rates)
        rated = [e for e in shared.entries if e.result and e.result.achievement is not None]
        assert shared.rated == len(rated) and shared.holders >= 2
        met = sum(1 for e in rated if e.result.achievement >= 100)
        if rated:
            assert shared.share_met.explanation.inputs == {
                "달성": str(met),
                "해당": str(len(rated)),
            }
    # a member's own share counts only its shared indicators with a rate
    first = members[0]
    mine = [
        e.met
        for s in comparison.indicators
        for e in s.entries
        if e.organisation == first and e.result is not None and e.met is not None
    ]
    cell = comparison.share_met[first.pk]
    assert cell.explanation.inputs["해당"] == str(len(mine))


def test_peer_comparison_reads_published_runs_only(demo):
    group = max(PeerGroup.objects.all(), key=lambda g: g.members.count())
    hidden = group.members.order_by("name").first()
    EvaluationRun.objects.filter(plan__organisation=hidden, plan__year=2025).update(status="final")
    comparison = ds.peer_comparison(group=group, year=2025)
    assert hidden.pk not in comparison.runs
    assert all(
        e.result is None
        for s in comparison.indicators
        for e in s.entries
        if e.organisation == hidden
    )
