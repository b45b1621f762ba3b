"""성과보고서 (report kind ``report``): 가. 총괄 — counts, marks (◎ ○ × per band, "-" under
미달성, R5) and settlements per unit, the 계 row first — and 나. 성과목표 및 재원비중 with each
indicator's mark and the units' shares of the settlement; charts of marks and shares."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from seonggwa.engine.grading import GradingScheme
from seonggwa.engine.reconciliation import count_grades

from ..evaluate import report_scheme_for
from ..model import CellKind, Column, Formula, HeaderCell, Report, Row, Table, one_row_header
from .cells import count, money, text
from .detail import detail_rows
from .marks import Marker, marker
from .scheme import plan_scheme
from .summary import with_total_row
from .table_charts import grade_chart, share_chart
from .units import UnitFigures, unit_money, units_collect, units_select

if TYPE_CHECKING:
    from ..selectors import ReportSource


def build_report(report: Report, source: ReportSource, *, unit: str | None) -> None:
    """The 성과보고서 총괄표 of ``source``'s plan (an imported 성과보고서, or a 성과계획서 with
    its approved actuals); ``unit`` keeps one 실국's rows (shares stay relative to the whole
    plan)."""
    plan = source.plan
    units = units_collect(source, settlement=True)
    selected = units_select(units, unit)
    scheme = plan_scheme(plan, report_scheme_for)
    base = None
    if unit is not None:
        base = {u.name: int(u.detail_amount) for u in units if u.detail_amount is not None}
    # the marks of the run the report reads (its stored results), else computed now
    mark = marker(source, plan.year, scheme)
    summary = report_summary_table(selected, scheme, plan.year, mark=mark)
    detail = report_detail_table(selected, scheme, plan.year, share_base=base, mark=mark)
    for name, old_target, new_target, day in source.target_changes:
        # approved mid-year changes (지표·목표 변경): the report says which targets changed
        detail.footnotes.append(f"※ 목표 변경({day} 승인): {name} {old_target} → {new_target}")
    report.tables = [summary, detail]
    report.legend = scheme.legend()
    report.charts = [
        grade_chart(summary),
        share_chart(detail, "실국별 재원비중 (결산액 기준)", "원"),
    ]


@dataclass
class MarkCounts:
    exceeded: int = 0
    achieved: int = 0
    not_achieved: int = 0


def _mark_counts(uf: UnitFigures, scheme: GradingScheme, mark: Marker) -> MarkCounts:
    # R5 (engine.reconciliation.count_grades): ◎ ○ × per band, "-" counted under the scheme's
    # not-rated bucket (미달성 for the performance report)
    marks = [mark(node)[0].split(" ")[0] for node in uf.indicators]
    graded = count_grades(marks, scheme)
    counts = MarkCounts(
        exceeded=graded.counts.get("exceeded", 0),
        achieved=graded.counts.get("achieved", 0),
        not_achieved=graded.counts.get("not_achieved", 0),
    )
    return counts


def report_summary_table(
    units: list[UnitFigures], scheme: GradingScheme, year: int, *, mark: Marker
) -> Table:
    """가. 총괄: one row per unit after the 계 row, marks counted per band, money in 원."""
    columns = [
        Column("unit", "실국명", CellKind.TEXT),
        Column("strategic_goals", "전략목표수", CellKind.INT),
        Column("policy_goals", "정책사업목표 개수", CellKind.INT),
        Column("indicators", "지표수", CellKind.INT),
        Column("exceeded", "초과달성", CellKind.INT),
        Column("achieved", "달성", CellKind.INT),
        Column("not_achieved", "미달성", CellKind.INT),
        Column("settlement", "결산액", CellKind.INT, 16),
        Column("previous_settlement", "전년도 결산액", CellKind.INT, 16),
        Column("change", "비교증감", CellKind.INT, 16),
    ]
    header = [
        [
            HeaderCell("실국명", 0, rowspan=3),
            HeaderCell("성과목표", 1, colspan=3),
            HeaderCell("성과달성도", 4, colspan=3),
            HeaderCell("결산액", 7, colspan=3),
        ],
        [
            HeaderCell("전략목표수", 1, rowspan=2),
            HeaderCell("정책사업목표", 2, colspan=2),
            HeaderCell("초과달성", 4, rowspan=2),
            HeaderCell("달성", 5, rowspan=2),
            HeaderCell("미달성", 6, rowspan=2),
            HeaderCell("결산액", 7, rowspan=2),
            HeaderCell("전년도 결산액", 8, rowspan=2),
            HeaderCell("비교증감", 9, rowspan=2),
        ],
        [HeaderCell("개수", 2), HeaderCell("지표수", 3)],
    ]
    rows: list[Row] = []
    for uf in units:
        counts = _mark_counts(uf, scheme, mark)
        s, s_src = unit_money(uf, "settlement")
        p, p_src = unit_money(uf, "previous_settlement")
        si = int(s) if s is not None else None
        pi = int(p) if p is not None else None
        change = si - pi if si is not None and pi is not None else None
        rows.append(
            Row(
                [
                    text(uf.name),
                    count(uf.goals, "전략목표 수"),
                    count(uf.policies, "정책사업목표 수"),
                    count(len(uf.indicators), "성과지표 수 = 초과달성 + 달성 + 미달성 (R5)"),
                    count(counts.exceeded, "◎ 지표 수"),
                    count(counts.achieved, "○ 지표 수"),
                    count(counts.not_achieved, "× 와 - (미평가) 지표 수 (R5)"),
                    money(si, negative="△", explanation=s_src),
                    money(pi, negative="△", explanation=p_src),
                    money(
                        change,
                        negative="△",
                        explanation="결산액 − 전년도 결산액",
                        formula=Formula("diff", 7, 8),
                    ),
                ]
            )
        )
    return with_total_row(
        Table(
            key="report_summary",
            title="가. 총괄",
            unit_line="(단위: 개, 원)",
            columns=columns,
            header_rows=header,
            rows=rows,
            footnotes=["※ 미평가(-) 지표는 미달성으로 집계함"],
        ),
        diff=(9, 7, 8),
        negative="△",
    )


def report_detail_table(
    units: list[UnitFigures],
    scheme: GradingScheme,
    year: int,
    *,
    share_base: dict[str, int] | None = None,
    mark: Marker,
) -> Table:
    """나. 성과목표 및 재원비중: one row per indicator with its mark of ``year``; settlement
    and share on a unit's first row."""
    yy = f"{year % 100:02d}"
    columns = [
        Column("strategic_goal", "전략목표명 (실국명)", CellKind.TEXT, 36),
        Column("policy_goal", "정책사업목표명", CellKind.TEXT, 36),
        Column("indicator", "성과지표명", CellKind.TEXT, 36),
        Column("mark", f"'{yy}년 달성성과", CellKind.MARK, 10),
        Column("amount", "결산액 (원)", CellKind.INT, 18),
        Column("share", "비중(%)", CellKind.DECIMAL, 9),
    ]
    header = one_row_header(columns)
    amounts = {uf.name: int(uf.detail_amount) for uf in units if uf.detail_amount is not None}
    denominator = Decimal(sum((share_base or amounts).values()))
    rows = detail_rows(
        units,
        amounts,
        share_base or amounts,
        mark=mark,
        with_formula=share_base is None,
        negative="△",
    )
    return Table(
        key="report_detail",
        title="나. 성과목표 및 재원비중",
        unit_line="(단위: 원, %)",
        columns=columns,
        header_rows=header,
        rows=rows,
        legend=scheme.legend(),
        footnotes=[f"※ 비중 = 실국 결산액 ÷ 이 표의 결산액 합계({int(denominator):,}원) × 100"],
    )
