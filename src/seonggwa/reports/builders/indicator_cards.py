"""성과지표 카드 (report kind ``indicator-cards``): one card per indicator — by year its
target, actual, the actual's status, achievement rate and grade with how they were computed;
definition, direction, data source and evidence as notes — and a trend chart of target and
actual for an indicator with values in two years or more."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from seonggwa.engine.grading import GradingScheme

from ..evaluate import indicator_evaluate, scheme_for
from ..model import (
    CellKind,
    Chart,
    ChartKind,
    Column,
    Report,
    Row,
    Series,
    Table,
    TableCell,
    one_row_header,
)
from .cells import decimal, text
from .marks import NOT_IN_RUN, shown_grade, stored_explanation
from .scheme import plan_scheme

if TYPE_CHECKING:
    from seonggwa.evaluation.models import IndicatorResult
    from seonggwa.results.models import Evidence
    from seonggwa.results.selectors import PlanTree

    from ..selectors import ReportSource

STATUS_LABELS = {"draft": "작성중", "submitted": "제출", "approved": "승인", "rejected": "반려"}


def build_indicator_cards(report: Report, source: ReportSource, *, unit: str | None) -> None:
    """The cards of ``source``'s indicators, graded by the plan's scheme; ``unit`` keeps one
    실국's indicators."""
    scheme = plan_scheme(source.plan, scheme_for)
    stored = None
    if source.run is not None:
        stored = StoredYear(source.plan.year, source.run.by_indicator, public=source.public)
    report.tables, report.charts = indicator_card_tables(
        source.tree, source.evidence, scheme, unit, stored=stored
    )
    report.legend = scheme.legend()


@dataclass(frozen=True)
class StoredYear:
    """The run a card reads: its year's row shows the stored result; the public reads no
    other year's grade (grades reach the public only from published runs)."""

    year: int
    results: Mapping[int, IndicatorResult]
    public: bool = False


def _evidence_line(e: Evidence) -> str:
    return f"{e.value.year}년 실적: {e.original_name} ({e.size:,} bytes, SHA-256 {e.sha256[:12]}…)"


