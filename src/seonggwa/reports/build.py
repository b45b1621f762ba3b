"""Database -> report model (:mod:`seonggwa.reports.model`), through selectors and the engine.

Every figure is computed here once; writers only lay it out. Money is stored in 원 and shown
in the report's unit: 백만원 for plans (each row rounded half-up, as the official tables do)
and exact 원 for reports. Totals and differences are computed from the *displayed* row
figures, so a table is internally consistent and its spreadsheet formulas recalculate to the
printed values (R1/R2 gaps of at most one per row are therefore not reproduced).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from seonggwa.engine.grading import GradingScheme
from seonggwa.engine.rounding import round_half_up
from seonggwa.engine.scoring import WeightedItem, check_weights, perspective_scores, weighted_score
from seonggwa.engine.summary import MoneyUnit, check_change, check_total, count_grades, shares
from seonggwa.organisations.models import Organisation
from seonggwa.plans.models import BudgetProgram, Plan
from seonggwa.results.selectors import IndicatorNode, OwnerNode, PlanTree, plan_tree
from seonggwa.sources.models import DeclaredFigure
from seonggwa.sources.selectors import stored_findings

from .evaluate import (
    SCORE_NOTE,
    Evaluation,
    UnknownScheme,
    indicator_evaluate,
    indicator_score,
    report_scheme_for,
    scheme_for,
)
from .model import (
    CellKind,
    Chart,
    ChartKind,
    Column,
    Formula,
    HeaderCell,
    Report,
    Row,
    RowKind,
    Series,
    Table,
    TableCell,
)

KINDS = ("plan", "report", "bsc", "indicator-cards", "result")
MILLION = Decimal(1_000_000)
HUNDRED = Decimal(100)
MARK_COLORS = ["#1f6fb2", "#4caf50", "#e4572e"]


class ReportError(Exception):
    """The report cannot be built (message in Korean, for the CLI and the web)."""


# ---------------------------------------------------------------- cells


def text(value: str, explanation: str = "") -> TableCell:
    return TableCell(value, value, CellKind.TEXT, explanation=explanation)


def count(value: int, explanation: str = "", formula: Formula | None = None) -> TableCell:
    return TableCell(value, f"{value:,}", CellKind.INT, 0, explanation, formula)


def money(
    value: int | None,
    *,
    negative: str = "-",
    explanation: str = "",
    formula: Formula | None = None,
) -> TableCell:
    """An integer amount already in the display unit; ``negative`` is ``-`` or ``△``."""
    if value is None:
        return TableCell(None, "-", CellKind.INT, 0, explanation or "자료 없음")
    shown = f"{negative}{abs(value):,}" if value < 0 else f"{value:,}"
    return TableCell(value, shown, CellKind.INT, 0, explanation, formula)


def decimal(
    value: Decimal | None, places: int, explanation: str = "", formula: Formula | None = None
) -> TableCell:
    if value is None:
        return TableCell(None, "-", CellKind.DECIMAL, places, explanation or "자료 없음")
    shown = round_half_up(value, places)
    return TableCell(shown, f"{shown:,.{places}f}", CellKind.DECIMAL, places, explanation, formula)


def plain(value: Decimal) -> str:
    """A weight as printed: ``20`` not ``20.0`` or ``2E+1``."""
    return format(value.normalize(), "f")


STATUS_LABELS = {"draft": "작성중", "submitted": "제출", "approved": "승인", "rejected": "반려"}


def blank() -> TableCell:
    return TableCell(None, "", CellKind.TEXT)


def to_million(amount: Decimal) -> int:
    """원 -> 백만원, half-up per row."""
    return int(round_half_up(amount / MILLION, 0))


# ---------------------------------------------------------------- finding the plan


def plan_for_report(organisation: Organisation, year: int, kind: str) -> Plan:
    """The plan a report kind is built from. A 성과보고서 uses the year's report plan when
    one was imported, otherwise the year's performance plan with its approved actuals."""
    preferences = {
        "plan": ["plan"],
        "report": ["report", "plan"],
        "bsc": ["bsc"],
        "indicator-cards": ["plan", "report", "bsc"],
        "result": ["bsc", "plan", "report"],
    }[kind]
    plans = {p.kind: p for p in Plan.objects.filter(organisation=organisation, year=year)}
    for k in preferences:
        if k in plans:
            return plans[k]
    wanted = ", ".join(preferences)
    raise ReportError(
        f"{organisation.name} {year}년에 '{kind}' 보고서를 만들 계획이 없습니다 (필요한 계획 종류: {wanted})."
    )


# ---------------------------------------------------------------- unit aggregation


