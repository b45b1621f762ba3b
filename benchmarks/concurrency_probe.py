"""Concurrent writers on every write path of a value, counting lost updates (not a test;
tests/results/test_concurrency.py runs a small version of it in the suite).

Makes a PostgreSQL database (dropped and made anew: a copy of ``--template`` when given,
otherwise migrated with the sample organisation loaded), then starts ``--processes`` worker
processes that each make ``--writes`` writes, taking turns over four paths (all processes on
the same path at the same step, so they write the same row at once):

* ``actual``    — ``results.services.actual_enter`` on one actual (the version read just
  before; the row starts missing, so the first writes race to create it);
* ``value_set`` — ``results.services.value_set`` on a target of the same indicator (half
  with the version read, half without: the lock orders them);
* ``planning``  — ``planning.services.draft_indicator_save``, which writes a unit's draft
  target of next year's plan (a planning round is opened for it);
* ``admin``     — the admin's change form of a plan (Django's test client: the page read,
  then posted with the version it showed).

A write either succeeds, is refused as a conflict (someone wrote first: the person would
read again), or fails otherwise (a raw database error: must be 0). At the end, per path:

* lost updates — successful writes the row's version does not count (final version minus
  the starting one), plus successes whose returned version another success also got;
* audit mismatches — the row's audit trail must hold one event per success, versions
  1, 2, … in order, each event's "before" equal to the previous event's "after".

    PYTHONPATH=src .venv/bin/python benchmarks/concurrency_probe.py \
        [--database-url postgresql://postgres@127.0.0.1:5432/seonggwa_probe] \
        [--processes 8 --writes 200] [--json]

The figures are the last lines of the output (one JSON object with ``--json``).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import sys
import time
import traceback
import urllib.parse
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PATHS = ("actual", "value_set", "planning", "admin")
CONFLICT = "먼저 수정했습니다"


def fresh_database(url: str, template: str | None = None) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if template:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        else:
            conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


def django_up(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seonggwa.config.settings.test")
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host name, e-mail kept in memory


def prepare(migrate: bool) -> dict[str, Any]:
    """The rows the workers write, starting from the sample organisation."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from seonggwa.organisations.models import OrgUnit
    from seonggwa.planning.models import UnitDraft
    from seonggwa.planning.services import round_open
    from seonggwa.plans.models import Indicator, Period, Plan
    from seonggwa.plans.services import period_create
    from seonggwa.results.models import IndicatorValue

    if migrate:
        from seonggwa.sample.load import sample_load

        call_command("migrate", verbosity=0)
        sample_load()
    users = get_user_model().objects
    officer = users.get(username="officer")
    plan = Plan.objects.get(organisation__name="한빛시", year=2026, kind="plan")
    opens, closes = datetime.date(2000, 1, 1), datetime.date(2099, 12, 31)
    period = Period.objects.filter(plan=plan, key="2026-Q1").first()
    if period is None:
        period_create(user=officer, plan=plan, key="2026-Q1", opens_on=opens, closes_on=closes)
    else:
        Period.objects.filter(pk=period.pk).update(opens_on=opens, closes_on=closes, locked=False)
    indicator = Indicator.objects.filter(plan=plan, owner__unit__name="복지정책국").first()
    assert indicator is not None
    IndicatorValue.objects.filter(indicator=indicator, year=2026, quarter=1).delete()
    rnd = round_open(
        user=officer,
        source_plan=plan,
        deadline=datetime.date.today() + datetime.timedelta(days=30),
        city_unit=OrgUnit.objects.get(organisation=plan.organisation, name="기획조정실"),
    )
    draft = UnitDraft.objects.get(round=rnd, owner__unit__name="복지정책국", owner__kind="unit")
    drafted = Indicator.objects.filter(plan=rnd.plan, owner=draft.owner).first()
    assert drafted is not None
    IndicatorValue.objects.filter(indicator=drafted, kind="target").delete()
    return {
        "indicator": indicator.pk,
        "drafted": drafted.pk,
        "draft": draft.pk,
        "draft_version": draft.version,
        "plan": rnd.plan.pk,
        "plan_version": rnd.plan.version,
    }


