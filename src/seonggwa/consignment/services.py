"""Writes of the consignment evaluation: services, years and rounds (open/close), a round's
scores, contract events. Each takes the acting user, asks the policy
(``can_manage_consignment``) and is audited as that user by the audit signals.

Windows: a round keeps its own window (``opens_on`` – ``closes_on``, months as the
documents print them) and an open/closed switch; the plan periods' windows
(docs/workflow.md) belong to a plan's actuals and do not fit a year of consignment rounds."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from seonggwa.audit.context import acting_as
from seonggwa.core.errors import ConflictError, PermissionDenied, ServiceError
from seonggwa.engine.consignment import EXCLUSION_REMARK, is_excluded, split_members
from seonggwa.organisations.models import Organisation
from seonggwa.policy import can_manage_consignment

from .models import ConsignedService, ContractEvent, EvaluationRound, EvaluationYear, ServiceScore

__all__ = [
    "ScoreEntry",
    "contract_event_record",
    "round_create",
    "round_set_open",
    "scores_record",
    "service_save",
    "year_get_or_create",
]

_STEP = Decimal("0.01")


def _check(user: Any, organisation: Organisation | int) -> None:
    if not can_manage_consignment(user, organisation):
        raise PermissionDenied(
            gettext("민간위탁 종합성과평가는 평가담당관이나 관리자만 바꿀 수 있습니다.")
        )


def _parse_score(raw: str, *, label: str) -> Decimal:
    """A score 0–100 with at most 2 decimals; a Korean error naming ``label`` otherwise."""
    text = raw.strip()
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or not Decimal(0) <= value <= Decimal(100):
        raise ServiceError(
            gettext("'%(label)s'의 점수 '%(raw)s'은(는) 0~100 사이의 숫자가 아닙니다.")
            % {"label": label, "raw": text},
            field="score",
        )
    if value != value.quantize(_STEP):
        raise ServiceError(
            gettext("'%(label)s'의 점수 '%(raw)s'은(는) 소수 둘째 자리까지만 입력하세요.")
            % {"label": label, "raw": text},
            field="score",
        )
    return value.quantize(_STEP)


def service_save(
    *,
    user: Any,
    organisation: Organisation,
    name: str,
    department_label: str,
    contractor: str,
    annual_cost: Decimal | None = None,
    separate_statutory_evaluation: bool = False,
    last_council_consent: datetime.date | None = None,
    service: ConsignedService | None = None,
) -> ConsignedService:
    """Create a service, or change ``service``."""
    _check(user, organisation)
    if not name.strip() or not department_label.strip() or not contractor.strip():
        raise ServiceError(gettext("사무명, 사업부서, 수탁기관을 모두 입력하세요."), field="name")
    if annual_cost is not None and annual_cost < 0:
        raise ServiceError(gettext("연 사업비는 0 이상이어야 합니다."), field="annual_cost")
    with transaction.atomic(), acting_as(user):
        target = service or ConsignedService(organisation=organisation)
        target.name = name.strip()
        target.department_label = department_label.strip()
        target.contractor = contractor.strip()
        target.members = list(split_members(target.contractor)[0])
        target.annual_cost = annual_cost
        target.separate_statutory_evaluation = separate_statutory_evaluation
        target.last_council_consent = last_council_consent
        target.full_clean()
        target.save()
    return target


def year_get_or_create(*, user: Any, organisation: Organisation, year: int) -> EvaluationYear:
    _check(user, organisation)
    with acting_as(user):
        found, _created = EvaluationYear.objects.get_or_create(organisation=organisation, year=year)
    return found


def round_create(
    *,
    user: Any,
    evaluation_year: EvaluationYear,
    number: int,
    opens_on: datetime.date,
    closes_on: datetime.date,
    is_open: bool = False,
) -> EvaluationRound:
    _check(user, evaluation_year.organisation_id)
    if closes_on < opens_on:
        raise ServiceError(gettext("창구가 닫히는 날이 열리는 날보다 앞섭니다."), field="closes_on")
    if evaluation_year.rounds.filter(number=number).exists():
        raise ServiceError(
            gettext("%(year)s년 %(n)s차가 이미 있습니다.")
            % {"year": evaluation_year.year, "n": number},
            field="number",
        )
    with acting_as(user):
        return EvaluationRound.objects.create(
            evaluation_year=evaluation_year,
            number=number,
            opens_on=opens_on,
            closes_on=closes_on,
            is_open=is_open,
        )


def round_set_open(*, user: Any, round: EvaluationRound, is_open: bool) -> EvaluationRound:
    """Open or close a round for scores."""
    _check(user, round.evaluation_year.organisation_id)
    with acting_as(user):
        round.is_open = is_open
        round.save(update_fields=["is_open"])
    return round


@dataclass(frozen=True, slots=True)
class ScoreEntry:
    service: ConsignedService
    evaluator: str
    raw: str  # as typed; "" leaves the service unscored by this evaluator
    version: int | None = None  # the version read, for a score that exists


def scores_record(
    *, user: Any, round: EvaluationRound, entries: Sequence[ScoreEntry]
) -> list[ServiceScore]:
    """Save a round's scores, all or none: every entry is checked first (0–100, 2
    decimals, the round open and its window not over, the service of the organisation, no
    stale version). A score below 60 gets the remark '재계약 배제' (R15)."""
    organisation_id = round.evaluation_year.organisation_id
    _check(user, organisation_id)
    today = timezone.localdate()
    if not round.is_open:
        raise ServiceError(
            gettext("%(round)s 채점이 닫혀 있습니다. 평가담당관이 차수를 연 뒤 입력하세요.")
            % {"round": round}
        )
    if today > round.closes_on:
        raise ServiceError(
            gettext("%(round)s 채점 기간(%(closes)s까지)이 지났습니다.")
            % {"round": round, "closes": round.closes_on.isoformat()}
        )
    parsed: list[tuple[ScoreEntry, Decimal]] = []
    for entry in entries:
        if entry.service.organisation_id != organisation_id:
            raise PermissionDenied(gettext("다른 기관의 사무에는 점수를 넣을 수 없습니다."))
        if not entry.raw.strip():
            continue
        parsed.append((entry, _parse_score(entry.raw, label=entry.service.name)))
    saved: list[ServiceScore] = []
    with transaction.atomic(), acting_as(user):
        for entry, value in parsed:
            current = (
                ServiceScore.objects.select_for_update()
                .filter(round=round, service=entry.service, evaluator=entry.evaluator.strip())
                .first()
            )
            remark = EXCLUSION_REMARK if is_excluded(value) else ""
            if current is None:
                saved.append(
                    ServiceScore.objects.create(
                        round=round,
                        service=entry.service,
                        evaluator=entry.evaluator.strip(),
                        score=value,
                        score_raw=entry.raw.strip(),
                        remark=remark,
                        entered_by=user if getattr(user, "pk", None) else None,
                    )
                )
                continue
            if entry.version is not None and entry.version != current.version:
                raise ConflictError(
                    gettext(
                        "다른 사용자가 '%(service)s'의 점수를 먼저 바꿨습니다(현재 %(score)s점). "
                        "새로 고친 뒤 다시 입력하세요."
                    )
                    % {"service": entry.service.name, "score": current.score}
                )
            if current.score == value:
                saved.append(current)
                continue
            current.score, current.score_raw, current.remark = value, entry.raw.strip(), remark
            current.version += 1
            current.entered_by = user if getattr(user, "pk", None) else None
            current.save()
            saved.append(current)
    return saved


def contract_event_record(
    *,
    user: Any,
    service: ConsignedService,
    kind: str,
    date: datetime.date,
    note: str = "",
) -> ContractEvent:
    """Record a contract event; a council consent moves the service's consent date (R16)."""
    _check(user, service.organisation_id)
    if kind not in ContractEvent.Kind.values:
        raise ServiceError(gettext("알 수 없는 계약 사건 종류입니다: %(kind)s") % {"kind": kind})
    with transaction.atomic(), acting_as(user):
        event = ContractEvent(service=service, kind=kind, date=date, note=note.strip())
        event.full_clean()
        event.save()
        if kind == ContractEvent.Kind.COUNCIL_CONSENT and (
            service.last_council_consent is None or date > service.last_council_consent
        ):
            service.last_council_consent = date
            service.save(update_fields=["last_council_consent", "updated_at"])
    return event
