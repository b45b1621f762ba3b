"""``seonggwa preload``: a resident process runs ``seonggwa report`` for the command's own
process, with the same result, output, errors and exit status; nothing else changes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from seonggwa.cli import preload


def test_the_fingerprint_follows_the_settings_environment_and_the_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {"DATABASE_URL": "sqlite:///a.sqlite3", "HOME": "/root", "PWD": "/x"}
    key = preload.fingerprint(env)
    assert preload.fingerprint({**env, "PWD": "/elsewhere", "HOME": "/h"}) == key
    assert preload.fingerprint({**env, "SEONGGWA_PRELOAD": "1"}) == key
    assert preload.fingerprint({**env, "DATABASE_URL": "sqlite:///b.sqlite3"}) != key
    assert preload.fingerprint({**env, "SEONGGWA_VAR_DIR": "/srv"}) != key
    assert preload.fingerprint({**env, "DJANGO_SETTINGS_MODULE": "x"}) != key
    assert preload.fingerprint({**env, "LC_ALL": "en_US.UTF-8"}) != key

    package = tmp_path / "pkg"
    package.mkdir()
    source = package / "module.py"
    source.write_text("A = 1\n")
    monkeypatch.setattr(preload, "package_dir", lambda: package)
    before = preload.fingerprint(env)
    os.utime(source, ns=(1, 1))
    assert preload.fingerprint(env) != before  # an edited file: another key
    (package / "notes.bak").write_text("x")
    after = preload.fingerprint(env)
    (package / "notes.bak").write_text("changed")
    assert preload.fingerprint(env) == after  # files the program does not read do not count


def test_only_a_private_directory_holds_the_sockets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    directory = preload.socket_dir(create=True)
    assert directory == tmp_path / "seonggwa"
    assert directory.stat().st_mode & 0o777 == 0o700
    directory.chmod(0o755)  # others may enter: a socket there could be someone else's
    assert preload.socket_dir() is None
    assert preload.socket_path("0123456789abcdef") is None
    directory.chmod(0o700)
    assert preload.socket_path("0123456789abcdef") == directory / "0123456789abcdef.sock"


def test_which_command_lines_try_a_preloader(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SEONGGWA_PRELOAD", raising=False)
    assert preload.wanted(["report", "--org", "한빛시", "--kind", "plan"])
    assert not preload.wanted(["serve"])
    assert not preload.wanted(["worker"])
    assert not preload.wanted(["report", "--help"])
    monkeypatch.setenv("SEONGGWA_PRELOAD", "0")
    assert not preload.wanted(["report", "--org", "한빛시"])


def test_without_a_preloader_the_command_runs_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    assert preload.run_preloaded(["report"]) is None  # no directory yet
    preload.socket_dir(create=True)
    assert preload.run_preloaded(["report"]) is None  # no socket
    stale = preload.socket_path(preload.fingerprint(), create=True)
    assert stale is not None
    stale.write_text("")  # a file left behind, nobody listening
    assert preload.run_preloaded(["report"]) is None


def _csv(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


@pytest.mark.slow
def test_a_report_runs_in_the_preloader_as_it_runs_alone(tmp_path: Path) -> None:
    run_dir = tmp_path / "run"
    run_dir.mkdir(mode=0o700)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "seonggwa.config.settings.test",
        "XDG_RUNTIME_DIR": str(run_dir),
    }
    env.pop("SEONGGWA_PRELOAD", None)

    def run(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "seonggwa.cli", *args],
            env={**env, **extra},
            capture_output=True,
            text=True,
            cwd=tmp_path,
        )

    assert run("init").returncode == 0
    assert run("load-sample").returncode == 0
    report = ["report", "--org", "한빛시", "--year", "2026", "--kind", "plan", "--format", "csv"]
    alone = run(*report, "--out", "alone")
    assert alone.returncode == 0, alone.stderr

    log = tmp_path / "preload.log"
    with log.open("w") as sink:
        server = subprocess.Popen(
            [sys.executable, "-m", "seonggwa.cli", "preload"],
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            cwd=tmp_path,
        )
    try:
        deadline = time.monotonic() + 60
        while "기다립니다" not in log.read_text() and time.monotonic() < deadline:
            assert server.poll() is None, log.read_text()
            time.sleep(0.1)
        socket_file = next((run_dir / "seonggwa").glob("*.sock"))
        # warmed (Django, the report modules, Typst's fonts, matplotlib) with no thread
        # started: a fork copies only the thread that forks
        assert "스레드 1개" in log.read_text()

        served = run(*report, "--out", "served")  # a relative path: the command's directory
        assert served.returncode == 0, served.stderr
        assert "명령 1:" in log.read_text()
        assert served.stdout.replace("served", "alone") == alone.stdout
        assert _csv(tmp_path / "served") == _csv(tmp_path / "alone")

        refused = run("report", "--org", "없는시", "--year", "2026", "--kind", "plan",
                      "--format", "csv", "--out", "x")  # fmt: skip
        assert refused.returncode == 1
        assert "기관 '없는시'" in refused.stderr and "Traceback" not in refused.stderr
        assert "명령 2:" in log.read_text()
        deadline = time.monotonic() + 10  # each child's end is logged with its status and CPU
        while log.read_text().count(" 끝: 종료 상태 ") < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        ends = log.read_text()
        assert ends.count("끝: 종료 상태 0, CPU ") == 1 and ends.count("끝: 종료 상태 1, CPU ") == 1

        bad = run("report", "--kind", "nonsense")  # argparse's own refusal, exit status 2
        assert bad.returncode == 2 and "--kind" in bad.stderr

        # another database: not this preloader's settings, the command runs itself
        other = run(*report, "--out", "other", DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}")
        assert other.returncode == 1 and "seonggwa init" in other.stderr
        assert "명령 4:" not in log.read_text()
        # switched off
        off = run(*report, "--out", "off", SEONGGWA_PRELOAD="0")
        assert off.returncode == 0 and "명령 4:" not in log.read_text()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    assert server.returncode == 0
    assert not socket_file.exists()  # gone with the preloader
    after = run(*report, "--out", "after")
    assert after.returncode == 0 and _csv(tmp_path / "after") == _csv(tmp_path / "alone")


def test_the_preloader_leaves_when_its_code_or_settings_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    monkeypatch.setattr(preload, "CHECK_EVERY", 0.05)
    key = "0123456789abcdef"
    path = preload.socket_path(key, create=True)
    assert path is not None
    monkeypatch.setattr(preload, "fingerprint", lambda environ=None: "fedcba9876543210")
    assert preload.serve(key, path, main=lambda argv: 0) == 0  # returns at the first check
    assert not path.exists()


def test_the_preloader_leaves_after_its_idle_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    monkeypatch.setattr(preload, "CHECK_EVERY", 0.05)
    key = "0123456789abcdef"
    path = preload.socket_path(key, create=True)
    assert path is not None
    monkeypatch.setattr(preload, "fingerprint", lambda environ=None: key)
    started = time.monotonic()
    assert preload.serve(key, path, main=lambda argv: 0, idle=0.3) == 0
    assert time.monotonic() - started >= 0.3
    assert not path.exists()


def _one_answer(path: Path, answers: list[dict[str, object]]) -> threading.Thread:
    """A stand-in preloader on ``path`` that takes one command and gives ``answers`` (then
    hangs up): how the command copes with a preloader that refuses or dies."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(1)

    def answer() -> None:
        with listener:
            conn, _ = listener.accept()
            with conn:
                header, fds, _flags, _addr = socket.recv_fds(conn, preload.HEADER.size, 3)
                for fd in fds:
                    os.close(fd)
                (size,) = preload.HEADER.unpack(header)
                preload._read_exactly(conn, size)
                for message in answers:
                    preload._send(conn, message)

    thread = threading.Thread(target=answer)
    thread.start()
    return thread


def test_a_refusing_preloader_leaves_the_command_to_run_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    path = preload.socket_path(preload.fingerprint(), create=True)
    assert path is not None
    thread = _one_answer(path, [{"refused": "key"}])
    assert preload.run_preloaded(["report"]) is None
    thread.join(5)


def test_a_preloader_dying_mid_command_fails_the_command_without_running_it_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    path = preload.socket_path(preload.fingerprint(), create=True)
    assert path is not None
    thread = _one_answer(path, [{"pid": 2**22 + 1}])  # started, then gone without a status
    assert preload.run_preloaded(["report"]) == 1
    thread.join(5)
    assert "결과 없이 끝났습니다" in capsys.readouterr().err
