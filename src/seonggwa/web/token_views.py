"""The signed-in person's personal API tokens (docs/api.md): a list, a form to create one
(its text is shown once, on the answer to the POST, never stored) and a button to revoke
each. The rules are ``accounts.tokens``' (own tokens only; audited)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from seonggwa.accounts.models import ApiToken
from seonggwa.accounts.tokens import token_create, token_revoke, tokens_of
from seonggwa.core.errors import ServiceError

from .forms import KrdsFormMixin


class TokenForm(KrdsFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, e.g. the open-data portal link."),
    )


def _page(request: HttpRequest, form: TokenForm, new_token: str | None = None) -> HttpResponse:
    context: dict[str, Any] = {
        "form": form,
        "tokens": tokens_of(user=request.user),
        "new_token": new_token,
    }
    return render(request, "web/accounts/tokens.html", context)


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request, TokenForm())
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form)
    try:
        _token, text = token_create(user=request.user, name=form.cleaned_data["name"])
    except ServiceError as exc:
        form.add_error("name", str(exc))
        return _page(request, form)
    response = _page(request, TokenForm(), new_token=text)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user_id=request.user.pk)
    token_revoke(user=request.user, token=token)
    messages.success(request, _("The token was revoked; requests with it are refused."))
    return HttpResponseRedirect(reverse("web:api-tokens"))
