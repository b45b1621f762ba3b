"""Nation-scale benchmark of the calculation engine (not a test).

243 organisations × 600 indicators × 12 monthly actuals (≈1.75 M values): resolve
targets, compute achievement, grade, score, weight and roll everything up with the
columnar path (seonggwa.engine.bulk), then re-check a sample of cells through the Decimal
modules. In the same run it times the memory-bound floor, a bare numpy pass that only
divides all actuals by their targets, and prints engine ÷ floor.

    .venv/bin/python benchmarks/engine_bench.py [--orgs 243 --indicators 600 --months 12 --repeat 7]

The figures are the last lines of the output.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

START = time.perf_counter()
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import numpy as np  # noqa: E402

from seonggwa.engine.bulk import run_bulk, synthetic_input  # noqa: E402
from seonggwa.engine.cells import CellStatus  # noqa: E402

T = TypeVar("T")


def _timed(fn: Callable[[], T], repeat: int) -> tuple[T | None, list[float]]:
    times: list[float] = []
    result: T | None = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return result, times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orgs", type=int, default=243)
    parser.add_argument("--indicators", type=int, default=600)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--sample", type=int, default=300, help="cells re-checked in Decimal")
    args = parser.parse_args()

    t0 = time.perf_counter()
    inp = synthetic_input(args.orgs, args.indicators, args.months, seed=2024)
    generate = time.perf_counter() - t0
    cells = inp.actual.size

    result, engine_times = _timed(lambda: run_bulk(inp), args.repeat)
    assert result is not None

    target = np.maximum(inp.indicators.target, 1)[:, None, :]
    _, floor_times = _timed(lambda: inp.actual / target, args.repeat)

    # exactness spot check: the Decimal path must agree with the columnar one
    rng = np.random.default_rng(1)
    mismatches = 0
    for _ in range(args.sample):
        o, m, i = (int(rng.integers(0, n)) for n in inp.actual.shape)
        cell = result.explain(o, m, i)
        if cell["target"].status is not CellStatus.OK:
            continue
        bulk = (
            "exceeded"
            if result.at_least[Decimal(130)][o, m, i]
            else "achieved"
            if result.at_least[Decimal(100)][o, m, i]
            else "not_achieved"
        )
        mismatches += cell["grade"].code != bulk or cell["score"].value != cell["bulk_score"]

    engine_ms = statistics.median(engine_times) * 1000
    floor_ms = statistics.median(floor_times) * 1000
    ratio = engine_ms / floor_ms
    wall = time.perf_counter() - START
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    nation = {k: int(v[-1]) for k, v in result.nation_counts.items()}

    print(f"dataset generated in {generate * 1000:.0f} ms")
    print(f"December grade counts (nation): {nation}")
    print(
        f"December mean of organisation scores: {Decimal(int(result.nation_mean_score_h[-1])) / 100}"
    )
    print(f"Decimal re-check of {args.sample} sampled cells: {mismatches} mismatches")
    print(
        f"cells: {cells:,} ({args.orgs} organisations × {args.indicators} indicators × "
        f"{args.months} months)"
    )
    print(
        f"engine: {engine_ms:.1f} ms median of {args.repeat} "
        f"(best {min(engine_times) * 1000:.1f}, first {engine_times[0] * 1000:.1f})"
    )
    print(
        f"floor (numpy actual ÷ target): {floor_ms:.1f} ms median of {args.repeat} "
        f"(best {min(floor_times) * 1000:.1f})"
    )
    print(f"ratio engine ÷ floor: {ratio:.1f}× (target ≤ 20×)")
    print(f"wall, whole run: {wall:.2f} s (target ≤ 3 s)")
    print(f"peak memory: {peak_mb:.0f} MB (target ≤ 2048 MB)")
    return 1 if mismatches else 0


if __name__ == "__main__":
    raise SystemExit(main())
