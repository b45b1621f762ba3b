"""The bridge from stored values to the engine: achievement, grade and score per indicator,
and per owner the weighted scores and grade counts. The reports (``reports.evaluate``) and the
stored evaluation runs (``evaluation.services.run_start``) both compute through this module,
so a run stores exactly the figures a report prints.

The engine (``seonggwa.engine``) is pure; this module turns database rows into its inputs:

* the grading scheme is the engine registry's scheme of the plan's ``grading_scheme`` name
  (``performance_report``, ``traffic_light``, ``sustainability_plan``; empty means
  ``performance_report``) in the version the plan records (``grading_scheme_version``), or
  else the version effective on 1 January of the plan's year (:func:`scheme_of_plan`);
* the rules stored on the indicator and the plan (milestone stages, grade scores, caps, the
  evaluated part of a composite value, the not-rated flag and bucket, score steps) become
  the engine's ``AchievementRule`` / ``ScoreRule`` (:func:`rules_of`); an indicator without
  rules is evaluated by the engine's default rule, exactly as before;
* achievement (R6) and grade (R7) come from ``engine.achievement`` / ``engine.grading``;
* the indicator score (R9) is ``engine.scoring.indicator_score`` with :data:`SCORE_RULE`,
  and owner / perspective scores are ``engine.scoring.weighted_score`` /
  ``perspective_scores`` (Σ weight × score ÷ Σ weight, unscored indicators left out).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from seonggwa.engine.achievement import Achievement, AchievementRule, Direction, achievement_rate
from seonggwa.engine.aggregation import competition_ranks
from seonggwa.engine.cells import Cell, CellStatus, Explanation
from seonggwa.engine.cells import plain_decimal as plain
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


def scheme_for(name: str, *, year: int | None = None, version: int | None = None) -> GradingScheme:
    """The engine's grading scheme a plan names (empty: ``performance_report``): the given
    ``version``, else the version effective on 1 January of ``year``, else the newest."""
    key = name.strip() or DEFAULT_SCHEME
    if key not in REGISTRY.names():
        raise UnknownScheme(
            f"알 수 없는 평가 등급 체계 '{key}' (가능: {', '.join(REGISTRY.names())})."
        )
    if version is not None:
        found = [s for s in REGISTRY.versions(key) if s.version == version]
        if not found:
            raise UnknownScheme(
                f"평가 등급 체계 '{key}'에 버전 {version}이 없습니다 "
                f"(가능: {', '.join(str(s.version) for s in REGISTRY.versions(key))})."
            )
        return found[0]
    try:
        return REGISTRY.get(key) if year is None else REGISTRY.for_year(key, year)
    except KeyError as exc:
        raise UnknownScheme(
            f"평가 등급 체계 '{key}'에 {year}년 1월 1일에 시행 중인 버전이 없습니다."
        ) from exc


def scheme_of_plan(plan: Any) -> GradingScheme:
    """The scheme a plan is graded with: the version it records, or the one effective on
    1 January of its year (a plan of 2024 keeps the 2024 version after a newer one starts)."""
    return scheme_for(
        plan.grading_scheme or "",
        year=plan.year,
        version=getattr(plan, "grading_scheme_version", None),
    )


def report_scheme_for(
    name: str, *, year: int | None = None, version: int | None = None
) -> GradingScheme:
    """The scheme used for ◎ ○ × marks: the plan's own when it defines three report bands."""
    scheme = scheme_for(name, year=year, version=version)
    return scheme if scheme.name == PERFORMANCE_REPORT.name else PERFORMANCE_REPORT


# --- rules as data: what an indicator and its plan store, as engine rules -----------------------


def _decimal(value: Any) -> Decimal | None:
    try:
        # 120.00 from the database reads as 120, as the officer typed it
        return None if value is None or value == "" else Decimal(plain(Decimal(str(value))))
    except InvalidOperation:
        return None


def _table(rows: Any) -> tuple[tuple[str, Decimal], ...]:
    """A stored [[label, percent], …] list as the engine's (label, Decimal) pairs."""
    out: list[tuple[str, Decimal]] = []
    for row in rows or ():
        if isinstance(row, list | tuple) and len(row) == 2:
            number = _decimal(row[1])
            if number is not None and str(row[0]).strip():
                out.append((str(row[0]).strip(), number))
    return tuple(out)


