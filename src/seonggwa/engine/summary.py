"""Summary tables: counts, totals, changes, shares, grade counts, means, roll-ups (R1–R5,
R13, R15, R17). Importers' validators and report builders call these; checks return
:class:`Finding` lists and never raise on bad data.

>>> shares({"복지정책실": Decimal("7960420"), "나머지": Decimal("22005014")})["복지정책실"].text
'26.57'
>>> mean([Decimal("82.83"), Decimal("87.62")], places=2).text
'85.23'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from seonggwa.engine.cells import Cell, CellStatus, Explanation
from seonggwa.engine.findings import Finding, Severity
from seonggwa.engine.grading import PERFORMANCE_REPORT, GradingScheme
from seonggwa.engine.rounding import round_half_up

__all__ = [
    "GradeCounts",
    "IndicatorRow",
    "MoneyUnit",
    "UnitSummary",
    "check_change",
    "check_grade_counts",
    "check_shares",
    "check_structure_counts",
    "check_total",
    "count_grades",
    "count_structure",
    "mean",
    "mean_of_means",
    "rollup",
    "share_meeting_target",
    "shares",
]

HUNDRED = Decimal(100)
Number = Decimal | int


class MoneyUnit(StrEnum):
    WON = "원"  # reports: exact
    MILLION_WON = "백만원"  # plans: each row rounded separately


def _fmt(value: Number) -> str:
    return f"{value:,}"


# ---------------------------------------------------------------- R1 totals ---------------


def check_total(
    column: str,
    stated_total: Number | None,
    values: Sequence[Number | None],
    *,
    money_unit: MoneyUnit | None = None,
    unit: str | None = None,
    line: int | None = None,
) -> list[Finding]:
    """R1: the "계" row equals the column sum. Counts and 원 must match exactly; in 백만원
    a gap no larger than the number of rows is rounding (info), a larger one an error."""
    if stated_total is None:
        return [
            Finding(
                Severity.WARNING,
                "R1.total_missing",
                f"'{column}' 열의 합계(계)가 비어 있습니다.",
                unit=unit,
                line=line,
            )
        ]
    computed = sum((Decimal(v) for v in values if v is not None), Decimal(0))
    gap = Decimal(stated_total) - computed
    if gap == 0:
        return []
    details = {
        "column": column,
        "stated": str(stated_total),
        "computed": str(computed),
        "gap": str(gap),
    }
    rows = sum(1 for v in values if v is not None)
    if money_unit is MoneyUnit.MILLION_WON and abs(gap) <= rows:
        return [
            Finding(
                Severity.INFO,
                "R1.total_rounding",
                f"'{column}' 합계 {_fmt(Decimal(stated_total))}와 행 합계 {_fmt(computed)}의 차이 "
                f"{gap}는 백만원 단위 행별 반올림 허용 범위(±{rows}) 안입니다.",
                unit=unit,
                line=line,
                details=details,
            )
        ]
    return [
        Finding(
            Severity.ERROR,
            "R1.total",
            f"'{column}' 합계 {_fmt(Decimal(stated_total))}가 행 합계 {_fmt(computed)}와 {gap}만큼 "
            "다릅니다. 합계행 또는 각 행의 값을 확인하세요.",
            unit=unit,
            line=line,
            details=details,
        )
    ]


# ---------------------------------------------------------------- R2 change ---------------


def check_change(
    current: Number | None,
    previous: Number | None,
    stated_change: Number | None,
    *,
    money_unit: MoneyUnit = MoneyUnit.MILLION_WON,
    unit: str | None = None,
    line: int | None = None,
) -> list[Finding]:
    """R2: 비교증감 = current − previous; ±1 is rounding in 백만원 (info), exact in 원."""
    if current is None or previous is None or stated_change is None:
        return []
    expected = Decimal(current) - Decimal(previous)
    gap = Decimal(stated_change) - expected
    if gap == 0:
        return []
    details = {"expected": str(expected), "stated": str(stated_change), "gap": str(gap)}
    if money_unit is MoneyUnit.MILLION_WON and abs(gap) <= 1:
        return [
            Finding(
                Severity.INFO,
                "R2.change_rounding",
                f"비교증감 {_fmt(Decimal(stated_change))}는 계산값 {_fmt(expected)}과 1 차이로, "
                "백만원 단위 반올림으로 봅니다.",
                unit=unit,
                line=line,
                details=details,
            )
        ]
    return [
        Finding(
            Severity.ERROR,
            "R2.change",
            f"비교증감 {_fmt(Decimal(stated_change))}가 {_fmt(Decimal(current))} − "
            f"{_fmt(Decimal(previous))} = {_fmt(expected)}와 다릅니다.",
            unit=unit,
            line=line,
            details=details,
        )
    ]


# ---------------------------------------------------------------- R3 shares ---------------


def shares(amounts: Mapping[str, Decimal | int], places: int = 2) -> dict[str, Cell]:
    """R3: each amount ÷ the sum of this table's own amounts × 100, half-up to ``places``."""
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


