"""Reads of the sustainability framework: the framework of a plan, and its summary — the
core indicators' field means and overall mean (R13, ``engine.aggregation.mean_of_means``)
and the implementation plan's counts per task, strategy and field with totals (R14)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from seonggwa.engine.aggregation import mean_of_means, share_meeting_target
from seonggwa.engine.cells import Cell
from seonggwa.frameworks.models import (
    Field,
    FrameworkIndicator,
    GradingCriterion,
    SustainabilityFramework,
    Task,
)
from seonggwa.plans.models import Plan

__all__ = [
    "CoreRow",
    "CountRow",
    "FieldCounts",
    "SustainabilitySummary",
    "field_tree",
    "framework_for_plan",
    "framework_list",
    "sustainability_summary",
]


@dataclass(frozen=True, slots=True)
class CoreRow:
    field: str
    keyword: str
    name: str
    achievement: Decimal | None
    achievement_raw: str
    excluded: bool
    line: int | None


@dataclass(frozen=True, slots=True)
class CountRow:
    strategy: str
    task: str
    counts: tuple[int, int, int]  # 달성, 일부달성, 미달성

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(slots=True)
class FieldCounts:
    field: str
    rows: list[CountRow]
    declared: tuple[int | None, int | None, int | None]
    composition: str = ""

    @property
    def totals(self) -> tuple[int, int, int]:
        return (
            sum(r.counts[0] for r in self.rows),
            sum(r.counts[1] for r in self.rows),
            sum(r.counts[2] for r in self.rows),
        )

    @property
    def total(self) -> int:
        return sum(self.totals)

    @property
    def share(self) -> Cell:
        """R14: achieved ÷ all indicators of the field."""
        achieved, partly, not_achieved = self.totals
        return share_meeting_target([True] * achieved + [False] * (partly + not_achieved))


@dataclass(slots=True)
class SustainabilitySummary:
    framework: SustainabilityFramework
    core: list[CoreRow]
    field_means: dict[str, Cell]
    overall: Cell
    counts: list[FieldCounts]
    criteria: list[GradingCriterion] = field(default_factory=list)

    @property
    def count_totals(self) -> tuple[int, int, int]:
        return (
            sum(c.totals[0] for c in self.counts),
            sum(c.totals[1] for c in self.counts),
            sum(c.totals[2] for c in self.counts),
        )

    @property
    def count_total(self) -> int:
        return sum(self.count_totals)

    @property
    def overall_share(self) -> Cell:
        achieved, partly, not_achieved = self.count_totals
        return share_meeting_target([True] * achieved + [False] * (partly + not_achieved))


def framework_list() -> QuerySet[SustainabilityFramework]:
    return SustainabilityFramework.objects.select_related("plan", "plan__organisation")


def framework_for_plan(plan: Plan) -> SustainabilityFramework | None:
    return SustainabilityFramework.objects.filter(plan=plan).first()


def sustainability_summary(
    framework: SustainabilityFramework, places: int | None = None
) -> SustainabilitySummary:
    """The figures of the sustainability report, from the stored framework (three queries)."""
    fields = list(Field.objects.filter(framework=framework).order_by("position"))
    links = list(
        FrameworkIndicator.objects.filter(
            field__framework=framework, role=FrameworkIndicator.Role.CORE
        )
        .select_related("indicator", "field")
        .order_by("field__position", "position")
    )
    core = [
        CoreRow(
            field=link.field.name,
            keyword=link.keyword,
            name=link.indicator.name,
            achievement=link.achievement,
            achievement_raw=link.achievement_raw,
            excluded=link.excluded,
            line=link.achievement_line,
        )
        for link in links
    ]
    groups: dict[str, list[Decimal | None]] = {f.name: [] for f in fields if f.has_core_indicators}
    for row in core:
        groups.setdefault(row.field, []).append(None if row.excluded else row.achievement)
    field_means, overall = mean_of_means(
        groups, places=framework.achievement_places if places is None else places
    )
    tasks = list(
        Task.objects.filter(strategy__field__framework=framework)
        .exclude(count_line=None)
        .select_related("strategy")
        .order_by("strategy__field__position", "count_line")
    )
    by_field: dict[int, list[Task]] = {}
    for t in tasks:
        by_field.setdefault(t.strategy.field_id, []).append(t)
    counts = [
        FieldCounts(
            field=f.name,
            rows=[
                CountRow(
                    strategy=t.strategy.name,
                    task=t.name,
                    counts=(
                        t.declared_achieved or 0,
                        t.declared_partly or 0,
                        t.declared_not_achieved or 0,
                    ),
                )
                for t in by_field.get(f.pk, [])
            ],
            declared=(f.declared_achieved, f.declared_partly, f.declared_not_achieved),
            composition=f.composition,
        )
        for f in fields
        if f.count_line is not None
    ]
    return SustainabilitySummary(
        framework=framework,
        core=core,
        field_means=field_means,
        overall=overall,
        counts=counts,
        criteria=list(framework.criteria.all()),
    )


def field_tree(framework: SustainabilityFramework) -> list[Field]:
    """The framework's fields with their strategies and tasks (three queries)."""
    return list(
        Field.objects.filter(framework=framework)
        .select_related("goal")
        .prefetch_related("strategies__tasks")
        .order_by("position")
    )
