"""Forms of the ad-hoc review pages (web/reviews_views.py)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from seonggwa.accounts.models import RoleAssignment, valid_on
from seonggwa.organisations.models import OrgUnit
from seonggwa.reviews.models import FollowUp, Review

from .office_forms import DateInput, NamedErrorsMixin


class ReviewForm(NamedErrorsMixin, forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=1990, max_value=2100)
    number = forms.IntegerField(label=_("number in the list"), min_value=1, max_value=999)
    topic = forms.CharField(label=_("topic"), max_length=300)
    department = forms.ModelChoiceField(
        label=_("target department"), queryset=OrgUnit.objects.none(), required=False
    )
    department_label = forms.CharField(
        label=_("target department (as printed)"),
        max_length=200,
        required=False,
        help_text=_("Left empty: the name of the unit chosen above."),
    )
    timing_raw = forms.CharField(
        label=_("timing"), max_length=50, required=False, help_text=_("e.g. '20.1월")
    )
    method = forms.ChoiceField(label=_("method"), choices=Review.Method.choices)
    period_raw = forms.CharField(
        label=_("period"),
        max_length=200,
        required=False,
        help_text=_("추진기간 or 점검기간 as written, e.g. '20. 2. 3. ~ 13."),
    )
    direction = forms.CharField(
        label=_("direction (추진방향)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    content = forms.CharField(
        label=_("main content (주요내용·점검내용)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    total_cost = forms.CharField(label=_("total cost (총사업비)"), max_length=300, required=False)
    subject = forms.CharField(
        label=_("inspected (점검대상)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    approach = forms.CharField(
        label=_("how (점검방법)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: object, organisation: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["department"].queryset = OrgUnit.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation
        ).order_by("name")

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("department_label") and data.get("department") is not None:
            data["department_label"] = data["department"].name
        if not data.get("department_label"):
            self.add_error("department", _("Choose the target department or write its name."))
        return data


class RoundForm(NamedErrorsMixin, forms.Form):
    number = forms.IntegerField(label=_("round"), min_value=1, max_value=50)
    title = forms.CharField(label=_("title"), max_length=300, required=False)
    starts_on = forms.DateField(label=_("from"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("to"), required=False, widget=DateInput())


class ItemForm(NamedErrorsMixin, forms.Form):
    KINDS = [
        ("finding", _("finding (점검결과)")),
        ("recommendation", _("recommendation (검토의견)")),
    ]
    kind = forms.ChoiceField(label=_("kind"), choices=KINDS)
    heading = forms.CharField(label=_("group heading"), max_length=200, required=False)
    text = forms.CharField(label=_("text"), widget=forms.Textarea(attrs={"rows": 2}))
    details = forms.CharField(
        label=_("details"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One detail a line."),
    )


class ItemEditForm(NamedErrorsMixin, forms.Form):
    heading = forms.CharField(label=_("group heading"), max_length=200, required=False)
    text = forms.CharField(label=_("text"), widget=forms.Textarea(attrs={"rows": 3}))
    details = forms.CharField(
        label=_("details"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One detail a line."),
    )


class AssignForm(NamedErrorsMixin, forms.Form):
    owner_unit = forms.ModelChoiceField(
        label=_("owning unit"), queryset=OrgUnit.objects.none(), required=False
    )
    owner = forms.ModelChoiceField(
        label=pgettext_lazy("follow-up", "owner"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=_("Left empty: the unit's staff and managers answer for it."),
    )
    due_on = forms.DateField(label=_("due date"), required=False, widget=DateInput())

    def __init__(self, *args: object, organisation: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["owner_unit"].queryset = OrgUnit.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation
        ).order_by("name")
        people = RoleAssignment.objects.filter(
            valid_on(timezone.localdate()), organisation=organisation
        ).values("user_id")
        self.fields["owner"].queryset = (  # type: ignore[attr-defined]
            get_user_model().objects.filter(pk__in=people, is_active=True).order_by("username")
        )


class FileForm(NamedErrorsMixin, forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=FollowUp.Status.choices)
    notes = forms.CharField(
        label=_("what was done"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput())
