"""Who is asking: ``Authorization: Bearer sg_…`` (a personal API token) or nobody (the
public); a presented token that is unknown or revoked is refused (401), never read as
anonymous. And the rate limit: a fixed window per token owner or per IP address."""

from __future__ import annotations

import math
import threading
import time
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from seonggwa.accounts.tokens import token_user


class Anonymous(AnonymousUser):
    """The public (truthy, so django-ninja accepts it as the result of authentication)."""

    def __bool__(self) -> bool:
        return True

    def __str__(self) -> str:
        return "anonymous"


class TokenAuth(HttpBearer):
    """A personal API token; required (writes)."""

    openapi_description = "개인 API 토큰: `Authorization: Bearer sg_…` (계정 > API 토큰에서 발급)"

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = token_user(token)
        if user is None:
            raise AuthenticationError(message="invalid_token")
        return user


class OptionalTokenAuth(TokenAuth):
    """A personal API token, or none at all (the public); reads."""

    def __call__(self, request: HttpRequest) -> Any | None:
        if not request.headers.get(self.header):
            return Anonymous()
        result = super().__call__(request)
        if result is None:  # a header that is not "Bearer <token>"
            raise AuthenticationError(message="invalid_token")
        return result


def user_of(request: HttpRequest) -> Any:
    return getattr(request, "auth", None) or Anonymous()


def _client(request: HttpRequest) -> str:
    user = getattr(request, "auth", None)
    if user is not None and getattr(user, "is_authenticated", False):
        return f"user:{user.pk}"
    return f"ip:{request.META.get('REMOTE_ADDR', '')}"


class FixedWindowThrottle(BaseThrottle):
    """``SEONGGWA_API_RATE_ANONYMOUS`` / ``SEONGGWA_API_RATE_TOKEN`` requests per
    ``SEONGGWA_API_RATE_WINDOW`` seconds, counted in Django's cache per client; over it the
    API answers 429 with Retry-After (seconds to the next window)."""

    _local = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        window = int(getattr(settings, "SEONGGWA_API_RATE_WINDOW", 60))
        user = getattr(request, "auth", None)
        limit = int(
            getattr(settings, "SEONGGWA_API_RATE_TOKEN", 600)
            if user is not None and getattr(user, "is_authenticated", False)
            else getattr(settings, "SEONGGWA_API_RATE_ANONYMOUS", 120)
        )
        if limit <= 0:
            return True
        now = time.time()
        start = int(now // window) * window
        key = f"seonggwa-api-rate:{_client(request)}:{start}"
        cache.add(key, 0, timeout=window + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window + 1)
            count = 1
        self._local.wait = max(1, math.ceil(start + window - now))
        return bool(count <= limit)

    def wait(self) -> float | None:
        return float(getattr(self._local, "wait", 1))
