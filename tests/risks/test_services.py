"""The risk register's write services: who may do what (the office creates, escalates and
closes; the owning unit responds), the four stages of the cycle, escalation with who and
when, the notifications, stale versions and the audit trail."""

from __future__ import annotations

import datetime

import pytest

from seonggwa.audit.models import AuditEvent
from seonggwa.core.errors import ConflictError, PermissionDenied, ServiceError
from seonggwa.notifications.models import Notification
from seonggwa.organisations.models import OrgUnit
from seonggwa.risks.models import RiskIssue
from seonggwa.risks.services import (
    issue_close,
    issue_create,
    issue_escalate,
    issue_respond,
    issue_review,
    month_get_or_create,
    press_item_add,
    press_item_remove,
)

pytestmark = pytest.mark.django_db
Status = RiskIssue.Status


@pytest.fixture
def users(django_user_model):
    return {u.username: u for u in django_user_model.objects.all()}


@pytest.fixture
def welfare(sample):
    return OrgUnit.objects.get(organisation=sample, name="복지정책국")


@pytest.fixture
def other_unit(sample, welfare):
    return OrgUnit.objects.get(organisation=sample, name="교통건설국")


@pytest.fixture
def month(sample, users):
    return month_get_or_create(user=users["officer"], organisation=sample, year=2026, month=5)


def _issue(month, users, **kw):
    return issue_create(user=users["officer"], month=month, title="풍수해 대비", **kw)


def test_the_office_opens_a_month_once(sample, users, month):
    again = month_get_or_create(user=users["officer"], organisation=sample, year=2026, month=5)
    assert again == month and str(month) == "2026년 5월 리스크 이슈"


@pytest.mark.parametrize("who", ["welfare_staff", "welfare_head", "committee"])
def test_only_the_office_opens_months_and_adds_issues(sample, users, month, who):
    with pytest.raises(PermissionDenied):
        month_get_or_create(user=users[who], organisation=sample, year=2026, month=6)
    with pytest.raises(PermissionDenied):
        issue_create(user=users[who], month=month, title="x")


@pytest.mark.parametrize("month_number", [0, 13])
def test_a_month_is_one_to_twelve(sample, users, month_number):
    with pytest.raises(ServiceError, match="1~12"):
        month_get_or_create(
            user=users["officer"], organisation=sample, year=2026, month=month_number
        )


def test_issues_are_numbered_in_their_month_and_start_at_stage_one(month, users):
    first, second = _issue(month, users), _issue(month, users)
    assert (first.number, second.number) == (1, 2)
    assert first.status == Status.IDENTIFIED and first.stage_number == 1


def test_an_issue_needs_a_title(month, users):
    with pytest.raises(ServiceError) as exc:
        issue_create(user=users["officer"], month=month, title="  ")
    assert exc.value.field == "title"


def test_assigning_an_issue_tells_the_units_people(month, users, welfare):
    issue = _issue(month, users, owner_unit=welfare)
    told = Notification.objects.filter(kind="risk_assigned")
    assert {n.user.username for n in told} == {"welfare_staff", "welfare_head"}
    assert told.first().link == f"/risks/{month.organisation_id}/issues/{issue.pk}/"


def test_press_items_are_added_by_the_office(month, users):
    issue = _issue(month, users)
    item = press_item_add(
        user=users["officer"],
        issue=issue,
        headline="폭우 서울 잇단 사고",
        outlet="뉴스1",
        date=datetime.date(2019, 9, 5),
    )
    assert list(issue.press.all()) == [item]
    with pytest.raises(PermissionDenied):
        press_item_add(user=users["welfare_staff"], issue=issue, headline="x")
    press_item_remove(user=users["officer"], item=item)
    assert not issue.press.exists()


def test_stage_three_needs_an_importance(month, users):
    issue = _issue(month, users)
    issue = issue_review(user=users["officer"], issue=issue, status=Status.ANALYSED)
    with pytest.raises(ServiceError, match="중요도"):
        issue_review(user=users["officer"], issue=issue, status=Status.DIRECTED)
    issue = issue_review(
        user=users["officer"], issue=issue, status=Status.DIRECTED, importance="high"
    )
    assert (issue.status, issue.importance, issue.stage_number) == (Status.DIRECTED, "high", 3)


