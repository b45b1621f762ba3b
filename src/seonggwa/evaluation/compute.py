"""The bridge from stored values to the engine: achievement, grade and score per indicator,
and per owner the weighted scores and grade counts. The reports (``reports.evaluate``) and the
stored evaluation runs (``evaluation.services.run_start``) both compute through this module,
so a run stores exactly the figures a report prints.

The engine (``seonggwa.engine``) is pure; this module turns database rows into its inputs:

* the grading scheme is the engine registry's scheme of the plan's ``grading_scheme`` name
  (``performance_report``, ``traffic_light``, ``sustainability_plan``; empty means
  ``performance_report``), looked up with ``REGISTRY.get``;
* achievement (R6) and grade (R7) come from ``engine.achievement`` / ``engine.grading``;
* the indicator score (R9) is ``engine.scoring.indicator_score`` with :data:`SCORE_RULE`,
  and owner / perspective scores are ``engine.scoring.weighted_score`` /
  ``perspective_scores`` (Σ weight × score ÷ Σ weight, unscored indicators left out).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from seonggwa.engine.achievement import Achievement, AchievementRule, Direction, achievement_rate
from seonggwa.engine.cells import Cell, CellStatus, Explanation
from seonggwa.engine.grading import (
    PERFORMANCE_REPORT,
    REGISTRY,
    Grade,
    GradingScheme,
    Override,
    grade,
)
from seonggwa.engine.scoring import DEFAULT_SCORE_RULE, ScoreRule
from seonggwa.engine.scoring import indicator_score as engine_indicator_score
from seonggwa.engine.targets import ResolvedTarget, resolve_target
from seonggwa.engine.values import ParsedValue, Qualifier, parse_value

DEFAULT_SCHEME = PERFORMANCE_REPORT.name

#: The score rule of the result sheet (R9): the engine's default, linear rule —
#: score = min(max(achievement rate, 0), 100), half-up to 2 decimals.
SCORE_RULE: ScoreRule = DEFAULT_SCORE_RULE

SCORE_NOTE = (
    "점수 = min(max(달성률, 0), 100) (소수 둘째 자리 반올림); "
    "관점·부서 점수 = Σ(가중치 × 점수) ÷ Σ가중치 (점수 없는 지표 제외, R9·R10)"
)


class UnknownScheme(LookupError):
    """A plan names a grading scheme the engine registry does not know."""


def scheme_for(name: str) -> GradingScheme:
    """The engine's grading scheme a plan names (empty: ``performance_report``)."""
    key = name.strip() or DEFAULT_SCHEME
    try:
        return REGISTRY.get(key)
    except KeyError as exc:
        raise UnknownScheme(
            f"알 수 없는 평가 등급 체계 '{key}' (가능: {', '.join(REGISTRY.names())})."
        ) from exc


def report_scheme_for(name: str) -> GradingScheme:
    """The scheme used for ◎ ○ × marks: the plan's own when it defines three report bands."""
    scheme = scheme_for(name)
    return scheme if scheme.name == PERFORMANCE_REPORT.name else PERFORMANCE_REPORT


@dataclass(frozen=True, slots=True)
class Evaluation:
    achievement: Achievement
    grade: Grade
    target_text: str
    actual_text: str
    # the inputs the figures came from, kept by an evaluation run (stored inputs)
    target_parsed: ParsedValue | None = None
    actual_parsed: ParsedValue | None = None
    prior_actual: Decimal | None = None
    baseline: Decimal | None = None
    rule: str = ""

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
    if parsed.kind is Qualifier.COMPOSITE and value.value is not None:
        return ParsedValue(raw, Qualifier.ABSOLUTE, Decimal(value.value)), raw
    if parsed.kind is Qualifier.TEXT and value.value is not None:
        return ParsedValue(raw, Qualifier.ABSOLUTE, Decimal(value.value)), raw
    return parsed, raw


