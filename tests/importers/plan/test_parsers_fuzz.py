"""Property tests: parse raises only ParseError, validate never raises (both formats)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seonggwa.importers import plan, report
from seonggwa.importers.records import ParsedDocument, ParseError

pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SEED = (FIXTURES / "seeds" / "000_76922f4da6b1e6cf.txt").read_text(encoding="utf-8")
REPORTS = [
    (FIXTURES / "report" / name).read_text(encoding="utf-8")
    for name in ("report_consistent.txt", "report_defects.txt")
]
SEED_LINES = SEED.split("\n")
FORMATS: list[tuple[Callable[..., ParsedDocument], Callable[[ParsedDocument], object]]] = [
    (plan.parse, plan.validate),
    (report.parse, report.validate),
]
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CELL = st.sampled_from(
    [
        "",
        "-",
        "△",
        "○",
        "◎ ",
        "×",
        "(",
        ")",
        "(가국)",
        "1,234",
        "0.35 %",
        "계",
        "실국명",
        "<p>",
        "III-1.",
        "Ⅲ.",
        "전략목표명 (실국명)",
        "비중(%)",
        "※ ◎",
    ]
) | st.text(max_size=12)


def run(text: str) -> None:
    for parse, validate in FORMATS:
        try:
            doc = parse(text, source="fuzz")
        except ParseError:
            continue
        validate(doc)


@SETTINGS
@given(st.data())
def test_mutated_lines(data: st.DataObject) -> None:
    base = data.draw(st.sampled_from([SEED, *REPORTS]))
    lines = base.split("\n")
    for _ in range(data.draw(st.integers(1, 8))):
        i = data.draw(st.integers(0, len(lines) - 1))
        cells = data.draw(st.lists(CELL, min_size=0, max_size=9))
        action = data.draw(st.sampled_from(["replace", "insert", "delete", "duplicate"]))
        if action == "replace":
            lines[i] = "\t".join(cells)
        elif action == "insert":
            lines.insert(i, "\t".join(cells))
        elif action == "delete" and len(lines) > 1:
            del lines[i]
        else:
            lines.insert(i, lines[i])
    run("\n".join(lines))


@SETTINGS
@given(st.sampled_from([SEED, *REPORTS]), st.floats(0, 1))
def test_truncated_files(base: str, where: float) -> None:
    run(base[: int(len(base) * where)])


@SETTINGS
@given(st.binary(max_size=2000))
def test_random_bytes_decoded(blob: bytes) -> None:
    run(blob.decode("utf-8", errors="replace"))
    run(SEED[:800] + blob.decode("utf-8", errors="replace"))


@SETTINGS
@given(st.sampled_from([SEED, *REPORTS]), st.randoms(use_true_random=False))
def test_shuffled_lines(base: str, rnd: object) -> None:
    lines = base.split("\n")
    head, tail = lines[:12], lines[12:]
    rnd.shuffle(tail)  # type: ignore[attr-defined]
    run("\n".join(head + tail))


@SETTINGS
@given(st.lists(st.lists(CELL, max_size=8).map("\t".join), max_size=40))
def test_random_tables_after_a_valid_header(rows: list[str]) -> None:
    run("\n".join([*SEED_LINES[:12], *rows]))
    run("\n".join([*REPORTS[0].split("\n")[:11], *rows]))
