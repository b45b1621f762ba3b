"""The VPS upload form of the joint-evaluation page: the sheet and, for a sheet without a
시도 column, its region. The checks of the file are the importer's (``vps_upload_check``)."""

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
