"""Reads of the sustainability framework: the framework of a plan, and its summary — the
core indicators' field means and overall mean (R13, ``engine.aggregation.mean_of_means``)
and the implementation plan's counts per task, strategy and field with totals (R14)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from seonggwa.engine.aggregation import mean_of_means, share_meeting_target
from seonggwa.engine.cells import Cell
from seonggwa.engine.cycles import CyclePosition, cycle_position
from seonggwa.frameworks.models import (
    Field,
    FrameworkIndicator,
    GradingCriterion,
    SustainabilityFramework,
    SustainabilityReview,
    Task,
)
from seonggwa.plans.models import Plan
from seonggwa.results.models import IndicatorValue

__all__ = [
    "GRADE_ORDER",
    "CoreRow",
    "CountComparison",
    "CountLine",
    "CountRow",
    "FieldCounts",
    "ReviewLine",
    "SustainabilitySummary",
    "count_comparison",
    "field_tree",
    "framework_cycle",
    "framework_for_plan",
    "framework_list",
    "graded_counts",
    "implementation_list",
    "review_for",
    "sustainability_review",
    "sustainability_summary",
]

# the grade codes of the ``sustainability_plan`` scheme in the order of the count tables
GRADE_ORDER = ("achieved", "partly_achieved", "not_achieved")


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
        return _share(self.totals)


@dataclass(frozen=True, slots=True)
class CountLine:
    """One task of a count table: the counts as printed and as graded (None: no such row —
    a task the document did not print, or one with no graded indicator)."""

    strategy: str
    task: str
    printed: tuple[int, int, int] | None
    graded: tuple[int, int, int] | None

    @property
    def computed(self) -> tuple[int, int, int]:
        """The counts from the grades; a task with no graded indicator counts nothing."""
        return self.graded or (0, 0, 0)

    @property
    def differs(self) -> bool:
        """The counts from the grades are not the printed ones (a row missing counts 0)."""
        return (self.printed or (0, 0, 0)) != self.computed


@dataclass(frozen=True, slots=True)
class CountComparison:
    """One field's count table as printed beside the one computed from the grades (R14)."""

    field: str
    lines: list[CountLine]
    printed: FieldCounts | None
    graded: FieldCounts | None

    @property
    def printed_totals(self) -> tuple[int, int, int]:
        return self.printed.totals if self.printed else (0, 0, 0)

    @property
    def computed_totals(self) -> tuple[int, int, int]:
        return self.graded.totals if self.graded else (0, 0, 0)

    @property
    def differs(self) -> bool:
        return self.printed_totals != self.computed_totals or any(
            line.differs for line in self.lines
        )

    @property
    def computed_share(self) -> Cell:
        """R14 on the counts from the grades: achieved ÷ all graded indicators."""
        return _share(self.computed_totals)


@dataclass(frozen=True, slots=True)
class ReviewLine:
    """The committee's review as the pages and reports print it (검토 전 when none is
    recorded)."""

    status: str
    status_label: str
    reviewed_on: str  # ISO date, "" when none
    committee: str
    comments: str
    version: int  # 0: nothing recorded yet
    run_label: str = ""

    @property
    def text(self) -> str:
        """One line: "위원회 검토: 검토 완료(2019-12-10, 모니터링 분과위원회)"."""
        details = ", ".join(p for p in (self.reviewed_on, self.committee) if p)
        return f"위원회 검토: {self.status_label}" + (f"({details})" if details else "")


@dataclass(slots=True)
class SustainabilitySummary:
    framework: SustainabilityFramework
    core: list[CoreRow]
    field_means: dict[str, Cell]
    overall: Cell
    counts: list[FieldCounts]
    criteria: list[GradingCriterion] = field(default_factory=list)
    # the count tables computed from an evaluation run's grades beside the printed ones
    # (``count_comparison``); None: no grades were given (no run to read)
    compared: list[CountComparison] | None = None
    # where the plan's year sits in the evaluation cycle, and the committee's review
    cycle: CyclePosition | None = None
    review: ReviewLine | None = None

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
        return _share(self.count_totals)

    @property
    def compared_totals(self) -> tuple[int, int, int]:
        """The counts from the grades over every field (zeros without grades)."""
        tables = self.compared or []
        return (
            sum(c.computed_totals[0] for c in tables),
            sum(c.computed_totals[1] for c in tables),
            sum(c.computed_totals[2] for c in tables),
        )

    @property
    def compared_share(self) -> Cell:
        return _share(self.compared_totals)