def check_shares(
    amounts: Mapping[str, Decimal | int],
    stated: Mapping[str, Decimal | None],
    *,
    places: int = 2,
    line: int | None = None,
) -> list[Finding]:
    """R3: stated shares against recomputed ones. A share printed with fewer decimals but
    the same value ("2" for 2.20, A20) is info; a different value is an error."""
    findings: list[Finding] = []
    computed = shares(amounts, places)
    for key, value in stated.items():
        cell = computed.get(key)
        if value is None or cell is None or not isinstance(cell.value, Decimal):
            continue
        exponent = value.as_tuple().exponent
        stated_places = -exponent if isinstance(exponent, int) else places
        if value == cell.value:
            if stated_places != places:
                findings.append(
                    Finding(
                        Severity.INFO,
                        "R3.share_precision",
                        f"비중 {value}는 소수 {places}자리({cell.value})로 표기해야 합니다.",
                        unit=key,
                        line=line,
                    )
                )
            continue
        if stated_places < places and round_half_up(cell.value, stated_places) == value:
            findings.append(
                Finding(
                    Severity.INFO,
                    "R3.share_precision",
                    f"비중 {value}는 계산값 {cell.value}를 덜 자세히 적은 것입니다.",
                    unit=key,
                    line=line,
                )
            )
            continue
        findings.append(
            Finding(
                Severity.ERROR,
                "R3.share",
                f"비중 {value}가 계산값 {cell.value}(= {cell.explanation.inputs['금액'] if cell.explanation else ''}"
                f" ÷ {cell.explanation.inputs['합계'] if cell.explanation else ''} × 100)와 다릅니다.",
                unit=key,
                line=line,
                details={"stated": str(value), "computed": str(cell.value)},
            )
        )
    return findings


# ---------------------------------------------------------------- R4 structure -------------


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    """One indicator row of a detail table, already deduplicated (A4)."""

    unit: str
    strategic_goal: str
    policy_goal: str
    indicator: str
    unit_program: str | None = None


@dataclass(frozen=True, slots=True)
class UnitSummary:
    """One row of a summary table (a unit, or a roll-up of units)."""

    name: str
    strategic_goals: int = 0
    policy_goals: int = 0
    indicators: int = 0
    unit_programs: int = 0
    grade_counts: dict[str, int] = field(default_factory=dict)
    budget: Decimal = Decimal(0)
    previous_budget: Decimal = Decimal(0)
    settlement: Decimal = Decimal(0)
    previous_settlement: Decimal = Decimal(0)

    @property
    def budget_change(self) -> Decimal:
        return self.budget - self.previous_budget

    @property
    def settlement_change(self) -> Decimal:
        return self.settlement - self.previous_settlement


def _key(text: str) -> str:
    return "".join(text.split())


