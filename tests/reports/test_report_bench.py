"""benchmarks/report_bench.py: the medians of repeated runs (``--repeat N``)."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).parent.parent.parent / "benchmarks" / "report_bench.py"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("report_bench", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("report_bench", module)  # its dataclass looks itself up there
    spec.loader.exec_module(module)
    return module


def test_median_of_runs_takes_wall_and_cpu_apart() -> None:
    bench = _bench()
    runs = [bench.Timing(3.0, 0.5), bench.Timing(1.0, 0.9), bench.Timing(2.0, 0.7)]
    median = bench.median_timing(runs)
    assert (median.wall, median.cpu, median.timed_out) == (2.0, 0.7, False)
    assert median.show() == "2.00 s (0.70)"


def test_a_timed_out_run_makes_the_median_a_lower_bound() -> None:
    bench = _bench()
    runs = [bench.Timing(300.0, float("nan"), timed_out=True), bench.Timing(40.0, 30.0)]
    median = bench.median_timing(runs)
    assert median.timed_out and median.wall == 170.0 and median.cpu == 30.0
    assert median.show().startswith(">")
    alone = bench.median_timing([bench.Timing(300.0, float("nan"), timed_out=True)])
    assert alone.timed_out and math.isnan(alone.cpu)
