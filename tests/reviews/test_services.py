"""The ad-hoc review write services: who may write (the office; the target unit files its
follow-ups), the review's timing and period read into dates, rounds, items, a follow-up's
owner and due date, filing with evidence (done needs notes or evidence, stale versions
refused), the office told, the reminders (once per follow-up and state), "my work", and
the audit trail."""

from __future__ import annotations

import datetime

import pytest

from seonggwa.audit.models import AuditEvent
from seonggwa.core.errors import ConflictError, PermissionDenied, ServiceError
from seonggwa.notifications.models import Notification
from seonggwa.organisations.models import OrgUnit
from seonggwa.reviews.models import FollowUp, Recommendation
from seonggwa.reviews.selectors import followups_for_user, review_year
from seonggwa.reviews.services import (
    ReviewFields,
    Upload,
    followup_assign,
    followup_file,
    followup_reminders_send,
    item_add,
    review_save,
    round_save,
)

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%\xe2\xe3\n"


@pytest.fixture
def users(django_user_model):
    return {u.username: u for u in django_user_model.objects.all()}


@pytest.fixture
def welfare(sample):
    return OrgUnit.objects.get(organisation=sample, name="복지정책국")


@pytest.fixture
def review(sample, users, welfare):
    return review_save(
        user=users["officer"],
        organisation=sample,
        fields=ReviewFields(
            year=2026,
            number=1,
            topic="경로당 냉방 지원사업 점검",
            department=welfare,
            department_label="복지정책국",
            method="inspection",
            timing_raw="'26.7월",
            period_raw="'26. 7. 1.(수) ~ 10.(금)",
            subject="경로당 20곳",
        ),
    )


@pytest.fixture
def recommendation(review, users):
    rnd = review.rounds.get()
    item_add(user=users["officer"], round=rnd, kind="finding", text="냉방기 고장 방치")
    return item_add(
        user=users["officer"],
        round=rnd,
        kind="recommendation",
        text="고장 냉방기 교체",
        details="예산 확보\n점검표 마련",
    )


def test_a_review_reads_its_timing_and_period_and_opens_round_one(review):
    assert (review.timing_start, review.timing_end) == (
        datetime.date(2026, 7, 1),
        datetime.date(2026, 7, 31),
    )
    assert (review.period_start, review.period_end) == (
        datetime.date(2026, 7, 1),
        datetime.date(2026, 7, 10),
    )
    assert [r.number for r in review.rounds.all()] == [1]
    assert AuditEvent.objects.filter(model="reviews.Review", object_pk=str(review.pk)).exists()


@pytest.mark.parametrize("who", ["welfare_head", "welfare_staff", "committee"])
def test_only_the_office_writes_reviews(sample, users, review, who):
    with pytest.raises(PermissionDenied):
        review_save(
            user=users[who],
            organisation=sample,
            fields=ReviewFields(
                year=2026, number=2, topic="x", department_label="y", method="project"
            ),
        )
    with pytest.raises(PermissionDenied):
        round_save(user=users[who], review=review, number=2)
    with pytest.raises(PermissionDenied):
        item_add(user=users[who], round=review.rounds.get(), kind="finding", text="x")


def test_review_refusals_name_the_field(sample, users, review):
    def fields(**kw):
        base = dict(year=2026, number=2, topic="t", department_label="d", method="project")
        return ReviewFields(**{**base, **kw})

    for kw, field in (
        ({"number": 1}, "number"),
        ({"timing_raw": "7월쯤"}, "timing_raw"),
        ({"method": "audit"}, "method"),
        ({"topic": " "}, "topic"),
    ):
        with pytest.raises(ServiceError) as exc:
            review_save(user=users["officer"], organisation=sample, fields=fields(**kw))
        assert exc.value.field == field
    with pytest.raises(ServiceError, match="1차가 이미 있습니다"):
        round_save(user=users["officer"], review=review, number=1)
    second = round_save(user=users["officer"], review=review, number=2, title="재점검")
    assert second.title == "재점검"


def test_a_recommendation_gets_a_followup_of_the_target_unit(recommendation, welfare):
    assert recommendation.details == ["예산 확보", "점검표 마련"]
    assert recommendation.followup.owner_unit == welfare
    assert recommendation.followup.status == "open"


def test_the_unit_files_its_followup_with_evidence_and_the_office_is_told(users, recommendation):
    followup = recommendation.followup
    with pytest.raises(ServiceError, match="조치 내용을 적거나 증빙"):
        followup_file(user=users["welfare_staff"], followup=followup, status="done")
    done = followup_file(
        user=users["welfare_staff"],
        followup=followup,
        status="done",
        files=[Upload("교체완료.pdf", PDF)],
        expected_version=followup.version,
    )
    assert done.status == "done" and done.filed_by == users["welfare_staff"]
    assert done.evidence.get().original_name == "교체완료.pdf"
    told = Notification.objects.get(user=users["officer"], kind="followup_filed")
    assert told.link.endswith(f"/r/{recommendation.round.review_id}/")
    with pytest.raises(ConflictError):
        followup_file(
            user=users["welfare_staff"],
            followup=followup,
            status="done",
            notes="x",
            expected_version=1,
        )
    assert AuditEvent.objects.filter(model="reviews.FollowUp", object_pk=str(followup.pk)).exists()


