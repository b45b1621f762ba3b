"""Forms of the consignment evaluation pages (web/consignment_views.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from seonggwa.consignment.models import ContractEvent

from .office_forms import DateInput, NamedErrorsMixin


class RoundCreateForm(NamedErrorsMixin, forms.Form):
    year = forms.IntegerField(label=_("evaluation year"), min_value=1990, max_value=2100)
    number = forms.IntegerField(label=_("round"), min_value=1, max_value=20)
    opens_on = forms.DateField(label=_("window opens"), widget=DateInput())
    closes_on = forms.DateField(label=_("window closes"), widget=DateInput())


class ServiceForm(NamedErrorsMixin, forms.Form):
    name = forms.CharField(label=_("service"), max_length=300)
    department_label = forms.CharField(label=_("owning department"), max_length=200)
    contractor = forms.CharField(
        label=_("contractor"),
        max_length=300,
        help_text=_("Separate the members of a consortium with '·'."),
    )
    annual_cost = forms.DecimalField(
        label=_("annual cost (won)"), required=False, min_value=0, decimal_places=0
    )
    separate_statutory_evaluation = forms.BooleanField(
        label=_("separate statutory evaluation"), required=False
    )
    last_council_consent = forms.DateField(
        label=_("last council consent"), required=False, widget=DateInput()
    )


class ContractEventForm(NamedErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=ContractEvent.Kind.choices)
    date = forms.DateField(label=_("date"), widget=DateInput())
    note = forms.CharField(label=_("note"), max_length=300, required=False)