@dataclass
class UnitFigures:
    name: str
    owners: list[OwnerNode] = field(default_factory=list)
    goals: int = 0
    policies: int = 0
    indicators: list[IndicatorNode] = field(default_factory=list)
    programs: list[BudgetProgram] = field(default_factory=list)
    declared: dict[str, Decimal] = field(default_factory=dict)
    detail_amount: Decimal | None = None  # policy-program amount (원) for 나. tables
    position: int = 0


def _declared_money(fig: DeclaredFigure) -> Decimal | None:
    if fig.value is None:
        return None
    unit = (fig.money_unit or "").replace(" ", "")
    return Decimal(fig.value) * (MILLION if unit == "백만원" else 1)


def units_collect(plan: Plan, tree: PlanTree, *, settlement: bool) -> list[UnitFigures]:
    """Per unit (실국): counts from the plan tree, money from its budget programs, or — for
    a unit with no programs (an imported summary) — from the figures the document declared."""
    units: dict[str, UnitFigures] = {}

    def unit_of(owner: Any) -> UnitFigures:
        name = owner.unit.name
        return units.setdefault(name, UnitFigures(name, position=len(units)))

    for owner_node in tree.owners:
        uf = unit_of(owner_node.owner)
        uf.owners.append(owner_node)
        for g in owner_node.goals:
            uf.goals += 1
            uf.policies += sum(1 for p in g.policies if p.goal is not None)
            for p in g.policies:
                uf.indicators.extend(p.indicators)
            amount = _goal_detail_amount(plan, g, settlement=settlement)
            if amount is not None:
                uf.detail_amount = (uf.detail_amount or Decimal(0)) + amount
    for b in BudgetProgram.objects.filter(plan=plan).select_related("owner__unit"):
        unit_of(b.owner).programs.append(b)
    declared = DeclaredFigure.objects.filter(plan=plan, table="summary", unit__isnull=False)
    order: dict[str, int] = {}
    for fig in declared.select_related("unit").order_by("position"):
        assert fig.unit is not None
        uf = units.setdefault(fig.unit.name, UnitFigures(fig.unit.name, position=len(units)))
        order.setdefault(uf.name, len(order))
        v = _declared_money(fig) if fig.key in _MONEY_KEYS else fig.value
        if v is not None:
            uf.declared[fig.key] = Decimal(v)
    result = list(units.values())
    if order:  # the document's own row order when it declared one
        result.sort(key=lambda u: (order.get(u.name, len(order) + u.position), u.position))
    return result


_MONEY_KEYS = {"budget", "previous_budget", "change", "settlement", "previous_settlement"}


def _goal_detail_amount(plan: Plan, goal_node: Any, *, settlement: bool) -> Decimal | None:
    goal = goal_node.goal
    if goal.program_amount is not None and (plan.kind == "report" or not settlement):
        return Decimal(goal.program_amount)
    values = [
        b.settlement if settlement else b.budget
        for b in goal_node.budget_programs
        if (b.settlement if settlement else b.budget) is not None
    ]
    return sum((Decimal(v) for v in values), Decimal(0)) if values else None


def _sum_money(programs: list[BudgetProgram], attr: str) -> Decimal | None:
    values = [getattr(b, attr) for b in programs if getattr(b, attr) is not None]
    return sum((Decimal(v) for v in values), Decimal(0)) if values else None


def _unit_money(uf: UnitFigures, attr: str) -> tuple[Decimal | None, str]:
    """A unit's amount in 원 and where it came from."""
    total = _sum_money(uf.programs, attr)
    if total is not None:
        return total, f"Σ 단위사업 {attr} ({len(uf.programs)}개, 원)"
    if attr in uf.declared:
        return uf.declared[attr], "문서 기재값"
    return None, "자료 없음"


# ---------------------------------------------------------------- 성과계획서


def _count_cell(uf: UnitFigures, key: str, computed: int, what: str) -> TableCell:
    if computed == 0 and key in uf.declared:
        return count(int(uf.declared[key]), f"{what}: 문서 기재값")
    return count(computed, what)


def plan_summary_table(plan: Plan, units: list[UnitFigures]) -> Table:
    columns = [
        Column("unit", "실국명", CellKind.TEXT),
        Column("strategic_goals", "전략목표수", CellKind.INT),
        Column("policy_goals", "정책사업목표 개수", CellKind.INT),
        Column("indicators", "지표수", CellKind.INT),
        Column("unit_programs", "단위사업수", CellKind.INT),
        Column("budget", "예산액", CellKind.INT),
        Column("previous_budget", "전년도예산액", CellKind.INT),
        Column("change", "비교증감", CellKind.INT),
    ]
    header = [
        [
            HeaderCell("실국명", 0, rowspan=3),
            HeaderCell("성과계획", 1, colspan=4),
            HeaderCell("예산액", 5, colspan=3),
        ],
        [
            HeaderCell("전략목표수", 1, rowspan=2),
            HeaderCell("정책사업목표", 2, colspan=2),
            HeaderCell("단위사업수", 4, rowspan=2),
            HeaderCell("예산액", 5, rowspan=2),
            HeaderCell("전년도예산액", 6, rowspan=2),
            HeaderCell("비교증감", 7, rowspan=2),
        ],
        [HeaderCell("개수", 2), HeaderCell("지표수", 3)],
    ]
    rows: list[Row] = []
    for uf in units:
        budget, b_src = _unit_money(uf, "budget")
        prev, p_src = _unit_money(uf, "previous_budget")
        b = to_million(budget) if budget is not None else None
        p = to_million(prev) if prev is not None else None
        change = b - p if b is not None and p is not None else None
        programs = len([x for x in uf.programs if x.kind == "unit"])
        rows.append(
            Row(
                [
                    text(uf.name),
                    _count_cell(uf, "strategic_goals", uf.goals, "전략목표 수"),
                    _count_cell(uf, "policy_goals", uf.policies, "정책사업목표 수"),
                    _count_cell(uf, "indicators", len(uf.indicators), "성과지표 수"),
                    _count_cell(uf, "unit_programs", programs, "단위사업 수"),
                    money(b, explanation=f"{b_src} ÷ 1,000,000, 반올림"),
                    money(p, explanation=f"{p_src} ÷ 1,000,000, 반올림"),
                    money(
                        change,
                        explanation="예산액 − 전년도예산액 (백만원, 표시값 기준)",
                        formula=Formula("diff", 5, 6),
                    ),
                ]
            )
        )
    table = _with_total_row(
        Table(
            key="plan_summary",
            title="가. 총괄",
            unit_line="(단위:개, 백만원)",
            columns=columns,
            header_rows=header,
            rows=rows,
        ),
        diff=(7, 5, 6),
        negative="-",
    )
    return _as_declared(plan, table, units)


def _as_declared(plan: Plan, table: Table, units: list[UnitFigures]) -> Table:
    """An imported 총괄 is reproduced as its document printed it: where the document
    declared a figure (unit rows and the 계 row), that figure is shown, as a value — the
    document's own arithmetic need not add up (R1, R2) — with the computed figure in the
    explanation when the two differ. Differences are the importer's findings (appendix)."""
    if not any(uf.declared for uf in units):
        return table
    totals = {
        f.key: f
        for f in DeclaredFigure.objects.filter(plan=plan, table="summary", unit__isnull=True)
    }
    by_name = {uf.name: uf for uf in units}
    for row in table.rows:
        if row.kind is RowKind.TOTAL:
            declared = {k: _declared_display(f) for k, f in totals.items()}
        else:
            uf = by_name.get(row.cells[0].text)
            declared = {k: _to_display(k, v) for k, v in uf.declared.items()} if uf else {}
        for i, col in enumerate(table.columns[1:], start=1):
            value = declared.get(col.key)
            if value is None:
                continue
            cell = row.cells[i]
            note = "문서 기재값" + (f" (계산값 {cell.text})" if cell.value != value else "")
            row.cells[i] = (
                money(value, explanation=note) if col.key in _MONEY_KEYS else count(value, note)
            )
    _explain_declared_arithmetic(table)
    table.footnotes.append(
        "※ 가져온 문서의 기재값을 그대로 표시함 (계산값과의 차이는 부록의 검증 결과 참조)"
    )
    return table


def _explain_declared_arithmetic(table: Table) -> None:
    """Where a reproduced 총괄 does not add up, say so in the cell's explanation with the
    engine's own checks: the 계 row against the unit rows (R1, ``check_total``) and each
    비교증감 against 예산액 − 전년도예산액 (R2, ``check_change``), in 백만원. The printed
    figures are not touched."""
    data = table.data_rows()
    total = next((r for r in table.rows if r.kind is RowKind.TOTAL), None)
    keys = [c.key for c in table.columns]
    if total is not None:
        for i, col in enumerate(table.columns[1:], start=1):
            stated = total.cells[i].value
            if col.kind is not CellKind.INT or not isinstance(stated, int):
                continue
            values = [v if isinstance(v := r.cells[i].value, int) else None for r in data]
            found = check_total(
                col.label,
                stated,
                values,
                money_unit=MoneyUnit.MILLION_WON if col.key in _MONEY_KEYS else None,
            )
            _add_findings(total.cells[i], found)
    if {"budget", "previous_budget", "change"} <= set(keys):
        ib, ip, ic = keys.index("budget"), keys.index("previous_budget"), keys.index("change")
        for row in ([total] if total is not None else []) + data:
            b, pv, ch = (row.cells[ib].value, row.cells[ip].value, row.cells[ic].value)
            if isinstance(b, int) and isinstance(pv, int) and isinstance(ch, int):
                found = check_change(b, pv, ch, money_unit=MoneyUnit.MILLION_WON)
                _add_findings(row.cells[ic], found)


