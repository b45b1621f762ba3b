"""Forms of the managers' and the evaluation office's pages (approvals, periods, the plan's
status, imports). They parse input; the rules are the services'. Every form carries the
version it read (optimistic locking), and every error names its field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from seonggwa.core.errors import ServiceError
from seonggwa.engine.periods import PeriodKey
from seonggwa.importers.detect import FORMATS
from seonggwa.organisations.models import Organisation
from seonggwa.plans.models import Plan

from .forms import KrdsFormMixin


class NamedErrorsMixin(KrdsFormMixin):
    """KRDS widgets, and error messages that name the field (a message shown in a summary
    still says which input to fix)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            label = field.label or ""
            field.error_messages["required"] = format_lazy(_("Enter '{field}'."), field=label)
            if isinstance(field, forms.DateField):
                field.error_messages["invalid"] = format_lazy(
                    _("'{field}' is not a date: write it as 2026-04-30."), field=label
                )
            elif isinstance(field, forms.IntegerField):
                field.error_messages["invalid"] = format_lazy(
                    _("'{field}' must be a whole number."), field=label
                )

    def add_service_error(self, error: ServiceError) -> None:
        """Show a service's refusal beside the field it names, or above the form."""
        field = error.field if error.field in getattr(self, "fields", {}) else None
        self.add_error(field, str(error))  # type: ignore[attr-defined]


class VersionField(forms.IntegerField):
    """The version that was read, sent back with the change."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=1, label=_("version read"), **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


# --- approvals ---------------------------------------------------------------------------------


class RejectForm(NamedErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for returning"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The person who entered the actual reads it and corrects the actual."),
    )
    version = VersionField()


# --- periods and the plan's status -------------------------------------------------------------


class WindowFields(forms.Form):
    opens_on = forms.DateField(label=_("entry opens on"), required=False, widget=DateInput())
    closes_on = forms.DateField(
        label=_("entry closes on"),
        required=False,
        widget=DateInput(),
        help_text=_("Unit staff enter and submit on these days, both included."),
    )


class PeriodCreateForm(NamedErrorsMixin, WindowFields):
    key = forms.CharField(
        label=_("period"),
        max_length=10,
        help_text=_("The year, a quarter or a month of the plan's year: 2026, 2026-Q1, 2026-03."),
    )
    field_order = ["key", "opens_on", "closes_on"]

    def clean_key(self) -> str:
        """The engine's one reading of a period key (``PeriodKey.parse``), in its words."""
        key = str(self.cleaned_data["key"]).strip().upper()  # 2026-q1 as 2026-Q1
        try:
            return str(PeriodKey.parse(key))
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc


class WindowForm(NamedErrorsMixin, WindowFields):
    version = VersionField()


class LockForm(NamedErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for locking (optional)"),
        required=False,
        max_length=500,
        widget=forms.TextInput(),
    )
    version = VersionField()


class ReopenForm(NamedErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for reopening"),
        max_length=500,
        widget=forms.TextInput(),
        help_text=_("Kept with the period and in the audit trail."),
    )
    version = VersionField()


class PublishForm(NamedErrorsMixin, forms.Form):
    version = VersionField()


class PlanStatusForm(NamedErrorsMixin, forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=Plan.Status.choices)
    version = VersionField()


# --- imports -------------------------------------------------------------------------------------

FORMAT_CHOICES = [
    ("auto", _("detect from the content")),
    *[(name, f"{name} · {what}") for name, what in FORMATS.items()],
]


class ImportForm(NamedErrorsMixin, forms.Form):
    """What ``seonggwa import`` asks: the organisation (one the user acts for centrally), the
    plan's year, the format (detected by default), the file, and whether to replace."""

    organisation = forms.ModelChoiceField(
        label=_("organisation"), queryset=Organisation.objects.none(), empty_label=None
    )
    year = forms.IntegerField(
        label=_("plan year"),
        min_value=1990,
        max_value=2100,
        help_text=_("The year of the plan the document holds, e.g. 2022."),
    )
    format = forms.ChoiceField(
        label=_("format"),
        choices=FORMAT_CHOICES,
        initial="auto",
        help_text=_("Leave it to the content unless the preview names the wrong format."),
    )
    file = forms.FileField(
        label=_("document"),
        help_text=_(
            "The document as the office has it: HWPX (.hwpx), PDF (.pdf) or a workbook "
            "(.xlsx), or text extracted from it (.txt)."
        ),
        widget=forms.FileInput(attrs={"accept": ".hwpx,.pdf,.xlsx,.txt,.hwp,.xls"}),
    )
    replace = forms.BooleanField(
        label=_("Replace the plan of that year and kind if it exists"),
        required=False,
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations
        field.error_messages["invalid_choice"] = format_lazy(
            _("Choose an organisation from the list in '{field}'."), field=field.label
        )
        self.fields["year"].error_messages["min_value"] = format_lazy(
            _("'{field}' must be between 1990 and 2100."), field=self.fields["year"].label
        )
        self.fields["year"].error_messages["max_value"] = self.fields["year"].error_messages[
            "min_value"
        ]
        self.fields["file"].error_messages["empty"] = format_lazy(
            _("'{field}': the file is empty."), field=self.fields["file"].label
        )


class ImportConfirmForm(forms.Form):
    token = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
