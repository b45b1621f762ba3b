"""부서별 성과평가 결과 (report kind ``result``): per owner and perspective the weighted score
of the indicators and the grade counts, each owner's overall score, weight problems as
footnotes, and a chart of the scores."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING

from seonggwa.engine.grading import GradingScheme
from seonggwa.engine.reconciliation import count_grades
from seonggwa.engine.scoring import (
    DeclaredWeight,
    WeightedItem,
    WeightRow,
    check_weights,
    perspective_scores,
    weighted_score,
)
from seonggwa.evaluation.compute import IndicatorOutcome, plan_evaluate

from ..evaluate import SCORE_NOTE, UnknownScheme, scheme_for
from ..model import (
    CellKind,
    Chart,
    ChartKind,
    Column,
    Report,
    Row,
    RowKind,
    Series,
    Table,
    TableCell,
    one_row_header,
)
from .cells import blank, count, decimal, plain, text
from .marks import shown_grade, stored_explanation
from .scheme import plan_scheme

if TYPE_CHECKING:
    from seonggwa.evaluation.models import IndicatorResult
    from seonggwa.plans.models import Plan
    from seonggwa.results.selectors import PlanTree

    from ..selectors import ReportSource


def build_result(report: Report, source: ReportSource, *, unit: str | None) -> None:
    """The result sheet of ``source``'s plan, graded by the plan's scheme; ``unit`` keeps
    one 실국's owners."""
    if source.run is not None:
        # the run's own scheme: its stored grades were given by it
        scheme = _run_scheme(source)
        report.tables, report.charts = stored_result_tables(source, scheme, unit)
    else:
        scheme = plan_scheme(source.plan, scheme_for)
        report.tables, report.charts = result_tables(source.plan, source.tree, scheme, unit)
    report.legend = scheme.legend()


def _run_scheme(source: ReportSource) -> GradingScheme:
    assert source.run is not None
    try:
        return scheme_for(source.run.run.scheme_name)
    except UnknownScheme:
        return plan_scheme(source.plan, scheme_for)


def _columns(scheme: GradingScheme) -> list[Column]:
    return [
        Column("owner", "부서", CellKind.TEXT, 22),
        Column("perspective", "관점 (전략목표)", CellKind.TEXT, 26),
        Column("weight", "가중치", CellKind.DECIMAL, 8),
        Column("indicators", "지표수", CellKind.INT, 7),
        Column("score", "점수", CellKind.DECIMAL, 8),
        Column("top", scheme.bands[0].label, CellKind.INT, 8),
        Column("mid", scheme.bands[1].label if len(scheme.bands) > 2 else "-", CellKind.INT, 8),
        Column("low", scheme.bands[-1].label, CellKind.INT, 8),
        Column("not_rated", f"{scheme.not_rated.label}({scheme.not_rated.mark})", CellKind.INT, 8),
    ]


def _counts_cells(marks: list[str], scheme: GradingScheme) -> list[TableCell]:
    # "-" counted in its own column, not folded into a bucket (R5)
    graded = count_grades(marks, scheme, not_rated_bucket=scheme.not_rated.code)
    codes = [b.code for b in scheme.bands]
    top = graded.counts.get(codes[0], 0)
    low = graded.counts.get(codes[-1], 0)
    mid = sum(graded.counts.get(c, 0) for c in codes[1:-1])
    return [count(top), count(mid), count(low), count(graded.not_rated + graded.missing)]


def _chart(
    per_owner: dict[str, dict[str, Decimal | None]],
    owner_scores: dict[str, Decimal | None],
    groups: list[str],
    has_perspectives: bool,
) -> Chart:
    owners = list(per_owner)
    if has_perspectives:  # BSC: one bar per perspective
        series = [Series(g, [per_owner[o].get(g) for o in owners]) for g in groups]
        title = "부서별 관점 점수"
    else:  # no perspectives (one group per strategic goal): the owner's score only
        series = [Series("점수", [owner_scores[o] for o in owners])]
        title = "부서별 점수"
    return Chart(
        key="score_by_perspective",
        title=title,
        kind=ChartKind.BAR,
        categories=owners,
        series=series,
        unit="점",
    )


