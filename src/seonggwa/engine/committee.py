"""Committee scoring of qualitative (정성) indicators: the members' points for one indicator
aggregated into the indicator's score by the method the plan chose (issue 9, domain.md §7.5).

Methods: the mean; the mean without the one highest and the one lowest score (절사평균 — with
fewer than three scores nothing is dropped and it is the mean); the median (the mean of the two
middle scores when the count is even). The result is rounded half-up to two places; no score at
all is "no data", never 0.

>>> committee_aggregate([Decimal("80"), Decimal("90"), Decimal("95")], "trimmed_mean").text
'90.00'
>>> committee_aggregate([], "mean").status.value
'no_data'
>>> grade_points("A")
Decimal('90')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from enum import StrEnum

from seonggwa.engine.cells import Cell, CellStatus, Explanation, plain_decimal
from seonggwa.engine.rounding import round_half_up

__all__ = [
    "DEFAULT_GRADE_POINTS",
    "MAX_POINTS",
    "AggregationMethod",
    "committee_aggregate",
    "grade_points",
]

MAX_POINTS = Decimal(100)
SCORE_PLACES = 2


class AggregationMethod(StrEnum):
    MEAN = "mean"
    TRIMMED_MEAN = "trimmed_mean"
    MEDIAN = "median"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    AggregationMethod.MEAN: "평균",
    AggregationMethod.TRIMMED_MEAN: "최고·최저 점수 제외 평균",
    AggregationMethod.MEDIAN: "중앙값",
}

#: The points a committee grade stands for when the plan has no grade table of its own:
#: S/A/B/C/D and their Korean names (탁월·우수·보통·미흡·부진), 100 down to 60 in steps of 10.
DEFAULT_GRADE_POINTS: Mapping[str, Decimal] = {
    "S": Decimal(100),
    "A": Decimal(90),
    "B": Decimal(80),
    "C": Decimal(70),
    "D": Decimal(60),
    "탁월": Decimal(100),
    "우수": Decimal(90),
    "보통": Decimal(80),
    "미흡": Decimal(70),
    "부진": Decimal(60),
}


def grade_points(label: str, table: Mapping[str, Decimal] | None = None) -> Decimal | None:
    """The points a grade label stands for (``table`` or :data:`DEFAULT_GRADE_POINTS`),
    None for a label the table does not know.

    >>> grade_points(" 우수 "), grade_points("s"), grade_points("Z")
    (Decimal('90'), Decimal('100'), None)
    """
    key = label.strip()
    chosen = DEFAULT_GRADE_POINTS if table is None else table
    return chosen.get(key, chosen.get(key.upper()))


def _mean(values: Sequence[Decimal]) -> Decimal:
    return sum(values, Decimal(0)) / Decimal(len(values))


def committee_aggregate(
    scores: Sequence[Decimal], method: AggregationMethod | str, *, places: int = SCORE_PLACES
) -> Cell:
    """The members' ``scores`` (0–100) for one indicator aggregated by ``method``, rounded
    half-up to ``places``; an explained cell naming the method, the count and the scores
    used. No score is a "no data" cell. An unknown method or a score outside 0–100 is an
    error cell (the reason in its explanation), not an exception.

    >>> committee_aggregate([Decimal("70"), Decimal("85")], "median").value
    Decimal('77.50')
    """
    try:
        how = AggregationMethod(method)
    except ValueError:
        known = ", ".join(m.value for m in AggregationMethod)
        return Cell.missing(CellStatus.ERROR, f"알 수 없는 집계 방법 '{method}' (가능: {known}).")
    values = [Decimal(s) for s in scores]
    if not values:
        return Cell.missing(CellStatus.NO_DATA, "위원 채점이 없습니다.")
    outside = [v for v in values if v < 0 or v > MAX_POINTS]
    if outside:
        return Cell.missing(
            CellStatus.ERROR,
            f"점수는 0~100이어야 합니다: {', '.join(plain_decimal(v) for v in outside)}.",
        )
    ordered = sorted(values)
    used = ordered
    if how is AggregationMethod.TRIMMED_MEAN and len(ordered) >= 3:
        used = ordered[1:-1]
        formula = "최고·최저 점수 1개씩 제외 후 평균"
    elif how is AggregationMethod.TRIMMED_MEAN:
        formula = "위원 3명 미만이라 제외 없이 평균"
    elif how is AggregationMethod.MEDIAN:
        formula = "중앙값"
    else:
        formula = "평균"
    if how is AggregationMethod.MEDIAN:
        middle = len(ordered) // 2
        raw = (
            ordered[middle]
            if len(ordered) % 2
            else (ordered[middle - 1] + ordered[middle]) / Decimal(2)
        )
    else:
        raw = _mean(used)
    value = round_half_up(raw, places)
    inputs = {
        "방법": how.label,
        "위원 수": str(len(values)),
        "점수": ", ".join(plain_decimal(v) for v in ordered),
    }
    if used is not ordered:
        inputs["반영 점수"] = ", ".join(plain_decimal(v) for v in used)
    return Cell(
        value=value,
        text=f"{value}",
        explanation=Explanation(formula=f"위원회 채점 {formula}", inputs=inputs, rule="위원회"),
    )
