"""Evaluation runs: the stored results of evaluating a plan for a period (domain.md §7.5).

A run is started by the evaluation office (``evaluation.services.run_start``), is
*provisional* until finalised, and is *published* when the public may see it. It keeps, per
indicator, the inputs the figures came from (so each explanation can be rebuilt from the
run alone) and, per owner, the weighted scores, the counts per grade and the rank. Runs are
never changed after they are computed: re-running makes a new run with the next number.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from seonggwa.core.models import WEIGHT_DIGITS, WEIGHT_PLACES, Timestamped
from seonggwa.results.models import evidence_upload_to

# Rates are kept to 10 decimal places (a rate of 400/3 % has more digits than anyone reads;
# grades and scores use the same figure rounded half-up by the engine before it is stored).
RATE_DIGITS = 24
RATE_PLACES = 10


def _rate(verbose_name: str) -> models.DecimalField:  # type: ignore[type-arg]
    return models.DecimalField(
        verbose_name, max_digits=RATE_DIGITS, decimal_places=RATE_PLACES, null=True, blank=True
    )


class EvaluationRun(Timestamped):
    class Status(models.TextChoices):
        PROVISIONAL = "provisional", _("provisional")
        FINAL = "final", _("final")
        PUBLISHED = "published", _("published")

    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("plan"), on_delete=models.CASCADE, related_name="runs"
    )
    period = models.ForeignKey(
        "plans.Period",
        verbose_name=_("period"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="runs",
    )
    period_key = models.CharField(_("period"), max_length=10, help_text=_("2025 or 2025-Q1"))
    number = models.PositiveIntegerField(_("run number"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROVISIONAL
    )
    scheme_name = models.CharField(_("grading scheme"), max_length=60)
    scheme_version = models.PositiveIntegerField(_("grading scheme version"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    started_by_label = models.CharField(_("started by"), max_length=150, blank=True)
    started_at = models.DateTimeField(_("started at"))
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("finalised by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # a provisional run is shared with the units, who may object until the deadline (이의신청)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("shared by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    shared_at = models.DateTimeField(_("shared at"), null=True, blank=True)
    objections_until = models.DateField(_("objections until"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("evaluation run")
        verbose_name_plural = _("evaluation runs")
        ordering = ["plan", "period_key", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "period_key", "number"], name="run_unique_number_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.period_key} #{self.number}"


class IndicatorResult(models.Model):
    """One indicator's stored result in a run: the inputs used and what they gave."""

    class Status(models.TextChoices):
        OK = "ok", _("rated")
        NO_DATA = "no_data", _("no data")
        NOT_EVALUATED = "not_evaluated", _("not rated")
        EXCLUDED = "excluded", _("excluded")
        UNRESOLVED = "unresolved", _("target unresolved")
        ERROR = "error", _("inconsistent inputs")

    run = models.ForeignKey(
        EvaluationRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="results"
    )
    indicator = models.ForeignKey(
        "plans.Indicator", verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="+"
    )
    owner = models.ForeignKey(
        "organisations.PlanOwner",
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    position = models.PositiveIntegerField(_("position"))
    # snapshots, so a result reads the same after the plan is edited
    indicator_name = models.CharField(_("indicator"), max_length=500)
    unit_name = models.CharField(_("unit"), max_length=200)
    perspective = models.CharField(_("perspective"), max_length=300, blank=True)
    weight = models.DecimalField(
        _("weight"), max_digits=WEIGHT_DIGITS, decimal_places=WEIGHT_PLACES, null=True, blank=True
    )
    # the inputs used
    target_raw = models.CharField(_("target"), max_length=300, blank=True)
    target_parsed = models.JSONField(_("target (parsed)"), null=True, blank=True)
    actual_raw = models.CharField(_("actual"), max_length=300, blank=True)
    actual_parsed = models.JSONField(_("actual (parsed)"), null=True, blank=True)
    prior_actual = _rate(_("last year's actual"))
    baseline = _rate(_("baseline"))
    rule = models.CharField(_("achievement rule"), max_length=120, blank=True)
    scheme = models.CharField(_("grading scheme"), max_length=80)
    scheme_version = models.PositiveIntegerField(_("grading scheme version"), null=True, blank=True)
    rules_version = models.PositiveIntegerField(_("rules version"), null=True, blank=True)
    # what they gave
    status = models.CharField(_("status"), max_length=15, choices=Status.choices)
    achievement_raw = _rate(_("achievement rate (uncapped)"))
    achievement = _rate(_("achievement rate"))
    grade_code = models.CharField(_("grade"), max_length=40)
    grade_mark = models.CharField(_("grade mark"), max_length=20)
    # the grade the rules gave, kept beside the applied one when an override (R8) or an
    # accepted objection changed it; blank when the applied grade is the computed one
    computed_grade_code = models.CharField(_("computed grade"), max_length=40, blank=True)
    computed_grade_mark = models.CharField(_("computed grade mark"), max_length=20, blank=True)
    grade_reason = models.CharField(_("reason for the applied grade"), max_length=500, blank=True)
    score = models.DecimalField(_("score"), max_digits=9, decimal_places=2, null=True, blank=True)
    explanation = models.TextField(_("explanation"), blank=True)

    class Meta:
        verbose_name = _("indicator result")
        verbose_name_plural = _("indicator results")
        ordering = ["run", "position"]
        constraints = [
            models.UniqueConstraint(fields=["run", "indicator"], name="result_unique_per_run"),
        ]

    def __str__(self) -> str:
        return f"{self.run} · {self.indicator_name}"


class OwnerResult(models.Model):
    """One owner's aggregates in a run (R5, R9, R10): perspective and overall weighted
    scores (Decimal text, null when nothing was scored), counts per grade and the rank."""

    run = models.ForeignKey(
        EvaluationRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="owners"
    )
    owner = models.ForeignKey(
        "organisations.PlanOwner",
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    position = models.PositiveIntegerField(_("position"))
    owner_name = models.CharField(_("owner"), max_length=300)
    score = models.DecimalField(_("score"), max_digits=9, decimal_places=2, null=True, blank=True)
    # [{"perspective": name, "score": "87.5" or null}, …] in the plan's order (a list: JSON
    # objects keep no key order on PostgreSQL)
    perspective_scores = models.JSONField(_("scores by perspective"), default=list)
    grade_counts = models.JSONField(_("counts per grade"), default=dict)
    not_rated = models.PositiveIntegerField(_("not rated"), default=0)
    indicators = models.PositiveIntegerField(_("indicators"), default=0)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    explanation = models.TextField(_("explanation"), blank=True)

    class Meta:
        verbose_name = _("owner result")
        verbose_name_plural = _("owner results")
        ordering = ["run", "position"]
        constraints = [
            models.UniqueConstraint(fields=["run", "owner"], name="owner_result_unique_per_run"),
        ]

    def __str__(self) -> str:
        return f"{self.run} · {self.owner_name}"


# --- committee scoring of qualitative (정성) indicators -------------------------------------


class CommitteeRound(Timestamped):
    """The committee scoring of a plan's qualitative indicators for one period: the officer
    appoints the members, opens scoring, and closes it; a closed round's aggregated scores
    (by the plan's chosen ``method``, ``engine.committee``) feed the evaluation runs."""

    class Method(models.TextChoices):
        MEAN = "mean", _("mean")
        TRIMMED_MEAN = "trimmed_mean", _("mean without the highest and lowest score")
        MEDIAN = "median", _("median")

    class Status(models.TextChoices):
        PREPARING = "preparing", _("preparing")
        OPEN = "open", _("scoring open")
        CLOSED = "closed", _("scoring closed")

    plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="committee_rounds",
    )
    period = models.ForeignKey(
        "plans.Period",
        verbose_name=_("period"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="committee_rounds",
    )
    period_key = models.CharField(_("period"), max_length=10, help_text=_("2025 or 2025-Q1"))
    method = models.CharField(
        _("aggregation method"), max_length=15, choices=Method.choices, default=Method.MEAN
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PREPARING
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("committee round")
        verbose_name_plural = _("committee rounds")
        ordering = ["plan", "period_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "period_key"], name="committee_round_unique_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.period_key} 평가위원회"


class CommitteeMember(Timestamped):
    """A person appointed to a round, for every qualitative indicator of the plan or only
    those of one unit (and the units under it) or of one perspective (by name)."""

    round = models.ForeignKey(
        CommitteeRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="committee_seats",
    )
    unit = models.ForeignKey(
        "organisations.OrgUnit",
        verbose_name=_("unit scope"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("empty = every unit"),
    )
    perspective_name = models.CharField(
        _("perspective scope"), max_length=300, blank=True, help_text=_("empty = every perspective")
    )

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["round", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="committee_member_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.user}"


class CommitteeScore(Timestamped):
    """One member's score for one qualitative indicator: points (0–100) or a grade label
    (whose points come from the grade table), with a comment."""

    round = models.ForeignKey(
        CommitteeRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="scores"
    )
    member = models.ForeignKey(
        CommitteeMember, verbose_name=_("member"), on_delete=models.CASCADE, related_name="scores"
    )
    indicator = models.ForeignKey(
        "plans.Indicator", verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="+"
    )
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2)
    grade = models.CharField(_("grade"), max_length=20, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("committee score")
        verbose_name_plural = _("committee scores")
        ordering = ["round", "indicator", "member"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "indicator"], name="committee_score_unique_per_member"
            ),
            models.CheckConstraint(
                condition=models.Q(points__gte=0) & models.Q(points__lte=100),
                name="committee_score_points_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.indicator_id}: {self.points}"


# --- R8 grade overrides and objections (이의신청) ---------------------------------------------


class GradeOverride(Timestamped):
    """R8: the grade the evaluation office applies to one indicator in one period instead of
    the computed one, with a reason the grading scheme allows for that grade (조기달성,
    지연·중단 …). Kept as data: every run of the period applies it, and the run keeps the
    computed grade beside the applied one."""

    plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="grade_overrides",
    )
    indicator = models.ForeignKey(
        "plans.Indicator", verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="+"
    )
    period_key = models.CharField(_("period"), max_length=10)
    band = models.CharField(_("applied grade"), max_length=40)
    reason = models.CharField(_("reason"), max_length=60)
    note = models.CharField(_("note"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("grade override")
        verbose_name_plural = _("grade overrides")
        ordering = ["plan", "period_key", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_key"], name="override_unique_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.period_key} → {self.band} ({self.reason})"


class Objection(Timestamped):
    """이의신청: a unit's objection to one indicator's result in a shared provisional run,
    with a reason and evidence; the evaluation office accepts it (correcting the actual or
    the grade) or rejects it with a reason."""

    class Status(models.TextChoices):
        OPEN = "open", _("awaiting a decision")
        ACCEPTED = "accepted", _("upheld")
        REJECTED = "rejected", _("dismissed")

    class Correction(models.TextChoices):
        NONE = "", _("no correction")
        ACTUAL = "actual", _("corrected actual")
        GRADE = "grade", _("corrected grade")

    run = models.ForeignKey(
        EvaluationRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="objections"
    )
    result = models.ForeignKey(
        IndicatorResult,
        verbose_name=_("indicator result"),
        on_delete=models.CASCADE,
        related_name="objections",
    )
    unit = models.ForeignKey(
        "organisations.OrgUnit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    raised_by_label = models.CharField(_("raised by"), max_length=150, blank=True)
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    correction = models.CharField(
        _("correction"), max_length=10, choices=Correction.choices, blank=True
    )
    corrected_value = models.CharField(_("corrected value"), max_length=300, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["run", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["result"],
                condition=models.Q(status="open"),
                name="objection_one_open_per_result",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.result.indicator_name} · {self.get_status_display()}"


class ObjectionEvidence(models.Model):
    """A file attached to an objection; checked and stored as the evidence of an actual is
    (``results.services.evidence_check`` / ``evidence_store``)."""

    objection = models.ForeignKey(
        Objection, verbose_name=_("objection"), on_delete=models.CASCADE, related_name="evidence"
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
        verbose_name = _("objection evidence")
        verbose_name_plural = _("objection evidence")
        ordering = ["objection", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name