def _write(path: str, ids: dict[str, Any], text: str, index: int, client: Any) -> int | None:
    """One write on ``path``; the version it wrote when the service returns it."""
    from decimal import Decimal

    from django.contrib.auth import get_user_model

    from seonggwa.core.errors import ConflictError
    from seonggwa.planning.models import UnitDraft
    from seonggwa.planning.services import draft_indicator_save
    from seonggwa.plans.models import Indicator
    from seonggwa.results.models import IndicatorValue
    from seonggwa.results.services import actual_enter, value_set

    users = get_user_model().objects
    if path == "actual":
        read = IndicatorValue.objects.filter(
            indicator_id=ids["indicator"], kind="actual", year=2026, quarter=1
        ).first()
        done = actual_enter(
            indicator=Indicator.objects.get(pk=ids["indicator"]),
            year=2026,
            quarter=1,
            raw_text=text,
            user=users.get(username="welfare_staff"),
            expected_version=read.version if read else None,
        )
        return done.version
    if path == "value_set":
        read = IndicatorValue.objects.filter(
            indicator_id=ids["indicator"], kind="target", year=2026, quarter=1
        ).first()
        done = value_set(
            user=users.get(username="officer"),
            indicator=Indicator.objects.get(pk=ids["indicator"]),
            kind="target",
            year=2026,
            quarter=1,
            raw_text=text,
            value=Decimal(text),
            expected_version=read.version if read and index % 2 else None,
        )
        return done.version
    if path == "planning":
        draft = UnitDraft.objects.get(pk=ids["draft"])
        indicator = Indicator.objects.get(pk=ids["drafted"])
        draft_indicator_save(
            user=users.get(username="officer"),
            indicator=indicator,
            expected_version=draft.version,
            name=indicator.name,
            target=text,
        )
        return None
    url = f"/admin/plans/plan/{ids['plan']}/change/"
    page = client.get(url)
    html = page.content.decode()
    seen = re.search(r'name="seen_version" value="(\d+)"', html)
    fields = {
        name: re.search(rf'name="{name}"[^>]*value="([^"]*)"', html)
        for name in ("year", "title", "grading_scheme")
    }
    organisation = re.search(r'name="organisation".*?<option value="(\d+)" selected', html, re.S)
    kind = re.search(r'name="kind".*?<option value="(\w+)" selected', html, re.S)
    if page.status_code != 200 or not seen or not organisation or not kind:
        raise RuntimeError(f"admin change page: {page.status_code}")
    data = {k: m.group(1) if m else "" for k, m in fields.items()}
    data.update(
        organisation=organisation.group(1),
        kind=kind.group(1),
        title=f"probe {text}",
        seen_version=seen.group(1),
    )
    response = client.post(url, data)
    if response.status_code == 302:
        return int(seen.group(1)) + 1
    if response.status_code == 200 and CONFLICT in response.content.decode():
        raise ConflictError(CONFLICT)
    raise RuntimeError(f"admin save: {response.status_code}")


def worker(index: int, writes: int, ids: dict[str, Any], paths: list[str], out: Any) -> None:
    from django.db import connections
    from django.test import Client

    from seonggwa.core.errors import ConflictError, ServiceError

    connections.close_all()  # never the parent's connection
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    tally: dict[str, Counter[str]] = {p: Counter() for p in paths}
    versions: dict[str, list[int]] = {p: [] for p in paths}
    errors: list[str] = []
    for i in range(writes):
        path = paths[i % len(paths)]  # every process on the same row at once
        text = f"{index + 1}{i:04d}"
        try:
            version = _write(path, ids, text, i, client)
        except ConflictError:
            tally[path]["conflicts"] += 1
        except ServiceError as exc:
            tally[path]["refused"] += 1
            errors.append(f"{path}: refused: {exc}")
        except Exception:  # a raw database error: what must never reach a person
            tally[path]["errors"] += 1
            errors.append(f"{path}: {traceback.format_exc(limit=3)}")
        else:
            tally[path]["successes"] += 1
            if version is not None:
                versions[path].append(version)
    connections.close_all()
    out.put(
        {"tally": {p: dict(c) for p, c in tally.items()}, "versions": versions, "errors": errors}
    )


