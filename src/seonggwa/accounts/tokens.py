"""Personal API tokens: created and revoked by their owner, stored as a SHA-256 digest, found
by their prefix. ``token_user`` answers who a presented token belongs to (or ``None``)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from seonggwa.audit.models import AuditEvent
from seonggwa.core.errors import PermissionDenied, ServiceError

from .models import ApiToken

MODEL = "accounts.ApiToken"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _audit(action: str, token: ApiToken, user: Any, changes: dict[str, Any]) -> None:
    AuditEvent.objects.create(
        actor=user,
        actor_label=user.get_username()[:150],
        action=action,
        model=MODEL,
        object_pk=str(token.pk),
        object_repr=str(token)[:300],
        changes=changes,
    )


@transaction.atomic
def token_create(*, user: Any, name: str) -> tuple[ApiToken, str]:
    """A new token of ``user`` named ``name``; returns the row and the token text (shown once).

    Only a signed-in, active user creates tokens, for themselves."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise PermissionDenied(gettext("로그인한 사용자만 API 토큰을 만들 수 있습니다."))
    name = name.strip()
    if not name:
        raise ServiceError(gettext("토큰 이름을 입력하세요(예: 열린데이터 연계)."), field="name")
    if len(name) > 100:
        raise ServiceError(gettext("토큰 이름은 100자 이내로 입력하세요."), field="name")
    prefix = secrets.token_hex(4)
    text = f"sg_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(user=user, name=name, prefix=prefix, digest=_digest(text))
    _audit(AuditEvent.Action.CREATE, token, user, {"name": [None, name], "prefix": [None, prefix]})
    return token, text


@transaction.atomic
def token_revoke(*, user: Any, token: ApiToken) -> ApiToken:
    """Revoke one of ``user``'s own tokens (once; revoking again changes nothing)."""
    current = ApiToken.objects.select_for_update().get(pk=token.pk)
    if current.user_id != getattr(user, "pk", None):
        raise PermissionDenied(gettext("자신의 API 토큰만 폐기할 수 있습니다."))
    if current.revoked_at is None:
        current.revoked_at = timezone.now()
        current.save(update_fields=["revoked_at"])
        _audit(
            AuditEvent.Action.UPDATE,
            current,
            user,
            {"revoked_at": [None, current.revoked_at.isoformat()]},
        )
    return current


def token_user(text: str) -> Any | None:
    """The active user a presented token belongs to, or ``None`` (unknown, revoked, wrong)."""
    parts = text.split("_", 2)
    if len(parts) != 3 or parts[0] != "sg":
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(prefix=parts[1], revoked_at__isnull=True)
        .first()
    )
    if token is None or not hmac.compare_digest(token.digest, _digest(text)):
        return None
    if not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def tokens_of(*, user: Any) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user_id=user.pk))
