"""Writes of the council answer pack: register a written question, add its items (with
their flags), write an item's answer and attach tables to it. Each takes the acting user,
asks the policy (``can_manage_council``: the evaluation office) and is audited as that
user by the audit signals."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from seonggwa.audit.context import acting_as
from seonggwa.core.errors import PermissionDenied, ServiceError
from seonggwa.organisations.models import Organisation
from seonggwa.plans.models import Plan
from seonggwa.policy import can_manage_council

from .catalogue import attachable
from .models import AnswerAttachment, QuestionItem, WrittenQuestion
from .parse import SUB_LABELS, parse_question

__all__ = [
    "attachment_add",
    "attachment_remove",
    "item_add",
    "item_answer",
    "item_change",
    "item_remove",
    "question_create",
    "question_from_text",
    "question_mark_answered",
]


def _check(user: Any, organisation: Organisation | int) -> None:
    if not can_manage_council(user, organisation):
        raise PermissionDenied(
            gettext("의회 서면질문 답변은 평가담당관이나 관리자만 등록하고 바꿀 수 있습니다.")
        )


def question_create(
    *,
    user: Any,
    organisation: Organisation,
    member: str,
    title: str,
    year: int,
    committee: str = "",
    addressee: str = "",
    received: datetime.date | None = None,
    deadline: datetime.date | None = None,
    author_unit: str = "",
    author_names: str = "",
    author_phone: str = "",
) -> WrittenQuestion:
    """Register a written question (서면질문서) addressed to ``organisation``."""
    _check(user, organisation)
    if not member.strip():
        raise ServiceError(gettext("질문의원명을 입력하세요."), field="member")
    if not title.strip():
        raise ServiceError(gettext("질문제목을 입력하세요."), field="title")
    if not 1990 <= year <= 2100:
        raise ServiceError(gettext("연도는 1990~2100 사이여야 합니다."), field="year")
    if received and deadline and deadline < received:
        raise ServiceError(gettext("답변 기한이 접수일보다 빠릅니다."), field="deadline")
    with transaction.atomic(), acting_as(user):
        question = WrittenQuestion(
            organisation=organisation,
            member=member.strip(),
            committee=committee.strip(),
            addressee=addressee.strip(),
            title=title.strip(),
            year=year,
            received=received,
            deadline=deadline,
            author_unit=author_unit.strip(),
            author_names=author_names.strip(),
            author_phone=author_phone.strip(),
        )
        question.full_clean()
        question.save()
    return question


def _sub_label(sub_label: str) -> str:
    sub_label = sub_label.strip().rstrip(".")
    if sub_label and sub_label not in SUB_LABELS:
        raise ServiceError(
            gettext("세부 항목은 가, 나, 다 … 중 하나여야 합니다."), field="sub_label"
        )
    return sub_label


def _open(question: WrittenQuestion) -> None:
    """A question marked answered (sent) keeps its items until it is opened again."""
    if question.answered:
        raise ServiceError(
            gettext(
                "답변을 마친 질문입니다. 항목을 바꾸거나 지우려면 먼저 '답변 중으로 되돌리기'를 하세요."
            )
        )


def item_add(
    *,
    user: Any,
    question: WrittenQuestion,
    number: int,
    text: str,
    sub_label: str = "",
    direct: bool = False,
    answer: str = "",
) -> QuestionItem:
    """Add item ``number`` (or its sub-item ``sub_label`` 가/나/…) to the question."""
    _check(user, question.organisation_id)
    if not 1 <= number <= 99:
        raise ServiceError(gettext("질문 번호는 1~99 사이여야 합니다."), field="number")
    sub_label = _sub_label(sub_label)
    if not text.strip():
        raise ServiceError(gettext("질문 내용을 입력하세요."), field="text")
    if question.items.filter(number=number, sub_label=sub_label).exists():
        raise ServiceError(
            gettext("질문 %(label)s은(는) 이미 있습니다.")
            % {"label": f"{number}-{sub_label}" if sub_label else number},
            field="number",
        )
    with transaction.atomic(), acting_as(user):
        item = QuestionItem.objects.create(
            question=question,
            number=number,
            sub_label=sub_label,
            text=text.strip(),
            direct=direct,
            answer=answer.strip(),
        )
    return item


def item_change(
    *,
    user: Any,
    item: QuestionItem,
    number: int,
    text: str,
    sub_label: str = "",
    direct: bool = False,
) -> QuestionItem:
    """Change an item's number, sub-item (가/나/…), question text and 답변서 직송 flag (its
    answer: :func:`item_answer`; its attachments stay). Refused once the question is marked
    answered (open it again first)."""
    question = item.question
    _check(user, question.organisation_id)
    _open(question)
    if not 1 <= number <= 99:
        raise ServiceError(gettext("질문 번호는 1~99 사이여야 합니다."), field="number")
    sub_label = _sub_label(sub_label)
    if not text.strip():
        raise ServiceError(gettext("질문 내용을 입력하세요."), field="text")
    if question.items.filter(number=number, sub_label=sub_label).exclude(pk=item.pk).exists():
        raise ServiceError(
            gettext("질문 %(label)s은(는) 이미 있습니다.")
            % {"label": f"{number}-{sub_label}" if sub_label else number},
            field="number",
        )
    with transaction.atomic(), acting_as(user):
        item.number, item.sub_label = number, sub_label
        item.text, item.direct = text.strip(), direct
        item.save(update_fields=["number", "sub_label", "text", "direct"])
    return item


def item_remove(*, user: Any, item: QuestionItem) -> None:
    """Remove an item with its answer and attachments (its sub-items are items of their
    own and stay). Refused once the question is marked answered (open it again first)."""
    _check(user, item.question.organisation_id)
    _open(item.question)
    with transaction.atomic(), acting_as(user):
        item.delete()


def item_answer(*, user: Any, item: QuestionItem, answer: str) -> QuestionItem:
    """Write (or rewrite) the answer of an item."""
    _check(user, item.question.organisation_id)
    with transaction.atomic(), acting_as(user):
        item.answer = answer.strip()
        item.save(update_fields=["answer"])
    return item


def attachment_add(
    *,
    user: Any,
    item: QuestionItem,
    kind: str,
    year: int,
    label: str = AnswerAttachment.Label.ATTACHED,
    plan: Plan | None = None,
    title: str = "",
) -> AnswerAttachment:
    """Attach the table of report ``kind`` for ``year`` (from ``plan`` when given) to the
    item's answer, numbered after the item's last attachment."""
    organisation_id = item.question.organisation_id
    _check(user, organisation_id)
    spec = attachable(kind)
    if spec is None:
        raise ServiceError(
            gettext("첨부할 수 없는 보고서 종류 '%(kind)s'입니다.") % {"kind": kind}, field="kind"
        )
    if label not in AnswerAttachment.Label.values:
        raise ServiceError(gettext("붙임 또는 별첨만 쓸 수 있습니다."), field="label")
    if plan is not None and (
        plan.organisation_id != organisation_id or plan.kind not in spec.plan_kinds
    ):
        raise ServiceError(
            gettext("계획 %(plan)s에서는 '%(name)s'을(를) 만들 수 없습니다.")
            % {"plan": plan, "name": spec.name},
            field="plan",
        )
    with transaction.atomic(), acting_as(user):
        last = item.attachments.order_by("-order").values_list("order", flat=True).first()
        return AnswerAttachment.objects.create(
            item=item,
            order=(last or 0) + 1,
            label=label,
            kind=kind,
            year=year,
            plan=plan,
            title=title.strip() or spec.name,
        )


def attachment_remove(*, user: Any, attachment: AnswerAttachment) -> None:
    """Remove an attachment from its item."""
    _check(user, attachment.item.question.organisation_id)
    with transaction.atomic(), acting_as(user):
        attachment.delete()


def question_mark_answered(
    *, user: Any, question: WrittenQuestion, answered: bool = True
) -> WrittenQuestion:
    """Mark the question answered (sent): its deadline leaves the office's "my work"."""
    _check(user, question.organisation_id)
    with transaction.atomic(), acting_as(user):
        question.answered = answered
        question.save(update_fields=["answered"])
    return question


