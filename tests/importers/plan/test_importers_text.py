"""Shared text helpers used by the plan and report parsers."""

from __future__ import annotations

import pytest

from seonggwa.engine.text import strip_markup
from seonggwa.importers.text import (
    char_similarity,
    compact,
    header_matches,
    join_letter_spaced,
    markdown_heading,
    markup_items,
    parse_int_cell,
    read_share,
    split_lines,
    strip_bullet,
)


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("1,523", 1523),
        ("-98", -98),
        ("△1,234,567", -1234567),
        ("0", 0),
        ("<p>383,227</p>", 383227),
        ("1,2,3", None),
        ("12만", None),
        ("", None),
        ("0.35", None),
    ],
)
def test_parse_int_cell(cell: str, value: int | None) -> None:
    assert parse_int_cell(cell) == value


@pytest.mark.parametrize(
    ("cell", "text"),
    [("0.35 %", "0.35"), ("26.57", "26.57"), ("2", "2"), ("1.88%", "1.88"), ("가", None)],
)
def test_read_share(cell: str, text: str | None) -> None:
    value = read_share(cell)
    assert (None if value is None else str(value)) == text


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        ("<p>○ 가</p> <p>○ 나</p>", "○ 가 ○ 나"),
        ('<ul style="x"><li>하나</li><li>둘</li></ul>', "하나 둘"),
        ("$\\mathrm{m}^{2}$", "m²"),  # a square stays a square
        ("천 ^m", "천 m"),
    ],
)
def test_strip_markup(cell: str, text: str) -> None:
    assert strip_markup(cell) == text


def test_markup_items_keep_list_items_apart() -> None:
    assert markup_items("<p>○ 가</p> <p>○ 나</p>") == ["가", "나"]
    assert markup_items("○ 가 ○ 나") == ["가", "나"]
    assert markup_items("가") == ["가"]


def test_headings_spacing_and_keys() -> None:
    assert markdown_heading("#### 가. 총괄") == "가. 총괄"
    assert markdown_heading("가. 총괄") is None
    assert join_letter_spaced("푸 른 도 시 국") == "푸른도시국"
    assert compact("(기 획조정실)") == "(기획조정실)"
    assert header_matches("전략 목표수", ("전략목표수",))
    assert strip_bullet("○ 목표") == "목표"
    assert split_lines("a\nb") == ["a", "b"]
    assert char_similarity("정원문화", "정 원문화") == 1.0
