"""지속가능성 평가 (report kind ``sustainability``): the tables of the sustainability report
(domain.md §4.7) — the core indicators' 달성도 by field, the field means and the overall
mean of the field means (R13), the implementation plan's counts per field with totals
(R14), one count table per field with the totals in the header cells as the document
prints them, and the grading criteria (R8). With an evaluation run (the source's ``run``),
the count tables carry beside the printed counts the ones computed from the run's grades
(``frameworks.selectors.count_comparison``, the rule the grades page uses too), with ※
where the two differ. Reads ``source.sustainability`` (the figures
``frameworks.selectors.sustainability_summary`` computed with the engine); runs no queries."""

from __future__ import annotations

from typing import TYPE_CHECKING

from seonggwa.engine.cells import Cell

from ..errors import ReportError
from ..model import (
    CellKind,
    Column,
    HeaderCell,
    Report,
    Row,
    RowKind,
    Table,
    TableCell,
    one_row_header,
)
from .cells import count, decimal, text

if TYPE_CHECKING:
    from seonggwa.frameworks.selectors import (
        CountComparison,
        FieldCounts,
        SustainabilitySummary,
    )

    from ..selectors import ReportSource

GRADES = ("달성", "일부달성", "미달성")
MARK = "※"


def build_sustainability(report: Report, source: ReportSource, *, unit: str | None) -> None:
    """The sustainability tables of ``source``'s plan; ``unit`` keeps one field's tables."""
    summary = source.sustainability
    if summary is None:
        raise ReportError(
            f"{source.organisation} {source.plan.year}년 지속가능성 평가 자료가 없습니다. "
            "지속가능성 보고서를 먼저 가져오세요(seonggwa import-sustainability)."
        )
    fields = [c.field for c in summary.counts] + list(summary.field_means)
    if unit is not None and unit not in fields:
        raise ReportError(f"'{unit}' 분야가 없습니다. 분야: {', '.join(dict.fromkeys(fields))}.")
    graded_by = ""
    if source.run is not None and summary.compared is not None:
        graded_by = f"{source.run.run.period_key} 평가 제{source.run.run.number}회차"
    compared = {c.field: c for c in summary.compared or []} if graded_by else {}
    report.tables = [
        core_table(summary, unit),
        core_means_table(summary),
        field_counts_table(summary, graded_by),
        *(
            count_table(c, n, compared.get(c.field), graded_by)
            for n, c in enumerate(summary.counts, start=1)
            if unit is None or c.field == unit
        ),
        criteria_table(summary),
        review_table(summary),
    ]
    report.footnotes += cycle_and_review_notes(summary)


def review_table(summary: SustainabilitySummary) -> Table:
    """평가 주기와 위원회 검토: where the plan's year sits in the cycle and the committee's
    review, as a small table every writer prints (CSV has no notes)."""
    columns = [
        Column("item", "구분", CellKind.TEXT, 14),
        Column("detail", "내용", CellKind.TEXT, 60),
    ]
    table = Table(
        key="sustainability_review",
        title="평가 주기와 위원회 검토",
        unit_line="",
        columns=columns,
        header_rows=one_row_header(columns),
    )
    review = summary.review
    committee = summary.framework.committee or "지속가능발전위원회"
    rows = [
        ("평가 주기", summary.cycle.text if summary.cycle is not None else ""),
        ("위원회 검토", review.text if review is not None else "위원회 검토: 검토 전"),
        ("검토 위원회", (review.committee if review is not None else "") or committee),
        ("검토일", (review.reviewed_on if review is not None else "") or "-"),
    ]
    if review is not None and review.run_label:
        rows.append(("검토한 평가", review.run_label))
    if review is not None and review.comments:
        rows.append(("의결 내용", review.comments))
    for item, detail in rows:
        table.rows.append(Row([text(item), text(detail)]))
    return table


