"""Charts of a report as PNG (matplotlib, Agg) for xlsx, PDF and HWPX, and as ECharts options
for web pages. Both read the same :class:`~seonggwa.reports.model.Chart` data."""

from __future__ import annotations

import io
import math
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


def _chart_key(chart: Chart) -> tuple[object, ...]:
    """What a chart's drawing depends on (a :class:`Chart` is mutable, so not hashable)."""
    return (
        chart.title,
        chart.kind,
        chart.unit,
        tuple(chart.categories),
        tuple((s.name, tuple(s.values)) for s in chart.series),
        tuple(chart.colors),
    )


_PNG_CACHE: dict[tuple[object, ...], bytes] = {}
_PNG_CACHE_SIZE = 256


def chart_png(
    chart: Chart, *, width_in: float = 9.0, height_in: float = 4.0, dpi: int = 110
) -> bytes:
    """The chart as a PNG, drawn once per process for the same data: the xlsx, HWPX and HTML
    of one report reuse it."""
    key = (_chart_key(chart), width_in, height_in, dpi)
    png = _PNG_CACHE.get(key)
    if png is None:
        if len(_PNG_CACHE) >= _PNG_CACHE_SIZE:
            _PNG_CACHE.clear()
        png = _PNG_CACHE[key] = _draw_png(chart, width_in=width_in, height_in=height_in, dpi=dpi)
    return png


def _draw_png(chart: Chart, *, width_in: float, height_in: float, dpi: int) -> bytes:
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
    rotate = 45 if len(chart.categories) > 8 else 0
    y_axis: dict[str, Any] = {"type": "value", "name": chart.unit}
    if chart.unit == "개":  # counts: no 0.5 ticks
        y_axis["minInterval"] = 1
    return {
        "title": {"text": chart.title, "left": "center", "top": 4, "textStyle": {"fontSize": 14}},
        "color": colors,
        "tooltip": {"trigger": "axis"},
        # below the title (they overlapped at top 24), and only when there is a choice
        "legend": {"top": 30, "show": len(chart.series) > 1},
        "grid": {
            "top": 72 if len(chart.series) > 1 else 48,
            "bottom": 70 if rotate else 16,
            "left": 16,
            "right": 24,
            "containLabel": True,
        },
        "xAxis": {
            "type": "category",
            "data": chart.categories,
            "axisLabel": {"rotate": rotate, "interval": 0},
        },
        "yAxis": y_axis,
        "series": series,
    }


def _fmt_tick(v: float) -> str:
    return f"{v:,.0f}" if abs(v) >= 100 or v == int(v) else f"{v:,.2f}".rstrip("0").rstrip(".")


def _nice_step(raw: float, *, whole: bool = False) -> float:
    """The round tick step (1, 2, 2.5 or 5 × 10ⁿ) at least ``raw``; ``whole``: at least 1."""
    if raw <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return max(step, 1.0) if whole else step


def chart_svg(chart: Chart, *, width: int = 640, height: int = 240) -> str:
    """A chart as plain SVG markup (no matplotlib): line charts (the indicator cards' many
    small trends) and bar charts (grouped or stacked), drawn as vectors by the PDF writers —
    far faster than one matplotlib PNG per chart. Same data and colours as
    :func:`chart_png`."""
    from html import escape

    if chart.kind is not ChartKind.LINE:
        return _bars_svg(chart, width=width)
    colors = chart.colors or PALETTE
    rotate = len(chart.categories) > 8 and chart.kind is not ChartKind.LINE
    left, right, top, bottom = 64, 16, 44, 70 if rotate else 34
    plot_w, plot_h = width - left - right, height - top - bottom
    if chart.kind is ChartKind.STACKED_BAR:
        columns = list(zip(*(s.values for s in chart.series), strict=True)) if chart.series else []
        stacked = [sum(_num(v) for v in col) for col in columns]
        values = [0.0, *stacked]
    else:
        values = [float(v) for s in chart.series for v in s.values if v is not None]
        if chart.kind is ChartKind.BAR:
            values.append(0.0)
    lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
    if chart.kind is ChartKind.LINE and lo > 0 and lo < hi * 0.5:
        lo = 0.0
    if hi == lo:
        lo, hi = lo - 1, hi + 1
    pad = (hi - lo) * 0.1
    lo, hi = (lo if chart.kind is not ChartKind.LINE and lo == 0 else lo - pad), hi + pad
    ticks = [lo + (hi - lo) * k / 4 for k in range(5)]
    if chart.kind is not ChartKind.LINE:  # bars from 0: round steps (1, 2, 2.5, 5 × 10ⁿ)
        step = _nice_step((hi - lo) / 4, whole=chart.unit == "개")
        lo, hi = math.floor(lo / step) * step, math.ceil(hi / step) * step
        ticks = [lo + step * k for k in range(round((hi - lo) / step) + 1)]
    n = max(len(chart.categories), 1)

    def x(i: float) -> float:
        return left + plot_w * (i + 0.5) / n

    def y(v: float) -> float:
        return top + plot_h * (hi - v) / (hi - lo)

    font = 'font-family="NanumGothic, Noto Sans CJK KR, Noto Sans KR, sans-serif"'
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" {font} font-size="11" role="img" '
        f'aria-label="{escape(chart.title)}">',
        f'<text x="{width / 2}" y="16" text-anchor="middle" font-size="13" '
        f'font-weight="bold">{escape(chart.title)}</text>',
    ]
    for v in ticks:  # grid lines and y ticks
        out.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
            'stroke="#ddd"/>'
            f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end" fill="#444">'
            f"{_fmt_tick(v)}</text>"
        )
    if chart.unit:
        out.append(f'<text x="4" y="{top - 8}" fill="#444">({escape(chart.unit)})</text>')
    for i, cat in enumerate(chart.categories):
        ty = height - bottom + 16
        if rotate:
            out.append(
                f'<text x="{x(i):.1f}" y="{ty - 6}" text-anchor="end" font-size="9" '
                f'transform="rotate(-45 {x(i):.1f} {ty - 6})">{escape(cat)}</text>'
            )
        else:
            out.append(f'<text x="{x(i):.1f}" y="{ty}" text-anchor="middle">{escape(cat)}</text>')
    series_count = max(len(chart.series), 1)
    base = [0.0] * len(chart.categories)
    for j, s in enumerate(chart.series):
        color = colors[j % len(colors)]
        if chart.kind is ChartKind.LINE:
            pts = [(x(i), y(float(v))) for i, v in enumerate(s.values) if v is not None]
            if len(pts) > 1:
                path = " ".join(f"{px:.1f},{py:.1f}" for px, py in pts)
                out.append(
                    f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"/>'
                )
            out += [
                f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{color}"/>' for px, py in pts
            ]
        else:
            slot = plot_w / n * 0.8
            for i, raw in enumerate(s.values):
                value = _num(raw)
                if chart.kind is ChartKind.STACKED_BAR:
                    x0, w, v0, v1 = x(i) - slot / 2, slot, base[i], base[i] + value
                    base[i] = v1
                else:
                    w = slot / series_count
                    x0, v0, v1 = x(i) - slot / 2 + j * w, 0.0, value
                y0, y1 = sorted((y(v0), y(v1)))
                if y1 - y0 > 0:
                    out.append(
                        f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{w:.1f}" '
                        f'height="{y1 - y0:.1f}" fill="{color}"/>'
                    )
        if len(chart.series) > 1 or chart.kind is ChartKind.LINE:
            lx = left + j * 90
            out.append(
                f'<rect x="{lx}" y="25" width="14" height="8" fill="{color}"/>'
                f'<text x="{lx + 18}" y="33">{escape(s.name)}</text>'
            )
    out.append("</svg>")
    return "".join(out)


