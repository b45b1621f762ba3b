"""The risk register (시정 리스크 관리, domain.md §4.11, §7.6): a monthly report
(:class:`RiskMonth`) of next month's risk issues (:class:`RiskIssue`), each with its press
items (:class:`PressItem`). An issue moves through the four stages of the management cycle
(`003:2097`) and is closed by the evaluation office; escalation to the owning 실·국 and the
department's response are recorded with who and when. Imported rows keep their source line."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RiskMonth(models.Model):
    """One month's risk report: the issues expected for that month (reported the month
    before). ``month`` is blank for a document that lists a year's cases without months
    (seed 003's "시정 리스크 이슈 발굴 · 전파 사례")."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="risk_months",
    )
    year = models.PositiveIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(
        _("month"),
        null=True,
        blank=True,
        help_text=_("the month the issues are expected in; blank when the document names none"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    source_document = models.ForeignKey(
        "sources.SourceDocument",
        verbose_name=_("source document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_line = models.PositiveIntegerField(_("source line"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("monthly risk report")
        verbose_name_plural = _("monthly risk reports")
        ordering = ["organisation", "-year", "-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "month"], name="risks_month_unique"
            ),
            # NULL months are distinct to the database: one month-less report a year
            models.UniqueConstraint(
                fields=["organisation", "year"],
                condition=Q(month__isnull=True),
                name="risks_month_unique_without_month",
            ),
            models.CheckConstraint(
                condition=Q(month__isnull=True) | Q(month__gte=1, month__lte=12),
                name="risks_month_in_range",
            ),
        ]

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year}년 리스크 이슈"
        return f"{self.year}년 {self.month}월 리스크 이슈"


class RiskIssue(models.Model):
    """A risk issue of a month: what it is about, the risks, the requests and how it is
    handled. ``status`` is the stage of the four-stage cycle, or closed."""

    class Status(models.TextChoices):
        IDENTIFIED = "identified", _("1. identified (인지·발굴)")
        ANALYSED = "analysed", _("2. importance analysed (중요도 분석·검토)")
        DIRECTED = "directed", _("3. importance and response set (중요도·대응방향 설정)")
        FOLLOW_UP = "follow_up", _("4. prevention, follow-up and feedback (예방·사후관리)")
        CLOSED = "closed", _("closed (종결)")

    class Importance(models.TextChoices):
        HIGH = "high", _("high (상)")
        MEDIUM = "medium", _("medium (중)")
        LOW = "low", _("low (하)")

    class Handling(models.TextChoices):
        OFFICE = "office", _("handled by the office (자체관리)")
        ESCALATED = "escalated", _("escalated to the 실·국 (실·국 심층 대응)")

    month = models.ForeignKey(
        RiskMonth, verbose_name=_("monthly report"), on_delete=models.CASCADE, related_name="issues"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    year_label = models.CharField(
        _("year label (as printed)"), max_length=20, blank=True, help_text=_("e.g. ('20)")
    )
    summary = models.TextField(_("main content (주요내용)"), blank=True)
    risks = models.TextField(_("risks"), blank=True, help_text=_("one risk per line"))
    requests_short = models.TextField(_("short-term requests"), blank=True)
    requests_long = models.TextField(_("long-term requests"), blank=True)
    importance = models.CharField(
        _("importance"), max_length=10, choices=Importance.choices, blank=True
    )
    status = models.CharField(
        _("stage"), max_length=20, choices=Status.choices, default=Status.IDENTIFIED
    )
    handling = models.CharField(
        _("handling"), max_length=20, choices=Handling.choices, default=Handling.OFFICE
    )
    owner_unit = models.ForeignKey(
        "organisations.OrgUnit",
        verbose_name=_("owning unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    escalated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("escalated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    escalation_note = models.CharField(_("escalation note"), max_length=500, blank=True)
    response = models.TextField(_("department's response (부서대응)"), blank=True)
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closing_note = models.CharField(_("closing note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_line = models.PositiveIntegerField(_("source line"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("risk issue")
        verbose_name_plural = _("risk issues")
        ordering = ["month", "number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["month", "number"], name="risks_issue_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def risk_lines(self) -> list[str]:
        return [line for line in self.risks.splitlines() if line.strip()]

    @property
    def stage_number(self) -> int | None:
        """1–4 for the stages of the cycle, None when closed."""
        order = [s.value for s in self.Status][:4]
        return order.index(self.status) + 1 if self.status in order else None


class PressItem(models.Model):
    """A related press item (관련보도): headline, outlet and date, with the text as printed."""

    issue = models.ForeignKey(
        RiskIssue, verbose_name=_("risk issue"), on_delete=models.CASCADE, related_name="press"
    )
    headline = models.CharField(_("headline"), max_length=300)
    outlet = models.CharField(_("outlet"), max_length=100, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    raw = models.CharField(_("as printed"), max_length=500, blank=True)
    source_line = models.PositiveIntegerField(_("source line"), null=True, blank=True)

    class Meta:
        verbose_name = _("press item")
        verbose_name_plural = _("press items")
        ordering = ["issue", "date", "pk"]

    def __str__(self) -> str:
        return f"{self.headline} ({self.outlet} {self.date or ''})".strip()
