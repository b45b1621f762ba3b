"""Production: behind a TLS-terminating proxy, secure by default, tuned by the environment
(docs/deployment.md lists every variable and an example that passes ``check --deploy``)."""

import os

from seonggwa.core.jsonlog import json_logging

from .base import *  # noqa: F403


def _env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def _env_flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def proxy_ssl_header(raw: str) -> tuple[str, str] | None:
    """``X-Forwarded-Proto=https`` (the header the proxy sets, and the value that means the
    browser used HTTPS) as Django's ``SECURE_PROXY_SSL_HEADER``; empty: no proxy header.

    >>> proxy_ssl_header("X-Forwarded-Proto=https")
    ('HTTP_X_FORWARDED_PROTO', 'https')
    >>> proxy_ssl_header("") is None
    True
    """
    if not raw.strip():
        return None
    header, sep, value = raw.partition("=")
    if not sep or not header.strip() or not value.strip():
        raise ValueError(
            "SEONGGWA_PROXY_SSL_HEADER: 'X-Forwarded-Proto=https' 처럼 헤더=값으로 쓰세요 "
            f"(받은 값: {raw!r})."
        )
    name = header.strip().upper().replace("-", "_")
    if not name.startswith("HTTP_"):
        name = "HTTP_" + name
    return (name, value.strip())


DEBUG = False
SECRET_KEY = os.environ["SEONGGWA_SECRET_KEY"]

# The addresses a browser reaches the site at (https://seonggwa.hanbit.go.kr): a form posted
# through the proxy carries that Origin, which Django's CSRF check must trust.
CSRF_TRUSTED_ORIGINS = _env_list("SEONGGWA_TRUSTED_ORIGINS")
# The proxy terminates TLS and tells Django so in a header; without it every request looks
# like plain HTTP (redirect loops, refused admin logins).
SECURE_PROXY_SSL_HEADER = proxy_ssl_header(os.environ.get("SEONGGWA_PROXY_SSL_HEADER", ""))
SECURE_SSL_REDIRECT = _env_flag("SEONGGWA_SSL_REDIRECT", True)
# HSTS: a year by default; 0 turns it off. Preload only when asked (it is hard to undo).
SECURE_HSTS_SECONDS = int(os.environ.get("SEONGGWA_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_flag("SEONGGWA_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = _env_flag("SEONGGWA_HSTS_PRELOAD", False)
# check --deploy recommends preloading; it stays the operator's choice, so its warning is
# silenced unless asked for.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Static files: `seonggwa serve --production` runs collectstatic into STATIC_ROOT
# (SEONGGWA_VAR_DIR/static) and whitenoise serves them from each web worker, compressed
# (gzip, brotli) and, for the hashed names, cached for a year; no proxy rule is needed.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# the health check first (seonggwa.web.health), then one log line a request, then whitenoise
# right after SecurityMiddleware as whitenoise asks (before sessions: a static file reads none)
MIDDLEWARE = [
    "seonggwa.web.health.HealthCheckMiddleware",
    "seonggwa.web.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *[
        name
        for name in MIDDLEWARE  # noqa: F405
        if name
        not in {
            "seonggwa.web.health.HealthCheckMiddleware",
            "django.middleware.security.SecurityMiddleware",
        }
    ],
]

# Logs: JSON lines on standard output (seonggwa.core.jsonlog), one a request
# (seonggwa.request: method, path, status, duration_ms, user_id, request_id) plus Django's
# errors and warnings; the service manager (systemd's journal, docker) collects them.
# SEONGGWA_LOG_LEVEL (default INFO) raises or lowers the threshold.
LOG_LEVEL = os.environ.get("SEONGGWA_LOG_LEVEL", "INFO").upper()
LOGGING = json_logging(
    {
        "seonggwa": (LOG_LEVEL, True),
        # the request log already has a line for each 4xx/5xx; django.request adds the
        # traceback of a 500 (ERROR), so only errors from it
        "django.request": ("ERROR", True),
        "django.security": ("WARNING", True),
    }
)
