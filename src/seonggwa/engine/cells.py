"""Explained cells: a computed figure with its rendered text and how it was computed.

A cell that could not be computed carries a status instead of raising, and "no data" is a
status of its own, never 0 (the mis-builder habit).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

# An input printed with more decimals than a person reads (a rate of 400/3 has 25) is shown
# rounded half-up to this many places, marked "≈"; the figure itself keeps every digit.
EXPLANATION_PLACES = 2
_LONG_DECIMAL = re.compile(r"^-?\d+\.\d{5,}$")


def plain_decimal(value: Decimal) -> str:
    """A decimal as a person writes it: no trailing zeros, never an exponent.

    >>> plain_decimal(Decimal("79.600000")), plain_decimal(Decimal("100")), plain_decimal(Decimal("2E+1"))
    ('79.6', '100', '20')
    """
    return format(value.normalize(), "f")


def short_number(text: str) -> str:
    """``"133.3333333333333333333333333"`` → ``"≈133.33"``; other text unchanged.

    >>> short_number("133.3333333333333333333333333"), short_number("88.4"), short_number("-")
    ('≈133.33', '88.4', '-')
    """
    if not _LONG_DECIMAL.match(text):
        return text
    rounded = Decimal(text).quantize(Decimal(1).scaleb(-EXPLANATION_PLACES), ROUND_HALF_UP)
    return f"≈{rounded}"


class CellStatus(StrEnum):
    OK = "ok"
    NO_DATA = "no_data"  # nothing entered yet
    NOT_EVALUATED = "not_evaluated"  # e.g. a baseline year (기준점), mark "-"
    EXCLUDED = "excluded"  # deliberately left out (e.g. sustainability "-")
    UNRESOLVED = "unresolved"  # e.g. relative target whose prior actual is unconfirmed
    ERROR = "error"  # inputs present but inconsistent (reason in explanation)


@dataclass(frozen=True, slots=True)
class Explanation:
    """``formula`` in words with symbols (e.g. ``실적 ÷ 목표 × 100``), the inputs by name,
    and the rule/scheme (with version) that applied."""

    formula: str
    inputs: dict[str, str] = field(default_factory=dict)
    rule: str = ""

    def render(self) -> str:
        args = ", ".join(f"{k}={short_number(v)}" for k, v in self.inputs.items())
        text = self.formula + (f" [{args}]" if args else "")
        return text + (f" ({self.rule})" if self.rule else "")


@dataclass(frozen=True, slots=True)
class Cell:
    value: Decimal | int | str | None
    text: str
    status: CellStatus = CellStatus.OK
    explanation: Explanation | None = None

    @property
    def ok(self) -> bool:
        return self.status is CellStatus.OK

    @classmethod
    def missing(cls, status: CellStatus, reason: str, text: str = "-") -> Cell:
        return cls(value=None, text=text, status=status, explanation=Explanation(formula=reason))