def _share(totals: tuple[int, int, int]) -> Cell:
    """R14: achieved ÷ all indicators counted."""
    achieved, partly, not_achieved = totals
    return share_meeting_target([True] * achieved + [False] * (partly + not_achieved))


def framework_list() -> QuerySet[SustainabilityFramework]:
    return SustainabilityFramework.objects.select_related("plan", "plan__organisation")


def framework_for_plan(plan: Plan) -> SustainabilityFramework | None:
    found = SustainabilityFramework.objects.filter(plan=plan).first()
    if found is not None:
        found.plan = plan  # the caller's plan: reading its year costs no query
    return found


def framework_cycle(framework: SustainabilityFramework) -> CyclePosition:
    """Where the plan's year sits in the framework's evaluation cycle (``engine.cycles``);
    unknown when the framework holds no cycle length or first year."""
    return cycle_position(
        framework.plan.year, length=framework.cycle_years, start=framework.cycle_start_year
    )


# the status labels as the pages' Korean and the documents print them
REVIEW_LABELS: dict[str, str] = {
    SustainabilityReview.Status.PENDING: "검토 전",
    SustainabilityReview.Status.IN_REVIEW: "검토 중",
    SustainabilityReview.Status.COMPLETED: "검토 완료",
    SustainabilityReview.Status.REVISION: "보완 요청",
}


def review_for(framework: SustainabilityFramework) -> SustainabilityReview | None:
    """The committee's review recorded for ``framework``, or None."""
    return SustainabilityReview.objects.filter(framework=framework).first()


def sustainability_review(framework: SustainabilityFramework) -> ReviewLine:
    """The committee's review of ``framework`` (one query): 검토 전 with the framework's
    committee when nothing is recorded yet."""
    review = SustainabilityReview.objects.filter(framework=framework).select_related("run").first()
    if review is None:
        status = SustainabilityReview.Status.PENDING
        return ReviewLine(status, REVIEW_LABELS[status], "", framework.committee, "", 0)
    run = review.run
    return ReviewLine(
        status=review.status,
        status_label=REVIEW_LABELS.get(review.status, review.status),
        reviewed_on=review.reviewed_on.isoformat() if review.reviewed_on else "",
        committee=review.committee,
        comments=review.comments,
        version=review.version,
        run_label=f"{run.period_key} 평가 제{run.number}회차" if run is not None else "",
    )


def sustainability_summary(
    framework: SustainabilityFramework,
    places: int | None = None,
    grades: Mapping[int, str] | None = None,
) -> SustainabilitySummary:
    """The figures of the sustainability report, from the stored framework (four queries,
    and one for the committee's review; the cycle position reads the framework's plan);
    with ``grades`` (the grade code applied to each indicator id, e.g. by an evaluation
    run) also the count tables computed from them beside the printed ones (two more)."""
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
    summary = SustainabilitySummary(
        framework=framework,
        core=core,
        field_means=field_means,
        overall=overall,
        counts=counts,
        criteria=list(framework.criteria.all()),
        cycle=framework_cycle(framework),
        review=sustainability_review(framework),
    )
    if grades is not None:
        summary.compared = count_comparison(
            framework, grades, printed=counts, order=[f.name for f in fields]
        )
    return summary


def field_tree(framework: SustainabilityFramework) -> list[Field]:
    """The framework's fields with their strategies and tasks (three queries)."""
    return list(
        Field.objects.filter(framework=framework)
        .select_related("goal")
        .prefetch_related("strategies__tasks")
        .order_by("position")
    )


