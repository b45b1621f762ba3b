"""The ad-hoc review pages: the office adds a review, a round and items through the forms;
the target unit files a follow-up with a file; the year's list (query count does not grow
with the reviews), the review page, the follow-up on "my work", the downloads, and the
refusals with their reasons."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from seonggwa.organisations.models import OrgUnit
from seonggwa.reviews.models import FollowUp, Review
from seonggwa.reviews.services import ReviewFields, item_add, review_save

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%\xe2\xe3\n"


@pytest.fixture
def users(django_user_model):
    return {u.username: u for u in django_user_model.objects.all()}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _reviews(sample, officer, n: int, year: int) -> None:
    welfare = OrgUnit.objects.get(organisation=sample, name="복지정책국")
    for i in range(1, n + 1):
        review = review_save(
            user=officer,
            organisation=sample,
            fields=ReviewFields(
                year=year,
                number=i,
                topic=f"점검 {i}",
                department=welfare,
                department_label=welfare.name,
                method="inspection",
                timing_raw=f"'{year % 100:02d}.{i % 12 + 1}월",
            ),
        )
        rnd = review.rounds.get()
        item_add(user=officer, round=rnd, kind="finding", text="결과")
        item_add(user=officer, round=rnd, kind="recommendation", text="의견")


def _list_queries(sample, officer, n: int) -> int:
    year = 2000 + n
    _reviews(sample, officer, n, year)
    client = _client(officer)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("web:reviews-year", args=[sample.pk, year]))
        assert response.status_code == 200
    return len(ctx.captured_queries)


def test_year_list_query_count_does_not_grow(sample, users):
    small = _list_queries(sample, users["officer"], 1)
    big = _list_queries(sample, users["officer"], 20)
    assert small == big <= 12


def test_the_office_adds_a_review_a_round_and_items(sample, users):
    client = _client(users["officer"])
    welfare = OrgUnit.objects.get(organisation=sample, name="복지정책국")
    response = client.post(
        reverse("web:reviews-new", args=[sample.pk]),
        {
            "year": "2026",
            "number": "1",
            "topic": "경로당 냉방 지원 검토",
            "department": str(welfare.pk),
            "method": "project",
            "timing_raw": "'26.7월",
            "period_raw": "'26. 6. ~ 계속",
            "total_cost": "1,200백만원",
        },
    )
    assert response.status_code == 302
    review = Review.objects.get(organisation=sample, year=2026, number=1)
    assert review.department_label == "복지정책국" and review.period_ongoing
    url = reverse("web:reviews-review", args=[sample.pk, review.pk])
    assert (
        client.post(
            url, {"form": "round", "round-number": "2", "round-title": "재점검"}
        ).status_code
        == 302
    )
    item = {"form": "item", "round": "2", "item-kind": "recommendation", "item-text": "냉방기 교체"}
    assert client.post(url, item).status_code == 302
    page = client.get(url).content.decode()
    assert "냉방기 교체" in page and "재점검" in page and "1,200백만원" in page
    refused = client.post(url, {**item, "round": "9"})
    assert refused.status_code == 400
    again = client.post(
        reverse("web:reviews-new", args=[sample.pk]),
        {"year": "2026", "number": "1", "topic": "x", "department_label": "y", "method": "project"},
    )
    assert again.status_code == 400 and "1번 수시평가가 이미 있습니다" in again.content.decode()


def test_the_unit_files_a_followup_with_a_file_and_sees_it_on_my_work(sample, users):
    _reviews(sample, users["officer"], 1, 2026)
    followup = FollowUp.objects.get(recommendation__round__review__organisation=sample)
    staff = _client(users["welfare_staff"])
    my = staff.get(reverse("web:my-work")).content.decode()
    assert reverse("web:reviews-followup", args=[sample.pk, followup.pk]) in my
    url = reverse("web:reviews-followup", args=[sample.pk, followup.pk])
    response = staff.post(
        url,
        {
            "form": "file",
            "file-status": "done",
            "file-notes": "냉방기 20대 교체",
            "file-version": str(followup.version),
            "files": SimpleUploadedFile("교체.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    followup.refresh_from_db()
    assert followup.status == "done" and followup.evidence.count() == 1
    evidence = followup.evidence.get()
    download = staff.get(reverse("web:reviews-evidence", args=[sample.pk, evidence.pk]))
    assert b"".join(download.streaming_content) == PDF
    assert (
        reverse("web:reviews-followup", args=[sample.pk, followup.pk])
        not in staff.get(reverse("web:my-work")).content.decode()
    )
    stale = staff.post(
        url, {"form": "file", "file-status": "done", "file-notes": "x", "file-version": "1"}
    )
    assert stale.status_code == 400 and "먼저 바꿨습니다" in stale.content.decode()


def test_the_office_sets_the_owner_and_due_date(sample, users):
    _reviews(sample, users["officer"], 1, 2026)
    followup = FollowUp.objects.get(recommendation__round__review__organisation=sample)
    url = reverse("web:reviews-followup", args=[sample.pk, followup.pk])
    due = datetime.date.today() - datetime.timedelta(days=1)
    response = _client(users["officer"]).post(
        url,
        {
            "form": "assign",
            "assign-owner_unit": str(followup.owner_unit_id),
            "assign-due_on": due.isoformat(),
        },
    )
    assert response.status_code == 302
    followup.refresh_from_db()
    assert followup.due_on == due
    my = _client(users["welfare_head"]).get(reverse("web:my-work")).content.decode()
    assert "기한 지남" in my or "overdue" in my
    head = _client(users["welfare_head"]).post(url, {"form": "assign", "assign-due_on": ""})
    assert head.status_code == 403


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "html"])
def test_the_years_document_downloads(sample, users, fmt):
    _reviews(sample, users["officer"], 2, 2026)
    response = _client(users["committee"]).get(
        reverse("web:reviews-download", args=[sample.pk, 2026, fmt])
    )
    assert response.status_code == 200
    assert "2026_reviews" in response["Content-Disposition"]


def test_review_page_query_count_does_not_grow_with_rounds_and_items(sample, users):
    officer = users["officer"]
    _reviews(sample, officer, 2, 2026)
    small, big = Review.objects.filter(organisation=sample, year=2026).order_by("number")
    from seonggwa.reviews.services import Upload, followup_file, round_save

    for n in range(2, 6):
        rnd = round_save(user=officer, review=big, number=n, title=f"{n}차 점검")
        for i in range(3):
            item_add(user=officer, round=rnd, kind="finding", text=f"결과 {i}", details="가\n나")
            rec = item_add(user=officer, round=rnd, kind="recommendation", text=f"의견 {i}")
            followup_file(
                user=officer, followup=rec.followup, status="done", files=[Upload("a.pdf", PDF)]
            )
    client = _client(officer)

    def count(review) -> int:
        url = reverse("web:reviews-review", args=[sample.pk, review.pk])
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    assert count(small) == count(big) <= 16


def test_the_office_changes_a_round_and_an_item(sample, users):
    _reviews(sample, users["officer"], 1, 2026)
    review = Review.objects.get(organisation=sample, year=2026)
    client = _client(users["officer"])
    url = reverse("web:reviews-round-edit", args=[sample.pk, review.pk, 1])
    response = client.post(url, {"number": "1", "title": "현장 점검", "starts_on": "2026-07-01"})
    assert response.status_code == 302
    assert review.rounds.get().title == "현장 점검"
    refused = client.post(url, {"number": "1", "starts_on": "2026-07-02", "ends_on": "2026-07-01"})
    assert refused.status_code == 400
    rec = FollowUp.objects.get(recommendation__round__review=review).recommendation
    url = reverse("web:reviews-item-edit", args=[sample.pk, "recommendation", rec.pk])
    response = client.post(url, {"heading": "시설", "text": "냉방기 교체", "details": "가\n\n나"})
    assert response.status_code == 302
    rec.refresh_from_db()
    assert (rec.heading, rec.text, rec.details) == ("시설", "냉방기 교체", ["가", "나"])
    assert _client(users["welfare_head"]).get(url).status_code == 403
