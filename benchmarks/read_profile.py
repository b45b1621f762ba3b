"""One request at a time (not a test, not a load run): the time, CPU time and queries of each
page and API call that ``benchmarks/load_read.py`` requests, over the database DATABASE_URL
names (the demo dataset load_read.py makes: ``seonggwa_read``).

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/seonggwa_read PYTHONPATH=src \\
        .venv/bin/python benchmarks/read_profile.py [--repeat 5] [--profile PATH-SUBSTRING]

For each path: the first request (empty cache: what the first reader after a publication
pays), then the best and median of ``--repeat`` more (the cache warm), each with its query
count and the time spent in the database. ``--profile`` prints cProfile's top functions of
the first request of the paths containing the text (``--warm``: of the second). The pages are read as load_read.py's
evaluation officer (signed in); the API and the portal anonymously, as load_read.py does.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import time
from typing import Any


def _paths() -> tuple[Any, list[tuple[str, str]]]:
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from seonggwa.accounts.services import role_assign
    from seonggwa.organisations.models import Organisation
    from seonggwa.plans.models import Indicator, Plan

    org = Organisation.objects.filter(demo=True).order_by("pk").first()
    if org is None:
        raise SystemExit("no demo organisation: run load_read.py or seonggwa generate-demo first")
    user_model = get_user_model()
    user = user_model.objects.filter(username="load_officer").first()
    if user is None:
        user = user_model.objects.create_user("load_officer", password="read-load-2026-pass")
        role_assign(user=user, organisation=org, role="evaluation_officer")
    plans = list(Plan.objects.filter(organisation=org).order_by("-year")[:2])
    plan, past = plans[0], plans[-1]
    indicator = Indicator.objects.filter(plan=plan).order_by("pk").first()
    assert indicator is not None
    past_indicator = Indicator.objects.filter(plan=past).order_by("pk").first()
    assert past_indicator is not None
    paths = [
        ("page", reverse("web:dashboard-org", args=[org.pk])),
        ("page", reverse("web:dashboard-unit", args=[indicator.owner.unit_id])),
        ("page", reverse("web:dashboard-goal", args=[indicator.strategic_goal_id])),
        ("page", reverse("web:dashboard-indicator", args=[indicator.pk])),
        ("page", reverse("web:plan-detail", args=[plan.pk])),
        ("api", "/api/v1/organisations?limit=50"),
        ("api", f"/api/v1/plans?organisation={org.pk}"),
        ("api", f"/api/v1/plans/{plan.pk}/indicators?limit=100"),
        ("api", f"/api/v1/plans/{past.pk}/results?limit=100"),
        ("api", f"/api/v1/plans/{plan.pk}"),
        ("api", f"/api/v1/organisations/{org.pk}"),
        ("portal", reverse("web:portal")),
        ("portal", reverse("web:portal-organisation", args=[org.pk])),
        ("portal", reverse("web:portal-indicator", args=[past_indicator.pk])),
    ]
    return user, paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", default="", help="cProfile the paths containing this")
    parser.add_argument("--warm", action="store_true", help="profile a warm request instead")
    args = parser.parse_args()
    from seonggwa.cli import setup_django

    setup_django()
    from django.conf import settings
    from django.core.cache import cache, caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    user, paths = _paths()
    officer = Client(HTTP_ACCEPT_LANGUAGE="ko")
    officer.force_login(user)
    anonymous = Client(HTTP_ACCEPT_LANGUAGE="ko")
    from seonggwa.core.readcache import local_clear

    cache.clear()
    local_clear()
    if (
        "figures" in settings.CACHES
    ):  # the first request of each path computes, as after a publication
        caches["figures"].clear()

    def one(client: Client, path: str, profile: bool = False) -> tuple[float, float, int, float]:
        profiler = cProfile.Profile() if profile else None
        with CaptureQueriesContext(connection) as ctx:
            wall, cpu = time.perf_counter(), time.process_time()
            if profiler:
                profiler.enable()
            response = client.get(path)
            if profiler:
                profiler.disable()
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        if response.status_code != 200:
            raise SystemExit(f"{path}: HTTP {response.status_code}")
        if profiler:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(30)
            print(out.getvalue())
        db = sum(float(q["time"]) for q in ctx.captured_queries)
        return wall * 1000, cpu * 1000, len(ctx.captured_queries), db * 1000

    print(
        f"{'path':<44} {'first ms':>9} {'cpu':>7} {'q':>4} {'db ms':>7} │"
        f" {'warm best':>9} {'median':>7} {'cpu':>7} {'q':>4} {'db ms':>6}"
    )
    for kind, path in paths:
        client = officer if kind == "page" else anonymous
        profile = bool(args.profile) and args.profile in path
        first = one(client, path, profile and not args.warm)
        warm = [one(client, path, profile and args.warm and not i) for i in range(args.repeat)]
        best = min(warm)
        print(
            f"{path:<44} {first[0]:9.1f} {first[1]:7.1f} {first[2]:4d} {first[3]:7.1f} │"
            f" {best[0]:9.1f} {statistics.median(w[0] for w in warm):7.1f}"
            f" {statistics.median(w[1] for w in warm):7.1f} {best[2]:4d}"
            f" {statistics.median(w[3] for w in warm):6.1f}"
        )


if __name__ == "__main__":
    main()
