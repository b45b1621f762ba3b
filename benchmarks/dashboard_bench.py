"""The dashboards' reads on the database DATABASE_URL names, e.g. a national demo dataset
(``seonggwa generate-demo --orgs 30 --indicators 600 --months 9 --years 3``; not a test): the
time and queries of the organisation overview, a unit's indicator rows, an indicator's trend
across plan years and each peer group's comparison, on the largest organisation.

    DATABASE_URL=sqlite:///var/demo.sqlite3 PYTHONPATH=src .venv/bin/python \\
        benchmarks/dashboard_bench.py [--repeat 3]

Prints one line per read: the best time of ``--repeat`` runs and the query count.
"""

from __future__ import annotations

import argparse
import datetime
import time
from collections.abc import Callable
from typing import Any


def measure(label: str, read: Callable[[], Any], repeat: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    best = float("inf")
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            read()
            best = min(best, time.perf_counter() - t0)
        queries = len(ctx.captured_queries)
    print(f"{label:<44} {best * 1000:8.1f} ms  {queries:3d} queries")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from seonggwa.cli import setup_django

    setup_django()
    from django.db.models import Count, Q

    from seonggwa.evaluation import dashboard_selectors as ds
    from seonggwa.organisations.models import Organisation, PeerGroup
    from seonggwa.plans.models import Indicator, Plan

    org = Organisation.objects.annotate(n=Count("plans__indicators")).order_by("-n", "name").first()
    if org is None:
        raise SystemExit("no organisation: generate a demo dataset first")
    plans = ds.dashboard_plans(organisation=org, visible=Plan.objects.all())
    plan = ds.dashboard_default_plan(plans)
    assert plan is not None
    earlier = [p for p in plans if p.kind == plan.kind and p.year < plan.year]
    n = plan.indicators.count()
    print(f"{org.name}: {plan} ({n} indicators), {len(plans)} plans")
    measure(
        "organisation_overview (every unit)",
        lambda: ds.organisation_overview(
            organisation=org,
            plan=plan,
            earlier_plans=earlier,
            unit_ids=None,
            runs=Q(),
            today=datetime.date(plan.year, 10, 15),
        ),
        args.repeat,
    )
    unit = plan.indicators.select_related("owner__unit").first().owner.unit
    measure(
        f"indicator_rows ({unit.name})",
        lambda: ds.indicator_rows(
            plan=plan,
            indicators=Indicator.objects.filter(plan=plan, owner__unit=unit),
            runs=Q(),
            earlier_plans=earlier,
        ),
        args.repeat,
    )
    deep = Indicator.objects.filter(plan=plan, previous__previous__isnull=False).first()
    if deep is not None:
        measure(
            "indicator_trend (3 plan years)",
            lambda: ds.indicator_trend(indicator=deep, runs=Q()),
            args.repeat,
        )
    for group in PeerGroup.objects.order_by("name"):
        years = ds.peer_years(group=group)
        if years:
            members = group.members.count()
            comparison = ds.peer_comparison(group=group, year=years[0])
            measure(
                f"peer_comparison {group.name} ({members} members, "
                f"{len(comparison.indicators)} shared)",
                lambda g=group, y=years[0]: ds.peer_comparison(group=g, year=y),
                args.repeat,
            )


if __name__ == "__main__":
    main()
