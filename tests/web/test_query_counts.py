"""Every page asks the database a fixed number of questions, however big the plan: each page
is rendered for a plan of one indicator and for a plan with many units, goals, program goals,
indicators, values, evidence, budget programs and findings, and the bigger plan must not cost
a query more (guards against N+1 queries, as NetBox's list-page tests do). Each page also has
a fixed ceiling, so a page that becomes expensive for every plan is noticed too."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from seonggwa.engine.text import norm_key
from seonggwa.organisations.services import (
    organisation_get_or_create,
    owner_get_or_create,
    unit_create,
)
from seonggwa.plans.models import BudgetProgram, Indicator, Plan
from seonggwa.plans.services import (
    perspective_create,
    plan_create,
    plan_set_status,
    policy_goal_create,
    strategic_goal_create,
)
from seonggwa.reports.kinds import report_kinds_for
from seonggwa.reports.open_data import DATASET_KEYS
from seonggwa.reports.render import FORMATS
from seonggwa.results.models import Evidence, IndicatorValue
from seonggwa.sources.models import DeclaredFigure, StoredFinding

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _compute_every_time(settings):  # type: ignore[no-untyped-def]
    """The pages kept in the figures cache (docs/deploy.md) compute on every request here:
    what is counted is the computation (plus the one query of the state it is kept under),
    the path whose queries must not grow with the plan. A cached answer costs fewer."""
    settings.CACHES = {
        **settings.CACHES,
        "figures": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    settings.SEONGGWA_FIGURES_LOCAL_ENTRIES = 0


def _admin():  # type: ignore[no-untyped-def]
    """The sample's administrator: services take the acting user."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="admin")


YEAR = 2030
# The most queries a page may make, a little above today's counts (home 1 anonymous, 4
# signed in: the session, the user, the visible plans, and the user's standing — roles,
# unread count and delegation flag in one query, shared by the header, the side navigation
# and the policy (tests/web/test_navigation.py); plan page 7 to 9, and 1 for the state its
# tables are kept under; report pages and
# downloads 8 to 11 by report kind; portal pages 1 to 7; an open dataset 8 to 11)
CEILING = {
    "home": 4,
    "plan-detail": 10,
    "report-page": 13,
    "report-download": 13,
    # dashboards (a superuser): the lists 15; an indicator's page 19 (its plan years, the
    # year's rows, evidence and history)
    "dashboard": 15,
    "dashboard-indicator": 19,
    # the indicator page computing: 4, one more for each year of its trend, and 2 for the
    # state it is kept under (its organisation's plans, their state); 3 when kept
    "portal": 10,
    "open-dataset": 12,
}


@dataclass(frozen=True)
class Size:
    units: int
    goals: int  # strategic goals per unit
    policies: int  # program goals per strategic goal (none in a BSC plan)
    indicators: int  # per program goal (per strategic goal in a BSC plan)


SMALL = Size(units=1, goals=1, policies=1, indicators=1)
BIG = Size(units=3, goals=2, policies=2, indicators=2)  # 24 indicators (12 in a BSC plan)
DOUBLED = Size(units=2, goals=2, policies=2, indicators=1)
FIRST_TABLE = {"plan": "plan_summary", "report": "report_summary", "bsc": "bsc_1"}


@pytest.fixture
def users(sample, django_user_model) -> dict[str, Any]:
    return {
        "staff": django_user_model.objects.get(username="welfare_staff"),
        "manager": django_user_model.objects.get(username="officer"),
    }