def question_from_text(
    *,
    user: Any,
    organisation: Organisation,
    text: str,
    year: int,
    received: datetime.date | None = None,
    deadline: datetime.date | None = None,
    author_unit: str = "",
    author_names: str = "",
    author_phone: str = "",
) -> WrittenQuestion:
    """Register the written question ``text`` holds (:func:`.parse.parse_question`): its
    header, each numbered item with its heading and each "- " line as a sub-item (가, 나,
    …), 답변서 직송 on the item and its sub-items. All or nothing."""
    _check(user, organisation)
    parsed = parse_question(text)
    with transaction.atomic():
        question = question_create(
            user=user,
            organisation=organisation,
            member=parsed.member,
            committee=parsed.committee,
            addressee=parsed.addressee,
            title=parsed.title,
            year=year,
            received=received,
            deadline=deadline,
            author_unit=author_unit,
            author_names=author_names,
            author_phone=author_phone,
        )
        for item in parsed.items:
            item_add(
                user=user,
                question=question,
                number=item.number,
                text=item.heading,
                direct=item.direct,
            )
            for label, sub_text in item.subs:
                item_add(
                    user=user,
                    question=question,
                    number=item.number,
                    sub_label=label,
                    text=sub_text,
                    direct=item.direct,
                )
    return question
