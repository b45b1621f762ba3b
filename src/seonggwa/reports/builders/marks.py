"""Where a graded document's marks come from: the stored results of an evaluation run when
the report reads one (``ReportSource.run``), otherwise the approved actuals evaluated now
(``evaluation.compute``, for the organisation's own people while the plan has no run)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from seonggwa.engine.grading import GradingScheme

from ..evaluate import indicator_evaluate

if TYPE_CHECKING:
    from seonggwa.evaluation.models import IndicatorResult
    from seonggwa.results.selectors import IndicatorNode

    from ..selectors import ReportSource

#: (mark, explanation) of one indicator
Marker = Callable[["IndicatorNode"], tuple[str, str]]

NOT_IN_RUN = "이 평가 회차에 없는 지표(회차 이후 추가됨)"


def shown_grade(result: IndicatorResult) -> str:
    """The applied grade's mark, with the computed one beside it where they differ (R8)."""
    computed = result.computed_grade_mark
    if computed and computed != result.grade_mark:
        return f"{result.grade_mark} (산출 {computed})"
    return result.grade_mark


def stored_explanation(result: IndicatorResult) -> str:
    """The run's stored explanation, with the reason for an applied grade when there is one."""
    parts = [result.explanation]
    if result.computed_grade_mark and result.computed_grade_mark != result.grade_mark:
        reason = f": {result.grade_reason}" if result.grade_reason else ""
        parts.append(f"적용 등급 {result.grade_mark} (산출 {result.computed_grade_mark}){reason}")
    return " / ".join(p for p in parts if p)


def stored_mark(result: IndicatorResult | None, scheme: GradingScheme) -> tuple[str, str]:
    """An indicator's mark under ``scheme`` from a run's stored result: the stored grade
    when the run graded with ``scheme``; otherwise the stored rate graded by ``scheme``'s
    bands (the 성과보고서 prints ◎ ○ × whatever scheme the run used)."""
    if result is None:
        return "-", NOT_IN_RUN
    if result.scheme.split(" ")[0] == scheme.name:
        return result.grade_mark, stored_explanation(result)
    if result.status != "ok" or result.achievement is None:
        return scheme.not_rated.mark, result.explanation
    band = scheme.band_for_rate(result.achievement)
    return band.mark, (
        f"{result.explanation} / 저장된 달성률 {result.achievement.normalize():f}%를 "
        f"{scheme.tag}로 표시 → {band.mark} {band.label}"
    )


def marker(source: ReportSource, year: int, scheme: GradingScheme) -> Marker:
    """The mark of an indicator node in ``year``: from the run the report reads, or
    computed from its approved actuals when it reads none."""
    if source.run is not None:
        stored = source.run.by_indicator

        def from_run(node: IndicatorNode) -> tuple[str, str]:
            return stored_mark(stored.get(node.indicator.pk), scheme)

        return from_run

    def computed(node: IndicatorNode) -> tuple[str, str]:
        ev = indicator_evaluate(
            node.indicator, node.values_by_year, year, scheme, previous_actual=node.previous_actual
        )
        return ev.grade.mark, ev.explanation()

    return computed
