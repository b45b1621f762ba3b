"""Property tests: both BSC parsers raise only ParseError, validators never raise."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seonggwa.importers import bsc2009, bsc_detail
from seonggwa.importers.records import ParseError

pytestmark = pytest.mark.slow

SEEDS = Path(__file__).parents[2] / "fixtures" / "seeds"
LINES_001 = (SEEDS / "001_5e42922f7edd2423.txt").read_text(encoding="utf-8").split("\n")[:400]
LINES_003 = (SEEDS / "003_80f337656145150c.txt").read_text(encoding="utf-8").split("\n")[1113:1400]
FORMATS = (bsc2009, bsc_detail)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _run(text: str) -> None:
    for fmt in FORMATS:
        fmt.detect(text)
        try:
            doc = fmt.parse(text, source="fuzz")
        except ParseError:
            continue
        fmt.validate(doc)


def _mutate(lines: list[str], data: st.DataObject) -> str:
    out = list(lines)
    for _ in range(data.draw(st.integers(0, 12))):
        idx = data.draw(st.integers(0, len(out) - 1))
        op = data.draw(st.sampled_from(["drop", "dup", "cells", "tab", "text", "cut"]))
        if op == "drop":
            out.pop(idx)
        elif op == "dup":
            out.insert(idx, out[idx])
        elif op == "cells":
            cells = out[idx].split("\t")
            out[idx] = "\t".join(data.draw(st.permutations(cells)))
        elif op == "tab":
            out[idx] = "\t" * data.draw(st.integers(0, 4)) + out[idx]
        elif op == "text":
            out[idx] = data.draw(st.text(max_size=40))
        else:
            out[idx] = out[idx][: data.draw(st.integers(0, max(len(out[idx]), 1)))]
        if not out:
            out = [""]
    return "\n".join(out)


@FUZZ
@given(st.data())
def test_mutated_2009_lines(data: st.DataObject) -> None:
    _run(_mutate(LINES_001, data))


@FUZZ
@given(st.data())
def test_mutated_detail_lines(data: st.DataObject) -> None:
    _run(_mutate(LINES_003, data))


@FUZZ
@given(st.integers(0, 30000), st.sampled_from([LINES_001, LINES_003]))
def test_truncated_files(cut: int, lines: list[str]) -> None:
    _run("\n".join(lines)[:cut])


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes_decoded(raw: bytes) -> None:
    _run(raw.decode("utf-8", errors="replace"))


@FUZZ
@given(st.randoms(use_true_random=False), st.sampled_from([LINES_001, LINES_003]))
def test_shuffled_lines(rnd, lines: list[str]) -> None:  # type: ignore[no-untyped-def]
    shuffled = list(lines)
    rnd.shuffle(shuffled)
    _run("\n".join(shuffled))
