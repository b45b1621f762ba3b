"""A council member's written question (서면질문서, seed 003 lines 1–40) with its numbered
items (1.–4., each with 가/나/다 sub-items and flags such as 답변서 직송) and the answer of
each item with its attachments (붙임 N / 별첨): tables of the live registers, named by a
report kind key and a year (and a plan when the kind is built from one). The answer pack
(one HWPX and one PDF) is assembled by :mod:`seonggwa.reports.council_pack`."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class WrittenQuestion(models.Model):
    """One 서면질문서 addressed to the organisation."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="council_questions",
    )
    member = models.CharField(_("council member"), max_length=100)  # 질문의원명
    committee = models.CharField(_("committee"), max_length=200, blank=True)  # 소속위원회
    addressee = models.CharField(_("addressee"), max_length=200, blank=True)  # 질문대상자
    title = models.CharField(_("title"), max_length=300)  # 질문제목
    year = models.PositiveIntegerField(_("year"), help_text=_("the year the question is about"))
    received = models.DateField(_("received on"), null=True, blank=True)
    deadline = models.DateField(_("answer deadline"), null=True, blank=True)
    author_unit = models.CharField(_("answering department"), max_length=200, blank=True)
    author_names = models.CharField(
        _("authors"),
        max_length=300,
        blank=True,
        help_text=_("position and name, one per line (e.g. 담당사무관 홍길동)"),
    )
    author_phone = models.CharField(_("telephone"), max_length=100, blank=True)
    answered = models.BooleanField(_("answered"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("written question")
        verbose_name_plural = _("written questions")
        ordering = ["organisation", "-year", "deadline", "pk"]

    def __str__(self) -> str:
        return f"{self.member} · {self.title}"


class QuestionItem(models.Model):
    """A numbered item (``number`` 1, 2, …) or one of its sub-items (``sub_label`` 가, 나, …)
    with its answer."""

    question = models.ForeignKey(
        WrittenQuestion, verbose_name=_("question"), on_delete=models.CASCADE, related_name="items"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    sub_label = models.CharField(_("sub-item"), max_length=4, blank=True)
    text = models.TextField(_("question text"))
    direct = models.BooleanField(
        _("answer sent directly"), default=False, help_text=_("답변서 직송: sent to the member")
    )
    answer = models.TextField(_("answer"), blank=True)

    class Meta:
        verbose_name = _("question item")
        verbose_name_plural = _("question items")
        ordering = ["question", "number", "sub_label"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "number", "sub_label"], name="council_item_unique"
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """``3-나`` or ``2``."""
        return f"{self.number}-{self.sub_label}" if self.sub_label else str(self.number)


class AnswerAttachment(models.Model):
    """A table attached to an item's answer: the report ``kind`` of ``year`` (a module kind
    of the organisation, or a plan kind built from ``plan`` or the year's plan)."""

    class Label(models.TextChoices):
        ATTACHED = "붙임", "붙임"
        ENCLOSED = "별첨", "별첨"

    item = models.ForeignKey(
        QuestionItem, verbose_name=_("item"), on_delete=models.CASCADE, related_name="attachments"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    label = models.CharField(_("label"), max_length=4, choices=Label.choices, default="붙임")
    kind = models.CharField(_("report kind"), max_length=40)
    year = models.PositiveIntegerField(_("year"))
    plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("answer attachment")
        verbose_name_plural = _("answer attachments")
        ordering = ["item", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.label} {self.order} {self.kind} {self.year}"
