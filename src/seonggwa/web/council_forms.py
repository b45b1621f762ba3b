"""Forms of the council answer pages (web/council_views.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from seonggwa.council.models import AnswerAttachment
from seonggwa.council.parse import SUB_LABELS
from seonggwa.reports.council_pack import AvailableKind

from .office_forms import DateInput, NamedErrorsMixin


class QuestionForm(NamedErrorsMixin, forms.Form):
    text = forms.CharField(
        label=_("the written question as received"),
        required=False,
        help_text=_(
            "Paste the 서면질문서 (its header table and numbered items): the member, committee, "
            "addressee, title and items are read from it. Leave blank to type them below."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    member = forms.CharField(label=_("council member"), max_length=100, required=False)
    committee = forms.CharField(label=_("committee"), max_length=200, required=False)
    addressee = forms.CharField(
        label=_("addressee"), max_length=200, required=False, help_text=_("e.g. 기획조정실")
    )
    title = forms.CharField(label=_("title"), max_length=300, required=False)
    year = forms.IntegerField(
        label=_("year"),
        min_value=1990,
        max_value=2100,
        help_text=_("The year the question is about: its tables are offered."),
    )
    received = forms.DateField(label=_("received on"), required=False, widget=DateInput())
    deadline = forms.DateField(label=_("answer deadline"), required=False, widget=DateInput())
    author_unit = forms.CharField(label=_("answering department"), max_length=200, required=False)
    author_names = forms.CharField(
        label=_("authors"),
        max_length=300,
        required=False,
        help_text=_("Position and name, one per line (e.g. 담당사무관 홍길동)."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    author_phone = forms.CharField(label=_("telephone"), max_length=100, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("text", "").strip():
            for name in ("member", "title"):
                if not data.get(name, "").strip() and name not in self.errors:
                    self.add_error(name, self.fields[name].error_messages["required"])
        return data


class ItemForm(NamedErrorsMixin, forms.Form):
    number = forms.IntegerField(label=_("number"), min_value=1, max_value=99)
    sub_label = forms.ChoiceField(
        label=_("sub-item"),
        required=False,
        choices=[("", _("none")), *[(s, s) for s in SUB_LABELS[:8]]],
    )
    text = forms.CharField(label=_("question text"), widget=forms.Textarea(attrs={"rows": 3}))
    direct = forms.BooleanField(label=_("answer sent directly (답변서 직송)"), required=False)
    answer = forms.CharField(
        label=_("answer"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class ItemEditForm(NamedErrorsMixin, forms.Form):
    """An item's number, sub-item, question text and 답변서 직송 (its answer has its own form)."""

    number = forms.IntegerField(label=_("number"), min_value=1, max_value=99)
    sub_label = forms.ChoiceField(
        label=_("sub-item"),
        required=False,
        choices=[("", _("none")), *[(s, s) for s in SUB_LABELS[:8]]],
    )
    text = forms.CharField(label=_("question text"), widget=forms.Textarea(attrs={"rows": 3}))
    direct = forms.BooleanField(label=_("answer sent directly (답변서 직송)"), required=False)


class AnswerForm(NamedErrorsMixin, forms.Form):
    answer = forms.CharField(
        label=_("answer"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class AttachForm(NamedErrorsMixin, forms.Form):
    table = forms.ChoiceField(label=_("table"))
    label = forms.ChoiceField(label=_("label"), choices=AnswerAttachment.Label.choices)
    title = forms.CharField(
        label=_("title"),
        max_length=300,
        required=False,
        help_text=_("Blank: the table's name."),
    )

    def __init__(self, *args: Any, available: list[AvailableKind], **kwargs: Any) -> None:
        self.available = {a.value: a for a in available}
        super().__init__(*args, **kwargs)
        self.fields["table"].choices = [(a.value, f"{a.spec.name} · {a.year}") for a in available]  # type: ignore[attr-defined]

    def chosen(self) -> AvailableKind:
        return self.available[self.cleaned_data["table"]]