def count_structure(rows: Iterable[IndicatorRow]) -> dict[str, UnitSummary]:
    """R4 per unit: distinct strategic goals, distinct policy goals, indicator rows and
    distinct unit programs (text compared without whitespace, A9)."""
    goals: dict[str, set[str]] = {}
    policies: dict[str, set[tuple[str, str]]] = {}
    programs: dict[str, set[str]] = {}
    indicators: Counter[str] = Counter()
    for row in rows:
        goals.setdefault(row.unit, set()).add(_key(row.strategic_goal))
        policies.setdefault(row.unit, set()).add((_key(row.strategic_goal), _key(row.policy_goal)))
        if row.unit_program:
            programs.setdefault(row.unit, set()).add(_key(row.unit_program))
        indicators[row.unit] += 1
    return {
        unit: UnitSummary(
            name=unit,
            strategic_goals=len(goals[unit]),
            policy_goals=len({p for _, p in policies[unit]}),
            indicators=indicators[unit],
            unit_programs=len(programs.get(unit, set())),
        )
        for unit in indicators
    }


def check_structure_counts(
    stated: UnitSummary, computed: UnitSummary, *, line: int | None = None
) -> list[Finding]:
    """R4: stated goal/indicator counts against the detail table; flags, never fixes."""
    findings: list[Finding] = []
    for attr, label in (
        ("strategic_goals", "전략목표수"),
        ("policy_goals", "정책사업목표 개수"),
        ("indicators", "지표수"),
    ):
        s, c = getattr(stated, attr), getattr(computed, attr)
        if s != c:
            findings.append(
                Finding(
                    Severity.WARNING,
                    "R4.counts",
                    f"{stated.name}: 총괄표의 {label} {s}와 상세표에서 센 {c}가 다릅니다.",
                    unit=stated.name,
                    line=line,
                    details={"column": attr, "stated": str(s), "computed": str(c)},
                )
            )
    return findings


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
    """Count marks per band; "-" goes to ``not_rated_bucket`` (default: the scheme's, which
    for the performance report is 미달성, R5). Empty marks are counted as missing."""
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


def check_grade_counts(
    unit: str,
    stated_indicators: int,
    stated: Mapping[str, int],
    marks: Sequence[str | None],
    *,
    scheme: GradingScheme = PERFORMANCE_REPORT,
    not_rated_bucket: str | None = None,
    line: int | None = None,
) -> list[Finding]:
    """R5: 지표수 = Σ status columns; the detail marks reproduce each column. A row without
    a mark is a finding; if exactly one column is one short, the finding suggests it (the
    caller applies it only after review)."""
    findings: list[Finding] = []
    column_sum = sum(stated.values())
    if column_sum != stated_indicators:
        findings.append(
            Finding(
                Severity.ERROR,
                "R5.total",
                f"{unit}: 지표수 {stated_indicators}가 달성도 열의 합 {column_sum}과 다릅니다.",
                unit=unit,
                line=line,
            )
        )
    got = count_grades(marks, scheme, not_rated_bucket=not_rated_bucket)
    for mark in got.unknown:
        findings.append(
            Finding(
                Severity.ERROR,
                "R5.unknown_mark",
                f"{unit}: 알 수 없는 표시 '{mark}'.",
                unit=unit,
                line=line,
            )
        )
    short = {
        code: stated.get(code, 0) - got.counts.get(code, 0)
        for code in set(stated) | set(got.counts)
    }
    if got.missing:
        suggestion = ""
        shortfalls = [c for c, d in short.items() if d != 0]
        if got.missing == 1 and len(shortfalls) == 1 and short[shortfalls[0]] == 1:
            band = scheme.band(shortfalls[0])
            suggestion = f" 총괄표 수치로 보면 '{band.mark}'({band.label})일 가능성이 있습니다(검토 후 적용)."
        findings.append(
            Finding(
                Severity.WARNING,
                "R5.missing_mark",
                f"{unit}: 달성도 표시가 없는 지표가 {got.missing}개 있습니다.{suggestion}",
                unit=unit,
                line=line,
                details={"suggested": shortfalls[0]} if suggestion else {},
            )
        )
        return findings
    for code, diff in sorted(short.items()):
        if diff:
            findings.append(
                Finding(
                    Severity.ERROR,
                    "R5.counts",
                    f"{unit}: 총괄표의 {scheme.band(code).label} {stated.get(code, 0)}개와 상세표 표시 "
                    f"{got.counts.get(code, 0)}개가 다릅니다.",
                    unit=unit,
                    line=line,
                    details={"band": code, "stated": str(stated.get(code, 0))},
                )
            )
    return findings


