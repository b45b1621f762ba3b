"""Periods: the keys of reporting periods, annual vs cumulative (누계) series and the R11
consistency rule.

A period is a year, a quarter or a month of a plan, written ``2026``, ``2026-Q1`` or
``2026-03`` (:class:`PeriodKey`); values, entry windows, locks, publication and evaluation
runs all refer to periods by these keys.

cumulative(t) = cumulative(t−1) + annual(t).

>>> PeriodKey.parse("2026-Q1").quarter, str(PeriodKey(2026, month=3))
(1, '2026-03')
>>> to_cumulative([Decimal(21), Decimal(35)], start=Decimal(1))
[Decimal('22'), Decimal('57')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from seonggwa.engine.catalogue import finding
from seonggwa.engine.cells import plain_decimal
from seonggwa.engine.findings import Finding
from seonggwa.engine.values import parse_number

__all__ = [
    "PeriodKey",
    "SeriesPoint",
    "check_cumulative",
    "series_point",
    "to_annual",
    "to_cumulative",
]

_KEY = re.compile(r"^(?P<year>\d{4})(?:-Q(?P<quarter>[1-4])|-(?P<month>0[1-9]|1[0-2]))?$")


@dataclass(frozen=True, slots=True, order=True)
class PeriodKey:
    """A year (``quarter`` and ``month`` 0), a quarter (1–4) or a month (1–12)."""

    year: int
    quarter: int = 0
    month: int = 0

    def __post_init__(self) -> None:
        if not 1990 <= self.year <= 2100 or not 0 <= self.quarter <= 4 or not 0 <= self.month <= 12:
            raise ValueError(f"not a period: {self.year} Q{self.quarter} M{self.month}")
        if self.quarter and self.month:
            raise ValueError("a period is a quarter or a month, not both")

    @classmethod
    def parse(cls, text: str) -> PeriodKey:
        """``2026``, ``2026-Q1`` or ``2026-03``; ValueError (in Korean) for anything else."""
        m = _KEY.match(text.strip())
        if m is None:
            raise ValueError(
                f"기간 '{text}'을(를) 읽을 수 없습니다. 2026, 2026-Q1, 2026-03 처럼 적으세요."
            )
        return cls(int(m["year"]), int(m["quarter"] or 0), int(m["month"] or 0))

    @property
    def frequency(self) -> str:
        return "quarter" if self.quarter else "month" if self.month else "year"

    def __str__(self) -> str:
        if self.quarter:
            return f"{self.year}-Q{self.quarter}"
        if self.month:
            return f"{self.year}-{self.month:02d}"
        return str(self.year)

    def label(self) -> str:
        """Korean: 2026년, 2026년 1분기, 2026년 3월."""
        if self.quarter:
            return f"{self.year}년 {self.quarter}분기"
        if self.month:
            return f"{self.year}년 {self.month}월"
        return f"{self.year}년"


def to_cumulative(
    annual: Sequence[Decimal | None], start: Decimal = Decimal(0)
) -> list[Decimal | None]:
    """Running totals; a missing year makes every later total missing (no data is not 0)."""
    out: list[Decimal | None] = []
    total: Decimal | None = start
    for value in annual:
        total = None if total is None or value is None else total + value
        out.append(total)
    return out


def to_annual(
    cumulative: Sequence[Decimal | None], start: Decimal = Decimal(0)
) -> list[Decimal | None]:
    """Increments from running totals (the inverse of :func:`to_cumulative`)."""
    out: list[Decimal | None] = []
    previous: Decimal | None = start
    for value in cumulative:
        out.append(None if previous is None or value is None else value - previous)
        previous = value
    return out


@dataclass(frozen=True, slots=True)
class SeriesPoint:
    """One period of a series as printed: ``a(b)`` is annual ``a`` and running total ``b``;
    a single figure has no annual part and counts as the running total."""

    label: str  # "2008"
    annual: Decimal | None
    cumulative: Decimal | None
    line: int | None = None


_PAIR = re.compile(r"^\s*(?P<a>[^()]+?)\s*\(\s*(?P<b>[^()]+?)\s*\)\s*$")


def series_point(label: str, raw: str, line: int | None = None) -> SeriesPoint:
    """Read one printed cell of a series (``21(22)``, ``-(57)``, ``11 (34개소)`` or ``35``).

    >>> series_point("2008", "21(22)")
    SeriesPoint(label='2008', annual=Decimal('21'), cumulative=Decimal('22'), line=None)
    >>> series_point("2007", "1,142").cumulative
    Decimal('1142')
    """
    m = _PAIR.match(raw)
    if m is not None:
        a = m.group("a").strip()
        annual = Decimal(0) if a == "-" else parse_number(a, plain=True)
        cumulative = parse_number(m.group("b"))
        if annual is not None and cumulative is not None:
            return SeriesPoint(label, annual, cumulative, line)
    return SeriesPoint(label, None, parse_number(raw, plain=True), line)


def check_cumulative(
    points: Sequence[SeriesPoint],
    *,
    indicator: str,
    unit: str | None = None,
    declared_cumulative: bool = False,
) -> list[Finding]:
    """R11: each running total equals the previous running total plus this period's annual
    figure. ``a(b)`` also means own(external), 10-point(100-point) and more (section 6), so
    a series counts as cumulative only when ``declared_cumulative`` (누계/누적 in its name or
    unit) or when at least one non-zero step adds up. The first break is reported (later
    ones follow from it); a period without figures skips its step.

    >>> pts = [series_point(y, v) for y, v in [("2007", "751"), ("2008", "411(1,142)")]]
    >>> [f.code for f in check_cumulative(pts, indicator="x", declared_cumulative=True)]
    ['series.cumulative_broken']
    """
    holds = 0
    breaks: list[tuple[SeriesPoint, Decimal]] = []
    previous: Decimal | None = None
    for point in points:
        if point.annual is not None and point.cumulative is not None and previous is not None:
            if previous + point.annual == point.cumulative:
                holds += 1 if point.annual != 0 else 0
            else:
                breaks.append((point, previous))
        previous = point.cumulative
    if not breaks or not (holds or declared_cumulative):
        return []
    point, before = breaks[0]
    assert point.annual is not None and point.cumulative is not None
    return [
        finding(
            "series.cumulative_broken",
            unit=unit,
            line=point.line,
            details={
                "period": point.label,
                "expected": plain_decimal(before + point.annual),
                "printed": plain_decimal(point.cumulative),
            },
            indicator=indicator,
            previous=plain_decimal(before),
            annual=plain_decimal(point.annual),
            cumulative=plain_decimal(point.cumulative),
        )
    ]