def _stored_decimal(text_value: str | None) -> Decimal | None:
    return None if text_value in (None, "") else Decimal(text_value)


def stored_result_tables(
    source: ReportSource, scheme: GradingScheme, unit: str | None
) -> tuple[list[Table], list[Chart]]:
    """부서별 성과평가 결과 from an evaluation run's stored results (``OwnerResult``: the
    perspective and overall scores; ``IndicatorResult``: the indicators, their grades and
    scores with the stored explanations) — nothing is evaluated again, so a document of a
    run reads the same after the plan's actuals change. A second table lists each
    indicator's stored result."""
    assert source.run is not None
    run = source.run
    perspective_weights: dict[tuple[int, str], Decimal | None] = {}
    has_perspectives = False
    for owner_node in source.tree.owners:
        for p in owner_node.perspectives:
            has_perspectives = True
            perspective_weights[(owner_node.owner.pk, p.name)] = p.weight
    by_group: dict[tuple[int, str], list[IndicatorResult]] = defaultdict(list)
    for r in run.results:
        by_group[(r.owner_id, r.perspective)].append(r)
    rows: list[Row] = []
    groups: list[str] = []
    per_owner: dict[str, dict[str, Decimal | None]] = {}
    owner_scores: dict[str, Decimal | None] = {}
    for o in run.owners:
        if unit is not None and o.owner.unit.name != unit:
            continue
        label = o.owner_name
        per_owner[label] = {}
        for n, entry in enumerate(o.perspective_scores):
            key = entry["perspective"]
            value = _stored_decimal(entry["score"])
            per_owner[label][key] = value
            if key not in groups:
                groups.append(key)
            results = by_group.get((o.owner_id, key), [])
            weight = perspective_weights.get((o.owner_id, key))
            explanation = " / ".join(
                [
                    "관점 점수 = Σ(가중치 × 점수) ÷ Σ가중치 (점수 없는 지표 제외, R10)",
                    *(
                        f"{r.indicator_name}: 가중치 {plain(r.weight) if r.weight is not None else '-'}"
                        f", 점수 {plain(r.score) if r.score is not None else '-'}"
                        for r in results
                    ),
                ]
            )
            rows.append(
                Row(
                    [
                        text(label if n == 0 else ""),
                        text(key),
                        decimal(weight, 1) if weight is not None else text("-"),
                        count(len(results)),
                        decimal(value, 2, explanation),
                        *_counts_cells([r.grade_mark for r in results], scheme),
                    ]
                )
            )
        owner_scores[label] = o.score
        rank = f" (순위 {o.rank})" if o.rank is not None else ""
        rows.append(
            Row(
                [
                    text(""),
                    text(f"{label} 종합"),
                    blank(),
                    count(o.indicators),
                    decimal(o.score, 2, f"{o.explanation}{rank}".strip()),
                    blank(),
                    blank(),
                    blank(),
                    blank(),
                ],
                RowKind.GROUP,
            )
        )
    columns = _columns(scheme)
    table = Table(
        key="result",
        title="부서별 성과평가 결과",
        unit_line="(단위: 점, 개)",
        columns=columns,
        header_rows=one_row_header(columns),
        rows=rows,
        legend=scheme.legend(),
        footnotes=[
            f"※ 평가 제{run.run.number}회차({run.run.period_key})의 저장된 결과. {SCORE_NOTE}"
        ],
    )
    return [table, _indicator_table(source, scheme, unit)], [
        _chart(per_owner, owner_scores, groups, has_perspectives)
    ]


