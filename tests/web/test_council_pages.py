"""The council answer pages: the office registers a question, adds items, writes an answer,
attaches a table of a live register and downloads the pack (PDF and HWPX); the deadline is
on the office's "my work" until the question is answered; others get nothing; the pages'
query counts do not grow with the number of questions or items."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from seonggwa.council import services
from seonggwa.council.models import AnswerAttachment, QuestionItem, WrittenQuestion
from seonggwa.risks.services import issue_create, month_get_or_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(django_user_model):
    return {u.username: u for u in django_user_model.objects.all()}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_office_registers_answers_and_downloads_the_pack(sample, users):
    office = _client(users["officer"])
    month = month_get_or_create(user=users["officer"], organisation=sample, year=2026, month=5)
    issue_create(user=users["officer"], month=month, title="폭염 대비 취약계층 보호")
    deadline = timezone.localdate() + datetime.timedelta(days=2)
    made = office.post(
        reverse("web:council-questions", args=[sample.pk]),
        {
            "member": "김혜련",
            "committee": "기획경제위원회",
            "addressee": "기획조정실",
            "title": "시정 리스크 관련",
            "year": 2026,
            "deadline": deadline.isoformat(),
            "author_unit": "평가담당관",
            "author_names": "담당사무관 이재화",
            "author_phone": "2133-6893",
        },
    )
    question = WrittenQuestion.objects.get(title="시정 리스크 관련")
    assert made.status_code == 302 and made["Location"].endswith(
        f"/council/{sample.pk}/{question.pk}/"
    )
    # the deadline is on the officer's work page
    work = office.get(reverse("web:my-work")).content.decode()
    assert "시정 리스크 관련" in work and ("2 days left" in work or "2일 남음" in work)
    added = office.post(
        made["Location"],
        {
            "item-number": 1,
            "item-sub_label": "가",
            "item-text": "리스크 관리 현황",
            "item-direct": "on",
        },
    )
    assert added.status_code == 302
    item = QuestionItem.objects.get(question=question)
    assert item.label == "1-가" and item.direct
    page = office.get(made["Location"]).content.decode()
    assert "시정 리스크 관리 운영현황 · 2026" in page
    answered = office.post(
        reverse("web:council-item-answer", args=[sample.pk, question.pk, item.pk]),
        {f"answer-{item.pk}-answer": "붙임과 같이 제출합니다."},
    )
    assert answered.status_code == 302
    attached = office.post(
        reverse("web:council-item-attach", args=[sample.pk, question.pk, item.pk]),
        {f"attach-{item.pk}-table": "risks:2026:", f"attach-{item.pk}-label": "붙임"},
    )
    assert attached.status_code == 302
    assert AnswerAttachment.objects.get(item=item).kind == "risks"
    pdf = office.get(reverse("web:council-pack", args=[sample.pk, question.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    hwpx = office.get(reverse("web:council-pack", args=[sample.pk, question.pk, "hwpx"]))
    assert hwpx.status_code == 200 and hwpx.content.startswith(b"PK")
    # answered: off the work page
    office.post(reverse("web:council-answered", args=[sample.pk, question.pk]), {"answered": "1"})
    assert "시정 리스크 관련" not in office.get(reverse("web:my-work")).content.decode()


def test_a_table_without_data_is_refused_and_a_broken_pack_explained(sample, users):
    office = _client(users["officer"])
    question = services.question_create(
        user=users["officer"], organisation=sample, member="김", title="질문", year=2026
    )
    item = services.item_add(user=users["officer"], question=question, number=1, text="x")
    refused = office.post(
        reverse("web:council-item-attach", args=[sample.pk, question.pk, item.pk]),
        {f"attach-{item.pk}-table": "consignment:2026:", f"attach-{item.pk}-label": "붙임"},
    )
    assert refused.status_code == 400
    # an attachment whose register lost its data: the pack page says which one
    services.attachment_add(user=users["officer"], item=item, kind="consignment", year=2026)
    broken = office.get(reverse("web:council-pack", args=[sample.pk, question.pk, "pdf"]))
    assert broken.status_code == 409 and "붙임 1" in broken.content.decode()


def test_the_unit_and_the_public_get_nothing(sample, users, client):
    question = services.question_create(
        user=users["officer"], organisation=sample, member="김", title="질문", year=2026
    )
    staff = _client(users["welfare_staff"])
    for url in (
        reverse("web:council-questions", args=[sample.pk]),
        reverse("web:council-question", args=[sample.pk, question.pk]),
        reverse("web:council-pack", args=[sample.pk, question.pk, "pdf"]),
    ):
        assert staff.get(url).status_code == 404
        assert client.get(url).status_code == 302  # to sign-in


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _fill(sample, officer, questions: int, items: int) -> WrittenQuestion:
    month = month_get_or_create(user=officer, organisation=sample, year=2026, month=5)
    issue_create(user=officer, month=month, title="이슈")
    last = None
    for q in range(questions):
        last = services.question_create(
            user=officer, organisation=sample, member="김", title=f"질문 {q}", year=2026
        )
        for n in range(items):
            item = services.item_add(user=officer, question=last, number=n + 1, text="x")
            services.attachment_add(user=officer, item=item, kind="risks", year=2026)
    assert last is not None
    return last


def test_the_query_count_does_not_grow(sample, users):
    office = _client(users["officer"])
    few = _fill(sample, users["officer"], 1, 1)
    list_url = reverse("web:council-questions", args=[sample.pk])
    page_url = reverse("web:council-question", args=[sample.pk, few.pk])
    small = (_count(office, list_url), _count(office, page_url))
    many = _fill(sample, users["officer"], 6, 6)
    page_url = reverse("web:council-question", args=[sample.pk, many.pk])
    assert (_count(office, list_url), _count(office, page_url)) == small


def test_the_office_pastes_the_question_as_received(sample, users, seed_text):
    office = _client(users["officer"])
    url = reverse("web:council-questions", args=[sample.pk])
    made = office.post(url, {"text": seed_text("003")[:3000], "year": 2020})
    question = WrittenQuestion.objects.get(member="김혜련")
    assert made.status_code == 302 and question.committee == "기획경제위원회"
    assert [i.label for i in question.items.all()][:4] == ["1", "1-가", "1-나", "1-다"]
    assert question.items.get(number=4, sub_label="나").direct
    # neither the text nor the member and title: refused beside the fields
    refused = office.post(url, {"year": 2020})
    assert refused.status_code == 400 and "id_member_error" in refused.content.decode()
    # a text without a header: refused beside the text, nothing written
    refused = office.post(url, {"text": "1. 평가\n- 제출", "year": 2020})
    assert refused.status_code == 400 and "id_text_error" in refused.content.decode()
    assert WrittenQuestion.objects.count() == 1


def test_the_office_changes_and_removes_an_item(sample, users):
    officer = users["officer"]
    question = services.question_create(
        user=officer, organisation=sample, member="김혜련", title="평가", year=2026
    )
    item = services.item_add(user=officer, question=question, number=1, text="평가 관련")
    services.item_add(user=officer, question=question, number=2, text="위탁 관련")
    office = _client(officer)
    edit = reverse("web:council-item-edit", args=[sample.pk, question.pk, item.pk])
    page = office.get(reverse("web:council-question", args=[sample.pk, question.pk]))
    assert edit in page.content.decode()
    changed = office.post(
        edit,
        {
            f"edit-{item.pk}-number": "1",
            f"edit-{item.pk}-sub_label": "가",
            f"edit-{item.pk}-text": "평가 결과 제출",
            f"edit-{item.pk}-direct": "on",
        },
    )
    assert changed.status_code == 302
    item.refresh_from_db()
    assert (item.label, item.text, item.direct) == ("1-가", "평가 결과 제출", True)
    taken = office.post(
        edit, {f"edit-{item.pk}-number": "2", f"edit-{item.pk}-text": "x"}
    )  # item 2 exists
    assert taken.status_code == 400
    assert "질문 2은(는) 이미 있습니다." in taken.content.decode()
    remove = reverse("web:council-item-remove", args=[sample.pk, question.pk, item.pk])
    assert _client(users["welfare_head"]).post(remove).status_code == 404
    services.question_mark_answered(user=officer, question=question)
    refused = office.post(remove)
    assert refused.status_code == 409 and "답변을 마친 질문" in refused.content.decode()
    services.question_mark_answered(user=officer, question=question, answered=False)
    assert office.post(remove).status_code == 302
    assert list(question.items.values_list("number", flat=True)) == [2]
    assert office.get(remove).status_code == 405
