"""Forms of the major-project pages (web/projects_views.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from seonggwa.engine.projects import period_split
from seonggwa.organisations.models import OrgUnit
from seonggwa.projects.models import Project

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
        self.fields["period"].choices = [(p.key, p.key) for p in periods]  # type: ignore[attr-defined]


class ProjectForm(NamedErrorsMixin, forms.Form):
    """The office registers a project, a sub-project or a parent (과제 grouping sub-projects),
    or changes one, as the table prints it: money in 백만원 (blank, '-', '계속사업', '미정' are
    no number), the period in any of the table's forms, the financing tag printed in brackets
    after it. A parent has no 연번 and no money of its own (its sub-projects', R18)."""

    is_parent = forms.BooleanField(
        label=_("a parent project grouping sub-projects (no number, no amounts)"), required=False
    )
    name = forms.CharField(label=_("project title (과제명)"), max_length=300)
    number = forms.IntegerField(
        label=_("number (연번)"), min_value=1, max_value=9999, required=False
    )
    department = forms.ModelChoiceField(label=_("department"), queryset=OrgUnit.objects.none())
    parent = forms.ModelChoiceField(
        label=_("parent project"),
        queryset=Project.objects.none(),
        required=False,
        empty_label=_("none (a project of its own)"),
    )
    period_raw = forms.CharField(
        label=_("period as printed"),
        max_length=100,
        required=False,
        help_text=_("e.g. 2018~, ~2025, 계속, '20.1월.~12월, 2016 ~ 2028"),
    )
    financing = forms.CharField(
        label=_("financing"),
        max_length=60,
        required=False,
        help_text=_("Printed in brackets after the period, e.g. 민자사업, 공공기여금"),
    )
    total_cost_raw = forms.CharField(
        label=_("total cost (million won)"),
        max_length=50,
        required=False,
        help_text=_("As printed: 10,681; blank, -, 계속사업 or 미정 is no amount"),
    )
    budget_raw = forms.CharField(
        label=_("budget of the year (million won)"),
        max_length=50,
        required=False,
        help_text=_("Over the total cost is shown as an R18 finding, not refused"),
    )
    progress_text = forms.CharField(
        label=_("progress (추진사항)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, plan: Any, project: Project | None = None, **kwargs: Any):
        self.project = project
        if project is not None and "initial" not in kwargs:
            period, financing = period_split(project.period_raw)
            kwargs["initial"] = {
                "name": project.name,
                "number": project.number,
                "department": project.department_id,
                "parent": project.parent_id,
                "period_raw": period,
                "financing": financing,
                "total_cost_raw": project.total_cost_raw,
                "budget_raw": project.budget_raw,
                "progress_text": project.progress_text,
            }
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["department"].queryset = OrgUnit.objects.filter(  # type: ignore[attr-defined]
            organisation_id=plan.organisation_id
        ).order_by("name")
        fields["parent"].queryset = Project.objects.filter(  # type: ignore[attr-defined]
            plan=plan, number__isnull=True
        ).order_by("position", "pk")
        if project is not None:
            del fields["is_parent"]
            if project.is_parent:
                for name in ("number", "parent", "total_cost_raw", "budget_raw"):
                    del fields[name]
            else:
                fields["number"].required = True

    @property
    def makes_parent(self) -> bool:
        """The form registers (or changes) a parent: no 연번, no amounts, no parent."""
        if self.project is not None:
            return self.project.is_parent
        return bool(self.cleaned_data.get("is_parent"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.makes_parent:
            data["number"] = None
            if data.get("parent") is not None:
                self.add_error("parent", _("A parent project is not placed under another one."))
        elif data.get("number") is None and "number" not in self.errors:
            self.add_error("number", self.fields["number"].error_messages["required"])
        return data

    def service_arguments(self) -> dict[str, Any]:
        """The cleaned data as ``project_save`` takes it."""
        data = dict(self.cleaned_data)
        data.pop("is_parent", None)
        data.setdefault("number", None)
        data.setdefault("parent", None)
        data.setdefault("total_cost_raw", "")
        data.setdefault("budget_raw", "")
        return data
