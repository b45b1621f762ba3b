"""Reads of the risk register: an organisation's monthly reports with their counts, a
month's issues with their press items, a year's monthly reports with their issues for the report, and the issues
waiting for a unit's response ("my work")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from seonggwa.organisations.models import Organisation, OrgUnit

from .models import RiskIssue, RiskMonth

__all__ = [
    "MonthRow",
    "escalation_unit_above",
    "escalation_units",
    "issue_detail",
    "issues_answered",
    "issues_awaiting_response",
    "month_issues",
    "months_of",
    "year_months",
]


# the 실·국 an issue is escalated to (domain.md §4.13, "실·국 심층 대응"): offices,
# headquarters and bureaus, and any unit directly under the head of the organisation
ESCALATION_TYPES = (OrgUnit.UnitType.SIL, OrgUnit.UnitType.BONBU, OrgUnit.UnitType.GUK)


def escalation_units(organisation: Organisation | int) -> QuerySet[OrgUnit]:
    """The units a risk issue of ``organisation`` may be escalated to, by name: its 실·국
    (units of type 실, 본부 or 국, and units with no parent unit) that are still valid."""
    return OrgUnit.objects.filter(
        Q(unit_type__in=ESCALATION_TYPES) | Q(parent__isnull=True),
        Q(valid_to__isnull=True) | Q(valid_to__gte=timezone.localdate()),
        organisation=organisation,
    ).order_by("name")


def escalation_unit_above(unit: OrgUnit | None) -> OrgUnit | None:
    """The 실·국 that ``unit`` belongs to: itself when it is one, else the nearest unit above
    it that is (None when there is none)."""
    allowed = (
        set(escalation_units(unit.organisation_id).values_list("pk", flat=True)) if unit else set()
    )
    seen: set[int] = set()
    while unit is not None and unit.pk not in seen:
        if unit.pk in allowed:
            return unit
        seen.add(unit.pk)
        unit = unit.parent
    return None


@dataclass(frozen=True, slots=True)
class MonthRow:
    month: RiskMonth
    issues: int
    escalated: int
    responded: int
    closed: int


def months_of(organisation: Organisation) -> list[MonthRow]:
    """Every monthly report of the organisation, newest first, with its counts (one
    query)."""
    months = RiskMonth.objects.filter(organisation=organisation).annotate(
        n_issues=Count("issues"),
        n_escalated=Count("issues", filter=Q(issues__handling=RiskIssue.Handling.ESCALATED)),
        n_responded=Count("issues", filter=~Q(issues__response="")),
        n_closed=Count("issues", filter=Q(issues__status=RiskIssue.Status.CLOSED)),
    )
    return [
        MonthRow(m, m.n_issues, m.n_escalated, m.n_responded, m.n_closed)
        for m in months.order_by("-year", "-month")
    ]


def _issues() -> QuerySet[RiskIssue]:
    return RiskIssue.objects.select_related(
        "month", "owner_unit", "escalated_by", "responded_by", "closed_by"
    ).prefetch_related("press")


def month_issues(month: RiskMonth) -> list[RiskIssue]:
    """A month's issues in their order, with press items and the people who acted."""
    return list(_issues().filter(month=month).order_by("number", "pk"))


def issue_detail(organisation: Organisation, pk: int) -> RiskIssue | None:
    return _issues().filter(month__organisation=organisation, pk=pk).first()


def issues_awaiting_response(
    *, organisation_ids: Iterable[int], unit_ids: set[int] | None
) -> list[RiskIssue]:
    """Open issues assigned or escalated to the units ``unit_ids`` (every unit when None)
    without a response yet."""
    issues = (
        RiskIssue.objects.select_related("month__organisation", "owner_unit")
        .filter(month__organisation_id__in=list(organisation_ids), owner_unit__isnull=False)
        .exclude(status=RiskIssue.Status.CLOSED)
        .filter(response="")
    )
    if unit_ids is not None:
        issues = issues.filter(owner_unit_id__in=unit_ids)
    return list(issues.order_by("-month__year", "-month__month", "number"))


def year_months(
    organisation: Organisation, year: int, month: int | None = None, *, only_month: bool = False
) -> list[tuple[RiskMonth, list[RiskIssue]]]:
    """The year's monthly reports with their issues (the month-less report first), or one
    month's with ``only_month`` (``month`` None: the month-less one); two queries."""
    months = RiskMonth.objects.filter(organisation=organisation, year=year)
    if only_month:
        months = (
            months.filter(month=month) if month is not None else months.filter(month__isnull=True)
        )
    found = sorted(months, key=lambda m: m.month or 0)
    by_month: dict[int, list[RiskIssue]] = {m.pk: [] for m in found}
    for issue in _issues().filter(month__in=found).order_by("number", "pk"):
        by_month[issue.month_id].append(issue)
    return [(m, by_month[m.pk]) for m in found]


def issues_answered(*, organisation_ids: Iterable[int]) -> list[RiskIssue]:
    """Open issues with a department's response, for the office to close."""
    return list(
        RiskIssue.objects.select_related("month", "owner_unit")
        .filter(month__organisation_id__in=list(organisation_ids))
        .exclude(status=RiskIssue.Status.CLOSED)
        .exclude(response="")
        .order_by("-month__year", "-month__month", "number")
    )
