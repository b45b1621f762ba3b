"""The one rounding helper: half-up, as the official documents round.

>>> round_half_up(Decimal("76.25"), 1)
Decimal('76.3')
>>> round_half_up(Decimal("-2.5"), 0)
Decimal('-3')
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

__all__ = ["Decimal", "quantum", "round_half_up"]


def quantum(places: int) -> Decimal:
    """The Decimal exponent for ``places`` digits after the point (0 -> ``1``)."""
    return Decimal(1).scaleb(-places)


def round_half_up(value: Decimal, places: int) -> Decimal:
    """Round ``value`` to ``places`` decimals, halves away from zero."""
    return value.quantize(quantum(places), rounding=ROUND_HALF_UP)
