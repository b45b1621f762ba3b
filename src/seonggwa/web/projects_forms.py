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
