"""The long drift run (issue 13, item 5): N drifted variants per document kind (plan,
report and the 2009 BSC sheets, ``bsc``) through parse + checks, and optionally K of them through the whole import into a
temporary SQLite database.

Prints the variants tried, the outcome counts, the failing variants by drift kind (a failing
variant counts once for every kind it holds, next to how many variants held that kind; split
into silent_wrong, wrong_flagged and false_error) with the first failing seed of each kind,
and the wall time.

    PYTHONPATH=src .venv/bin/python scripts/drift_run.py                  # 50,000 per kind
    PYTHONPATH=src .venv/bin/python scripts/drift_run.py -n 2000 --kinds all
    PYTHONPATH=src .venv/bin/python scripts/drift_run.py -n 1000 --full 200
    PYTHONPATH=src .venv/bin/python scripts/drift_run.py -n 0 --kinds all --isolate 2000

A variant is reproduced by ``drift_common.doc_kinds()[doc_kind].run(seed, kinds)``; every
document kind registered there runs, ``--doc-kinds bsc`` runs one. Exit status 1 when a
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

from seonggwa.importers.drift_common import doc_kinds

KINDS = doc_kinds()
DOC_KINDS = tuple(KINDS)
FAILURES = ("silent_wrong", "wrong_flagged", "false_error")


def _chunk(
    args: tuple[str, int, int, str],
) -> tuple[Counter[str], Counter[str], Counter[tuple[str, str]], dict[str, int]]:
    doc_kind, start, stop, spec = args
    kind = KINDS[doc_kind]
    kinds = kind.enabled_kinds(spec)
    statuses: Counter[str] = Counter()
    held: Counter[str] = Counter()
    failed: Counter[tuple[str, str]] = Counter()  # (drift kind, status)
    first: dict[str, int] = {}
    for seed in range(start, stop):
        _truth, _written, outcome = kind.run(seed, kinds)
        statuses[outcome.status] += 1
        present = {d.kind for d in outcome.drifts}
        held.update(present)
        if not outcome.ok:
            failed.update((k, outcome.status) for k in present or {"(none)"})
            for k in present or {"(none)"}:
                first.setdefault(k, seed)
    return statuses, held, failed, first


def parse_run(n: int, spec: str, jobs: int, doc_kinds: tuple[str, ...] = DOC_KINDS) -> bool:
    ok = True
    for doc_kind in doc_kinds:
        kinds = KINDS[doc_kind].enabled_kinds(spec)
        start = time.perf_counter()
        step = max(1, min(2000, n // max(1, jobs * 4)))
        chunks = [(doc_kind, s, min(n, s + step), spec) for s in range(0, n, step)]
        statuses: Counter[str] = Counter()
        held: Counter[str] = Counter()
        failed: Counter[tuple[str, str]] = Counter()
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
            n_failed = sum(failed[(kind, st)] for st in FAILURES)
            if kind in held or n_failed:
                seed = f"  first seed {first[kind]}" if kind in first else ""
                split = ", ".join(f"{st} {failed[(kind, st)]:,}" for st in FAILURES
                                  if failed[(kind, st)])  # fmt: skip
                split = f" ({split})" if split else ""
                print(f"    {kind:<20} held by {held[kind]:>7,}  failing {n_failed:>6,}"
                      f"{split}{seed}")  # fmt: skip
    return ok


def isolated_run(n: int, spec: str, jobs: int, doc_kinds: tuple[str, ...] = DOC_KINDS) -> bool:
    """Each drift kind alone (with "page_break" where it needs one): n variants per kind and
    document kind, the failing ones counted per kind."""
    ok = True
    for doc_kind in doc_kinds:
        start = time.perf_counter()
        print(f"{doc_kind}: each kind alone, {n:,} variants per kind")
        doc = KINDS[doc_kind]
        for kind in doc.enabled_kinds(spec):
            if kind not in doc.own_kinds:
                continue
            alone = ",".join(doc.alone(kind))
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
                doc = KINDS[doc_kind]
                kinds = doc.enabled_kinds(spec)
                start = time.perf_counter()
                mismatches: list[tuple[int, str]] = []
                for seed in range(k):
                    truth, written, outcome = doc.run(seed, kinds)
                    result = document_import(
                        organisation_name=f"drift {doc_kind} {seed}",
                        year=doc.year(truth),
                        path_or_text=written.text.encode(),
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
                        counts = doc.counts(truth)
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
                        help="document kinds, a comma list of " + ", ".join(DOC_KINDS))  # fmt: skip
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