def _audit_mismatches(model: str, pk: int, start_version: int) -> tuple[int, int]:
    """(events after the start, mismatches): versions must go start+1, start+2, … and each
    "before" must equal the state the previous event left."""
    from seonggwa.audit.models import AuditEvent

    events = AuditEvent.objects.filter(model=model, object_pk=str(pk)).order_by("pk")
    state: dict[str, Any] = {}
    counted = bad = 0
    for event in events:
        changes = event.changes
        if event.action == "create":
            state = {k: after for k, (_before, after) in changes.items()}
            if start_version == 0:
                counted += 1
                bad += state.get("version") != counted
            continue
        if "version" not in changes:
            for k, (_before, after) in changes.items():
                state[k] = after
            continue
        before_version, after_version = changes["version"]
        if after_version > start_version:
            counted += 1
            bad += before_version != start_version + counted - 1
            bad += after_version != start_version + counted
            bad += any(state.get(k, before) != before for k, (before, _after) in changes.items())
        for k, (_before, after) in changes.items():
            state[k] = after
    return counted, bad


def verify(ids: dict[str, Any], results: list[dict[str, Any]], paths: list[str]) -> dict[str, Any]:
    from seonggwa.plans.models import Plan
    from seonggwa.results.models import IndicatorValue

    def value_row(indicator: int, kind: str, quarter: int) -> IndicatorValue | None:
        return IndicatorValue.objects.filter(
            indicator_id=indicator, kind=kind, quarter=quarter
        ).first()

    rows: dict[str, tuple[str, Any, int]] = {
        "actual": ("results.IndicatorValue", value_row(ids["indicator"], "actual", 1), 0),
        "value_set": ("results.IndicatorValue", value_row(ids["indicator"], "target", 1), 0),
        "planning": ("results.IndicatorValue", value_row(ids["drafted"], "target", 0), 0),
        "admin": ("plans.Plan", Plan.objects.get(pk=ids["plan"]), ids["plan_version"]),
    }
    report: dict[str, Any] = {}
    for path in paths:
        tally: Counter[str] = Counter()
        returned: list[int] = []
        for result in results:
            tally.update(result["tally"][path])
            returned += result["versions"][path]
        model, row, start = rows[path]
        final = row.version if row is not None else start
        written = final - start
        duplicates = len(returned) - len(set(returned))
        events, bad = _audit_mismatches(model, row.pk, start) if row is not None else (0, 0)
        report[path] = {
            "successes": tally["successes"],
            "conflicts": tally["conflicts"],
            "refused": tally["refused"],
            "errors": tally["errors"],
            "final_version": final,
            "lost_updates": max(tally["successes"] - written, 0) + duplicates,
            "audit_events": events,
            "audit_mismatches": bad + abs(events - tally["successes"]),
        }
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database-url", default="postgresql://postgres@127.0.0.1:5432/seonggwa_probe"
    )
    parser.add_argument("--template", help="copy this database instead of migrating")
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--writes", type=int, default=200)
    parser.add_argument("--paths", default=",".join(PATHS))
    parser.add_argument("--keep", action="store_true", help="leave the database for a look")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    paths = [p for p in args.paths.split(",") if p]
    if not args.database_url.startswith("postgres"):
        raise SystemExit("the probe needs PostgreSQL (row locks): --database-url postgresql://…")
    started = time.perf_counter()
    fresh_database(args.database_url, args.template)
    try:
        django_up(args.database_url)
        ids = prepare(migrate=not args.template)
        from django.db import connections

        connections.close_all()
        context = multiprocessing.get_context("fork")
        queue = context.Queue()
        workers = [
            context.Process(target=worker, args=(i, args.writes, ids, paths, queue))
            for i in range(args.processes)
        ]
        writing = time.perf_counter()
        for w in workers:
            w.start()
        results = [queue.get(timeout=3600) for _ in workers]
        for w in workers:
            w.join()
        seconds = time.perf_counter() - writing
        report = verify(ids, results, paths)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop_database(args.database_url)
    errors = [e for r in results for e in r["errors"]]
    summary = {
        "processes": args.processes,
        "writes": args.writes,
        "seconds": round(seconds, 1),
        "total_seconds": round(time.perf_counter() - started, 1),
        "paths": report,
        "first_errors": errors[:5],
    }
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        for line in errors[:5]:
            print(line, file=sys.stderr)
        print(f"{args.processes} processes × {args.writes} writes in {seconds:.1f} s")
        for path, figures in report.items():
            print(f"{path:10} " + " ".join(f"{k}={v}" for k, v in figures.items()))
    bad = any(f["lost_updates"] or f["errors"] or f["audit_mismatches"] for f in report.values())
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
