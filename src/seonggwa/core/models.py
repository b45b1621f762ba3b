"""Abstract model pieces shared by the apps."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# Money is stored in 원 as whole numbers; 16 digits hold a national budget (10^15 원).
MONEY_DIGITS = 20
WEIGHT_DIGITS = 7
WEIGHT_PLACES = 3


def money_field(verbose_name: str, **kwargs: object) -> models.DecimalField:  # type: ignore[type-arg]
    """A Decimal amount in 원 (the display unit, 백만원 or 원, belongs to the report)."""
    return models.DecimalField(
        verbose_name, max_digits=MONEY_DIGITS, decimal_places=0, null=True, blank=True, **kwargs
    )


class Provenance(models.Model):
    """Where an imported record came from: the document and its 1-based line."""

    source_document = models.ForeignKey(
        "sources.SourceDocument",
        verbose_name=_("source document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_line = models.PositiveIntegerField(_("source line"), null=True, blank=True)

    class Meta:
        abstract = True


class Timestamped(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True