def _indicator_table(source: ReportSource, scheme: GradingScheme, unit: str | None) -> Table:
    """나. 지표별 평가 결과: each indicator's stored inputs and what they gave."""
    assert source.run is not None
    columns = [
        Column("owner", "부서", CellKind.TEXT, 18),
        Column("perspective", "관점 (전략목표)", CellKind.TEXT, 22),
        Column("indicator", "성과지표", CellKind.TEXT, 30),
        Column("weight", "가중치", CellKind.DECIMAL, 7),
        Column("target", "목표", CellKind.TEXT, 10),
        Column("actual", "실적", CellKind.TEXT, 10),
        Column("rate", "달성률(%)", CellKind.DECIMAL, 9),
        Column("grade", "등급", CellKind.MARK, 8),
        Column("score", "점수", CellKind.DECIMAL, 8),
    ]
    rows: list[Row] = []
    for r in source.run.results:
        if unit is not None and r.owner.unit.name != unit:
            continue
        why = stored_explanation(r)
        shown = shown_grade(r)
        rows.append(
            Row(
                [
                    text(r.unit_name),
                    text(r.perspective),
                    text(r.indicator_name),
                    decimal(r.weight, 1) if r.weight is not None else text("-"),
                    text(r.target_raw or "-"),
                    text(r.actual_raw or "-"),
                    decimal(r.achievement, 1, r.explanation)
                    if r.achievement is not None
                    else TableCell(None, "-", CellKind.DECIMAL, 1, str(r.get_status_display())),
                    TableCell(shown, shown, CellKind.MARK, explanation=why),
                    decimal(r.score, 2, f"점수 = min(max(달성률, 0), 100) ← {r.explanation}")
                    if r.score is not None
                    else TableCell(None, "-", CellKind.DECIMAL, 2, str(r.get_status_display())),
                ]
            )
        )
    return Table(
        key="result_indicators",
        title="나. 지표별 평가 결과",
        unit_line="(단위: %, 점)",
        columns=columns,
        header_rows=one_row_header(columns),
        rows=rows,
        legend=scheme.legend(),
        footnotes=["※ 점수 없는 지표(-)는 자료 없음·미평가이며 0점이 아님"],
    )


