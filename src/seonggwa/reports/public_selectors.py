"""Reads for the public portal and the open data (docs/portal.md): what anyone may see,
whoever asks. Every read starts from :func:`public_plans` (the rule of
``policy.visible_plans`` for a visitor who is not signed in: confirmed and closed plans),
keeps an actual only when ``results.selectors.value_is_public`` says so (approved, in a
published period), and reads grades only from the newest *published* run of a plan's year.
Signed-in users see the same portal as the public: their own drafts stay on their pages.
An indicator's trend is the dashboards' reader,
``evaluation.dashboard_selectors.indicator_trend(public=True)``.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import NamedTuple, cast

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Max, Q, QuerySet

from seonggwa.evaluation.models import EvaluationRun, IndicatorResult
from seonggwa.organisations.models import Organisation
from seonggwa.plans.models import Indicator, Plan
from seonggwa.policy import visible_plans
from seonggwa.results.models import IndicatorValue
from seonggwa.results.selectors import published_periods, value_is_public

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
