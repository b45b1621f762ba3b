"""시정 리스크 관리 (report kind ``risks``): the monthly report of risk issues in the layout
of `003:2088-2162` — the management cycle and the year's operation as notes, then for each
month one row per issue: ``연번 | 리스크 이슈 | 주요내용 | 관련보도 | 리스크 | 요청사항
(단기) | 요청사항 (장기) | 중요도 | 단계 | 대응 부서 | 부서대응``, the press items written
"▶ headline (outlet 'YY. M. D.)" as the document prints them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..model import CellKind, Column, Report, Row, Table, one_row_header
from .cells import count, text

if TYPE_CHECKING:
    from seonggwa.risks.models import PressItem, RiskIssue, RiskMonth

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
IMPORTANCE = {"high": "상", "medium": "중", "low": "하", "": "-"}
STAGE = {
    "identified": "1단계 인지·발굴",
    "analysed": "2단계 중요도 분석·검토",
    "directed": "3단계 중요도·대응방향 설정",
    "follow_up": "4단계 예방·사후관리",
    "closed": "종결",
}
CYCLE = (
    "○ 관리 체계 : (1단계) 리스크 인지 및 발굴, (2단계) 리스크 중요도 분석 및 검토, "
    "(3단계) 리스크 중요도 및 대응방향 설정, (4단계) 리스크 중요도에 따른 사전 예방·사후 "
    "관리 실행 및 피드백"
)


def press_text(item: PressItem) -> str:
    """ "▶ headline (outlet 'YY. M. D.)" as 003 prints it."""
    when = f"'{item.date:%y}. {item.date.month}. {item.date.day}." if item.date else ""
    tail = " ".join(part for part in (item.outlet, when) if part)
    return f"▶ {item.headline}" + (f" ({tail})" if tail else "")


def issue_title(issue: RiskIssue) -> str:
    mark = CIRCLED[issue.number - 1] if 0 < issue.number <= len(CIRCLED) else f"{issue.number}."
    label = f" ({issue.year_label})" if issue.year_label else ""
    return f"{mark} {issue.title}{label}"


def _bullets(value: str) -> str:
    # "◦", not 003's "-": a cell opening with "-" reads as a formula to a spreadsheet
    return "\n".join(f"◦ {line}" for line in value.splitlines() if line.strip())


def month_table(month: RiskMonth, issues: Sequence[RiskIssue]) -> Table:
    """One month's issues, one row each."""
    columns = [
        Column("number", "연번", CellKind.INT, 5),
        Column("issue", "리스크 이슈", CellKind.TEXT, 26),
        Column("summary", "주요내용", CellKind.TEXT, 34),
        Column("press", "관련보도", CellKind.TEXT, 30),
        Column("risks", "리스크", CellKind.TEXT, 34),
        Column("short", "요청사항 (단기)", CellKind.TEXT, 26),
        Column("long", "요청사항 (장기)", CellKind.TEXT, 26),
        Column("importance", "중요도", CellKind.TEXT, 6),
        Column("stage", "단계", CellKind.TEXT, 14),
        Column("unit", "대응 부서", CellKind.TEXT, 14),
        Column("response", "√ 부서대응", CellKind.TEXT, 34),
    ]
    out = Table(
        key=f"risks_{month.year}_{month.month:02d}" if month.month else f"risks_{month.year}",
        title=f"□ {month} (익월 예상 리스크)" if month.month else f"□ {month} 발굴 · 전파 사례",
        unit_line="",
        columns=columns,
        header_rows=one_row_header(columns),
    )
    for issue in issues:
        unit = issue.owner_unit.name if issue.owner_unit_id and issue.owner_unit else ""
        escalated = issue.handling == "escalated"
        out.rows.append(
            Row(
                [
                    count(issue.number),
                    text(issue_title(issue)),
                    text(issue.summary),
                    text("\n".join(press_text(p) for p in issue.press.all())),
                    text(_bullets(issue.risks)),
                    text(_bullets(issue.requests_short)),
                    text(_bullets(issue.requests_long)),
                    text(IMPORTANCE.get(issue.importance, issue.importance)),
                    text(STAGE.get(issue.status, issue.status)),
                    text(unit or ("실·국" if escalated else "자체관리")),
                    text(issue.response),
                ]
            )
        )
    if month.note:
        out.footnotes.append(month.note)
    if not issues:
        out.footnotes.append("이 달의 리스크 이슈가 없습니다.")
    return out


def _empty(organisation: str, year: int) -> Table:
    columns = [Column("issue", "리스크 이슈", CellKind.TEXT, 40)]
    return Table(
        key=f"risks_{year}",
        title=f"□ {year}년 리스크 이슈",
        unit_line="",
        columns=columns,
        header_rows=one_row_header(columns),
        footnotes=["리스크 이슈가 없습니다."],
    )


def build_risks(
    months: Sequence[tuple[RiskMonth, Sequence[RiskIssue]]], *, organisation: str, year: int
) -> Report:
    """The year's risk register: one table per monthly report (the month-less cases
    first)."""
    one = len(months) == 1 and months[0][0].month is not None
    title = f"{months[0][0]} 리포트" if one else f"{year}년 시정 리스크 관리 운영 현황"
    report = Report(
        kind="risks",
        title=title,
        subtitle=f"{organisation} · {year}년",
        organisation=organisation,
        year=year,
    )
    report.tables = [month_table(month, issues) for month, issues in months]
    if not report.tables:
        report.tables = [_empty(organisation, year)]
    issues = sum(len(i) for _m, i in months)
    escalated = sum(1 for _m, i in months for x in i if x.handling == "escalated")
    # the writers print a table's notes (not the report's): the cycle goes under the first
    report.tables[0].footnotes[:0] = [
        CYCLE,
        "○ 현황 : 익월 예상되는 리스크 이슈 발굴 및 간략한 대안 포함 리포트 작성 → 이슈 "
        "영향·중요도에 따른 자체관리 또는 실·국 담당자 심층 대안 및 후속 조치",
        f"○ 이슈 {issues}건 (실·국 대응 {escalated}건)",
    ]
    return report
