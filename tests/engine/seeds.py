"""Small readers for the seed fixtures used by the worked-example tests (1-based lines)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from seonggwa.engine.values import parse_number

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"


def seed_lines(tag: str) -> list[str]:
    path = next(SEEDS.glob(f"{tag}_*.txt"))
    return path.read_text(encoding="utf-8").split("\n")


def line(tag: str, number: int) -> str:
    return seed_lines(tag)[number - 1]


def plan_summary_rows() -> list[tuple[int, list[str]]]:
    """000:13-57 unit rows of 가. 총괄 as (line, cells); header repeats skipped."""
    lines = seed_lines("000")
    out = []
    for number in range(13, 58):
        cells = lines[number - 1].split("\t")
        if len(cells) == 8 and cells[1].strip().isdigit():
            out.append((number, cells))
    return out


def num(cell: str) -> Decimal:
    value = parse_number(cell)
    assert value is not None, cell
    return value


def consignment_scores(first: int, last: int) -> list[Decimal]:
    lines = seed_lines("003")
    scores = []
    for number in range(first, last + 1):
        cells = lines[number - 1].split("\t")
        if cells[0].strip().isdigit() and len(cells) >= 5:
            scores.append(num(cells[4]))
    return scores