def cycle_and_review_notes(summary: SustainabilitySummary) -> list[str]:
    """The report's footnotes on the cycle (where the plan's year sits in it, or why that
    is unknown) and on the committee's review (its status, date, committee, resolution)."""
    committee = summary.framework.committee or "지속가능발전위원회"
    cycle = summary.cycle.text if summary.cycle is not None else ""
    notes = [
        f"평가 주기: {summary.framework.cycle_years}년마다(지속가능발전 기본조례)"
        + (f" — {cycle}" if cycle else "")
        + "."
    ]
    review = summary.review
    if review is None or not review.version:
        notes.append(f"위원회 검토: 검토 전(검토: {committee}).")
        return notes
    line = review.text + "."
    if review.run_label:
        line += f" 검토한 평가: {review.run_label}."
    if review.comments:
        line += f" 의결 내용: {' '.join(review.comments.split())}"
    notes.append(line)
    return notes


def _cell(cell: Cell, places: int = 1) -> TableCell:
    """An engine cell as a report cell, with its explanation; no data is "-"."""
    value = cell.value if cell.ok else None
    return decimal(value, places, cell.explanation.render() if cell.explanation else "")  # type: ignore[arg-type]


def core_table(summary: SustainabilitySummary, unit: str | None) -> Table:
    columns = [
        Column("field", "분야", CellKind.TEXT, 10),
        Column("keyword", "키워드", CellKind.TEXT, 16),
        Column("indicator", "지표", CellKind.TEXT, 28),
        Column("achievement", "달성도(%)", CellKind.DECIMAL, 10),
        Column("printed", "달성도(인쇄)", CellKind.TEXT, 10, internal=True),
    ]
    table = Table(
        key="sustainability_core",
        title="지속가능발전지표별 달성도",
        unit_line="(단위: %)",
        columns=columns,
        header_rows=one_row_header(columns),
        footnotes=[
            "달성도는 목표치 대비 현황값으로 산출하고 100%를 넘지 않습니다(R13).",
            "'-': 통계 생산 중단 등으로 자료가 없어 평가에서 제외한 지표.",
        ],
    )
    for row in summary.core:
        if unit is not None and row.field != unit:
            continue
        achievement = (
            TableCell(None, "-", CellKind.DECIMAL, 1, "자료 없음: 제외(R13)")
            if row.excluded
            else decimal(row.achievement, 1, f"인쇄된 달성도 {row.achievement_raw}")
        )
        table.rows.append(
            Row(
                [
                    text(row.field),
                    text(row.keyword),
                    text(row.name),
                    achievement,
                    text(row.achievement_raw),
                ]
            )
        )
    return table


def core_means_table(summary: SustainabilitySummary) -> Table:
    columns = [
        Column("field", "분야", CellKind.TEXT, 14),
        Column("indicators", "지표 수", CellKind.INT, 8),
        Column("excluded", "제외", CellKind.INT, 6),
        Column("mean", "달성도(%)", CellKind.DECIMAL, 10),
    ]
    table = Table(
        key="sustainability_core_means",
        title="분야별 지속가능발전지표 달성도",
        unit_line="(단위: 개, %)",
        columns=columns,
        header_rows=one_row_header(columns),
        footnotes=["전체 달성도는 세 분야 평균의 평균입니다(R13; 지표 전체의 평균이 아님)."],
    )
    for name, cell in summary.field_means.items():
        rows = [r for r in summary.core if r.field == name]
        excluded = sum(1 for r in rows if r.excluded)
        table.rows.append(
            Row([text(name), count(len(rows) - excluded), count(excluded), _cell(cell)])
        )
    total = len(summary.core)
    excluded = sum(1 for r in summary.core if r.excluded)
    table.rows.append(
        Row(
            [text("전체"), count(total - excluded), count(excluded), _cell(summary.overall)],
            RowKind.TOTAL,
        )
    )
    return table


def _difference_notes(graded_by: str) -> list[str]:
    return [
        f"계산: {graded_by}의 등급(사유를 적은 R8 등급 조정 반영)에서 센 성과지표 수. "
        "인쇄: 보고서에 인쇄된 수(그대로 둡니다).",
        f"{MARK}: 계산한 수가 인쇄된 수와 다릅니다 — 인쇄 뒤에 실적 입력·평가·등급 조정으로 "
        "등급이 바뀌었거나, 인쇄된 성과지표가 아직 등록·평가되지 않은 것입니다.",
    ]


