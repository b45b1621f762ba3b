"""The forms of the joint-evaluation pages: the VPS upload (the sheet and, for a sheet without
a 시도 column, its region; the checks of the file are the importer's, ``vps_upload_check``),
a timeline step's dates and the window it governs (the checks are the service's,
``timeline_step_update``) and a best case (``best_case_save``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from seonggwa.frameworks.models import (
    BestCase,
    JointEvaluation,
    JointIndicator,
    Region,
    TimelineStep,
)
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


GOVERNS_CHOICES = [
    (TimelineStep.Governs.ENTRY.value, _("the entry window (실적입력)")),
    (TimelineStep.Governs.OBJECTIONS.value, _("the objection deadline (이의신청)")),
    (TimelineStep.Governs.NONE.value, _("dates only (a milestone)")),
]


class TimelineStepForm(KrdsFormMixin, forms.Form):
    """A step's first and last day and the window it governs; prefixed per step so every
    row's inputs are unique."""

    starts_on = forms.DateField(
        label=_("starts on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    ends_on = forms.DateField(
        label=_("ends on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    governs = forms.ChoiceField(label=_("sets"), choices=GOVERNS_CHOICES, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["governs"].error_messages["invalid_choice"] = _(
            "Choose the entry window, the objection deadline or dates only."
        )
        self.fields["starts_on"].error_messages["required"] = _("Enter the first day of the step.")
        self.fields["ends_on"].error_messages["required"] = _("Enter the last day of the step.")


class _RegionChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name or obj.name} ({obj.get_group_display()})"


class _IndicatorChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number}. {obj.indicator.name} ({obj.get_kind_display()})"


class BestCaseForm(KrdsFormMixin, forms.Form):
    """A best case: its region (of the evaluation; of one peer group when the page was
    opened for that group), the indicator when one is named, how it was selected, its title
    and summary. The rules are the service's (``best_case_save``)."""

    region = _RegionChoice(label=_("region"), queryset=Region.objects.none())
    selection = forms.ChoiceField(label=_("selection"), choices=BestCase.Selection.choices)
    title = forms.CharField(label=_("best case title"), max_length=300)
    indicator = _IndicatorChoice(
        label=_("indicator (optional)"),
        queryset=JointIndicator.objects.none(),
        required=False,
        empty_label="—",
    )
    summary = forms.CharField(
        label=_("summary (주요내용)"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, evaluation: JointEvaluation, group: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        regions = Region.objects.filter(evaluation=evaluation)
        if group:
            regions = regions.filter(group=group)
        region = self.fields["region"]
        assert isinstance(region, forms.ModelChoiceField)
        region.queryset = regions.order_by("position")
        region.empty_label = _("Choose a region")
        region.error_messages["required"] = _("Choose the region of the best case.")
        region.error_messages["invalid_choice"] = _("Choose a region of this evaluation.")
        indicator = self.fields["indicator"]
        assert isinstance(indicator, forms.ModelChoiceField)
        indicator.queryset = (
            JointIndicator.objects.filter(goal__evaluation=evaluation)
            .select_related("indicator")
            .order_by("number")
        )
        indicator.error_messages["invalid_choice"] = _("Choose an indicator of this evaluation.")
        self.fields["title"].error_messages["required"] = _("Enter the title of the best case.")
        self.fields["title"].error_messages["max_length"] = _(
            "The title of a best case is at most 300 characters."
        )
