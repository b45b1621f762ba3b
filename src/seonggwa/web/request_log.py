"""One log line a request (production): method, path, status, duration, user, request id.

The request id is the proxy's ``X-Request-ID`` when it sends a sane one (so the proxy's log
and ours share it), else a new one; either way the response carries it back in
``X-Request-ID``, and ``request.request_id`` has it for any other log line of the request.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

logger = logging.getLogger("seonggwa.request")

_SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def request_id_of(request: HttpRequest) -> str:
    """The proxy's request id if it looks like one, else a new random one."""
    sent = request.headers.get("X-Request-ID", "")
    return sent if _SANE_ID.match(sent) else uuid.uuid4().hex


def _user_id(request: HttpRequest) -> int | None:
    user = getattr(request, "user", None)
    if user is None:
        return None
    try:
        return user.pk if user.is_authenticated else None
    except Exception:  # the session could not be read (database down): the line still goes out
        return None


class RequestLogMiddleware:
    """Outermost (after the health check): logs every request once, errors included."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        request_id = request_id_of(request)
        request.request_id = request_id  # type: ignore[attr-defined]
        started = time.perf_counter()
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            response["X-Request-ID"] = request_id
            return response
        finally:
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            level = logging.ERROR if status >= 500 else logging.INFO
            logger.log(
                level,
                "%s %s %s",
                request.method,
                request.path,
                status,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": status,
                    "duration_ms": duration_ms,
                    "user_id": _user_id(request),
                    "request_id": request_id,
                },
            )