def score_rule_of(plan: Any) -> ScoreRule:
    """The plan's score rule (R9): its score steps ([[minimum rate, score], …]) as a step
    function, highest first; without steps the engine's linear :data:`SCORE_RULE`."""
    steps = []
    for row in getattr(plan, "score_steps", None) or ():
        if isinstance(row, list | tuple) and len(row) == 2:
            lower, score = _decimal(row[0]), _decimal(row[1])
            if lower is not None and score is not None:
                steps.append((lower, score))
    if not steps:
        return SCORE_RULE
    return ScoreRule(name="steps", steps=tuple(sorted(steps, key=lambda s: s[0], reverse=True)))


def score_steps_text(rule: ScoreRule) -> str:
    """The steps as printed in an explanation: ``130% 이상 100점, 100% 이상 90점 …``."""
    return ", ".join(f"{plain(lo)}% 이상 {plain(sc)}점" for lo, sc in rule.steps)


@dataclass(frozen=True, slots=True)
class IndicatorRules:
    """An indicator's stored evaluation rules (``plans.Indicator``), with the plan's default
    cap filled in; ``version`` is the indicator's ``rules_version``."""

    direction: Direction = Direction.HIGHER
    milestones: tuple[tuple[str, Decimal], ...] = ()
    grade_scores: tuple[tuple[str, Decimal], ...] = ()
    cap: Decimal | None = None
    cap_from_plan: bool = False
    evaluated_part: str = ""
    not_rated: bool = False
    not_rated_bucket: str = ""
    version: int | None = None

    @property
    def configured(self) -> bool:
        """Whether any rule differs from the engine's default (else: evaluated as before)."""
        return bool(
            self.milestones
            or self.grade_scores
            or self.cap is not None
            or self.evaluated_part
            or self.not_rated
        )

    def achievement_rule(self) -> AchievementRule:
        if not self.configured:
            return AchievementRule(direction=self.direction)
        return AchievementRule(
            name="indicator_rules",
            version=self.version or 1,
            direction=self.direction,
            cap=self.cap,
            milestones=self.milestones,
            grade_scores=self.grade_scores,
        )


def rules_of(indicator: Any, default_cap: Decimal | None = None) -> IndicatorRules:
    """The rules an indicator stores (missing fields: none), its own cap before the plan's."""
    cap = _decimal(getattr(indicator, "cap", None))
    return IndicatorRules(
        direction=_DIRECTIONS.get(indicator.direction, Direction.HIGHER),
        milestones=_table(getattr(indicator, "milestone_stages", None)),
        grade_scores=_table(getattr(indicator, "grade_scores", None)),
        cap=cap if cap is not None else default_cap,
        cap_from_plan=cap is None and default_cap is not None,
        evaluated_part=(getattr(indicator, "evaluated_part", "") or "").strip(),
        not_rated=bool(getattr(indicator, "not_rated", False)),
        not_rated_bucket=(getattr(indicator, "not_rated_bucket", "") or "").strip(),
        version=getattr(indicator, "rules_version", None),
    )


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
    rules_version: int | None = None
    # the indicator's or plan's rules applied beyond the achievement and grade (score steps,
    # not-rated bucket, evaluated part), each named in the explanation
    notes: tuple[str, ...] = ()

    @property
    def rate_text(self) -> str:
        return self.achievement.cell(1).text

    def explanation(self) -> str:
        text = f"{self.achievement.explanation.render()} → {self.grade.explanation.render()}"
        return "; ".join((text, *self.notes))


def _part(parsed: ParsedValue, part: str, declared: Any) -> ParsedValue | None:
    """The declared part of a composite value: by its printed name (``응대율``, ``a``) or by
    the name the indicator declares for its position (``composite_parts``: ["연간", "누계"])."""
    by_name = next((p for p in parsed.parts if p.name == part), None)
    if by_name is None and isinstance(declared, list) and part in declared:
        index = declared.index(part)
        by_name = parsed.parts[index] if index < len(parsed.parts) else None
    if by_name is None:
        return None
    return ParsedValue(parsed.raw, Qualifier.ABSOLUTE, by_name.number, by_name.unit)


