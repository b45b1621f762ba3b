"""Reads of the major projects: the office's compiled table of a plan of kind ``projects``
(projects with their sub-projects, money in 백만원, the plan and actual 공정률 of a period
and the R18 flags) and one project with its progress per period. A fixed number of queries
whatever the number of projects (tests/web/test_query_counts.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from seonggwa.engine.projects import AmountCheck, AmountRow, amount_checks, counted_total, million
from seonggwa.plans.models import Period, Plan
from seonggwa.results.models import IndicatorValue

from .models import Project

__all__ = [
    "CompiledRow",
    "CompiledTable",
    "ProgressPoint",
    "compiled_table",
    "period_order",
    "project_flags",
    "project_progress",
    "projects_plan",
]


def projects_plan(organisation_id: int, year: int) -> Plan | None:
    """The organisation's plan of kind ``projects`` of ``year``."""
    return Plan.objects.filter(
        organisation_id=organisation_id, year=year, kind=Plan.Kind.MAJOR_PROJECTS
    ).first()


def period_order(period: Period) -> tuple[int, int, int]:
    """Periods by the month they end in; a whole year after its last quarter and month."""
    if period.month:
        return (period.year, period.month, 0)
    if period.quarter:
        return (period.year, period.quarter * 3, 1)
    return (period.year, 12, 2)


@dataclass(slots=True)
class CompiledRow:
    """One line of the compiled table: a project, a parent (과제) or one of its sub-projects."""

    project: Project
    depth: int  # 0: a project or a parent, 1: a sub-project
    planned: Decimal | None = None
    actual: Decimal | None = None
    actual_status: str = ""
    check: AmountCheck | None = None

    @property
    def total_million(self) -> str:
        return million(self.project.total_cost)

    @property
    def budget_million(self) -> str:
        return million(self.project.budget)

    @property
    def flags(self) -> list[str]:
        """The R18 notes of the row, in Korean."""
        out: list[str] = []
        check = self.check
        if check is None:
            return out
        if check.over_budget:
            whose = "상위 과제 " if check.budget_is_parents else ""
            out.append(f"편성액 > {whose}총사업비({million(check.compared_total)})")
        if check.total_repeats is not None:
            out.append("총사업비: 상위 과제 금액 반복(한 번만 셈)")
        if check.budget_repeats is not None:
            out.append("편성액: 상위 과제 금액 반복(한 번만 셈)")
        return out


@dataclass(slots=True)
class CompiledTable:
    plan: Plan
    rows: list[CompiledRow] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    period: Period | None = None
    total_cost: Decimal | None = None  # counted once (R18)
    budget: Decimal | None = None

    @property
    def project_count(self) -> int:
        return sum(1 for r in self.rows if r.project.number is not None)

    @property
    def flagged(self) -> int:
        return sum(1 for r in self.rows if r.check is not None and r.check.over_budget)

    @property
    def total_million(self) -> str:
        return million(self.total_cost)

    @property
    def budget_million(self) -> str:
        return million(self.budget)


def _visible(values: list[IndicatorValue], see_unapproved: bool) -> list[IndicatorValue]:
    if see_unapproved:
        return values
    return [v for v in values if v.status == IndicatorValue.Status.APPROVED]


def _latest_reported(periods: list[Period], values: list[IndicatorValue]) -> Period | None:
    """The period of the most recently written actual (the latest report: a quarter's
    report after the year's imported figures), else the last period."""
    by_key = {(p.year, p.quarter, p.month): p for p in periods}
    actuals = [
        v
        for v in values
        if v.kind == IndicatorValue.Kind.ACTUAL and (v.year, v.quarter, v.month) in by_key
    ]
    if not actuals:
        return periods[-1] if periods else None
    latest = max(
        actuals, key=lambda v: (v.updated_at, period_order(by_key[(v.year, v.quarter, v.month)]))
    )
    return by_key[(latest.year, latest.quarter, latest.month)]


