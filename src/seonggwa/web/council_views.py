"""Pages of the council answer pack (서면질문 답변, issue 11 item 7, docs/council.md): the
organisation's written questions (the office registers one), a question with its items (add
an item, write its answer, attach tables of the live registers) and the pack as one PDF and
one HWPX. Only the evaluation office reads and writes (answers are drafts until sent); the
services ask the policy again for every write."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from seonggwa.accounts.models import RoleAssignment, valid_on
from seonggwa.core.errors import ServiceError
from seonggwa.council.models import AnswerAttachment, QuestionItem, WrittenQuestion
from seonggwa.council.selectors import question_detail, questions_of
from seonggwa.council.services import (
    attachment_add,
    attachment_remove,
    item_add,
    item_answer,
    item_change,
    item_remove,
    question_create,
    question_from_text,
    question_mark_answered,
)
from seonggwa.organisations.models import Organisation
from seonggwa.policy import CENTRAL, can_manage_council
from seonggwa.reports.council_pack import available_kinds, council_pack
from seonggwa.reports.errors import ReportError
from seonggwa.reports.render import report_render

from .council_forms import AnswerForm, AttachForm, ItemEditForm, ItemForm, QuestionForm

FORMATS = {"pdf": "application/pdf", "hwpx": "application/hwp+zip"}


def _organisation(request: HttpRequest, org: int) -> Organisation:
    """The organisation, or 404 when the user is not its evaluation office."""
    organisation = get_object_or_404(Organisation, pk=org)
    if not can_manage_council(request.user, organisation):
        raise Http404
    return organisation


def _question(organisation: Organisation, pk: int) -> WrittenQuestion:
    found = question_detail(organisation, pk)
    if found is None:
        raise Http404
    return found


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """The first organisation whose evaluation office the user is (superuser: the first)."""
    user: Any = request.user
    if user.is_superuser:
        organisation = Organisation.objects.order_by("pk").first()
    else:
        assignment = (
            RoleAssignment.objects.filter(
                valid_on(timezone.localdate()), user_id=user.pk, role__in=CENTRAL
            )
            .order_by("organisation_id")
            .first()
        )
        organisation = assignment.organisation if assignment else None
    if organisation is None:
        raise Http404
    return redirect("web:council-questions", org=organisation.pk)


@login_required
def questions(request: HttpRequest, org: int) -> HttpResponse:
    """The written questions with their deadlines; the office registers one."""
    organisation = _organisation(request, org)
    form = QuestionForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        text = data.pop("text", "")
        try:
            if text.strip():
                for name in ("member", "committee", "addressee", "title"):
                    data.pop(name)
                question = question_from_text(
                    user=request.user, organisation=organisation, text=text, **data
                )
            else:
                question = question_create(user=request.user, organisation=organisation, **data)
        except ServiceError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Registered the question; now add its items."))
            return redirect("web:council-question", org=org, pk=question.pk)
    return render(
        request,
        "web/council/questions.html",
        {"organisation": organisation, "rows": questions_of(organisation), "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _page(
    request: HttpRequest,
    organisation: Organisation,
    question: WrittenQuestion,
    status: int = 200,
    **forms: Any,
) -> HttpResponse:
    available = available_kinds(organisation)
    items = list(question.items.all())
    # numbered items whose sub-items carry the answers: their forms start closed
    headings = {i.number for i in items if i.sub_label}
    context: dict[str, Any] = {
        "organisation": organisation,
        "question": question,
        "items": [
            (
                item,
                forms.get(f"answer_{item.pk}")
                or AnswerForm(prefix=f"answer-{item.pk}", initial={"answer": item.answer}),
                forms.get(f"attach_{item.pk}")
                or AttachForm(prefix=f"attach-{item.pk}", available=available),
                not item.sub_label and item.number in headings,
                forms.get(f"edit_{item.pk}")
                or ItemEditForm(
                    prefix=f"edit-{item.pk}",
                    initial={
                        "number": item.number,
                        "sub_label": item.sub_label,
                        "text": item.text,
                        "direct": item.direct,
                    },
                ),
                forms.get(f"remove_{item.pk}", ""),
            )
            for item in items
        ],
        "available": available,
        "item_form": forms.get("item_form")
        or ItemForm(
            prefix="item", initial={"number": max((i.number for i in items), default=0) + 1}
        ),
        "formats": list(FORMATS),
        "pack_error": forms.get("pack_error", ""),
    }
    return render(request, "web/council/question.html", context, status=status)


@login_required
def question(request: HttpRequest, org: int, pk: int) -> HttpResponse:
    """A question with its items, answers and attachments; the office adds an item."""
    organisation = _organisation(request, org)
    found = _question(organisation, pk)
    if request.method != "POST":
        return _page(request, organisation, found)
    form = ItemForm(request.POST, prefix="item")
    if form.is_valid():
        try:
            item = item_add(user=request.user, question=found, **form.cleaned_data)
        except ServiceError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Added item %(label)s.") % {"label": item.label})
            return redirect("web:council-question", org=org, pk=pk)
    return _page(request, organisation, found, 400, item_form=form)


def _item(question: WrittenQuestion, item: int) -> QuestionItem:
    found = next((i for i in question.items.all() if i.pk == item), None)
    if found is None:
        raise Http404
    return found


@login_required
@require_POST
def item_answer_view(request: HttpRequest, org: int, pk: int, item: int) -> HttpResponse:
    organisation = _organisation(request, org)
    found = _question(organisation, pk)
    target = _item(found, item)
    form = AnswerForm(request.POST, prefix=f"answer-{target.pk}")
    if form.is_valid():
        try:
            item_answer(user=request.user, item=target, answer=form.cleaned_data["answer"])
        except ServiceError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Saved the answer of %(label)s.") % {"label": target.label})
            return redirect("web:council-question", org=org, pk=pk)
    return _page(request, organisation, found, 400, **{f"answer_{target.pk}": form})


@login_required
@require_POST
def item_edit_view(request: HttpRequest, org: int, pk: int, item: int) -> HttpResponse:
    """The office changes an item's number, sub-item, text and 답변서 직송."""
    organisation = _organisation(request, org)
    found = _question(organisation, pk)
    target = _item(found, item)
    form = ItemEditForm(request.POST, prefix=f"edit-{target.pk}")
    if form.is_valid():
        try:
            changed = item_change(user=request.user, item=target, **form.cleaned_data)
        except ServiceError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Saved item %(label)s.") % {"label": changed.label})
            return redirect("web:council-question", org=org, pk=pk)
    return _page(request, organisation, found, 400, **{f"edit_{target.pk}": form})


