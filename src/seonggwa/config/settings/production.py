"""Production: behind a TLS-terminating proxy, secure by default, tuned by the environment
(docs/deployment.md lists every variable and an example that passes ``check --deploy``)."""

import os

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