def indicator_evaluate(
    indicator: Any,
    values_by_year: dict[int, dict[str, Any]],
    year: int,
    scheme: GradingScheme,
    *,
    approved_only: bool = True,
    previous_actual: Any | None = None,
) -> Evaluation:
    """Achievement and grade of one indicator in ``year`` from its stored values.

    An indicator imported from a 성과보고서 has no target or actual, only the mark the
    document printed: that mark is the grade (the explanation says it was printed, not
    computed). A missing printed mark stays "-" (R5: never filled in). A relative target
    (전년대비 5% 증가) resolves from last year's approved actual: the plan's own, or
    ``previous_actual`` of the linked indicator in last year's plan. A baseline offset
    (기준점 +0.5) adds to the earliest actual the plan holds before ``year``, or, in a plan
    that holds none, to that approved ``previous_actual``."""
    vals = values_by_year.get(year, {})
    target_v, actual_v = vals.get("target"), vals.get("actual")
    printed = (getattr(indicator, "mark_raw", "") or "").strip()
    printed_band = scheme.band_for_mark(printed) if printed else None
    if target_v is None and actual_v is None and printed_band is not None:
        source = Explanation(formula="문서에 기재된 달성성과", inputs={"표시": printed}, rule="R7")
        status = CellStatus.NOT_EVALUATED if printed_band is scheme.not_rated else CellStatus.OK
        return Evaluation(
            Achievement(status, None, None, source),
            Grade(scheme=scheme.tag, band=printed_band, status=status, explanation=source),
            "",
            "",
            rule="R7 printed mark",
        )
    # last year's actual: this plan's own, else the same indicator's in last year's plan
    prior = values_by_year.get(year - 1, {}).get("actual") or previous_actual
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
    if baseline_v is None and prior_ok:
        # a plan that holds no earlier actual (a new year's plan): the baseline is last
        # year's approved actual of the linked indicator, the year its 기준점 was measured
        baseline_v = prior
    resolved: ResolvedTarget = resolve_target(
        target_parsed,
        prior_actual=Decimal(prior.value) if prior is not None and prior_ok else None,
        prior_confirmed=prior_ok,
        baseline=Decimal(baseline_v.value) if baseline_v is not None else None,
    )
    rule = AchievementRule(direction=_DIRECTIONS.get(indicator.direction, Direction.HIGHER))
    actual_parsed: ParsedValue | None = None
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
    return Evaluation(
        ach,
        grade(ach, scheme),
        target_raw,
        actual_raw,
        target_parsed=target_parsed,
        actual_parsed=actual_parsed,
        prior_actual=Decimal(prior.value) if prior is not None and prior_ok else None,
        baseline=Decimal(baseline_v.value) if baseline_v is not None else None,
        rule=f"{rule.tag} ({rule.direction.value})",
    )


_DIRECTIONS = {
    "higher": Direction.HIGHER,
    "lower": Direction.LOWER,
    "band": Direction.BAND,
    "milestone": Direction.MILESTONE,
    "qualitative": Direction.QUALITATIVE,
}


def evaluation_overridden(
    evaluation: Evaluation, scheme: GradingScheme, override: Override
) -> Evaluation:
    """``evaluation`` with an R8 override graded by the engine (``engine.grading.grade``):
    the applied grade, with the computed one kept in ``grade.computed``; an override the
    scheme does not allow leaves the computed grade, with the engine's finding."""
    overridden = grade(evaluation.achievement, scheme, override=override)
    if overridden.override is None:
        return replace(evaluation, grade=replace(evaluation.grade, findings=overridden.findings))
    # a printed mark (no rate) was the computed grade, not the engine's "-"
    return replace(evaluation, grade=replace(overridden, computed=evaluation.grade.band))


def grade_counts(marks: Iterable[str], scheme: GradingScheme) -> tuple[dict[str, int], int]:
    """An owner's counts per grade in the scheme's order and its not-rated count (R5, "-"
    kept apart), by ``engine.reconciliation.count_grades``."""
    from seonggwa.engine.reconciliation import count_grades

    graded = count_grades(marks, scheme, not_rated_bucket=scheme.not_rated.code)
    return (
        {b.code: graded.counts.get(b.code, 0) for b in scheme.bands},
        graded.not_rated + graded.missing,
    )


def indicator_score(evaluation: Evaluation, rule: ScoreRule = SCORE_RULE) -> Cell:
    """Score of one indicator (R9) from its achievement, by the engine's score rule; an
    indicator without an approved, evaluable actual has no score ("-"), not 0."""
    return engine_indicator_score(evaluation.achievement, rule)


# --- a whole plan: what an evaluation run stores ------------------------------------------------


