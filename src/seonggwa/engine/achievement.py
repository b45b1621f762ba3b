"""Achievement rate (R6): actual vs resolved target -> a rate in percent, raw and capped.

Rates are Decimal quotients computed at 40 significant digits rounded toward −∞, so every
comparison with a threshold of up to 40 digits (130, 100, 99.995) is exact: the computed
rate is ≥ T exactly when the true rate is ≥ T.

>>> achievement_rate(Decimal("2564"), Decimal("2568")).cell().text
'99.8%'
>>> achievement_rate(Decimal("99099"), Decimal("75426"), JOINT_EVALUATION_RULE).cell(0).text
'130%'
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Context, Decimal
from enum import StrEnum

from seonggwa.engine.cells import Cell, CellStatus, Explanation, plain_decimal
from seonggwa.engine.rounding import round_half_up
from seonggwa.engine.targets import Bound, ResolvedTarget, resolve_target
from seonggwa.engine.values import ParsedValue, Qualifier, parse_value

__all__ = [
    "DEFAULT_RULE",
    "JOINT_EVALUATION_RULE",
    "SUSTAINABILITY_RULE",
    "Achievement",
    "AchievementRule",
    "Direction",
    "LowerFormula",
    "achievement_rate",
    "exact_ratio",
]

HUNDRED = Decimal(100)
ZERO = Decimal(0)
_CTX = Context(prec=40, rounding=ROUND_FLOOR)


def exact_ratio(numerator: Decimal, denominator: Decimal) -> Decimal:
    """numerator ÷ denominator × 100 at 40 digits rounded toward −∞ (threshold-exact)."""
    return _CTX.divide(_CTX.multiply(numerator, HUNDRED), denominator)


class Direction(StrEnum):
    HIGHER = "higher"  # higher is better (default)
    LOWER = "lower"  # lower is better
    BAND = "band"  # met within ±tolerance
    MILESTONE = "milestone"  # stage -> percent
    QUALITATIVE = "qualitative"  # committee grade -> score
    ZERO_TARGET = "zero_target"  # met only at 0


class LowerFormula(StrEnum):
    TARGET_OVER_ACTUAL = "target_over_actual"  # 목표 ÷ 실적 × 100
    COMPLEMENT = "complement"  # (2 − 실적 ÷ 목표) × 100, floored at 0


@dataclass(frozen=True, slots=True)
class AchievementRule:
    """How one scheme turns actual and target into a rate. Data, not code: a scheme names
    its rule, and the name and version appear in every explanation."""

    name: str = "default"
    version: int = 1
    direction: Direction = Direction.HIGHER
    lower_formula: LowerFormula = LowerFormula.TARGET_OVER_ACTUAL
    cap: Decimal | None = None  # e.g. 100 (sustainability), 130 (joint evaluation)
    milestones: tuple[tuple[str, Decimal], ...] = ()  # stage -> percent of completion
    grade_scores: tuple[tuple[str, Decimal], ...] = ()  # committee grade -> score (percent)
    zero_target_miss: Decimal = ZERO  # rate when a zero target is missed

    @property
    def tag(self) -> str:
        return f"{self.name} v{self.version}"


DEFAULT_RULE = AchievementRule()
SUSTAINABILITY_RULE = AchievementRule(name="sustainability_core", cap=HUNDRED)
JOINT_EVALUATION_RULE = AchievementRule(name="joint_evaluation", cap=Decimal(130))


@dataclass(frozen=True, slots=True)
class Achievement:
    status: CellStatus
    raw: Decimal | None  # uncapped rate in percent
    rate: Decimal | None  # capped rate in percent (what grades and scores use)
    explanation: Explanation
    met: bool | None = None  # for band / zero-target / level rules

    @property
    def ok(self) -> bool:
        return self.status is CellStatus.OK

    def cell(self, places: int = 1) -> Cell:
        """The printed rate, half-up to ``places`` decimals, e.g. ``78.9%``."""
        if self.rate is None or not self.ok:
            return Cell(None, "-", self.status, self.explanation)
        shown = round_half_up(self.rate, places)
        return Cell(shown, f"{shown}%", CellStatus.OK, self.explanation)


def _lookup(table: tuple[tuple[str, Decimal], ...], key: str) -> Decimal | None:
    wanted = "".join(key.split())
    return next((v for k, v in table if "".join(k.split()) == wanted), None)


def _result(
    raw: Decimal,
    rule: AchievementRule,
    formula: str,
    inputs: dict[str, str],
    met: bool | None = None,
) -> Achievement:
    rate = raw if rule.cap is None or raw <= rule.cap else rule.cap
    if rate != raw:
        formula = f"min({formula}, {rule.cap})"
    inputs = {**inputs, "달성률(상한 전)": plain_decimal(raw)} if rate != raw else inputs
    return Achievement(
        CellStatus.OK,
        raw,
        rate,
        Explanation(formula=formula, inputs=inputs, rule=f"R6 {rule.tag}"),
        met,
    )


def _status(
    status: CellStatus, reason: str, inputs: dict[str, str], rule: AchievementRule
) -> Achievement:
    return Achievement(
        status, None, None, Explanation(formula=reason, inputs=inputs, rule=f"R6 {rule.tag}")
    )


def achievement_rate(
    actual: Decimal | ParsedValue | str | None,
    target: ResolvedTarget | Decimal | ParsedValue | str | None,
    rule: AchievementRule = DEFAULT_RULE,
    *,
    excluded: bool = False,
) -> Achievement:
    """The achievement rate of one indicator in one period.

    Statuses are kept apart from 0: ``EXCLUDED`` (deliberately left out), ``NO_DATA``
    (no actual yet), ``NOT_EVALUATED`` (baseline year), ``UNRESOLVED`` (the target could not
    be resolved; reason in the explanation).
    """
    if not isinstance(target, ResolvedTarget):
        if target is None:
            target = parse_value("")
        elif isinstance(target, Decimal):
            target = ParsedValue(str(target), Qualifier.ABSOLUTE, target)
        target = resolve_target(target)
    parsed_actual = (
        actual
        if isinstance(actual, ParsedValue)
        else parse_value("")
        if actual is None
        else ParsedValue(str(actual), Qualifier.ABSOLUTE, actual)
        if isinstance(actual, Decimal)
        else parse_value(actual)
    )
    inputs = {"실적": parsed_actual.raw or "-", "목표": target.source.raw or "-"}
    if target.value is not None:
        inputs["목표값"] = plain_decimal(target.value)

    if excluded:
        return _status(CellStatus.EXCLUDED, "평가에서 제외된 지표입니다.", inputs, rule)
    if target.status is CellStatus.NOT_EVALUATED:
        return _status(CellStatus.NOT_EVALUATED, target.explanation.formula, inputs, rule)
    if target.status is not CellStatus.OK:
        return _status(CellStatus.UNRESOLVED, target.explanation.formula, inputs, rule)

    direction = rule.direction
    if direction in (Direction.MILESTONE, Direction.QUALITATIVE):
        table = rule.milestones if direction is Direction.MILESTONE else rule.grade_scores
        what = "단계" if direction is Direction.MILESTONE else "등급"
        if parsed_actual.kind is Qualifier.NONE:
            return _status(CellStatus.NO_DATA, "실적이 입력되지 않았습니다.", inputs, rule)
        got = _lookup(table, parsed_actual.label or parsed_actual.raw)
        if got is None:
            return _status(
                CellStatus.UNRESOLVED,
                f"{what} '{parsed_actual.raw}'에 대응하는 점수가 규칙 {rule.tag}에 없습니다.",
                inputs,
                rule,
            )
        goal = (
            _lookup(table, target.label or target.source.raw)
            if target.bound is Bound.LEVEL
            else None
        )
        if goal:
            return _result(
                exact_ratio(got, goal),
                rule,
                f"{what} 점수 ÷ 목표 {what} 점수 × 100",
                {**inputs, f"{what} 점수": str(got), f"목표 {what} 점수": str(goal)},
            )
        return _result(got, rule, f"{what} → 점수", {**inputs, f"{what} 점수": str(got)})

    value = parsed_actual.number
    if value is None:
        if parsed_actual.kind in (Qualifier.NONE, Qualifier.COMPOSITE):
            reason = (
                "실적이 입력되지 않았습니다."
                if parsed_actual.kind is Qualifier.NONE
                else "복합 실적에서 평가할 부분을 지정하세요."
            )
            status = (
                CellStatus.NO_DATA
                if parsed_actual.kind is Qualifier.NONE
                else CellStatus.UNRESOLVED
            )
            return _status(status, reason, inputs, rule)
        return _status(
            CellStatus.UNRESOLVED, f"실적 '{parsed_actual.raw}'는 수치가 아닙니다.", inputs, rule
        )
    if target.value is None:
        return _status(CellStatus.UNRESOLVED, "목표 수치가 없습니다.", inputs, rule)
    goal_value = target.value

    if direction is Direction.BAND or target.bound is Bound.BAND:
        tolerance = target.tolerance if target.tolerance is not None else ZERO
        deviation = abs(value - goal_value)
        inputs = {**inputs, "허용폭": str(tolerance), "편차": str(deviation)}
        if deviation <= tolerance:
            return _result(HUNDRED, rule, "|실적 − 중심| ≤ 허용폭 → 100", inputs, met=True)
        return _result(
            exact_ratio(tolerance, deviation),
            rule,
            "허용폭 ÷ |실적 − 중심| × 100",
            inputs,
            met=False,
        )

    lower = direction is Direction.LOWER or (direction is Direction.ZERO_TARGET)
    if direction is Direction.ZERO_TARGET or goal_value == 0:
        met = value <= goal_value if lower else value >= goal_value
        return _result(
            HUNDRED if met else rule.zero_target_miss,
            rule,
            "목표 0: 충족하면 100, 아니면 " + str(rule.zero_target_miss),
            inputs,
            met=met,
        )

    if not lower:
        return _result(exact_ratio(value, goal_value), rule, "실적 ÷ 목표 × 100", inputs)
    if rule.lower_formula is LowerFormula.TARGET_OVER_ACTUAL:
        if value == 0:  # reached zero against a positive ceiling: better than any ratio
            return _result(
                rule.cap if rule.cap is not None else HUNDRED * 2, rule, "실적 0 → 상한", inputs
            )
        return _result(exact_ratio(goal_value, value), rule, "목표 ÷ 실적 × 100", inputs)
    raw = exact_ratio(2 * goal_value - value, goal_value)
    return _result(max(raw, ZERO), rule, "max(0, (2 − 실적 ÷ 목표) × 100)", inputs)
