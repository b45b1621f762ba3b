"""Shared text helpers for importers: cells, markup, spacing, numbers, headers.

Pure functions on strings; no I/O. Each format's ``parse.py`` builds on these.
"""

from __future__ import annotations

import re
from decimal import Decimal

from seonggwa.engine.text import norm_key, strip_markup
from seonggwa.engine.values import parse_number

# --- cells and markup (A11) -------------------------------------------------------------


def split_lines(text: str) -> list[str]:
    """Lines of ``text`` without line ends; the last line counts even with no newline (A22).

    >>> split_lines("a\\r\\nb")
    ['a', 'b']
    """
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def split_cells(line: str) -> list[str]:
    """TAB-separated cells of one table line, as printed (not stripped)."""
    return line.split("\t")


_HEADING = re.compile(r"^\s*(#{1,6})\s+(.*?)\s*#*\s*$")


def markup_items(cell: str) -> list[str]:
    """The list items of a cell (``<p>``/``<li>`` blocks or "○ " bullets), stripped.

    >>> markup_items("○ 가 ○ 나")
    ['가', '나']
    """
    if re.search(r"<(?:p|li)\b", cell, re.I):
        parts = [strip_markup(p) for p in re.split(r"</(?:p|li)>", cell, flags=re.I)]
        parts = [strip_bullet(p) for p in parts if p]
        if len(parts) > 1:
            return parts
    text = strip_markup(cell)
    bullets = [p.strip() for p in re.split(r"(?:^|\s)[○◦•▪●]\s+", text)]
    return [b for b in bullets if b]


def markdown_heading(line: str) -> str | None:
    """The text of a markdown heading line ("#### 가. 총괄" -> "가. 총괄"), else None."""
    m = _HEADING.match(line)
    return m.group(2) if m else None


_BULLET = re.compile(r"^\s*[○◦•▪●]\s*")


def strip_bullet(text: str) -> str:
    """Text without a leading "○ " bullet (000:125)."""
    return _BULLET.sub("", text).strip()


# --- spacing (A9, A17) ------------------------------------------------------------------


def join_letter_spaced(text: str) -> str:
    """Join letter-spaced syllables ("푸 른 도 시 국" -> "푸른도시국"); other text unchanged.

    >>> join_letter_spaced("리 스 크")
    '리스크'
    >>> join_letter_spaced("서울 시청")
    '서울 시청'
    """
    tokens = text.split()
    if len(tokens) >= 2 and all(len(t) == 1 for t in tokens):
        return "".join(tokens)
    return text


def compact(text: str) -> str:
    """Matching key of a cell: markup stripped, whitespace removed (A3, A9)."""
    return norm_key(strip_markup(text))


def header_matches(cell: str, synonyms: tuple[str, ...]) -> bool:
    """True when the whitespace-free cell text equals one of ``synonyms`` (A3)."""
    key = compact(cell)
    return any(key == norm_key(s) for s in synonyms)


# --- numbers (A15, section 6) -------------------------------------------------------------

_INT_CELL = re.compile(r"^(?P<sign>[-−–△▲]?)\s*(?P<num>\d{1,3}(?:,\d{3})+|\d+)$")
_DEC_CELL = re.compile(r"^(?P<sign>[-−–△]?)\s*(?P<num>\d+(?:\.\d+)?)\s*%?$")


def is_int_cell(cell: str) -> bool:
    """A whole number as printed in a money or count cell: "1,523", "-98", "△1,234"."""
    return _INT_CELL.match(strip_markup(cell)) is not None


def parse_int_cell(cell: str) -> int | None:
    """The integer in a count/money cell, or None when the cell is not one whole number.
    Read by the engine's one number reader (``engine.values.parse_number``).

    >>> parse_int_cell("△1,234"), parse_int_cell("-98"), parse_int_cell("4,039,691")
    (-1234, -98, 4039691)
    >>> parse_int_cell("12만") is None, parse_int_cell("1.5") is None
    (True, True)
    """
    number = parse_number(strip_markup(cell), plain=True)
    exponent = number.as_tuple().exponent if number is not None else None
    if number is None or not isinstance(exponent, int) or exponent < 0:
        return None
    return int(number)


def read_share(cell: str) -> Decimal | None:
    """The number of a share cell ("0.35 %" -> 0.35), else None."""
    return parse_number(strip_markup(cell).rstrip().removesuffix("%"), plain=True)


def read_weight(cell: str) -> Decimal | None:
    """The number of a weight cell ("7.5", "(20)", "20%"), else None."""
    return parse_number(cell.strip().strip("()").strip().removesuffix("%"), plain=True)


def is_share_cell(cell: str) -> bool:
    """A percentage as printed in a share cell: "0.33", "26.57", "0.35 %", "2"."""
    return _DEC_CELL.match(strip_markup(cell)) is not None


def char_similarity(a: str, b: str) -> float:
    """Dice overlap of the characters of two whitespace-free texts, 0..1.

    Robust to reordered fragments (a wrapped cell split in two, A6/A9).
    """
    from collections import Counter

    ka, kb = Counter(norm_key(a)), Counter(norm_key(b))
    total = sum(ka.values()) + sum(kb.values())
    if total == 0:
        return 1.0
    return 2 * sum((ka & kb).values()) / total


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance of two texts (characters inserted, deleted or replaced)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            row.append(min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = row
    return prev[-1]


def slightly_differs(first: str, again: str, *, alike: float = 0.6) -> bool:
    """Typo-level difference between two texts, whitespace ignored: not the same, and one
    character off, or at least ``alike`` alike both by characters (:func:`char_similarity`)
    and in order (edit distance), so reordered rewordings are not candidates.

    >>> slightly_differs("언론보도 확대로 시정홍보 강화", "언론보도 확대로 시정홍모 강화")
    True
    >>> slightly_differs("언론보도 확대로 시정홍보 강화", "언론보도확대로 시정홍보 강화")
    False
    """
    a, b = norm_key(first), norm_key(again)
    if not a or not b or a == b:
        return False
    distance = edit_distance(a, b)
    if distance <= 1:
        return True
    in_order = 1 - distance / max(len(a), len(b))
    return char_similarity(a, b) >= alike and in_order >= alike
