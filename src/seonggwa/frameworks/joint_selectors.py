"""Reads of the joint evaluation (합동평가): the evaluation of a plan, its national goals with
their indicator counts, and the region comparison of a peer group — each region's applicable
and met quantitative indicators, 목표달성도, rank and the group average (R17,
``engine.joint``), beside the figures the result tables printed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from seonggwa.engine.cells import Cell
from seonggwa.engine.joint import group_average, rank_regions, tally
from seonggwa.frameworks.models import (
    JointEvaluation,
    JointIndicator,
    NationalGoal,
    PeerGroupKind,
    PrintedResult,
    Region,
    RegionResult,
    TimelineStep,
)
from seonggwa.plans.models import Plan

__all__ = [
    "Comparison",
    "GoalRow",
    "JointOverview",
    "JointReportData",
    "RegionRow",
    "joint_for_plan",
    "joint_overview",
    "joint_report_data",
    "region_comparison",
]


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


@dataclass(slots=True)
class JointOverview:
    evaluation: JointEvaluation
    goals: list[GoalRow]
    timeline: list[TimelineStep]
    indicators: list[JointIndicator]
    printed: list[PrintedResult] = field(default_factory=list)

    @property
    def totals(self) -> tuple[int, int, int]:
        return (
            sum(g.indicators for g in self.goals),
            sum(g.quantitative for g in self.goals),
            sum(g.qualitative for g in self.goals),
        )


def joint_for_plan(plan: Plan) -> JointEvaluation | None:
    return JointEvaluation.objects.filter(plan=plan).first()


def joint_overview(evaluation: JointEvaluation) -> JointOverview:
    """National goals with counts, the timeline, the indicator list and the printed figures."""
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
    return JointOverview(
        evaluation=evaluation,
        goals=goals,
        timeline=list(evaluation.timeline.all()),
        indicators=indicators,
        printed=printed,
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