def _bars_svg(chart: Chart, *, width: int) -> str:
    """Horizontal bars, one row per category (stacked for ``STACKED_BAR``, side by side
    otherwise), as plain SVG: readable at phone width, where the labels of many vertical
    bars would collide. A missing value draws nothing (no data is not 0)."""
    from html import escape

    colors = chart.colors or PALETTE
    stacked = chart.kind is ChartKind.STACKED_BAR
    n_series = max(len(chart.series), 1)
    bar_h = 14
    row_h = bar_h + 8 if stacked else bar_h * n_series + 8
    label_w, right, top = min(160, width // 3), 48, 44
    height = top + row_h * max(len(chart.categories), 1) + 8
    plot_w = width - label_w - right
    totals = [
        sum(_num(s.values[i]) for s in chart.series)
        if stacked
        else max((_num(s.values[i]) for s in chart.series), default=0.0)
        for i in range(len(chart.categories))
    ]
    hi = max([*totals, 0.0]) or 1.0
    font = 'font-family="NanumGothic, Noto Sans CJK KR, Noto Sans KR, sans-serif"'
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" {font} font-size="11" role="img" '
        f'aria-label="{escape(chart.title)}">',
        f'<text x="{width / 2}" y="16" text-anchor="middle" font-size="13" '
        f'font-weight="bold">{escape(chart.title)}</text>',
    ]
    if len(chart.series) > 1:
        for j, series in enumerate(chart.series):
            lx = 4 + j * 90
            out.append(
                f'<rect x="{lx}" y="25" width="14" height="8" fill="{colors[j % len(colors)]}"/>'
                f'<text x="{lx + 18}" y="33">{escape(series.name)}</text>'
            )
    for i, cat in enumerate(chart.categories):
        y0 = top + i * row_h
        label = cat if len(cat) <= 12 else cat[:11] + "…"
        out.append(
            f'<text x="{label_w - 6}" y="{y0 + bar_h - 2}" text-anchor="end" fill="#222">'
            f"{escape(label)}</text>"
        )
        x = float(label_w)
        for j, series in enumerate(chart.series):
            v = series.values[i]
            if v is None:
                continue
            w = plot_w * float(v) / hi
            y = y0 if stacked else y0 + j * bar_h
            out.append(
                f'<rect x="{x:.1f}" y="{y}" width="{max(w, 0):.1f}" height="{bar_h - 2}" '
                f'fill="{colors[j % len(colors)]}"/>'
            )
            if stacked:
                x += w
            else:
                out.append(
                    f'<text x="{x + w + 4:.1f}" y="{y + bar_h - 3}" fill="#222">'
                    f"{_fmt_tick(float(v))}</text>"
                )
        if stacked:
            out.append(
                f'<text x="{x + 4:.1f}" y="{y0 + bar_h - 2}" fill="#222">'
                f"{_fmt_tick(totals[i])}</text>"
            )
    out.append("</svg>")
    return "".join(out)