@dataclass(frozen=True, slots=True)
class IndicatorOutcome:
    """One indicator of a plan evaluated: where it sits, its evaluation and its score."""

    indicator: Any
    owner: Any
    perspective: str  # the perspective's name, or the strategic goal's (no perspectives)
    evaluation: Evaluation
    score: Cell
    perspective_row: Any = None  # the Perspective, when the plan has perspectives


@dataclass(frozen=True, slots=True)
class OwnerOutcome:
    """One owner's (실국·부서) weighted scores by perspective and overall (R9, R10) and its
    counts per grade (R5, "-" kept apart as ``not_rated``), with its rank by overall score."""

    owner: Any
    perspective_scores: dict[str, Cell]
    overall: Cell
    grade_counts: dict[str, int]
    not_rated: int
    indicators: int
    rank: int | None = None


@dataclass(frozen=True, slots=True)
class PlanEvaluation:
    scheme: GradingScheme
    indicators: list[IndicatorOutcome]
    owners: list[OwnerOutcome]


def cell_decimal(cell: Cell) -> Decimal | None:
    """A cell's figure, or None when it has none (no data is not 0)."""
    return cell.value if isinstance(cell.value, Decimal) and cell.ok else None


def plan_evaluate(
    tree: Any,
    scheme: GradingScheme,
    *,
    year: int,
    overrides: Mapping[int, Override] | None = None,
) -> PlanEvaluation:
    """Every indicator of a plan tree (``results.selectors.plan_tree``) in ``year``, and every
    owner's aggregates — the figures of the result sheet (``reports`` kind ``result``): the
    indicator score by :data:`SCORE_RULE`, the owner's perspective and overall scores by
    ``engine.scoring`` and the grade counts by ``engine.reconciliation.count_grades``.
    ``overrides`` (indicator id → R8 override) are applied to the grades (the score comes
    from the achievement and does not change)."""
    from seonggwa.engine.scoring import WeightedItem, perspective_scores, weighted_score

    outcomes: list[IndicatorOutcome] = []
    owners: list[OwnerOutcome] = []
    for owner_node in tree.owners:
        items: list[WeightedItem] = []
        marks: list[str] = []
        for g in owner_node.goals:
            for p in g.policies:
                for node in p.indicators:
                    ind = node.indicator
                    persp = ind.perspective or g.goal.perspective
                    key = persp.name if persp is not None else str(g.goal)
                    ev = indicator_evaluate(
                        ind, node.values_by_year, year, scheme, previous_actual=node.previous_actual
                    )
                    if overrides and ind.pk in overrides:
                        ev = evaluation_overridden(ev, scheme, overrides[ind.pk])
                    score = indicator_score(ev)
                    outcomes.append(IndicatorOutcome(ind, owner_node.owner, key, ev, score, persp))
                    items.append(WeightedItem(ind.name, ind.weight, score, key))
                    marks.append(ev.grade.mark)
        if not items:
            continue
        counts, not_rated = grade_counts(marks, scheme)
        owners.append(
            OwnerOutcome(
                owner=owner_node.owner,
                perspective_scores=perspective_scores(items),
                overall=weighted_score(items, label=f"{owner_node.owner} 점수"),
                grade_counts=counts,
                not_rated=not_rated,
                indicators=len(items),
            )
        )
    return PlanEvaluation(scheme, outcomes, _ranked(owners))


def _ranked(owners: list[OwnerOutcome]) -> list[OwnerOutcome]:
    """Rank by overall score, highest first; equal scores share a rank (1, 2, 2, 4); an owner
    without a score has no rank."""
    scores = sorted((s for o in owners if (s := cell_decimal(o.overall)) is not None), reverse=True)
    first = {}
    for n, s in enumerate(scores, start=1):
        first.setdefault(s, n)
    out = []
    for o in owners:
        s = cell_decimal(o.overall)
        out.append(
            OwnerOutcome(
                o.owner,
                o.perspective_scores,
                o.overall,
                o.grade_counts,
                o.not_rated,
                o.indicators,
                first.get(s) if s is not None else None,
            )
        )
    return out


def parsed_json(value: ParsedValue | None) -> dict[str, Any] | None:
    """A parsed value as stored beside its raw text (numbers as strings, exact)."""
    if value is None:
        return None
    return {
        "kind": value.kind.value,
        "number": None if value.number is None else str(value.number),
        "unit": value.unit,
        "label": value.label,
        "parts": [{"name": part.name, "number": str(part.number)} for part in value.parts],
    }
