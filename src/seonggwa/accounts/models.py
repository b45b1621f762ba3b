"""Role assignments: user × organisation (× unit) × role, valid from – to; delegations of a
unit's entry or approval rights to a colleague for a period."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("administrator")
    EVALUATION_OFFICER = "evaluation_officer", _("evaluation officer (평가담당관)")
    UNIT_MANAGER = "unit_manager", _("unit manager (부서장)")
    UNIT_STAFF = "unit_staff", _("unit staff (부서 담당자)")
    COMMITTEE_MEMBER = "committee_member", _("committee member (평가위원)")


def valid_on(day: datetime.date) -> Q:
    """Role assignments that hold on ``day`` (a lookup on ``RoleAssignment``)."""
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )


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
    valid_from = models.DateField(
        _("valid from"), null=True, blank=True, help_text=_("first day; empty = since always")
    )
    valid_to = models.DateField(
        _("valid to"), null=True, blank=True, help_text=_("last day; empty = still valid")
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            # one open assignment per person, unit and role (an ended one is history)
            models.UniqueConstraint(
                fields=["user", "organisation", "unit", "role"],
                condition=Q(valid_to__isnull=True),
                name="roleassignment_unique_open",
            ),
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=Q(unit__isnull=True, valid_to__isnull=True),
                name="roleassignment_unique_open_orgwide",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="roleassignment_valid_to_after_valid_from",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=["unit_manager", "unit_staff"]) | Q(unit__isnull=False),
                name="roleassignment_unit_roles_need_unit",
            ),
        ]

    def __str__(self) -> str:
        where = self.unit.name if self.unit_id and self.unit else str(self.organisation)
        return f"{self.user} · {self.get_role_display()} · {where}"

    def is_valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class Delegation(models.Model):
    """``delegator``'s entry or approval rights for ``unit`` exercised by ``delegate`` from
    ``starts_on`` to ``ends_on`` (both included), e.g. while the manager is away. The
    delegate acts only while the delegator still holds the right on that day; whatever the
    delegate enters or approves under it is recorded as "by the delegate for the delegator"."""

    class Kind(models.TextChoices):
        ENTRY = "entry", _("entering actuals")
        APPROVAL = "approval", _("approving actuals")

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="delegations",
    )
    unit = models.ForeignKey(
        "organisations.OrgUnit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("rights"), max_length=10, choices=Kind.choices)
    delegator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("delegating person"),
        on_delete=models.CASCADE,
        related_name="delegations_given",
    )
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("delegate"),
        on_delete=models.CASCADE,
        related_name="delegations_held",
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    revoked = models.BooleanField(_("revoked"), default=False)

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="delegation_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(delegator=F("delegate")), name="delegation_not_to_oneself"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.delegator} → {self.delegate} · {self.unit} ({self.starts_on} ~ {self.ends_on})"
        )

    def is_active_on(self, day: datetime.date) -> bool:
        return not self.revoked and self.starts_on <= day <= self.ends_on


# The unit role whose rights a delegation of each kind lends: a manager's approval rights, or
# a staff member's entry rights.
DELEGATED_ROLE: dict[str, str] = {
    Delegation.Kind.APPROVAL: Role.UNIT_MANAGER,
    Delegation.Kind.ENTRY: Role.UNIT_STAFF,
}


class TemporaryPassword(models.Model):
    """The person's password was set by the evaluation office (a new account or a reset):
    they must change it at their next sign-in before using any other page. Changing it
    removes the row; ``seonggwa createuser`` and the sample accounts never make one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="temporary_password",
    )
    set_at = models.DateTimeField(_("set at"), auto_now=True)

    class Meta:
        verbose_name = _("temporary password")
        verbose_name_plural = _("temporary passwords")

    def __str__(self) -> str:
        return f"{self.user} ({self.set_at:%Y-%m-%d %H:%M})"


class ApiToken(models.Model):
    """A personal API token (docs/api.md): ``sg_<prefix>_<secret>``. Only the prefix (to find
    the row) and the SHA-256 of the whole token are stored; the token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)
    digest = models.CharField(_("SHA-256 of the token"), max_length=64)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} (sg_{self.prefix}_…)"