def test_review_refuses_closing_and_stale_versions(month, users):
    issue = _issue(month, users)
    with pytest.raises(ServiceError):
        issue_review(user=users["officer"], issue=issue, status=Status.CLOSED)
    issue_review(user=users["officer"], issue=issue, status=Status.ANALYSED, expected_version=1)
    with pytest.raises(ConflictError):
        issue_review(user=users["officer"], issue=issue, status=Status.ANALYSED, expected_version=1)


def test_escalation_records_who_and_when_and_tells_the_unit(month, users, welfare):
    issue = _issue(month, users)
    done = issue_escalate(user=users["officer"], issue=issue, unit=welfare, note="심층 대안")
    assert done.handling == RiskIssue.Handling.ESCALATED and done.owner_unit == welfare
    assert done.escalated_by == users["officer"] and done.escalated_at is not None
    assert done.status == Status.DIRECTED  # stage 3 at least
    (note, *_rest) = Notification.objects.filter(kind="risk_escalated", user=users["welfare_staff"])
    assert "풍수해 대비" in note.params["issue"]


def test_only_the_office_escalates(month, users, welfare):
    with pytest.raises(PermissionDenied):
        issue_escalate(user=users["welfare_head"], issue=_issue(month, users), unit=welfare)


def test_escalation_only_to_a_sil_guk(month, users, sample):
    below = OrgUnit.objects.get(organisation=sample, name="성과평가담당관")
    issue = _issue(month, users)
    with pytest.raises(ServiceError, match=r"성과평가담당관.*실·국이 아닙니다"):
        issue_escalate(user=users["officer"], issue=issue, unit=below)
    issue.refresh_from_db()
    assert issue.escalated_at is None and issue.handling != "escalated"


def test_the_owning_unit_responds_and_the_office_is_told(month, users, welfare):
    issue = issue_escalate(user=users["officer"], issue=_issue(month, users), unit=welfare)
    done = issue_respond(user=users["welfare_staff"], issue=issue, response="순찰 강화")
    assert done.status == Status.FOLLOW_UP and done.responded_by == users["welfare_staff"]
    assert Notification.objects.filter(kind="risk_responded", user=users["officer"]).exists()


def test_another_units_people_cannot_respond(month, users, other_unit):
    issue = issue_escalate(user=users["officer"], issue=_issue(month, users), unit=other_unit)
    for who in ("welfare_staff", "welfare_head", "committee"):
        with pytest.raises(PermissionDenied):
            issue_respond(user=users[who], issue=issue, response="x")


def test_a_response_needs_text(month, users, welfare):
    issue = issue_escalate(user=users["officer"], issue=_issue(month, users), unit=welfare)
    with pytest.raises(ServiceError):
        issue_respond(user=users["welfare_staff"], issue=issue, response=" ")


def test_an_escalated_issue_closes_only_after_the_response(month, users, welfare):
    issue = issue_escalate(user=users["officer"], issue=_issue(month, users), unit=welfare)
    with pytest.raises(ServiceError, match="부서대응"):
        issue_close(user=users["officer"], issue=issue)
    issue_respond(user=users["welfare_head"], issue=issue, response="대응")
    with pytest.raises(PermissionDenied):
        issue_close(user=users["welfare_head"], issue=issue)
    closed = issue_close(user=users["officer"], issue=issue, note="조치 완료")
    assert closed.status == Status.CLOSED and closed.closed_by == users["officer"]
    assert closed.stage_number is None
    with pytest.raises(ServiceError, match="종결"):
        issue_respond(user=users["welfare_head"], issue=closed, response="또")


def test_an_issue_the_office_handles_closes_without_a_response(month, users):
    closed = issue_close(user=users["officer"], issue=_issue(month, users))
    assert closed.status == Status.CLOSED


def test_every_change_is_audited_as_the_acting_user(month, users, welfare):
    issue = _issue(month, users)
    issue_escalate(user=users["officer"], issue=issue, unit=welfare)
    issue_respond(user=users["welfare_staff"], issue=issue, response="대응")
    events = AuditEvent.objects.filter(model="risks.RiskIssue", object_pk=str(issue.pk))
    assert {e.actor.username for e in events} == {"officer", "welfare_staff"}