@pytest.mark.parametrize(("who", "allowed"), [("welfare_head", True), ("committee", False)])
def test_who_files_a_followup(users, recommendation, who, allowed):
    if allowed:
        followup_file(user=users[who], followup=recommendation.followup, status="in_progress")
    else:
        with pytest.raises(PermissionDenied, match="담당 부서"):
            followup_file(user=users[who], followup=recommendation.followup, status="in_progress")


def test_another_unit_may_not_file_and_bad_evidence_is_refused(sample, users, recommendation):
    other = OrgUnit.objects.filter(organisation=sample).exclude(name="복지정책국").first()
    followup_assign(
        user=users["officer"], followup=recommendation.followup, owner_unit=other, due_on=None
    )
    with pytest.raises(PermissionDenied):
        followup_file(user=users["welfare_staff"], followup=recommendation.followup, status="done")
    with pytest.raises(ServiceError, match="허용되지 않는 파일 형식"):
        followup_file(
            user=users["officer"],
            followup=recommendation.followup,
            status="done",
            files=[Upload("x.exe", b"MZ")],
        )
    with pytest.raises(PermissionDenied):
        followup_assign(
            user=users["welfare_head"],
            followup=recommendation.followup,
            owner_unit=other,
        )


def test_reminders_near_and_after_the_due_date_once_each(users, recommendation):
    today = datetime.date(2026, 8, 1)
    followup = followup_assign(
        user=users["officer"],
        followup=recommendation.followup,
        owner_unit=recommendation.followup.owner_unit,
        due_on=today + datetime.timedelta(days=2),
    )
    assert followup_reminders_send(today=today - datetime.timedelta(days=5)) == 0
    first = followup_reminders_send(today=today)
    assert first >= 2  # the unit's staff and manager
    assert followup_reminders_send(today=today) == 0
    assert (
        Notification.objects.filter(user=users["welfare_staff"], kind="followup_due").count() == 1
    )
    late = followup_reminders_send(today=today + datetime.timedelta(days=3))
    assert late == first
    note = Notification.objects.get(user=users["welfare_staff"], kind="followup_overdue")
    assert (
        note.link
        == f"/reviews/{recommendation.round.review.organisation_id}/followups/{followup.pk}/"
    )
    followup_file(user=users["welfare_staff"], followup=followup, status="dropped")
    assert followup_reminders_send(today=today + datetime.timedelta(days=30)) == 0


def test_my_work_lists_the_units_open_followups(users, recommendation):
    assert [f.pk for f in followups_for_user(users["welfare_staff"])] == [
        recommendation.followup.pk
    ]
    assert followups_for_user(users["committee"]) == []


def test_the_year_list_counts_closed_and_overdue(sample, users, recommendation, review):
    rnd = review.rounds.get()
    item_add(user=users["officer"], round=rnd, kind="recommendation", text="두 번째 의견")
    late = Recommendation.objects.get(text="두 번째 의견").followup
    followup_assign(
        user=users["officer"],
        followup=late,
        owner_unit=late.owner_unit,
        due_on=datetime.date(2026, 1, 1),
    )
    followup_file(
        user=users["officer"], followup=recommendation.followup, status="done", notes="완료"
    )
    (row,) = review_year(sample, 2026, datetime.date(2026, 3, 1))
    assert (row.rounds, row.findings, row.recommendations, row.done, row.overdue) == (1, 1, 2, 1, 1)
    assert FollowUp.objects.filter(status="done").count() == 1


def test_a_named_owner_is_reminded_and_sees_it_on_my_work(users, recommendation):
    today = datetime.date(2026, 8, 1)
    followup = followup_assign(
        user=users["officer"],
        followup=recommendation.followup,
        owner_unit=None,
        owner=users["committee"],
        due_on=today,
    )
    assert [f.pk for f in followups_for_user(users["committee"])] == [followup.pk]
    assert followup_reminders_send(today=today) == 1
    assert Notification.objects.get(kind="followup_due").user == users["committee"]
    followup_file(user=users["committee"], followup=followup, status="done", notes="확인")
    outsider = type(users["committee"]).objects.create_user("nobody", password="nobody-pw-123")
    with pytest.raises(ServiceError, match="역할이 없어"):
        followup_assign(user=users["officer"], followup=followup, owner_unit=None, owner=outsider)
