"""Council written questions in the admin: read-only lists (questions, items and attachments
change through the services of the council pages, which ask the policy)."""

from django.contrib import admin

from seonggwa.council.models import AnswerAttachment, QuestionItem, WrittenQuestion

from .base import ReadOnlyAdmin


@admin.register(WrittenQuestion)
class WrittenQuestionAdmin(ReadOnlyAdmin):
    list_display = ["title", "member", "organisation", "year", "deadline", "answered"]
    list_filter = ["answered", "year"]
    search_fields = ["title", "member"]


@admin.register(QuestionItem)
class QuestionItemAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "question", "direct"]
    search_fields = ["text"]


@admin.register(AnswerAttachment)
class AnswerAttachmentAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "item", "kind", "year"]
