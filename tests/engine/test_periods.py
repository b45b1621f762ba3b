"""R11: cumulative series (a(b) = annual(running total)) as the 2009 BSC prints them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from seonggwa.engine.periods import check_cumulative, series_point


def _points(*raws: str) -> list:  # type: ignore[type-arg]
    return [series_point(str(2007 + n), raw, 10 + n) for n, raw in enumerate(raws)]


@pytest.mark.parametrize(
    ("raws", "broken_lines"),
    [
        (("21(22)", "35(57)", "18(75)", "16(91)"), []),  # 001:143 holds
        (("127(491)", "260(751)", "411(1,142)", "600(1,742)"), [12]),  # 001:747
        (("30(30)", "50(85)", "15(100)", "-"), [11]),  # 001:893
        (("8.62 (9.08)", "9.27 (8.90)", "8.95 (8.95)"), []),  # own (external): not cumulative
        (("1 (45)", "0 (45)", "2 (64)", "4 (100)"), []),  # count (rate): no adding step
        (("5", "20(25)", "40(65)", "35(100)"), []),  # plain first year
        (("751", "411(1,142)"), []),  # one step, nothing adds up: not known to be cumulative
    ],
)
def test_cumulative_series_rule_r11(raws: tuple[str, ...], broken_lines: list[int]) -> None:
    findings = check_cumulative(_points(*raws), indicator="x")
    assert [f.line for f in findings] == broken_lines
    assert all(f.code == "series.cumulative_broken" for f in findings)


def test_a_series_named_cumulative_is_checked_without_a_step_that_holds() -> None:
    findings = check_cumulative(
        _points("751", "411(1,142)"), indicator="x", declared_cumulative=True
    )
    assert [(f.line, f.details["expected"], f.details["printed"]) for f in findings] == [
        (11, "1162", "1142")
    ]
    assert "751 + 411 ≠ 1142" in findings[0].message


def test_only_the_first_break_is_reported() -> None:
    findings = check_cumulative(
        _points("10(10)", "5(16)", "5(30)", "1(31)"), indicator="x", declared_cumulative=True
    )
    assert [f.line for f in findings] == [11]


@pytest.mark.parametrize(
    ("raw", "annual", "cumulative"),
    [
        ("21(22)", "21", "22"),
        ("-(57)", "0", "57"),
        ("11 (34개소)", "11", "34"),
        ("1,142", None, "1142"),
        ("기준점", None, None),
    ],
)
def test_series_point_reads_the_printed_cell(
    raw: str, annual: str | None, cumulative: str | None
) -> None:
    point = series_point("2008", raw)
    assert point.annual == (None if annual is None else Decimal(annual))
    assert point.cumulative == (None if cumulative is None else Decimal(cumulative))
