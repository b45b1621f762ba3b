"""Charts of a report as PNG (matplotlib, Agg) for xlsx, PDF and HWPX, and as ECharts options
for web pages. Both read the same :class:`~seonggwa.reports.model.Chart` data."""

from __future__ import annotations

import io
from decimal import Decimal
from functools import cache
from typing import Any

from .model import Chart, ChartKind

FONT_CANDIDATES = ("NanumGothic", "Noto Sans CJK KR", "Noto Sans KR")
PALETTE = ["#1f6fb2", "#4caf50", "#e4572e", "#f2a900", "#7b5ea7", "#17a398", "#8c8c8c"]


@cache
def korean_font() -> str | None:
    """The first installed Korean font family matplotlib can use (Debian fonts-nanum /
    fonts-noto-cjk); ``None`` when neither is installed."""
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    return next((n for n in FONT_CANDIDATES if n in names), None)


def _num(v: Decimal | None) -> float:
    return float(v) if v is not None else 0.0


def chart_png(
    chart: Chart, *, width_in: float = 9.0, height_in: float = 4.0, dpi: int = 110
) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    font = korean_font()
    rc: Any = {
        "font.family": [font, "sans-serif"] if font else ["sans-serif"],
        "axes.unicode_minus": False,
    }
    with matplotlib.rc_context(rc):
        fig = Figure(figsize=(width_in, height_in), dpi=dpi)
        ax = fig.add_subplot()
        colors = chart.colors or PALETTE
        x = list(range(len(chart.categories)))
        if chart.kind is ChartKind.LINE:
            for i, s in enumerate(chart.series):
                pts = [(xi, float(v)) for xi, v in zip(x, s.values, strict=True) if v is not None]
                if pts:
                    ax.plot(
                        [p[0] for p in pts],
                        [p[1] for p in pts],
                        marker="o",
                        label=s.name,
                        color=colors[i % len(colors)],
                    )
        elif chart.kind is ChartKind.STACKED_BAR:
            bottom = [0.0] * len(x)
            for i, s in enumerate(chart.series):
                vals = [_num(v) for v in s.values]
                ax.bar(x, vals, bottom=bottom, label=s.name, color=colors[i % len(colors)])
                bottom = [b + v for b, v in zip(bottom, vals, strict=True)]
        else:
            n = max(len(chart.series), 1)
            w = 0.8 / n
            for i, s in enumerate(chart.series):
                ax.bar(
                    [xi + (i - (n - 1) / 2) * w for xi in x],
                    [_num(v) for v in s.values],
                    width=w,
                    label=s.name,
                    color=colors[i % len(colors)],
                )
        ax.set_xticks(x)
        rotate = 45 if len(x) > 8 else 0
        ax.set_xticklabels(
            chart.categories, rotation=rotate, ha="right" if rotate else "center", fontsize=8
        )
        ax.set_title(chart.title)
        if chart.unit:
            ax.set_ylabel(f"({chart.unit})")
        ax.grid(axis="y", alpha=0.3)
        if len(chart.series) > 1:
            ax.legend(fontsize=8)
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
    return buf.getvalue()


def echarts_option(chart: Chart) -> dict[str, Any]:
    """An ECharts option object (JSON-serialisable) for the same chart."""
    colors = chart.colors or PALETTE
    series: list[dict[str, Any]] = []
    for s in chart.series:
        item: dict[str, Any] = {
            "name": s.name,
            "type": "line" if chart.kind is ChartKind.LINE else "bar",
            "data": [None if v is None else float(v) for v in s.values],
        }
        if chart.kind is ChartKind.STACKED_BAR:
            item["stack"] = "total"
        series.append(item)
    return {
        "title": {"text": chart.title, "textStyle": {"fontSize": 14}},
        "color": colors,
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 24},
        "grid": {"top": 60, "bottom": 80, "containLabel": True},
        "xAxis": {
            "type": "category",
            "data": chart.categories,
            "axisLabel": {"rotate": 45 if len(chart.categories) > 8 else 0},
        },
        "yAxis": {"type": "value", "name": chart.unit},
        "series": series,
    }
