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
from typing import TYPE_CHECKING, Literal

from django.utils import timezone

from seonggwa.evaluation.models import EvaluationRun, IndicatorResult, OwnerResult
from seonggwa.organisations.models import Organisation
from seonggwa.plans.models import BudgetProgram, Plan
from seonggwa.results.models import Evidence
from seonggwa.results.selectors import PlanTree, plan_tree
from seonggwa.sources.models import DeclaredFigure, StoredFinding
from seonggwa.sources.selectors import stored_findings

if TYPE_CHECKING:
    # read only by the kinds that ask for them (imported then: a report command of another
    # kind does not pay for importing them)
    from seonggwa.frameworks.joint_selectors import JointReportData
    from seonggwa.frameworks.selectors import SustainabilitySummary
    from seonggwa.projects.selectors import CompiledTable

#: What a report kind may read besides the plan tree and the findings (``reports.kinds``).
SourcePart = Literal[
    "programs", "declared", "evidence", "changes", "sustainability", "joint", "projects"
]


@dataclass(frozen=True, slots=True)
class RunSource:
    """The stored results of the evaluation run a report reads (docs/reports.md): per
    indicator by indicator id, and per owner in the run's order (owners and units joined)."""

    run: EvaluationRun
    results: list[IndicatorResult]
    owners: list[OwnerResult]

    @property
    def by_indicator(self) -> dict[int, IndicatorResult]:
        return {r.indicator_id: r for r in self.results}


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
    # the evaluation run whose stored results the graded figures come from (None: computed
    # from the approved actuals, for the organisation's own people when the plan has no run)
    run: RunSource | None = None
    public: bool = False
    # the sustainability framework's figures (R13, R14), for a plan of kind ``sust``
    sustainability: SustainabilitySummary | None = None
    # the joint evaluation's figures (R17), for a plan of kind ``joint``
    joint: JointReportData | None = None
    # the major projects' compiled table (R18), for a plan of kind ``projects``
    projects: CompiledTable | None = None


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


def run_source(*, run: EvaluationRun) -> RunSource:
    """A run's stored results (two queries)."""
    return RunSource(
        run=run,
        results=list(
            IndicatorResult.objects.filter(run=run)
            .select_related("owner__unit")
            .order_by("position")
        ),
        owners=list(
            OwnerResult.objects.filter(run=run).select_related("owner__unit").order_by("position")
        ),
    )


def report_source(
    *,
    plan: Plan,
    parts: Collection[SourcePart] = (),
    public: bool = False,
    run: EvaluationRun | None = None,
) -> ReportSource:
    """What a report of ``plan`` is built from: the plan tree and stored findings always,
    the other ``parts`` when asked. ``public``: what the public may see (approved actuals of
    published periods; no findings, which are the organisation's working notes)."""
    return ReportSource(
        plan=plan,
        organisation=plan.organisation.name,
        # the values as plain rows: a report reads of them only what YearValue holds
        tree=plan_tree(plan=plan, public=public, light_values=True),
        findings=[] if public else list(stored_findings(plan=plan)),
        programs=budget_program_list(plan=plan) if "programs" in parts else [],
        declared=declared_summary_list(plan=plan) if "declared" in parts else [],
        evidence=evidence_by_indicator(plan=plan) if "evidence" in parts else {},
        target_changes=target_change_list(plan=plan) if "changes" in parts else [],
        run=run_source(run=run) if run is not None else None,
        public=public,
        sustainability=_sustainability(plan, run) if "sustainability" in parts else None,
        joint=_joint(plan) if "joint" in parts else None,
        # approved progress only: a document is the office's record, not the working state
        projects=_projects(plan) if "projects" in parts else None,
    )


def _joint(plan: Plan) -> JointReportData | None:
    from seonggwa.frameworks.joint_selectors import joint_for_plan, joint_report_data

    evaluation = joint_for_plan(plan)
    return joint_report_data(evaluation) if evaluation is not None else None


def _sustainability(plan: Plan, run: EvaluationRun | None) -> SustainabilitySummary | None:
    """The framework's figures; with a run, also the count tables computed from its grades
    (the applied grade: an R8 override counts as overridden) beside the printed ones."""
    from seonggwa.frameworks.selectors import framework_for_plan, sustainability_summary

    framework = framework_for_plan(plan)
    if framework is None:
        return None
    grades = (
        dict(IndicatorResult.objects.filter(run=run).values_list("indicator_id", "grade_code"))
        if run is not None
        else None
    )
    return sustainability_summary(framework, grades=grades)


def _projects(plan: Plan) -> CompiledTable:
    from seonggwa.projects.selectors import compiled_table

    return compiled_table(plan)


def target_change_list(*, plan: Plan) -> list[tuple[str, str, str, str]]:
    """The plan's approved mid-year target changes (지표·목표 변경), oldest first."""
    from seonggwa.planning.selectors import target_changes

    return [
        (
            c.indicator.name,
            c.old_text or "-",
            c.new_text,
            timezone.localtime(c.decided_at).date().isoformat() if c.decided_at else "",
        )
        for c in target_changes(plan=plan)
    ]


class RunNotReadable(LookupError):
    """The run a reader asked for is not this plan's, or not one they may read."""


def report_run(plan: Plan, user: object, run: int | None = None) -> EvaluationRun | None:
    """The evaluation run whose stored results a report of ``plan`` shows to ``user``.

    The evaluation office (``policy.can_run_evaluation``) gets the newest run of the plan's
    year, or the run ``run`` (its id) of this plan; everyone else gets the newest
    *published* run of the plan's year (``run`` may name only a published run of this
    plan). ``None``: no such run. A run of another plan, or one the user may not read,
    raises :class:`RunNotReadable` (the web answers 404)."""
    from seonggwa.policy import can_read_run, can_run_evaluation

    if run is not None:
        found = EvaluationRun.objects.select_related("plan").filter(plan=plan, pk=run).first()
        if found is None or not can_read_run(user, found):
            raise RunNotReadable(run)
        return found
    runs = EvaluationRun.objects.filter(plan=plan, period_key=str(plan.year))
    if not can_run_evaluation(user, plan):
        runs = runs.filter(status=EvaluationRun.Status.PUBLISHED)
    return runs.order_by("-number").first()


def report_run_by_number(plan: Plan, number: int | None) -> EvaluationRun | None:
    """The run ``number`` of the plan's year (the command's ``--run N``), or the newest run
    of the year when ``number`` is None; None when the plan has no such run."""
    runs = EvaluationRun.objects.filter(plan=plan, period_key=str(plan.year))
    if number is not None:
        runs = runs.filter(number=number)
    return runs.order_by("-number").first()


def plan_has_runs(plan: Plan) -> bool:
    """Whether the plan's year was evaluated (then its graded documents read runs only)."""
    return EvaluationRun.objects.filter(plan=plan, period_key=str(plan.year)).exists()
