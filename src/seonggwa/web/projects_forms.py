"""Forms of the major-project pages (web/projects_views.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .office_forms import NamedErrorsMixin


class ProgressTargetForm(NamedErrorsMixin, forms.Form):
    """The office sets a project's 공정률 계획 for one of the plan's periods."""

    period = forms.ChoiceField(label=_("period"))
    planned = forms.CharField(
        label=_("planned progress (%)"),
        max_length=20,
        help_text=_("A number from 0 to 100, e.g. 72.3"),
    )

    def __init__(self, *args: Any, periods: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p.key, p.key) for p in periods]


class ProjectForm(NamedErrorsMixin, forms.Form):
    """The office changes a project as the table prints it: money in 백만원 (blank, '-',
    '계속사업', '미정' are no number), the period in any of the table's forms."""

    name = forms.CharField(label=_("name"), max_length=300)
    period_raw = forms.CharField(
        label=_("period as printed"),
        max_length=100,
        required=False,
        help_text=_("e.g. 2018~, ~2025, 계속, 2016 ~ 2028 (민자사업)"),
    )
    total_cost_raw = forms.CharField(
        label=_("total cost (million won)"), max_length=50, required=False
    )
    budget_raw = forms.CharField(
        label=_("budget of the year (million won)"), max_length=50, required=False
    )
    progress_text = forms.CharField(
        label=_("progress (추진사항)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