def _primary(value: Any | None, part: str = "", declared: Any = None) -> tuple[ParsedValue, str]:
    """The parsed value of a stored IndicatorValue; a composite is evaluated on its declared
    ``part`` (the indicator's ``evaluated_part``) or else on its first part (the primary
    number the sample and importers store in ``value``)."""
    if value is None:
        return parse_value(""), ""
    raw = value.raw_text or ("" if value.value is None else str(value.value))
    parsed = parse_value(raw)
    if parsed.kind is Qualifier.COMPOSITE and part:
        chosen = _part(parsed, part, declared)
        return (chosen if chosen is not None else parsed), raw
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
    default_cap: Decimal | None = None,
) -> Evaluation:
    """Achievement and grade of one indicator in ``year`` from its stored values.

    An indicator imported from a 성과보고서 has no target or actual, only the mark the
    document printed: that mark is the grade (the explanation says it was printed, not
    computed). A missing printed mark stays "-" (R5: never filled in). A relative target
    (전년대비 5% 증가) resolves from last year's approved actual: the plan's own, or
    ``previous_actual`` of the linked indicator in last year's plan. A baseline offset
    (기준점 +0.5) adds to the earliest actual the plan holds before ``year``, or, in a plan
    that holds none, to that approved ``previous_actual``.

    The indicator's rules (:func:`rules_of`; ``default_cap`` is the plan's) apply: stages
    and grade scores, the cap, the evaluated part of a composite value; an indicator marked
    not rated gets "-" whatever its values."""
    rules = rules_of(indicator, default_cap)
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
    if rules.not_rated:
        source = Explanation(
            formula="평가하지 않는 지표로 지정됨",
            inputs={"지표 규칙": f"v{rules.version or 1}"},
            rule=f"R5 indicator_rules v{rules.version or 1}",
        )
        return Evaluation(
            Achievement(CellStatus.NOT_EVALUATED, None, None, source),
            grade(Achievement(CellStatus.NOT_EVALUATED, None, None, source), scheme),
            (target_v.raw_text if target_v is not None else ""),
            (actual_v.raw_text if actual_v is not None else ""),
            rule=f"indicator_rules v{rules.version or 1} (not rated)",
            rules_version=rules.version,
        )
    # last year's actual: this plan's own, else the same indicator's in last year's plan
    prior = values_by_year.get(year - 1, {}).get("actual") or previous_actual
    prior_ok = prior is not None and prior.value is not None and prior.status == "approved"
    declared = getattr(indicator, "composite_parts", None)
    target_parsed, target_raw = _primary(target_v, rules.evaluated_part, declared)
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
    rule = rules.achievement_rule()
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
        actual_parsed, actual_raw = _primary(actual_v, rules.evaluated_part, declared)
        ach = achievement_rate(actual_parsed, resolved, rule)
    notes: tuple[str, ...] = ()
    if rules.evaluated_part:
        notes += (f"평가 부분: {rules.evaluated_part} ({rule.tag})",)
    if rules.cap_from_plan:
        notes += (f"상한 {plain(rules.cap)}%: 계획의 기본 상한",) if rules.cap is not None else ()
    return Evaluation(
        ach,
        grade(ach, scheme),
        target_raw,
        actual_raw,
        target_parsed=target_parsed,
        actual_parsed=actual_parsed,
        prior_actual=Decimal(prior.value) if prior is not None and prior_ok else None,
        baseline=Decimal(baseline_v.value) if baseline_v is not None else None,
        rule=_rule_text(rule),
        rules_version=rules.version,
        notes=notes,
    )


def _rule_text(rule: AchievementRule) -> str:
    text = f"{rule.tag} ({rule.direction.value})"
    return text if rule.cap is None else f"{text[:-1]}, 상한 {plain(rule.cap)}%)"


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


def is_qualitative(indicator: Any) -> bool:
    """A qualitative (정성) indicator, scored by the committee: graded by a qualitative
    grade, or measured 정성 — except a milestone indicator, which its stages grade (the one
    test the committee services, selectors and runs share)."""
    if indicator.direction == "milestone":
        return False
    return bool(indicator.direction == "qualitative" or indicator.measure == "qualitative")


