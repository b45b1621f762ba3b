"""The risk register's reads: the months with their counts, a year's reports with their
issues, and the issues waiting for a unit's response or for the office's closure."""

from __future__ import annotations

import datetime

import pytest

from seonggwa.organisations.models import OrgUnit
from seonggwa.risks.selectors import (
    escalation_unit_above,
    escalation_units,
    issues_answered,
    issues_awaiting_response,
    month_issues,
    months_of,
    year_months,
)
from seonggwa.risks.services import (
    issue_close,
    issue_create,
    issue_escalate,
    issue_respond,
    month_get_or_create,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(django_user_model):
    return {u.username: u for u in django_user_model.objects.all()}


@pytest.fixture
def register(sample, users):
    """May and June 2026: in May one issue answered, one waiting, one closed; June empty."""
    officer = users["officer"]
    welfare = OrgUnit.objects.get(organisation=sample, name="복지정책국")
    may = month_get_or_create(user=officer, organisation=sample, year=2026, month=5)
    month_get_or_create(user=officer, organisation=sample, year=2026, month=6)
    answered = issue_escalate(
        user=officer, issue=issue_create(user=officer, month=may, title="가"), unit=welfare
    )
    issue_respond(user=users["welfare_staff"], issue=answered, response="대응")
    waiting = issue_create(user=officer, month=may, title="나", owner_unit=welfare)
    issue_close(user=officer, issue=issue_create(user=officer, month=may, title="다"))
    return {"may": may, "answered": answered, "waiting": waiting, "welfare": welfare}


def test_months_newest_first_with_their_counts(sample, register):
    rows = [(str(r.month), r.issues, r.escalated, r.responded, r.closed) for r in months_of(sample)]
    assert rows == [
        ("2026년 6월 리스크 이슈", 0, 0, 0, 0),
        ("2026년 5월 리스크 이슈", 3, 1, 1, 1),
    ]
    assert [i.title for i in month_issues(register["may"])] == ["가", "나", "다"]


def test_a_years_reports_in_month_order(sample, register):
    assert [(m.month, len(i)) for m, i in year_months(sample, 2026)] == [(5, 3), (6, 0)]
    assert [m.month for m, _i in year_months(sample, 2026, 6, only_month=True)] == [6]
    assert year_months(sample, 2026, None, only_month=True) == []


def test_issues_waiting_for_a_units_response_and_for_closure(sample, register):
    welfare = register["welfare"]
    waiting = issues_awaiting_response(organisation_ids=[sample.pk], unit_ids={welfare.pk})
    assert waiting == [register["waiting"]]
    assert issues_awaiting_response(organisation_ids=[sample.pk], unit_ids=set()) == []
    assert issues_answered(organisation_ids=[sample.pk]) == [register["answered"]]


def test_escalation_goes_to_the_sil_guk(sample):
    """실·본부·국 and the units directly under the head of the organisation; not a 담당관 under
    a 실; a 담당관's issue goes to its 실."""
    names = list(escalation_units(sample).values_list("name", flat=True))
    assert "성과평가담당관" not in names
    assert "환경녹지국" not in names  # renamed 기후환경국 on 2026-01-01 (the sample)
    assert {"기획조정실", "복지정책국", "기후환경국", "교통건설국", "시민소통담당관"} <= set(names)
    assert names == sorted(names)
    below = OrgUnit.objects.get(organisation=sample, name="성과평가담당관")
    assert escalation_unit_above(below).name == "기획조정실"
    assert escalation_unit_above(below.parent).name == "기획조정실"
    assert escalation_unit_above(None) is None


def test_a_unit_no_longer_valid_is_not_offered(sample):
    guk = OrgUnit.objects.get(organisation=sample, name="교통건설국")
    assert "교통건설국" in set(escalation_units(sample).values_list("name", flat=True))
    guk.valid_to = datetime.date(2020, 12, 31)
    guk.save()
    assert "교통건설국" not in set(escalation_units(sample).values_list("name", flat=True))
