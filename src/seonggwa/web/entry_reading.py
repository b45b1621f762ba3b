"""How the entry pages show a typed actual: what the value grammar read (number, parts,
qualifier, or why it cannot be taken) and what it would achieve against the target — the
rate and the grade with its explanation, from ``reports.evaluate.indicator_evaluate`` with
last year's actual (a relative target resolves from it). Rates are shown half-up to the
documents' one decimal; nothing here decides anything, it only presents the engine's answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from seonggwa.engine.cells import CellStatus, Explanation
from seonggwa.engine.grading import GradingScheme
from seonggwa.engine.rounding import round_half_up
from seonggwa.engine.values import parse_value
from seonggwa.reports.evaluate import UnknownScheme, indicator_evaluate, scheme_for
from seonggwa.results.models import IndicatorValue
from seonggwa.results.services import read_value, reading_refusal

RATE_PLACES = 1  # the documents print achievement rates to one decimal


@dataclass(frozen=True)
class Reading:
    text: str
    problem: str = ""  # why the text cannot be taken as an actual (Korean), if it cannot
    kind_label: str = ""  # the qualifier's label (숫자, 여러 값, 기준점, …)
    number: str = ""
    unit: str = ""
    parts: list[tuple[str, str]] = field(default_factory=list)
    detail: str = ""  # a grade word or a milestone
    rate: str = ""  # "96.8%" or "-"
    grade_mark: str = ""
    grade_label: str = ""
    explanation: str = ""
    evaluated: bool = False

    @property
    def readable(self) -> bool:
        return not self.problem


def number_text(number: Decimal) -> str:
    """A number as the documents write it: thousands separators, no trailing zeros.

    >>> number_text(Decimal("1942")), number_text(Decimal("34.100")), number_text(Decimal("-1.2"))
    ('1,942', '34.1', '-1.2')
    """
    value = number.normalize()
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    return format(value, ",f")


def _shown(key: str, value: str) -> str:
    """An explanation input as shown: rates half-up to one decimal, long decimals to two."""
    try:
        number = Decimal(value)
    except (InvalidOperation, ValueError):
        return value
    if key.startswith("달성률"):
        return f"{round_half_up(number, RATE_PLACES)}%"
    if -number.as_tuple().exponent > 4:  # type: ignore[operator]
        return number_text(round_half_up(number, 2))
    return value


def explanation_text(explanation: Explanation | None) -> str:
    """An engine explanation with its figures rounded for the screen.

    >>> explanation_text(Explanation("달성률 < 100%", {"달성률": "96.774193548"}, "v1"))
    '달성률 < 100% [달성률=96.8%] (v1)'
    """
    if explanation is None:
        return ""
    inputs = ", ".join(f"{k}={_shown(k, v)}" for k, v in explanation.inputs.items())
    text = explanation.formula + (f" [{inputs}]" if inputs else "")
    return text + (f" ({explanation.rule})" if explanation.rule else "")


def plan_scheme(plan: Any) -> GradingScheme | None:
    """The grading scheme the plan names, or None when the engine does not know it."""
    try:
        return scheme_for(
            plan.grading_scheme or "", year=plan.year, version=plan.grading_scheme_version
        )
    except UnknownScheme:
        return None


def read_entry(
    text: str,
    *,
    indicator: Any,
    year: int,
    target: IndicatorValue | None,
    previous_actual: IndicatorValue | None,
    scheme: GradingScheme | None,
) -> Reading:
    """What ``text`` says as an actual of ``indicator`` in ``year``, and what it achieves."""
    problem = reading_refusal(text)
    if problem is not None:
        return Reading(text=text, problem=problem)
    parsed = parse_value(text)
    stored = read_value(text)
    names = list(getattr(indicator, "composite_parts", None) or [])
    parts = [
        (
            names[i] if i < len(names) and p.name == chr(ord("a") + i) else p.name,
            number_text(p.number),
        )
        for i, p in enumerate(parsed.parts)
    ]
    reading = Reading(
        text=text,
        kind_label=str(IndicatorValue.Qualifier(stored["qualifier"]).label),
        number=number_text(parsed.number) if parsed.number is not None else "",
        unit=parsed.unit,
        parts=parts,
        detail=parsed.label,
    )
    if scheme is None:
        return reading
    typed = IndicatorValue(
        indicator=indicator,
        kind=IndicatorValue.Kind.ACTUAL,
        year=year,
        raw_text=text,
        value=stored["value"],
        status=IndicatorValue.Status.DRAFT,
    )
    evaluation = indicator_evaluate(
        indicator,
        {year: {"target": target, "actual": typed}},
        year,
        scheme,
        approved_only=False,
        previous_actual=previous_actual,
    )
    achievement, grade = evaluation.achievement, evaluation.grade
    ok = achievement.status is CellStatus.OK
    return Reading(
        text=reading.text,
        kind_label=reading.kind_label,
        number=reading.number,
        unit=reading.unit,
        parts=reading.parts,
        detail=reading.detail,
        rate=achievement.cell(RATE_PLACES).text if ok else "-",
        grade_mark=grade.mark,
        grade_label=grade.band.label,
        explanation=" → ".join(
            t
            for t in (
                explanation_text(achievement.explanation),
                explanation_text(grade.explanation),
            )
            if t
        ),
        evaluated=ok,
    )
