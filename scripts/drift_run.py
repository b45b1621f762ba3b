"""The long drift run (issue 13, item 5): N drifted variants per document kind (plan,
report and the 2009 BSC sheets, ``bsc``) through parse + checks, and optionally K of them through the whole import into a
temporary SQLite database.

Prints the variants tried, the outcome counts, the failing variants by drift kind (a failing
variant counts once for every kind it holds, next to how many variants held that kind) with
the first failing seed of each kind, and the wall time.

    PYTHONPATH=src .venv/bin/python scripts/drift_run.py                  # 50,000 per kind
    PYTHONPATH=src .venv/bin/python scripts/drift_run.py -n 2000 --kinds all
    PYTHONPATH=src .venv/bin/python scripts/drift_run.py -n 1000 --full 200
    PYTHONPATH=src .venv/bin/python scripts/drift_run.py -n 0 --kinds all --isolate 2000

A variant is reproduced by ``drift.variant(doc_kind, seed, kinds)`` (``bsc``:
``drift_bsc.variant(seed, kinds)``); ``--doc-kinds bsc`` runs one document kind. Exit status 1 when a
variant failed.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from seonggwa.importers import drift, drift_bsc

DOC_KINDS = ("plan", "report", "bsc")


# kinds that only show at a detail page break run together with "page_break" when isolated
NEEDS_PAGE_BREAK = {
    "page_number",
    "repeat_typo",
    "repeat_policy_typo",
    "suffix_space",
    "code_glyph",
    "similar_siblings",
    "title_repeat",  # bsc
    "page_repeat",  # bsc
}
NEEDS_PAGE_REPEAT = {"repeat_typo"}  # bsc: the typo is in the goal reprinted after a break


def _kinds(doc_kind: str, spec: str) -> tuple[str, ...]:
    if doc_kind == "bsc":
        return drift_bsc.enabled_kinds(spec)
    return drift.enabled_kinds(doc_kind, spec)


def _written(
    doc_kind: str, seed: int, kinds: tuple[str, ...]
) -> tuple[drift.SourcePlan | drift_bsc.SourceBsc, drift.Outcome, str, int]:
    """(the truth, the parse-only outcome, the text, the import year) of variant ``seed``."""
    if doc_kind == "bsc":
        doc, written_bsc = drift_bsc.variant(seed, kinds)
        return doc, drift_bsc.judge(doc, written_bsc), written_bsc.text, doc.years[2]
    plan, written = drift.variant(doc_kind, seed, kinds)
    return plan, drift.judge(plan, written), written.text, 2023


def _truth_counts(truth: drift.SourcePlan | drift_bsc.SourceBsc) -> dict[str, int]:
    if isinstance(truth, drift_bsc.SourceBsc):
        goals_bsc = [g for s in truth.sheets for g in s.goals]
        return {
            "strategic_goals": len(goals_bsc),
            "indicators": sum(len(g.kpis) for g in goals_bsc),
        }
    goals = [g for u in truth.units for g in u.goals]
    return {
        "strategic_goals": len(goals),
        "policy_goals": sum(len(g.policies) for g in goals),
        "indicators": sum(len(p.indicators) for g in goals for p in g.policies),
    }


def _chunk(
    args: tuple[str, int, int, str],
) -> tuple[Counter[str], Counter[str], Counter[str], dict[str, int]]:
    doc_kind, start, stop, spec = args
    kinds = _kinds(doc_kind, spec)
    statuses: Counter[str] = Counter()
    held: Counter[str] = Counter()
    failed: Counter[str] = Counter()
    first: dict[str, int] = {}
    for seed in range(start, stop):
        _truth, outcome, _text, _year = _written(doc_kind, seed, kinds)
        statuses[outcome.status] += 1
        present = {d.kind for d in outcome.drifts}
        held.update(present)
        if not outcome.ok:
            failed.update(present or {"(none)"})
            for kind in present or {"(none)"}:
                first.setdefault(kind, seed)
    return statuses, held, failed, first


def parse_run(n: int, spec: str, jobs: int, doc_kinds: tuple[str, ...] = DOC_KINDS) -> bool:
    ok = True
    for doc_kind in doc_kinds:
        kinds = _kinds(doc_kind, spec)
        start = time.perf_counter()
        step = max(1, min(2000, n // max(1, jobs * 4)))
        chunks = [(doc_kind, s, min(n, s + step), spec) for s in range(0, n, step)]
        statuses: Counter[str] = Counter()
        held: Counter[str] = Counter()
        failed: Counter[str] = Counter()
        first: dict[str, int] = {}
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for st, he, fa, fi in pool.map(_chunk, chunks):
                statuses += st
                held += he
                failed += fa
                for k, s in fi.items():
                    first[k] = min(first.get(k, s), s)
        elapsed = time.perf_counter() - start
        bad = n - statuses["exact"] - statuses["flagged"]
        ok = ok and bad == 0
        print(f"{doc_kind}: {n:,} variants in {elapsed:.1f} s ({elapsed / n * 1000:.2f} ms each,"
              f" {jobs} processes); kinds: {', '.join(kinds)}")  # fmt: skip
        print("  outcomes: " + ", ".join(f"{k} {v:,}" for k, v in statuses.most_common()))
        print(f"  failing variants: {bad:,}")
        for kind in kinds:
            if kind in held or kind in failed:
                seed = f"  first seed {first[kind]}" if kind in first else ""
                print(f"    {kind:<20} held by {held[kind]:>7,}  failing {failed[kind]:>6,}{seed}")
    return ok


def isolated_run(n: int, spec: str, jobs: int, doc_kinds: tuple[str, ...] = DOC_KINDS) -> bool:
    """Each drift kind alone (with "page_break" where it needs one): n variants per kind and
    document kind, the failing ones counted per kind."""
    ok = True
    for doc_kind in doc_kinds:
        start = time.perf_counter()
        print(f"{doc_kind}: each kind alone, {n:,} variants per kind")
        for kind in _kinds(doc_kind, spec):
            if doc_kind == "plan" and kind in ("code_glyph", "mark_shifted"):
                continue
            if doc_kind == "report" and kind == "rounding":
                continue
            alone = f"page_break,{kind}" if kind in NEEDS_PAGE_BREAK else kind
            if doc_kind == "bsc" and kind in NEEDS_PAGE_REPEAT:
                alone = f"page_break,page_repeat,{kind}"
            statuses: Counter[str] = Counter()
            first: dict[str, int] = {}
            step = max(1, min(2000, n // max(1, jobs * 2)))
            chunks = [(doc_kind, s, min(n, s + step), alone) for s in range(0, n, step)]
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                for st, _he, _fa, fi in pool.map(_chunk, chunks):
                    statuses += st
                    for k, s in fi.items():
                        first[k] = min(first.get(k, s), s)
            bad = n - statuses["exact"] - statuses["flagged"]
            ok = ok and bad == 0
            where = f"  first seed {first[kind]}" if kind in first else ""
            print(f"    {kind:<20} failing {bad:>6,} of {n:,}  "
                  + ", ".join(f"{k} {v:,}" for k, v in statuses.most_common()) + where)  # fmt: skip
        print(f"  {time.perf_counter() - start:.1f} s")
    return ok


def full_run(k: int, spec: str, doc_kinds: tuple[str, ...] = DOC_KINDS) -> bool:
    """K variants per document kind through ``document_import`` into a temporary SQLite
    database: the stored counts must be the truth's when the parse-only run was exact, and
    the stored errors the parse-only run's."""
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'drift.sqlite3'}"
        os.environ["DJANGO_SETTINGS_MODULE"] = "seonggwa.config.settings.base"
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
        from seonggwa.audit.context import acting_as
        from seonggwa.engine.findings import Severity
        from seonggwa.importers.load import document_import

        ok = True
        with acting_as(None, "script:drift_run"):
            for doc_kind in doc_kinds:
                kinds = _kinds(doc_kind, spec)
                start = time.perf_counter()
                mismatches: list[tuple[int, str]] = []
                for seed in range(k):
                    truth, outcome, text, year = _written(doc_kind, seed, kinds)
                    result = document_import(
                        organisation_name=f"drift {doc_kind} {seed}",
                        year=year,
                        path_or_text=text.encode(),
                        source_name=f"drift_{doc_kind}_{seed}.txt",
                    )
                    stored = sorted(
                        (f.code, f.line or 0)
                        for f in result.findings
                        if f.severity == Severity.ERROR
                    )
                    parsed = sorted((f.code, f.line or 0) for f in outcome.errors)
                    if stored != parsed:
                        mismatches.append((seed, f"errors {stored} vs parse-only {parsed}"))
                    if outcome.status == "exact":
                        counts = _truth_counts(truth)
                        got = {key: result.counts[key] for key in counts}
                        if got != counts:
                            mismatches.append((seed, f"stored {got} vs truth {counts}"))
                elapsed = time.perf_counter() - start
                print(f"{doc_kind}: {k:,} variants through the whole import in {elapsed:.1f} s"
                      f" ({elapsed / max(k, 1) * 1000:.0f} ms each); differing from"
                      f" parse-only: {len(mismatches)}")  # fmt: skip
                for seed, what in mismatches[:5]:
                    print(f"    seed {seed}: {what}")
                ok = ok and not mismatches
        return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--variants", type=int, default=50_000, help="per document kind")
    parser.add_argument(
        "--kinds",
        default=os.environ.get("DRIFT_KINDS", ""),
        help='drift kinds: "" (the test\'s default set), "all", or a comma list',
    )
    parser.add_argument("--full", type=int, default=0, metavar="K",
                        help="also push K variants per kind through the whole import")  # fmt: skip
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--doc-kinds", default=",".join(DOC_KINDS),
                        help="document kinds, a comma list of plan, report, bsc")  # fmt: skip
    parser.add_argument("--isolate", type=int, default=0, metavar="M",
                        help="also run each kind alone, M variants per kind")  # fmt: skip
    args = parser.parse_args()
    doc_kinds = tuple(k.strip() for k in args.doc_kinds.split(",") if k.strip())
    unknown = set(doc_kinds) - set(DOC_KINDS)
    if unknown:
        parser.error(f"unknown document kinds: {', '.join(sorted(unknown))}")
    start = time.perf_counter()
    ok = parse_run(args.variants, args.kinds, args.jobs, doc_kinds) if args.variants else True
    if args.isolate:
        ok = isolated_run(args.isolate, args.kinds, args.jobs, doc_kinds) and ok
    if args.full:
        ok = full_run(args.full, args.kinds, doc_kinds) and ok
    total = time.perf_counter() - start
    tried = args.variants * len(doc_kinds)
    print(f"total: {tried:,} variants parsed + checked, {args.full * len(doc_kinds):,} imported;"
          f" {total:.1f} s")  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
