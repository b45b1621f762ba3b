"""Evaluation-run benchmark: seed 000 (서울특별시 2022 성과계획서, ~420 indicators) imported
through the importer service, an approved actual generated for every indicator, the plan
confirmed, then one evaluation run (``evaluation.services.run_start``) timed.

Seed 000 is the 총괄 table only, so its indicators carry no targets: the benchmark gives each
a target first (a whole number, a decimal, a floor such as ``85%이상`` or a composite such as
``450(1,650)``). The targets and actuals are deterministic (``random.Random(0)``) and follow each target's grammar: a
number (or a floor / ceiling) gets a number 60–150 % of it with the same decimals, a
composite gets each part scaled (``512(1,712)``), a relative or baseline target a number
around 100, a grade or milestone its own label, and an indicator without a target a number
50–150. Prints the run's wall time and its number of queries as its last line.

    .venv/bin/python benchmarks/evaluation_bench.py
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEED_DIRS = [ROOT.parent / "shared" / "seeds", ROOT / "tests" / "fixtures" / "seeds"]
YEAR = 2022


def _seed() -> Path:
    for directory in SEED_DIRS:
        found = sorted(directory.glob("000_*.txt"))
        if found:
            return found[0]
    raise SystemExit("seed 000 not found in ../shared/seeds or tests/fixtures/seeds")


def _scaled(number: Decimal, rng: random.Random) -> Decimal:
    places = max(0, -int(number.as_tuple().exponent))  # type: ignore[operator]
    factor = Decimal(rng.randint(60, 150)) / 100
    return (number * factor).quantize(Decimal(1).scaleb(-places))


def _number_text(value: Decimal) -> str:
    whole = f"{value:,.{max(0, -int(value.as_tuple().exponent))}f}"  # type: ignore[operator]
    return whole


def actual_text(target_raw: str, rng: random.Random) -> str:
    """An actual written in the target's own grammar (see the module docstring)."""
    from seonggwa.engine.values import Qualifier, parse_value

    parsed = parse_value(target_raw)
    kind = parsed.kind
    if kind is Qualifier.COMPOSITE and parsed.parts:
        first, *rest = [_scaled(p.number, rng) for p in parsed.parts]
        return _number_text(first) + "".join(f"({_number_text(r)})" for r in rest)
    if kind in (Qualifier.GRADE, Qualifier.MILESTONE) and parsed.label:
        return parsed.label
    if parsed.number is not None and kind in (
        Qualifier.ABSOLUTE,
        Qualifier.THRESHOLD_MIN,
        Qualifier.THRESHOLD_MAX,
    ):
        return _number_text(_scaled(abs(parsed.number), rng))
    if kind in (Qualifier.NONE,):
        return str(rng.randint(50, 150))
    return _number_text(_scaled(Decimal(100), rng))


def target_text(rng: random.Random) -> str:
    """A target in one of the grammars the documents print most."""
    pick = rng.random()
    if pick < 0.5:
        return str(rng.randint(5, 900))
    if pick < 0.7:
        return f"{rng.randint(50, 99)}.{rng.randint(0, 9)}"
    if pick < 0.85:
        return f"{rng.randint(70, 98)}%이상"
    annual = rng.randint(100, 900)
    return f"{annual}({annual * rng.randint(2, 5):,})"


def _value(indicator: Any, kind: str, raw: str, read_value: Any) -> Any:
    from seonggwa.results.models import IndicatorValue

    read = read_value(raw)
    return IndicatorValue(
        indicator=indicator,
        kind=kind,
        year=YEAR,
        raw_text=raw,
        value=read["value"],
        parts=[{"name": n, "value": str(v)} for n, v in read["parts"]],
        qualifier=read["qualifier"],
        status="approved",
    )


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = os.environ.get(
            "BENCH_DATABASE_URL", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        )
        os.environ["DJANGO_SETTINGS_MODULE"] = "seonggwa.config.settings.base"
        import django

        django.setup()
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        call_command("migrate", interactive=False, verbosity=0)
        from seonggwa.audit.context import acting_as, audit_muted
        from seonggwa.evaluation.models import IndicatorResult
        from seonggwa.evaluation.services import run_start
        from seonggwa.importers.load import document_import
        from seonggwa.plans.services import plan_set_status
        from seonggwa.results.models import IndicatorValue
        from seonggwa.results.services import read_value

        officer = get_user_model().objects.create_user(
            "bench", password="bench-password-1", is_superuser=True
        )
        with acting_as(None, "bench:evaluation"):
            result = document_import(
                organisation_name="서울특별시", year=YEAR, path_or_text=_seed(), user=officer
            )
        plan = result.plan
        rng = random.Random(0)
        indicators = list(plan.indicators.order_by("pk"))
        targets = {
            v.indicator_id: v
            for v in IndicatorValue.objects.filter(
                indicator__plan=plan, kind="target", year=YEAR, quarter=0, month=0
            )
        }
        existing = set(
            IndicatorValue.objects.filter(
                indicator__plan=plan, kind="actual", year=YEAR, quarter=0, month=0
            ).values_list("indicator_id", flat=True)
        )
        rows = []
        made_targets = 0
        for ind in indicators:
            if ind.pk in existing:
                continue
            target = targets.get(ind.pk)
            if target is None:  # seed 000 is the 총괄 only: its indicators have no targets
                target_raw = target_text(rng)
                made_targets += 1
                rows.append(_value(ind, "target", target_raw, read_value))
            else:
                target_raw = target.raw_text
            rows.append(_value(ind, "actual", actual_text(target_raw, rng), read_value))
        with audit_muted():
            IndicatorValue.objects.bulk_create(rows)
        plan = plan_set_status(
            user=officer, plan=plan, status="confirmed", expected_version=plan.version
        )
        officer = get_user_model().objects.get(pk=officer.pk)
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            run = run_start(user=officer, plan=plan)
            elapsed = time.perf_counter() - start
        stored = IndicatorResult.objects.filter(run=run)
        rated = stored.filter(status="ok").count()
        print(
            f"seed 000: {len(indicators)} indicators, {len(rows) - made_targets} actuals and "
            f"{made_targets} targets generated, "
            f"{rated} rated, {stored.count() - rated} not rated"
        )
        if os.environ.get("BENCH_VERBOSE"):
            from collections import Counter

            print(Counter(stored.values_list("status", flat=True)))
            for r in stored.exclude(status="ok")[:8]:
                print(" ", r.indicator_name[:30], r.target_raw, r.actual_raw, r.explanation[:120])
            for q in queries.captured_queries:
                print("   ", q["sql"][:100])
        print(f"evaluation run: {elapsed:.3f} s, {len(queries)} queries")
        return 0


if __name__ == "__main__":
    sys.exit(main())