# ---------------------------------------------------------------- roll-ups ----------------


def rollup(name: str, units: Iterable[UnitSummary]) -> UnitSummary:
    """Sum unit rows into one row (an organisation, or the "계" row). Associative, so a
    roll-up of roll-ups equals the roll-up of all units."""
    items = list(units)
    grades: Counter[str] = Counter()
    for u in items:
        grades.update(u.grade_counts)
    return UnitSummary(
        name=name,
        strategic_goals=sum(u.strategic_goals for u in items),
        policy_goals=sum(u.policy_goals for u in items),
        indicators=sum(u.indicators for u in items),
        unit_programs=sum(u.unit_programs for u in items),
        grade_counts=dict(grades),
        budget=sum((u.budget for u in items), Decimal(0)),
        previous_budget=sum((u.previous_budget for u in items), Decimal(0)),
        settlement=sum((u.settlement for u in items), Decimal(0)),
        previous_settlement=sum((u.previous_settlement for u in items), Decimal(0)),
    )


# ---------------------------------------------------------------- means, shares -----------


def mean(
    values: Iterable[Decimal | None], places: int | None = None, *, label: str = "평균"
) -> Cell:
    """Arithmetic mean of the present values (None = excluded, never 0); half-up to
    ``places`` for the value when given (consignment averages: 2)."""
    items = list(values)
    present = [v for v in items if v is not None]
    excluded = len(items) - len(present)
    if not present:
        return Cell.missing(CellStatus.NO_DATA, f"{label}: 값이 없습니다.")
    total = sum(present, Decimal(0))
    exact = total / len(present)
    value = exact if places is None else round_half_up(exact, places)
    inputs = {"합계": str(total), "개수": str(len(present))}
    if excluded:
        inputs["제외"] = str(excluded)
    return Cell(
        value,
        str(value),
        CellStatus.OK,
        Explanation(
            formula=f"{label} = Σ값 ÷ 개수",
            inputs=inputs,
            rule="half-up" if places is not None else "",
        ),
    )


def mean_of_means(
    groups: Mapping[str, Sequence[Decimal | None]], places: int = 1
) -> tuple[dict[str, Cell], Cell]:
    """R13: each group's mean, and the overall value as the mean of the group means (not
    the pooled mean). Group means enter the overall mean unrounded; both are shown
    half-up to ``places``."""
    cells: dict[str, Cell] = {}
    exact: dict[str, Decimal] = {}
    for name, values in groups.items():
        cell = mean(values, label=f"{name} 평균")
        if isinstance(cell.value, Decimal):
            exact[name] = cell.value
            shown = round_half_up(cell.value, places)
            cells[name] = Cell(shown, str(shown), CellStatus.OK, cell.explanation)
        else:
            cells[name] = cell
    if not exact:
        return cells, Cell.missing(CellStatus.NO_DATA, "전체: 값이 없습니다.")
    overall = sum(exact.values(), Decimal(0)) / len(exact)
    shown = round_half_up(overall, places)
    return cells, Cell(
        shown,
        str(shown),
        CellStatus.OK,
        Explanation(
            formula="전체 = 분야별 평균의 평균",
            inputs={k: str(round_half_up(v, 4).normalize()) for k, v in exact.items()},
            rule="R13 mean of means, half-up",
        ),
    )


def share_meeting_target(results: Iterable[bool | None], places: int = 1) -> Cell:
    """R17: met ÷ applicable × 100; ``None`` marks an indicator that does not apply to the
    region (부분평가), so denominators differ by region."""
    applicable = [r for r in results if r is not None]
    if not applicable:
        return Cell.missing(CellStatus.NOT_EVALUATED, "해당 지표가 없습니다.")
    met = sum(1 for r in applicable if r)
    value = round_half_up(Decimal(met) * HUNDRED / len(applicable), places)
    return Cell(
        value,
        f"{value}%",
        CellStatus.OK,
        Explanation(
            formula="목표 달성 지표 수 ÷ 해당 지표 수 × 100",
            inputs={"달성": str(met), "해당": str(len(applicable))},
            rule="R17",
        ),
    )