def indicator_card_tables(
    tree: PlanTree,
    evidence: Mapping[int, Sequence[Evidence]],
    scheme: GradingScheme,
    unit: str | None,
    *,
    stored: StoredYear | None = None,
) -> tuple[list[Table], list[Chart]]:
    """The cards and trend charts; ``evidence`` is the plan's evidence by indicator id."""
    tables: list[Table] = []
    charts: list[Chart] = []
    n = 0
    for owner_node in tree.owners:
        if unit is not None and owner_node.owner.unit.name != unit:
            continue
        for g in owner_node.goals:
            for p in g.policies:
                for node in p.indicators:
                    n += 1
                    ind = node.indicator
                    years = sorted(node.values_by_year)
                    columns = [
                        Column("year", "연도", CellKind.TEXT, 6),
                        Column("target", "목표", CellKind.TEXT, 14),
                        Column("actual", "실적", CellKind.TEXT, 14),
                        Column("status", "실적 상태", CellKind.TEXT, 8, internal=True),
                        Column("rate", "달성률(%)", CellKind.DECIMAL, 9),
                        Column("mark", "등급", CellKind.MARK, 6),
                        Column("explanation", "계산 설명", CellKind.TEXT, 60, internal=True),
                    ]
                    rows: list[Row] = []
                    t_series: list[Decimal | None] = []
                    a_series: list[Decimal | None] = []
                    for year in years:
                        vals = node.values_by_year[year]
                        ev = indicator_evaluate(
                            ind,
                            node.values_by_year,
                            year,
                            scheme,
                            previous_actual=node.previous_actual,
                        )
                        actual = vals.get("actual")
                        target = vals.get("target")
                        t_series.append(
                            Decimal(target.value)
                            if target is not None and target.value is not None
                            else None
                        )
                        a_series.append(
                            Decimal(actual.value)
                            if actual is not None and actual.value is not None
                            else None
                        )
                        if stored is not None and (year == stored.year or stored.public):
                            rows.append(
                                _stored_row(year, stored, ind.pk, target, actual, STATUS_LABELS)
                            )
                            continue
                        rows.append(
                            Row(
                                [
                                    text(f"{year}"),
                                    text(ev.target_text or "-"),
                                    text(ev.actual_text or "-"),
                                    text(
                                        STATUS_LABELS.get(actual.status, actual.status)
                                        if actual is not None
                                        else "-"
                                    ),
                                    decimal(
                                        ev.achievement.rate, 1, ev.achievement.explanation.render()
                                    )
                                    if ev.achievement.ok
                                    else TableCell(
                                        None,
                                        "-",
                                        CellKind.DECIMAL,
                                        1,
                                        ev.achievement.explanation.render(),
                                    ),
                                    TableCell(
                                        ev.grade.mark,
                                        ev.grade.mark,
                                        CellKind.MARK,
                                        explanation=ev.grade.explanation.render(),
                                    ),
                                    text(ev.explanation()),
                                ]
                            )
                        )
                    ev_list = [_evidence_line(e) for e in evidence.get(ind.pk, [])]
                    notes = [
                        f"정의: {ind.definition or '-'}",
                        f"측정 방향: {ind.get_direction_display()} · 단위: {ind.unit_of_measure or '-'} · 자료 출처: {ind.data_source or '-'}",
                        "증빙: " + ("; ".join(ev_list) if ev_list else "등록된 증빙 없음"),
                    ]
                    code = f"{ind.code}. " if ind.code else ""
                    tables.append(
                        Table(
                            key=f"card_{n}",
                            title=f"{code}{ind.name}",
                            heading=f"{owner_node.owner} · {g.goal}",
                            unit_line=f"(단위: {ind.unit_of_measure})"
                            if ind.unit_of_measure
                            else "",
                            columns=columns,
                            header_rows=one_row_header(columns),
                            rows=rows,
                            footnotes=notes,
                            legend=scheme.legend(),
                        )
                    )
                    # a trend needs two years: a one-point line says nothing and costs
                    # a picture per indicator in xlsx, PDF and HWPX (420 on seed 000)
                    years_with_values = sum(
                        1
                        for t, a in zip(t_series, a_series, strict=True)
                        if t is not None or a is not None
                    )
                    if years_with_values >= 2:
                        charts.append(
                            Chart(
                                key=f"trend_{n}",
                                title=f"{ind.name}: 목표 대비 실적",
                                kind=ChartKind.LINE,
                                categories=[str(y) for y in years],
                                series=[Series("목표", t_series), Series("실적", a_series)],
                                unit=ind.unit_of_measure,
                            )
                        )
    return tables, charts


def _stored_row(
    year: int,
    stored: StoredYear,
    indicator_id: int,
    target: Any,
    actual: Any,
    labels: Mapping[str, str],
) -> Row:
    """A card's row of ``year`` from the run's stored result (another year, for the public:
    target and actual only, no grade)."""
    status = text(labels.get(actual.status, actual.status) if actual is not None else "-")
    r = stored.results.get(indicator_id) if year == stored.year else None
    if r is None:
        why = NOT_IN_RUN if year == stored.year else "공개된 평가 회차 밖의 연도"
        return Row(
            [
                text(f"{year}"),
                text(target.raw_text if target is not None and year != stored.year else "-"),
                text(actual.raw_text if actual is not None and year != stored.year else "-"),
                status,
                TableCell(None, "-", CellKind.DECIMAL, 1, why),
                TableCell("-", "-", CellKind.MARK, explanation=why),
                text(why),
            ]
        )
    shown = shown_grade(r)
    return Row(
        [
            text(f"{year}"),
            text(r.target_raw or "-"),
            text(r.actual_raw or "-"),
            status,
            decimal(r.achievement, 1, r.explanation)
            if r.achievement is not None
            else TableCell(None, "-", CellKind.DECIMAL, 1, r.explanation),
            TableCell(shown, shown, CellKind.MARK, explanation=stored_explanation(r)),
            text(stored_explanation(r)),
        ]
    )
