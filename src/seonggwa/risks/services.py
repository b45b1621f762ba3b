"""Writes of the risk register: monthly reports, issues and their press items, the stage
and importance, escalation to the owning 실·국, the department's response and closure.
Each takes the acting user, asks the policy (``can_manage_risks`` for the office's writes,
``can_respond_risk`` for the response) and is audited as that user by the audit signals.

The cycle (`003:2097,2105-2107`): 1 인지·발굴 → 2 중요도 분석·검토 → 3 중요도·대응방향 설정 →
4 예방·사후관리 실행 및 피드백, then closed by the office. Escalation hands the issue to a
실·국 for a deeper response (stage 3 at least) and tells its people; their response moves
the issue to stage 4."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from seonggwa.accounts.models import Role
from seonggwa.accounts.selectors import users_with_role
from seonggwa.audit.context import acting_as
from seonggwa.core.errors import ConflictError, PermissionDenied, ServiceError
from seonggwa.notifications.services import notify
from seonggwa.organisations.models import Organisation, OrgUnit
from seonggwa.policy import can_manage_risks, can_respond_risk

from .models import PressItem, RiskIssue, RiskMonth
from .selectors import escalation_units

__all__ = [
    "issue_close",
    "issue_create",
    "issue_escalate",
    "issue_respond",
    "issue_review",
    "month_get_or_create",
    "press_item_add",
    "press_item_remove",
]

Status = RiskIssue.Status
STAGES = [Status.IDENTIFIED, Status.ANALYSED, Status.DIRECTED, Status.FOLLOW_UP]


def _check(user: Any, organisation: Organisation | int) -> None:
    if not can_manage_risks(user, organisation):
        raise PermissionDenied(
            gettext("시정 리스크 이슈는 평가담당관이나 관리자만 등록하고 바꿀 수 있습니다.")
        )


def _actor(user: Any) -> Any:
    return user if getattr(user, "pk", None) else None


def _link(issue: RiskIssue) -> str:
    return f"/risks/{issue.month.organisation_id}/issues/{issue.pk}/"


def _unit_people(issue: RiskIssue, unit: OrgUnit) -> list[Any]:
    return users_with_role(
        organisation_id=issue.month.organisation_id,
        roles=[Role.UNIT_STAFF, Role.UNIT_MANAGER],
        unit=unit,
    )


def _fresh(issue: RiskIssue, expected_version: int | None) -> RiskIssue:
    current = (
        RiskIssue.objects.select_for_update(of=("self",))
        .select_related("month", "owner_unit")
        .get(pk=issue.pk)
    )
    if expected_version is not None and current.version != expected_version:
        raise ConflictError(
            gettext("다른 사용자가 '%(issue)s'을(를) 먼저 바꿨습니다. 새로 고친 뒤 다시 하세요.")
            % {"issue": current.title}
        )
    return current


def _open(issue: RiskIssue) -> None:
    if issue.status == Status.CLOSED:
        raise ServiceError(gettext("'%(issue)s'은(는) 종결된 이슈입니다.") % {"issue": issue.title})


def month_get_or_create(
    *, user: Any, organisation: Organisation, year: int, month: int | None
) -> RiskMonth:
    """The monthly report of ``year``-``month`` (created when missing)."""
    _check(user, organisation)
    if month is not None and not 1 <= month <= 12:
        raise ServiceError(gettext("월은 1~12 사이여야 합니다."), field="month")
    if not 1990 <= year <= 2100:
        raise ServiceError(gettext("연도는 1990~2100 사이여야 합니다."), field="year")
    with transaction.atomic(), acting_as(user):
        found, _created = RiskMonth.objects.get_or_create(
            organisation=organisation, year=year, month=month
        )
    return found


def issue_create(
    *,
    user: Any,
    month: RiskMonth,
    title: str,
    summary: str = "",
    risks: str = "",
    requests_short: str = "",
    requests_long: str = "",
    importance: str = "",
    owner_unit: OrgUnit | None = None,
) -> RiskIssue:
    """Add an issue to a month (stage 1, 인지·발굴), numbered after the month's last one. An
    owning unit, when given, is told the issue is assigned to it."""
    _check(user, month.organisation_id)
    if not title.strip():
        raise ServiceError(gettext("이슈 제목을 입력하세요."), field="title")
    if importance and importance not in RiskIssue.Importance.values:
        raise ServiceError(gettext("알 수 없는 중요도입니다."), field="importance")
    if owner_unit is not None and owner_unit.organisation_id != month.organisation_id:
        raise PermissionDenied(gettext("다른 기관의 부서에는 이슈를 맡길 수 없습니다."))
    with transaction.atomic(), acting_as(user):
        last = month.issues.order_by("-number").values_list("number", flat=True).first()
        issue = RiskIssue(
            month=month,
            number=(last or 0) + 1,
            title=title.strip(),
            summary=summary.strip(),
            risks=risks.strip(),
            requests_short=requests_short.strip(),
            requests_long=requests_long.strip(),
            importance=importance,
            owner_unit=owner_unit,
            created_by=_actor(user),
        )
        issue.full_clean()
        issue.save()
        if owner_unit is not None:
            notify(
                users=_unit_people(issue, owner_unit),
                kind="risk_assigned",
                params={"issue": issue.title, "month": str(month), "unit": owner_unit.name},
                link=_link(issue),
                organisation_id=month.organisation_id,
            )
    return issue


def press_item_add(
    *,
    user: Any,
    issue: RiskIssue,
    headline: str,
    outlet: str = "",
    date: datetime.date | None = None,
) -> PressItem:
    """A related press item (관련보도) of an issue."""
    _check(user, issue.month.organisation_id)
    _open(issue)
    if not headline.strip():
        raise ServiceError(gettext("보도 제목을 입력하세요."), field="headline")
    with transaction.atomic(), acting_as(user):
        item = PressItem(issue=issue, headline=headline.strip(), outlet=outlet.strip(), date=date)
        item.full_clean()
        item.save()
    return item


def press_item_remove(*, user: Any, item: PressItem) -> None:
    _check(user, item.issue.month.organisation_id)
    _open(item.issue)
    with transaction.atomic(), acting_as(user):
        item.delete()


def issue_review(
    *,
    user: Any,
    issue: RiskIssue,
    status: str,
    importance: str = "",
    expected_version: int | None = None,
) -> RiskIssue:
    """Set the stage of the cycle (1–4) and the importance. Stage 3 (중요도·대응방향 설정)
    and later need an importance; closing is :func:`issue_close`."""
    _check(user, issue.month.organisation_id)
    if status not in STAGES:
        raise ServiceError(gettext("알 수 없는 단계입니다."), field="status")
    if importance and importance not in RiskIssue.Importance.values:
        raise ServiceError(gettext("알 수 없는 중요도입니다."), field="importance")
    with transaction.atomic(), acting_as(user):
        current = _fresh(issue, expected_version)
        _open(current)
        if STAGES.index(Status(status)) >= 2 and not (importance or current.importance):
            raise ServiceError(
                gettext("3단계(중요도·대응방향 설정)부터는 중요도를 정해야 합니다."),
                field="importance",
            )
        current.status = status
        if importance:
            current.importance = importance
        current.version += 1
        current.save()
    return current


def issue_escalate(
    *,
    user: Any,
    issue: RiskIssue,
    unit: OrgUnit,
    note: str = "",
    expected_version: int | None = None,
) -> RiskIssue:
    """Escalate an issue to the 실·국 ``unit`` for a deeper response: recorded with who and
    when, the stage moved to 3 at least, and the unit's people told."""
    _check(user, issue.month.organisation_id)
    if unit.organisation_id != issue.month.organisation_id:
        raise PermissionDenied(gettext("다른 기관의 부서로는 이슈를 넘길 수 없습니다."))
    if not escalation_units(unit.organisation_id).filter(pk=unit.pk).exists():
        raise ServiceError(
            gettext(
                "‘{unit}’은(는) 실·국이 아닙니다: 이슈는 실·국(실·본부·국 또는 최상위 부서)으로 "
                "넘깁니다. 목록에서 실·국을 고르십시오."
            ).format(unit=unit.name)
        )
    with transaction.atomic(), acting_as(user):
        current = _fresh(issue, expected_version)
        _open(current)
        current.handling = RiskIssue.Handling.ESCALATED
        current.owner_unit = unit
        current.escalated_at = timezone.now()
        current.escalated_by = _actor(user)
        current.escalation_note = note.strip()[:500]
        if STAGES.index(Status(current.status)) < 2:
            current.status = Status.DIRECTED
        current.version += 1
        current.save()
        notify(
            users=_unit_people(current, unit),
            kind="risk_escalated",
            params={
                "issue": current.title,
                "month": str(current.month),
                "unit": unit.name,
                "note": current.escalation_note,
            },
            link=_link(current),
            organisation_id=current.month.organisation_id,
        )
    return current


