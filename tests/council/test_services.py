"""The council services: what they refuse (with the field named), numbering, and the audit
trail of each write as its user; the attachable kinds are report kinds that exist."""

from __future__ import annotations

import datetime

import pytest

from seonggwa.audit.models import AuditEvent
from seonggwa.core.errors import ServiceError
from seonggwa.council import services
from seonggwa.council.catalogue import ATTACHABLE
from seonggwa.plans.models import Plan
from seonggwa.reports.kinds import REPORT_KIND_KEYS
from seonggwa.reports.modules import MODULE_KINDS

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(django_user_model):
    return django_user_model.objects.get(username="officer")


@pytest.fixture
def question(sample, officer):
    return services.question_create(
        user=officer, organisation=sample, member="김혜련", title="평가 관련", year=2020
    )


def test_every_attachable_kind_is_a_report_kind() -> None:
    for spec in ATTACHABLE:
        if spec.plan_kinds:
            assert spec.key in REPORT_KIND_KEYS
            assert set(spec.plan_kinds) <= set(Plan.Kind.values)
        else:
            assert spec.key in MODULE_KINDS


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"member": " "}, "member"),
        ({"title": ""}, "title"),
        ({"year": 1800}, "year"),
        (
            {"received": datetime.date(2020, 12, 1), "deadline": datetime.date(2020, 11, 1)},
            "deadline",
        ),
    ],
)
def test_a_question_is_refused_with_the_field(sample, officer, fields, field) -> None:
    args = {"member": "김", "title": "t", "year": 2020} | fields
    with pytest.raises(ServiceError) as caught:
        services.question_create(user=officer, organisation=sample, **args)
    assert caught.value.field == field


def test_items_and_attachments(question, officer, sample) -> None:
    item = services.item_add(
        user=officer, question=question, number=3, sub_label="나.", text="리스크"
    )
    assert item.label == "3-나"
    with pytest.raises(ServiceError) as caught:
        services.item_add(user=officer, question=question, number=3, sub_label="나", text="x")
    assert caught.value.field == "number" and "3-나" in str(caught.value)
    with pytest.raises(ServiceError) as caught:
        services.item_add(user=officer, question=question, number=1, sub_label="A", text="x")
    assert caught.value.field == "sub_label"
    with pytest.raises(ServiceError) as caught:
        services.attachment_add(user=officer, item=item, kind="dashboard", year=2020)
    assert caught.value.field == "kind"
    bsc = Plan.objects.filter(organisation=sample, kind="bsc").first()
    with pytest.raises(ServiceError) as caught:
        services.attachment_add(user=officer, item=item, kind="projects", year=2020, plan=bsc)
    assert caught.value.field == "plan"
    first = services.attachment_add(user=officer, item=item, kind="risks", year=2020)
    second = services.attachment_add(
        user=officer, item=item, kind="consignment", year=2020, label="별첨", title="민간위탁"
    )
    assert (first.order, first.title, second.order, second.label) == (
        1,
        "시정 리스크 관리 운영현황",
        2,
        "별첨",
    )


def test_every_write_is_audited_as_its_user(question, officer) -> None:
    item = services.item_add(user=officer, question=question, number=1, text="질문")
    services.item_answer(user=officer, item=item, answer="답변")
    attachment = services.attachment_add(user=officer, item=item, kind="risks", year=2020)
    services.attachment_remove(user=officer, attachment=attachment)
    services.question_mark_answered(user=officer, question=question)
    events = AuditEvent.objects.filter(model__startswith="council.")
    assert {(e.model, e.action) for e in events} >= {
        ("council.WrittenQuestion", "create"),
        ("council.QuestionItem", "create"),
        ("council.QuestionItem", "update"),
        ("council.AnswerAttachment", "create"),
        ("council.AnswerAttachment", "delete"),
        ("council.WrittenQuestion", "update"),
    }
    assert {e.actor_id for e in events} == {officer.pk}
    assert {e.organisation_id_ref for e in events} == {question.organisation_id}


