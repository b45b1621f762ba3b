"""The major projects of a year (주요 역점사업, domain.md §4.12) over a plan of kind
``projects``: each project and sub-project with its period, financing and money as printed
and as read, and the ``plans.Indicator`` that carries its progress (공정률).

Progress is not stored here: a project's 공정률 계획 is its indicator's target and its 실행
the indicator's actual of a period, so the departments report it through the entry
workflow (windows, submission, approval; docs/workflow.md) like any other actual.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from seonggwa.core.models import Provenance, Timestamped
from seonggwa.engine.projects import ProjectPeriod, million


class Project(Timestamped, Provenance):
    """One row of the major-project table, or the parent (과제) its sub-projects (세부) name.

    Money is in 원 (the table prints 백만원); ``None`` is no number (blank, ``-``,
    ``계속사업``, ``미정`` — the word is kept in the raw text), never 0."""

    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("plan"), on_delete=models.CASCADE, related_name="projects"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent project"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    number = models.PositiveIntegerField(_("number (연번)"), null=True, blank=True)
    sub_number = models.PositiveSmallIntegerField(_("sub-project number"), null=True, blank=True)
    name = models.CharField(_("name"), max_length=300)
    title_raw = models.CharField(_("title as printed"), max_length=400, blank=True)
    department = models.ForeignKey(
        "organisations.OrgUnit",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="major_projects",
    )
    period_raw = models.CharField(_("period as printed"), max_length=100, blank=True)
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    start_month = models.PositiveSmallIntegerField(_("start month"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True)
    end_month = models.PositiveSmallIntegerField(_("end month"), null=True, blank=True)
    continuing = models.BooleanField(_("continuing (계속)"), default=False)
    financing = models.CharField(
        _("financing"), max_length=100, blank=True, help_text=_("e.g. 민자사업, 공공기여금")
    )
    total_cost = models.DecimalField(
        _("total cost (원)"), max_digits=18, decimal_places=0, null=True, blank=True
    )
    total_cost_raw = models.CharField(_("total cost as printed"), max_length=50, blank=True)
    budget = models.DecimalField(
        _("budget of the year (원)"), max_digits=18, decimal_places=0, null=True, blank=True
    )
    budget_raw = models.CharField(_("budget as printed"), max_length=50, blank=True)
    budget_year = models.PositiveSmallIntegerField(_("budget year"), null=True, blank=True)
    progress_text = models.TextField(_("progress (추진사항)"), blank=True)
    progress_indicator = models.OneToOneField(
        "plans.Indicator",
        verbose_name=_("progress indicator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="major_project",
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    # raised by every change through the services: a form sends the version it showed, and a
    # change made meanwhile by someone else is refused, not overwritten
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("major project")
        verbose_name_plural = _("major projects")
        ordering = ["plan", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                condition=Q(number__isnull=False),
                name="project_unique_number_per_plan",
            ),
            models.CheckConstraint(
                condition=Q(start_month__isnull=True)
                | (Q(start_month__gte=1) & Q(start_month__lte=12)),
                name="project_start_month_valid",
            ),
            models.CheckConstraint(
                condition=Q(end_month__isnull=True) | (Q(end_month__gte=1) & Q(end_month__lte=12)),
                name="project_end_month_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}" if self.number else self.name

    @property
    def is_parent(self) -> bool:
        """A 과제 whose rows are its sub-projects (it has no number of its own)."""
        return self.number is None

    @property
    def period_label(self) -> str:
        """The period as read, written one way (``2018.7.~``, ``~2025``, ``계속``)."""
        return ProjectPeriod(
            raw=self.period_raw,
            start_year=self.start_year,
            start_month=self.start_month,
            end_year=self.end_year,
            end_month=self.end_month,
            continuing=self.continuing,
        ).label

    @property
    def total_cost_million(self) -> str:
        return million(self.total_cost)

    @property
    def budget_million(self) -> str:
        return million(self.budget)
