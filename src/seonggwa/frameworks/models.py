"""The sustainability framework (domain.md §4.7, §7.6): 분야 → 목표 → 전략 → 과제 → 세부사업 →
성과지표 with yearly targets, over a plan of kind ``sust``.

A field's goal is its ``plans.StrategicGoal`` (the plan's indicators need one); core
indicators hang off it directly, implementation indicators off their project. What an
indicator adds in this framework (its keyword, status value, printed 달성도, exclusion)
sits in :class:`FrameworkIndicator` beside the ``plans.Indicator`` row, never in a copy.
The count tables keep what the document printed (per task, with the header totals) so the
counts computed from graded indicators can be compared with them (R14).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from seonggwa.core.models import Provenance, Timestamped


class SustainabilityFramework(Timestamped, Provenance):
    """One sustainability evaluation of an organisation: its plan, its cycle and what the
    committee reviewed (R13, R14)."""

    plan = models.OneToOneField(
        "plans.Plan",
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="sustainability",
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    cycle_years = models.PositiveSmallIntegerField(
        _("cycle (years)"), default=2, help_text=_("evaluated every two years by ordinance")
    )
    status_year = models.PositiveSmallIntegerField(
        _("status year of the core indicators"), null=True, blank=True
    )
    # the first year of one cycle (the ordinance's year); None: the cycle position is unknown
    cycle_start_year = models.PositiveSmallIntegerField(
        _("first year of a cycle"),
        null=True,
        blank=True,
        help_text=_("Cycles follow one another from this year; each is evaluated the year after."),
    )
    committee = models.CharField(_("reviewing committee"), max_length=200, blank=True)
    achievement_places = models.PositiveSmallIntegerField(
        _("decimal places of printed means"), default=1
    )
    # raised by each change of the settings page (frameworks.services.framework_settings_save):
    # a save over a newer one is refused
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("sustainability framework")
        verbose_name_plural = _("sustainability frameworks")

    def __str__(self) -> str:
        return self.title or str(self.plan)


class Field(Provenance):
    """분야: 환경, 사회문화, 경제 (core and implementation) and 추진기반 (implementation only)."""

    framework = models.ForeignKey(
        SustainabilityFramework,
        verbose_name=_("framework"),
        on_delete=models.CASCADE,
        related_name="fields",
    )
    name = models.CharField(_("name"), max_length=50)
    goal = models.OneToOneField(
        "plans.StrategicGoal",
        verbose_name=_("goal"),
        on_delete=models.CASCADE,
        related_name="sustainability_field",
    )
    has_core_indicators = models.BooleanField(_("has core indicators"), default=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    # the count table's header cells (R14), as printed: None where the cell had no number
    declared_achieved = models.PositiveIntegerField(_("achieved (printed)"), null=True, blank=True)
    declared_partly = models.PositiveIntegerField(
        _("partly achieved (printed)"), null=True, blank=True
    )
    declared_not_achieved = models.PositiveIntegerField(
        _("not achieved (printed)"), null=True, blank=True
    )
    declared_total = models.PositiveIntegerField(
        _("indicators (printed ▶ line)"), null=True, blank=True
    )
    composition = models.CharField(_("composition as printed"), max_length=200, blank=True)
    count_line = models.PositiveIntegerField(_("count table line"), null=True, blank=True)

    class Meta:
        verbose_name = _("sustainability field")
        verbose_name_plural = _("sustainability fields")
        ordering = ["framework", "position"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "name"], name="field_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Strategy(Provenance):
    """전략 of a field (전략 01–04)."""

    field = models.ForeignKey(
        Field, verbose_name=_("field"), on_delete=models.CASCADE, related_name="strategies"
    )
    number = models.PositiveSmallIntegerField(_("number"), null=True, blank=True)
    name = models.TextField(_("name"))
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        ordering = ["field", "position"]

    def __str__(self) -> str:
        return f"{self.number:02d}. {self.name}" if self.number else self.name


class Task(Provenance):
    """과제 of a strategy; the count table's row for it keeps the printed counts."""

    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.CASCADE, related_name="tasks"
    )
    number = models.PositiveSmallIntegerField(_("number"), null=True, blank=True)
    name = models.TextField(_("name"))
    position = models.PositiveIntegerField(_("position"), default=0)
    in_vision = models.BooleanField(
        _("in the vision matrix"), default=False, help_text=_("unset: read from a count table only")
    )
    declared_achieved = models.PositiveIntegerField(_("achieved (printed)"), null=True, blank=True)
    declared_partly = models.PositiveIntegerField(
        _("partly achieved (printed)"), null=True, blank=True
    )
    declared_not_achieved = models.PositiveIntegerField(
        _("not achieved (printed)"), null=True, blank=True
    )
    declared_raw = models.CharField(_("counts as printed"), max_length=60, blank=True)
    count_line = models.PositiveIntegerField(_("count table line"), null=True, blank=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["strategy", "position"]

    def __str__(self) -> str:
        return self.name


class Project(Provenance):
    """세부사업 of a task, run by a department; its indicators are implementation indicators."""

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="projects"
    )
    name = models.TextField(_("name"))
    unit = models.ForeignKey(
        "organisations.OrgUnit",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sustainability_projects",
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["task", "position"]

    def __str__(self) -> str:
        return self.name


class FrameworkIndicator(Provenance):
    """What the framework adds to a ``plans.Indicator`` of its plan."""

    class Role(models.TextChoices):
        CORE = "core", _("core indicator (핵심지표)")
        IMPLEMENTATION = "implementation", _("implementation indicator (이행계획 성과지표)")

    indicator = models.OneToOneField(
        "plans.Indicator",
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="framework_link",
    )
    field = models.ForeignKey(
        Field, verbose_name=_("field"), on_delete=models.CASCADE, related_name="indicators"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    keyword = models.CharField(_("keyword"), max_length=100, blank=True)
    status_value = models.DecimalField(
        _("status value"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    status_raw = models.CharField(_("status value as printed"), max_length=100, blank=True)
    target_raw = models.CharField(_("target as printed"), max_length=100, blank=True)
    # 달성도 as the document printed it (R13 caps it at 100 %); None: excluded or not read
    achievement = models.DecimalField(
        _("achievement (%)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    achievement_raw = models.CharField(_("achievement as printed"), max_length=30, blank=True)
    achievement_line = models.PositiveIntegerField(_("achievement line"), null=True, blank=True)
    excluded = models.BooleanField(
        _("excluded"), default=False, help_text=_('no data ("-"): left out of the field mean')
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("framework indicator")
        verbose_name_plural = _("framework indicators")
        ordering = ["field", "role", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(achievement__isnull=True)
                | (Q(achievement__gte=0) & Q(achievement__lte=100)),
                name="frameworkindicator_achievement_0_100",
            ),
            models.CheckConstraint(
                condition=Q(role="core") | Q(project__isnull=False),
                name="frameworkindicator_implementation_has_project",
            ),
        ]

    def __str__(self) -> str:
        return str(self.indicator)


class GradingCriterion(Provenance):
    """A ✓ rule of the implementation plan's grading criteria with its 예 case (R8)."""

    framework = models.ForeignKey(
        SustainabilityFramework,
        verbose_name=_("framework"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    grade = models.CharField(_("grade"), max_length=20)
    rule = models.TextField(_("rule"), blank=True)
    example = models.TextField(_("example"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("grading criterion")
        verbose_name_plural = _("grading criteria")
        ordering = ["framework", "position"]

    def __str__(self) -> str:
        return f"{self.grade}: {self.rule or self.example}"


class SustainabilityReview(Timestamped):
    """The committee's review of a sustainability evaluation (지속가능발전위원회 and its
    sub-committees, ``003:61,231,254``): the last step after the departments' actuals and the
    office's grades — its status, the date of the review, what it resolved, and which
    committee reviewed (optionally which evaluation run it read)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("not reviewed yet (검토 전)")
        IN_REVIEW = "in_review", _("under review (검토 중)")
        COMPLETED = "completed", _("review completed (검토 완료)")
        REVISION = "revision_requested", _("revision requested (보완 요청)")

    framework = models.OneToOneField(
        SustainabilityFramework,
        verbose_name=_("framework"),
        on_delete=models.CASCADE,
        related_name="review",
    )
    run = models.ForeignKey(
        "evaluation.EvaluationRun",
        verbose_name=_("evaluation run reviewed"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    reviewed_on = models.DateField(_("review date"), null=True, blank=True)
    committee = models.CharField(_("reviewing committee"), max_length=200, blank=True)
    comments = models.TextField(_("comments and resolution (의결 내용)"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("sustainability committee review")
        verbose_name_plural = _("sustainability committee reviews")

    def __str__(self) -> str:
        return f"{self.framework}: {self.get_status_display()}"


# ------------------------------------------------------------------ joint evaluation ------
# 지방자치단체 합동평가 (domain.md §4.10, §7.6, R17): 국정목표 → 지표 over a plan of kind
# ``joint``; the 17 시·도 in their peer groups (시부 / 도부) with per-region targets and
# results; the 목표달성도 printed in the result tables; the evaluation timeline.


class JointEvaluation(Timestamped, Provenance):
    """One year's joint evaluation (합동평가) as a plan of kind ``joint``."""

    plan = models.OneToOneField(
        "plans.Plan",
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="joint_evaluation",
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    performance_year = models.PositiveSmallIntegerField(
        _("performance year"), null=True, blank=True, help_text=_("the year of the results (실적)")
    )
    purpose = models.TextField(_("purpose"), blank=True)
    basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    method = models.TextField(_("method"), blank=True)
    evaluators = models.CharField(_("evaluators"), max_length=200, blank=True)
    declared_indicators = models.PositiveIntegerField(
        _("indicators (printed)"), null=True, blank=True
    )
    declared_quantitative = models.PositiveIntegerField(
        _("quantitative indicators (printed)"), null=True, blank=True
    )
    declared_qualitative = models.PositiveIntegerField(
        _("qualitative indicators (printed)"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("joint evaluation")
        verbose_name_plural = _("joint evaluations")

    def __str__(self) -> str:
        return self.title or str(self.plan)


class PeerGroupKind(models.TextChoices):
    """The joint evaluation's two peer groups."""

    CITY = "city", _("시부 (metropolitan cities)")
    PROVINCE = "province", _("도부 (provinces)")


class NationalGoal(Provenance):
    """국정목표; its ``plans.StrategicGoal`` holds the plan's indicators under it."""

    evaluation = models.ForeignKey(
        JointEvaluation, verbose_name=_("joint evaluation"), on_delete=models.CASCADE,
        related_name="goals",
    )  # fmt: skip
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200)
    goal = models.OneToOneField(
        "plans.StrategicGoal",
        verbose_name=_("goal"),
        on_delete=models.CASCADE,
        related_name="national_goal",
    )
    declared_indicators = models.PositiveIntegerField(
        _("indicators (printed)"), null=True, blank=True
    )
    declared_quantitative = models.PositiveIntegerField(
        _("quantitative indicators (printed)"), null=True, blank=True
    )
    declared_qualitative = models.PositiveIntegerField(
        _("qualitative indicators (printed)"), null=True, blank=True
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("national goal")
        verbose_name_plural = _("national goals")
        ordering = ["evaluation", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "number"], name="nationalgoal_unique_number"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Region(Provenance):
    """One of the 17 시·도 evaluated, in its peer group (시부 or 도부)."""

    evaluation = models.ForeignKey(
        JointEvaluation, verbose_name=_("joint evaluation"), on_delete=models.CASCADE,
        related_name="regions",
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=20, help_text=_("short name, e.g. 서울"))
    full_name = models.CharField(_("full name"), max_length=50, blank=True)
    group = models.CharField(_("peer group"), max_length=10, choices=PeerGroupKind.choices)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["evaluation", "position"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "name"], name="region_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class JointIndicator(Provenance):
    """What the joint evaluation adds to a ``plans.Indicator`` of its plan: type, ministry,
    scope per peer group (R17)."""

    class Kind(models.TextChoices):
        QUANTITATIVE = "quantitative", _("quantitative (정량)")
        QUALITATIVE = "qualitative", _("qualitative (정성)")

    class Scope(models.TextChoices):
        COMMON = "common", _("common (공통평가)")
        PARTIAL = "partial", _("partial (부분평가)")
        NONE = "none", _("not evaluated")

    indicator = models.OneToOneField(
        "plans.Indicator",
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="joint_link",
    )
    goal = models.ForeignKey(
        NationalGoal, verbose_name=_("national goal"), on_delete=models.CASCADE,
        related_name="indicators",
    )  # fmt: skip
    number = models.PositiveSmallIntegerField(_("number (연번)"))
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    ministry = models.CharField(_("ministry (소관부처)"), max_length=50, blank=True)
    scope_city = models.CharField(
        _("scope for 시부"), max_length=8, choices=Scope.choices, default=Scope.COMMON
    )
    scope_province = models.CharField(
        _("scope for 도부"), max_length=8, choices=Scope.choices, default=Scope.COMMON
    )
    scope_raw = models.CharField(_("scope as printed"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("joint-evaluation indicator")
        verbose_name_plural = _("joint-evaluation indicators")
        ordering = ["goal__evaluation", "number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.indicator.name}"

    def scope_for(self, group: str) -> str:
        return self.scope_city if group == PeerGroupKind.CITY else self.scope_province


class RegionResult(Provenance):
    """A region's target and result on one indicator (from the VPS sheet): the target as
    printed (a rank-based target such as "상위 3번째 값 이상" keeps its text), the actual,
    whether the region is evaluated on it (부분평가) and whether it met its target."""

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.CASCADE, related_name="results"
    )
    indicator = models.ForeignKey(
        JointIndicator, verbose_name=_("indicator"), on_delete=models.CASCADE,
        related_name="results",
    )  # fmt: skip
    target = models.DecimalField(
        _("target"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    target_raw = models.CharField(_("target as given"), max_length=200, blank=True)
    rank_based = models.BooleanField(_("rank-based target"), default=False)
    actual = models.DecimalField(
        _("actual"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    actual_raw = models.CharField(_("actual as given"), max_length=100, blank=True)
    evaluated = models.BooleanField(
        _("evaluated"), default=True, help_text=_("unset: the region is not evaluated on it (부분)")
    )
    met = models.BooleanField(_("met its target"), null=True, blank=True)
    best_cases = models.PositiveIntegerField(_("best cases selected"), null=True, blank=True)

    class Meta:
        verbose_name = _("region result")
        verbose_name_plural = _("region results")
        ordering = ["region", "indicator__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "indicator"], name="regionresult_unique_region_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region} · {self.indicator.number}"


class PrintedResult(Provenance):
    """A figure of the result tables as printed: a region's or a group's 목표달성도 (overall
    or for one national goal), with the change in %p where printed, or a count of best cases."""

    class Measure(models.TextChoices):
        ACHIEVEMENT = "achievement", _("목표달성도 (%)")
        BEST_CASES = "best_cases", _("best cases (우수사례, 건)")

    evaluation = models.ForeignKey(
        JointEvaluation, verbose_name=_("joint evaluation"), on_delete=models.CASCADE,
        related_name="printed",
    )  # fmt: skip
    goal = models.ForeignKey(
        NationalGoal, verbose_name=_("national goal"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="printed",
    )  # fmt: skip
    group = models.CharField(_("peer group"), max_length=10, choices=PeerGroupKind.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="printed", help_text=_("empty: the group average"),
    )  # fmt: skip
    measure = models.CharField(_("measure"), max_length=12, choices=Measure.choices)
    value = models.DecimalField(_("value"), max_digits=9, decimal_places=2)
    raw = models.CharField(_("as printed"), max_length=100, blank=True)
    change_pp = models.DecimalField(
        _("change (%p)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("printed result")
        verbose_name_plural = _("printed results")
        ordering = ["evaluation", "position"]

    def __str__(self) -> str:
        return f"{self.region or self.get_group_display()}: {self.raw}"


class TimelineStep(Provenance):
    """A step of the evaluation timeline (실적입력 Jan–Feb, 이의신청, 정성평가 …) with the dates
    read from the printed month range (first day .. last day of the months). A step may
    govern a window of the workflow (``governs``): the entry step sets the plan's period
    entry window, the objection step the default objection deadline of a shared run; the
    others are dated milestones."""

    class Governs(models.TextChoices):
        NONE = "", _("milestone")
        ENTRY = "entry", _("entry window")
        OBJECTIONS = "objections", _("objection deadline")

    evaluation = models.ForeignKey(
        JointEvaluation, verbose_name=_("joint evaluation"), on_delete=models.CASCADE,
        related_name="timeline",
    )  # fmt: skip
    stage = models.CharField(_("stage"), max_length=30, blank=True)
    label = models.CharField(_("step"), max_length=200)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    raw = models.CharField(_("as printed"), max_length=200, blank=True)
    governs = models.CharField(
        _("governs"), max_length=12, choices=Governs.choices, default=Governs.NONE, blank=True
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("timeline step")
        verbose_name_plural = _("timeline steps")
        ordering = ["evaluation", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="timelinestep_in_order",
            ),
            # one step governs the entry window, one the objection deadline
            models.UniqueConstraint(
                fields=["evaluation", "governs"],
                condition=~Q(governs=""),
                name="timelinestep_one_step_per_window",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class BestCase(Provenance):
    """A qualitative best case (정성평가 우수사례) named by the evaluation: its region (and so
    its peer group), title, the indicator when one is named, and the text as printed — the
    국민공감 우수사례 the public panel picked, or a case the joint panel selected."""

    class Selection(models.TextChoices):
        PUBLIC = "public", _("public pick (국민공감 우수사례)")
        PANEL = "panel", _("panel selection (정성평가 우수사례)")

    evaluation = models.ForeignKey(
        JointEvaluation, verbose_name=_("joint evaluation"), on_delete=models.CASCADE,
        related_name="best_cases",
    )  # fmt: skip
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.CASCADE, related_name="best_cases"
    )
    group = models.CharField(_("peer group"), max_length=10, choices=PeerGroupKind.choices)
    indicator = models.ForeignKey(
        JointIndicator, verbose_name=_("indicator"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="best_cases",
    )  # fmt: skip
    selection = models.CharField(
        _("selection"), max_length=10, choices=Selection.choices, default=Selection.PUBLIC
    )
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary (주요내용)"), blank=True)
    raw = models.TextField(_("as printed"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("best case")
        verbose_name_plural = _("best cases")
        ordering = ["evaluation", "position"]

    def __str__(self) -> str:
        return f"{self.region} · {self.title}"
