"""Forms of the sustainability pages (web/sustainability_views.py): an implementation
indicator added under a task's project or changed, with the yearly targets of the
framework's two-year cycle, an R8 grade override, the committee's review, and the
framework's settings (its cycle, committee and title)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from seonggwa.frameworks.models import Field, SustainabilityReview
from seonggwa.frameworks.services import DIRECTIONS
from seonggwa.organisations.models import OrgUnit
from seonggwa.plans.models import Indicator

from .office_forms import DateInput, NamedErrorsMixin, VersionField


def target_field_name(year: int) -> str:
    return f"target_{year}"


class _TargetsMixin(NamedErrorsMixin):
    """A target field per year of the cycle (``target_2018``, ``target_2019``)."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def add_target_fields(self, years: list[int]) -> None:
        self.years = years
        for year in years:
            self.fields[target_field_name(year)] = forms.CharField(
                label=_("target %(year)s") % {"year": year},
                max_length=100,
                required=False,
                help_text=_("As printed: 100, 12.5 or 1,200."),
                widget=forms.TextInput(attrs={"class": "krds-input"}),
            )

    def targets(self) -> dict[int, str]:
        return {year: self.cleaned_data.get(target_field_name(year), "") for year in self.years}


class ImplementationIndicatorForm(_TargetsMixin, forms.Form):
    """A new implementation indicator: its task, project, department, name, unit, direction
    and yearly targets."""

    task = forms.TypedChoiceField(label=_("task"), coerce=int)
    project_name = forms.CharField(
        label=_("project (세부사업)"),
        max_length=300,
        help_text=_("An existing project of the task by its name, or a new one."),
    )
    unit = forms.TypedChoiceField(label=_("department"), coerce=int)
    name = forms.CharField(label=_("indicator"), max_length=500)
    unit_of_measure = forms.CharField(label=_("unit of measure"), max_length=50, required=False)
    direction = forms.ChoiceField(label=_("direction"))

    def __init__(
        self,
        *args: Any,
        fields_tree: list[Field],
        units: list[OrgUnit],
        years: list[int],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(
            self.fields["task"],
            [("", _("Choose a task"))]
            + [
                (
                    f"{f.name} · {st}",
                    [
                        (t.pk, f"{t.number}. {t.name}" if t.number else t.name)
                        for t in st.tasks.all()
                    ],
                )
                for f in fields_tree
                for st in f.strategies.all()
                if st.tasks.all()
            ],
        )
        _set_choices(
            self.fields["unit"], [("", _("Choose a department"))] + [(u.pk, u.name) for u in units]
        )
        _set_choices(self.fields["direction"], _direction_choices())
        self.add_target_fields(years)


class ImplementationIndicatorEditForm(_TargetsMixin, forms.Form):
    """An implementation indicator's name, unit, direction and targets, with the time of the
    change it was read at (a later change by someone else is refused)."""

    name = forms.CharField(label=_("indicator"), max_length=500)
    unit_of_measure = forms.CharField(label=_("unit of measure"), max_length=50, required=False)
    direction = forms.ChoiceField(label=_("direction"))
    updated_at = forms.CharField(widget=forms.HiddenInput, label=_("version read"))

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self.fields["direction"], _direction_choices())
        self.add_target_fields(years)


class SustainabilityReviewForm(NamedErrorsMixin, forms.Form):
    """The committee's review: status, date, committee, what it resolved, the evaluation run
    it read (optional), and the version read (0: nothing recorded yet)."""

    status = forms.ChoiceField(label=_("review status"))
    reviewed_on = forms.DateField(
        label=_("review date"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "The day the committee met; needed once the review is completed or asks for revision."
        ),
    )
    committee = forms.CharField(
        label=_("reviewing committee"),
        max_length=200,
        required=False,
        help_text=_("e.g. the monitoring sub-committee; blank: the framework's committee."),
    )
    comments = forms.CharField(
        label=_("comments and resolution"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the committee resolved; what to revise when it asks for revision."),
    )
    run = forms.TypedChoiceField(
        label=_("evaluation run reviewed"), coerce=int, required=False, empty_value=None
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, label=_("version read"))

    def __init__(self, *args: Any, runs: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self.fields["status"], list(SustainabilityReview.Status.choices))
        _set_choices(
            self.fields["run"],
            [("", _("No particular run"))]
            + [(r.pk, f"{r.period_key} · #{r.number} · {r.get_status_display()}") for r in runs],
        )


class FrameworkSettingsForm(NamedErrorsMixin, forms.Form):
    """The framework's settings the import read from the document, changed by the office:
    the cycle's length and first year, the status year of the core indicators, the reviewing
    committee and the title, with the version read. The ranges are the service's
    (``frameworks.services.framework_settings_save``), which names the field it refuses."""

    title = forms.CharField(
        label=_("title"),
        required=False,
        help_text=_("Blank: the plan's name."),
    )
    cycle_years = forms.IntegerField(
        label=_("cycle (years)"),
        help_text=_("How many years one evaluation cycle lasts: 1 to 10 (the ordinance: 2)."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    cycle_start_year = forms.IntegerField(
        label=_("first year of a cycle"),
        required=False,
        help_text=_(
            "The year one cycle began (e.g. the year the ordinance took effect); cycles follow "
            "one another from it. Blank when unknown: the page then says the position is unknown."
        ),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    status_year = forms.IntegerField(
        label=_("status year of the core indicators"),
        required=False,
        help_text=_("The year the core indicators' figures describe; blank when not printed."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    committee = forms.CharField(
        label=_("reviewing committee"),
        required=False,
        help_text=_("The committee that reviews the evaluation, e.g. 지속가능발전위원회."),
    )
    version = VersionField()


def _direction_choices() -> list[tuple[str, Any]]:
    labels = dict(Indicator.Direction.choices)
    return [(str(d), labels[d]) for d in DIRECTIONS]


def _set_choices(field: forms.Field, choices: list[Any]) -> None:
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices
