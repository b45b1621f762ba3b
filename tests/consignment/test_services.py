"""The consignment write services: permission, the round's window, all-or-none scores with
2 decimals, stale versions, the exclusion remark, contract events and the consent clock,
and the audit trail; and the year page's query count."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from seonggwa.audit.models import AuditEvent
from seonggwa.consignment.models import ServiceScore
from seonggwa.consignment.selectors import consent_clock, year_table
from seonggwa.consignment.services import (
    ScoreEntry,
    contract_event_record,
    round_create,
    round_set_open,
    scores_record,
    service_save,
    year_get_or_create,
)
from seonggwa.core.errors import ConflictError, PermissionDenied, ServiceError

pytestmark = pytest.mark.django_db


def _today() -> datetime.date:
    """Today in the application's time zone, read when a test runs (a module constant
    went stale when a run crossed midnight in Seoul)."""
    return timezone.localdate()


@pytest.fixture
def users(django_user_model):
    return {u.username: u for u in django_user_model.objects.all()}


def _services(sample, officer, n: int) -> list:
    return [
        service_save(
            user=officer,
            organisation=sample,
            name=f"사무 {i}",
            department_label="복지정책국",
            contractor=f"(주)가{i} (주)나{i}" if i % 2 else f"수탁기관 {i}",
        )
        for i in range(n)
    ]


@pytest.fixture
def open_round(sample, users):
    year = year_get_or_create(user=users["officer"], organisation=sample, year=_today().year)
    return round_create(
        user=users["officer"],
        evaluation_year=year,
        number=1,
        opens_on=_today(),
        closes_on=_today() + datetime.timedelta(days=10),
        is_open=True,
    )


def test_only_the_office_writes(sample, users, open_round):
    for name in ("welfare_head", "welfare_staff", "committee"):
        with pytest.raises(PermissionDenied):
            service_save(
                user=users[name],
                organisation=sample,
                name="x",
                department_label="y",
                contractor="z",
            )
        with pytest.raises(PermissionDenied):
            round_set_open(user=users[name], round=open_round, is_open=False)


def test_scores_all_or_none_with_two_decimals(sample, users, open_round):
    a, b = _services(sample, users["officer"], 2)
    with pytest.raises(ServiceError, match="소수 둘째 자리"):
        scores_record(
            user=users["officer"],
            round=open_round,
            entries=[ScoreEntry(a, "", "80.00"), ScoreEntry(b, "", "80.005")],
        )
    assert not ServiceScore.objects.filter(round=open_round).exists()
    saved = scores_record(
        user=users["officer"],
        round=open_round,
        entries=[ScoreEntry(a, "", "59.99"), ScoreEntry(b, "", "60"), ScoreEntry(b, "갑", "")],
    )
    assert [(s.score, s.remark) for s in saved] == [
        (Decimal("59.99"), "재계약 배제"),
        (Decimal("60.00"), ""),
    ]
    table = year_table(sample, _today().year)
    assert table.average == Decimal("60.00")  # (59.99 + 60.00) / 2 = 59.995 → half-up
    assert [r.excluded for r in table.rows] == [True, False]
    event = AuditEvent.objects.filter(model="consignment.ServiceScore").first()
    assert event is not None and event.actor == users["officer"]


def test_stale_version_and_closed_round(sample, users, open_round):
    (a,) = _services(sample, users["officer"], 1)
    (score,) = scores_record(
        user=users["officer"], round=open_round, entries=[ScoreEntry(a, "", "70")]
    )
    scores_record(user=users["admin"], round=open_round, entries=[ScoreEntry(a, "", "71", 1)])
    with pytest.raises(ConflictError, match=r"71\.00"):
        scores_record(user=users["officer"], round=open_round, entries=[ScoreEntry(a, "", "72", 1)])
    round_set_open(user=users["officer"], round=open_round, is_open=False)
    with pytest.raises(ServiceError, match="닫혀 있습니다"):
        scores_record(user=users["officer"], round=open_round, entries=[ScoreEntry(a, "", "73")])
    open_round.is_open = True
    open_round.closes_on = _today() - datetime.timedelta(days=1)
    open_round.opens_on = _today() - datetime.timedelta(days=5)
    open_round.save()
    with pytest.raises(ServiceError, match="지났습니다"):
        scores_record(user=users["officer"], round=open_round, entries=[ScoreEntry(a, "", "73")])
    score.refresh_from_db()
    assert score.score == Decimal("71.00") and score.version == 2


def test_consent_event_moves_the_clock(sample, users):
    (a,) = _services(sample, users["officer"], 1)
    assert consent_clock(a, _today()).next_needs_consent
    contract_event_record(
        user=users["officer"], service=a, kind="consent", date=datetime.date(2016, 3, 2)
    )
    contract_event_record(
        user=users["officer"], service=a, kind="renewal", date=datetime.date(2019, 3, 2)
    )
    contract_event_record(
        user=users["officer"], service=a, kind="renewal", date=datetime.date(2022, 3, 2)
    )
    a.refresh_from_db()
    assert a.last_council_consent == datetime.date(2016, 3, 2)
    clock = consent_clock(a, datetime.date(2022, 3, 1))
    assert clock.due_from == datetime.date(2022, 3, 2) and clock.days_left == 1
    assert [r.decision.needs_consent for r in clock.renewals] == [False, True]
    with pytest.raises(ServiceError):
        contract_event_record(user=users["officer"], service=a, kind="party", date=_today())


def _year_page_queries(sample, officer, n: int) -> int:
    year = year_get_or_create(user=officer, organisation=sample, year=2000 + n)
    rnd = round_create(
        user=officer,
        evaluation_year=year,
        number=1,
        opens_on=_today(),
        closes_on=_today(),
        is_open=True,
    )
    services = _services(sample, officer, n) if n else []
    scores_record(user=officer, round=rnd, entries=[ScoreEntry(s, "", "70.5") for s in services])
    client = Client()
    client.force_login(officer)
    url = reverse("web:consignment-year", args=[sample.pk, 2000 + n])
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    ServiceScore.objects.filter(round=rnd).delete()
    for s in services:
        s.delete()
    return len(ctx.captured_queries)


def test_year_page_query_count_does_not_grow(sample, users):
    small = _year_page_queries(sample, users["officer"], 1)
    big = _year_page_queries(sample, users["officer"], 25)
    assert small == big <= 16


def test_evaluators_scores_and_their_mean_from_the_round_page(sample, users, open_round):
    a, b = _services(sample, users["officer"], 2)
    client = Client()
    client.force_login(users["officer"])
    url = reverse("web:consignment-round", args=[sample.pk, _today().year, 1])
    for evaluator, score_a in (("갑 평가기관", "80.01"), ("을 평가기관", "80.00")):
        response = client.post(
            url, {"evaluator": evaluator, f"score-{a.pk}": score_a, f"score-{b.pk}": ""}
        )
        assert response.status_code == 302
    assert sorted(ServiceScore.objects.filter(service=a).values_list("evaluator", "score")) == [
        ("갑 평가기관", Decimal("80.01")),
        ("을 평가기관", Decimal("80.00")),
    ]
    page = client.get(url + "?evaluator=갑 평가기관").content.decode()
    assert 'value="80.01"' in page and 'value="80.00"' not in page
    (row,) = year_table(sample, _today().year).rows
    assert row.service == a and row.score == Decimal("80.01")  # (80.01 + 80.00) / 2, half-up
    refused = client.post(url, {f"score-{a.pk}": "abc"})
    assert refused.status_code == 400 and "0~100 사이의 숫자가 아닙니다" in refused.content.decode()
