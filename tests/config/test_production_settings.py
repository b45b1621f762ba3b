"""Production settings behind a TLS proxy: ``check --deploy`` is clean with the example
environment of docs/deployment.md, and an admin sign-in posted through the proxy is not
refused by the CSRF check."""

from __future__ import annotations

import importlib
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.test import Client, override_settings

ROOT = Path(__file__).resolve().parents[2]
PUBLIC_HOST = "seonggwa.hanbit.go.kr"
# the example environment of docs/deployment.md (the test reads it from there)
DOC = ROOT / "docs" / "deployment.md"


def example_environment() -> dict[str, str]:
    """The ``KEY=value`` lines of the example block in docs/deployment.md."""
    text = DOC.read_text(encoding="utf-8")
    block = text.split("```sh", 1)[1].split("```", 1)[0]
    env = {}
    for line in block.splitlines():
        match = re.match(r"^(?:export )?([A-Z_]+)=(\S*)", line.strip())
        if match:
            env[match.group(1)] = match.group(2).strip("'\"")
    return env


def production(monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> ModuleType:
    """The production settings module as the environment ``env`` makes it."""
    for key in list(os.environ):
        if key.startswith("SEONGGWA_"):
            monkeypatch.delenv(key)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    importlib.reload(importlib.import_module("seonggwa.config.settings.base"))
    return importlib.reload(importlib.import_module("seonggwa.config.settings.production"))


def test_the_documented_example_sets_every_deployment_variable() -> None:
    env = example_environment()
    for key in (
        "SEONGGWA_SECRET_KEY",
        "SEONGGWA_ALLOWED_HOSTS",
        "SEONGGWA_TRUSTED_ORIGINS",
        "SEONGGWA_PROXY_SSL_HEADER",
    ):
        assert key in env, key


def test_check_deploy_is_clean_with_the_documented_environment(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SEONGGWA_", "DATABASE_URL"))}
    env.update(example_environment())
    env.update(
        DJANGO_SETTINGS_MODULE="seonggwa.config.settings.production",
        SEONGGWA_VAR_DIR=str(tmp_path),
        PYTHONPATH=str(ROOT / "src"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    )
    done = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "WARNING" not in output and "security.W" not in output, output
    assert "no issues" in output


def test_without_the_example_check_deploy_still_has_hsts_and_redirect(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = production(monkeypatch, {"SEONGGWA_SECRET_KEY": "x" * 60})
    assert settings.SECURE_SSL_REDIRECT is True
    assert settings.SECURE_HSTS_SECONDS >= 31536000
    assert settings.SECURE_HSTS_INCLUDE_SUBDOMAINS is True
    assert settings.SECURE_HSTS_PRELOAD is False  # only when asked
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE
    assert settings.SECURE_PROXY_SSL_HEADER is None
    assert settings.CSRF_TRUSTED_ORIGINS == []


@pytest.mark.parametrize(
    ("env", "name", "expected"),
    [
        ({"SEONGGWA_PROXY_SSL_HEADER": "X-Forwarded-Proto=https"}, "SECURE_PROXY_SSL_HEADER",
         ("HTTP_X_FORWARDED_PROTO", "https")),
        ({"SEONGGWA_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_SSL=on"}, "SECURE_PROXY_SSL_HEADER",
         ("HTTP_X_FORWARDED_SSL", "on")),
        ({"SEONGGWA_TRUSTED_ORIGINS": "https://a.go.kr, https://b.go.kr,"},
         "CSRF_TRUSTED_ORIGINS", ["https://a.go.kr", "https://b.go.kr"]),
        ({"SEONGGWA_HSTS_SECONDS": "0"}, "SECURE_HSTS_SECONDS", 0),
        ({"SEONGGWA_HSTS_PRELOAD": "1"}, "SECURE_HSTS_PRELOAD", True),
        ({"SEONGGWA_HSTS_INCLUDE_SUBDOMAINS": "0"}, "SECURE_HSTS_INCLUDE_SUBDOMAINS", False),
        ({"SEONGGWA_SSL_REDIRECT": "0"}, "SECURE_SSL_REDIRECT", False),
    ],
)  # fmt: skip
def test_each_variable_sets_its_setting(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], name: str, expected: Any
) -> None:
    settings = production(monkeypatch, {"SEONGGWA_SECRET_KEY": "x" * 60, **env})
    assert getattr(settings, name) == expected


def test_a_malformed_proxy_header_is_refused_saying_how_to_write_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(ValueError, match="X-Forwarded-Proto=https"):
        production(
            monkeypatch,
            {"SEONGGWA_SECRET_KEY": "x" * 60, "SEONGGWA_PROXY_SSL_HEADER": "X-Forwarded-Proto"},
        )


def _deployed(settings: ModuleType) -> dict[str, Any]:
    names = [
        "ALLOWED_HOSTS",
        "CSRF_TRUSTED_ORIGINS",
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
    ]
    return {name: getattr(settings, name) for name in names}


def _admin_login(host: str, proxied: bool) -> Any:
    """Sign in at /admin/login/ as a browser behind the proxy would: the page read first (its
    CSRF cookie and token), then the form posted with the public Origin."""
    client = Client(enforce_csrf_checks=True)
    headers: dict[str, str] = {"HTTP_HOST": host}
    if proxied:
        headers["HTTP_X_FORWARDED_PROTO"] = "https"
    page = client.get("/admin/login/", secure=False, **headers)  # type: ignore[arg-type]
    assert page.status_code == 200, page.status_code
    token = page.context["csrf_token"]
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "deploy-admin", "password": "correct horse 42", "csrfmiddlewaretoken": token},
        HTTP_ORIGIN=f"https://{PUBLIC_HOST}",
        HTTP_REFERER=f"https://{PUBLIC_HOST}/admin/login/",
        **headers,  # type: ignore[arg-type]
    )


@pytest.fixture
def deploy_admin(db: Any) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser(
        "deploy-admin", "admin@example.go.kr", "correct horse 42"
    )


def test_an_admin_login_through_the_tls_proxy_is_not_csrf_refused(
    monkeypatch: pytest.MonkeyPatch, deploy_admin: Any
) -> None:
    settings = production(monkeypatch, example_environment())
    with override_settings(**_deployed(settings)):
        # the proxy passes the public host name on
        response = _admin_login(PUBLIC_HOST, proxied=True)
    assert response.status_code == 302, response.status_code
    assert response["Location"] == "/admin/"


def test_a_proxy_passing_its_own_host_needs_the_trusted_origin(
    monkeypatch: pytest.MonkeyPatch, deploy_admin: Any
) -> None:
    settings = production(monkeypatch, example_environment())
    deployed = _deployed(settings)
    deployed["ALLOWED_HOSTS"] = [*settings.ALLOWED_HOSTS, "app.internal"]
    with override_settings(**deployed):
        response = _admin_login("app.internal", proxied=True)
    assert response.status_code == 302
    with override_settings(**{**deployed, "CSRF_TRUSTED_ORIGINS": []}):
        refused = _admin_login("app.internal", proxied=True)
    assert refused.status_code == 403  # what the trusted origin setting prevents


def test_without_the_proxy_header_plain_http_is_redirected_to_https(
    monkeypatch: pytest.MonkeyPatch, deploy_admin: Any
) -> None:
    settings = production(monkeypatch, example_environment())
    with override_settings(**_deployed(settings)):
        response = Client().get("/admin/login/", HTTP_HOST=PUBLIC_HOST)
    assert response.status_code == 301
    assert response["Location"] == f"https://{PUBLIC_HOST}/admin/login/"
