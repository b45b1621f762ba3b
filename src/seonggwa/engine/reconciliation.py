"""Reconciliation (R1–R5): what a table declares against what its rows add up to.

Each rule has this one implementation. Importers' validators, ``seonggwa check`` and the
report builders map their records onto these plain inputs; the checks return findings
(never raise) written from the catalogue (:mod:`seonggwa.engine.catalogue`).

* R1 :func:`check_total` — the 계 row is the column sum (rounded per row in 천원/백만원/억원);
* R2 :func:`check_change` — 비교증감 = amount − previous amount;
* R3 :func:`shares`, :func:`check_shares` — 비중 = amount ÷ Σ this table's amounts × 100;
* R4 :func:`check_structure_counts` — the 총괄 counts against the detail table;
* R5 :func:`count_grades`, :func:`check_status_sum`, :func:`check_grade_counts` — marks per band.

>>> shares({"복지정책실": Decimal("7960420"), "나머지": Decimal("22005014")})["복지정책실"].text
'26.57'
>>> [f.code for f in check_change(unit="대변인", current=1523, previous=1621, stated=-98,
...     stated_text="-98", money_unit=MoneyUnit.MILLION_WON)]
[]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from seonggwa.engine.catalogue import finding
from seonggwa.engine.cells import Cell, CellStatus, Explanation
from seonggwa.engine.findings import Finding
from seonggwa.engine.grading import PERFORMANCE_REPORT, GradingScheme
from seonggwa.engine.rounding import round_half_up
from seonggwa.engine.values import parse_number

__all__ = [
    "STRUCTURE_LABELS",
    "GradeCounts",
    "MarkedIndicator",
    "MoneyUnit",
    "PrintedShare",
    "check_change",
    "check_grade_counts",
    "check_shares",
    "check_status_sum",
    "check_structure_counts",
    "check_total",
    "count_grades",
    "shares",
]

HUNDRED = Decimal(100)
Number = Decimal | int


class MoneyUnit(StrEnum):
    """The unit money is printed in. Reports print exact 원; plans round each row to
    천원, 백만원 or 억원, so their totals may differ from the row sums by rounding (R1, R2)."""

    WON = "원"
    THOUSAND_WON = "천원"
    MILLION_WON = "백만원"
    HUNDRED_MILLION_WON = "억원"

    @property
    def rounded_per_row(self) -> bool:
        return self is not MoneyUnit.WON

    @classmethod
    def from_text(cls, text: str) -> MoneyUnit | None:
        """The unit of a "(단위: …)" line's money word; None when unknown or empty."""
        key = "".join(text.split())
        return next((u for u in cls if u.value == key), None)


def _n(value: Number) -> str:
    return f"{value:,}"


def _gap(value: Number) -> str:
    return f"{value:+,}"


# ---------------------------------------------------------------- R1 totals ---------------


def check_total(
    *,
    label: str,
    stated: Number | None,
    stated_text: str,
    values: Sequence[Number | None],
    money_unit: MoneyUnit | None = None,
    column: str = "",
    unit: str = "계",
    line: int | None = None,
) -> list[Finding]:
    """R1: the 계 row's figure equals the sum of the unit rows. Counts and 원 must match
    exactly; money rounded per row (천원, 백만원, 억원) may differ by at most the number of
    rows (info). A blank total or a blank row cell cannot be checked and is skipped.

    >>> [f.code for f in check_total(label="예산액", stated=100, stated_text="100",
    ...     values=[10, 20, 30], money_unit=MoneyUnit.MILLION_WON)]
    ['summary.total_mismatch']
    """
    if stated is None or any(v is None for v in values):
        return []
    computed = sum((Decimal(v) for v in values if v is not None), Decimal(0))
    gap = Decimal(stated) - computed
    if gap == 0:
        return []
    rows = len(values)
    rounding = money_unit is not None and money_unit.rounded_per_row and abs(gap) <= rows
    details = {"column": column, "printed": str(stated), "computed": str(computed)}
    return [
        finding(
            "summary.total_rounding" if rounding else "summary.total_mismatch",
            unit=unit,
            line=line,
            details=details,
            label=label,
            printed=stated_text,
            rows=rows,
            computed=_n(computed),
            gap=_gap(gap),
            money_unit=money_unit.value if money_unit is not None else "",
        )
    ]