def result_tables(
    plan: Plan, tree: PlanTree, scheme: GradingScheme, unit: str | None
) -> tuple[list[Table], list[Chart]]:
    """부서별 성과평가 결과: per owner and perspective the weighted score of the indicators
    (``evaluation.compute.plan_evaluate``, as a stored run: indicator score by
    :data:`~.evaluate.SCORE_RULE`; ``engine.scoring``: perspective and
    owner scores Σ weight × score ÷ Σ weight) and the grade counts (``engine.reconciliation``)."""
    year = plan.year
    columns = [
        Column("owner", "부서", CellKind.TEXT, 22),
        Column("perspective", "관점 (전략목표)", CellKind.TEXT, 26),
        Column("weight", "가중치", CellKind.DECIMAL, 8),
        Column("indicators", "지표수", CellKind.INT, 7),
        Column("score", "점수", CellKind.DECIMAL, 8),
        Column("top", scheme.bands[0].label, CellKind.INT, 8),
        Column("mid", scheme.bands[1].label if len(scheme.bands) > 2 else "-", CellKind.INT, 8),
        Column("low", scheme.bands[-1].label, CellKind.INT, 8),
        Column("not_rated", f"{scheme.not_rated.label}({scheme.not_rated.mark})", CellKind.INT, 8),
    ]
    header = one_row_header(columns)
    rows: list[Row] = []
    chart_groups: list[str] = []
    per_owner: dict[str, dict[str, Decimal | None]] = {}
    owner_scores: dict[str, Decimal | None] = {}
    has_perspectives = False
    notes: list[str] = []
    unweighted: list[str] = []
    # the indicators evaluated as a stored run evaluates them (``evaluation.compute``)
    by_owner: dict[int, list[IndicatorOutcome]] = defaultdict(list)
    for outcome in plan_evaluate(tree, scheme, year=year).indicators:
        by_owner[outcome.owner.pk].append(outcome)
    for owner_node in tree.owners:
        if unit is not None and owner_node.owner.unit.name != unit:
            continue
        owner_label = str(owner_node.owner)
        items: list[WeightedItem] = []
        marks: dict[str, list[str]] = defaultdict(list)
        lines: dict[str, list[str]] = defaultdict(list)
        weights: dict[str, Decimal | None] = {}
        for outcome in by_owner.get(owner_node.owner.pk, []):
            ind = outcome.indicator
            persp = outcome.perspective_row
            has_perspectives = has_perspectives or persp is not None
            key = outcome.perspective
            weights[key] = persp.weight if persp is not None else None
            score = outcome.score
            items.append(WeightedItem(ind.name, ind.weight, score, key))
            marks[key].append(outcome.evaluation.grade.mark)
            weight = plain(ind.weight) if ind.weight is not None else "-"
            lines[key].append(f"{ind.name}: 가중치 {weight}, 점수 {score.text}")
        if not items:
            continue
        by_perspective = perspective_scores(items)
        owner_score = weighted_score(items, label=f"{owner_label} 점수")
        per_owner[owner_label] = {}
        if all(i.weight is None for i in items):
            unweighted.append(owner_label)
        else:
            declared = weights if all(w is not None for w in weights.values()) else None
            found = check_weights(
                [
                    WeightRow(
                        i.key, i.weight, perspective=i.perspective, printed=i.weight is not None
                    )
                    for i in items
                ],
                owner=owner_label,
                perspectives=[DeclaredWeight(k, k, w) for k, w in declared.items()]
                if declared
                else (),
            )
            notes += [f"※ {owner_label}: {f.message}" for f in found]
        for n, (key, cell) in enumerate(by_perspective.items()):
            # "-" kept apart from the bands here (its own column), not folded into a bucket
            graded = count_grades(marks[key], scheme, not_rated_bucket=scheme.not_rated.code)
            codes = [b.code for b in scheme.bands]
            top = graded.counts.get(codes[0], 0)
            low = graded.counts.get(codes[-1], 0)
            mid = sum(graded.counts.get(c, 0) for c in codes[1:-1])
            value = cell.value if isinstance(cell.value, Decimal) and cell.ok else None
            per_owner[owner_label][key] = value
            if key not in chart_groups:
                chart_groups.append(key)
            explanation = " / ".join(
                [cell.explanation.render() if cell.explanation else "", *lines[key]]
            )
            rows.append(
                Row(
                    [
                        text(owner_label if n == 0 else ""),
                        text(key),
                        decimal(weights.get(key), 1) if weights.get(key) is not None else text("-"),
                        count(len(marks[key])),
                        decimal(value, 2, explanation),
                        count(top),
                        count(mid),
                        count(low),
                        count(graded.not_rated + graded.missing),
                    ]
                )
            )
        total_value = (
            owner_score.value if isinstance(owner_score.value, Decimal) and owner_score.ok else None
        )
        owner_scores[owner_label] = total_value
        rows.append(
            Row(
                [
                    text(""),
                    text(f"{owner_label} 종합"),
                    blank(),
                    count(len(items)),
                    decimal(
                        total_value,
                        2,
                        owner_score.explanation.render() if owner_score.explanation else "",
                    ),
                    blank(),
                    blank(),
                    blank(),
                    blank(),
                ],
                RowKind.GROUP,
            )
        )
    if unweighted:
        notes.append(
            f"※ 지표 가중치가 없어 점수를 계산하지 않은 부서: {len(unweighted)}개"
            f" ({', '.join(unweighted[:5])}{' 외' if len(unweighted) > 5 else ''})"
        )
    table = Table(
        key="result",
        title="부서별 성과평가 결과",
        unit_line="(단위: 점, 개)",
        columns=columns,
        header_rows=header,
        rows=rows,
        legend=scheme.legend(),
        footnotes=[f"※ {year}년 승인된 실적 기준. {SCORE_NOTE}", *notes],
    )
    owners = list(per_owner)
    if has_perspectives:  # BSC: one bar per perspective
        series = [Series(g, [per_owner[o].get(g) for o in owners]) for g in chart_groups]
        title = "부서별 관점 점수"
    else:  # no perspectives (one group per strategic goal): the owner's score only
        series = [Series("점수", [owner_scores[o] for o in owners])]
        title = "부서별 점수"
    chart = Chart(
        key="score_by_perspective",
        title=title,
        kind=ChartKind.BAR,
        categories=owners,
        series=series,
        unit="점",
    )
    return [table], [chart]