def issue_respond(
    *, user: Any, issue: RiskIssue, response: str, expected_version: int | None = None
) -> RiskIssue:
    """The department's response (부서대응), written by the owning unit's people (or the
    office): stage 4 (예방·사후관리 실행 및 피드백). The office that escalated it is told."""
    current_issue = RiskIssue.objects.select_related("month").get(pk=issue.pk)
    if not can_respond_risk(user, current_issue):
        raise PermissionDenied(
            gettext("이 이슈의 부서대응은 맡은 부서나 평가담당관만 쓸 수 있습니다.")
        )
    if not response.strip():
        raise ServiceError(gettext("부서대응 내용을 입력하세요."), field="response")
    with transaction.atomic(), acting_as(user):
        current = _fresh(current_issue, expected_version)
        _open(current)
        current.response = response.strip()
        current.responded_at = timezone.now()
        current.responded_by = _actor(user)
        current.status = Status.FOLLOW_UP
        current.version += 1
        current.save()
        office = [current.escalated_by] if current.escalated_by_id else []
        if not office:
            office = users_with_role(
                organisation_id=current.month.organisation_id, roles=[Role.EVALUATION_OFFICER]
            )
        notify(
            users=[u for u in office if getattr(u, "pk", None) != getattr(user, "pk", None)],
            kind="risk_responded",
            params={"issue": current.title, "unit": getattr(current.owner_unit, "name", "")},
            link=_link(current),
            organisation_id=current.month.organisation_id,
        )
    return current


def issue_close(
    *, user: Any, issue: RiskIssue, note: str = "", expected_version: int | None = None
) -> RiskIssue:
    """Close an issue (the office). An escalated issue closes only after its department
    has responded."""
    _check(user, issue.month.organisation_id)
    with transaction.atomic(), acting_as(user):
        current = _fresh(issue, expected_version)
        _open(current)
        if current.handling == RiskIssue.Handling.ESCALATED and not current.response.strip():
            raise ServiceError(
                gettext("%(unit)s의 부서대응이 아직 없어 종결할 수 없습니다.")
                % {"unit": getattr(current.owner_unit, "name", "") or gettext("맡은 부서")}
            )
        current.status = Status.CLOSED
        current.closed_at = timezone.now()
        current.closed_by = _actor(user)
        current.closing_note = note.strip()[:500]
        current.version += 1
        current.save()
    return current
