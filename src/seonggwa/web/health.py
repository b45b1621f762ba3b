"""``/healthz``: is this web worker able to serve? For the load balancer and the monitoring.

200 ``{"status": "ok", "database": "ok", ...}`` after a real ``SELECT 1`` on the database;
503 ``{"status": "error", "database": "error", "error": "..."}`` when the database does not
answer (the full error goes to the log, not to the unauthenticated caller).

It is a middleware placed first, so it answers before anything else runs: no session, no
sign-in, no CSRF, no language redirect, no HTTPS redirect (a load balancer checks plain HTTP
on the worker's own address), and no ``ALLOWED_HOSTS`` check (it calls the worker by its IP
address, which is not one of the site's host names). It answers only ``GET`` and ``HEAD`` of
exactly ``/healthz`` and reveals nothing but the status.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import HttpRequest, HttpResponseBase, JsonResponse

from seonggwa import __version__

HEALTH_PATH = "/healthz"
logger = logging.getLogger("seonggwa.health")


def health_response() -> JsonResponse:
    started = time.perf_counter()
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            row = cursor.fetchone()
        if row is None or row[0] != 1:
            raise DatabaseError(f"SELECT 1 returned {row!r}")
    except DatabaseError as exc:
        logger.error(
            "health check: the database did not answer: %s",
            exc,
            extra={"database_error": f"{type(exc).__name__}: {exc}"},
        )
        # a broken connection is not reused by the next request
        connection.close_if_unusable_or_obsolete()
        response = JsonResponse(
            {
                "status": "error",
                "database": "error",
                "error": "데이터베이스에 연결할 수 없습니다 "
                f"({type(exc).__name__}; 자세한 내용은 서버 로그를 보세요).",
                "version": __version__,
            },
            status=503,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        response = JsonResponse(
            {
                "status": "ok",
                "database": "ok",
                "version": __version__,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            }
        )
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    """First in ``MIDDLEWARE``: answers ``/healthz`` itself, passes everything else on."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.path_info == HEALTH_PATH and request.method in ("GET", "HEAD"):
            return health_response()
        return self.get_response(request)