def _add_findings(cell: TableCell, findings: list[Any]) -> None:
    if findings:
        cell.explanation = "; ".join([cell.explanation, *(f.message for f in findings)])


def _to_display(key: str, value: Decimal) -> int:
    return to_million(value) if key in _MONEY_KEYS else int(value)


def _declared_display(fig: DeclaredFigure) -> int | None:
    value = _declared_money(fig) if fig.key in _MONEY_KEYS else fig.value
    return None if value is None else _to_display(fig.key, Decimal(value))


def _with_total_row(table: Table, *, diff: tuple[int, int, int] | None, negative: str) -> Table:
    """Put the 계 row first: each numeric column is the sum of the unit rows (R1)."""
    cells: list[TableCell] = [text("계")]
    for i, col in enumerate(table.columns[1:], start=1):
        if diff is not None and i == diff[0]:
            continue
        values = [v for r in table.rows if isinstance(v := r.cells[i].value, int)]
        total = sum(values)
        cells.append(
            money(
                total,
                negative=negative,
                explanation=f"Σ {col.label} ({len(values)}개 행)",
                formula=Formula("sum", i),
            )
            if col.kind is CellKind.INT
            else blank()
        )
    if diff is not None:
        i, a, b = diff
        va, vb = cells[a].value, cells[b].value
        total_diff = va - vb if isinstance(va, int) and isinstance(vb, int) else None
        cells.insert(
            i,
            money(
                total_diff,
                negative=negative,
                explanation=f"{table.columns[a].label} − {table.columns[b].label}",
                formula=Formula("diff", a, b),
            ),
        )
    table.rows.insert(0, Row(cells, RowKind.TOTAL))
    return table


def _unit_suffix(goal_name: str, unit: str) -> str:
    return f"{goal_name} ({unit})"


def plan_detail_table(
    plan: Plan, units: list[UnitFigures], *, share_base: dict[str, int] | None = None
) -> Table:
    """나. 성과계획 및 자원비중: one row per indicator; amount and share on a unit's first row."""
    columns = [
        Column("strategic_goal", "전략목표명 (실국명)", CellKind.TEXT, 40),
        Column("policy_goal", "정책사업목표명", CellKind.TEXT, 40),
        Column("indicator", "성과지표명", CellKind.TEXT, 40),
        Column("amount", "예산액 (백만원)", CellKind.INT, 12),
        Column("share", "비중(%)", CellKind.DECIMAL, 9),
    ]
    header = [[HeaderCell(c.label, i) for i, c in enumerate(columns)]]
    amounts = {
        uf.name: to_million(uf.detail_amount) for uf in units if uf.detail_amount is not None
    }
    denominator = Decimal(sum((share_base or amounts).values()))
    rows = _detail_rows(
        units, amounts, share_base or amounts, mark=None, with_formula=share_base is None
    )
    return Table(
        key="plan_detail",
        title="나. 성과계획 및 자원비중",
        unit_line="(단위: 백만원, %)",
        columns=columns,
        header_rows=header,
        rows=rows,
        footnotes=[
            f"※ 비중 = 실국 예산액 ÷ 이 표의 예산액 합계({int(denominator):,}백만원) × 100, 소수 둘째 자리 반올림",
        ],
    )