@pytest.fixture
def plan_build(users) -> Callable[..., Plan]:
    """Build a confirmed plan of ``kind`` and ``size`` in an organisation of its own: the
    organisation, units, plan, perspectives and goals through the services, the many rows
    (indicators, their targets, baselines and actuals in every status, evidence, budget
    programs, declared figures, findings) in bulk, so that a big plan stays cheap to build.
    ``years=1`` gives each indicator one year of values (no trend charts to draw)."""
    numbers = itertools.count(1)

    def build(kind: str, size: Size, *, years: int = 2) -> Plan:
        org = organisation_get_or_create(name=f"쿼리시{next(numbers)}")
        plan = plan_create(
            user=_admin(),
            organisation=org,
            year=YEAR,
            kind=kind,
            title=f"{YEAR}년 쿼리시 {kind}",
            grading_scheme="traffic_light" if kind == Plan.Kind.BSC else "performance_report",
        )
        bsc = kind == Plan.Kind.BSC
        indicators: list[Indicator] = []
        rows: list[Any] = []
        for u in range(size.units):
            unit = unit_create(organisation=org, name=f"{u + 1}국", unit_type="guk")
            owner = owner_get_or_create(unit=unit)
            perspectives = [
                perspective_create(
                    user=_admin(),
                    plan=plan,
                    owner=owner,
                    name=name,
                    weight=Decimal(w),
                    weight_raw=w,
                    position=i,
                )
                for i, (name, w) in enumerate([("재무", "60"), ("고객", "40")] if bsc else [])
            ]
            for g in range(size.goals):
                perspective = perspectives[g % 2] if bsc else None
                goal = strategic_goal_create(
                    user=_admin(),
                    plan=plan,
                    owner=owner,
                    name=f"{u + 1}국 전략목표 {g + 1}",
                    code="" if bsc else f"{u + 1}-{g + 1}",
                    perspective=perspective,
                    program_amount=Decimal(10**9) if kind == Plan.Kind.PERFORMANCE_REPORT else None,
                    position=g,
                )
                policies = (
                    [None]
                    if bsc
                    else [
                        policy_goal_create(
                            user=_admin(),
                            strategic_goal=goal,
                            name=f"정책사업목표 {g + 1}-{p + 1}",
                            code=f"{u + 1}-{g + 1}-{p + 1}",
                            position=p,
                        )
                        for p in range(size.policies)
                    ]
                )
                for policy in policies:
                    for _ in range(size.indicators):
                        n = len(indicators) + 1
                        name = f"성과지표 {n}"
                        indicators.append(
                            Indicator(
                                plan=plan,
                                owner=owner,
                                strategic_goal=goal,
                                policy_goal=policy,
                                perspective=perspective,
                                code=f"{goal.code}-{n}" if goal.code else "",
                                name=name,
                                name_key=norm_key(name),
                                position=n,
                                unit_of_measure="%",
                                weight=Decimal(10),
                                weight_raw="10",
                                definition="정의",
                                data_source="자료",
                            )
                        )
                if not bsc:
                    rows.append(
                        BudgetProgram(
                            plan=plan,
                            owner=owner,
                            strategic_goal=goal,
                            name=f"단위사업 {u + 1}-{g + 1}",
                            position=g,
                            budget=Decimal(12 * 10**8),
                            previous_budget=Decimal(10**9),
                            settlement=Decimal(11 * 10**8),
                            previous_settlement=Decimal(9 * 10**8),
                        )
                    )
            rows.append(
                DeclaredFigure(
                    plan=plan,
                    unit=unit,
                    unit_label=unit.name,
                    table="summary",
                    key="indicators",
                    raw_text="1",
                    value=1,
                    position=u,
                )
            )
            rows.append(
                StoredFinding(
                    plan=plan,
                    severity="warning",
                    code="R5",
                    message=f"{unit.name} 점검",
                    position=u,
                )
            )
        Indicator.objects.bulk_create(indicators)
        values = [v for ind in indicators for v in _values(ind, users, years)]
        IndicatorValue.objects.bulk_create(values)
        Evidence.objects.bulk_create(
            Evidence(
                value=v,
                file=f"evidence/{v.pk}",
                original_name=f"증빙{v.pk}.pdf",
                content_type="application/pdf",
                size=100,
                sha256=f"{v.pk:064d}",
                uploaded_by=users["staff"],
            )
            for v in values
            if v.kind == "actual"
        )
        for model in (BudgetProgram, DeclaredFigure, StoredFinding):
            model.objects.bulk_create([r for r in rows if isinstance(r, model)])
        return plan_set_status(
            user=_admin(), plan=plan, status=Plan.Status.CONFIRMED, expected_version=plan.version
        )

    return build


def _values(ind: Indicator, users: dict[str, Any], years: int) -> list[IndicatorValue]:
    """Targets, a baseline and actuals as the services leave them (the last year's actual in
    each workflow status in turn)."""
    staff, manager = users["staff"], users["manager"]
    values = [
        IndicatorValue(indicator=ind, kind="baseline", year=YEAR - 2, raw_text="70", value=70)
    ]
    for year in range(YEAR - years + 1, YEAR + 1):
        values.append(
            IndicatorValue(indicator=ind, kind="target", year=year, raw_text="90", value=90)
        )
        actual = 80 + ind.position % 20
        status = (
            "approved"
            if year < YEAR
            else ("draft", "submitted", "approved", "rejected")[ind.position % 4]
        )
        values.append(
            IndicatorValue(
                indicator=ind,
                kind="actual",
                year=year,
                raw_text=str(actual),
                value=actual,
                status=status,
                entered_by=staff,
                approved_by=manager if status == "approved" else None,
                approved_at=timezone.now() if status == "approved" else None,
                locked=status == "approved",
                note="보완" if status == "rejected" else "",
            )
        )
    return values


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


@dataclass(frozen=True)
class Page:
    ceiling: str  # key of CEILING
    small: str  # url for the small plan
    big: str  # the same url for the big plan