def test_a_pack_with_the_sample_bsc_results(question, officer, sample) -> None:
    from seonggwa.reports.council_pack import available_kinds, council_pack

    offered = {(a.spec.key, a.year): a for a in available_kinds(sample, years={2026})}
    assert {("result", 2026), ("bsc", 2026)} <= set(offered)
    assert offered[("bsc", 2026)].plan.kind == "bsc"
    item = services.item_add(user=officer, question=question, number=1, text="BSC 결과")
    services.attachment_add(
        user=officer, item=item, kind="result", year=2026, plan=offered[("result", 2026)].plan
    )
    report = council_pack(question)
    first = report.tables[3]
    assert first.key.startswith("att1_")
    assert first.heading.startswith("붙임 1. BSC 기반 성과평가 결과 — 2026년 부서별 성과평가 결과")
    assert "평가 회차 없음" in first.heading  # computed figures, said so


def test_an_item_is_changed_and_removed_by_the_office(question, officer, people) -> None:
    from seonggwa.core.errors import PermissionDenied

    item = services.item_add(user=officer, question=question, number=3, text="리스크")
    services.item_add(user=officer, question=question, number=3, sub_label="가", text="발굴")
    services.attachment_add(user=officer, item=item, kind="risks", year=2020)
    changed = services.item_change(
        user=officer, item=item, number=4, sub_label="나.", text=" 리스크 관리 ", direct=True
    )
    changed.refresh_from_db()
    assert (changed.label, changed.text, changed.direct) == ("4-나", "리스크 관리", True)
    assert changed.attachments.count() == 1  # the attachments stay with the item
    with pytest.raises(ServiceError) as caught:  # 3-가 is taken
        services.item_change(user=officer, item=item, number=3, sub_label="가", text="x")
    assert caught.value.field == "number" and "3-가" in str(caught.value)
    for fields, field in (
        ({"number": 0}, "number"),
        ({"sub_label": "A"}, "sub_label"),
        ({"text": " "}, "text"),
    ):
        with pytest.raises(ServiceError) as caught:
            services.item_change(user=officer, item=item, **({"number": 5, "text": "t"} | fields))
        assert caught.value.field == field
    with pytest.raises(PermissionDenied):
        services.item_change(user=people["welfare_head"], item=item, number=5, text="x")
    with pytest.raises(PermissionDenied):
        services.item_remove(user=people["committee"], item=item)
    item.refresh_from_db()
    assert item.label == "4-나"
    services.item_remove(user=officer, item=item)
    assert not question.items.filter(pk=item.pk).exists()
    assert [i.label for i in question.items.all()] == ["3-가"]  # the sub-item of 3 stays
    events = AuditEvent.objects.filter(
        model__in=["council.QuestionItem", "council.AnswerAttachment"]
    )
    assert {("council.QuestionItem", "update"), ("council.QuestionItem", "delete")} <= {
        (e.model, e.action) for e in events
    }
    assert ("council.AnswerAttachment", "delete") in {(e.model, e.action) for e in events}
    assert {e.actor_id for e in events} == {officer.pk}


def test_an_answered_question_keeps_its_items_until_opened_again(question, officer) -> None:
    item = services.item_add(user=officer, question=question, number=1, text="질문")
    services.question_mark_answered(user=officer, question=question)
    item.question.refresh_from_db()
    with pytest.raises(ServiceError, match="답변을 마친 질문"):
        services.item_change(user=officer, item=item, number=2, text="바뀜")
    with pytest.raises(ServiceError, match="답변을 마친 질문"):
        services.item_remove(user=officer, item=item)
    item.refresh_from_db()
    assert (item.number, item.text) == (1, "질문")
    services.question_mark_answered(user=officer, question=question, answered=False)
    item.question.refresh_from_db()
    services.item_remove(user=officer, item=item)
    assert not question.items.exists()
