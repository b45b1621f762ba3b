"""Writes of committee scoring (docs/evaluation.md "위원회 채점"): the office sets up a plan's
round (the aggregation method), appoints and removes members, opens and closes scoring; a
member saves a score (points or a grade, with a comment) for a qualitative indicator assigned
to them — never one of a unit they belong to, never once scoring is closed.

Each takes the acting user, asks the policy (``can_manage_committee`` for the office; the
member's own seat for a score) and is audited as that user; rows with a version refuse a
stale save (``ConflictError``)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from seonggwa.audit.context import acting_as
from seonggwa.core.errors import ConflictError, PermissionDenied, ServiceError
from seonggwa.engine.committee import MAX_POINTS, AggregationMethod, grade_points
from seonggwa.organisations.models import OrgUnit
from seonggwa.plans.models import Indicator, Period, Plan
from seonggwa.policy import can_manage_committee

from .committee_selectors import committee_candidates, in_scope, own_unit_of
from .compute import is_qualitative
from .models import CommitteeMember, CommitteeRound, CommitteeScore

_POINTS_STEP = Decimal("0.01")


def _check_office(user: Any, plan: Plan) -> None:
    if not can_manage_committee(user, plan):
        raise PermissionDenied(
            gettext("평가위원회는 평가담당관이나 관리자만 구성하고 채점을 열고 닫을 수 있습니다.")
        )


def _locked_round(round: CommitteeRound, expected_version: int) -> CommitteeRound:
    current = CommitteeRound.objects.select_for_update().select_related("plan").get(pk=round.pk)
    if current.version != expected_version:
        raise ConflictError(
            gettext(
                "다른 사용자가 평가위원회 설정을 먼저 바꿨습니다(읽은 버전 %(read)s, 현재 버전 "
                "%(current)s). 새로 고친 뒤 다시 시도하세요."
            )
            % {"read": expected_version, "current": current.version}
        )
    return current


def _method(method: str) -> str:
    try:
        return AggregationMethod(method).value
    except ValueError as exc:
        raise ServiceError(
            gettext("알 수 없는 집계 방법입니다: %(method)s") % {"method": method}, field="method"
        ) from exc


@transaction.atomic
def committee_round_get_or_create(
    *, user: Any, plan: Plan, period: Period | None = None, method: str = "mean"
) -> CommitteeRound:
    """The plan's round for ``period`` (None: the plan's year), created (preparing, with
    ``method``) when there is none."""
    _check_office(user, plan)
    if period is not None and period.plan_id != plan.pk:
        raise ServiceError(
            gettext("기간 %(period)s은(는) 이 계획의 기간이 아닙니다.") % {"period": period.key}
        )
    key = period.key if period is not None else str(plan.year)
    found = CommitteeRound.objects.filter(plan=plan, period_key=key).first()
    if found is not None:
        return found
    round = CommitteeRound(plan=plan, period=period, period_key=key, method=_method(method))
    round.full_clean()
    with acting_as(user):
        round.save()
    return round


@transaction.atomic
def committee_method_set(
    *, user: Any, round: CommitteeRound, method: str, expected_version: int
) -> CommitteeRound:
    """Choose how the members' scores are aggregated; not once scoring is closed."""
    _check_office(user, round.plan)
    current = _locked_round(round, expected_version)
    if current.status == CommitteeRound.Status.CLOSED:
        raise ServiceError(gettext("채점이 마감된 뒤에는 집계 방법을 바꿀 수 없습니다."))
    current.method = _method(method)
    current.version += 1
    with acting_as(user):
        current.save(update_fields=["method", "version", "updated_at"])
    return current


def _set_status(
    user: Any, round: CommitteeRound, expected_version: int, status: str
) -> CommitteeRound:
    _check_office(user, round.plan)
    current = _locked_round(round, expected_version)
    if current.status == status:
        raise ServiceError(
            gettext("채점이 이미 열려 있습니다.")
            if status == CommitteeRound.Status.OPEN
            else gettext("채점이 이미 마감되었습니다.")
        )
    if status == CommitteeRound.Status.OPEN and not current.members.exists():
        raise ServiceError(gettext("평가위원을 한 명 이상 위촉한 뒤 채점을 여세요."))
    current.status = status
    current.closed_at = timezone.now() if status == CommitteeRound.Status.CLOSED else None
    current.version += 1
    with acting_as(user):
        current.save(update_fields=["status", "closed_at", "version", "updated_at"])
    return current


@transaction.atomic
def committee_scoring_open(
    *, user: Any, round: CommitteeRound, expected_version: int
) -> CommitteeRound:
    """Open scoring (also reopens a closed round; its scores then feed no run until it is
    closed again)."""
    return _set_status(user, round, expected_version, CommitteeRound.Status.OPEN)


@transaction.atomic
def committee_scoring_close(
    *, user: Any, round: CommitteeRound, expected_version: int
) -> CommitteeRound:
    """Close scoring: members can no longer save, every member may read every score, and the
    next run uses the aggregated scores."""
    return _set_status(user, round, expected_version, CommitteeRound.Status.CLOSED)


