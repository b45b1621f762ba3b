"""Reads of the council questions: an organisation's questions, one question with its items
and attachments, and the open questions whose deadline the office must meet."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Prefetch, QuerySet

from seonggwa.organisations.models import Organisation

from .models import AnswerAttachment, QuestionItem, WrittenQuestion


def questions_of(organisation: Organisation) -> QuerySet[WrittenQuestion]:
    """The organisation's questions with their item counts (one query)."""
    return (
        WrittenQuestion.objects.filter(organisation=organisation)
        .annotate(
            item_count=Count("items", distinct=True),
            attachment_count=Count("items__attachments", distinct=True),
        )
        .order_by("-year", "deadline", "pk")
    )


def question_detail(organisation: Organisation, pk: int) -> WrittenQuestion | None:
    """One question with its items and their attachments (three queries)."""
    return (
        WrittenQuestion.objects.filter(organisation=organisation, pk=pk)
        .select_related("organisation")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=QuestionItem.objects.order_by("number", "sub_label").prefetch_related(
                    Prefetch(
                        "attachments",
                        queryset=AnswerAttachment.objects.select_related("plan").order_by(
                            "order", "pk"
                        ),
                    )
                ),
            )
        )
        .first()
    )


def questions_due(organisation_ids: Iterable[int]) -> QuerySet[WrittenQuestion]:
    """Unanswered questions with a deadline, earliest first (the office's "my work")."""
    return (
        WrittenQuestion.objects.filter(
            organisation_id__in=list(organisation_ids), answered=False, deadline__isnull=False
        )
        .select_related("organisation")
        .order_by("deadline", "pk")
    )
