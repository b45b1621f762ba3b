"""Every database read a report makes, in a fixed number of queries whatever the plan's size.

:func:`report_source` gathers what a report kind reads (the plan tree, the stored findings
and, as the kind asks, budget programs, declared 총괄 figures and evidence) into a
:class:`ReportSource`; the builders (:mod:`seonggwa.reports.builders`) lay that out and run
no queries. :func:`report_plan_find` finds the plan a report kind is built from.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Literal

from django.utils import timezone

from seonggwa.organisations.models import Organisation
from seonggwa.planning.selectors import target_changes
from seonggwa.plans.models import BudgetProgram, Plan
from seonggwa.results.models import Evidence
from seonggwa.results.selectors import PlanTree, plan_tree
from seonggwa.sources.models import DeclaredFigure, StoredFinding
from seonggwa.sources.selectors import stored_findings

#: What a report kind may read besides the plan tree and the findings (``reports.kinds``).
SourcePart = Literal["programs", "declared", "evidence", "changes"]


@dataclass(frozen=True, slots=True)
class ReportSource:
    """The data one report is built from. Parts the kind does not read stay empty."""

    plan: Plan
    organisation: str  # the organisation's name
    tree: PlanTree
    findings: list[StoredFinding]
    programs: list[BudgetProgram] = field(default_factory=list)  # with owner and unit
    declared: list[DeclaredFigure] = field(default_factory=list)  # 총괄 figures, with unit
    evidence: dict[int, list[Evidence]] = field(default_factory=dict)  # by indicator id
    # approved mid-year target changes: (indicator, old target, new target, approval date)
    target_changes: list[tuple[str, str, str, str]] = field(default_factory=list)


def report_plan_find(
    *, organisation: Organisation, year: int, plan_kinds: Sequence[str]
) -> Plan | None:
    """The organisation's plan of ``year`` of the first of ``plan_kinds`` that exists."""
    plans = {p.kind: p for p in Plan.objects.filter(organisation=organisation, year=year)}
    return next((plans[k] for k in plan_kinds if k in plans), None)


def budget_program_list(*, plan: Plan) -> list[BudgetProgram]:
    """The plan's budget programs with their owner and unit."""
    return list(BudgetProgram.objects.filter(plan=plan).select_related("owner__unit"))


def declared_summary_list(*, plan: Plan) -> list[DeclaredFigure]:
    """The figures the plan's document declared in its 총괄 (unit rows and the 계 row, whose
    unit is empty), in document order."""
    return list(
        DeclaredFigure.objects.filter(plan=plan, table="summary")
        .select_related("unit")
        .order_by("position")
    )


def evidence_by_indicator(*, plan: Plan) -> dict[int, list[Evidence]]:
    """The evidence attached to the plan's values, by indicator id, in upload order."""
    evidence: dict[int, list[Evidence]] = defaultdict(list)
    for e in (
        Evidence.objects.filter(value__indicator__plan=plan)
        .select_related("value")
        .order_by("uploaded_at")
    ):
        evidence[e.value.indicator_id].append(e)
    return dict(evidence)


def report_source(
    *, plan: Plan, parts: Collection[SourcePart] = (), public: bool = False
) -> ReportSource:
    """What a report of ``plan`` is built from: the plan tree and stored findings always,
    the other ``parts`` when asked. ``public``: what the public may see (approved actuals of
    published periods; no findings, which are the organisation's working notes)."""
    return ReportSource(
        plan=plan,
        organisation=plan.organisation.name,
        tree=plan_tree(plan=plan, public=public),
        findings=[] if public else list(stored_findings(plan=plan)),
        programs=budget_program_list(plan=plan) if "programs" in parts else [],
        declared=declared_summary_list(plan=plan) if "declared" in parts else [],
        evidence=evidence_by_indicator(plan=plan) if "evidence" in parts else {},
        target_changes=target_change_list(plan=plan) if "changes" in parts else [],
    )


def target_change_list(*, plan: Plan) -> list[tuple[str, str, str, str]]:
    """The plan's approved mid-year target changes (지표·목표 변경), oldest first."""
    return [
        (
            c.indicator.name,
            c.old_text or "-",
            c.new_text,
            timezone.localtime(c.decided_at).date().isoformat() if c.decided_at else "",
        )
        for c in target_changes(plan=plan)
    ]
