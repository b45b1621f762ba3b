"""The planning round (docs/workflow.md, "Planning a year"): the evaluation office opens next
year's plan with the rules of the year, each unit drafts its part from a copy of this year's,
the office comments, returns and confirms; a confirmed plan keeps a version per confirmation
and per approved change, and units ask for mid-year changes (지표·목표 변경 신청)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from seonggwa.core.models import Timestamped


class PlanningRound(Timestamped):
    """One organisation's planning of one year: the draft plan, the plan it was copied from,
    the deadline and the rules of the year (상한표, required fields, perspective weights)."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CONFIRMED = "confirmed", _("confirmed")

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="planning_rounds",
    )
    plan = models.OneToOneField(
        "plans.Plan",
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="planning_round",
    )
    source_plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    city_owner = models.ForeignKey(
        "organisations.PlanOwner",
        verbose_name=_("owner of the city goals"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    deadline = models.DateField(_("deadline"))
    max_goals = models.PositiveSmallIntegerField(
        _("strategic goals per unit at most"), null=True, blank=True
    )
    max_indicators = models.PositiveSmallIntegerField(
        _("indicators per unit at most"), null=True, blank=True
    )
    required_fields = models.JSONField(_("required fields"), default=list, blank=True)
    perspective_weights = models.JSONField(
        _("perspective weights"),
        default=dict,
        blank=True,
        help_text=_('BSC perspectives and their weights, e.g. {"재무": "30"}'),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("planning round")
        verbose_name_plural = _("planning rounds")
        ordering = ["organisation", "-plan__year"]

    def __str__(self) -> str:
        return f"{self.plan} · {_('planning round')}"


class UnitDraft(Timestamped):
    """One unit's part of the round's plan and where it stands."""

    class Status(models.TextChoices):
        DRAFTING = "drafting", _("drafting")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned")
        ACCEPTED = "accepted", _("accepted")

    round = models.ForeignKey(
        PlanningRound,
        verbose_name=_("planning round"),
        on_delete=models.CASCADE,
        related_name="drafts",
    )
    owner = models.ForeignKey(
        "organisations.PlanOwner",
        verbose_name=_("plan owner"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFTING
    )
    max_goals = models.PositiveSmallIntegerField(
        _("strategic goals at most"),
        null=True,
        blank=True,
        help_text=_("this unit's line of the 상한표; empty: the round's cap"),
    )
    max_indicators = models.PositiveSmallIntegerField(
        _("indicators at most"),
        null=True,
        blank=True,
        help_text=_("this unit's line of the 상한표; empty: the round's cap"),
    )
    request_note = models.TextField(_("requests of the office"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("unit draft")
        verbose_name_plural = _("unit drafts")
        ordering = ["round", "owner__unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "owner"], name="unitdraft_unique_owner")
        ]

    def __str__(self) -> str:
        return f"{self.round.plan} · {self.owner}"

    @property
    def goal_cap(self) -> int | None:
        """The unit's cap on strategic goals (its own line of the 상한표, else the round's)."""
        return self.max_goals if self.max_goals is not None else self.round.max_goals

    @property
    def indicator_cap(self) -> int | None:
        """The unit's cap on indicators (its own line of the 상한표, else the round's)."""
        return self.max_indicators if self.max_indicators is not None else self.round.max_indicators


class RoundReviewer(models.Model):
    """A person of the organisation the office invited to review a round (e.g. a member of
    the evaluation committee, a consultant): reads every unit's draft and comments per goal
    or indicator, but does not return, accept or confirm."""

    round = models.ForeignKey(
        PlanningRound,
        verbose_name=_("planning round"),
        on_delete=models.CASCADE,
        related_name="reviewers",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    invited_at = models.DateTimeField(_("invited at"), auto_now_add=True)

    class Meta:
        verbose_name = _("invited reviewer")
        verbose_name_plural = _("invited reviewers")
        ordering = ["round", "invited_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="roundreviewer_unique_user")
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.user}"


class ReviewComment(models.Model):
    """The office's comment on a goal or an indicator of a unit's draft."""

    draft = models.ForeignKey(
        UnitDraft,
        verbose_name=_("unit draft"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    goal = models.ForeignKey(
        "plans.StrategicGoal",
        verbose_name=_("strategic goal"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    indicator = models.ForeignKey(
        "plans.Indicator",
        verbose_name=_("indicator"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    text = models.TextField(_("comment"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["draft", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class PlanVersion(models.Model):
    """A stored snapshot of a plan's goals, indicators, weights and targets, made when the
    plan is confirmed and when an approved change is applied."""

    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("plan"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(_("snapshot"), default=dict)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="planversion_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"


class ChangeRequest(Timestamped):
    """지표·목표 변경 신청: a unit asks to change one field of an indicator of a confirmed
    plan, with a reason and evidence; the office approves (the change applies and makes a
    new plan version) or rejects it."""

    class Field(models.TextChoices):
        TARGET = "target", _("target")
        WEIGHT = "weight", _("weight")
        DUE_MONTH = "due_month", _("evaluation month")
        DEFINITION = "definition", _("definition")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="change_requests",
    )
    indicator = models.ForeignKey(
        "plans.Indicator",
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="change_requests",
    )
    field = models.CharField(_("what changes"), max_length=12, choices=Field.choices)
    old_text = models.TextField(_("current value"), blank=True)
    new_text = models.TextField(_("requested value"))
    reason = models.TextField(_("reason"))
    evidence_name = models.CharField(_("evidence file"), max_length=255, blank=True)
    evidence_file = models.CharField(_("stored evidence"), max_length=300, blank=True)
    evidence_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    plan_version = models.ForeignKey(
        PlanVersion,
        verbose_name=_("plan version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        ordering = ["plan", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decided_at__isnull=False),
                name="changerequest_decided_has_time",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.get_field_display()}"
