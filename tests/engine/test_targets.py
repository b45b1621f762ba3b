from decimal import Decimal

import pytest

from seonggwa.engine.cells import CellStatus
from seonggwa.engine.periods import to_annual, to_cumulative
from seonggwa.engine.targets import Bound, resolve_target
from seonggwa.engine.values import parse_value

D = Decimal


@pytest.mark.parametrize(
    ("raw", "kwargs", "value", "bound"),
    [
        ("85", {}, D(85), Bound.POINT),
        ("전년대비 5% 증가", {"prior_actual": D(200)}, D(210), Bound.FLOOR),
        ("1%이상 감축", {"prior_actual": D(91)}, D("90.09"), Bound.CEILING),
        ("기준점 +0.5", {"baseline": D("75.3")}, D("75.8"), Bound.FLOOR),
        ("75점이상", {}, D(75), Bound.FLOOR),
        ("3건이하", {}, D(3), Bound.CEILING),
        ("±7", {}, D(0), Bound.BAND),
        ("21(22)", {"part": "b"}, D(22), Bound.POINT),
    ],
)
def test_resolve_target_gives_value_and_bound(raw, kwargs, value, bound):
    resolved = resolve_target(parse_value(raw), **kwargs)
    assert resolved.status is CellStatus.OK
    assert (resolved.value, resolved.bound) == (value, bound)


def test_band_target_carries_its_tolerance():
    assert resolve_target("±7").tolerance == D(7)


@pytest.mark.parametrize(
    ("raw", "kwargs", "status", "reason_fragment"),
    [
        ("전년대비 5% 증가", {}, CellStatus.UNRESOLVED, "전년도 실적"),
        (
            "전년대비 5% 증가",
            {"prior_actual": D(1), "prior_confirmed": False},
            CellStatus.UNRESOLVED,
            "확정",
        ),
        ("기준점", {}, CellStatus.NOT_EVALUATED, "기준점"),
        ("기준점 +0.5", {}, CellStatus.UNRESOLVED, "기준점"),
        ("21(22)", {}, CellStatus.UNRESOLVED, "부분"),
        ("21(22)", {"part": "z"}, CellStatus.UNRESOLVED, "z"),
        ("-", {}, CellStatus.NO_DATA, "목표"),
        ("알 수 없는 목표", {}, CellStatus.UNRESOLVED, "해석"),
    ],
)
def test_unresolvable_targets_return_a_status_with_reason(raw, kwargs, status, reason_fragment):
    resolved = resolve_target(raw, **kwargs)
    assert resolved.status is status
    assert resolved.value is None
    assert reason_fragment in resolved.reason


def test_relative_target_explanation_names_the_prior_actual():
    resolved = resolve_target("전년대비 5% 증가", prior_actual=D(200))
    assert resolved.explanation.inputs["전년도 실적"] == "200"
    assert "1 + 5%" in resolved.explanation.formula


def test_cumulative_and_annual_are_inverse_and_missing_stays_missing():
    annual = [D(1), D(2), None, D(4)]
    assert to_cumulative(annual) == [D(1), D(3), None, None]
    assert to_annual([D(1), D(3), D(6)]) == [D(1), D(2), D(3)]
