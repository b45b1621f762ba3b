"""``seonggwa serve --production`` refuses clearly before starting anything."""

from __future__ import annotations

import pytest

from seonggwa.cli import main


@pytest.mark.django_db
def test_production_needs_a_secret_key(monkeypatch, capsys) -> None:
    monkeypatch.delenv("SEONGGWA_SECRET_KEY", raising=False)
    assert main(["serve", "--production"]) == 1
    err = capsys.readouterr().err
    assert "SEONGGWA_SECRET_KEY" in err and "docs/deployment.md" in err


@pytest.mark.django_db
def test_skip_collectstatic_without_collected_files_is_refused(
    monkeypatch, capsys, settings, tmp_path
) -> None:
    monkeypatch.setenv("SEONGGWA_SECRET_KEY", "x" * 60)
    settings.STATIC_ROOT = tmp_path / "static"
    assert main(["serve", "--production", "--skip-collectstatic"]) == 1
    err = capsys.readouterr().err
    assert "staticfiles.json" in err and "collectstatic" in err


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "env", "needle"),
    [
        (["--workers", "0"], {}, "--workers (SEONGGWA_WEB_WORKERS)"),
        ([], {"SEONGGWA_WEB_WORKERS": "many"}, "정수"),
        ([], {"SEONGGWA_WEB_TIMEOUT": "-5"}, "1 이상"),
    ],
)
def test_bad_worker_settings_are_refused(monkeypatch, capsys, args, env, needle) -> None:
    monkeypatch.setenv("SEONGGWA_SECRET_KEY", "x" * 60)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert main(["serve", "--production", *args]) == 1
    assert needle in capsys.readouterr().err
