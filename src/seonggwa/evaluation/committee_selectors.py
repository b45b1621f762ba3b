"""Reads of committee scoring (docs/evaluation.md "위원회 채점"): a plan's rounds, the
qualitative indicators assigned to a member, the scores a person may see (a member only their
own until scoring closes; the office all of them), the aggregates, and the cells a run reads.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from seonggwa.accounts.models import Role, RoleAssignment, valid_on
from seonggwa.engine.cells import Cell
from seonggwa.engine.committee import committee_aggregate
from seonggwa.organisations.models import OrgUnit
from seonggwa.plans.models import Indicator, Plan
from seonggwa.policy import can_manage_committee, member_unit_ids

from .compute import is_qualitative
from .models import CommitteeMember, CommitteeRound, CommitteeScore


def plan_committee_rounds(*, plan: Plan) -> QuerySet[CommitteeRound]:
    return CommitteeRound.objects.filter(plan=plan).order_by("-period_key")


def committee_round_for(*, plan: Plan, period_key: str) -> CommitteeRound | None:
    return CommitteeRound.objects.filter(plan=plan, period_key=period_key).first()


def round_members(*, round: CommitteeRound) -> list[CommitteeMember]:
    return list(
        CommitteeMember.objects.filter(round=round)
        .select_related("user", "unit")
        .order_by("user__username")
    )


def committee_candidates(*, plan: Plan) -> list[Any]:
    """The organisation's active people who hold the committee role today (whom the office
    may appoint)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    ids = RoleAssignment.objects.filter(
        valid_on(timezone.localdate()),
        organisation_id=plan.organisation_id,
        role=Role.COMMITTEE_MEMBER,
    ).values_list("user_id", flat=True)
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("username"))


def qualitative_indicators(*, plan: Plan) -> list[Indicator]:
    """The plan's qualitative (정성) indicators, in the plan's order."""
    rows = (
        Indicator.objects.filter(plan=plan)
        .select_related("owner__unit", "perspective", "strategic_goal__perspective")
        .order_by("owner_id", "pk")
    )
    return [i for i in rows if is_qualitative(i)]


def _perspective_name(indicator: Indicator) -> str:
    persp = indicator.perspective or indicator.strategic_goal.perspective
    return persp.name if persp is not None else ""


def _ancestors(unit: OrgUnit | None) -> list[int]:
    out: list[int] = []
    while unit is not None:
        out.append(unit.pk)
        unit = unit.parent
    return out


def own_unit_of(member: CommitteeMember, indicator: Indicator) -> bool:
    """Whether ``indicator`` belongs to a unit the member belongs to (or a unit under one)."""
    mine = member_unit_ids(member.user, member.round.plan.organisation_id)
    return bool(mine) and bool(set(_ancestors(indicator.owner.unit)) & mine)


def in_scope(member: CommitteeMember, indicator: Indicator) -> bool:
    """Whether ``indicator`` falls in the member's unit and perspective scope."""
    if member.unit_id is not None and member.unit_id not in _ancestors(indicator.owner.unit):
        return False
    return not member.perspective_name or member.perspective_name == _perspective_name(indicator)


def member_indicators(*, member: CommitteeMember) -> list[Indicator]:
    """The qualitative indicators assigned to ``member``: in their scope, none of a unit they
    belong to."""
    return [
        i
        for i in qualitative_indicators(plan=member.round.plan)
        if in_scope(member, i) and not own_unit_of(member, i)
    ]


def seats_of(*, user: Any) -> QuerySet[CommitteeMember]:
    """The rounds a person sits on, open ones first (for /my/)."""
    if not getattr(user, "is_authenticated", False):
        return CommitteeMember.objects.none()
    return (
        CommitteeMember.objects.filter(user_id=user.pk)
        .select_related("round__plan__organisation")
        .order_by("round__status", "-round__plan__year")
    )


def scores_visible(*, user: Any, round: CommitteeRound) -> QuerySet[CommitteeScore]:
    """The scores ``user`` may read: the office every score; a member only their own until
    scoring closes, then every score of the round; anyone else none."""
    rows = CommitteeScore.objects.filter(round=round).select_related(
        "member__user", "indicator__owner__unit"
    )
    if can_manage_committee(user, round.plan):
        return rows
    user_pk: int | None = getattr(user, "pk", None)
    if user_pk is None or not CommitteeMember.objects.filter(round=round, user_id=user_pk).exists():
        return rows.none()
    if round.status == CommitteeRound.Status.CLOSED:
        return rows
    return rows.filter(member__user_id=user_pk)


@dataclass(frozen=True, slots=True)
class IndicatorAggregate:
    indicator: Indicator
    scores: list[CommitteeScore]
    cell: Cell


def round_aggregates(*, round: CommitteeRound) -> list[IndicatorAggregate]:
    """Every qualitative indicator of the round's plan with its scores and their aggregate by
    the round's method (no score: "no data")."""
    by_indicator: dict[int, list[CommitteeScore]] = defaultdict(list)
    for score in CommitteeScore.objects.filter(round=round).select_related("member__user"):
        by_indicator[score.indicator_id].append(score)
    return [
        IndicatorAggregate(
            ind,
            by_indicator.get(ind.pk, []),
            committee_aggregate([s.points for s in by_indicator.get(ind.pk, [])], round.method),
        )
        for ind in qualitative_indicators(plan=round.plan)
    ]


def committee_cells(*, plan: Plan, period_key: str) -> dict[int, Cell]:
    """Per qualitative indicator, its aggregated committee points of the plan's closed round
    for ``period_key`` (what a run uses as its rate) — one query; empty when the round is
    not closed (or there is none)."""
    points: dict[int, list[Decimal]] = defaultdict(list)
    method = ""
    for indicator_id, value, how in CommitteeScore.objects.filter(
        round__plan=plan,
        round__period_key=period_key,
        round__status=CommitteeRound.Status.CLOSED,
    ).values_list("indicator_id", "points", "round__method"):
        points[indicator_id].append(value)
        method = how
    return {pk: committee_aggregate(vs, method) for pk, vs in points.items()}