def compiled_table(
    plan: Plan, *, period_key: str | None = None, see_unapproved: bool = False
) -> CompiledTable:
    """The compiled table of ``plan``: every project in the printed order with its parent
    above its sub-projects, the 계획 (target) and 실행 (actual) of ``period_key`` — by default
    the period of the latest reported actual — and the R18 checks; the totals count a parent's
    amount once. ``see_unapproved``: actuals not yet approved are shown with their status
    (the organisation's own people); otherwise only approved ones."""
    projects = list(
        Project.objects.filter(plan=plan).select_related("department").order_by("position", "pk")
    )
    periods = sorted(Period.objects.filter(plan=plan), key=period_order)
    values = _visible(
        list(
            IndicatorValue.objects.filter(
                indicator__plan=plan,
                kind__in=[IndicatorValue.Kind.TARGET, IndicatorValue.Kind.ACTUAL],
            ).only(
                "indicator_id", "kind", "year", "quarter", "month", "value", "status", "updated_at"
            )
        ),
        see_unapproved,
    )
    table = CompiledTable(plan=plan, periods=periods)
    chosen = None
    if period_key:
        chosen = next((p for p in periods if p.key == period_key), None)
    if chosen is None:
        chosen = _latest_reported(periods, values)
    table.period = chosen
    at: dict[tuple[int, str], IndicatorValue] = {}
    year_targets: dict[int, IndicatorValue] = {}
    for v in values:
        if chosen is not None and (v.year, v.quarter, v.month) == (
            chosen.year,
            chosen.quarter,
            chosen.month,
        ):
            at[(v.indicator_id, v.kind)] = v
        if v.kind == IndicatorValue.Kind.TARGET and v.year == plan.year and not v.quarter + v.month:
            year_targets[v.indicator_id] = v
    leaves = [p for p in projects if p.number is not None]
    rows_by_key = {
        p.pk: AmountRow(
            key=p.pk,
            name=p.title_raw or p.name,
            total=p.total_cost,
            budget=p.budget,
            group=None if p.parent_id is None else str(p.parent_id),
        )
        for p in leaves
    }
    checks = amount_checks(list(rows_by_key.values()))
    children: dict[int, list[Project]] = {}
    for p in leaves:
        if p.parent_id is not None:
            children.setdefault(p.parent_id, []).append(p)

    def line(p: Project, depth: int) -> CompiledRow:
        row = CompiledRow(project=p, depth=depth, check=checks.get(p.pk))
        if p.progress_indicator_id is not None:
            target = at.get((p.progress_indicator_id, IndicatorValue.Kind.TARGET)) or (
                year_targets.get(p.progress_indicator_id)
            )
            actual = at.get((p.progress_indicator_id, IndicatorValue.Kind.ACTUAL))
            row.planned = target.value if target else None
            if actual is not None:
                row.actual = actual.value
                row.actual_status = actual.status
        return row

    for p in projects:
        if p.number is None:
            table.rows.append(line(p, 0))
            table.rows.extend(line(c, 1) for c in children.get(p.pk, []))
        elif p.parent_id is None:
            table.rows.append(line(p, 0))
    amount_rows = list(rows_by_key.values())
    table.total_cost = counted_total(amount_rows, "total")
    table.budget = counted_total(amount_rows, "budget")
    return table


@dataclass(frozen=True, slots=True)
class ProgressPoint:
    period: Period
    planned: IndicatorValue | None
    actual: IndicatorValue | None


def project_progress(project: Project, *, see_unapproved: bool = False) -> list[ProgressPoint]:
    """The project's 계획 and 실행 for each period of its plan, in period order."""
    periods = sorted(Period.objects.filter(plan_id=project.plan_id), key=period_order)
    if project.progress_indicator_id is None:
        return [ProgressPoint(p, None, None) for p in periods]
    values = _visible(
        list(IndicatorValue.objects.filter(indicator_id=project.progress_indicator_id)),
        see_unapproved,
    )
    by_key = {(v.kind, v.year, v.quarter, v.month): v for v in values}
    return [
        ProgressPoint(
            p,
            by_key.get((IndicatorValue.Kind.TARGET, p.year, p.quarter, p.month)),
            by_key.get((IndicatorValue.Kind.ACTUAL, p.year, p.quarter, p.month)),
        )
        for p in periods
    ]


def project_flags(project: Project) -> list[str]:
    """What R18 says of ``project`` (as the compiled table shows it): its 편성액 against its
    총사업비 — or the parent's, when it repeats the parent's amount — and its repeats.
    Judged among its siblings; a parent (no 연번) has none of its own."""
    if project.number is None:
        return []
    rows = (
        [project]
        if project.parent_id is None
        else list(
            Project.objects.filter(parent_id=project.parent_id, number__isnull=False).order_by(
                "position", "pk"
            )
        )
    )
    checks = amount_checks(
        [
            AmountRow(
                key=p.pk,
                name=p.title_raw or p.name,
                total=p.total_cost,
                budget=p.budget,
                group=None if p.parent_id is None else str(p.parent_id),
            )
            for p in rows
        ]
    )
    return CompiledRow(project=project, depth=0, check=checks.get(project.pk)).flags
