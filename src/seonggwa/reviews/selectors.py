"""Reads of the ad-hoc reviews: the years of an organisation, a year's list with each
review's counts and follow-up progress (a fixed number of queries), one review with its
rounds, findings, recommendations and follow-ups, and the follow-ups waiting for a person
(the "my work" page). The due-date rule comes from ``seonggwa.engine.reviews``."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from seonggwa.accounts.models import Role, RoleAssignment, valid_on
from seonggwa.engine.reviews import FOLLOWUP_CLOSED, followup_state
from seonggwa.organisations.models import Organisation, OrgUnit

from .models import FollowUp, Recommendation, Review, ReviewFinding, ReviewRound

__all__ = [
    "YearRow",
    "followups_for_user",
    "remind_days",
    "review_detail",
    "review_year",
    "review_years",
    "reviews_of",
]


def remind_days() -> int:
    return int(getattr(settings, "SEONGGWA_REMIND_DAYS", 3))


def review_years(organisation: Organisation) -> list[tuple[int, int]]:
    """(year, number of reviews), newest first."""
    rows = (
        Review.objects.filter(organisation=organisation)
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("-year")
    )
    return [(r["year"], r["n"]) for r in rows]


@dataclass(frozen=True, slots=True)
class YearRow:
    review: Review
    rounds: int
    findings: int
    recommendations: int
    statuses: dict[str, int]  # follow-up status -> count
    overdue: int

    @property
    def done(self) -> int:
        return self.statuses.get("done", 0) + self.statuses.get("dropped", 0)


def review_year(
    organisation: Organisation, year: int, today: datetime.date | None = None
) -> list[YearRow]:
    """A year's reviews in list order, with their counts and follow-up progress (three
    queries, whatever the number of reviews)."""
    day = today or timezone.localdate()
    reviews = list(
        Review.objects.filter(organisation=organisation, year=year)
        .select_related("department")
        .annotate(
            n_rounds=Count("rounds", distinct=True),
            n_findings=Count("rounds__findings", distinct=True),
        )
        .order_by("number")
    )
    recs = (
        Recommendation.objects.filter(round__review__in=[r.pk for r in reviews])
        .values_list("round__review_id", "followup__status", "followup__due_on")
        .order_by()
    )
    statuses: dict[int, Counter[str]] = {r.pk: Counter() for r in reviews}
    overdue: Counter[int] = Counter()
    counts: Counter[int] = Counter()
    days = remind_days()
    for review_id, status, due in recs:
        counts[review_id] += 1
        if status:
            statuses[review_id][status] += 1
            if followup_state(status, due, day, remind_days=days) == "overdue":
                overdue[review_id] += 1
    return [
        YearRow(
            review=r,
            rounds=r.n_rounds,
            findings=r.n_findings,
            recommendations=counts[r.pk],
            statuses=dict(statuses[r.pk]),
            overdue=overdue[r.pk],
        )
        for r in reviews
    ]


def review_detail(review: Review) -> list[ReviewRound]:
    """The review's rounds with their findings, recommendations, follow-ups and evidence
    prefetched."""
    return list(
        ReviewRound.objects.filter(review=review)
        .order_by("number")
        .prefetch_related(
            Prefetch("findings", queryset=ReviewFinding.objects.order_by("position", "pk")),
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.order_by("position", "pk").select_related(
                    "followup__owner_unit", "followup__owner", "followup__filed_by"
                ),
            ),
            "recommendations__followup__evidence",
        )
    )


def followups_for_user(
    user: Any,
    today: datetime.date | None = None,
    assignments: Iterable[RoleAssignment] | None = None,
) -> list[FollowUp]:
    """The open follow-ups a person answers for: theirs, and those of the units they hold a
    staff or manager role for (or a unit below one of them), soonest due first.
    ``assignments``: the person's role assignments valid today, when the caller has them."""
    day = today or timezone.localdate()
    if assignments is None:
        assignments = RoleAssignment.objects.filter(valid_on(day), user_id=user.pk)
    unit_ids = {
        a.unit_id
        for a in assignments
        if a.unit_id is not None and a.role in (Role.UNIT_STAFF, Role.UNIT_MANAGER)
    }
    covered = set(unit_ids)
    if unit_ids:
        # the units below, found in memory from one read of their organisations' unit tree
        # (one query however deep the tree is)
        children: dict[int, list[int]] = {}
        tree = OrgUnit.objects.filter(
            organisation_id__in=OrgUnit.objects.filter(pk__in=unit_ids).values("organisation_id")
        ).values_list("pk", "parent_id")
        for pk, parent_id in tree:
            if parent_id is not None:
                children.setdefault(parent_id, []).append(pk)
        frontier = list(unit_ids)
        while frontier:
            below = [
                pk for parent in frontier for pk in children.get(parent, ()) if pk not in covered
            ]
            covered.update(below)
            frontier = below
    found = (
        FollowUp.objects.filter(Q(owner_id=user.pk) | Q(owner_unit_id__in=covered))
        .exclude(status__in=FOLLOWUP_CLOSED)
        .select_related("recommendation__round__review", "owner_unit")
        .order_by("due_on", "pk")
    )
    return sorted(found, key=lambda f: (f.due_on is None, f.due_on or day, f.pk))


def reviews_of(organisation: Organisation) -> QuerySet[Review]:
    return Review.objects.filter(organisation=organisation)
