"""주요 역점사업 정기평가 (report kind ``projects``): the compiled table in the layout of
`003:2404-2596` — ``연번 | 소관실국 | 과제명 | 사업기간 | 총사업비 (단위:백만원) | NN년 편성액
(단위:백만원) | 추진사항`` — with a parent (과제) above its sub-projects, the 공정률 계획 / 실행
of the period and the R18 notes; the totals count a parent's amount once. Reads
``source.projects`` (``projects.selectors.compiled_table``); runs no queries."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import ReportError
from ..model import CellKind, Column, Report, Row, RowKind, Table, TableCell, one_row_header
from .cells import decimal, text

if TYPE_CHECKING:
    from seonggwa.projects.selectors import CompiledRow, CompiledTable

    from ..selectors import ReportSource


def _million(value: object, shown: str, explanation: str = "") -> TableCell:
    return TableCell(
        None if shown == "-" else value,
        shown,
        CellKind.INT,
        0,
        explanation or "원 → 백만원, 반올림",
    )


def _row(r: CompiledRow) -> Row:
    p = r.project
    title = p.title_raw or p.name
    if r.depth:
        title = f"  └ {p.sub_number}. {p.name}" if p.sub_number else f"  └ {p.name}"
    elif p.number is None:
        title = f"{p.name} (상위 과제: 세부사업 합계, 반복된 금액은 한 번만)"
    return Row(
        [
            text(str(p.number) if p.number is not None else ""),
            text(p.department.name),
            text(title),
            text(p.period_raw or ("" if p.number is None else "-")),
            _million(
                p.total_cost, r.total_million, p.total_cost_raw and f"원문: {p.total_cost_raw}"
            ),
            _million(p.budget, r.budget_million, p.budget_raw and f"원문: {p.budget_raw}"),
            decimal(r.planned, 1) if p.number is not None else text(""),
            decimal(r.actual, 1) if p.number is not None else text(""),
            text("; ".join(r.flags)),
            text(p.progress_text),
        ],
    )


def projects_table(table: CompiledTable) -> Table:
    year = table.plan.year
    budget_year = next((r.project.budget_year for r in table.rows if r.project.budget_year), year)
    columns = [
        Column("number", "연번", CellKind.TEXT, 4),
        Column("department", "소관실국", CellKind.TEXT, 10),
        Column("title", "과제명", CellKind.TEXT, 26),
        # as printed, with its financing tag: "2016 ~ 2028 (민자사업)"
        Column("period", "사업기간", CellKind.TEXT, 11),
        Column("total", "총사업비 (단위:백만원)", CellKind.INT, 11),
        Column("budget", f"{budget_year % 100:02d}년 편성액 (단위:백만원)", CellKind.INT, 11),
        Column("planned", "계획(%)", CellKind.DECIMAL, 7),
        Column("actual", "실행(%)", CellKind.DECIMAL, 7),
        Column("r18", "점검(R18)", CellKind.TEXT, 14),
        Column("progress", "추진사항", CellKind.TEXT, 34),
    ]
    period = table.period.key if table.period is not None else "-"
    out = Table(
        key="projects",
        title="주요 역점사업 정기평가",
        unit_line=f"(단위: 백만원, 공정률 계획·실행 기준 기간: {period})",
        columns=columns,
        header_rows=one_row_header(columns),
    )
    out.rows = [_row(r) for r in table.rows]
    out.rows.append(
        Row(
            [
                text("계"),
                text(""),
                text(f"총 {table.project_count}개 사업"),
                text(""),
                _million(table.total_cost, table.total_million, "상위 과제 금액은 한 번만 셈(R18)"),
                _million(table.budget, table.budget_million, "상위 과제 금액은 한 번만 셈(R18)"),
                text(""),
                text(""),
                text(f"편성액 > 총사업비 {table.flagged}건"),
                text(""),
            ],
            RowKind.TOTAL,
        )
    )
    return out


def build_projects(report: Report, source: ReportSource, *, unit: str | None) -> None:
    """The compiled table of ``source``'s plan; ``unit`` keeps one department's projects."""
    table = source.projects
    if table is None or not table.rows:
        raise ReportError(
            f"{source.organisation} {source.plan.year}년 주요 역점사업이 없습니다. "
            "먼저 가져오세요(seonggwa import-projects)."
        )
    if unit is not None:
        kept = [r for r in table.rows if r.project.department.name == unit]
        if not kept:
            units = dict.fromkeys(r.project.department.name for r in table.rows)
            raise ReportError(f"'{unit}' 소관 역점사업이 없습니다. 실국: {', '.join(units)}.")
        table.rows = kept
    report.tables = [projects_table(table)]
    report.footnotes.append(
        "총사업비·편성액은 원 단위로 저장하고 백만원 단위로 반올림해 표시합니다. "
        "'-'는 금액 없음(계속사업·미정 포함)이며 0과 다릅니다."
    )
    report.footnotes.append(
        "R18: 편성액은 총사업비 이하여야 하며, 세부사업마다 반복해 적힌 상위 과제의 금액은 한 번만 셉니다."
    )
