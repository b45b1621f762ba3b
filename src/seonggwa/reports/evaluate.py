"""The bridge from stored values to the engine: achievement, grade and score per indicator.

The engine (``seonggwa.engine``) is pure; this module turns database rows into its inputs.
Two pieces are adapters until the engine provides them, and are marked so:

* scheme lookup by the plan's ``grading_scheme`` name (the sample stores ``report-marks`` /
  ``traffic-light``; the engine registers ``performance_report`` / ``traffic_light``);
* the indicator score (R9) — ``engine.scoring`` is not there yet, so the score here is
  weight × min(rate, 100) ÷ 100, explained as such.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from seonggwa.engine.achievement import Achievement, AchievementRule, Direction, achievement_rate
from seonggwa.engine.cells import CellStatus, Explanation
from seonggwa.engine.grading import PERFORMANCE_REPORT, REGISTRY, Grade, GradingScheme, grade
from seonggwa.engine.rounding import round_half_up
from seonggwa.engine.targets import ResolvedTarget, resolve_target
from seonggwa.engine.values import ParsedValue, ValueKind, parse_value

HUNDRED = Decimal(100)

# ADAPTER: names stored on plans -> engine registry names.
_SCHEME_ALIASES = {
    "": "performance_report",
    "report-marks": "performance_report",
    "report_marks": "performance_report",
    "traffic-light": "traffic_light",
}


def scheme_for(name: str) -> GradingScheme:
    """The engine's grading scheme a plan names; the report-mark scheme when unknown."""
    key = _SCHEME_ALIASES.get(name.strip(), name.strip().replace("-", "_"))
    try:
        return REGISTRY.get(key)
    except KeyError:
        return PERFORMANCE_REPORT


def report_scheme_for(name: str) -> GradingScheme:
    """The scheme used for ◎ ○ × marks: the plan's own when it defines three report bands."""
    scheme = scheme_for(name)
    return scheme if scheme.name == "performance_report" else PERFORMANCE_REPORT


@dataclass(frozen=True, slots=True)
class Evaluation:
    achievement: Achievement
    grade: Grade
    target_text: str
    actual_text: str

    @property
    def rate_text(self) -> str:
        return self.achievement.cell(1).text

    def explanation(self) -> str:
        return f"{self.achievement.explanation.render()} → {self.grade.explanation.render()}"


def _primary(value: Any | None) -> tuple[ParsedValue, str]:
    """The parsed value of a stored IndicatorValue; a composite is evaluated on its first
    part (the primary number the sample and importers store in ``value``)."""
    if value is None:
        return parse_value(""), ""
    raw = value.raw_text or ("" if value.value is None else str(value.value))
    parsed = parse_value(raw)
    if parsed.kind is ValueKind.COMPOSITE and value.value is not None:
        return ParsedValue(raw, ValueKind.ABSOLUTE, Decimal(value.value)), raw
    if parsed.kind is ValueKind.TEXT and value.value is not None:
        return ParsedValue(raw, ValueKind.ABSOLUTE, Decimal(value.value)), raw
    return parsed, raw


def indicator_evaluate(
    indicator: Any,
    values_by_year: dict[int, dict[str, Any]],
    year: int,
    scheme: GradingScheme,
    *,
    approved_only: bool = True,
) -> Evaluation:
    """Achievement and grade of one indicator in ``year`` from its stored values."""
    vals = values_by_year.get(year, {})
    target_v, actual_v = vals.get("target"), vals.get("actual")
    prior = values_by_year.get(year - 1, {}).get("actual")
    prior_ok = prior is not None and prior.value is not None and prior.status == "approved"
    target_parsed, target_raw = _primary(target_v)
    baseline_v = next(
        (
            vs["actual"]
            for y, vs in sorted(values_by_year.items())
            if y < year and "actual" in vs and vs["actual"].value is not None
        ),
        None,
    )
    resolved: ResolvedTarget = resolve_target(
        target_parsed,
        prior_actual=Decimal(prior.value) if prior is not None and prior_ok else None,
        prior_confirmed=prior_ok,
        baseline=Decimal(baseline_v.value) if baseline_v is not None else None,
    )
    rule = AchievementRule(direction=_DIRECTIONS.get(indicator.direction, Direction.HIGHER))
    if actual_v is not None and approved_only and actual_v.status != "approved":
        ach = Achievement(
            CellStatus.NO_DATA,
            None,
            None,
            Explanation(
                formula=f"실적이 승인되지 않았습니다(상태: {actual_v.status}).",
                inputs={"실적": actual_v.raw_text},
                rule="R6",
            ),
        )
        actual_raw = actual_v.raw_text
    else:
        actual_parsed, actual_raw = _primary(actual_v)
        ach = achievement_rate(actual_parsed, resolved, rule)
    return Evaluation(ach, grade(ach, scheme), target_raw, actual_raw)


_DIRECTIONS = {
    "higher": Direction.HIGHER,
    "lower": Direction.LOWER,
    "band": Direction.BAND,
    "milestone": Direction.MILESTONE,
    "qualitative": Direction.QUALITATIVE,
}


@dataclass(frozen=True, slots=True)
class Score:
    value: Decimal | None
    explanation: str


def indicator_score(weight: Decimal | None, evaluation: Evaluation) -> Score:
    """Score of one indicator (R9). ADAPTER until ``seonggwa.engine.scoring`` lands: weight ×
    min(rate, 100) ÷ 100, half-up to 2 places. Switch here when the engine provides it."""
    rate = evaluation.achievement.rate
    if weight is None or rate is None or not evaluation.achievement.ok:
        return Score(None, "가중치 또는 달성률이 없어 점수를 계산하지 않았습니다.")
    capped = min(rate, HUNDRED)
    value = round_half_up(weight * capped / HUNDRED, 2)
    return Score(
        value,
        f"가중치 × min(달성률, 100) ÷ 100 [가중치={weight.normalize()}, 달성률={round_half_up(rate, 2)}]",
    )
