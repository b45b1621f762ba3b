"""Periods: annual vs cumulative (누계) series and the R11 consistency rule.

cumulative(t) = cumulative(t−1) + annual(t).

>>> to_cumulative([Decimal(21), Decimal(35)], start=Decimal(1))
[Decimal('22'), Decimal('57')]
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from seonggwa.engine.findings import Finding, Severity
from seonggwa.engine.values import ParsedValue

__all__ = ["check_cumulative", "check_cumulative_pairs", "to_annual", "to_cumulative"]


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


def check_cumulative(
    annual: Sequence[Decimal | None],
    cumulative: Sequence[Decimal | None],
    *,
    labels: Sequence[str] | None = None,
    unit: str | None = None,
    line: int | None = None,
) -> list[Finding]:
    """R11: each cumulative value equals the previous cumulative plus this period's annual
    value. The first period has no predecessor and is not checked; gaps skip a check."""
    findings: list[Finding] = []
    names = list(labels) if labels is not None else [str(i + 1) for i in range(len(annual))]
    for t in range(1, min(len(annual), len(cumulative))):
        prev, inc, cum = cumulative[t - 1], annual[t], cumulative[t]
        if prev is None or inc is None or cum is None:
            continue
        if prev + inc != cum:
            findings.append(
                Finding(
                    Severity.WARNING,
                    "R11.cumulative",
                    f"누계가 맞지 않습니다: {names[t - 1]} 누계 {prev} + {names[t]} 실적 {inc} = "
                    f"{prev + inc}인데 {names[t]} 누계는 {cum}입니다. 원문을 확인하세요.",
                    unit=unit,
                    line=line,
                    details={"period": names[t], "expected": str(prev + inc), "stated": str(cum)},
                )
            )
    return findings


def check_cumulative_pairs(
    values: Sequence[ParsedValue],
    *,
    annual_part: str = "a",
    cumulative_part: str = "b",
    labels: Sequence[str] | None = None,
    unit: str | None = None,
    line: int | None = None,
) -> list[Finding]:
    """R11 on ``a(b)`` cells declared as annual(cumulative), e.g. ``21(22) 35(57)``."""

    def pick(v: ParsedValue, name: str) -> Decimal | None:
        p = v.part(name)
        return None if p is None else p.number

    return check_cumulative(
        [pick(v, annual_part) for v in values],
        [pick(v, cumulative_part) for v in values],
        labels=labels,
        unit=unit,
        line=line,
    )
