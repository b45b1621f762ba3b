"""The seonggwa command: help texts, exit codes, and the commands end to end."""

import os
import subprocess
import sys

import pytest

from seonggwa.cli import build_parser, main

FOUNDATION = ["init", "serve", "load-sample", "dump", "restore", "createuser"]
SUBCOMMANDS = sorted(build_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]


def test_the_foundation_subcommands_are_registered():
    assert set(FOUNDATION) <= set(SUBCOMMANDS)


def test_top_level_help_lists_every_subcommand(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for name in SUBCOMMANDS:
        assert name in out
    assert "DATABASE_URL" in out


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_every_subcommand_has_help_with_a_description(capsys, name):
    with pytest.raises(SystemExit) as exc:
        main([name, "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert f"usage: seonggwa {name}" in out
    sub = build_parser()._subparsers._group_actions[0].choices[name]  # type: ignore[union-attr]
    assert sub.description and sub.description in " ".join(out.split())


def test_unknown_subcommand_exits_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["frobnicate"])
    assert exc.value.code == 2


def test_console_script_runs_in_a_fresh_process():
    out = subprocess.run(
        [sys.executable, "-m", "seonggwa.cli", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.startswith("seonggwa ")


@pytest.mark.django_db
def test_dump_of_an_unknown_organisation_is_a_clear_error(capsys, tmp_path):
    assert main(["dump", str(tmp_path / "x.json"), "--org", "없는시"]) == 1
    assert "기관 '없는시'이(가) 없습니다" in capsys.readouterr().err


@pytest.mark.django_db
def test_dump_and_restore_commands(sample, capsys, tmp_path):
    path = tmp_path / "backup.json"
    assert main(["dump", str(path), "--org", "한빛시"]) == 0
    assert main(["restore", str(path)]) == 1
    assert "--replace" in capsys.readouterr().err
    assert main(["restore", str(path), "--replace"]) == 0
    assert "복원 완료" in capsys.readouterr().out


@pytest.mark.django_db
def test_createuser_with_role_and_unit(sample, capsys, django_user_model):
    assert (
        main(
            [
                "createuser",
                "kim",
                "--password",
                "a-long-password-1",
                "--org",
                "한빛시",
                "--role",
                "unit_staff",
                "--unit",
                "복지 정책국",
            ]
        )
        == 0
    )
    user = django_user_model.objects.get(username="kim")
    assert user.check_password("a-long-password-1")
    assert user.roles.get().unit.name == "복지정책국"


@pytest.mark.django_db
def test_createuser_refuses_a_weak_password_and_creates_nothing(capsys, django_user_model):
    assert main(["createuser", "lee", "--password", "1234"]) == 1
    assert "비밀번호" in capsys.readouterr().err
    assert not django_user_model.objects.filter(username="lee").exists()


@pytest.mark.slow
def test_init_and_load_sample_on_a_new_sqlite_database_twice(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "seonggwa.config.settings.test",
    }

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "seonggwa.cli", *args], env=env, capture_output=True, text=True
        )

    assert run("init").returncode == 0
    first = run("load-sample")
    assert (
        first.returncode == 0
        and "불러왔습니다" in first.stdout
        and "hanbit-admin-2026" in first.stdout
    )
    second = run("load-sample")
    assert second.returncode == 0 and "그대로 둡니다" in second.stdout
    dump = run("dump", str(tmp_path / "d.json"), "--org", "한빛시")
    assert dump.returncode == 0, dump.stderr
    import json

    tables = json.loads((tmp_path / "d.json").read_text())["tables"]
    assert len(tables["organisations.Organisation"]) == 1  # the second load duplicated nothing


@pytest.mark.slow
def test_commands_on_an_empty_or_outdated_database_say_to_run_init(tmp_path):
    db = tmp_path / "old.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "DJANGO_SETTINGS_MODULE": "seonggwa.config.settings.test",
    }

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "seonggwa.cli", *args], env=env, capture_output=True, text=True
        )

    empty = run("summary", "--org", "한빛시", "--year", "2026")
    assert (
        empty.returncode == 1
        and "비어 있습니다" in empty.stderr
        and "seonggwa init" in empty.stderr
    )
    migrate = [sys.executable, "-m", "django", "migrate", "sources", "0001", "--noinput"]
    subprocess.run(migrate, env=env, check=True, capture_output=True)
    old = run("load-sample")
    assert old.returncode == 1 and "오래되었습니다" in old.stderr and "Traceback" not in old.stderr
    assert run("init").returncode == 0
    assert run("load-sample").returncode == 0


@pytest.mark.django_db
def test_init_empties_the_figures_cache(capsys):
    """Cached figures are keyed on the data's state, not on the code that rendered them:
    `seonggwa init`, which every upgrade runs, forgets what an earlier version rendered."""
    from seonggwa.core.readcache import cached, figures_cache, state_key

    assert cached("upgrade-probe", (1,), lambda: "old page") == "old page"
    assert figures_cache().get(state_key("upgrade-probe", (1,))) == "old page"
    assert main(["init"]) == 0
    assert figures_cache().get(state_key("upgrade-probe", (1,))) is None
    assert cached("upgrade-probe", (1,), lambda: "new page") == "new page"
