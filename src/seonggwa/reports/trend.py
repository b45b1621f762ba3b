"""The public indicator page's trend (docs/portal.md): the years of
:func:`~seonggwa.evaluation.dashboard_selectors.indicator_trend` (``public=True``: the one
trend reader of the dashboards, the portal and the API) as a report table (shown beside the
chart and downloadable) and as a line chart of target and actual."""

from __future__ import annotations

from decimal import Decimal

from seonggwa.evaluation.dashboard_selectors import Trend
from seonggwa.plans.models import Indicator

from .model import CellKind, Chart, ChartKind, Column, HeaderCell, Row, Series, Table, TableCell

COLUMNS = (
    ("year", "연도", CellKind.INT),
    ("target", "목표", CellKind.DECIMAL),
    ("actual", "실적", CellKind.DECIMAL),
    ("achievement", "달성률(%)", CellKind.DECIMAL),
    ("grade", "등급", CellKind.TEXT),
)


def _number(value: Decimal | None, raw: str) -> TableCell:
    """A figure as printed (the raw text when it is not a plain number); no data is blank."""
    if value is None:
        return TableCell(value=None, text=raw, kind=CellKind.TEXT)
    value = value.normalize()
    return TableCell(value=value, text=format(value, "f"), kind=CellKind.DECIMAL)


def trend_table(indicator: Indicator, trend: Trend) -> Table:
    """Year, target, actual, and the achievement rate and grade (of a public trend: the
    public actual and the published result)."""
    rows = []
    for p in trend.years:
        result = p.result
        rows.append(
            Row(
                [
                    TableCell(value=p.year, text=str(p.year), kind=CellKind.INT),
                    _number(p.target.value, p.target.raw_text) if p.target else TableCell(None, ""),
                    _number(p.actual.value, p.actual.raw_text) if p.actual else TableCell(None, ""),
                    _number(result.achievement, "")
                    if result and result.achievement is not None
                    else TableCell(None, ""),
                    TableCell(value=result.grade_mark, text=result.grade_mark)
                    if result
                    else TableCell(None, ""),
                ]
            )
        )
    unit = indicator.unit_of_measure
    return Table(
        key=f"indicator_{indicator.pk}_trend",
        title=indicator.name,
        unit_line=f"(단위:{unit})" if unit else "",
        columns=[Column(k, label, kind) for k, label, kind in COLUMNS],
        header_rows=[[HeaderCell(label, i) for i, (_, label, _) in enumerate(COLUMNS)]],
        rows=rows,
    )


def trend_chart(indicator: Indicator, trend: Trend) -> Chart:
    categories, targets, actuals = trend.series()
    return Chart(
        key=f"indicator_{indicator.pk}_trend",
        title=indicator.name,
        kind=ChartKind.LINE,
        categories=categories,
        series=[Series("목표", targets), Series("실적", actuals)],
        unit=indicator.unit_of_measure,
    )
