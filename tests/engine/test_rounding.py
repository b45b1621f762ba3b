from decimal import Decimal

import pytest

from seonggwa.engine.rounding import round_half_up


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [("76.25", 1, "76.3"), ("80.505", 2, "80.51"), ("-2.5", 0, "-3"), ("0.125", 2, "0.13")],
)
def test_round_half_up_rounds_halves_away_from_zero(value, places, expected):
    assert round_half_up(Decimal(value), places) == Decimal(expected)
