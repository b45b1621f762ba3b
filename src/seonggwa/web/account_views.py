"""Signing in and out and changing one's password on the site itself, for every role (the
admin's own login stays for staff). Django's views with KRDS templates; the sign-in is
throttled by django-axes (``AXES_*`` in the settings), whose lockout page is
``web/accounts/locked.html``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from seonggwa.accounts.services import password_change
from seonggwa.core.errors import ServiceError

from .forms import KrdsPasswordChangeForm, LoginForm
from .password_gate import SESSION_KEY, password_changed


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

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["temporary"] = bool(self.request.session.get(SESSION_KEY))
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        """The form checked the old password; the service sets the new one (audited) and
        lifts the obligation to change a temporary password."""
        user: Any = self.request.user
        try:
            password_change(
                user=user,
                person=user,
                password=form.cleaned_data["new_password1"],
            )
        except ServiceError as exc:
            form.add_error("new_password1", str(exc))
            return self.form_invalid(form)
        update_session_auth_hash(self.request, user)
        password_changed(self.request)
        return HttpResponseRedirect(self.get_success_url())


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "web/accounts/password_change_done.html"
