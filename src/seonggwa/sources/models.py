"""Imported documents, what they declare about themselves, and what validation found."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from seonggwa.core.models import MONEY_DIGITS


class SourceDocument(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
    )
    file_name = models.CharField(_("file name"), max_length=300)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    format = models.CharField(_("format"), max_length=20)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    line_count = models.PositiveIntegerField(_("lines"), default=0)
    money_unit = models.CharField(_("money unit"), max_length=10, blank=True)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    imported_by_label = models.CharField(_("imported by (label)"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("source document")
        verbose_name_plural = _("source documents")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return self.file_name


class DeclaredFigure(models.Model):
    """A figure a document states about itself (a 총괄 cell, a printed share, a weight total),
    stored beside the detail so declared and computed figures can be compared."""

    plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="declared_figures",
    )
    source_document = models.ForeignKey(
        SourceDocument,
        verbose_name=_("source document"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="declared_figures",
    )
    unit = models.ForeignKey(
        "organisations.OrgUnit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("empty for the 계 (total) row"),
    )
    unit_label = models.CharField(_("unit as printed"), max_length=200)
    table = models.CharField(_("table"), max_length=30, help_text=_("summary, detail, weights"))
    key = models.CharField(
        _("key"), max_length=40, help_text=_("e.g. indicators, budget, share_pct")
    )
    raw_text = models.CharField(_("as printed"), max_length=100, blank=True)
    value = models.DecimalField(
        _("value"), max_digits=MONEY_DIGITS + 4, decimal_places=4, null=True, blank=True
    )
    money_unit = models.CharField(_("money unit"), max_length=10, blank=True)
    source_line = models.PositiveIntegerField(_("source line"), null=True, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("declared figure")
        verbose_name_plural = _("declared figures")
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return f"{self.unit_label} {self.key} = {self.raw_text}"


class StoredFinding(models.Model):
    """A finding (``seonggwa.engine.findings.Finding``) stored for a plan and its document.
    Its code is one of the catalogue (``seonggwa.engine.catalogue``)."""

    class Severity(models.TextChoices):
        ERROR = "error", _("error")
        WARNING = "warning", _("warning")
        INFO = "info", _("info")

    plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="findings",
    )
    source_document = models.ForeignKey(
        SourceDocument,
        verbose_name=_("source document"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="findings",
    )

    class Stage(models.TextChoices):
        PARSE = "parse", _("while reading the document")
        CHECK = "check", _("by the validation rules")

    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    stage = models.CharField(
        _("stage"),
        max_length=10,
        choices=Stage.choices,
        default=Stage.CHECK,
        help_text=_("`seonggwa check` replaces the findings of the check stage"),
    )
    code = models.CharField(_("code"), max_length=60)
    message = models.TextField(_("message"))
    unit_label = models.CharField(_("unit"), max_length=200, blank=True)
    line = models.PositiveIntegerField(_("line"), null=True, blank=True)
    details = models.JSONField(
        _("details"),
        default=dict,
        blank=True,
        help_text=_('e.g. {"suggested": "○"} for a missing mark'),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return f"[{self.severity}] {self.code}: {self.message}"
