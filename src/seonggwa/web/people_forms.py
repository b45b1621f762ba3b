"""Forms of the evaluation office's people and units pages: accounts, roles, transfers,
delegations and unit reorganisation. They parse input; the rules are the services'
(``accounts.services``, ``organisations.services``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from seonggwa.accounts.models import Delegation, Role

from .office_forms import DateInput, NamedErrorsMixin


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        if obj.valid_to is not None:
            return f"{obj.name} (~{obj.valid_to:%Y-%m-%d})"
        return str(obj.name)


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name()
        return f"{obj.get_username()} ({name})" if name else str(obj.get_username())


class AccountCreateForm(NamedErrorsMixin, forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    # unit staff first: most accounts are; a central role is a deliberate choice
    role = forms.ChoiceField(label=_("role"), choices=Role.choices, initial=Role.UNIT_STAFF)
    unit = UnitChoiceField(
        label=_("unit"),
        queryset=None,
        required=False,
        help_text=_("Required for unit staff and managers; empty = the whole organisation."),
    )
    password = forms.CharField(
        label=_("Temporary password"),
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Leave it empty and the system makes one, shown to you once. The person changes "
            "it at their first sign-in."
        ),
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class PasswordResetForm(NamedErrorsMixin, forms.Form):
    password = forms.CharField(
        label=_("Temporary password"),
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Leave it empty and the system makes one, shown to you once. The person changes "
            "it at their first sign-in."
        ),
    )


class RoleGrantForm(NamedErrorsMixin, forms.Form):
    # unit staff first: most accounts are; a central role is a deliberate choice
    role = forms.ChoiceField(label=_("role"), choices=Role.choices, initial=Role.UNIT_STAFF)
    unit = UnitChoiceField(label=_("unit"), queryset=None, required=False)
    valid_from = forms.DateField(
        label=_("from"), required=False, widget=DateInput(), help_text=_("Empty = today.")
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class TransferForm(NamedErrorsMixin, forms.Form):
    from_unit = UnitChoiceField(label=_("from unit"), queryset=None)
    to_unit = UnitChoiceField(label=_("to unit"), queryset=None)
    on = forms.DateField(
        label=_("effective on"),
        widget=DateInput(),
        help_text=_("The first day in the new unit; the old unit's rights end the day before."),
    )

    def __init__(self, *args: Any, from_units: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["from_unit"].queryset = from_units  # type: ignore[attr-defined]
        self.fields["to_unit"].queryset = units  # type: ignore[attr-defined]


class DelegationForm(NamedErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("rights"), choices=Delegation.Kind.choices)
    unit = UnitChoiceField(label=_("unit"), queryset=None)
    delegate = PersonChoiceField(label=_("delegate"), queryset=None)
    starts_on = forms.DateField(label=_("from"), widget=DateInput())
    ends_on = forms.DateField(label=_("to"), widget=DateInput())
    reason = forms.CharField(label=_("reason"), required=False, max_length=200)

    def __init__(self, *args: Any, units: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["delegate"].queryset = people  # type: ignore[attr-defined]


class UnitRenameForm(NamedErrorsMixin, forms.Form):
    unit = UnitChoiceField(label=_("unit"), queryset=None)
    new_name = forms.CharField(label=_("new name"), max_length=200)
    on = forms.DateField(label=_("effective on"), widget=DateInput())

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class UnitMergeForm(NamedErrorsMixin, forms.Form):
    units = forms.ModelMultipleChoiceField(
        label=_("units to merge"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )
    new_name = forms.CharField(label=_("name of the merged unit"), max_length=200)
    on = forms.DateField(label=_("effective on"), widget=DateInput())

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units  # type: ignore[attr-defined]


class UnitSplitForm(NamedErrorsMixin, forms.Form):
    unit = UnitChoiceField(label=_("unit"), queryset=None)
    new_names = forms.CharField(
        label=_("names of the new units"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One name a line, at least two."),
    )
    on = forms.DateField(label=_("effective on"), widget=DateInput())

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