def implementation_list(framework: SustainabilityFramework) -> list[FrameworkIndicator]:
    """The framework's implementation indicators in the order of their fields, tasks and
    projects, with their department, task and yearly targets (two queries)."""
    targets = IndicatorValue.objects.filter(kind=IndicatorValue.Kind.TARGET).order_by("year")
    return list(
        FrameworkIndicator.objects.filter(
            field__framework=framework, role=FrameworkIndicator.Role.IMPLEMENTATION
        )
        .select_related(
            "indicator", "field", "project__unit", "project__task__strategy", "indicator__owner"
        )
        .prefetch_related(Prefetch("indicator__values", queryset=targets, to_attr="targets"))
        .order_by(
            "field__position",
            "project__task__strategy__position",
            "project__task__position",
            "project__position",
            "position",
        )
    )


def graded_counts(
    framework: SustainabilityFramework, grades: Mapping[int, str]
) -> list[FieldCounts]:
    """The count tables (R14) computed from graded implementation indicators: per field, a
    row per task with the indicators graded 달성 / 일부달성 / 미달성 (``grades``: the grade
    code applied to each indicator id, e.g. by an evaluation run). Tasks without a graded
    indicator are left out; ``declared`` keeps the field's printed header totals."""
    links = (
        FrameworkIndicator.objects.filter(
            field__framework=framework,
            role=FrameworkIndicator.Role.IMPLEMENTATION,
            indicator_id__in=list(grades),
        )
        .select_related("project__task__strategy__field")
        .order_by(
            "field__position",
            "project__task__strategy__position",
            "project__task__position",
        )
    )
    per_task: dict[int, tuple[Task, list[int]]] = {}
    for link in links:
        code = grades[link.indicator_id]
        if code not in GRADE_ORDER or link.project is None:
            continue
        task = link.project.task
        entry = per_task.setdefault(task.pk, (task, [0, 0, 0]))
        entry[1][GRADE_ORDER.index(code)] += 1
    counts: dict[int, FieldCounts] = {}
    for task, (a, p, n) in per_task.values():
        f = task.strategy.field
        table = counts.setdefault(
            f.pk,
            FieldCounts(
                field=f.name,
                rows=[],
                declared=(f.declared_achieved, f.declared_partly, f.declared_not_achieved),
                composition=f.composition,
            ),
        )
        table.rows.append(CountRow(strategy=task.strategy.name, task=task.name, counts=(a, p, n)))
    return list(counts.values())


def count_comparison(
    framework: SustainabilityFramework,
    grades: Mapping[int, str],
    *,
    printed: list[FieldCounts] | None = None,
    order: list[str] | None = None,
) -> list[CountComparison]:
    """Per field, the count table as printed beside the one computed from ``grades``
    (:func:`graded_counts`), task by task in the printed order, the tasks only graded after
    them. ``printed`` and ``order`` (the field names in order): when the caller has them
    already (``sustainability_summary``); read otherwise. The one place the web's grades
    page and the ``sustainability`` report take the comparison from."""
    if printed is None:
        printed = sustainability_summary(framework).counts
    if order is None:
        order = list(
            Field.objects.filter(framework=framework)
            .order_by("position")
            .values_list("name", flat=True)
        )
    by_printed = {c.field: c for c in printed}
    by_graded = {c.field: c for c in graded_counts(framework, grades)}
    tables = []
    for name in order:
        p, g = by_printed.get(name), by_graded.get(name)
        if p is None and g is None:
            continue
        lines: dict[tuple[str, str], CountLine] = {}
        for row in p.rows if p else []:
            lines[(row.strategy, row.task)] = CountLine(row.strategy, row.task, row.counts, None)
        for row in g.rows if g else []:
            key = (row.strategy, row.task)
            before = lines.get(key)
            lines[key] = CountLine(
                row.strategy, row.task, before.printed if before else None, row.counts
            )
        tables.append(CountComparison(name, list(lines.values()), p, g))
    return tables