def compare(client: Client, pages: dict[str, Page], *, warm: bool = True) -> None:
    """Count the queries of each page for the small and the big plan; the big one may not
    cost more, nor exceed the page's ceiling. With ``warm``, each page is requested once
    first, so what a first request caches does not count against the small plan."""
    counts: dict[str, tuple[int, int]] = {}
    for name, page in pages.items():
        if warm:
            client.get(page.small)
        counts[name] = (queries(client, page.small), queries(client, page.big))
    grown = {name: c for name, c in counts.items() if c[1] > c[0]}
    assert not grown, f"queries grow with the plan (small, big): {grown}"
    over = {name: c for name, c in counts.items() if c[1] > CEILING[pages[name].ceiling]}
    assert not over, f"more queries than the ceiling {CEILING}: {over}"


def page(ceiling: str, view: str, small: Plan, big: Plan, *args: str, query: str = "") -> Page:
    small_url, big_url = (reverse(f"web:{view}", args=[p.pk, *args]) + query for p in (small, big))
    return Page(ceiling, small_url, big_url)


PLAN_KINDS = [Plan.Kind.PERFORMANCE_PLAN, Plan.Kind.PERFORMANCE_REPORT, Plan.Kind.BSC]


@pytest.mark.parametrize("kind", PLAN_KINDS)
def test_plan_and_report_pages_do_not_grow_with_the_plan(client, plan_build, kind):
    small, big = plan_build(kind, SMALL), plan_build(kind, BIG)
    per_goal = BIG.indicators * (1 if kind == Plan.Kind.BSC else BIG.policies)
    last = f"성과지표 {BIG.units * BIG.goals * per_goal}"
    assert last in client.get(reverse("web:plan-detail", args=[big.pk])).content.decode()
    pages = {"plan-detail": page("plan-detail", "plan-detail", small, big)}
    for report in [k.key for k in report_kinds_for(small.kind, public=True)]:
        pages[report] = page("report-page", "report-page", small, big, report)
        pages[f"{report}?unit"] = page(
            "report-page", "report-page", small, big, report, query="?unit=1국"
        )
    compare(client, pages)


@pytest.mark.slow  # renders every document in every format, for both plans
@pytest.mark.parametrize("kind", PLAN_KINDS)
def test_downloads_do_not_grow_with_the_plan(client, plan_build, kind):
    # a smaller big plan (every level doubled) with one year of values: rendering costs
    # per indicator card, and trend charts are drawn from the report model (no queries)
    small, big = plan_build(kind, SMALL, years=1), plan_build(kind, DOUBLED, years=1)
    pages: dict[str, Page] = {}
    for report in [k.key for k in report_kinds_for(small.kind, public=True)]:
        client.get(reverse("web:report-page", args=[small.pk, report]))  # warm up once
        for fmt in FORMATS:
            pages[f"{report}.{fmt}"] = page(
                "report-download", "report-download", small, big, report, fmt
            )
        table = FIRST_TABLE.get(report, "findings")
        pages[f"{report}.csv?table={table}"] = page(
            "report-download", "report-download", small, big, report, "csv", query=f"?table={table}"
        )
    compare(client, pages, warm=False)


def test_home_does_not_grow_with_the_number_of_plans(users, django_user_model):
    viewers = {
        "anonymous": None,
        "staff": users["staff"],
        "superuser": django_user_model.objects.get(username="admin"),
    }

    def count_each() -> dict[str, int]:
        counts = {}
        for name, user in viewers.items():
            c = Client()
            if user is not None:
                c.force_login(user)
            c.get("/")
            counts[name] = queries(c, "/")
        return counts

    few = count_each()  # the sample's three plans
    for i in range(12):
        plan = plan_create(
            user=_admin(),
            organisation=organisation_get_or_create(name=f"목록시{i % 4}"),
            year=2000 + i,
            kind=Plan.Kind.PERFORMANCE_PLAN,
        )
        if i % 3:
            plan_set_status(
                user=_admin(),
                plan=plan,
                status=Plan.Status.CONFIRMED,
                expected_version=plan.version,
            )
    assert "목록시1" in Client().get("/").content.decode()
    many = count_each()
    assert all(many[v] <= few[v] <= CEILING["home"] for v in viewers), (
        f"home page queries with 3 plans {few}, with 15 plans {many}"
    )


