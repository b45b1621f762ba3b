"""Reads of the consignment evaluation: a year's table (services in table order with their
round, score, exclusion and eligibility), the yearly average, a service's consent clock
(R16) and the disclosure list. The rules come from ``seonggwa.engine.consignment``."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from seonggwa.engine.consignment import (
    ConsentDecision,
    Eligibility,
    consent_decision,
    consent_due_from,
    eligibility,
    exclusion_reason,
    is_excluded,
    service_score,
    yearly_average,
)
from seonggwa.organisations.models import Organisation

from .models import ConsignedService, ContractEvent, EvaluationRound, EvaluationYear, ServiceScore

__all__ = [
    "ConsentClock",
    "YearRow",
    "YearTable",
    "consent_clock",
    "service_history",
    "year_table",
    "years_of",
]


def years_of(organisation: Organisation) -> QuerySet[EvaluationYear]:
    return EvaluationYear.objects.filter(organisation=organisation).order_by("-year")


@dataclass(frozen=True, slots=True)
class YearRow:
    number: int
    service: ConsignedService
    round_number: int | None
    scores: tuple[ServiceScore, ...]
    score: Decimal | None
    excluded: bool
    reason: str
    eligibility: Eligibility
    line: int | None


@dataclass(frozen=True, slots=True)
class YearTable:
    evaluation_year: EvaluationYear
    rounds: tuple[EvaluationRound, ...]
    rows: tuple[YearRow, ...]
    average: Decimal | None

    @property
    def excluded(self) -> list[YearRow]:
        return [r for r in self.rows if r.excluded]

    def round_count(self, number: int) -> int:
        return sum(1 for r in self.rows if r.round_number == number)


def year_table(organisation: Organisation, year: int) -> YearTable | None:
    """The year's services in table order, or ``None`` for a year without an evaluation."""
    evaluation_year = EvaluationYear.objects.filter(organisation=organisation, year=year).first()
    if evaluation_year is None:
        return None
    rounds = tuple(evaluation_year.rounds.order_by("number"))
    scores = (
        ServiceScore.objects.filter(round__evaluation_year=evaluation_year)
        .select_related("service", "round")
        .order_by("round__number", "position", "pk")
    )
    by_service: dict[int, list[ServiceScore]] = defaultdict(list)
    order: list[ConsignedService] = []
    for s in scores:
        if s.service_id not in by_service:
            order.append(s.service)
        by_service[s.service_id].append(s)
    rows = []
    for n, service in enumerate(order, start=1):
        mine = tuple(by_service[service.pk])
        score = service_score(s.score for s in mine)
        rows.append(
            YearRow(
                number=mine[0].position or n,
                service=service,
                round_number=mine[0].round.number,
                scores=mine,
                score=score,
                excluded=is_excluded(score),
                reason=exclusion_reason(score),
                eligibility=_eligibility(service, evaluation_year),
                line=mine[0].source_line,
            )
        )
    average = yearly_average(r.score for r in rows if r.score is not None)
    return YearTable(evaluation_year, rounds, tuple(rows), average)


def _eligibility(service: ConsignedService, year: EvaluationYear) -> Eligibility:
    result = eligibility(
        service.annual_cost, separate_statutory=service.separate_statutory_evaluation
    )
    if result.eligible is None and year.rule:
        # imported from a year's table: the document lists it under its scope rule
        return Eligibility(
            True,
            f"{year.year}년 평가 대상 목록에 있는 사무입니다(선정 기준: {year.rule}). "
            "연 사업비는 입력되지 않았습니다.",
        )
    return result


@dataclass(frozen=True, slots=True)
class RenewalDecision:
    event: ContractEvent
    consent_before: datetime.date | None
    decision: ConsentDecision


@dataclass(frozen=True, slots=True)
class ConsentClock:
    """R16 for a service: its last consent, the day from which the next renewal needs the
    council, and each recorded renewal's decision."""

    last_consent: datetime.date | None
    due_from: datetime.date | None
    next_needs_consent: bool
    days_left: int | None
    summary: str
    renewals: tuple[RenewalDecision, ...]


def consent_clock(service: ConsignedService, today: datetime.date) -> ConsentClock:
    events = list(service.events.order_by("date", "pk"))
    consent: datetime.date | None = None
    renewals = []
    for event in events:
        if event.kind == ContractEvent.Kind.COUNCIL_CONSENT:
            consent = event.date if consent is None or event.date > consent else consent
        elif event.kind == ContractEvent.Kind.RENEWAL:
            renewals.append(RenewalDecision(event, consent, consent_decision(consent, event.date)))
    last = service.last_council_consent or consent
    if last is None:
        return ConsentClock(
            None,
            None,
            True,
            None,
            "의회 동의일이 기록되지 않았습니다. 다음 재위탁·재계약은 의회 동의가 필요한 것으로 봅니다.",
            tuple(renewals),
        )
    due = consent_due_from(last)
    needs = today >= due
    days_left = None if needs else (due - today).days
    summary = (
        f"의회 동의({last.isoformat()}) 후 6년이 지났습니다({due.isoformat()}). 다음 "
        "재위탁·재계약은 민간위탁 성과보고서와 함께 의회 동의를 받아야 합니다."
        if needs
        else f"{due.isoformat()}까지 {days_left}일 남았습니다. 그 전의 재위탁·재계약은 소관 "
        "상임위원회 보고로 동의를 갈음합니다."
    )
    return ConsentClock(last, due, needs, days_left, summary, tuple(renewals))


def service_history(service: ConsignedService) -> list[tuple[int, Decimal | None, bool]]:
    """The service's score per year (year, score, excluded), newest first."""
    per_year: dict[int, list[Decimal]] = defaultdict(list)
    for s in ServiceScore.objects.filter(service=service).select_related("round__evaluation_year"):
        per_year[s.round.evaluation_year.year].append(s.score)
    out = []
    for year in sorted(per_year, reverse=True):
        score = service_score(per_year[year])
        out.append((year, score, is_excluded(score)))
    return out


def services_with_events(organisation: Organisation) -> QuerySet[ConsignedService]:
    return ConsignedService.objects.filter(organisation=organisation).prefetch_related(
        Prefetch("events", queryset=ContractEvent.objects.order_by("date", "pk"))
    )