def _pair_header(
    lead: list[Column], printed: list[Column], computed: list[Column], graded_by: str
) -> list[list[HeaderCell]]:
    """Two header rows: the lead columns and 차이 spanning both, 인쇄 and 계산 over theirs."""
    n, p, c = len(lead), len(printed), len(computed)
    top = [HeaderCell(col.label, i, rowspan=2) for i, col in enumerate(lead)]
    top.append(HeaderCell("인쇄", n, colspan=p))
    top.append(HeaderCell(f"계산({graded_by})", n + p, colspan=c))
    top.append(HeaderCell("차이", n + p + c, rowspan=2))
    second = [HeaderCell(col.label.split(" ", 1)[-1], n + i) for i, col in enumerate(printed)]
    second += [HeaderCell(col.label.split(" ", 1)[-1], n + p + i) for i, col in enumerate(computed)]
    return [top, second]


def _mark(printed: tuple[int, ...], computed: tuple[int, ...]) -> TableCell:
    if tuple(printed) == tuple(computed):
        return text("")
    shown = "·".join(str(n) for n in printed), "·".join(str(n) for n in computed)
    return text(MARK, f"인쇄 {shown[0]} ≠ 계산 {shown[1]}")


def field_counts_table(summary: SustainabilitySummary, graded_by: str = "") -> Table:
    printed = [
        *(Column(f"grade_{n}", g, CellKind.INT, 8) for n, g in enumerate(GRADES)),
        Column("total", "성과지표", CellKind.INT, 8),
        Column("share", "달성도(%)", CellKind.DECIMAL, 10),
    ]
    lead = [Column("field", "분야", CellKind.TEXT, 12)]
    table = Table(
        key="sustainability_fields",
        title="이행계획 분야별 성과지표 달성 현황",
        unit_line="(단위: 개, %)",
        columns=lead + printed,
        header_rows=one_row_header(lead + printed),
        footnotes=["달성도 = 달성 ÷ 전체 성과지표 × 100 (R14)."],
    )
    compared = {c.field: c for c in summary.compared or []} if graded_by else {}
    if graded_by:
        printed = [Column(f"printed_{c.key}", f"인쇄 {c.label}", c.kind, c.width) for c in printed]
        computed = [
            Column(f"computed_{c.key}", f"계산 {c.label.split(' ', 1)[1]}", c.kind, c.width)
            for c in printed
        ]
        table.columns = [*lead, *printed, *computed, Column("differs", "차이", CellKind.TEXT, 5)]
        table.header_rows = _pair_header(lead, printed, computed, graded_by)
        table.footnotes += _difference_notes(graded_by)
    else:
        table.footnotes.append(
            "평가 회차가 없어 등급에서 센 수는 싣지 않았습니다(인쇄된 수만). "
            "평가를 실행하면 인쇄된 수 옆에 등급에서 센 수가 실립니다."
        )
    for c in summary.counts:
        cells = [text(c.field), *(count(n) for n in c.totals), count(c.total), _cell(c.share)]
        if graded_by:
            other = compared.get(c.field)
            totals = other.computed_totals if other else (0, 0, 0)
            share = _cell(other.computed_share) if other else decimal(None, 1, "평가된 지표 없음")
            cells += [*(count(n) for n in totals), count(sum(totals)), share]
            cells.append(_mark(c.totals, totals))
        table.rows.append(Row(cells))
    cells = [
        text("계"),
        *(count(n) for n in summary.count_totals),
        count(summary.count_total),
        _cell(summary.overall_share),
    ]
    if graded_by:
        totals = summary.compared_totals
        cells += [*(count(n) for n in totals), count(sum(totals)), _cell(summary.compared_share)]
        cells.append(_mark(summary.count_totals, totals))
    table.rows.append(Row(cells, RowKind.TOTAL))
    return table


