"""A temporary password must be changed at the first sign-in (docs/workflow.md "People and
units"): when the office created the account or reset its password
(``accounts.TemporaryPassword``), the sign-in marks the session, and until the person changes
the password every page but the password change and signing out sends them there.

The mark is read once, at sign-in, so other requests cost no query; a reset while the person
is signed in changes the password and so ends their session (Django checks the session's
password hash), and the next sign-in reads the mark again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY as USER_SESSION_KEY
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from seonggwa.accounts.selectors import password_change_required

SESSION_KEY = "seonggwa_password_change_required"
OPEN_URLS = ("web:password-change", "web:password-change-done", "web:logout")
# the directory checks its own password (docs/sign-in.md): seonggwa's temporary one is not used
DIRECTORY_BACKEND = "seonggwa.accounts.ldap_backend.DirectoryBackend"


def remember_at_sign_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """``user_logged_in``: mark the session of a person who signed in with a temporary
    password (not through the directory)."""
    if request is None or not hasattr(request, "session"):
        return
    local = getattr(user, "backend", "") != DIRECTORY_BACKEND
    if local and password_change_required(user_id=user.pk):
        request.session[SESSION_KEY] = True
    else:
        request.session.pop(SESSION_KEY, None)


def password_changed(request: HttpRequest) -> None:
    """The person changed their password: the other pages open again."""
    request.session.pop(SESSION_KEY, None)


class PasswordChangeGate:
    """Sends a person signed in with a temporary password to the password change; ends for
    good a session whose account can no longer sign in (deactivated, removed), so allowing
    the account again does not revive it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or USER_SESSION_KEY not in request.session:
            return self.get_response(request)
        if not user.is_authenticated:  # deactivated (or removed) since it signed in
            request.session.flush()
        elif request.session.get(SESSION_KEY) and not self._open(request.path):
            return redirect(reverse("web:password-change"))
        return self.get_response(request)

    @staticmethod
    def _open(path: str) -> bool:
        if any(path == reverse(name) for name in OPEN_URLS):
            return True
        static = "/" + str(settings.STATIC_URL or "static/").lstrip("/")
        return path.startswith((static, "/i18n/"))
