"""Weighted scores (R9, R10): indicator score from achievement, owner and perspective
scores as weighted means, and the weight-sum checks (findings, never exceptions).

>>> items = [WeightedItem("a", Decimal(60), Decimal(100)), WeightedItem("b", Decimal(40), Decimal(50))]
>>> weighted_score(items).text
'80.00'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from seonggwa.engine.achievement import Achievement
from seonggwa.engine.catalogue import finding
from seonggwa.engine.cells import Cell, CellStatus, Explanation, plain_decimal
from seonggwa.engine.findings import Finding
from seonggwa.engine.rounding import round_half_up
from seonggwa.engine.values import parse_number

__all__ = [
    "DEFAULT_SCORE_RULE",
    "DeclaredWeight",
    "MissingPolicy",
    "ScoreRule",
    "TotalRow",
    "WeightRow",
    "WeightedItem",
    "check_weights",
    "indicator_score",
    "perspective_scores",
    "weighted_score",
]

ZERO = Decimal(0)
HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class ScoreRule:
    """Achievement (%) -> indicator score (0–100). Linear by default: the capped rate,
    half-up to ``places``; with ``steps`` ((minimum rate, score), highest first) a step
    function instead."""

    name: str = "linear"
    version: int = 1
    cap: Decimal = HUNDRED
    floor: Decimal = ZERO
    places: int = 2
    steps: tuple[tuple[Decimal, Decimal], ...] = ()

    @property
    def tag(self) -> str:
        return f"score {self.name} v{self.version}"


DEFAULT_SCORE_RULE = ScoreRule()


def indicator_score(
    achievement: Achievement | Decimal | None, rule: ScoreRule = DEFAULT_SCORE_RULE
) -> Cell:
    """Score of one indicator; statuses other than OK pass through (no data is not 0)."""
    if isinstance(achievement, Achievement):
        if not achievement.ok or achievement.rate is None:
            return Cell(None, "-", achievement.status, achievement.explanation)
        rate = achievement.rate
    elif achievement is None:
        return Cell.missing(CellStatus.NO_DATA, "달성률이 없습니다.")
    else:
        rate = achievement
    if rule.steps:
        score = next((s for lower, s in rule.steps if rate >= lower), rule.floor)
        formula = "구간별 점수(달성률)"
    else:
        score = min(max(rate, rule.floor), rule.cap)
        formula = f"min(max(달성률, {rule.floor}), {rule.cap})"
    score = round_half_up(score, rule.places)
    return Cell(
        score,
        str(score),
        CellStatus.OK,
        Explanation(formula=formula, inputs={"달성률": plain_decimal(rate)}, rule=rule.tag),
    )


class MissingPolicy(StrEnum):
    EXCLUDE = "exclude"  # leave unscored items out of numerator and denominator
    ZERO = "zero"  # count them as 0 (weight stays in the denominator)


@dataclass(frozen=True, slots=True)
class WeightedItem:
    key: str
    weight: Decimal | None
    score: Decimal | Cell | None
    perspective: str = ""

    def score_value(self) -> Decimal | None:
        if isinstance(self.score, Cell):
            return (
                self.score.value
                if isinstance(self.score.value, Decimal) and self.score.ok
                else None
            )
        return self.score


def weighted_score(
    items: Sequence[WeightedItem],
    *,
    places: int = 2,
    missing: MissingPolicy = MissingPolicy.EXCLUDE,
    label: str = "점수",
) -> Cell:
    """Σ weight × score ÷ Σ weight, half-up to ``places``. Items without a weight are left
    out (and flagged by :func:`check_weights`); unscored items follow ``missing``."""
    numerator = ZERO
    denominator = ZERO
    left_out: list[str] = []
    for item in items:
        score = item.score_value()
        if item.weight is None:
            left_out.append(item.key)
            continue
        if score is None:
            if missing is MissingPolicy.EXCLUDE:
                left_out.append(item.key)
                continue
            score = ZERO
        numerator += item.weight * score
        denominator += item.weight
    inputs = {"Σ가중치×점수": str(numerator), "Σ가중치": str(denominator)}
    if left_out:
        inputs["제외"] = ", ".join(left_out)
    explanation = Explanation(
        formula=f"{label} = Σ(가중치 × 점수) ÷ Σ가중치",
        inputs=inputs,
        rule=f"R9 missing={missing.value} half-up {places}",
    )
    if denominator == 0:
        return Cell(None, "-", CellStatus.NO_DATA, explanation)
    value = round_half_up(numerator / denominator, places)
    return Cell(value, str(value), CellStatus.OK, explanation)


def perspective_scores(
    items: Sequence[WeightedItem],
    *,
    places: int = 2,
    missing: MissingPolicy = MissingPolicy.EXCLUDE,
) -> dict[str, Cell]:
    """Weighted score per perspective (관점 subtotals), in first-seen order."""
    groups: dict[str, list[WeightedItem]] = {}
    for item in items:
        groups.setdefault(item.perspective, []).append(item)
    return {
        name: weighted_score(group, places=places, missing=missing, label=f"{name or '관점'} 점수")
        for name, group in groups.items()
    }


@dataclass(frozen=True, slots=True)
class WeightRow:
    """An indicator's weight as a plan prints it."""

    indicator: str
    weight: Decimal | None  # None when not printed or not a number
    line: int | None = None
    perspective: str = ""  # matching key of the indicator's perspective
    printed: bool = True  # False: the weight cell was cut off or empty (A7)