def committee_evaluation(base: Evaluation, cell: Cell, scheme: GradingScheme) -> Evaluation:
    """A qualitative indicator's evaluation from its committee's aggregated points
    (``engine.committee.committee_aggregate``): the points are the rate, graded by the plan's
    scheme; the explanation names the method, the member count and the scores."""
    source = cell.explanation or Explanation(formula="위원회 채점")
    points = cell.value if isinstance(cell.value, Decimal) else None
    ach = Achievement(CellStatus.OK if points is not None else cell.status, points, points, source)
    return Evaluation(
        ach,
        grade(ach, scheme),
        base.target_text,
        "",
        target_parsed=base.target_parsed,
        rules_version=base.rules_version,
        rule=f"committee ({source.inputs.get('방법', '')}, {source.inputs.get('위원 수', '0')}명)",
    )


def plan_evaluate(
    tree: Any,
    scheme: GradingScheme,
    *,
    year: int,
    committee: Mapping[int, Cell] | None = None,
    overrides: Mapping[int, Override] | None = None,
) -> PlanEvaluation:
    """Every indicator of a plan tree (``results.selectors.plan_tree``) in ``year``, and every
    owner's aggregates — the figures of the result sheet (``reports`` kind ``result``): the
    indicator score by the plan's score rule (:func:`score_rule_of`: its score steps, else
    :data:`SCORE_RULE`), the owner's perspective and overall scores by ``engine.scoring`` and
    the grade counts by ``engine.reconciliation.count_grades`` (a "-" of an indicator with a
    not-rated bucket counted under that grade).

    ``committee`` maps a qualitative indicator's id to its committee's aggregated points (a
    closed scoring round, ``evaluation.committee_selectors.committee_cells``): those points
    stand for its achievement rate instead of its stored actual. ``overrides`` (indicator id →
    R8 override) are applied to the grades (the score comes from the achievement and does not
    change)."""
    from seonggwa.engine.scoring import WeightedItem, perspective_scores, weighted_score

    plan = getattr(tree, "plan", None)
    score_rule = score_rule_of(plan)
    default_cap = _decimal(getattr(plan, "default_cap", None))

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
                        ind,
                        node.values_by_year,
                        year,
                        scheme,
                        previous_actual=node.previous_actual,
                        default_cap=default_cap,
                    )
                    cell = committee.get(ind.pk) if committee else None
                    if cell is not None and is_qualitative(ind):
                        ev = committee_evaluation(ev, cell, scheme)
                    if overrides and ind.pk in overrides:
                        ev = evaluation_overridden(ev, scheme, overrides[ind.pk])
                    score = indicator_score(ev, score_rule)
                    mark = ev.grade.mark
                    if score_rule.steps and score.ok:
                        ev = replace(
                            ev,
                            notes=(
                                *ev.notes,
                                f"점수 {score.text} (점수 구간: {score_steps_text(score_rule)}, "
                                f"{score_rule.tag})",
                            ),
                        )
                    bucket = rules_of(ind).not_rated_bucket
                    if bucket and ev.grade.band is scheme.not_rated:
                        try:
                            counted = scheme.band(bucket)
                        except KeyError:
                            counted = None
                        if counted is not None and counted is not scheme.not_rated:
                            mark = counted.mark
                            ev = replace(
                                ev,
                                notes=(
                                    *ev.notes,
                                    f"'-'는 {counted.label}(으)로 셈 (R5 미평가 구분)",
                                ),
                            )
                    outcomes.append(IndicatorOutcome(ind, owner_node.owner, key, ev, score, persp))
                    items.append(WeightedItem(ind.name, ind.weight, score, key))
                    marks.append(mark)
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
    ranks = competition_ranks([cell_decimal(o.overall) for o in owners])
    out = []
    for o, rank in zip(owners, ranks, strict=True):
        out.append(
            OwnerOutcome(
                o.owner,
                o.perspective_scores,
                o.overall,
                o.grade_counts,
                o.not_rated,
                o.indicators,
                rank,
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
