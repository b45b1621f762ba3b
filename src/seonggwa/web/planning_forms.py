"""Forms of the planning pages (docs/workflow.md, "Planning a year"). They parse input; the
rules are the planning services'."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from seonggwa.engine.grading import REGISTRY
from seonggwa.organisations.models import OrgUnit
from seonggwa.planning.models import ChangeRequest
from seonggwa.planning.selectors import REQUIRED_FIELDS

from .office_forms import NamedErrorsMixin

REQUIRED_LABELS = {
    "definition": _("definition"),
    "formula": _("formula"),
    "data_source": _("data source"),
    "weight": _("weight"),
    "target": _("target"),
    "due_month": _("evaluation month"),
}


def scheme_label(name: str) -> str:
    """A grading scheme as a person reads it: its name and the legend of its newest
    version (e.g. ◎ : 초과달성(130% 이상), ○ : 달성(100~130% 미만), ...)."""
    if name not in REGISTRY.names():
        return name
    legend = REGISTRY.get(name).legend().removeprefix("※ ")
    return f"{name} — {legend}"


class RoundOpenForm(NamedErrorsMixin, forms.Form):
    deadline = forms.DateField(
        label=_("Deadline for the units"), widget=forms.DateInput(attrs={"type": "date"})
    )
    max_goals = forms.IntegerField(
        label=_("Strategic goals per unit at most"), required=False, min_value=1
    )
    max_indicators = forms.IntegerField(
        label=_("Indicators per unit at most"), required=False, min_value=1
    )
    required_fields = forms.MultipleChoiceField(
        label=_("Every indicator must have"),
        required=False,
        choices=[(k, REQUIRED_LABELS[k]) for k in REQUIRED_FIELDS],
        widget=forms.CheckboxSelectMultiple,
    )
    perspective_weights = forms.CharField(
        label=_("BSC perspectives and weights"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, e.g. 재무 30 (the weights add up to 100); empty for none."),
    )
    grading_scheme = forms.ChoiceField(
        label=_("Grading scheme"),
        required=False,
        choices=lambda: (
            [("", _("The same as this year's plan"))]
            + [(name, scheme_label(name)) for name in REGISTRY.names()]
        ),
    )
    city_unit = forms.ModelChoiceField(
        label=_("Unit holding the city goals"), queryset=OrgUnit.objects.none(), required=False
    )
    city_goals = forms.CharField(
        label=_("City goals"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: the goals the units' strategic goals support."),
    )

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["city_unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = OrgUnit.objects.filter(organisation_id=organisation_id).order_by("name")

    def clean_perspective_weights(self) -> dict[str, Decimal]:
        out: dict[str, Decimal] = {}
        for line in self.cleaned_data["perspective_weights"].splitlines():
            if not line.strip():
                continue
            name, _sep, weight = line.strip().rpartition(" ")
            try:
                out[name.strip()] = Decimal(weight)
            except InvalidOperation:
                raise forms.ValidationError(
                    _("Write each perspective as its name and weight, e.g. 재무 30.")
                ) from None
            if not name.strip():
                raise forms.ValidationError(
                    _("Write each perspective as its name and weight, e.g. 재무 30.")
                )
        return out


class ChangeRequestForm(NamedErrorsMixin, forms.Form):
    indicator = forms.ChoiceField(label=_("Indicator"))
    field = forms.ChoiceField(label=_("What changes"), choices=ChangeRequest.Field.choices)
    new_text = forms.CharField(label=_("Requested value"), max_length=2000)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.FileField(label=_("Evidence file"))

    def __init__(self, *args: Any, indicators: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["indicator"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(str(pk), name) for pk, name in indicators]
