"""Weighted scores (R9, R10): indicator score from achievement, owner and perspective
scores as weighted means, and the weight-sum checks (findings, never exceptions).

>>> items = [WeightedItem("a", Decimal(60), Decimal(100)), WeightedItem("b", Decimal(40), Decimal(50))]
>>> weighted_score(items).text
'80.00'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from seonggwa.engine.achievement import Achievement
from seonggwa.engine.cells import Cell, CellStatus, Explanation
from seonggwa.engine.findings import Finding, Severity
from seonggwa.engine.rounding import round_half_up

__all__ = [
    "DEFAULT_SCORE_RULE",
    "MissingPolicy",
    "ScoreRule",
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
        Explanation(formula=formula, inputs={"달성률": str(rate.normalize())}, rule=rule.tag),
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


def check_weights(
    items: Sequence[WeightedItem],
    perspective_weights: Mapping[str, Decimal | None] | None = None,
    *,
    total: Decimal = HUNDRED,
    owner: str | None = None,
    line: int | None = None,
) -> list[Finding]:
    """R9/R10: indicator weights sum to ``total``; declared perspective weights sum to
    ``total``; indicator weights inside a perspective sum to its declared weight; every
    indicator has a weight."""
    findings: list[Finding] = []
    for item in items:
        if item.weight is None:
            findings.append(
                Finding(
                    Severity.WARNING,
                    "R10.weight_missing",
                    f"지표 '{item.key}'에 가중치가 없습니다(행이 잘렸는지 확인하세요).",
                    unit=owner,
                    line=line,
                )
            )
    weight_sum = sum((i.weight for i in items if i.weight is not None), ZERO)
    if weight_sum != total:
        findings.append(
            Finding(
                Severity.ERROR,
                "R9.weight_total",
                f"지표 가중치 합계가 {weight_sum}로 {total}이 아닙니다({weight_sum - total:+}).",
                unit=owner,
                line=line,
                details={"sum": str(weight_sum), "expected": str(total)},
            )
        )
    if perspective_weights:
        declared = [w for w in perspective_weights.values() if w is not None]
        if declared and len(declared) == len(perspective_weights) and sum(declared) != total:
            findings.append(
                Finding(
                    Severity.ERROR,
                    "R10.perspective_total",
                    f"관점 가중치 합계가 {sum(declared)}로 {total}이 아닙니다.",
                    unit=owner,
                    line=line,
                )
            )
        for name, declared_weight in perspective_weights.items():
            if declared_weight is None:
                continue
            inside = sum(
                (i.weight for i in items if i.perspective == name and i.weight is not None), ZERO
            )
            if inside != declared_weight:
                findings.append(
                    Finding(
                        Severity.ERROR,
                        "R10.perspective_sum",
                        f"관점 '{name}'의 지표 가중치 합 {inside}가 관점 가중치 {declared_weight}와 다릅니다.",
                        unit=owner,
                        line=line,
                        details={
                            "perspective": name,
                            "sum": str(inside),
                            "declared": str(declared_weight),
                        },
                    )
                )
    return findings
