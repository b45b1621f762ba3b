"""Import benchmark: the three bundled seeds into a fresh SQLite database.

000 as plan, 001 as bsc2009, 003 as bsc-detail (``--format auto``), each in its own
transaction through ``document_import``. Target: all three together under 5 s.
Prints the wall time per document and in total as its last lines.

    .venv/bin/python benchmarks/import_bench.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
DOCUMENTS = [("000", 2022, "plan"), ("001", 2009, "bsc2009"), ("003", 2020, "bsc-detail")]
TARGET_SECONDS = 5.0


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        os.environ["DJANGO_SETTINGS_MODULE"] = "seonggwa.config.settings.base"
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
        from seonggwa.audit.context import acting_as
        from seonggwa.importers.load import document_import

        timings: list[tuple[str, float, str]] = []
        with acting_as(None, "bench:import"):
            for prefix, year, expected in DOCUMENTS:
                (path,) = SEEDS.glob(f"{prefix}_*.txt")
                start = time.perf_counter()
                result = document_import(
                    organisation_name="서울특별시", year=year, path_or_text=path
                )
                elapsed = time.perf_counter() - start
                assert result.format == expected, (path.name, result.format)
                c = result.counts
                detail = (
                    f"{c['indicators']} indicators, {c['values']} values, "
                    f"{c['declared_figures']} declared, {c['findings']} findings"
                )
                timings.append((f"{prefix} {expected}", elapsed, detail))
        total = sum(t for _, t, _ in timings)
        for name, elapsed, detail in timings:
            print(f"{name:<16} {elapsed:6.2f} s  ({detail})")
        print(f"{'total':<16} {total:6.2f} s  (target < {TARGET_SECONDS:.0f} s)")
        return 0 if total < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
