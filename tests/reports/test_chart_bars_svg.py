"""Horizontal bar charts as SVG (the dashboards): one row per category, a missing value
draws nothing (no data is not 0), every text escaped."""

from __future__ import annotations

from decimal import Decimal

from seonggwa.reports.charts import chart_svg
from seonggwa.reports.model import Chart, ChartKind, Series


def test_bars_draw_a_rect_per_present_value_and_label_each_category():
    chart = Chart(
        "b",
        "예산 <비중>",
        ChartKind.BAR,
        ["복지정책국", "기획&조정실", "감사관"],
        [Series("비중", [Decimal("58.3"), None, Decimal("0.4")])],
    )
    svg = chart_svg(chart, width=400)
    assert svg.count("<rect") == 2  # the missing value draws no bar
    assert "예산 &lt;비중&gt;" in svg and "기획&amp;조정실" in svg
    assert ">58.3<" in svg and ">0.4<" in svg


def test_stacked_bars_print_each_rows_total():
    chart = Chart(
        "g",
        "등급",
        ChartKind.STACKED_BAR,
        ["가국", "나국"],
        [Series("◎", [Decimal(2), Decimal(0)]), Series("○", [Decimal(3), Decimal(1)])],
    )
    svg = chart_svg(chart, width=400)
    assert svg.count("<rect") == 2 + 4  # two legend keys, four segments
    assert ">5<" in svg and ">1<" in svg
