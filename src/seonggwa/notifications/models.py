"""A notification to one person: its kind and the facts it names, rendered in the reader's
language when shown (``messages.py``), and whether it was read and e-mailed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    class Kind(models.TextChoices):
        WINDOW_OPENED = "window_opened", _("entry window opened")
        DEADLINE = "deadline", _("entry deadline near")
        SUBMITTED = "submitted", _("actual submitted")
        APPROVED = "approved", _("actual approved")
        REJECTED = "rejected", _("actual returned")
        REMINDER = "reminder", _("reminder from the evaluation office")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    organisation_id_ref = models.BigIntegerField(
        _("organisation id"), null=True, blank=True, db_index=True
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    params = models.JSONField(_("details"), default=dict, blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    dedupe_key = models.CharField(
        _("once-only key"),
        max_length=200,
        blank=True,
        help_text=_("a reminder with the same key is not sent twice"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="notification_once_per_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()}"
