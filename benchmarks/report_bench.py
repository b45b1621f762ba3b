"""Report benchmark: a plan the size of seed 000 (41 units, 420 indicators, 224 program goals,
526 unit programs) in every format. Targets: all formats ≤ 15 s, PDF alone ≤ 6 s; the
indicator cards (one card per indicator) as PDF ≤ 20 s.

Runs in a fresh SQLite database under a temporary directory. When the seed-000 importer
(``seonggwa.importers.load.document_import``) is available it is used; otherwise a plan of
the same shape is generated (the figures do not matter for speed, the sizes do).

    .venv/bin/python benchmarks/report_bench.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

UNITS = 41
POLICIES = 224
INDICATORS = 420
PROGRAMS = 526
YEAR = 2025


def setup_database(directory: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{directory / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seonggwa.config.settings.base")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def spread(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def generate_plan() -> object:
    from seonggwa.engine.text import norm_key
    from seonggwa.organisations.models import Organisation, OrgUnit, PlanOwner
    from seonggwa.plans.models import BudgetProgram, Indicator, Plan, PolicyGoal, StrategicGoal
    from seonggwa.results.models import IndicatorValue

    org = Organisation.objects.create(name="벤치시")
    plan = Plan.objects.create(
        organisation=org,
        year=YEAR,
        kind="plan",
        status="closed",
        grading_scheme="performance_report",
    )
    units = OrgUnit.objects.bulk_create(
        [
            OrgUnit(
                organisation=org, name=f"실국{i:02d}정책실", name_key=norm_key(f"실국{i:02d}정책실")
            )
            for i in range(UNITS)
        ]
    )
    owners = PlanOwner.objects.bulk_create([PlanOwner(unit=u, kind="unit") for u in units])
    goals = StrategicGoal.objects.bulk_create(
        [
            StrategicGoal(
                plan=plan,
                owner=o,
                code=f"G{i}",
                name=f"시민이 체감하는 전략목표 {i} 달성을 위한 정책 추진",
                name_key=f"g{i}",
                program_amount=Decimal(1_000_000) * (i * 7919 % 900_000 + 500),
                position=i,
            )
            for i, o in enumerate(owners)
        ]
    )
    policies: list[PolicyGoal] = []
    for gi, (g, n) in enumerate(zip(goals, spread(POLICIES, UNITS), strict=True)):
        policies += [
            PolicyGoal(
                plan=plan,
                strategic_goal=g,
                code=f"G{gi}-{k}",
                name=f"정책사업목표 {gi}-{k} 추진",
                name_key=f"p{gi}-{k}",
                position=k,
            )
            for k in range(n)
        ]
    policies = PolicyGoal.objects.bulk_create(policies)
    indicators: list[Indicator] = []
    for pi, (p, n) in enumerate(zip(policies, spread(INDICATORS, POLICIES), strict=True)):
        g = p.strategic_goal
        indicators += [
            Indicator(
                plan=plan,
                owner_id=g.owner_id,
                strategic_goal=g,
                policy_goal=p,
                name=f"성과지표 {pi}-{k} 시민 만족도",
                name_key=f"i{pi}-{k}",
                unit_of_measure="%",
                position=pi * 10 + k,
            )
            for k in range(n)
        ]
    indicators = Indicator.objects.bulk_create(indicators)
    values = []
    for i, ind in enumerate(indicators):
        target = Decimal(80 + i % 15)
        actual = target * Decimal(70 + (i * 37) % 80) / 100
        values += [
            IndicatorValue(
                indicator=ind, kind="target", year=YEAR, raw_text=str(target), value=target
            ),
            IndicatorValue(
                indicator=ind,
                kind="actual",
                year=YEAR,
                raw_text=f"{actual:.1f}",
                value=actual,
                status="approved",
            ),
        ]
    IndicatorValue.objects.bulk_create(values)
    programs = []
    for gi, (g, n) in enumerate(zip(goals, spread(PROGRAMS, UNITS), strict=True)):
        programs += [
            BudgetProgram(
                plan=plan,
                owner_id=g.owner_id,
                strategic_goal=g,
                name=f"단위사업 {gi}-{k}",
                budget=Decimal(1_000_000) * (gi * 104_729 % 2_000_000 + k * 1_234 + 1)
                + Decimal(499_999),
                previous_budget=Decimal(1_000_000) * (gi * 15_485 % 1_800_000 + 7),
                settlement=Decimal(987_654_321) * (gi + k + 1),
                previous_settlement=Decimal(876_543_210) * (gi + 1),
                position=k,
            )
            for k in range(n)
        ]
    BudgetProgram.objects.bulk_create(programs)
    return plan


def add_two_years_of_values(plan: object) -> None:
    """Targets and approved actuals for YEAR - 1 and YEAR on every indicator without them."""
    from seonggwa.plans.models import Indicator
    from seonggwa.results.models import IndicatorValue

    values = []
    have = set(
        IndicatorValue.objects.filter(indicator__plan=plan).values_list(
            "indicator_id", "kind", "year"
        )
    )
    for i, ind in enumerate(Indicator.objects.filter(plan=plan).order_by("pk")):
        for year in (YEAR - 1, YEAR):
            target = Decimal(80 + (i + year) % 15)
            actual = target * Decimal(70 + (i * 37 + year) % 80) / 100
            for kind, value, text in (
                ("target", target, str(target)),
                ("actual", actual, f"{actual:.1f}"),
            ):
                if (ind.pk, kind, year) not in have:
                    values.append(
                        IndicatorValue(
                            indicator=ind,
                            kind=kind,
                            year=year,
                            raw_text=text,
                            value=value,
                            status="approved",
                        )
                    )
    IndicatorValue.objects.bulk_create(values)


def load_plan() -> tuple[object, str]:
    try:
        from seonggwa.importers.load import document_import  # type: ignore[import-not-found]
    except ImportError:
        document_import = None
    if document_import is not None:
        seed = next(
            (Path(__file__).parent.parent / "tests" / "fixtures" / "seeds").glob("000_*.txt")
        )
        try:
            result = document_import(organisation_name="서울특별시", year=YEAR, path_or_text=seed)
            plan = getattr(result, "plan", result)
            return plan, f"seed 000 imported ({seed.name})"
        except Exception as exc:  # the importer's API is still moving: fall back, say why
            print(
                f"importer not usable ({exc!r}); generating a plan of the same size",
                file=sys.stderr,
            )
    return generate_plan(), "generated plan of seed-000 size (with targets and actuals)"


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        setup_database(Path(tmp))
        plan, source = load_plan()
        from seonggwa.reports.build import report_build
        from seonggwa.reports.render import report_render

        timings: dict[str, float] = {}
        sizes: dict[str, int] = {}
        t0 = time.perf_counter()
        report = report_build(plan, "plan")  # type: ignore[arg-type]
        timings["build"] = time.perf_counter() - t0
        rows = sum(len(t.rows) for t in report.tables)
        for fmt in ("xlsx", "pdf", "hwpx", "html", "csv"):
            t = time.perf_counter()
            sizes[fmt] = len(report_render(report, fmt))
            timings[fmt] = time.perf_counter() - t
        t = time.perf_counter()
        report_r = report_build(plan, "report")  # type: ignore[arg-type]
        extra = {"report build": time.perf_counter() - t}
        for fmt in ("xlsx", "pdf"):
            t = time.perf_counter()
            report_render(report_r, fmt)
            extra[f"report {fmt}"] = time.perf_counter() - t
        t = time.perf_counter()
        cards = report_build(plan, "indicator-cards")  # type: ignore[arg-type]
        cards_build = time.perf_counter() - t
        t = time.perf_counter()
        cards_pdf = len(report_render(cards, "pdf"))
        cards_seconds = time.perf_counter() - t
        total = sum(timings.values())
        print(f"source: {source}")
        print(
            f"성과계획서 (plan): {len(report.tables)} tables, {rows} rows, {len(report.charts)} chart(s)"
        )
        for key, seconds in timings.items():
            size = f"  {sizes[key] / 1024:,.0f} KiB" if key in sizes else ""
            print(f"{key:>6}: {seconds:6.2f} s{size}")
        print(
            "성과보고서 (report, same plan, for information): "
            + ", ".join(f"{k} {v:.2f} s" for k, v in extra.items())
        )
        ok_cards = cards_build + cards_seconds <= 20
        print(
            f"성과지표 카드 (indicator-cards): {len(cards.tables)} tables, {len(cards.charts)} "
            f"chart(s); build {cards_build:.2f} s, PDF {cards_seconds:.2f} s "
            f"{cards_pdf / 1024:,.0f} KiB (target ≤ 20 s: {'ok' if ok_cards else 'SLOW'})"
        )
        # the same cards when every indicator has two years of targets and actuals (the
        # imported 성과계획서 carries none): a trend chart per indicator
        add_two_years_of_values(plan)
        t = time.perf_counter()
        cards2 = report_build(plan, "indicator-cards")  # type: ignore[arg-type]
        cards2_pdf = len(report_render(cards2, "pdf"))
        cards2_seconds = time.perf_counter() - t
        ok_cards = ok_cards and cards2_seconds <= 20
        print(
            f"성과지표 카드, 2 years of values per indicator: {len(cards2.charts)} chart(s); "
            f"build + PDF {cards2_seconds:.2f} s {cards2_pdf / 1024:,.0f} KiB "
            f"(target ≤ 20 s: {'ok' if cards2_seconds <= 20 else 'SLOW'})"
        )
        ok_total, ok_pdf = total <= 15, timings["pdf"] <= 6
        print(f"PDF {timings['pdf']:.2f} s (target ≤ 6 s: {'ok' if ok_pdf else 'SLOW'})")
        print(f"total {total:.2f} s (target ≤ 15 s: {'ok' if ok_total else 'SLOW'})")
        return 0 if ok_total and ok_pdf and ok_cards else 1


if __name__ == "__main__":
    sys.exit(main())