def _dashboard_data(plan: Plan) -> None:
    """What the dashboards read beyond the plan: monthly actuals of the plan year (for the
    projection), a published evaluation run, a period collecting now."""
    import datetime

    from seonggwa.evaluation.models import EvaluationRun
    from seonggwa.evaluation.services import run_start
    from seonggwa.plans.models import Period

    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            indicator=ind,
            kind="actual",
            year=YEAR,
            month=month,
            raw_text=str(20 * month),
            value=20 * month,
            status="submitted",
        )
        for ind in plan.indicators.all()
        for month in (1, 2, 3)
    )
    today = timezone.localdate()
    Period.objects.create(
        plan=plan,
        key=f"{YEAR}-03",
        frequency="month",
        year=YEAR,
        month=3,
        opens_on=today - datetime.timedelta(days=3),
        closes_on=today + datetime.timedelta(days=3),
    )
    run = run_start(user=_admin(), plan=plan)
    EvaluationRun.objects.filter(pk=run.pk).update(
        status=EvaluationRun.Status.PUBLISHED, published_at=timezone.now()
    )


def test_dashboards_do_not_grow_with_the_plan(client, plan_build):
    from seonggwa.organisations.models import PeerGroup

    small, big = (
        plan_build(Plan.Kind.PERFORMANCE_PLAN, SMALL),
        plan_build(Plan.Kind.PERFORMANCE_PLAN, BIG),
    )
    for plan in (small, big):
        _dashboard_data(plan)
    client.force_login(_admin())
    big_overview = client.get(reverse("web:dashboard-org", args=[big.organisation_id]))
    assert big_overview.content.decode().count('<tr><th scope="row">') >= BIG.units
    one, both = PeerGroup.objects.create(name="작은 그룹"), PeerGroup.objects.create(name="큰 그룹")
    one.members.add(small.organisation)
    both.members.add(small.organisation, big.organisation)

    def first(plan: Plan, related: str) -> int:
        return getattr(plan, related).order_by("pk").first().pk

    pages = {
        "org": Page(
            "dashboard",
            reverse("web:dashboard-org", args=[small.organisation_id]),
            reverse("web:dashboard-org", args=[big.organisation_id]),
        ),
        "unit": Page(
            "dashboard",
            reverse("web:dashboard-unit", args=[small.organisation.units.get().pk]),
            reverse("web:dashboard-unit", args=[big.organisation.units.order_by("pk")[0].pk]),
        ),
        "goal": Page(
            "dashboard",
            reverse("web:dashboard-goal", args=[first(small, "strategic_goals")]),
            reverse("web:dashboard-goal", args=[first(big, "strategic_goals")]),
        ),
        "policy-goal": Page(
            "dashboard",
            reverse("web:dashboard-policy-goal", args=[first(small, "policy_goals")]),
            reverse("web:dashboard-policy-goal", args=[first(big, "policy_goals")]),
        ),
        "indicator": Page(
            "dashboard-indicator",
            reverse("web:dashboard-indicator", args=[first(small, "indicators")]),
            reverse("web:dashboard-indicator", args=[first(big, "indicators")]),
        ),
        "compare": Page(
            "dashboard",
            reverse("web:dashboard-compare-peers", args=[one.pk]),
            reverse("web:dashboard-compare-peers", args=[both.pk]),
        ),
        "compare-start": Page(
            "dashboard", reverse("web:dashboard-compare"), reverse("web:dashboard-compare")
        ),
    }
    compare(client, pages)


def test_portal_and_open_data_do_not_grow_with_the_data(client, plan_build):
    """The portal's lists and every dataset cost the same for an organisation of one
    indicator and one of many; the pages over every organisation (the portal's home, a
    search, the catalogue) cost no more once a big organisation is added."""
    small = plan_build(Plan.Kind.PERFORMANCE_PLAN, SMALL)
    everywhere = [
        reverse("web:portal"),
        reverse("web:portal-search") + "?q=성과지표",
        reverse("web:open-catalogue"),
        reverse("web:open-dictionary"),
    ]
    for url in everywhere:
        client.get(url)
    before = {url: queries(client, url) for url in everywhere}
    big = plan_build(Plan.Kind.PERFORMANCE_PLAN, BIG)
    after = {url: queries(client, url) for url in everywhere}
    assert after == before
    assert max(after.values()) <= CEILING["portal"]
    pages = {
        "organisation": Page(
            "portal",
            reverse("web:portal-organisation", args=[small.organisation_id]),
            reverse("web:portal-organisation", args=[big.organisation_id]),
        ),
        "indicator": Page(
            "portal",
            reverse("web:portal-indicator", args=[small.indicators.first().pk]),
            reverse("web:portal-indicator", args=[big.indicators.last().pk]),
        ),
    }
    for key in DATASET_KEYS:
        for fmt in ("csv", "json"):
            pages[f"{key}.{fmt}"] = Page(
                "open-dataset",
                reverse("web:open-dataset", args=[key, fmt])
                + f"?organisation={small.organisation_id}",
                reverse("web:open-dataset", args=[key, fmt])
                + f"?organisation={big.organisation_id}",
            )
    compare(client, pages, warm=False)