def _detail_rows(
    units: list[UnitFigures],
    amounts: dict[str, int],
    share_base: dict[str, int],
    *,
    mark: tuple[int, GradingScheme] | None,
    with_formula: bool,
    negative: str = "-",
) -> list[Row]:
    amount_col = 3 if mark is None else 4
    # R3 (engine.summary.shares): amount ÷ Σ amounts of the table (of the whole plan when
    # the rows are restricted to one unit) × 100, half-up to 2 decimals
    share_cells = shares(share_base, 2)
    denominator = sum(share_base.values())
    rows: list[Row] = []
    for uf in units:
        first_of_unit = True
        amount = amounts.get(uf.name)
        share_cell = share_cells.get(uf.name)
        share = (
            share_cell.value
            if share_cell is not None and isinstance(share_cell.value, Decimal)
            else None
        )
        for owner_node in uf.owners:
            for g in owner_node.goals:
                goal_label = _goal_label(g.goal, uf.name)
                first_of_goal = True
                policies = g.policies or []
                lines: list[tuple[Any, IndicatorNode | None]] = [
                    (p, n) for p in policies for n in (p.indicators or _NO_INDICATOR)
                ] or [(None, None)]
                last_policy: object = object()
                for policy_node, node in lines:
                    policy = policy_node.goal if policy_node is not None else None
                    cells = [
                        text(goal_label if first_of_goal else ""),
                        text(
                            _policy_label(policy)
                            if policy is not last_policy and policy is not None
                            else ""
                        ),
                        text(node.indicator.name if node is not None else ""),
                    ]
                    last_policy = policy
                    if mark is not None:
                        year, scheme = mark
                        if node is not None:
                            ev = indicator_evaluate(
                                node.indicator, node.values_by_year, year, scheme
                            )
                            cells.append(
                                TableCell(
                                    ev.grade.mark,
                                    ev.grade.mark,
                                    CellKind.MARK,
                                    explanation=ev.explanation(),
                                )
                            )
                        else:
                            cells.append(text(""))
                    if first_of_unit:
                        cells.append(
                            money(
                                amount,
                                negative=negative,
                                explanation="정책사업 금액 합계 (표시 단위, 반올림)",
                            )
                        )
                        cells.append(
                            decimal(
                                share,
                                2,
                                f"{amount:,} ÷ {denominator:,} × 100, 소수 둘째 자리 반올림 (R3)"
                                if amount is not None
                                else "",
                                Formula("share", amount_col, places=2)
                                if with_formula and amount is not None
                                else None,
                            )
                        )
                    else:
                        cells.extend([blank(), blank()])
                    rows.append(Row(cells))
                    first_of_goal = False
                    first_of_unit = False
    return rows


_NO_INDICATOR: list[IndicatorNode | None] = [None]


def _goal_label(goal: Any, unit: str) -> str:
    name = " ".join(goal.name.split())
    label = f"{goal.code}. {name}" if goal.code else name
    return _unit_suffix(label, unit)


def _policy_label(policy: Any) -> str:
    name = " ".join(policy.name.split())
    return f"{policy.code}. {name}" if policy.code else name


# ---------------------------------------------------------------- 성과보고서


@dataclass
class MarkCounts:
    exceeded: int = 0
    achieved: int = 0
    not_achieved: int = 0


def _mark_counts(
    uf: UnitFigures, year: int, scheme: GradingScheme
) -> tuple[MarkCounts, list[Evaluation]]:
    evals = [
        indicator_evaluate(node.indicator, node.values_by_year, year, scheme)
        for node in uf.indicators
    ]
    # R5 (engine.summary.count_grades): ◎ ○ × per band, "-" counted under the scheme's
    # not-rated bucket (미달성 for the performance report)
    graded = count_grades([ev.grade.mark for ev in evals], scheme)
    counts = MarkCounts(
        exceeded=graded.counts.get("exceeded", 0),
        achieved=graded.counts.get("achieved", 0),
        not_achieved=graded.counts.get("not_achieved", 0),
    )
    return counts, evals


