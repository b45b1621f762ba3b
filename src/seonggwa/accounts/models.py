"""Role assignments: user × organisation (× unit) × role."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("administrator")
    EVALUATION_OFFICER = "evaluation_officer", _("evaluation officer (평가담당관)")
    UNIT_MANAGER = "unit_manager", _("unit manager (부서장)")
    UNIT_STAFF = "unit_staff", _("unit staff (부서 담당자)")
    COMMITTEE_MEMBER = "committee_member", _("committee member (평가위원)")


class RoleAssignment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="roles",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    unit = models.ForeignKey(
        "organisations.OrgUnit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("empty = the whole organisation"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "unit", "role"], name="roleassignment_unique"
            ),
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=Q(unit__isnull=True),
                name="roleassignment_unique_orgwide",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=["unit_manager", "unit_staff"]) | Q(unit__isnull=False),
                name="roleassignment_unit_roles_need_unit",
            ),
        ]

    def __str__(self) -> str:
        where = self.unit.name if self.unit_id and self.unit else str(self.organisation)
        return f"{self.user} · {self.get_role_display()} · {where}"
