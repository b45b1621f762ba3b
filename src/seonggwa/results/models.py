"""Indicator values per period (targets, actuals, baselines, scores) and their evidence.

Every value keeps its raw text (``전년대비 5% 증가``, ``21(22)``, ``기준점``) beside the parsed
numeric parts. "No data" is the absence of a row (or ``value`` NULL with empty raw text),
never 0.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from seonggwa.core.models import Provenance, Timestamped

VALUE_DIGITS = 24
VALUE_PLACES = 6


class IndicatorValue(Timestamped, Provenance):
    class Kind(models.TextChoices):
        TARGET = "target", _("target")
        ACTUAL = "actual", _("actual")
        BASELINE = "baseline", _("baseline")
        SCORE = "score", _("score")

    class Qualifier(models.TextChoices):
        ABSOLUTE = "absolute", _("absolute")
        RELATIVE_INCREASE = "relative_increase", _("relative to prior year (increase)")
        RELATIVE_DECREASE = "relative_decrease", _("relative to prior year (decrease)")
        BASELINE = "baseline", _("baseline year (기준점)")
        BASELINE_OFFSET = "baseline_offset", _("baseline plus offset")
        THRESHOLD_MIN = "threshold_min", _("threshold: at least")
        THRESHOLD_MAX = "threshold_max", _("threshold: at most")
        BAND = "band", _("band (±)")
        COMPOSITE = "composite", _("composite (several parts)")
        GRADE = "grade", _("grade / ordinal level")
        MILESTONE = "milestone", _("milestone text")
        TEXT = "text", _("unparsed text")
        NONE = "none", _("none (-, blank)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    indicator = models.ForeignKey(
        "plans.Indicator",
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="values",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), default=0, help_text=_("0 = whole year")
    )
    month = models.PositiveSmallIntegerField(
        _("month"), default=0, help_text=_("0 = whole year or quarter")
    )
    raw_text = models.CharField(_("as printed"), max_length=300, blank=True)
    value = models.DecimalField(
        _("value"),
        max_digits=VALUE_DIGITS,
        decimal_places=VALUE_PLACES,
        null=True,
        blank=True,
        help_text=_("the primary number; empty when there is none"),
    )
    parts = models.JSONField(
        _("parts"),
        default=list,
        blank=True,
        help_text=_('all numbers as [{"name": …, "value": "21"}], decimals kept as strings'),
    )
    qualifier = models.CharField(
        _("qualifier"), max_length=20, choices=Qualifier.choices, default=Qualifier.ABSOLUTE
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_for = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered for"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("whom the person who entered it stood in for (a delegation)"),
    )
    approved_for = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved for"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("whom the person who approved it stood in for (a delegation)"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    locked = models.BooleanField(_("locked"), default=False)
    note = models.TextField(_("note"), blank=True, help_text=_("the entering person's note"))
    review_note = models.TextField(
        _("review comment"), blank=True, help_text=_("why the manager returned it (rejection)")
    )
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("optimistic locking")
    )

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator", "year", "quarter", "month", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "kind", "year", "quarter", "month"],
                name="indicatorvalue_unique_per_period",
            ),
            models.CheckConstraint(condition=Q(quarter__lte=4), name="indicatorvalue_quarter_0_4"),
            models.CheckConstraint(condition=Q(month__lte=12), name="indicatorvalue_month_0_12"),
            models.CheckConstraint(
                condition=Q(quarter=0) | Q(month=0), name="indicatorvalue_quarter_or_month_not_both"
            ),
        ]

    def __str__(self) -> str:
        period = (
            f"{self.year}"
            + (f" Q{self.quarter}" if self.quarter else "")
            + (f" {self.month}월" if self.month else "")
        )
        return (
            f"{self.indicator} · {self.get_kind_display()} {period}: {self.raw_text or self.value}"
        )


def evidence_upload_to(instance: Evidence, filename: str) -> str:
    return evidence_storage_name(instance.sha256)


def evidence_storage_name(sha256: str) -> str:
    """Evidence is stored by content (SHA-256): the same bytes are kept once, under a
    name that does not depend on database ids, so backups restore to the same names."""
    return f"evidence/{sha256[:2]}/{sha256}"


class Evidence(models.Model):
    """A file attached to an actual as proof. Size and type are checked by the service."""

    value = models.ForeignKey(
        IndicatorValue, verbose_name=_("value"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to=evidence_upload_to)
    original_name = models.CharField(_("original name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    description = models.CharField(_("description"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["value", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name