def report_summary_table(
    plan: Plan, units: list[UnitFigures], scheme: GradingScheme, year: int
) -> Table:
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
        counts, _ = _mark_counts(uf, year, scheme)
        s, s_src = _unit_money(uf, "settlement")
        p, p_src = _unit_money(uf, "previous_settlement")
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
    return _with_total_row(
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
    plan: Plan,
    units: list[UnitFigures],
    scheme: GradingScheme,
    year: int,
    *,
    share_base: dict[str, int] | None = None,
) -> Table:
    yy = f"{year % 100:02d}"
    columns = [
        Column("strategic_goal", "전략목표명 (실국명)", CellKind.TEXT, 36),
        Column("policy_goal", "정책사업목표명", CellKind.TEXT, 36),
        Column("indicator", "성과지표명", CellKind.TEXT, 36),
        Column("mark", f"'{yy}년 달성성과", CellKind.MARK, 10),
        Column("amount", "결산액 (원)", CellKind.INT, 18),
        Column("share", "비중(%)", CellKind.DECIMAL, 9),
    ]
    header = [[HeaderCell(c.label, i) for i, c in enumerate(columns)]]
    amounts = {uf.name: int(uf.detail_amount) for uf in units if uf.detail_amount is not None}
    denominator = Decimal(sum((share_base or amounts).values()))
    rows = _detail_rows(
        units,
        amounts,
        share_base or amounts,
        mark=(year, scheme),
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


# ---------------------------------------------------------------- BSC


def bsc_tables(plan: Plan, tree: PlanTree, organisation: str, unit: str | None) -> list[Table]:
    y = plan.year
    tables: list[Table] = []
    for n, owner_node in enumerate(tree.owners, start=1):
        owner = owner_node.owner
        if unit is not None and owner.unit.name != unit and str(owner) != unit:
            continue
        parent_label = organisation
        for g in owner_node.goals:
            for p in g.policies:
                for node in p.indicators:
                    if node.indicator.parent_owner_label:
                        parent_label = node.indicator.parent_owner_label
        columns = [
            Column("perspective", "관점", CellKind.TEXT, 14),
            Column("parent_goal", f"{parent_label} 전략목표", CellKind.TEXT, 22),
            Column("parent_kpi", f"{parent_label} 핵심성과지표", CellKind.TEXT, 18),
            Column("parent_target", f"{parent_label} 목표치", CellKind.TEXT, 9),
            Column("goal", "전략목표", CellKind.TEXT, 22),
            Column("kpi", "핵심성과지표", CellKind.TEXT, 22),
            Column("actual_2", f"실적치 {y - 2}년", CellKind.TEXT, 9),
            Column("actual_1", f"실적치 {y - 1}년", CellKind.TEXT, 9),
            Column("target_0", f"목표치 {y}년", CellKind.TEXT, 9),
            Column("target_1", f"목표치 {y + 1}년", CellKind.TEXT, 9),
            Column("unit", "단위", CellKind.TEXT, 6),
            Column("weight", "비중", CellKind.DECIMAL, 6),
            Column("codes", "주요사업 코드번호", CellKind.TEXT, 12),
        ]
        header = [
            [
                HeaderCell("관점", 0, rowspan=3),
                HeaderCell(parent_label, 1, colspan=3),
                HeaderCell(str(owner), 4, colspan=8),
                HeaderCell("주요사업 코드번호", 12, rowspan=3),
            ],
            [
                HeaderCell("전략목표", 1, rowspan=2),
                HeaderCell("핵심성과지표", 2, rowspan=2),
                HeaderCell("목표치", 3, rowspan=2),
                HeaderCell("전략목표", 4, rowspan=2),
                HeaderCell("핵심성과지표", 5, rowspan=2),
                HeaderCell("실적치", 6, colspan=2),
                HeaderCell("목표치", 8, colspan=2),
                HeaderCell("단위", 10, rowspan=2),
                HeaderCell("비중", 11, rowspan=2),
            ],
            [
                HeaderCell(f"{y - 2}년", 6),
                HeaderCell(f"{y - 1}년", 7),
                HeaderCell(f"{y}년", 8),
                HeaderCell(f"{y + 1}년", 9),
            ],
        ]
        rows: list[Row] = []
        seen_persp: set[object] = set()
        total_weight = Decimal(0)
        for g in owner_node.goals:
            first_goal = True
            for p in g.policies:
                for node in p.indicators:
                    ind = node.indicator
                    persp = ind.perspective or g.goal.perspective
                    persp_text = ""
                    if persp is not None and persp.pk not in seen_persp:
                        seen_persp.add(persp.pk)
                        persp_text = persp.name + (
                            f" ({plain(persp.weight)})" if persp.weight is not None else ""
                        )
                    vals = node.values_by_year

                    def raw(year: int, kind: str, vals: dict[int, dict[str, Any]] = vals) -> str:
                        v = vals.get(year, {}).get(kind)
                        return (
                            v.raw_text
                            if v is not None and v.raw_text
                            else ("-" if v is None else str(v.value))
                        )

                    if ind.weight is not None:
                        total_weight += ind.weight
                    rows.append(
                        Row(
                            [
                                text(persp_text),
                                text(ind.parent_goal_text),
                                text(ind.parent_kpi_text),
                                text(ind.parent_target_text),
                                text(g.goal.name if first_goal else ""),
                                text(ind.name),
                                text(raw(y - 2, "actual")),
                                text(raw(y - 1, "actual")),
                                text(raw(y, "target")),
                                text(raw(y + 1, "target")),
                                text(ind.unit_of_measure),
                                decimal(
                                    ind.weight,
                                    0
                                    if ind.weight is None or ind.weight == ind.weight.to_integral()
                                    else 1,
                                    "가중치",
                                )
                                if ind.weight is not None
                                else text("-"),
                                text(ind.program_codes_raw),
                            ]
                        )
                    )
                    first_goal = False
        composition = owner.unit.composition
        tables.append(
            Table(
                key=f"bsc_{n}",
                title=f"{owner} 균형성과계획" + (f" {composition}" if composition else ""),
                unit_line="",
                columns=columns,
                header_rows=header,
                rows=rows,
                footnotes=[f"※ 비중 합계 {plain(total_weight)} (100이어야 함, R10)"],
            )
        )
    return tables


# ---------------------------------------------------------------- cards and results


def indicator_card_tables(
    plan: Plan, tree: PlanTree, scheme: GradingScheme, unit: str | None
) -> tuple[list[Table], list[Chart]]:
    from seonggwa.results.models import Evidence

    tables: list[Table] = []
    charts: list[Chart] = []
    evidence: dict[int, list[str]] = defaultdict(list)
    for e in (
        Evidence.objects.filter(value__indicator__plan=plan)
        .select_related("value")
        .order_by("uploaded_at")
    ):
        evidence[e.value.indicator_id].append(
            f"{e.value.year}년 실적: {e.original_name} ({e.size:,} bytes, SHA-256 {e.sha256[:12]}…)"
        )
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
                        Column("status", "실적 상태", CellKind.TEXT, 8),
                        Column("rate", "달성률(%)", CellKind.DECIMAL, 9),
                        Column("mark", "등급", CellKind.MARK, 6),
                        Column("explanation", "계산 설명", CellKind.TEXT, 60),
                    ]
                    rows: list[Row] = []
                    t_series: list[Decimal | None] = []
                    a_series: list[Decimal | None] = []
                    for year in years:
                        vals = node.values_by_year[year]
                        ev = indicator_evaluate(ind, node.values_by_year, year, scheme)
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
                    ev_list = evidence.get(ind.pk, [])
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
                            header_rows=[[HeaderCell(c.label, i) for i, c in enumerate(columns)]],
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


