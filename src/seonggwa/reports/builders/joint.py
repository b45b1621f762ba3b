"""지방자치단체 합동평가 (report kind ``joint-evaluation``): the indicators per national goal
with the printed group averages, each peer group's regions side by side (applicable and met
quantitative indicators, 목표달성도 (R17), rank, group average, the printed figures), the
result tables as printed, the qualitative best cases per group, the indicator list and the
timeline with the workflow window each step governs. Reads ``source.joint`` (the
figures ``frameworks.joint_selectors.joint_report_data`` computed with the engine); runs no
queries."""

from __future__ import annotations

from typing import TYPE_CHECKING

from seonggwa.engine.cells import Cell

from ..errors import ReportError
from ..model import CellKind, Column, Report, Row, RowKind, Table, TableCell, one_row_header
from .cells import count, decimal, text

if TYPE_CHECKING:
    from seonggwa.frameworks.joint_selectors import Comparison, JointOverview

    from ..selectors import ReportSource

GROUPS = {"city": "시부", "province": "도부"}
GOVERNS = {"entry": "실적 입력 기간", "objections": "이의신청 마감", "": "-"}
SELECTIONS = {"public": "국민공감", "panel": "합동평가단"}
SCOPES = {"common": "공통", "partial": "부분", "none": "-"}


def build_joint(report: Report, source: ReportSource, *, unit: str | None) -> None:
    """The joint-evaluation tables of ``source``'s plan; ``unit`` ("시부" / "도부") keeps one
    group's comparison."""
    data = source.joint
    if data is None:
        raise ReportError(
            f"{source.organisation} {source.plan.year}년 합동평가 자료가 없습니다. "
            "합동평가 결과 문서를 먼저 가져오세요(seonggwa import-joint-evaluation)."
        )
    if unit is not None and unit not in GROUPS.values():
        raise ReportError(f"'{unit}' 그룹이 없습니다. 그룹: 시부, 도부.")
    report.tables = [
        goals_table(data.overview),
        *(comparison_table(c) for c in data.comparisons if unit is None or GROUPS[c.group] == unit),
        printed_table(data.overview),
        *([best_cases_table(data.overview)] if data.overview.best_cases else []),
        indicators_table(data.overview),
        timeline_table(data.overview),
    ]
    evaluation = data.overview.evaluation
    report.footnotes.append(
        f"평가근거: {evaluation.basis or '-'}. 평가수행: {evaluation.evaluators or '-'}."
    )


def _cell(cell: Cell, places: int = 1) -> TableCell:
    value = cell.value if cell.ok else None
    return decimal(value, places, cell.explanation.render() if cell.explanation else "")  # type: ignore[arg-type]


def goals_table(overview: JointOverview) -> Table:
    columns = [
        Column("goal", "국정목표", CellKind.TEXT, 24),
        Column("indicators", "지표", CellKind.INT, 8),
        Column("quantitative", "정량", CellKind.INT, 8),
        Column("qualitative", "정성", CellKind.INT, 8),
        Column("city", "시부 평균(%)", CellKind.DECIMAL, 10),
        Column("province", "도부 평균(%)", CellKind.DECIMAL, 10),
    ]
    table = Table(
        key="joint_goals",
        title="국정목표별 평가지표와 정량지표 평균 달성도",
        unit_line="(단위: 개, %)",
        columns=columns,
        header_rows=one_row_header(columns),
        footnotes=["평균 달성도는 결과 표에 인쇄된 값입니다."],
    )
    for g in overview.goals:
        table.rows.append(
            Row(
                [
                    text(f"{g.goal.number}. {g.goal.name}"),
                    count(g.indicators),
                    count(g.quantitative),
                    count(g.qualitative),
                    decimal(g.printed_city, 1, "인쇄값"),
                    decimal(g.printed_province, 1, "인쇄값"),
                ]
            )
        )
    total, quantitative, qualitative = overview.totals
    table.rows.append(
        Row(
            [
                text("계"),
                count(total),
                count(quantitative),
                count(qualitative),
                decimal(None, 1),
                decimal(None, 1),
            ],
            RowKind.TOTAL,
        )
    )
    return table


def comparison_table(c: Comparison) -> Table:
    label = GROUPS[c.group]
    columns = [
        Column("region", "시·도", CellKind.TEXT, 14),
        Column("applicable", "해당 정량지표", CellKind.INT, 10),
        Column("met", "달성", CellKind.INT, 8),
        Column("share", "목표달성도(%)", CellKind.DECIMAL, 10),
        Column("rank", "순위", CellKind.INT, 6),
        Column("printed", "인쇄값(%)", CellKind.DECIMAL, 10),
    ]
    table = Table(
        key=f"joint_regions_{c.group}",
        title=f"{label} 시·도별 정량지표 목표달성도",
        unit_line="(단위: 개, %)",
        columns=columns,
        header_rows=one_row_header(columns),
        footnotes=[
            "목표달성도 = 목표를 달성한 정량지표 수 ÷ 그 시·도에 해당하는 정량지표 수 × 100 (R17; "
            "부분평가 지표는 평가받는 시·도에만 해당).",
        ],
    )
    for r in c.rows:
        table.rows.append(
            Row(
                [
                    text(r.region.full_name or r.region.name),
                    count(r.applicable),
                    count(r.met),
                    _cell(r.achievement),
                    count(r.rank) if r.rank is not None else text("-"),
                    decimal(r.printed, 1, "결과 표 인쇄값"),
                ]
            )
        )
    table.rows.append(
        Row(
            [
                text(f"{label} 평균"),
                text(""),
                text(""),
                _cell(c.average),
                text(""),
                decimal(c.printed_average, 1, f"인쇄값 {c.printed_change_text}".strip()),
            ],
            RowKind.TOTAL,
        )
    )
    if c.printed_change_text:
        table.footnotes.append(f"인쇄된 {label} 평균의 전년 대비 변화: {c.printed_change_text}.")
    return table


