"""Hostile inputs against ``seonggwa import`` with the default limits (issue 16, item 9).

Builds, in a temporary directory and without holding them in memory:

* ``bomb.xlsx``: a ~7 MB workbook (its 정보 sheet named, so it looks like ours) whose one
  sheet inflates to ~1.7 GB;
* ``plan150.txt``: a 150 MB plan-shaped text (the 성과계획서 seed repeated);
* ``/dev/zero`` is used as it is;
* ``at_limits.xlsx``: the worst a workbook can do within the default limits — ~8 MB that
  inflate to ~60 MB of sheet (ratio ≈ 8) in its 정보 sheet, which the reader then parses in
  full before refusing it (not a seonggwa workbook): bounded memory for what passes the checks;

then runs ``seonggwa import FILE`` on each in a subprocess against a fresh SQLite database
and prints, per input: the exit code, the child's peak memory (``wait4`` rusage), the wall
time and whether any row was written. Targets: exit 2, ≤ 512 MB, ≤ 20 s, nothing written.
Building the inputs takes a minute or two (deflating 1.7 GB); the imports take seconds.

    .venv/bin/python benchmarks/hostile_inputs.py [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = next((ROOT / "tests" / "fixtures" / "seeds").glob("000_*.txt"))
MiB = 1024 * 1024
TARGET_EXIT, TARGET_MB, TARGET_SECONDS = 2, 512, 20.0


def build_bomb(path: Path, inflated: int = 1700 * 1000 * 1000) -> None:
    """Stream a workbook whose sheet inflates to ``inflated`` bytes: 1 MiB blocks of one
    repeated row, each with a little noise, so it packs to a few MB like the probe's."""
    row = b'<row><c t="inlineStr"><is><t>0000</t></is></c></row>'
    block = row * (MiB // len(row))
    written = 0
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr(
            "xl/workbook.xml",
            '<workbook><sheets><sheet name="정보" sheetId="1"/></sheets></workbook>'.encode(),
        )
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b"<worksheet><sheetData>")
            while written < inflated:
                sheet.write(block)
                sheet.write(os.urandom(1100).hex().encode())  # ~2.2 KB of noise per MiB
                written += len(block) + 2200
            sheet.write(b"</sheetData></worksheet>")


def build_at_limits(path: Path, inflated: int = 60 * 1000 * 1000) -> None:
    """A well-formed workbook whose 정보 sheet is ~``inflated`` bytes of varied rows."""
    import random

    ns = "http://schemas.openxmlformats.org"
    rels = f"{ns}/officeDocument/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<Types xmlns="{ns}/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" '
            f'Type="{rels}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{ns}/spreadsheetml/2006/main" xmlns:r="{rels}"><sheets>'
            '<sheet name="정보" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" '
            f'Type="{rels}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(f'<worksheet xmlns="{ns}/spreadsheetml/2006/main"><sheetData>'.encode())
            written, r = 0, 1
            while written < inflated:
                cells = "".join(
                    f'<c r="{c}{r}" t="inlineStr"><is><t>{random.randrange(10**6)}</t></is></c>'
                    for c in "ABCDEFGH"
                )
                row = f'<row r="{r}">{cells}</row>'.encode()
                sheet.write(row)
                written, r = written + len(row), r + 1
            sheet.write(b"</sheetData></worksheet>")


def build_text(path: Path, size: int = 150 * 1000 * 1000) -> None:
    seed = SEED.read_bytes()
    with open(path, "wb") as out:
        written = 0
        while written < size:
            out.write(seed)
            written += len(seed)


def rows_in(db: Path) -> int:
    with sqlite3.connect(db) as con:
        tables = [
            r[0]
            for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
            if not r[0].startswith(("django_", "sqlite_", "auth_permission"))
        ]
        return sum(con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables)


def run_import(path: str, env: dict[str, str]) -> tuple[int, float, float, str]:
    """(exit code, peak MB, wall seconds, first line of stderr) of one import."""
    started = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, "-m", "seonggwa.cli", "import", path, "--org", "벤치시", "--year", "2022"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert child.stderr is not None
    err = child.stderr.read().decode("utf-8", "replace")
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - started
    return child.returncode, usage.ru_maxrss / 1024, wall, (err.strip().splitlines() or [""])[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", type=Path, help="build the inputs here and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = args.keep or Path(tmp_name)
        tmp.mkdir(parents=True, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith("SEONGGWA_MAX_")}
        db = tmp / "hostile.sqlite3"
        env.update(
            DATABASE_URL=f"sqlite:///{db}",
            SEONGGWA_VAR_DIR=str(tmp / "var"),
            PYTHONPATH=os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")]),
        )
        subprocess.run(
            [sys.executable, "-m", "seonggwa.cli", "init"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        inputs: list[tuple[str, str]] = []
        builders = (
            ("bomb.xlsx", build_bomb),
            ("plan150.txt", build_text),
            ("at_limits.xlsx", build_at_limits),
        )
        for name, build in builders:
            path = tmp / name
            if not path.exists():
                t = time.monotonic()
                build(path)
                print(
                    f"built {name}: {path.stat().st_size / MiB:,.1f} MB in "
                    f"{time.monotonic() - t:.0f} s",
                    flush=True,
                )
            inputs.append((name, str(path)))
        inputs.insert(2, ("/dev/zero", "/dev/zero"))

        print()
        print(f"{'input':<14} {'exit':>4} {'peak MB':>8} {'wall s':>7} {'written':>8}  message")
        ok = True
        for label, path in inputs:
            before = rows_in(db)
            code, peak, wall, message = run_import(path, env)
            written = rows_in(db) - before
            ok &= code == TARGET_EXIT and peak <= TARGET_MB and wall <= TARGET_SECONDS
            ok &= written == 0
            print(f"{label:<14} {code:>4} {peak:>8.0f} {wall:>7.1f} {written:>8}  {message[:120]}")
        print(
            f"targets: exit {TARGET_EXIT}, ≤ {TARGET_MB} MB, ≤ {TARGET_SECONDS:.0f} s, "
            f"nothing written — {'met' if ok else 'NOT met'}"
        )
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
