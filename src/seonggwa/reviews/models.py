"""Ad-hoc reviews (수시평가): review → rounds (차수) → findings (점검결과) and
recommendations (검토의견), and one follow-up per recommendation (owner, due date, status,
evidence). Imported rows keep the raw text and their source line; the period rules live in
``seonggwa.engine.reviews``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from seonggwa.results.models import evidence_upload_to


class Review(models.Model):
    """One review of a year's list (연번 | 년도 | 평가사업명 | 평가시기 | 대상실국) with its
    overview (▶ fields)."""

    class Method(models.TextChoices):
        PROJECT = "project", _("project review (사업검토)")
        INSPECTION = "inspection", _("inspection (점검)")

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    year = models.PositiveIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number in the list"))
    topic = models.CharField(_("topic"), max_length=300)
    record_title = models.CharField(
        _("title of the record (as printed)"), max_length=300, blank=True
    )
    department = models.ForeignKey(
        "organisations.OrgUnit",
        verbose_name=_("target department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    department_label = models.CharField(_("target department (as printed)"), max_length=200)
    timing_raw = models.CharField(_("timing (as printed)"), max_length=50, blank=True)
    timing_start = models.DateField(_("timing from"), null=True, blank=True)
    timing_end = models.DateField(_("timing to"), null=True, blank=True)
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    overview_title = models.CharField(_("overview heading"), max_length=300, blank=True)
    # 추진기간 (project) or 점검기간 (inspection), raw and parsed
    period_raw = models.CharField(_("period (as printed)"), max_length=200, blank=True)
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period to"), null=True, blank=True)
    period_ongoing = models.BooleanField(_("ongoing"), default=False)
    direction = models.TextField(_("direction (추진방향)"), blank=True)
    content = models.TextField(_("main content (주요내용·점검내용)"), blank=True)
    total_cost = models.CharField(
        _("total cost (총사업비, as printed)"), max_length=300, blank=True
    )
    subject = models.TextField(_("inspected (점검대상)"), blank=True)
    approach = models.TextField(_("how (점검방법)"), blank=True)
    other_fields = models.JSONField(
        _("other overview fields"), default=list, blank=True, help_text=_("[label, text] pairs")
    )
    background = models.TextField(_("background (as printed)"), blank=True)
    source_document = models.ForeignKey(
        "sources.SourceDocument",
        verbose_name=_("source document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_line = models.PositiveIntegerField(_("source line"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("ad-hoc review")
        verbose_name_plural = _("ad-hoc reviews")
        ordering = ["organisation", "-year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "number"], name="reviews_review_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}-{self.number}. {self.topic}"


class ReviewRound(models.Model):
    """A round (차수) of a review; a single-round review has round 1."""

    review = models.ForeignKey(
        Review, verbose_name=_("review"), on_delete=models.CASCADE, related_name="rounds"
    )
    number = models.PositiveSmallIntegerField(_("round"))
    title = models.CharField(_("title"), max_length=300, blank=True)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("to"), null=True, blank=True)
    source_line = models.PositiveIntegerField(_("source line"), null=True, blank=True)

    class Meta:
        verbose_name = _("review round")
        verbose_name_plural = _("review rounds")
        ordering = ["review", "number"]
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="reviews_round_unique")
        ]

    def __str__(self) -> str:
        return f"{self.review.topic} {self.number}차"


class RoundItem(models.Model):
    """A finding or a recommendation: its group heading (``<프로그램>``), text and the
    details printed under it."""

    round = models.ForeignKey(ReviewRound, verbose_name=_("round"), on_delete=models.CASCADE)
    position = models.PositiveIntegerField(_("position"), default=0)
    heading = models.CharField(_("group heading"), max_length=200, blank=True)
    text = models.TextField(_("text"))
    details = models.JSONField(_("details"), default=list, blank=True)
    source_line = models.PositiveIntegerField(_("source line"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["round", "position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class ReviewFinding(RoundItem):
    class Meta(RoundItem.Meta):
        verbose_name = _("review finding")
        verbose_name_plural = _("review findings")
        default_related_name = "findings"


class Recommendation(RoundItem):
    class Meta(RoundItem.Meta):
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        default_related_name = "recommendations"


class FollowUp(models.Model):
    """What the target department did about a recommendation (후속조치)."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("follow-up", "not started")
        IN_PROGRESS = "in_progress", pgettext_lazy("follow-up", "in progress")
        DONE = "done", pgettext_lazy("follow-up", "done")
        DROPPED = "dropped", pgettext_lazy("follow-up", "dropped")

    recommendation = models.OneToOneField(
        Recommendation,
        verbose_name=_("recommendation"),
        on_delete=models.CASCADE,
        related_name="followup",
    )
    owner_unit = models.ForeignKey(
        "organisations.OrgUnit",
        verbose_name=_("owning unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("follow-up", "owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default="open")
    notes = models.TextField(_("notes"), blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    filed_at = models.DateTimeField(_("filed at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.recommendation} ({self.get_status_display()})"


class FollowUpEvidence(models.Model):
    """A file filed with a follow-up; checked and stored as an actual's evidence is
    (``results.services.evidence_check`` / ``evidence_store``)."""

    followup = models.ForeignKey(
        FollowUp, verbose_name=_("follow-up"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to=evidence_upload_to)
    original_name = models.CharField(_("original name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up evidence")
        verbose_name_plural = _("follow-up evidence")
        ordering = ["followup", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name
