"""Reads for the public portal and the open data (docs/portal.md): what anyone may see,
whoever asks. Every read starts from :func:`public_plans` (the rule of
``policy.visible_plans`` for a visitor who is not signed in: confirmed and closed plans),
keeps an actual only when ``results.selectors.value_is_public`` says so (approved, in a
published period), and reads grades only from the newest *published* run of a plan's year.
Signed-in users see the same portal as the public: their own drafts stay on their pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple, cast

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Max, Q, QuerySet

from seonggwa.evaluation.models import EvaluationRun, IndicatorResult
from seonggwa.organisations.models import Organisation
from seonggwa.plans.models import Indicator, Plan
from seonggwa.policy import visible_plans
from seonggwa.results.models import IndicatorValue
from seonggwa.results.selectors import published_periods, value_is_public

# how far the cross-year identity (``Indicator.previous``) is followed either way
TREND_YEARS = 15
SEARCH_LIMIT = 50


def public_plans() -> QuerySet[Plan]:
    """The plans the public may see (``policy.visible_plans`` of a visitor)."""
    return visible_plans(AnonymousUser())


def public_organisation_list(*, q: str = "") -> QuerySet[Organisation]:
    """Organisations with a public plan, by name, each with ``public_plan_count`` and
    ``latest_year`` (one query); ``q`` keeps those whose name contains it."""
    qs = Organisation.objects.filter(pk__in=public_plans().values("organisation_id"))
    if q:
        qs = qs.filter(name__icontains=q)
    public = Q(plans__in=public_plans().values("pk"))
    return qs.annotate(
        public_plan_count=Count("plans", filter=public, distinct=True),
        latest_year=Max("plans__year", filter=public),
    ).order_by("name", "pk")


def public_organisation_get(*, pk: int) -> Organisation | None:
    return public_organisation_list().filter(pk=pk).first()


def public_plan_list(*, organisation_id: int | None = None) -> QuerySet[Plan]:
    """Public plans, newest year first, with their organisation."""
    qs = public_plans().select_related("organisation")
    if organisation_id is not None:
        qs = qs.filter(organisation_id=organisation_id)
    return qs.order_by("-year", "organisation__name", "kind", "pk")


def public_indicator_list(
    *, organisation_id: int | None = None, year: int | None = None, q: str = ""
) -> QuerySet[Indicator]:
    """Indicators of public plans with their plan, organisation, unit and goal; ``q``: the
    name contains it (the portal's search)."""
    qs = Indicator.objects.filter(plan__in=public_plans().values("pk")).select_related(
        "plan__organisation", "owner__unit", "strategic_goal"
    )
    if organisation_id is not None:
        qs = qs.filter(plan__organisation_id=organisation_id)
    if year is not None:
        qs = qs.filter(plan__year=year)
    if q:
        qs = qs.filter(name__icontains=q)
    return qs.order_by("-plan__year", "plan__organisation__name", "plan__kind", "position", "pk")


def public_indicator_get(*, pk: int) -> Indicator | None:
    return public_indicator_list().filter(pk=pk).first()


class PublicValue(NamedTuple):
    """One row of :func:`public_value_rows`: a value with its indicator, plan and organisation
    (plain columns, not model instances: the open data reads every value of every plan)."""

    indicator_id: int
    plan_id: int
    plan_year: int
    organisation: str
    indicator: str
    unit_of_measure: str
    kind: str
    status: str
    year: int
    quarter: int
    month: int
    value: Decimal | None
    raw_text: str


def public_value_rows(
    *, organisation_id: int | None = None, year: int | None = None
) -> Iterator[PublicValue]:
    """Targets, baselines and public actuals of public plans (no scores), in plan and
    indicator order. Two queries."""
    plans = public_plans()
    if organisation_id is not None:
        plans = plans.filter(organisation_id=organisation_id)
    if year is not None:
        plans = plans.filter(year=year)
    published = published_periods(plan_ids=set(plans.values_list("pk", flat=True)))
    values = (
        IndicatorValue.objects.filter(
            indicator__plan__in=plans.values("pk"),
            kind__in=[
                IndicatorValue.Kind.TARGET,
                IndicatorValue.Kind.BASELINE,
                IndicatorValue.Kind.ACTUAL,
            ],
        )
        .order_by(
            "-indicator__plan__year",
            "indicator__plan__organisation__name",
            "indicator__position",
            "indicator_id",
            "year",
            "quarter",
            "month",
            "kind",
        )
        .values_list(
            "indicator_id",
            "indicator__plan_id",
            "indicator__plan__year",
            "indicator__plan__organisation__name",
            "indicator__name",
            "indicator__unit_of_measure",
            "kind",
            "status",
            "year",
            "quarter",
            "month",
            "value",
            "raw_text",
        )
    )
    for row in values.iterator(chunk_size=5000):
        v = PublicValue(*row)
        # value_is_public reads kind, status, year, quarter and month: a row has them
        if value_is_public(cast(IndicatorValue, v), v.plan_id, v.plan_year, published):
            yield v


def published_run_list(
    *, organisation_id: int | None = None, year: int | None = None
) -> list[EvaluationRun]:
    """The newest published run of each public plan and period, newest year first (one
    query): a run published again under a higher number replaces the one before."""
    qs = EvaluationRun.objects.filter(
        status=EvaluationRun.Status.PUBLISHED, plan__in=public_plans().values("pk")
    ).select_related("plan__organisation")
    if organisation_id is not None:
        qs = qs.filter(plan__organisation_id=organisation_id)
    if year is not None:
        qs = qs.filter(plan__year=year)
    newest: dict[tuple[int, str], EvaluationRun] = {}
    for run in qs.order_by("plan_id", "period_key", "number"):
        newest[(run.plan_id, run.period_key)] = run
    return sorted(
        newest.values(),
        key=lambda r: (-r.plan.year, r.plan.organisation.name, r.plan.kind, r.period_key),
    )


def published_result_list(*, runs: list[EvaluationRun]) -> QuerySet[IndicatorResult]:
    """The stored indicator results of ``runs`` (published ones: :func:`published_run_list`)."""
    return IndicatorResult.objects.filter(
        run__in=[r.pk for r in runs], run__status=EvaluationRun.Status.PUBLISHED
    ).order_by("run_id", "position", "pk")


@dataclass(frozen=True)
class TrendPoint:
    """One plan year of an indicator's cross-year identity: that year's indicator, its
    target and public actual for the year, and its result in the newest published run."""

    year: int
    indicator: Indicator
    target: IndicatorValue | None
    actual: IndicatorValue | None
    result: IndicatorResult | None


def indicator_trend(*, indicator: Indicator) -> list[TrendPoint]:
    """The indicator across plan years, oldest first: ``Indicator.previous`` followed back
    and forward through public plans only (a draft year is a gap the public does not see)."""
    public = public_plans().values("pk")
    base = Indicator.objects.filter(plan__in=public).select_related("plan__organisation")
    chain: list[Indicator] = [indicator]
    seen = {indicator.pk}
    current: Any = indicator
    while current.previous_id is not None and len(chain) < TREND_YEARS:
        before = base.filter(pk=current.previous_id).first()
        if before is None or before.pk in seen:
            break
        chain.insert(0, before)
        seen.add(before.pk)
        current = before
    current = indicator
    while len(chain) < TREND_YEARS:
        after = base.filter(previous=current).order_by("plan__year", "pk").first()
        if after is None or after.pk in seen:
            break
        chain.append(after)
        seen.add(after.pk)
        current = after
    plan_ids = {i.plan_id for i in chain}
    published = published_periods(plan_ids=plan_ids)
    values: dict[tuple[int, str], IndicatorValue] = {}
    for v in IndicatorValue.objects.filter(
        indicator__in=chain,
        kind__in=[IndicatorValue.Kind.TARGET, IndicatorValue.Kind.ACTUAL],
        quarter=0,
        month=0,
    ):
        ind = next(i for i in chain if i.pk == v.indicator_id)
        if v.year == ind.plan.year and value_is_public(v, ind.plan_id, ind.plan.year, published):
            values[(v.indicator_id, v.kind)] = v
    runs = _newest_year_runs(chain)
    results = {
        r.indicator_id: r
        for r in IndicatorResult.objects.filter(
            run__in=[r.pk for r in runs.values()], indicator__in=chain
        )
    }
    points = [
        TrendPoint(
            year=i.plan.year,
            indicator=i,
            target=values.get((i.pk, IndicatorValue.Kind.TARGET)),
            actual=values.get((i.pk, IndicatorValue.Kind.ACTUAL)),
            result=results.get(i.pk) if i.plan_id in runs else None,
        )
        for i in chain
    ]
    return sorted(points, key=lambda p: p.year)


def _newest_year_runs(chain: list[Indicator]) -> dict[int, EvaluationRun]:
    """The newest published run of each chain plan's own year, by plan id (one query)."""
    years = {i.plan_id: str(i.plan.year) for i in chain}
    newest: dict[int, EvaluationRun] = {}
    for run in EvaluationRun.objects.filter(
        plan_id__in=years, status=EvaluationRun.Status.PUBLISHED
    ).order_by("number"):
        if run.period_key == years[run.plan_id]:
            newest[run.plan_id] = run
    return newest