def count_table(
    c: FieldCounts, number: int, compared: CountComparison | None = None, graded_by: str = ""
) -> Table:
    """One field's table as printed: the field totals in the header cells (달성(75)); with
    ``graded_by`` (a run's label) the counts computed from its grades beside them, ※ where
    a row differs."""
    totals = c.totals
    lead = [
        Column("strategy", "전략", CellKind.TEXT, 24),
        Column("task", "과제", CellKind.TEXT, 30),
    ]
    printed = [
        Column(f"grade_{n}", f"{g}({totals[n]})", CellKind.INT, 9) for n, g in enumerate(GRADES)
    ]
    table = Table(
        key=f"sustainability_counts_{number}",
        title=f"{c.field} 분야 성과지표 달성도",
        unit_line="(단위: 개)",
        columns=lead + printed,
        header_rows=[[HeaderCell(col.label, i) for i, col in enumerate(lead + printed)]],
        heading=f"이행계획 구성: {c.composition}" if c.composition else "",
    )
    Counts = tuple[int, int, int]
    rows: list[tuple[str, str, Counts | None, Counts | None]]
    if graded_by:
        computed_totals = compared.computed_totals if compared else (0, 0, 0)
        printed = [
            Column(f"printed_{col.key}", f"인쇄 {col.label}", col.kind, col.width)
            for col in printed
        ]
        computed = [
            Column(f"computed_grade_{n}", f"계산 {g}({computed_totals[n]})", CellKind.INT, 9)
            for n, g in enumerate(GRADES)
        ]
        table.columns = [*lead, *printed, *computed, Column("differs", "차이", CellKind.TEXT, 5)]
        table.header_rows = _pair_header(lead, printed, computed, graded_by)
        table.footnotes += _difference_notes(graded_by)
        if compared is None:  # nothing of this field graded: the printed rows against 0
            rows = [(r.strategy, r.task, r.counts, (0, 0, 0)) for r in c.rows]
        else:
            rows = [(ln.strategy, ln.task, ln.printed, ln.computed) for ln in compared.lines]
    else:
        computed_totals = (0, 0, 0)
        rows = [(r.strategy, r.task, r.counts, None) for r in c.rows]
    previous = ""
    for strategy, task, shown_counts, computed_counts in rows:
        shown = "" if strategy == previous else strategy
        previous = strategy
        cells = [text(shown), text(task)]
        if shown_counts is None:
            cells += [TableCell(None, "-", CellKind.INT, 0, "인쇄된 행 없음") for _ in GRADES]
        else:
            cells += [count(n) for n in shown_counts]
        if computed_counts is not None:
            cells += [count(n) for n in computed_counts]
            cells.append(_mark(shown_counts or (0, 0, 0), computed_counts))
        table.rows.append(Row(cells))
    cells = [text("계"), text(""), *(count(n) for n in totals)]
    if graded_by:
        cells += [*(count(n) for n in computed_totals), _mark(totals, computed_totals)]
    table.rows.append(Row(cells, RowKind.TOTAL))
    if any(d is not None and d != t for d, t in zip(c.declared, totals, strict=True)):
        printed_text = " / ".join("-" if d is None else str(d) for d in c.declared)
        table.footnotes.append(f"문서의 머리칸 합계({printed_text})가 과제 행의 합과 다릅니다.")
    return table


def criteria_table(summary: SustainabilitySummary) -> Table:
    columns = [
        Column("grade", "구분", CellKind.TEXT, 10),
        Column("rule", "세부 기준", CellKind.TEXT, 36),
        Column("example", "예", CellKind.TEXT, 40),
    ]
    table = Table(
        key="sustainability_criteria",
        title="이행계획 평가기준",
        unit_line="",
        columns=columns,
        header_rows=one_row_header(columns),
        footnotes=[
            "달성: 목표치 100% 달성, 일부달성: 50% 이상, 미달성: 50% 미만(R8). "
            "위 사유가 있으면 위원회가 등급을 조정합니다."
        ],
    )
    for c in summary.criteria:
        table.rows.append(Row([text(c.grade), text(c.rule), text(c.example)]))
    return table