@login_required
@require_POST
def item_remove_view(request: HttpRequest, org: int, pk: int, item: int) -> HttpResponse:
    """The office removes an item with its answer and attachments (confirmed on the page)."""
    organisation = _organisation(request, org)
    found = _question(organisation, pk)
    target = _item(found, item)
    label = target.label
    try:
        item_remove(user=request.user, item=target)
    except ServiceError as exc:
        return _page(request, organisation, found, 409, **{f"remove_{target.pk}": str(exc)})
    messages.success(request, _("Removed item %(label)s.") % {"label": label})
    return redirect("web:council-question", org=org, pk=pk)


@login_required
@require_POST
def item_attach_view(request: HttpRequest, org: int, pk: int, item: int) -> HttpResponse:
    organisation = _organisation(request, org)
    found = _question(organisation, pk)
    target = _item(found, item)
    form = AttachForm(
        request.POST, prefix=f"attach-{target.pk}", available=available_kinds(organisation)
    )
    if form.is_valid():
        chosen = form.chosen()
        try:
            attachment_add(
                user=request.user,
                item=target,
                kind=chosen.spec.key,
                year=chosen.year,
                plan=chosen.plan,
                label=form.cleaned_data["label"],
                title=form.cleaned_data["title"],
            )
        except ServiceError as exc:
            form.add_service_error(exc)
        else:
            messages.success(
                request, _("Attached the table to %(label)s.") % {"label": target.label}
            )
            return redirect("web:council-question", org=org, pk=pk)
    return _page(request, organisation, found, 400, **{f"attach_{target.pk}": form})


@login_required
@require_POST
def attachment_remove_view(request: HttpRequest, org: int, pk: int, att: int) -> HttpResponse:
    organisation = _organisation(request, org)
    found = _question(organisation, pk)
    target = get_object_or_404(AnswerAttachment, pk=att, item__question=found)
    attachment_remove(user=request.user, attachment=target)
    messages.success(request, _("Removed the attachment."))
    return redirect("web:council-question", org=org, pk=pk)


@login_required
@require_POST
def answered_view(request: HttpRequest, org: int, pk: int) -> HttpResponse:
    organisation = _organisation(request, org)
    found = _question(organisation, pk)
    done = request.POST.get("answered", "1") == "1"
    question_mark_answered(user=request.user, question=found, answered=done)
    messages.success(
        request, _("Marked the question answered.") if done else _("Marked the question open.")
    )
    return redirect("web:council-question", org=org, pk=pk)


@login_required
def pack(request: HttpRequest, org: int, pk: int, fmt: str) -> HttpResponse:
    """The answer pack as one PDF or one HWPX."""
    organisation = _organisation(request, org)
    found = _question(organisation, pk)
    if fmt not in FORMATS:
        raise Http404
    try:
        document = council_pack(found)
    except ReportError as exc:
        return _page(request, organisation, found, 409, pack_error=str(exc))
    data = report_render(document, fmt, charts=False)
    response = HttpResponse(data, content_type=FORMATS[fmt])
    name = f"{organisation.name}_{found.year}_서면질문답변_{found.pk}.{fmt}"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
