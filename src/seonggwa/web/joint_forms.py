"""The forms of the joint-evaluation page: the VPS upload (the sheet and, for a sheet without
a 시도 column, its region; the checks of the file are the importer's, ``vps_upload_check``)
and a timeline step's dates (the checks are the service's, ``timeline_step_update``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from seonggwa.importers.joint.parse import REGIONS

from .forms import KrdsFormMixin


class VpsUploadForm(KrdsFormMixin, forms.Form):
    file = forms.FileField(
        label=_("VPS sheet (.csv or .xlsx)"),
        help_text=_(
            "Columns 시도 | 연번 | 지표명 | 목표 | 실적 | 달성여부 | 우수사례 (docs/joint-evaluation.md). "
            "Rows with an unknown region or indicator or a value out of range are skipped and listed."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )
    region = forms.ChoiceField(
        label=_("Region of a sheet without a 시도 column"),
        required=False,
        choices=[("", "—")] + [(short, full) for short, full, _group in REGIONS],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].error_messages["required"] = _("Choose the VPS sheet to upload.")


class TimelineStepForm(KrdsFormMixin, forms.Form):
    """A step's first and last day; prefixed per step so every row's inputs are unique."""

    starts_on = forms.DateField(
        label=_("starts on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    ends_on = forms.DateField(
        label=_("ends on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["starts_on"].error_messages["required"] = _("Enter the first day of the step.")
        self.fields["ends_on"].error_messages["required"] = _("Enter the last day of the step.")