def printed_table(overview: JointOverview) -> Table:
    columns = [
        Column("goal", "국정목표", CellKind.TEXT, 20),
        Column("group", "구분", CellKind.TEXT, 6),
        Column("region", "시·도", CellKind.TEXT, 8),
        Column("measure", "항목", CellKind.TEXT, 10),
        Column("value", "값", CellKind.DECIMAL, 8),
        Column("raw", "인쇄", CellKind.TEXT, 24),
    ]
    table = Table(
        key="joint_printed",
        title="평가 결과 표(인쇄된 값)",
        unit_line="(단위: %, 건)",
        columns=columns,
        header_rows=one_row_header(columns),
    )
    for p in overview.printed:
        table.rows.append(
            Row(
                [
                    text(p.goal.name if p.goal else "전체"),
                    text(GROUPS.get(p.group, p.group)),
                    text(p.region.name if p.region else "평균"),
                    text("목표달성도" if p.measure == "achievement" else "우수사례"),
                    decimal(p.value, 1 if p.measure == "achievement" else 0),
                    text(p.raw),
                ]
            )
        )
    return table


def indicators_table(overview: JointOverview) -> Table:
    columns = [
        Column("number", "연번", CellKind.INT, 6),
        Column("goal", "국정목표", CellKind.TEXT, 18),
        Column("name", "지표명", CellKind.TEXT, 40),
        Column("kind", "유형", CellKind.TEXT, 6),
        Column("ministry", "소관부처", CellKind.TEXT, 10),
        Column("city", "시부", CellKind.TEXT, 6),
        Column("province", "도부", CellKind.TEXT, 6),
    ]
    table = Table(
        key="joint_indicators",
        title="지표체계",
        unit_line="",
        columns=columns,
        header_rows=one_row_header(columns),
    )
    for i in overview.indicators:
        table.rows.append(
            Row(
                [
                    count(i.number),
                    text(i.goal.name),
                    text(i.indicator.name),
                    text("정성" if i.kind == "qualitative" else "정량"),
                    text(i.ministry),
                    text(SCOPES.get(i.scope_city, i.scope_city)),
                    text(SCOPES.get(i.scope_province, i.scope_province)),
                ]
            )
        )
    return table


def timeline_table(overview: JointOverview) -> Table:
    columns = [
        Column("stage", "단계", CellKind.TEXT, 10),
        Column("step", "내용", CellKind.TEXT, 36),
        Column("from", "시작", CellKind.TEXT, 10),
        Column("to", "끝", CellKind.TEXT, 10),
        Column("governs", "업무 기간", CellKind.TEXT, 12),
    ]
    table = Table(
        key="joint_timeline",
        title="추진 경과",
        unit_line="",
        columns=columns,
        header_rows=one_row_header(columns),
        footnotes=[
            "실적 입력 기간: 계획의 실적 입력 기간을 정하는 단계. 이의신청 마감: 평가 결과를 "
            "부서에 공유할 때 이의신청 마감일의 기본값. 나머지는 일정만 표시합니다.",
        ],
    )
    for t in overview.timeline:
        table.rows.append(
            Row(
                [
                    text(t.stage),
                    text(t.label),
                    text(t.starts_on.isoformat() if t.starts_on else "-"),
                    text(t.ends_on.isoformat() if t.ends_on else "-"),
                    text(GOVERNS.get(t.governs, t.governs)),
                ]
            )
        )
    return table


def best_cases_table(overview: JointOverview) -> Table:
    columns = [
        Column("group", "구분", CellKind.TEXT, 6),
        Column("region", "시·도", CellKind.TEXT, 12),
        Column("title", "우수사례", CellKind.TEXT, 36),
        Column("indicator", "지표", CellKind.TEXT, 20),
        Column("selection", "선정", CellKind.TEXT, 8),
        Column("summary", "주요내용", CellKind.TEXT, 48),
    ]
    table = Table(
        key="joint_best_cases",
        title="정성평가 우수사례(그룹별)",
        unit_line="",
        columns=columns,
        header_rows=one_row_header(columns),
    )
    for group in GROUPS:
        for c in overview.best_cases_of(group):
            table.rows.append(
                Row(
                    [
                        text(GROUPS[group]),
                        text(c.region.full_name or c.region.name),
                        text(c.title),
                        text(f"{c.indicator.number}. {c.indicator.indicator.name}")
                        if c.indicator
                        else text("-"),
                        text(SELECTIONS.get(c.selection, c.selection)),
                        text(c.summary or "-"),
                    ]
                )
            )
    return table
