"""Reads of the joint evaluation (합동평가): the evaluation of a plan, its national goals with
their indicator counts, and the region comparison of a peer group — each region's applicable
and met quantitative indicators, 목표달성도, rank and the group average (R17,
``engine.joint``), beside the figures the result tables printed."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from seonggwa.engine.cells import Cell
from seonggwa.engine.joint import StepState, group_average, rank_regions, step_state, tally
from seonggwa.frameworks.models import (
    BestCase,
    JointEvaluation,
    JointIndicator,
    NationalGoal,
    PeerGroupKind,
    PrintedResult,
    Region,
    RegionResult,
    TimelineStep,
)
from seonggwa.plans.models import Period, Plan

__all__ = [
    "Comparison",
    "GoalRow",
    "JointOverview",
    "JointReportData",
    "RegionRow",
    "TimelineRow",
    "current_milestones",
    "joint_for_plan",
    "joint_overview",
    "joint_report_data",
    "joint_timeline",
    "objection_deadline",
    "region_comparison",
]

#: 예정 / 진행 중 / 종료 as the page and the report print them
STATE_LABELS = {
    StepState.UPCOMING: "예정",
    StepState.CURRENT: "진행 중",
    StepState.ENDED: "종료",
    StepState.UNDATED: "-",
}


@dataclass(frozen=True, slots=True)
class RegionRow:
    region: Region
    applicable: int
    met: int
    not_entered: int
    achievement: Cell
    rank: int | None
    printed: Decimal | None  # the overall 목표달성도 the result tables printed, if any
    best_cases: int | None  # printed 우수사례 count, overall


@dataclass(slots=True)
class Comparison:
    group: str
    label: str
    rows: list[RegionRow]
    average: Cell
    printed_average: Decimal | None = None
    printed_change: Decimal | None = None

    @property
    def printed_change_text(self) -> str:
        """The printed change from last year, "↑11.7%p"."""
        c = self.printed_change
        if c is None:
            return ""
        return f"{'↑' if c > 0 else '↓' if c < 0 else ''}{abs(c):.1f}%p"


@dataclass(frozen=True, slots=True)
class GoalRow:
    goal: NationalGoal
    indicators: int
    quantitative: int
    qualitative: int
    printed_city: Decimal | None
    printed_province: Decimal | None


@dataclass(frozen=True, slots=True)
class TimelineRow:
    """A step with its state on the day read and, for the entry step, the entry window the
    plan's period holds now (the two agree unless the window was changed on the periods
    page since)."""

    step: TimelineStep
    state: StepState
    window: tuple[datetime.date | None, datetime.date | None] | None = None

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def window_differs(self) -> bool:
        return self.window is not None and self.window != (self.step.starts_on, self.step.ends_on)


@dataclass(slots=True)
class JointOverview:
    evaluation: JointEvaluation
    goals: list[GoalRow]
    timeline: list[TimelineStep]
    indicators: list[JointIndicator]
    printed: list[PrintedResult] = field(default_factory=list)
    best_cases: list[BestCase] = field(default_factory=list)
    steps: list[TimelineRow] = field(default_factory=list)

    def best_cases_of(self, group: str) -> list[BestCase]:
        return [c for c in self.best_cases if c.group == group]

    @property
    def best_case_groups(self) -> list[tuple[str, str, list[BestCase]]]:
        """(group, label, cases) of the groups with cases, 시부 first."""
        return [
            (g, str(label), self.best_cases_of(g))
            for g, label in PeerGroupKind.choices
            if self.best_cases_of(g)
        ]

    @property
    def totals(self) -> tuple[int, int, int]:
        return (
            sum(g.indicators for g in self.goals),
            sum(g.quantitative for g in self.goals),
            sum(g.qualitative for g in self.goals),
        )


def joint_for_plan(plan: Plan) -> JointEvaluation | None:
    return JointEvaluation.objects.filter(plan=plan).first()


def joint_timeline(
    evaluation: JointEvaluation, today: datetime.date | None = None
) -> list[TimelineRow]:
    """The steps with their state on ``today`` (default: today), the entry step with the
    plan's entry window as it is now."""
    day = today or timezone.localdate()
    steps = list(evaluation.timeline.all())
    period = None
    if any(t.governs == TimelineStep.Governs.ENTRY for t in steps):
        period = (
            Period.objects.filter(
                plan_id=evaluation.plan_id, year=F("plan__year"), quarter=0, month=0
            )
            .only("opens_on", "closes_on")
            .first()
        )
    return [
        TimelineRow(
            step=t,
            state=step_state(t.starts_on, t.ends_on, day),
            window=((period.opens_on, period.closes_on) if period else (None, None))
            if t.governs == TimelineStep.Governs.ENTRY
            else None,
        )
        for t in steps
    ]


def objection_deadline(plan: Plan) -> datetime.date | None:
    """The default objection deadline of a run of ``plan`` being shared: the last day of the
    joint evaluation's objection step (이의신청); None for other plans."""
    step = (
        TimelineStep.objects.filter(evaluation__plan=plan, governs=TimelineStep.Governs.OBJECTIONS)
        .only("ends_on")
        .first()
    )
    return step.ends_on if step is not None else None


