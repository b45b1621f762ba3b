"""Forms of the sustainability pages (web/sustainability_views.py): an implementation
indicator added under a task's project or changed, with the yearly targets of the
framework's two-year cycle, and an R8 grade override."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from seonggwa.frameworks.models import Field
from seonggwa.frameworks.services import DIRECTIONS
from seonggwa.organisations.models import OrgUnit
from seonggwa.plans.models import Indicator

from .office_forms import NamedErrorsMixin


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


def _direction_choices() -> list[tuple[str, Any]]:
    labels = dict(Indicator.Direction.choices)
    return [(str(d), labels[d]) for d in DIRECTIONS]


def _set_choices(field: forms.Field, choices: list[Any]) -> None:
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices
