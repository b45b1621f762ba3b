"""Target resolution (R12): a parsed target cell -> a number with a bound, or a reason why not.

An unresolvable target is a result (status ``UNRESOLVED`` with the reason), never an error.

>>> from seonggwa.engine.values import parse_value
>>> resolve_target(parse_value("전년대비 5% 증가"), prior_actual=Decimal("200")).value
Decimal('210.00')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from seonggwa.engine.cells import CellStatus, Explanation, plain_decimal
from seonggwa.engine.values import ParsedValue, Qualifier, ValuePart, parse_value

__all__ = ["Bound", "ResolvedTarget", "resolve_target"]

HUNDRED = Decimal(100)


class Bound(StrEnum):
    """How the actual must relate to the target. ``POINT`` leaves it to the indicator's
    direction (an absolute target); the others are stated by the target's wording."""

    POINT = "point"
    FLOOR = "floor"  # at least (전년대비 5% 증가, 75점이상)
    CEILING = "ceiling"  # at most (1%이상 감축, 3건이하)
    BAND = "band"  # within ±tolerance of the centre
    LEVEL = "level"  # a grade or milestone label


@dataclass(frozen=True, slots=True)
class ResolvedTarget:
    status: CellStatus
    value: Decimal | None
    bound: Bound
    source: ParsedValue
    explanation: Explanation
    tolerance: Decimal | None = None  # for BAND
    label: str = ""  # for LEVEL
    parts: dict[str, Decimal] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status is CellStatus.OK

    @property
    def reason(self) -> str:
        return self.explanation.formula if not self.ok else ""


def _missing(source: ParsedValue, status: CellStatus, reason: str) -> ResolvedTarget:
    return ResolvedTarget(
        status=status,
        value=None,
        bound=Bound.POINT,
        source=source,
        explanation=Explanation(formula=reason, inputs={"목표": source.raw}, rule="R12"),
    )


def resolve_target(
    target: ParsedValue | str,
    *,
    prior_actual: Decimal | None = None,
    prior_confirmed: bool = True,
    baseline: Decimal | None = None,
    part: str | None = None,
    band_center: Decimal = Decimal(0),
) -> ResolvedTarget:
    """Resolve one target for one year.

    * ``prior_actual``: the confirmed actual of the previous year, for relative targets;
      while ``prior_confirmed`` is false a relative target stays unresolved (R12).
    * ``baseline``: the actual of the baseline (기준점) year, for ``기준점 +0.5``.
    * ``part``: which named part of a composite target is evaluated (``a``, ``b``, a label);
      without it a composite target is unresolved: its meaning must be declared.
    * ``band_center``: the centre of a ``±7`` band (0 when the actual is itself a deviation).
    """
    source = parse_value(target) if isinstance(target, str) else target
    kind = source.kind
    inputs = {"목표": source.raw}

    if kind is Qualifier.COMPOSITE:
        parts = {p.name: p.number for p in source.parts}
        chosen: ValuePart | None = source.part(part) if part else None
        if chosen is None:
            reason = (
                f"복합 목표 '{source.raw}'에서 평가할 부분이 지정되지 않았습니다. "
                "지표의 복합값 정의에서 부분(a, b, …)을 지정하세요."
                if part is None
                else f"복합 목표 '{source.raw}'에 부분 '{part}'이(가) 없습니다."
            )
            return ResolvedTarget(
                CellStatus.UNRESOLVED,
                None,
                Bound.POINT,
                source,
                Explanation(formula=reason, inputs=inputs, rule="R12"),
                parts=parts,
            )
        sub = ParsedValue(raw=source.raw, kind=chosen.kind, number=chosen.number, unit=chosen.unit)
        resolved = resolve_target(sub, prior_actual=prior_actual, baseline=baseline)
        return ResolvedTarget(
            resolved.status,
            resolved.value,
            resolved.bound,
            source,
            Explanation(
                formula=f"복합 목표의 부분 {part}",
                inputs={**inputs, "부분": f"{part}={chosen.number}"},
                rule="R12",
            ),
            parts=parts,
        )

    if kind in (Qualifier.ABSOLUTE, Qualifier.THRESHOLD_MIN, Qualifier.THRESHOLD_MAX):
        assert source.number is not None
        bound = {
            Qualifier.ABSOLUTE: Bound.POINT,
            Qualifier.THRESHOLD_MIN: Bound.FLOOR,
            Qualifier.THRESHOLD_MAX: Bound.CEILING,
        }[kind]
        return ResolvedTarget(
            CellStatus.OK,
            source.number,
            bound,
            source,
            Explanation(formula="목표 = 기재값", inputs=inputs, rule=f"R12 {kind.value}"),
        )

    if kind in (Qualifier.RELATIVE_INCREASE, Qualifier.RELATIVE_DECREASE):
        assert source.number is not None
        if prior_actual is None or not prior_confirmed:
            return _missing(
                source,
                CellStatus.UNRESOLVED,
                f"상대 목표 '{source.raw}'는 전년도 실적이 확정되어야 계산할 수 있습니다. "
                "전년도 실적을 입력·확정하세요.",
            )
        increase = kind is Qualifier.RELATIVE_INCREASE
        factor = (HUNDRED + source.number if increase else HUNDRED - source.number) / HUNDRED
        sign = "+" if increase else "−"
        return ResolvedTarget(
            CellStatus.OK,
            prior_actual * factor,
            Bound.FLOOR if increase else Bound.CEILING,
            source,
            Explanation(
                formula=f"목표 = 전년도 실적 × (1 {sign} {source.number}%)",
                inputs={**inputs, "전년도 실적": plain_decimal(prior_actual)},
                rule=f"R12 {kind.value}",
            ),
        )

    if kind is Qualifier.BASELINE:
        return _missing(
            source,
            CellStatus.NOT_EVALUATED,
            "기준점 연도: 목표 수치가 없고 올해 실적이 기준값이 됩니다(미평가).",
        )

    if kind is Qualifier.BASELINE_OFFSET:
        assert source.number is not None
        if baseline is None:
            return _missing(
                source,
                CellStatus.UNRESOLVED,
                f"'{source.raw}'는 기준점 연도의 실적이 있어야 계산할 수 있습니다.",
            )
        return ResolvedTarget(
            CellStatus.OK,
            baseline + source.number,
            Bound.FLOOR if source.number >= 0 else Bound.CEILING,
            source,
            Explanation(
                formula=f"목표 = 기준점 실적 + ({source.number})",
                inputs={**inputs, "기준점 실적": plain_decimal(baseline)},
                rule="R12 baseline_offset",
            ),
        )

    if kind is Qualifier.BAND:
        return ResolvedTarget(
            CellStatus.OK,
            band_center,
            Bound.BAND,
            source,
            Explanation(
                formula="|실적 − 중심| ≤ 허용폭이면 달성",
                inputs={
                    **inputs,
                    "중심": plain_decimal(band_center),
                    "허용폭": "-" if source.number is None else plain_decimal(source.number),
                },
                rule="R12 band",
            ),
            tolerance=source.number,
        )

    if kind in (Qualifier.GRADE, Qualifier.MILESTONE):
        return ResolvedTarget(
            CellStatus.OK,
            source.number,
            Bound.LEVEL,
            source,
            Explanation(formula="목표 = 등급·단계", inputs=inputs, rule=f"R12 {kind.value}"),
            label=source.label,
        )

    if kind is Qualifier.NONE:
        return _missing(source, CellStatus.NO_DATA, "목표가 입력되지 않았습니다.")
    return _missing(
        source,
        CellStatus.UNRESOLVED,
        f"목표 '{source.raw}'를 해석할 수 없습니다. 목표 유형을 직접 지정하세요.",
    )
