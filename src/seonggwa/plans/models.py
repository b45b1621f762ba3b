"""Plans and what they hold: perspectives, strategic goals, program goals, indicators,
budget programs and program codes.

Hierarchy: Plan → (owner) StrategicGoal → PolicyGoal → Indicator. BSC plans have no
policy-goal level: their indicators hang directly off the strategic goal.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from seonggwa.core.models import WEIGHT_DIGITS, WEIGHT_PLACES, Provenance, Timestamped, money_field
from seonggwa.engine.text import norm_key


class Plan(Timestamped, Provenance):
    class Kind(models.TextChoices):
        PERFORMANCE_PLAN = "plan", _("performance plan (성과계획서)")
        BSC = "bsc", _("BSC performance management plan (성과관리계획)")
        PERFORMANCE_REPORT = "report", _("performance report (성과보고서)")
        # an indicator framework of its own (domain.md §4.7): its fields, strategies, tasks
        # and projects live in seonggwa.frameworks; its indicators are this plan's
        SUSTAINABILITY = "sust", _("sustainability evaluation (지속가능성 평가)")
        # the government's joint evaluation of the 시·도 (domain.md §4.10): national goals and
        # regions live in seonggwa.frameworks; its indicators are this plan's
        JOINT_EVALUATION = "joint", _("joint evaluation (합동평가)")
        # the major projects' regular evaluation (domain.md §4.12): each project's progress
        # (공정률) is an indicator of this plan, collected through the entry workflow
        MAJOR_PROJECTS = "projects", _("major projects (주요 역점사업)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        CONFIRMED = "confirmed", _("confirmed")
        CLOSED = "closed", _("closed")

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="plans",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    grading_scheme = models.CharField(
        _("grading scheme"),
        max_length=60,
        blank=True,
        help_text=_("name of the engine's grading scheme"),
    )
    # the version of the scheme the plan is graded with: the one effective on 1 January of
    # the plan's year, recorded when the plan is created or first evaluated (null: not yet)
    grading_scheme_version = models.PositiveIntegerField(
        _("grading scheme version"), null=True, blank=True
    )
    # evaluation rules of the whole plan (docs/evaluation.md "Rules as data")
    score_steps = models.JSONField(
        _("score steps"),
        default=list,
        blank=True,
        help_text=_(
            '[[minimum rate %, score], …] highest first, e.g. [["130", "100"]]; '
            "empty: score = rate capped at 100"
        ),
    )
    default_cap = models.DecimalField(
        _("default cap on the achievement rate (%)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["organisation", "-year", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "kind"], name="plan_unique_org_year_kind"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1990) & Q(year__lte=2100), name="plan_year_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year} {self.get_kind_display()}"


class Period(Timestamped):
    """A reporting period of a plan — a year, quarter or month, keyed ``2026``,
    ``2026-Q1``, ``2026-03`` (``engine.periods.PeriodKey``). Actuals are entered for a period
    within its entry window, the officer locks it when collection is done and publishes it
    when its approved actuals may be shown to the public (docs/workflow.md)."""

    class Frequency(models.TextChoices):
        YEAR = "year", _("year")
        QUARTER = "quarter", _("quarter")
        MONTH = "month", _("month")

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="periods"
    )
    key = models.CharField(_("period"), max_length=10, help_text=_("2026, 2026-Q1 or 2026-03"))
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), default=0)
    month = models.PositiveSmallIntegerField(_("month"), default=0)
    opens_on = models.DateField(_("entry opens on"), null=True, blank=True)
    closes_on = models.DateField(_("entry closes on"), null=True, blank=True)
    locked = models.BooleanField(_("locked"), default=False)
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    lock_note = models.TextField(
        _("lock note"), blank=True, help_text=_("why the period was locked or reopened last")
    )
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        ordering = ["plan", "year", "quarter", "month"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="period_unique_key_per_plan"),
            models.UniqueConstraint(
                fields=["plan", "year", "quarter", "month"], name="period_unique_per_plan"
            ),
            models.CheckConstraint(
                condition=Q(closes_on__isnull=True)
                | Q(opens_on__isnull=True)
                | Q(closes_on__gte=F("opens_on")),
                name="period_window_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.key}"


class Perspective(Provenance):
    """A BSC perspective (관점) with its weight for one owner in one plan."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="perspectives"
    )
    owner = models.ForeignKey(
        "organisations.PlanOwner",
        verbose_name=_("plan owner"),
        on_delete=models.CASCADE,
        related_name="perspectives",
    )
    name = models.CharField(_("name"), max_length=100)
    weight = models.DecimalField(
        _("weight"), max_digits=WEIGHT_DIGITS, decimal_places=WEIGHT_PLACES, null=True, blank=True
    )
    weight_raw = models.CharField(_("weight as printed"), max_length=50, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    # raised by every save, so the figures cache's state sees a rename in place
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("perspective")
        verbose_name_plural = _("perspectives")
        ordering = ["plan", "owner", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "owner", "name"], name="perspective_unique_name_per_owner"
            ),
            models.CheckConstraint(
                condition=Q(weight__isnull=True) | (Q(weight__gte=0) & Q(weight__lte=100)),
                name="perspective_weight_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight})" if self.weight is not None else self.name


class StrategicGoal(Provenance):
    """전략목표 (성과목표), code like "III"."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="strategic_goals"
    )
    owner = models.ForeignKey(
        "organisations.PlanOwner",
        verbose_name=_("plan owner"),
        on_delete=models.CASCADE,
        related_name="strategic_goals",
    )
    code = models.CharField(_("code"), max_length=20, blank=True)
    name = models.TextField(_("name"))
    name_key = models.TextField(_("matching key"), editable=False)
    perspective = models.ForeignKey(
        Perspective,
        verbose_name=_("perspective"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="goals",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cascades from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    program_amount = money_field(_("policy-program amount (원)"))
    program_amount_raw = models.CharField(_("amount as printed"), max_length=50, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    # raised by every save, so the figures cache's state sees a rename in place
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("strategic goal")
        verbose_name_plural = _("strategic goals")
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"],
                condition=~Q(code=""),
                name="strategicgoal_unique_code_per_plan",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}" if self.code else self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_key = norm_key(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class PolicyGoal(Provenance):
    """정책사업목표, code like "III-14"."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="policy_goals"
    )
    strategic_goal = models.ForeignKey(
        StrategicGoal,
        verbose_name=_("strategic goal"),
        on_delete=models.CASCADE,
        related_name="policy_goals",
    )
    code = models.CharField(_("code"), max_length=20, blank=True)
    name = models.TextField(_("name"))
    name_key = models.TextField(_("matching key"), editable=False)
    position = models.PositiveIntegerField(_("position"), default=0)

    # raised by every save, so the figures cache's state sees a rename in place
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("policy program goal")
        verbose_name_plural = _("policy program goals")
        ordering = ["plan", "strategic_goal", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"],
                condition=~Q(code=""),
                name="policygoal_unique_code_per_plan",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}" if self.code else self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_key = norm_key(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class ProgramCode(Provenance):
    """주요사업 코드번호 such as 대변인-1; a code belongs to the top-level unit."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="program_codes"
    )
    code = models.CharField(_("code"), max_length=50)
    unit = models.ForeignKey(
        "organisations.OrgUnit",
        verbose_name=_("top-level unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    title = models.CharField(_("title"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("program code")
        verbose_name_plural = _("program codes")
        ordering = ["plan", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="programcode_unique_per_plan")
        ]

    def __str__(self) -> str:
        return self.code


class Indicator(Timestamped, Provenance):
    """성과지표 (핵심성과지표 in BSC plans)."""

    class Direction(models.TextChoices):
        HIGHER = "higher", _("higher is better")
        LOWER = "lower", _("lower is better")
        BAND = "band", _("within a band")
        MILESTONE = "milestone", _("milestone stages")
        QUALITATIVE = "qualitative", _("qualitative grade")

    class Measure(models.TextChoices):
        QUANTITATIVE = "quantitative", _("quantitative (정량)")
        QUALITATIVE = "qualitative", _("qualitative (정성)")

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="indicators"
    )
    owner = models.ForeignKey(
        "organisations.PlanOwner",
        verbose_name=_("plan owner"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    strategic_goal = models.ForeignKey(
        StrategicGoal,
        verbose_name=_("strategic goal"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    policy_goal = models.ForeignKey(
        PolicyGoal,
        verbose_name=_("policy program goal"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    perspective = models.ForeignKey(
        Perspective,
        verbose_name=_("perspective"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
    )
    code = models.CharField(_("code"), max_length=30, blank=True)
    name = models.TextField(_("name"))
    name_key = models.TextField(_("matching key"), editable=False)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=50, blank=True)
    weight = models.DecimalField(
        _("weight"), max_digits=WEIGHT_DIGITS, decimal_places=WEIGHT_PLACES, null=True, blank=True
    )
    weight_raw = models.CharField(_("weight as printed"), max_length=50, blank=True)
    direction = models.CharField(
        _("direction"), max_length=12, choices=Direction.choices, default=Direction.HIGHER
    )
    direction_confirmed = models.BooleanField(
        _("direction confirmed"),
        default=False,
        help_text=_("set when the owner confirmed an inferred direction"),
    )
    measure = models.CharField(
        _("measure"), max_length=12, choices=Measure.choices, default=Measure.QUANTITATIVE
    )
    is_cumulative = models.BooleanField(_("cumulative (누계)"), default=False)
    composite_parts = models.JSONField(
        _("composite parts"),
        default=list,
        blank=True,
        help_text=_('names of the parts of a composite value, e.g. ["연간", "누계"]'),
    )
    definition = models.TextField(_("definition"), blank=True)
    formula = models.TextField(_("formula"), blank=True)
    data_source = models.CharField(_("data source"), max_length=200, blank=True)
    due_month = models.PositiveSmallIntegerField(
        _("evaluation month (최종실적월)"), null=True, blank=True
    )
    due_month_raw = models.CharField(_("evaluation month as printed"), max_length=100, blank=True)
    program_codes_raw = models.CharField(_("program codes as printed"), max_length=300, blank=True)
    program_codes = models.ManyToManyField(
        ProgramCode, verbose_name=_("program codes"), blank=True, related_name="indicators"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cascades from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("last year's indicator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next",
        help_text=_("the same indicator in last year's plan (relative targets read its actual)"),
    )
    parent_owner_label = models.CharField(_("parent owner as printed"), max_length=100, blank=True)
    parent_goal_text = models.TextField(_("parent goal as printed"), blank=True)
    parent_kpi_text = models.TextField(_("parent KPI as printed"), blank=True)
    parent_target_text = models.CharField(_("parent target as printed"), max_length=200, blank=True)
    mark_raw = models.CharField(
        _("mark as printed"), max_length=10, blank=True, help_text=_("◎ ○ × - in a report")
    )
    notes = models.TextField(_("notes"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    # evaluation rules as data (docs/evaluation.md "Rules as data"); each change bumps
    # rules_version, which every stored result records
    milestone_stages = models.JSONField(
        _("milestone stages"),
        default=list,
        blank=True,
        help_text=_('[[stage, percent], …], e.g. [["착공", "30"], ["완공", "100"]]'),
    )
    grade_scores = models.JSONField(
        _("grade scores"),
        default=list,
        blank=True,
        help_text=_('[[grade, percent], …], e.g. [["우수", "100"], ["보통", "80"]]'),
    )
    cap = models.DecimalField(
        _("cap on the achievement rate (%)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("empty: the plan's default cap"),
    )
    evaluated_part = models.CharField(
        _("evaluated part"),
        max_length=50,
        blank=True,
        help_text=_("the part of a composite value that is evaluated, e.g. 누계 or b"),
    )
    not_rated = models.BooleanField(
        _("not rated"), default=False, help_text=_('left out of grading this year ("-")')
    )
    not_rated_bucket = models.CharField(
        _("count not rated as"),
        max_length=40,
        blank=True,
        help_text=_('grade code a "-" is counted under; empty: kept apart'),
    )
    rules_version = models.PositiveIntegerField(_("rules version"), default=1, editable=False)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"],
                condition=~Q(code=""),
                name="indicator_unique_code_per_plan",
            ),
            models.CheckConstraint(
                condition=Q(weight__isnull=True) | (Q(weight__gte=0) & Q(weight__lte=100)),
                name="indicator_weight_0_100",
            ),
            models.CheckConstraint(
                condition=Q(due_month__isnull=True) | (Q(due_month__gte=1) & Q(due_month__lte=12)),
                name="indicator_due_month_1_12",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_key = norm_key(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class BudgetProgram(Timestamped, Provenance):
    """A budget program (단위사업, 주요사업). Money in 원 as Decimal."""

    class Kind(models.TextChoices):
        UNIT_PROGRAM = "unit", _("unit program (단위사업)")
        MAJOR_PROGRAM = "major", _("major program (주요사업)")

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="budget_programs"
    )
    owner = models.ForeignKey(
        "organisations.PlanOwner",
        verbose_name=_("plan owner"),
        on_delete=models.CASCADE,
        related_name="budget_programs",
    )
    strategic_goal = models.ForeignKey(
        StrategicGoal,
        verbose_name=_("strategic goal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="budget_programs",
    )
    policy_goal = models.ForeignKey(
        PolicyGoal,
        verbose_name=_("policy program goal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="budget_programs",
    )
    program_code = models.ForeignKey(
        ProgramCode,
        verbose_name=_("program code"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="budget_programs",
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=Kind.choices, default=Kind.UNIT_PROGRAM
    )
    name = models.CharField(_("name"), max_length=300)
    budget = money_field(_("budget (원)"))
    previous_budget = money_field(_("previous-year budget (원)"))
    settlement = money_field(_("settlement (결산액, 원)"))
    previous_settlement = money_field(_("previous-year settlement (원)"))
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("budget program")
        verbose_name_plural = _("budget programs")
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return self.name

    @property
    def budget_change(self):  # type: ignore[no-untyped-def]
        if self.budget is None or self.previous_budget is None:
            return None
        return self.budget - self.previous_budget
