"""Forms of the entry pages. They parse what the browser sends; the rules are the
services' (a form calls ``reading_refusal`` only to put the service's own message beside the
field it concerns)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from seonggwa.results.services import reading_refusal

from .forms import KrdsFormMixin


class EntryForm(forms.Form):
    """One row of the grid: which indicator and period, the version that was read (empty
    for an actual not entered yet), the text as typed and the note."""

    indicator = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    period = forms.CharField(max_length=10, widget=forms.HiddenInput)
    version = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)
    raw_text = forms.CharField(label=_("Actual"), max_length=300, required=False)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)

    def clean_raw_text(self) -> str:
        text: str = self.cleaned_data.get("raw_text", "").strip()
        refusal = reading_refusal(text)
        if refusal is not None:
            raise forms.ValidationError(refusal)
        return text


class SheetUploadForm(KrdsFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Filled entry sheet (.xlsx)"),
        help_text=_(
            "The sheet downloaded above, with the yellow cells (actual, note) filled in. "
            "You will see every change before anything is saved."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].error_messages["required"] = _(
            "Choose the filled entry sheet (.xlsx) to upload."
        )