@dataclass(frozen=True, slots=True)
class DeclaredWeight:
    """A perspective with the weight its sheet declares for it ("정책 성과 (60)")."""

    name: str  # as printed
    key: str  # matching key (indicators name their perspective by it)
    weight: Decimal | None  # None when not declared or not a number
    line: int | None = None
    again: tuple[Decimal, ...] = ()  # the same perspective declared again later (A20)


@dataclass(frozen=True, slots=True)
class TotalRow:
    """The printed "가중치 합계" row of a 2020 BSC block: its text ("" when blank)."""

    text: str
    line: int | None = None


def check_weights(
    rows: Sequence[WeightRow],
    *,
    owner: str,
    line: int | None = None,
    perspectives: Sequence[DeclaredWeight] = (),
    total_row: TotalRow | None = None,
    expects_total_row: bool = False,
    expected: Decimal = HUNDRED,
) -> list[Finding]:
    """R9/R10 for one owner: every indicator has a weight; the weights sum to ``expected``
    (or, where the plan prints a "가중치 합계", to that total, R9); when every perspective
    declares a weight, those sum to ``expected``; and the weights inside a perspective sum
    to its declared weight (or to a weight it is declared with again, A20).

    >>> rows = [WeightRow("a", Decimal(60)), WeightRow("b", Decimal(30))]
    >>> [f.code for f in check_weights(rows, owner="x")]
    ['weights.sum']
    """
    if not rows:
        return []
    out: list[Finding] = []
    total = sum((r.weight for r in rows if r.weight is not None), ZERO)
    lost = [r for r in rows if not r.printed]
    for row in lost:
        out.append(finding("weights.missing", unit=owner, line=row.line, indicator=row.indicator))
    sum_line = line
    check_sum = True
    if expects_total_row:
        if total_row is None:
            out.append(finding("weights.total_missing", unit=owner, line=line, owner=owner))
        elif not total_row.text.strip():
            out.append(
                finding(
                    "weights.total_blank",
                    unit=owner,
                    line=total_row.line,
                    details={"rows": plain_decimal(total)},
                    owner=owner,
                    total=plain_decimal(total),
                    expected=plain_decimal(expected),
                )
            )
            sum_line = total_row.line
        else:
            printed = parse_number(total_row.text.strip().removesuffix("%"), plain=True)
            if printed is not None and printed != total:
                out.append(
                    finding(
                        "weights.declared_total_differs",
                        unit=owner,
                        line=total_row.line,
                        details={"declared": total_row.text, "rows": plain_decimal(total)},
                        owner=owner,
                        total=plain_decimal(total),
                        declared=total_row.text,
                    )
                )
                check_sum = False
            elif printed is not None and printed == total == expected:
                check_sum = False
            sum_line = total_row.line
    if check_sum and total != expected:
        out.append(
            finding(
                "weights.sum",
                unit=owner,
                line=sum_line,
                details={"sum": plain_decimal(total), "rows": str(len(rows))},
                owner=owner,
                total=plain_decimal(total),
                expected=plain_decimal(expected),
                hint=f" 가중치가 유실된 행이 {len(lost)}개 있습니다." if lost else "",
            )
        )
    declared = [p.weight for p in perspectives if p.weight is not None]
    if declared and len(declared) == len(perspectives):
        declared_total = sum(declared, ZERO)
        if declared_total != expected:
            out.append(
                finding(
                    "weights.perspective_declared_sum",
                    unit=owner,
                    line=perspectives[0].line,
                    total=plain_decimal(declared_total),
                    expected=plain_decimal(expected),
                )
            )
    inside: dict[str, Decimal] = {}
    for row in rows:
        if row.weight is not None:
            inside[row.perspective] = inside.get(row.perspective, ZERO) + row.weight
    for perspective in perspectives:
        if perspective.weight is None:
            continue
        rows_sum = inside.get(perspective.key, ZERO)
        if rows_sum != perspective.weight and rows_sum not in perspective.again:
            out.append(
                finding(
                    "weights.perspective_sum",
                    unit=owner,
                    line=perspective.line,
                    details={
                        "declared": plain_decimal(perspective.weight),
                        "rows": plain_decimal(rows_sum),
                    },
                    perspective=perspective.name,
                    declared=plain_decimal(perspective.weight),
                    total=plain_decimal(rows_sum),
                )
            )
    return out
