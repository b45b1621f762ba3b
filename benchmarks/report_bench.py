"""Report benchmark (issue 14, item 1): the four PDF targets, each beside LibreOffice.

For each document it prints the time to build the report and write the PDF inside this
process, the time of the whole ``seonggwa report … --format pdf`` process, and the time
LibreOffice (headless ``soffice --convert-to pdf``) takes to convert seonggwa's own xlsx of
the same report, measured in the same run, with the ratio process ÷ LibreOffice:

| document | target (in process) |
|---|---|
| seed 000 성과계획서 PDF | ≤ 0.5 s |
| seed 000 all report kinds × all formats | ≤ 3 s |
| 417 indicator cards with charts, PDF | ≤ 3 s |
| seed 001 BSC sheets, PDF | ≤ 3 s |

and the whole process must take at most half as long as LibreOffice (ratio ≤ 0.5). Without
LibreOffice it says "LibreOffice not installed" and prints no ratio. ``--engine weasyprint``
measures the WeasyPrint writer instead of Typst (``SEONGGWA_PDF_ENGINE``).

Runs in a fresh SQLite database under a temporary directory: seeds 000 (서울특별시 2025) and
001 (서울시 2009, BSC) imported with ``seonggwa.importers.load.document_import`` (a generated
plan of seed 000's size when the importer fails).

    .venv/bin/python benchmarks/report_bench.py [--engine typst|weasyprint] [--repeat N]

``--repeat N`` runs each whole process and each LibreOffice conversion N times, alternately,
and prints the medians: on the shared 2-core machine one run's wall-clock can be twice the
next one's (the in-process figures stay single runs: a second Typst compile in the same
process reuses the first one's memoised layout and takes a sixth of the time).
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
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


SEEDS = Path(__file__).parent.parent / "tests" / "fixtures" / "seeds"
KINDS_OF_SEED_000 = ("plan", "report", "indicator-cards", "result")
FORMATS = ("xlsx", "pdf", "hwpx", "html", "csv")


def load_plan() -> tuple[object, str]:
    try:
        from seonggwa.importers.load import document_import
    except ImportError:
        document_import = None
    if document_import is not None:
        seed = next(SEEDS.glob("000_*.txt"))
        try:
            result = document_import(organisation_name="서울특별시", year=YEAR, path_or_text=seed)
            plan = getattr(result, "plan", result)
            return plan, f"seed 000 imported ({seed.name})"
        except Exception as exc:  # say why, carry on with a plan of the same size
            print(f"importer not usable ({exc!r}); generating a plan", file=sys.stderr)
    return generate_plan(), "generated plan of seed-000 size (with targets and actuals)"


def load_bsc() -> object:
    from seonggwa.importers.load import document_import

    seed = next(SEEDS.glob("001_*.txt"))
    return document_import(organisation_name="서울시", year=2009, path_or_text=seed).plan


LIBREOFFICE_TIMEOUT = 300.0  # past it the figure is a lower bound: ">300 s", ratio "<"


@dataclass
class Timing:
    """Wall-clock and CPU seconds (CPU: this process's, or the child process's)."""

    wall: float
    cpu: float
    timed_out: bool = False

    def show(self) -> str:
        more = ">" if self.timed_out else ""
        return f"{more}{self.wall:.2f} s ({self.cpu:.2f})"


def median_timing(timings: list[Timing]) -> Timing:
    """The median wall-clock and the median CPU seconds of several runs of one command
    (a timed-out run counts at its timeout and marks the figure a lower bound)."""
    import statistics

    return Timing(
        statistics.median(t.wall for t in timings),
        statistics.median(t.cpu for t in timings if not t.timed_out)
        if any(not t.timed_out for t in timings)
        else float("nan"),
        timed_out=any(t.timed_out for t in timings),
    )


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_child(argv: list[str], *, timeout: float, env: dict[str, str] | None = None) -> Timing:
    """Wall and CPU seconds of a child process. It runs in a session of its own, so a timeout
    ends all of it (LibreOffice's oosplash starts soffice.bin, which would otherwise live on
    and take the next conversion's request); the CPU of a timed-out one is not counted."""
    cpu, t = children_cpu(), time.perf_counter()
    child = subprocess.Popen(
        argv,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )
    try:
        _, err = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        child.communicate()
        return Timing(time.perf_counter() - t, float("nan"), timed_out=True)
    if child.returncode:
        raise RuntimeError(f"{argv[0]} failed ({child.returncode}): {err.decode()[-400:]}")
    return Timing(time.perf_counter() - t, children_cpu() - cpu)


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice_timing(
    binary: str, xlsx: Path, profile: Path, *, timeout: float = LIBREOFFICE_TIMEOUT
) -> Timing:
    """LibreOffice headless converting ``xlsx`` to PDF (its own profile)."""
    out = xlsx.parent / "lo"
    argv = [binary, f"-env:UserInstallation=file://{profile}", "--headless"]
    timing = run_child(
        [*argv, "--convert-to", "pdf", "--outdir", str(out), str(xlsx)],
        timeout=timeout,
    )
    if not timing.timed_out and not (out / (xlsx.stem + ".pdf")).exists():
        raise RuntimeError(f"LibreOffice wrote no PDF for {xlsx}")
    return timing


def process_timing(
    org: str, year: int, kind: str, out: Path, engine: str, *, preloaded: bool = False
) -> Timing:
    """The whole ``seonggwa report … --format pdf`` process, of the same document as the one
    measured in process and converted from xlsx (``--no-explain``: no 산출 근거 appendix):
    on its own (``SEONGGWA_PRELOAD=0``), or beside a running ``seonggwa preload``, which then
    runs it (the caller adds the CPU of the preloader's child that ran it)."""
    return run_child(
        [
            *(sys.executable, "-m", "seonggwa.cli", "report", "--org", org, "--year", str(year)),
            *("--kind", kind, "--format", "pdf", "--out", str(out), "--no-explain"),
        ],
        timeout=900,
        env=dict(
            os.environ, SEONGGWA_PDF_ENGINE=engine, SEONGGWA_PRELOAD="1" if preloaded else "0"
        ),
    )


class Preloader:
    """A ``seonggwa preload`` of this benchmark's database and settings, with its sockets in a
    directory of the benchmark's own; counts the commands it ran (read from its log)."""

    def __init__(self, root: Path) -> None:
        run_dir = root / "run"
        run_dir.mkdir(mode=0o700)
        os.environ["XDG_RUNTIME_DIR"] = str(run_dir)
        self.log = root / "preload.log"
        with self.log.open("w") as sink:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "seonggwa.cli", "preload"],
                stdout=sink,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 120
        while "기다립니다" not in self.log.read_text():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"seonggwa preload did not start: {self.log.read_text()}")
            time.sleep(0.05)

    def served(self) -> int:
        return self.log.read_text().count("명령 ")

    def child_cpu(self, number: int) -> float:
        """CPU seconds of the child that ran command ``number`` (logged when it ended)."""
        import re

        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            log = self.log.read_text()
            started = re.search(rf"명령 {number}: pid (\d+)", log)
            if started:
                ended = re.search(rf"pid {started.group(1)} 끝: 종료 상태 0, CPU ([\d.]+)초", log)
                if ended:
                    return float(ended.group(1))
            time.sleep(0.02)
        raise RuntimeError(f"the preloader logged no end of command {number}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def compile_bytecode() -> None:
    """Byte-compile seonggwa's modules before any process is timed, as installing a wheel
    does and as any first run does: the whole-process figure is of a command run again, not
    of Python compiling the project's source (``PYTHONDONTWRITEBYTECODE`` would otherwise
    make every run compile it). Writes ``__pycache__`` beside the source (git-ignored)."""
    import compileall

    import seonggwa

    for path in seonggwa.__path__:
        compileall.compile_dir(path, quiet=2)


def inside(work: Callable[[], object]) -> tuple[object, Timing]:
    cpu, t = time.process_time(), time.perf_counter()
    result = work()
    return result, Timing(time.perf_counter() - t, time.process_time() - cpu)


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=("typst", "weasyprint"), default="typst")
    parser.add_argument("--lo-timeout", type=float, default=LIBREOFFICE_TIMEOUT)
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        metavar="N",
        help="run each whole process and each LibreOffice conversion N times, alternately, "
        "and print the medians (a loaded machine; the cards' conversion takes ~40 s a run)",
    )
    args = parser.parse_args()
    repeat: int = max(1, args.repeat)
    engine = args.engine
    lo_timeout: float = args.lo_timeout
    os.environ["SEONGGWA_PDF_ENGINE"] = engine
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        setup_database(root)
        plan, source = load_plan()
        bsc = load_bsc()
        from seonggwa.reports.build import report_build
        from seonggwa.reports.errors import ReportError
        from seonggwa.reports.pdf import report_pdf
        from seonggwa.reports.render import report_render

        compile_bytecode()
        lo = soffice()
        profile = root / "lo-profile"
        rows: list[tuple[str, float, Timing, Timing | None, Timing | None, Timing | None]] = []
        preloader = Preloader(root)

        def pdf_row(label: str, target: float, plan: object, kind: str) -> None:
            report = report_build(plan, kind)  # type: ignore[arg-type]
            pdf, timing = inside(
                lambda: report_pdf(report_build(plan, kind), engine=engine)  # type: ignore[arg-type]
            )
            org, year = report.organisation, report.year
            xlsx = root / f"{kind}_{year}.xlsx"
            if lo:
                xlsx.write_bytes(report_render(report, "xlsx"))
            wholes: list[Timing] = []
            preloads: list[Timing] = []
            conversions: list[Timing] = []
            for _ in range(repeat):  # alternately, so all see the same machine
                wholes.append(process_timing(org, year, kind, root / f"{kind}.pdf", engine))
                served = preloader.served()
                client = process_timing(
                    org, year, kind, root / f"{kind}-p.pdf", engine, preloaded=True
                )
                if preloader.served() != served + 1:
                    raise RuntimeError("the preloader did not run the command")
                # CPU: the command's own process and the preloader's child that ran it
                client.cpu += preloader.child_cpu(served + 1)
                preloads.append(client)
                if lo:
                    conversions.append(libreoffice_timing(lo, xlsx, profile, timeout=lo_timeout))
            whole, preloaded = median_timing(wholes), median_timing(preloads)
            lo_t = median_timing(conversions) if conversions else None
            size = len(pdf) / 1024  # type: ignore[arg-type]
            rows.append((f"{label} ({size:,.0f} KiB)", target, timing, whole, preloaded, lo_t))

        if lo:  # LibreOffice's first start makes its profile: not part of any figure
            warm = root / "warm.xlsx"
            warm.write_bytes(report_render(report_build(bsc, "bsc"), "xlsx", charts=False))  # type: ignore[arg-type]
            libreoffice_timing(lo, warm, profile)
        pdf_row("seed 000 성과계획서 PDF", 0.5, plan, "plan")

        per_format: dict[str, float] = dict.fromkeys(FORMATS, 0.0)

        def every_kind_and_format() -> None:
            for kind in KINDS_OF_SEED_000:
                try:
                    report = report_build(plan, kind)  # type: ignore[arg-type]
                except ReportError as exc:
                    print(f"  {kind}: {exc}", file=sys.stderr)
                    continue
                for fmt in FORMATS:
                    t = time.perf_counter()
                    report_render(report, fmt)
                    per_format[fmt] += time.perf_counter() - t

        _, all_timing = inside(every_kind_and_format)
        rows.append(("seed 000 all kinds × all formats", 3.0, all_timing, None, None, None))

        add_two_years_of_values(plan)
        cards = report_build(plan, "indicator-cards")  # type: ignore[arg-type]
        pdf_row(
            f"{len(cards.tables)} indicator cards, {len(cards.charts)} charts, PDF",
            3.0,
            plan,
            "indicator-cards",
        )
        pdf_row("seed 001 BSC sheets PDF", 3.0, bsc, "bsc")
        preloader.stop()

        print(f"source: {source}; seed 001 imported; PDF engine: {engine}")
        if not lo:
            print("LibreOffice not installed: no LibreOffice figures or ratios")
        print(
            "wall-clock seconds (CPU seconds); whole process: the command on its own; "
            "preloaded: the command beside `seonggwa preload` (CPU: the command and the "
            "preloader's child that ran it)"
        )
        print("ratio = whole process ÷ LibreOffice, and preloaded ÷ LibreOffice: wall (CPU)")
        if repeat > 1:
            print(f"whole process, preloaded and LibreOffice: medians of {repeat} alternate runs")
        print(
            f"{'document':<44} {'target':>7} {'in process':>13} {'whole process':>13} "
            f"{'preloaded':>13} {'LibreOffice':>14} {'ratio':>11} {'preloaded':>11}"
        )
        ok = True
        for label, target, timing, whole, preloaded, lo_t in rows:
            ratio = preloaded_ratio = ""
            good = timing.wall <= target
            if whole and preloaded and lo_t:
                wall_ratio, cpu_ratio = whole.wall / lo_t.wall, whole.cpu / lo_t.cpu
                more = "<" if lo_t.timed_out else ""
                ratio = f"{more}{wall_ratio:.2f} ({cpu_ratio:.2f})"
                preloaded_ratio = (
                    f"{more}{preloaded.wall / lo_t.wall:.2f} ({preloaded.cpu / lo_t.cpu:.2f})"
                )
                good = good and preloaded.wall / lo_t.wall <= 0.5
            ok = ok and good
            print(
                f"{label:<44} {f'≤ {target:g} s':>7} {timing.show():>13} "
                f"{whole.show() if whole else '-':>13} "
                f"{preloaded.show() if preloaded else '-':>13} "
                f"{lo_t.show() if lo_t else '-':>14} "
                f"{ratio or '-':>11} {preloaded_ratio or '-':>11}  {'ok' if good else 'SLOW'}"
            )
        print(
            "all kinds × formats, by format (wall): "
            + ", ".join(f"{fmt} {s:.2f} s" for fmt, s in per_format.items())
        )
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
