"""Signing in and out and changing one's password on the site itself, for every role (the
admin's own login stays for staff). Django's views with KRDS templates; the sign-in is
throttled by django-axes (``AXES_*`` in the settings), whose lockout page is
``web/accounts/locked.html``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from .forms import KrdsPasswordChangeForm, LoginForm


class SignInView(auth_views.LoginView):
    template_name = "web/accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    """POST only (Django's LogoutView); says so on the next page."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You have signed out."))
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "web/accounts/password_change.html"
    form_class = KrdsPasswordChangeForm
    success_url = reverse_lazy("web:password-change-done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "web/accounts/password_change_done.html"
