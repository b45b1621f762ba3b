"""Organisations (자치단체, agencies), their units (실국 …) and plan owners."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from seonggwa.core.models import Timestamped
from seonggwa.engine.text import norm_key


class Organisation(Timestamped):
    class Kind(models.TextChoices):
        METROPOLITAN = "metropolitan", _("metropolitan government (광역)")
        BASIC = "basic", _("basic local government (기초)")
        AGENCY = "agency", _("public agency")

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.METROPOLITAN
    )
    peer_group = models.CharField(
        _("peer group"), max_length=20, blank=True, help_text=_("시부 / 도부 (joint evaluation)")
    )
    demo = models.BooleanField(
        _("demo"),
        default=False,
        help_text=_("fictional, written by `seonggwa generate-demo` (removed by its --replace)"),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PeerGroup(Timestamped):
    """A group of comparable organisations (시부, 도부, 기초 시 …): comparisons between
    organisations compare within one group. An organisation may belong to several groups
    (the joint evaluation's 시부 and, say, a group of cities of a size)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    members = models.ManyToManyField(
        Organisation, verbose_name=_("members"), blank=True, related_name="peer_groups"
    )

    class Meta:
        verbose_name = _("peer group")
        verbose_name_plural = _("peer groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrgUnit(Timestamped):
    """A unit (실·국·본부·관·단·담당관·과, 위원회, 사업소 …), valid for a period.

    Units are renamed and merged between years: a renamed unit is a new row whose
    ``predecessors`` point at the old one(s).
    """

    class UnitType(models.TextChoices):
        SIL = "sil", _("실 (office)")
        BONBU = "bonbu", _("본부 (headquarters)")
        GUK = "guk", _("국 (bureau)")
        GWAN = "gwan", _("관 (기획관·정책관)")
        DAN = "dan", _("단 (추진단·기획단)")
        DAMDANGGWAN = "damdanggwan", _("담당관 (officer)")
        GWA = "gwa", _("과·팀·센터 (division)")
        COMMITTEE = "committee", _("위원회·사무처 (committee)")
        FACILITY = "facility", _("사업소·기관 (facility, institution)")
        OFFICE = "office", _("비서실·특보 (mayor's office)")
        OTHER = "other", _("other")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="units"
    )
    name = models.CharField(_("name"), max_length=200)
    name_key = models.CharField(_("matching key"), max_length=200, editable=False, db_index=True)
    unit_type = models.CharField(
        _("unit type"), max_length=20, choices=UnitType.choices, default=UnitType.OTHER
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="children",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(
        _("valid to"), null=True, blank=True, help_text=_("last day; empty = still valid")
    )
    predecessors = models.ManyToManyField(
        "self",
        verbose_name=_("predecessors"),
        symmetrical=False,
        blank=True,
        related_name="successors",
    )
    code_prefix = models.CharField(
        _("program code prefix"),
        max_length=30,
        blank=True,
        help_text=_("e.g. 대변인, 경본 (주요사업 코드번호)"),
    )
    composition = models.CharField(
        _("composition"), max_length=200, blank=True, help_text=_("e.g. (2기획관 1단 11담당관)")
    )

    class Meta:
        verbose_name = _("organisational unit")
        verbose_name_plural = _("organisational units")
        ordering = ["organisation", "name", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="orgunit_valid_to_after_valid_from",
            ),
            models.UniqueConstraint(
                fields=["organisation", "name_key", "valid_from"],
                name="orgunit_unique_name_per_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_key = norm_key(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end of validity is before its start.")})
        if self.parent_id and self.parent and self.parent.organisation_id != self.organisation_id:
            raise ValidationError({"parent": _("The parent unit belongs to another organisation.")})

    def is_valid_on(self, day: object) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (  # type: ignore[operator]
            self.valid_to is None or day <= self.valid_to  # type: ignore[operator]
        )


class PlanOwner(models.Model):
    """Who a plan sheet belongs to: a unit, its head, its deputy, or an office."""

    class Kind(models.TextChoices):
        UNIT = "unit", _("unit")
        HEAD = "head", _("head of unit")
        DEPUTY = "deputy", _("deputy head")
        OFFICE = "office", _("office")

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="owners"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.UNIT)
    label = models.CharField(
        _("label"), max_length=200, blank=True, help_text=_("as printed, e.g. 경쟁력강화본부본부장")
    )

    class Meta:
        verbose_name = _("plan owner")
        verbose_name_plural = _("plan owners")
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind"], name="planowner_unique_unit_kind")
        ]

    def __str__(self) -> str:
        return self.label or (
            self.unit.name
            if self.kind == self.Kind.UNIT
            else f"{self.unit.name} ({self.get_kind_display()})"
        )