def result_tables(
    plan: Plan, tree: PlanTree, scheme: GradingScheme, unit: str | None
) -> tuple[list[Table], list[Chart]]:
    """부서별 성과평가 결과: per owner and perspective the weighted score of the indicators
    (``engine.scoring``: indicator score by :data:`~.evaluate.SCORE_RULE`, perspective and
    owner scores Σ weight × score ÷ Σ weight) and the grade counts (``engine.summary``)."""
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
    header = [[HeaderCell(c.label, i) for i, c in enumerate(columns)]]
    rows: list[Row] = []
    chart_groups: list[str] = []
    per_owner: dict[str, dict[str, Decimal | None]] = {}
    owner_scores: dict[str, Decimal | None] = {}
    has_perspectives = False
    notes: list[str] = []
    unweighted: list[str] = []
    for owner_node in tree.owners:
        if unit is not None and owner_node.owner.unit.name != unit:
            continue
        owner_label = str(owner_node.owner)
        items: list[WeightedItem] = []
        marks: dict[str, list[str]] = defaultdict(list)
        lines: dict[str, list[str]] = defaultdict(list)
        weights: dict[str, Decimal | None] = {}
        for g in owner_node.goals:
            for p in g.policies:
                for node in p.indicators:
                    ind = node.indicator
                    persp = ind.perspective or g.goal.perspective
                    has_perspectives = has_perspectives or persp is not None
                    key = persp.name if persp is not None else str(g.goal)
                    weights[key] = persp.weight if persp is not None else None
                    ev = indicator_evaluate(ind, node.values_by_year, year, scheme)
                    score = indicator_score(ev)
                    items.append(WeightedItem(ind.name, ind.weight, score, key))
                    marks[key].append(ev.grade.mark)
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
            notes += [f"※ {owner_label}: {f.message}" for f in check_weights(items, declared)]
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


def findings_table(plan: Plan) -> Table:
    columns = [
        Column("severity", "구분", CellKind.TEXT, 6),
        Column("code", "코드", CellKind.TEXT, 18),
        Column("unit", "실국", CellKind.TEXT, 16),
        Column("line", "행", CellKind.INT, 6),
        Column("message", "내용", CellKind.TEXT, 80),
    ]
    labels = {"error": "오류", "warning": "경고", "info": "참고"}
    rows = [
        Row(
            [
                text(labels.get(f.severity, f.severity)),
                text(f.code),
                text(f.unit_label),
                count(f.line) if f.line is not None else text(""),
                text(f.message),
            ]
        )
        for f in stored_findings(plan=plan)
    ]
    if not rows:
        rows = [
            Row(
                [
                    text("-"),
                    text(""),
                    text(""),
                    text(""),
                    text("이 계획의 자료에 대한 검증 발견사항이 없습니다."),
                ]
            )
        ]
    return Table(
        key="findings",
        title="부록. 자료 검증 결과",
        unit_line="",
        columns=columns,
        header_rows=[[HeaderCell(c.label, i) for i, c in enumerate(columns)]],
        rows=rows,
    )


# ---------------------------------------------------------------- charts


