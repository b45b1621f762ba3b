"""Constructors of report table cells (:class:`~seonggwa.reports.model.TableCell`): text,
counts, money in the display unit, decimals, blanks; and the 원 -> 백만원 conversion."""

from __future__ import annotations

from decimal import Decimal

from seonggwa.engine.rounding import round_half_up

from ..model import CellKind, Formula, TableCell

MILLION = Decimal(1_000_000)


def text(value: str, explanation: str = "") -> TableCell:
    """A text cell."""
    return TableCell(value, value, CellKind.TEXT, explanation=explanation)


def count(value: int, explanation: str = "", formula: Formula | None = None) -> TableCell:
    """A count (``#,##0``)."""
    return TableCell(value, f"{value:,}", CellKind.INT, 0, explanation, formula)


def money(
    value: int | None,
    *,
    negative: str = "-",
    explanation: str = "",
    formula: Formula | None = None,
) -> TableCell:
    """An integer amount already in the display unit; ``negative`` is ``-`` or ``△``."""
    if value is None:
        return TableCell(None, "-", CellKind.INT, 0, explanation or "자료 없음")
    shown = f"{negative}{abs(value):,}" if value < 0 else f"{value:,}"
    return TableCell(value, shown, CellKind.INT, 0, explanation, formula)


def decimal(
    value: Decimal | None, places: int, explanation: str = "", formula: Formula | None = None
) -> TableCell:
    """A decimal rounded half-up to ``places``; ``None`` is "-" (no data), never 0."""
    if value is None:
        return TableCell(None, "-", CellKind.DECIMAL, places, explanation or "자료 없음")
    shown = round_half_up(value, places)
    return TableCell(shown, f"{shown:,.{places}f}", CellKind.DECIMAL, places, explanation, formula)


def plain(value: Decimal) -> str:
    """A weight as printed: ``20`` not ``20.0`` or ``2E+1``."""
    return format(value.normalize(), "f")


def blank() -> TableCell:
    """An empty cell."""
    return TableCell(None, "", CellKind.TEXT)


def to_million(amount: Decimal) -> int:
    """원 -> 백만원, half-up per row."""
    return int(round_half_up(amount / MILLION, 0))