@transaction.atomic
def committee_member_appoint(
    *,
    user: Any,
    round: CommitteeRound,
    person: Any,
    unit: OrgUnit | None = None,
    perspective_name: str = "",
) -> CommitteeMember:
    """Appoint ``person`` (who holds the committee role in the plan's organisation) for every
    qualitative indicator, or only those of ``unit`` (and the units under it) or of one
    perspective."""
    _check_office(user, round.plan)
    if round.status == CommitteeRound.Status.CLOSED:
        raise ServiceError(gettext("채점이 마감된 위원회에는 위원을 위촉할 수 없습니다."))
    if person.pk not in {p.pk for p in committee_candidates(plan=round.plan)}:
        raise ServiceError(
            gettext("%(person)s은(는) 이 기관의 평가위원 역할이 없어 위촉할 수 없습니다.")
            % {"person": person.get_username()},
            field="person",
        )
    if unit is not None and unit.organisation_id != round.plan.organisation_id:
        raise ServiceError(gettext("다른 기관의 부서는 범위로 지정할 수 없습니다."), field="unit")
    if CommitteeMember.objects.filter(round=round, user=person).exists():
        raise ServiceError(
            gettext("%(person)s은(는) 이미 위촉된 평가위원입니다.")
            % {"person": person.get_username()},
            field="person",
        )
    member = CommitteeMember(
        round=round, user=person, unit=unit, perspective_name=perspective_name.strip()
    )
    member.full_clean()
    with acting_as(user):
        member.save()
    return member


@transaction.atomic
def committee_member_remove(*, user: Any, member: CommitteeMember) -> None:
    """Remove a member and their scores; not once scoring is closed."""
    _check_office(user, member.round.plan)
    if member.round.status == CommitteeRound.Status.CLOSED:
        raise ServiceError(gettext("채점이 마감된 위원회의 위원은 해촉할 수 없습니다."))
    with acting_as(user):
        member.delete()


def _points(points: Any, grade: str) -> tuple[Decimal, str]:
    if grade.strip():
        found = grade_points(grade)
        if found is None:
            raise ServiceError(
                gettext(
                    "알 수 없는 등급입니다: %(grade)s (S·A·B·C·D 또는 탁월·우수·보통·미흡·부진)"
                )
                % {"grade": grade.strip()},
                field="grade",
            )
        return found, grade.strip()
    if points is None or str(points).strip() == "":
        raise ServiceError(gettext("점수나 등급을 입력하세요."), field="points")
    try:
        value = Decimal(str(points).strip())
    except InvalidOperation as exc:
        raise ServiceError(
            gettext("점수는 0~100 사이의 숫자로 입력하세요."), field="points"
        ) from exc
    if not value.is_finite() or value < 0 or value > MAX_POINTS:
        raise ServiceError(gettext("점수는 0~100 사이의 숫자로 입력하세요."), field="points")
    if value != value.quantize(_POINTS_STEP):
        raise ServiceError(gettext("점수는 소수 둘째 자리까지 입력하세요."), field="points")
    return value, ""


@transaction.atomic
def committee_score_save(
    *,
    user: Any,
    round: CommitteeRound,
    indicator: Indicator,
    points: Any = None,
    grade: str = "",
    comment: str = "",
    expected_version: int = 0,
) -> CommitteeScore:
    """Save the acting member's score for ``indicator`` (``expected_version`` 0: a first
    score). Refused for someone not on the committee, an indicator not assigned to them or
    of a unit they belong to, and once scoring is not open."""
    current = CommitteeRound.objects.select_for_update().select_related("plan").get(pk=round.pk)
    user_pk: int | None = getattr(user, "pk", None)
    member = (
        CommitteeMember.objects.filter(round=current, user_id=user_pk)
        .select_related("round__plan", "user")
        .first()
        if user_pk is not None
        else None
    )
    if member is None:
        raise PermissionDenied(gettext("이 평가위원회의 위원만 채점할 수 있습니다."))
    if current.status != CommitteeRound.Status.OPEN:
        raise ServiceError(
            gettext("채점이 마감되어 점수를 저장할 수 없습니다.")
            if current.status == CommitteeRound.Status.CLOSED
            else gettext("아직 채점이 열리지 않았습니다.")
        )
    if indicator.plan_id != current.plan_id or not is_qualitative(indicator):
        raise ServiceError(gettext("이 계획의 정성지표만 채점할 수 있습니다."))
    if own_unit_of(member, indicator):
        raise PermissionDenied(
            gettext("'%(indicator)s'은(는) 소속 부서(%(unit)s)의 지표라 채점할 수 없습니다.")
            % {"indicator": indicator.name, "unit": indicator.owner.unit.name}
        )
    if not in_scope(member, indicator):
        raise PermissionDenied(
            gettext("'%(indicator)s'은(는) 배정된 채점 범위 밖의 지표입니다.")
            % {"indicator": indicator.name}
        )
    value, label = _points(points, grade)
    score = (
        CommitteeScore.objects.select_for_update()
        .filter(member=member, indicator=indicator)
        .first()
    )
    read = score.version if score is not None else 0
    if read != expected_version:
        raise ConflictError(
            gettext(
                "이 지표의 점수가 다른 창에서 먼저 저장되었습니다(읽은 버전 %(read)s, 현재 버전 "
                "%(current)s). 새로 고친 뒤 다시 입력하세요."
            )
            % {"read": expected_version, "current": read}
        )
    if score is None:
        score = CommitteeScore(round=current, member=member, indicator=indicator)
    else:
        score.version += 1
    score.points = value
    score.grade = label
    score.comment = comment.strip()
    score.full_clean()
    with acting_as(user):
        score.save()
    return score