def share_chart(table: Table, title: str, unit_money: str) -> Chart:
    i_amount = table.column_index("amount")
    i_share = table.column_index("share")
    cats: list[str] = []
    values: list[Decimal | None] = []
    for r in table.rows:
        v = r.cells[i_share].value
        if isinstance(v, Decimal):
            label = r.cells[0].text
            cats.append(label[label.rfind("(") + 1 : -1] if label.endswith(")") else label)
            values.append(v)
    del i_amount
    return Chart(
        key="shares",
        title=title,
        kind=ChartKind.BAR,
        categories=cats,
        series=[Series("비중(%)", values)],
        unit="%",
    )


def grade_chart(table: Table) -> Chart:
    data = [
        r
        for r in table.rows
        if r.kind is RowKind.DATA and isinstance(r.cells[3].value, int) and r.cells[3].value > 0
    ]
    return Chart(
        key="grades",
        title="실국별 성과달성도 분포",
        kind=ChartKind.STACKED_BAR,
        categories=[r.cells[0].text for r in data],
        series=[
            Series(label, [Decimal(r.cells[i].value) for r in data])  # type: ignore[arg-type]
            for i, label in ((4, "초과달성"), (5, "달성"), (6, "미달성"))
        ],
        unit="개",
        colors=MARK_COLORS,
    )


# ---------------------------------------------------------------- entry point


def _scheme(plan: Plan, lookup: Callable[[str], GradingScheme]) -> GradingScheme:
    """The plan's grading scheme from the engine registry; an unknown name is a ReportError."""
    try:
        return lookup(plan.grading_scheme)
    except UnknownScheme as exc:
        raise ReportError(f"{plan}: {exc}") from exc


def report_build(plan: Plan, kind: str, *, unit: str | None = None) -> Report:
    """Build one report of ``kind`` (see :data:`KINDS`) from ``plan``; ``unit`` restricts
    the rows to one 실국 (shares stay relative to the whole plan)."""
    if kind not in KINDS:
        raise ReportError(f"알 수 없는 보고서 종류 '{kind}' (가능: {', '.join(KINDS)}).")
    org = plan.organisation.name
    tree = plan_tree(plan=plan)
    report = Report(
        kind=kind, title="", subtitle=f"{org} · {plan.year}년", organisation=org, year=plan.year
    )
    if kind in ("plan", "report"):
        settlement = kind == "report"
        units = units_collect(plan, tree, settlement=settlement)
        known = {u.name for u in units}
        if unit is not None and unit not in known:
            raise ReportError(
                f"'{unit}' 실국이 이 계획에 없습니다. 가능한 실국: {', '.join(sorted(known))}"
            )
        selected = [u for u in units if unit is None or u.name == unit]
        if kind == "plan":
            base = None
            if unit is not None:
                base = {
                    u.name: to_million(u.detail_amount)
                    for u in units
                    if u.detail_amount is not None
                }
            report.title = "3. 성과계획 총괄표"
            summary = plan_summary_table(plan, selected)
            detail = plan_detail_table(plan, selected, share_base=base)
            report.tables = [summary, detail]
            report.charts = [share_chart(detail, "실국별 자원비중 (예산액 기준)", "백만원")]
        else:
            scheme = _scheme(plan, report_scheme_for)
            base = None
            if unit is not None:
                base = {u.name: int(u.detail_amount) for u in units if u.detail_amount is not None}
            report.title = f"{plan.year}년 성과보고서 총괄표"
            summary = report_summary_table(plan, selected, scheme, plan.year)
            detail = report_detail_table(plan, selected, scheme, plan.year, share_base=base)
            report.tables = [summary, detail]
            report.legend = scheme.legend()
            report.charts = [
                grade_chart(summary),
                share_chart(detail, "실국별 재원비중 (결산액 기준)", "원"),
            ]
    elif kind == "bsc":
        report.title = f"{plan.year}년 균형성과계획(BSC)"
        report.tables = bsc_tables(plan, tree, org, unit)
        if not report.tables:
            raise ReportError(f"'{unit}'의 BSC 시트가 없습니다.")
    elif kind == "indicator-cards":
        scheme = _scheme(plan, scheme_for)
        report.title = f"{plan.year}년 성과지표 카드"
        report.tables, report.charts = indicator_card_tables(plan, tree, scheme, unit)
        report.legend = scheme.legend()
    else:
        scheme = _scheme(plan, scheme_for)
        report.title = f"{plan.year}년 부서별 성과평가 결과"
        report.tables, report.charts = result_tables(plan, tree, scheme, unit)
        report.legend = scheme.legend()
    report.tables.append(findings_table(plan))
    return report
