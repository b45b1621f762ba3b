"""National evaluation benchmark (issue 14 item 4): load the national dataset into the
database, then time one evaluation run of every organisation through the evaluation's one
path — read, evaluate, store.

1. **Load**: ``sample.demo.generate_demo`` writes ``--orgs`` organisations × ``--indicators``
   indicators with ``--months`` months of actuals, one plan year, the year over
   (``close_last``: the plan closed, every actual approved, the year's actual recorded) and
   not evaluated. On PostgreSQL every table is loaded with COPY (``core.bulk``).
2. **Evaluate**: ``evaluation.services.runs_start`` — the service the web and the command
   use, for the acting user (an administrator, through the permission check), over every
   plan of the dataset: the plans are read a chunk at a time in one set of queries, evaluated
   by the engine, and their runs and results stored (COPY on PostgreSQL).

Each phase runs in a child process of its own, so its peak memory is its own: **peak memory
is the peak resident set size of that process** (``resource.getrusage(RUSAGE_SELF).ru_maxrss``,
the Python interpreter, Django and the data together), not a tracemalloc figure (tracing
every allocation would slow the run it measures). Wall time and the process's CPU time
(user + system) are printed; on a machine shared with other work the wall time is the noisy
one, so the load average is printed beside it.

    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/seonggwa_bench \\
        .venv/bin/python benchmarks/national_bench.py                 # 243 × 600 × 12
    .venv/bin/python benchmarks/national_bench.py --orgs 3 --indicators 50   # a quick try

The database must be a migrated or empty one of its own: the load replaces the demo
organisations it holds (``--replace``); ``--evaluate-only`` runs the evaluation again on what
is loaded (each run of a plan is stored as its next run). Without ``BENCH_DATABASE_URL`` or
``--database-url`` a temporary SQLite file is used.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
YEAR = 2025


def _setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "seonggwa.config.settings.base"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def _usage(started: float, cpu: float) -> dict[str, Any]:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "wall_s": time.perf_counter() - started,
        "cpu_s": usage.ru_utime + usage.ru_stime - cpu,
        "peak_rss_mb": usage.ru_maxrss / 1024,  # kilobytes on Linux
        "load_average": os.getloadavg()[0],
    }


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _officer() -> Any:
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(
        username="bench-national", defaults={"is_superuser": True, "is_staff": True}
    )
    return user


def phase_load(args: argparse.Namespace) -> dict[str, Any]:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from seonggwa.audit.context import acting_as
    from seonggwa.sample.demo import generate_demo

    user = _officer()
    started, cpu = time.perf_counter(), _cpu()
    with acting_as(user):
        result = generate_demo(
            orgs=args.orgs,
            indicators=args.indicators,
            months=args.months,
            years=1,
            seed=args.seed,
            replace=True,
            last_year=YEAR,
            evaluate=False,
            close_last=True,
        )
    out = _usage(started, cpu)
    out["rows"] = sum(result.counts.values())
    out["counts"] = result.counts
    return out


def phase_evaluate(args: argparse.Namespace) -> dict[str, Any]:
    from seonggwa.evaluation.models import IndicatorResult
    from seonggwa.evaluation.services import runs_start
    from seonggwa.plans.models import Plan
    from seonggwa.results.models import IndicatorValue

    user = _officer()
    plans = list(
        Plan.objects.filter(organisation__demo=True, year=YEAR, status=Plan.Status.CLOSED)
        .select_related("organisation")
        .order_by("pk")
    )
    values = IndicatorValue.objects.filter(indicator__plan__in=plans).count()
    started, cpu = time.perf_counter(), _cpu()
    runs = runs_start(user=user, plans=plans, chunk=args.chunk)
    out = _usage(started, cpu)
    out["plans"] = len(runs)
    out["values"] = values
    out["results"] = IndicatorResult.objects.filter(run__in=runs).count()
    statuses: dict[str, int] = {}
    for status in IndicatorResult.objects.filter(run__in=runs).values_list("status", flat=True):
        statuses[status] = statuses.get(status, 0) + 1
    out["statuses"] = statuses
    return out


def _child(phase: str, argv: list[str], url: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, *argv, "--phase", phase, "--database-url", url],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orgs", type=int, default=243)
    parser.add_argument("--indicators", type=int, default=600)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--chunk", type=int, default=20, help="plans read together")
    parser.add_argument("--runs", type=int, default=1, help="evaluation runs, one after another")
    parser.add_argument("--evaluate-only", action="store_true", help="skip the load")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    parser.add_argument("--phase", choices=["load", "evaluate"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase:
        _setup(args.database_url)
        out = phase_load(args) if args.phase == "load" else phase_evaluate(args)
        print(json.dumps(out))
        return 0

    passed = [
        *("--orgs", str(args.orgs), "--indicators", str(args.indicators)),
        *("--months", str(args.months), "--seed", str(args.seed), "--chunk", str(args.chunk)),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'national.sqlite3'}"
        vendor = url.split(":", 1)[0]
        print(
            f"national dataset: {args.orgs} organisations × {args.indicators} indicators × "
            f"{args.months} months, {vendor}"
        )
        if not args.evaluate_only:
            load = _child("load", passed, url)
            print(
                f"load:       {load['wall_s']:7.1f} s wall, {load['cpu_s']:6.1f} s CPU, "
                f"{load['rows']:,} rows ({load['rows'] / load['wall_s']:,.0f} rows/s), "
                f"peak RSS {load['peak_rss_mb']:,.0f} MB, load average {load['load_average']:.1f}"
            )
            for label, count in load["counts"].items():
                print(f"  {label:<28} {count:>10,}")
        for n in range(1, args.runs + 1):
            ev = _child("evaluate", passed, url)
            print(
                f"evaluation {n}: {ev['wall_s']:5.1f} s wall, {ev['cpu_s']:6.1f} s CPU, "
                f"{ev['plans']} plans, {ev['results']:,} indicator results "
                f"({ev['results'] / ev['wall_s']:,.0f} results/s) from {ev['values']:,} values "
                f"({ev['values'] / ev['wall_s']:,.0f} values/s), "
                f"peak RSS {ev['peak_rss_mb']:,.0f} MB, load average {ev['load_average']:.1f}"
            )
            print(f"  statuses: {ev['statuses']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
