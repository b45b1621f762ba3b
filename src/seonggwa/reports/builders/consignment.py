"""민간위탁 종합성과평가 결과 (report kind ``consignment``): a year's table in the layout of
`003:458-653` — the scope, evaluators, average and rounds as footnotes, ``연번 | 평가대상
사무 | 사업부서 | 수탁기관 | 점수 | 비 고`` with the round of each service — then the services
excluded from re-contracting (R15) with the reason, and the portal's disclosure list
(정보소통광장 - 사전공표 - 사전정보공표 - 행정 - 민간위탁)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from seonggwa.engine.consignment import EXCLUSION_REMARK

from ..model import (
    CellKind,
    Column,
    Report,
    Row,
    RowKind,
    Table,
    TableCell,
    one_row_header,
)
from .cells import count, decimal, text

if TYPE_CHECKING:
    from seonggwa.consignment.selectors import YearTable

PORTAL = "정보소통광장 - 사전공표 - 사전정보공표 - 행정 - 민간위탁"


def consignment_table(table: YearTable) -> Table:
    """The year's main table with each service's round and score (2 decimals)."""
    columns = [
        Column("number", "연번", CellKind.INT, 5),
        Column("round", "차수", CellKind.TEXT, 5),
        Column("service", "평가대상 사무", CellKind.TEXT, 34),
        Column("department", "사업부서", CellKind.TEXT, 16),
        Column("contractor", "수탁기관", CellKind.TEXT, 28),
        Column("score", "점수", CellKind.DECIMAL, 8),
        Column("remark", "비 고", CellKind.TEXT, 12),
    ]
    out = Table(
        key="consignment",
        title="□ 민간위탁 사업별 종합성과평가 결과",
        unit_line="(단위: 점)",
        columns=columns,
        header_rows=one_row_header(columns),
    )
    for row in table.rows:
        out.rows.append(
            Row(
                [
                    count(row.number),
                    text(f"{row.round_number}차" if row.round_number else "-"),
                    text(row.service.name),
                    text(row.service.department_label),
                    text(row.service.contractor),
                    decimal(row.score, 2, row.reason),
                    text(EXCLUSION_REMARK if row.excluded else "", row.reason),
                ]
            )
        )
    out.rows.append(
        Row(
            [
                text("평균"),
                text(""),
                text(f"총 {len(table.rows)}개 사무"),
                text(""),
                text(""),
                decimal(table.average, 2, "모든 사무 점수의 평균, 소수 둘째 자리 반올림(R15)"),
                text(""),
            ],
            RowKind.TOTAL,
        )
    )
    return out


def exclusion_table(table: YearTable) -> Table:
    columns = [
        Column("year", "평가년도", CellKind.INT, 8),
        Column("service", "대상사무", CellKind.TEXT, 34),
        Column("score", "점수", CellKind.DECIMAL, 8),
        Column("contractor", "수탁기관", CellKind.TEXT, 28),
        Column("reason", "사유", CellKind.TEXT, 40),
    ]
    out = Table(
        key="consignment_excluded",
        title="※ 재계약 배제 사무 (평가점수 60점 미만)",
        unit_line="",
        columns=columns,
        header_rows=one_row_header(columns),
    )
    year = table.evaluation_year.year
    for row in table.excluded:
        out.rows.append(
            Row(
                [
                    year_cell(year),
                    text(row.service.name),
                    decimal(row.score, 2),
                    text(row.service.contractor),
                    text(row.reason),
                ]
            )
        )
    if not out.rows:
        out.footnotes.append("60점 미만으로 재계약에서 배제되는 사무가 없습니다.")
    return out


def year_cell(value: int) -> TableCell:
    """A year, printed without a thousands comma."""
    return TableCell(value, str(value), CellKind.INT)


def disclosure_table(table: YearTable) -> Table:
    """The list published on the city's portal: service, department, contractor, year,
    score and whether it is excluded."""
    columns = [
        Column("number", "연번", CellKind.INT, 5),
        Column("year", "평가년도", CellKind.INT, 8),
        Column("service", "위탁사무명", CellKind.TEXT, 34),
        Column("department", "소관부서", CellKind.TEXT, 16),
        Column("contractor", "수탁기관", CellKind.TEXT, 28),
        Column("score", "종합성과평가 점수", CellKind.DECIMAL, 10),
        Column("result", "평가결과 활용", CellKind.TEXT, 14),
    ]
    out = Table(
        key="consignment_disclosure",
        title=f"민간위탁 종합성과평가 결과 공개 목록 ({PORTAL})",
        unit_line="(단위: 점)",
        columns=columns,
        header_rows=one_row_header(columns),
    )
    year = table.evaluation_year.year
    for n, row in enumerate(table.rows, start=1):
        out.rows.append(
            Row(
                [
                    count(n),
                    year_cell(year),
                    text(row.service.name),
                    text(row.service.department_label),
                    text(row.service.contractor),
                    decimal(row.score, 2),
                    text(EXCLUSION_REMARK if row.excluded else "재계약 심사 반영"),
                ]
            )
        )
    return out


def _footnotes(table: YearTable) -> list[str]:
    year = table.evaluation_year
    notes = [f"○ 대 상 : 총 {len(table.rows)}개 사무"]
    if year.rule:
        notes.append(f"  - {year.rule}")
    if year.evaluators:
        notes.append(f"○ 평가기관 : {', '.join(year.evaluators)}")
    average = "-" if table.average is None else f"{table.average:.2f}"
    notes.append(f"○ 평가결과 : 총 {len(table.rows)}개 사무, 평균 {average}점")
    for rnd in table.rounds:
        notes.append(
            f"  - {rnd.number}차({rnd.opens_on.month}~{rnd.closes_on.month}월) : "
            f"{table.round_count(rnd.number)}개 사무"
        )
    notes.append("○ 평가점수 60점 미만 위탁사무의 경우 재계약 배제 (조례 제12조 ②)")
    notes.append(
        "○ 의회 동의 후 6년 경과한 후 최초로 도래하는 재위탁 또는 재계약 시 의회동의 필요 "
        "(조례 제4조의3 ②③)"
    )
    return notes


def build_consignment(table: YearTable, *, organisation: str) -> Report:
    """The year's consignment evaluation document (main table, exclusions, disclosure)."""
    year = table.evaluation_year.year
    report = Report(
        kind="consignment",
        title=f"{year}년 민간위탁 사업별 종합성과평가 결과",
        subtitle=f"{organisation} · {year}년",
        organisation=organisation,
        year=year,
    )
    report.tables = [consignment_table(table), exclusion_table(table), disclosure_table(table)]
    report.footnotes = _footnotes(table)
    return report


def build_disclosure(table: YearTable, *, organisation: str) -> Report:
    """The disclosure list alone (the page's download)."""
    year = table.evaluation_year.year
    report = Report(
        kind="consignment-disclosure",
        title=f"{year}년 민간위탁 종합성과평가 결과 공개 목록",
        subtitle=f"{organisation} · {year}년 · 공개 위치: {PORTAL}",
        organisation=organisation,
        year=year,
    )
    report.tables = [disclosure_table(table)]
    return report
