"""Import time of seed 000's 성과계획서 in each format an office may have (issue 13).

Seed 000 is imported as text; seonggwa then writes its 성과계획서 as HWPX, xlsx and — when
``importers.files.pdf`` is installed — PDF (``reports.report_render``), and each file is
imported back as another organisation. Prints, per format, the file size, the time to read
the file into text (``importers.files.read_file``), the whole import (``document_import``:
read, parse, validate, write) and the counts, which must equal the text's.

    .venv/bin/python benchmarks/import_formats.py [--repeat N]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "tests" / "fixtures" / "seeds"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="imports per format (best kept)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        os.environ["DJANGO_SETTINGS_MODULE"] = "seonggwa.config.settings.base"
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
        from seonggwa.audit.context import acting_as
        from seonggwa.importers.files import read_file
        from seonggwa.importers.load import document_import
        from seonggwa.importers.uploads import import_limits
        from seonggwa.reports.build import report_build
        from seonggwa.reports.render import report_render

        (seed,) = SEEDS.glob("000_*.txt")
        formats = ["hwpx", "xlsx"]
        if importlib.util.find_spec("seonggwa.importers.files.pdf") is not None:
            formats.append("pdf")
        rows: list[tuple[str, int, float, float, str]] = []
        with acting_as(None, "bench:import-formats"):
            source = document_import(organisation_name="원본", year=2022, path_or_text=seed)
            report = report_build(source.plan, "plan")
            files = {"text": seed.read_bytes()}
            for fmt in formats:
                files[fmt] = report_render(report, fmt, charts=False)
            expected = None
            for fmt, data in files.items():
                best_read, best_import, counts = float("inf"), float("inf"), ""
                for n in range(args.repeat):
                    start = time.perf_counter()
                    read_file(name=f"plan.{fmt}", data=data, limits=import_limits())
                    best_read = min(best_read, time.perf_counter() - start)
                    start = time.perf_counter()
                    result = document_import(
                        organisation_name=f"{fmt}{n}",
                        year=2022,
                        path_or_text=data,
                        source_name=f"plan.{fmt}",
                    )
                    best_import = min(best_import, time.perf_counter() - start)
                    c = result.counts
                    counts = (
                        f"{c['units']} units, {c['policy_goals']} policy goals, "
                        f"{c['indicators']} indicators"
                    )
                expected = expected or counts
                rows.append((fmt, len(data), best_read, best_import, counts))
        print(f"{'format':<6} {'bytes':>9} {'read':>8} {'import':>8}  counts")
        for fmt, size, read, whole, counts in rows:
            same = "" if counts == expected else "  ≠ text!"
            print(f"{fmt:<6} {size:>9,} {read:7.2f}s {whole:7.2f}s  {counts}{same}")
        return 0 if all(r[4] == expected for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