def current_milestones(
    organisation_ids: Iterable[int], today: datetime.date | None = None
) -> list[TimelineStep]:
    """The milestones (steps that govern no workflow window) of the joint evaluations of
    these organisations (plans not closed) that run on ``today`` — for "my work" — earliest
    end first."""
    day = today or timezone.localdate()
    return list(
        TimelineStep.objects.filter(
            evaluation__plan__organisation_id__in=list(organisation_ids),
            governs=TimelineStep.Governs.NONE,
            starts_on__lte=day,
            ends_on__gte=day,
        )
        .exclude(evaluation__plan__status=Plan.Status.CLOSED)
        .select_related("evaluation__plan__organisation")
        .order_by("ends_on", "position")
    )


def joint_overview(
    evaluation: JointEvaluation, today: datetime.date | None = None
) -> JointOverview:
    """National goals with counts, the timeline (with each step's state on ``today``), the
    indicator list, the printed figures and the best cases."""
    indicators = list(
        JointIndicator.objects.filter(goal__evaluation=evaluation)
        .select_related("indicator", "goal")
        .order_by("number")
    )
    printed = list(evaluation.printed.select_related("region", "goal"))
    averages = {
        (p.goal_id, p.group): p.value
        for p in printed
        if p.region_id is None and p.measure == PrintedResult.Measure.ACHIEVEMENT
    }
    by_goal: dict[int, list[JointIndicator]] = defaultdict(list)
    for i in indicators:
        by_goal[i.goal_id].append(i)
    goals = []
    for g in evaluation.goals.all():
        mine = by_goal.get(g.pk, [])
        q = sum(1 for i in mine if i.kind == JointIndicator.Kind.QUALITATIVE)
        goals.append(
            GoalRow(
                goal=g,
                indicators=len(mine),
                quantitative=len(mine) - q,
                qualitative=q,
                printed_city=averages.get((g.pk, PeerGroupKind.CITY)),
                printed_province=averages.get((g.pk, PeerGroupKind.PROVINCE)),
            )
        )
    steps = joint_timeline(evaluation, today)
    return JointOverview(
        evaluation=evaluation,
        goals=goals,
        timeline=[r.step for r in steps],
        indicators=indicators,
        printed=printed,
        best_cases=list(
            evaluation.best_cases.select_related("region", "indicator__indicator").order_by(
                "position"
            )
        ),
        steps=steps,
    )


def region_comparison(evaluation: JointEvaluation, group: str) -> Comparison:
    """The regions of ``group`` side by side (R17): applicable and met quantitative
    indicators from the stored region results, 목표달성도, rank within the group and the group
    average over member regions; with the printed overall figures beside them."""
    regions = list(evaluation.regions.filter(group=group))
    quantitative = {
        i.pk: i.scope_for(group)
        for i in JointIndicator.objects.filter(
            goal__evaluation=evaluation, kind=JointIndicator.Kind.QUANTITATIVE
        ).only("pk", "scope_city", "scope_province")
    }
    results: dict[int, dict[int, RegionResult]] = defaultdict(dict)
    for r in RegionResult.objects.filter(region__in=regions).only(
        "region_id", "indicator_id", "evaluated", "met"
    ):
        results[r.region_id][r.indicator_id] = r
    printed = list(evaluation.printed.filter(group=group, goal__isnull=True))
    printed_rate = {
        p.region_id: p.value
        for p in printed
        if p.region_id and p.measure == PrintedResult.Measure.ACHIEVEMENT
    }
    printed_cases = {
        p.region_id: int(p.value)
        for p in printed
        if p.region_id and p.measure == PrintedResult.Measure.BEST_CASES
    }
    average_row = next(
        (
            p
            for p in printed
            if p.region_id is None and p.measure == PrintedResult.Measure.ACHIEVEMENT
        ),
        None,
    )
    tallies = []
    for region in regions:
        mine = results.get(region.pk, {})
        rows = []
        for pk, scope in quantitative.items():
            found = mine.get(pk)
            # a 공통 indicator without a row is not entered yet; a 부분 one is not evaluated
            rows.append((scope, found.evaluated if found else None, found.met if found else None))
        tallies.append(tally(region.name, rows))
    cells = [t.achievement for t in tallies]
    ranks = rank_regions([c.value if c.ok else None for c in cells])  # type: ignore[misc]
    rows_out = [
        RegionRow(
            region=region,
            applicable=t.applicable,
            met=t.met,
            not_entered=t.not_entered,
            achievement=cell,
            rank=rank,
            printed=printed_rate.get(region.pk),
            best_cases=printed_cases.get(region.pk),
        )
        for region, t, cell, rank in zip(regions, tallies, cells, ranks, strict=True)
    ]
    return Comparison(
        group=group,
        label=str(PeerGroupKind(group).label),
        rows=rows_out,
        average=group_average([t.share for t in tallies]),
        printed_average=average_row.value if average_row else None,
        printed_change=average_row.change_pp if average_row else None,
    )


@dataclass(slots=True)
class JointReportData:
    """What the report kind ``joint-evaluation`` reads: the overview and both groups'
    comparisons."""

    overview: JointOverview
    comparisons: list[Comparison]


def joint_report_data(evaluation: JointEvaluation) -> JointReportData:
    return JointReportData(
        overview=joint_overview(evaluation),
        comparisons=[region_comparison(evaluation, g) for g in PeerGroupKind.values],
    )
