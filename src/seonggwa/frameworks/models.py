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
    committee = models.CharField(_("reviewing committee"), max_length=200, blank=True)
    achievement_places = models.PositiveSmallIntegerField(
        _("decimal places of printed means"), default=1
    )

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
