"""Forms of the site. ``KrdsFormMixin`` gives every field the KRDS input class, so a form
renders with ``web/_field.html`` (label, input, hint and errors as a KRDS form group)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _

INPUT_CLASSES = {
    forms.Select: "krds-form-select",
    forms.SelectMultiple: "krds-form-select",
    forms.Textarea: "krds-input",
}


class KrdsFormMixin:
    """Adds the KRDS class of each widget (``krds-input`` for text-like inputs)."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
                continue
            css = INPUT_CLASSES.get(type(widget), "krds-input")
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


SIGN_IN_FAILED = _("Incorrect username or password.")


class LoginForm(KrdsFormMixin, AuthenticationForm):
    """Django's sign-in form with one message for every failure: a wrong password, an
    unknown user and an inactive account read the same, so the form never tells whether an
    account exists."""

    error_messages = {"invalid_login": SIGN_IN_FAILED, "inactive": SIGN_IN_FAILED}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["password"].label = _("Password")


class KrdsPasswordChangeForm(KrdsFormMixin, PasswordChangeForm):
    pass
