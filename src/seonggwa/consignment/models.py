"""Consigned services, their yearly evaluation (year → rounds → scores) and their contract
events (domain.md §7.6). The rules (eligibility, average, cutoff, consent clock) live in
``seonggwa.engine.consignment``; these rows keep what was entered or imported, with the raw
text of imported values and the source line."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from seonggwa.core.models import money_field


class ConsignedService(models.Model):
    """A service the city consigns (민간위탁 사무) to a contractor or a consortium."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="consigned_services",
    )
    name = models.CharField(_("service"), max_length=300)
    department = models.ForeignKey(
        "organisations.OrgUnit",
        verbose_name=_("owning department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    department_label = models.CharField(_("owning department (as printed)"), max_length=200)
    contractor = models.CharField(_("contractor (as printed)"), max_length=300)
    members = models.JSONField(
        _("consortium members"), default=list, blank=True, help_text=_("one name per member")
    )
    annual_cost = money_field(_("annual cost (won)"))  # type: ignore[arg-type]
    separate_statutory_evaluation = models.BooleanField(
        _("separate statutory evaluation"),
        default=False,
        help_text=_("a law or ordinance gives the service an evaluation of its own"),
    )
    last_council_consent = models.DateField(_("last council consent"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("consigned service")
        verbose_name_plural = _("consigned services")
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name", "department_label"],
                name="consignment_service_unique_name",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.department_label})"


class EvaluationYear(models.Model):
    """One year's 종합성과평가: its scope, evaluators and what the document declared."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="consignment_years",
    )
    year = models.PositiveIntegerField(_("year"))
    rule = models.CharField(_("eligibility rule (as printed)"), max_length=300, blank=True)
    evaluators = models.JSONField(_("evaluating organisations"), default=list, blank=True)
    declared_count = models.PositiveIntegerField(_("declared services"), null=True, blank=True)
    declared_average_raw = models.CharField(
        _("declared average (as printed)"), max_length=20, blank=True
    )
    declared_average = models.DecimalField(
        _("declared average"), max_digits=5, decimal_places=2, null=True, blank=True
    )
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
        verbose_name = _("consignment evaluation year")
        verbose_name_plural = _("consignment evaluation years")
        ordering = ["organisation", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="consignment_year_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}년 민간위탁 종합성과평가"


class EvaluationRound(models.Model):
    """A round (차수) of a year with its window; scores are entered while it is open."""

    evaluation_year = models.ForeignKey(
        EvaluationYear,
        verbose_name=_("evaluation year"),
        on_delete=models.CASCADE,
        related_name="rounds",
    )
    number = models.PositiveSmallIntegerField(_("round"))
    opens_on = models.DateField(_("window opens"))
    closes_on = models.DateField(_("window closes"))
    is_open = models.BooleanField(_("open for scores"), default=False)
    declared_count = models.PositiveIntegerField(_("declared services"), null=True, blank=True)
    declared_first = models.CharField(_("first service named"), max_length=300, blank=True)
    source_line = models.PositiveIntegerField(_("source line"), null=True, blank=True)

    class Meta:
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")
        ordering = ["evaluation_year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation_year", "number"], name="consignment_round_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.evaluation_year.year}년 {self.number}차"


class ServiceScore(models.Model):
    """One evaluator's score (0–100, 2 decimals) of a service in a round."""

    round = models.ForeignKey(
        EvaluationRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="scores"
    )
    service = models.ForeignKey(
        ConsignedService,
        verbose_name=_("service"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    evaluator = models.CharField(_("evaluator"), max_length=200, blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    score_raw = models.CharField(_("score (as printed)"), max_length=20, blank=True)
    remark = models.CharField(_("remark"), max_length=200, blank=True)
    position = models.PositiveIntegerField(_("number in the table"), default=0)
    source_line = models.PositiveIntegerField(_("source line"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("service score")
        verbose_name_plural = _("service scores")
        ordering = ["round", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "service", "evaluator"], name="consignment_score_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service.name}: {self.score}"


class ContractEvent(models.Model):
    """A contract event of a service: a (re)consignment, a renewal, a council consent or a
    report to the standing committee."""

    class Kind(models.TextChoices):
        CONSIGNMENT = "consignment", _("consignment")
        RENEWAL = "renewal", _("renewal (re-consignment or re-contract)")
        COUNCIL_CONSENT = "consent", _("council consent")
        COMMITTEE_REPORT = "report", _("report to the standing committee")

    service = models.ForeignKey(
        ConsignedService,
        verbose_name=_("service"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("contract event")
        verbose_name_plural = _("contract events")
        ordering = ["service", "date", "pk"]

    def __str__(self) -> str:
        return f"{self.service.name} {self.get_kind_display()} {self.date}"
