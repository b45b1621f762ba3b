"""Forms of the risk register pages (web/risks_views.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from seonggwa.organisations.models import Organisation, OrgUnit
from seonggwa.risks.models import RiskIssue
from seonggwa.risks.selectors import escalation_units
from seonggwa.risks.services import STAGES

from .office_forms import DateInput, NamedErrorsMixin

IMPORTANCE_CHOICES = [("", _("not set")), *RiskIssue.Importance.choices]


def _text(label: Any, *, required: bool = False, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class UnitChoiceMixin:
    """Offers the organisation's units, by name."""

    def units(self, organisation: Organisation, name: str) -> None:
        field = self.fields[name]  # type: ignore[attr-defined]
        field.queryset = OrgUnit.objects.filter(organisation=organisation).order_by("name")


class MonthForm(NamedErrorsMixin, forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=1990, max_value=2100)
    month = forms.IntegerField(
        label=_("month"),
        min_value=1,
        max_value=12,
        help_text=_("The month the issues are expected in (reported the month before)."),
    )


class IssueForm(UnitChoiceMixin, NamedErrorsMixin, forms.Form):
    title = forms.CharField(label=_("issue title"), max_length=300)
    summary = _text(_("main content (주요내용)"))
    risks = _text(_("risks"), help_text=_("One risk per line."))
    requests_short = _text(_("short-term requests"))
    requests_long = _text(_("long-term requests"))
    importance = forms.ChoiceField(
        label=_("importance"), choices=IMPORTANCE_CHOICES, required=False
    )
    owner_unit = forms.ModelChoiceField(
        label=_("owning unit"),
        queryset=OrgUnit.objects.none(),
        required=False,
        help_text=_("The unit is told the issue is assigned to it."),
    )
    press_headline = forms.CharField(label=_("press headline"), max_length=300, required=False)
    press_outlet = forms.CharField(label=_("press outlet"), max_length=100, required=False)
    press_date = forms.DateField(label=_("press date"), required=False, widget=DateInput())

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units(organisation, "owner_unit")


class PressForm(NamedErrorsMixin, forms.Form):
    headline = forms.CharField(label=_("press headline"), max_length=300)
    outlet = forms.CharField(label=_("press outlet"), max_length=100, required=False)
    date = forms.DateField(label=_("press date"), required=False, widget=DateInput())


class ReviewForm(NamedErrorsMixin, forms.Form):
    status = forms.ChoiceField(label=_("stage"), choices=[(s.value, s.label) for s in STAGES])
    importance = forms.ChoiceField(
        label=_("importance"), choices=IMPORTANCE_CHOICES, required=False
    )


class EscalateForm(UnitChoiceMixin, NamedErrorsMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("실·국"), queryset=OrgUnit.objects.none())
    note = forms.CharField(label=_("escalation note"), max_length=500, required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = escalation_units(organisation)  # type: ignore[attr-defined]


class ResponseForm(NamedErrorsMixin, forms.Form):
    response = _text(_("department's response (부서대응)"), required=True)


class CloseForm(NamedErrorsMixin, forms.Form):
    note = forms.CharField(label=_("closing note"), max_length=500, required=False)