# ---------------------------------------------------------------- R2 change ---------------


def check_change(
    *,
    unit: str,
    current: Number | None,
    previous: Number | None,
    stated: Number | None,
    stated_text: str,
    money_unit: MoneyUnit | None = None,
    label: str = "예산액",
    previous_label: str = "전년도예산액",
    line: int | None = None,
) -> list[Finding]:
    """R2: 비교증감 = current − previous; a gap of ±1 is rounding where money is rounded per
    row (info), otherwise an error. 원 must be exact."""
    if current is None or previous is None or stated is None:
        return []
    expected = Decimal(current) - Decimal(previous)
    gap = Decimal(stated) - expected
    if gap == 0:
        return []
    rounding = money_unit is not None and money_unit.rounded_per_row and abs(gap) <= 1
    return [
        finding(
            "summary.change_rounding" if rounding else "summary.change_mismatch",
            unit=unit,
            line=line,
            details={"printed": str(stated), "computed": str(expected)},
            printed=stated_text,
            label=label,
            previous_label=previous_label,
            computed=_n(expected),
            gap=_gap(gap),
            money_unit=money_unit.value if money_unit is not None else "",
        )
    ]


# ---------------------------------------------------------------- R3 shares ---------------


def shares(amounts: Mapping[str, Decimal | int], places: int = 2) -> dict[str, Cell]:
    """R3: each amount ÷ the sum of this table's own amounts × 100, half-up to ``places``.
    This is the one place a share (비중) is computed."""
    total = sum((Decimal(v) for v in amounts.values()), Decimal(0))
    out: dict[str, Cell] = {}
    for key, amount in amounts.items():
        explanation = Explanation(
            formula="금액 ÷ 표의 금액 합계 × 100",
            inputs={"금액": str(amount), "합계": str(total)},
            rule=f"R3 half-up {places}",
        )
        if total == 0:
            out[key] = Cell(None, "-", CellStatus.ERROR, explanation)
            continue
        value = round_half_up(Decimal(amount) * HUNDRED / total, places)
        out[key] = Cell(value, f"{value}", CellStatus.OK, explanation)
    return out


@dataclass(frozen=True, slots=True)
class PrintedShare:
    """One detail amount of a table with the share printed beside it."""

    key: str  # unique within the table
    owner: str  # the unit as printed in the detail table (for the message)
    unit: str  # the unit's name in the summary table (the finding's unit)
    amount: Number | None  # None: no amount printed (left out of the denominator)
    printed: str | None  # the share as printed, None when not printed
    line: int | None = None  # line of the printed share


def check_shares(rows: Sequence[PrintedShare], *, places: int = 2) -> list[Finding]:
    """R3: each printed share against amount ÷ Σ amounts × 100. A share printed with fewer
    decimals is right when it is the computed share rounded to that many ("2" for 2.20)."""
    amounts = {r.key: r.amount for r in rows if r.amount is not None}
    computed = shares(amounts, places)
    denominator = sum((Decimal(a) for a in amounts.values()), Decimal(0))
    incomplete = [r.owner for r in rows if r.amount is None]
    out: list[Finding] = []
    for row in rows:
        if row.printed is None or row.amount is None or denominator == 0:
            continue
        printed = parse_number(row.printed.rstrip().removesuffix("%"), plain=True)
        if printed is None:
            out.append(
                finding(
                    "detail.share_not_number",
                    unit=row.unit,
                    line=row.line,
                    owner=row.owner,
                    raw=row.printed,
                )
            )
            continue
        exact = Decimal(row.amount) * HUNDRED / denominator
        shown = max(0, -int(printed.as_tuple().exponent))
        if round_half_up(exact, min(shown, places)) == printed:
            continue
        value = computed[row.key].value
        out.append(
            finding(
                "detail.share_mismatch",
                unit=row.unit,
                line=row.line,
                details={
                    "printed": str(printed),
                    "computed": str(value),
                    "denominator": str(denominator),
                },
                owner=row.owner,
                printed=printed,
                computed=value,
                amount=_n(row.amount),
                denominator=_n(denominator),
                incomplete=(
                    f"; 금액이 없는 실국({', '.join(incomplete)})은 합계에서 빠졌습니다"
                    if incomplete
                    else ""
                ),
            )
        )
    return out


# ---------------------------------------------------------------- R4 structure -------------


def _compare(
    stated: Mapping[str, int | None], computed: Mapping[str, int], labels: Mapping[str, str]
) -> tuple[list[str], dict[str, str]]:
    """The differing columns ("지표수 22 → 세부표 20", stated ones only) and the details
    ``declared`` / ``computed`` ("1/14/22") of a count comparison."""
    diffs = [
        f"{label} {stated.get(key)} → 세부표 {computed.get(key, 0)}"
        for key, label in labels.items()
        if stated.get(key) is not None and stated.get(key) != computed.get(key, 0)
    ]
    details = {
        "declared": "/".join(str(stated.get(k)) for k in labels),
        "computed": "/".join(str(computed.get(k, 0)) for k in labels),
    }
    return diffs, details


STRUCTURE_LABELS = {
    "strategic_goals": "전략목표수",
    "policy_goals": "정책사업목표 개수",
    "indicators": "지표수",
}


def check_structure_counts(
    *,
    unit: str,
    stated: Mapping[str, int | None],
    computed: Mapping[str, int] | None,
    line: int | None = None,
    detail_lines: tuple[int, int] = (0, 0),
) -> list[Finding]:
    """R4: the 총괄 counts of strategic goals, policy goals and indicators against the
    detail table's. ``computed`` is None when the detail table has no rows for the unit
    (then any declared goal or indicator is a finding). Flags, never fixes.

    >>> [f.code for f in check_structure_counts(unit="x", stated={"indicators": 22},
    ...     computed={"indicators": 20})]
    ['detail.count_mismatch']
    """
    if computed is None:
        if any(stated.get(k) for k in STRUCTURE_LABELS):
            return [
                finding(
                    "detail.unit_without_rows",
                    unit=unit,
                    line=line,
                    details={
                        "declared": "/".join(str(stated.get(k)) for k in STRUCTURE_LABELS),
                        "computed": "0/0/0",
                    },
                )
            ]
        return []
    diffs, details = _compare(stated, computed, STRUCTURE_LABELS)
    if not diffs:
        return []
    first, last = detail_lines
    return [
        finding(
            "detail.count_mismatch",
            unit=unit,
            line=line,
            details={**details, "detail_lines": f"{first}-{last}"},
            first=first,
            last=last,
            diffs="; ".join(diffs),
        )
    ]


# ---------------------------------------------------------------- R5 grade counts ---------


@dataclass(frozen=True, slots=True)
class GradeCounts:
    counts: dict[str, int]  # per band code, "-" already folded into its bucket
    not_rated: int  # how many of those were "-"
    missing: int  # rows with no mark at all
    unknown: tuple[str, ...] = ()  # marks the scheme does not know

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def count_grades(
    marks: Iterable[str | None],
    scheme: GradingScheme = PERFORMANCE_REPORT,
    *,
    not_rated_bucket: str | None = None,
) -> GradeCounts:
    """R5: marks per band; "-" goes to ``not_rated_bucket`` (default: the scheme's, which
    for the performance report is 미달성). Empty marks are counted as missing. This is the
    one place a mark becomes a count.

    >>> count_grades(["◎", "○", "×", "-", None]).counts
    {'exceeded': 1, 'achieved': 1, 'not_achieved': 2}
    """
    bucket = not_rated_bucket or scheme.not_rated_bucket
    counts = {b.code: 0 for b in scheme.bands}
    counts.setdefault(bucket, 0)
    not_rated = missing = 0
    unknown: list[str] = []
    for mark in marks:
        if mark is None or not mark.strip():
            missing += 1
            continue
        band = scheme.band_for_mark(mark)
        if band is None:
            unknown.append(mark)
        elif band is scheme.not_rated:
            not_rated += 1
            counts[bucket] += 1
        else:
            counts[band.code] += 1
    return GradeCounts(counts, not_rated, missing, tuple(unknown))


def check_status_sum(
    *, unit: str, indicators: int | None, parts: Sequence[int | None], line: int | None = None
) -> list[Finding]:
    """R5: a summary row's 지표수 = 초과달성 + 달성 + 미달성."""
    if indicators is None or any(p is None for p in parts):
        return []
    computed = sum(p for p in parts if p is not None)
    if computed == indicators:
        return []
    return [
        finding(
            "summary.status_sum_mismatch",
            unit=unit,
            line=line,
            details={"printed": str(indicators), "computed": str(computed)},
            printed=indicators,
            computed=computed,
        )
    ]


@dataclass(frozen=True, slots=True)
class MarkedIndicator:
    """An indicator row of a report's detail table with the mark printed beside it."""

    name: str
    mark: str | None  # ◎ ○ × -; None when the mark cell is empty or missing
    line: int | None = None
    cell: str = "빈 칸"  # what the mark cell held, for the message


def check_grade_counts(
    *,
    unit: str,
    stated: Mapping[str, int | None] | None,
    indicators: Sequence[MarkedIndicator],
    scheme: GradingScheme = PERFORMANCE_REPORT,
    not_rated_bucket: str | None = None,
    line: int | None = None,
) -> list[Finding]:
    """R5: the marks of a unit's detail rows reproduce the 총괄 status columns (``stated``
    per band code; None when the unit has no summary row).

    Every row without a mark is a finding. When the summary counts account for exactly the
    missing marks and one mark is missing, the finding suggests it (``details["suggested"]``)
    — it is never filled in. Otherwise differing counts are one finding for the unit.
    """
    bands = [b.code for b in scheme.bands]
    got = count_grades((i.mark for i in indicators), scheme, not_rated_bucket=not_rated_bucket)
    computed = got.counts
    out: list[Finding] = []
    for ind in indicators:
        if ind.mark is not None and ind.mark.strip() and scheme.band_for_mark(ind.mark) is None:
            out.append(
                finding(
                    "detail.mark_unknown",
                    unit=unit,
                    line=ind.line,
                    indicator=ind.name,
                    mark=ind.mark,
                    marks=" ".join(b.mark for b in (*scheme.bands, scheme.not_rated)),
                )
            )
    missing = [i for i in indicators if i.mark is None or not i.mark.strip()]
    declared = {k: stated.get(k) for k in bands} if stated is not None else {}
    short = {k: (v or 0) - computed.get(k, 0) for k, v in declared.items() if v is not None}
    explained = (
        bool(short) and all(v >= 0 for v in short.values()) and sum(short.values()) == len(missing)
    )
    suggested = ""
    if len(missing) == 1 and explained:
        suggested = next(k for k, v in short.items() if v == 1)
    for ind in missing:
        band = scheme.band(suggested) if suggested else None
        hint = (
            f" 총괄표 개수로 보면 '{band.mark}'({band.label})일 수 있으나 자동으로 넣지 않았습니다."
            if band is not None
            else ""
        )
        out.append(
            finding(
                "detail.mark_missing",
                unit=unit,
                line=ind.line,
                details={"suggested": band.mark} if band is not None else {},
                indicator=ind.name,
                cell=ind.cell,
                hint=hint,
            )
        )
    if stated is None or not short or all(v == 0 for v in short.values()) or explained:
        return out
    diffs, details = _compare(declared, computed, {k: scheme.band(k).label for k in bands})
    out.append(
        finding(
            "detail.status_count_mismatch",
            unit=unit,
            line=line,
            details=details,
            diffs="; ".join(diffs),
        )
    )
    return out
