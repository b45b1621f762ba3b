"""``seonggwa preload``: a resident process that keeps Python, Django and the models loaded, so
that a ``seonggwa report`` started beside it skips their start-up (≈ 0.3–0.4 s of a one-second
command).

The pattern is Rails' Spring preloader: the resident process (the *preloader*) imports
everything once, then waits on a Unix socket. A ``seonggwa report …`` command connects, hands
over its standard input, output and error (the file descriptors themselves), its working
directory, environment and arguments; the preloader forks, and the child runs the command
exactly as the command's own process would — same code, same settings, same database, writing
to the caller's terminal or files — and sends back the exit status, which the command exits
with. Ctrl+C on the command is passed on to the child.

Nothing changes when no preloader runs: the command finds no socket and does its work itself
(``SEONGGWA_PRELOAD=0`` forces that). A preloader serves only commands whose code and settings
are its own: the socket's name is a fingerprint of the Python, the package's files (their
paths, sizes and modification times) and the environment variables that choose the settings
(``DATABASE_URL``, ``DJANGO_*``, ``SEONGGWA_*``, ``PG*``, the locale, ``TZ``); after an
upgrade, an edit or with another database the command finds no matching socket and runs cold.
The preloader checks that fingerprint every few seconds and leaves when its code changed.

The socket lives in a directory only its owner can enter (``$XDG_RUNTIME_DIR/seonggwa`` or
``/tmp/seonggwa-<uid>``; a directory someone else owns or others can open is not used), and
the preloader serves only connections from its own user (``SO_PEERCRED``).

This module's client half is imported before Django and must not import it.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import select
import signal
import socket
import stat
import struct
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

#: Commands a preloader runs. Others run in their own process (long-lived ones such as
#: ``serve`` or ``worker`` gain nothing and should own their signals).
PRELOADED = frozenset({"report"})

#: Environment variables (exact names, or prefixes ending in ``_``) that choose settings.
KEY_NAMES = ("DATABASE_URL", "TZ", "LANG", "LANGUAGE", "PYTHONPATH", "PYTHONHASHSEED")
KEY_PREFIXES = ("DJANGO_", "SEONGGWA_", "PG", "LC_")
#: Never part of the fingerprint: the switch itself.
KEY_IGNORED = frozenset({"SEONGGWA_PRELOAD"})

SUFFIXES = (".py", ".html", ".typ", ".mo", ".txt", ".css", ".js", ".json", ".svg")
HEADER = struct.Struct("!Q")
CHECK_EVERY = 2.0  # seconds between the preloader's fingerprint checks

#: The environment this process started with (Django's set-up adds TZ and
#: DJANGO_SETTINGS_MODULE, which a command's own process has not yet set when it looks).
START_ENVIRON = dict(os.environ)


def package_dir() -> Path:
    return Path(__file__).resolve().parents[1]


def fingerprint(environ: dict[str, str] | None = None) -> str:
    """The code and settings a process runs with, as 16 hex digits."""
    environ = dict(START_ENVIRON if environ is None else environ)
    digest = hashlib.sha256()
    # the environment (a venv) and the interpreter, whichever name started it (python, python3)
    digest.update(f"{sys.prefix}\0{os.path.realpath(sys.executable)}".encode())
    digest.update(sys.version.encode())
    for name in sorted(environ):
        if name in KEY_IGNORED:
            continue
        if name in KEY_NAMES or name.startswith(KEY_PREFIXES):
            digest.update(f"\0{name}={environ[name]}".encode(errors="surrogateescape"))
    root = package_dir()
    for directory, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for filename in sorted(filenames):
            if filename.endswith(SUFFIXES):
                path = os.path.join(directory, filename)
                st = os.stat(path)
                digest.update(f"\0{path}:{st.st_size}:{st.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def socket_dir(create: bool = False) -> Path | None:
    """The private directory of this user's preloader sockets, or None when it is missing (and
    not created) or not private."""
    base = os.environ.get("XDG_RUNTIME_DIR")
    directory = (
        Path(base) / "seonggwa" if base else Path(tempfile.gettempdir()) / f"seonggwa-{os.getuid()}"
    )
    if create:
        with contextlib.suppress(FileExistsError):
            directory.mkdir(mode=0o700, parents=False)
    try:
        st = os.lstat(directory)
    except OSError:
        return None
    if (
        not stat.S_ISDIR(st.st_mode)
        or st.st_uid != os.getuid()
        or st.st_mode & (stat.S_IRWXG | stat.S_IRWXO)
    ):
        return None
    return directory


def socket_path(key: str, create: bool = False) -> Path | None:
    directory = socket_dir(create=create)
    return None if directory is None else directory / f"{key}.sock"


def wanted(argv: Sequence[str]) -> bool:
    """Whether this command line should try a preloader."""
    if os.environ.get("SEONGGWA_PRELOAD", "1").strip().lower() in {"0", "no", "off", "false"}:
        return False
    command = next((a for a in argv if not a.startswith("-")), None)
    return command in PRELOADED and "--help" not in argv and "-h" not in argv


# --- the command's side -----------------------------------------------------------------


def _send(sock: socket.socket, message: dict[str, Any], fds: Sequence[int] = ()) -> None:
    payload = json.dumps(message, ensure_ascii=False).encode("utf-8", "surrogateescape")
    header = HEADER.pack(len(payload))
    if fds:
        socket.send_fds(sock, [header], list(fds))
    else:
        sock.sendall(header)
    sock.sendall(payload)


def _read_exactly(sock: socket.socket, size: int) -> bytes:
    chunks = []
    while size:
        chunk = sock.recv(min(size, 1 << 16))
        if not chunk:
            raise ConnectionError("closed")
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _receive(sock: socket.socket) -> dict[str, Any]:
    (size,) = HEADER.unpack(_read_exactly(sock, HEADER.size))
    message: dict[str, Any] = json.loads(
        _read_exactly(sock, size).decode("utf-8", "surrogateescape")
    )
    return message


def run_preloaded(argv: Sequence[str]) -> int | None:
    """Run the command in a matching preloader and return its exit status, or None when none
    answers (the caller then runs the command itself)."""
    directory = socket_dir()
    if directory is None or not any(n.endswith(".sock") for n in os.listdir(directory)):
        return None  # no preloader of this user at all: not worth the fingerprint
    path = directory / f"{fingerprint()}.sock"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(str(path))
    except OSError:
        sock.close()
        return None
    with sock:
        try:
            _send(
                sock,
                {
                    "key": path.stem,
                    "argv": list(argv),
                    "cwd": os.getcwd(),
                    "env": dict(os.environ),
                    "encoding": [
                        getattr(sys.stdout, "encoding", None) or "utf-8",
                        getattr(sys.stderr, "encoding", None) or "utf-8",
                    ],
                },
                fds=[0, 1, 2],
            )
            started = _receive(sock)
        except (OSError, ValueError):
            return None  # nothing ran: the command runs itself
        if "pid" not in started:
            return None  # refused (another fingerprint): run cold
        child = int(started["pid"])

        def forward(signum: int, _frame: object) -> None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signum)

        previous = {s: signal.signal(s, forward) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            finished = _receive(sock)
        except (OSError, ValueError):
            print(
                "오류: 상주 프로세스(seonggwa preload)의 명령이 결과 없이 끝났습니다. "
                "SEONGGWA_PRELOAD=0 으로 다시 실행하세요.",
                file=sys.stderr,
            )
            return 1
        finally:
            for s, handler in previous.items():
                signal.signal(s, handler)
        return int(finished.get("exit", 1))


# --- the preloader's side -----------------------------------------------------------------


def _log(message: str) -> None:
    print(f"[preload {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _warm() -> None:
    """Import what the preloaded commands import, and find Typst's fonts, before any fork
    (the children share it). Nothing here starts a thread or keeps a database connection:
    a forked child has only the thread that forked."""
    import importlib
    import pkgutil

    from seonggwa.cli import build_parser, setup_django

    setup_django()
    build_parser()
    import seonggwa.reports as reports

    for module in pkgutil.walk_packages(reports.__path__, "seonggwa.reports."):
        with contextlib.suppress(ImportError):
            importlib.import_module(module.name)
    with contextlib.suppress(ImportError):
        from seonggwa.reports.typst import report_fonts

        report_fonts()  # ~0.05 s of every PDF; a child reads the font files it uses
    # numpy's OpenBLAS starts a thread pool when loaded unless told otherwise: none here
    blas = os.environ.get("OPENBLAS_NUM_THREADS")
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
    with contextlib.suppress(ImportError):  # the charts of xlsx and HWPX (~0.3–0.4 s)
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.figure

        from seonggwa.reports.charts import korean_font

        korean_font()
    if blas is None:
        del os.environ["OPENBLAS_NUM_THREADS"]
    else:
        os.environ["OPENBLAS_NUM_THREADS"] = blas
    from django.db import connections

    connections.close_all()  # a child opens its own connection


def _child(
    conn: socket.socket,
    listener: socket.socket,
    wake: tuple[int, int],
    request: dict[str, Any],
    fds: list[int],
    main: Callable[[Sequence[str]], int],
) -> None:
    """In the forked child: become the command's process, run it, report, exit."""
    status = 1
    try:
        listener.close()
        signal.set_wakeup_fd(-1)
        for fd in wake:
            os.close(fd)
        for signum in (signal.SIGTERM, signal.SIGCHLD, signal.SIGHUP):
            signal.signal(signum, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for target, fd in enumerate(fds[:3]):
            os.dup2(fd, target)
        for fd in fds:
            if fd > 2:
                os.close(fd)
        out_encoding, err_encoding = request.get("encoding") or ["utf-8", "utf-8"]
        sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False))
        sys.stdout = io.TextIOWrapper(
            io.FileIO(1, "w", closefd=False),
            encoding=out_encoding,
            line_buffering=os.isatty(1),
            write_through=False,
        )
        sys.stderr = io.TextIOWrapper(
            io.FileIO(2, "w", closefd=False),
            encoding=err_encoding,
            errors="backslashreplace",
            line_buffering=True,
        )
        os.chdir(request["cwd"])
        set_up = {k: v for k, v in os.environ.items() if START_ENVIRON.get(k) != v}
        os.environ.clear()
        os.environ.update(request["env"])
        os.environ.update(set_up)  # what Django's set-up put there (TZ, the settings module)
        sys.argv = ["seonggwa", *request["argv"]]
        try:
            status = int(main(list(request["argv"])) or 0)
        except SystemExit as exc:  # argparse: --help, bad arguments
            code = exc.code
            status = code if isinstance(code, int) else (0 if code is None else 1)
            if code is not None and not isinstance(code, int):
                print(code, file=sys.stderr)
        except KeyboardInterrupt:
            status = 130
        except BaseException:
            import traceback

            traceback.print_exc()
            status = 1
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        with contextlib.suppress(OSError):
            _send(conn, {"exit": status})
    finally:
        os._exit(status)


def serve(key: str, path: Path, main: Callable[[Sequence[str]], int], *, idle: float = 0) -> int:
    """Accept commands on ``path`` until stopped (SIGTERM, Ctrl+C), idle for ``idle`` seconds
    (0: never) or until the package's files or settings no longer match ``key``."""
    import gc

    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old_mask = os.umask(0o177)
    try:
        listener.bind(str(path))
    finally:
        os.umask(old_mask)
    bound = os.stat(path).st_ino  # at the end, remove the socket only if it is still ours
    listener.listen(16)
    stop = False

    def request_stop(_signum: int, _frame: object) -> None:
        nonlocal stop
        stop = True

    # a child's end wakes the loop (its exit status and CPU are logged at once)
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_read, False)
    os.set_blocking(wake_write, False)
    previous_wakeup = signal.set_wakeup_fd(wake_write)
    previous = {
        signum: signal.signal(signum, request_stop)
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
    }
    previous[signal.SIGCHLD] = signal.signal(signal.SIGCHLD, lambda _s, _f: None)
    gc.freeze()  # what is loaded now is shared with every child, never rescanned
    _log(f"{path} 에서 명령을 기다립니다 (pid {os.getpid()}, 키 {key}, 스레드 {_threads()}개)")
    last = checked = time.monotonic()
    served = 0
    try:
        while not stop:
            ready, _, _ = select.select([listener.fileno(), wake_read], [], [], CHECK_EVERY)
            if wake_read in ready:
                with contextlib.suppress(BlockingIOError):
                    os.read(wake_read, 512)
                _reap()
            if listener.fileno() in ready:
                conn, _ = listener.accept()
                last = time.monotonic()
                with conn:
                    pid = _accept(conn, listener, (wake_read, wake_write), key, main)
                if pid:
                    served += 1
                    _log(f"명령 {served}: pid {pid}")
            now = time.monotonic()
            if now - checked >= CHECK_EVERY:
                checked = now
                if fingerprint() != key:
                    _log(
                        "코드나 설정이 바뀌었습니다: 끝냅니다(다음 명령은 새 프로세스로 실행됩니다)"
                    )
                    break
                if idle and now - last > idle:
                    _log(f"{idle:g}초 동안 명령이 없어 끝냅니다")
                    break
    finally:
        with contextlib.suppress(FileNotFoundError):
            if os.stat(path).st_ino == bound:
                path.unlink()
        listener.close()
        _reap()
        signal.set_wakeup_fd(previous_wakeup)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        os.close(wake_read)
        os.close(wake_write)
        gc.unfreeze()
    return 0


def _threads() -> int:
    """This process's threads (a fork copies only the calling one: there should be one)."""
    try:
        return len(os.listdir(f"/proc/{os.getpid()}/task"))
    except OSError:
        return 1


def _reap() -> None:
    """Collect the children that ended, logging each one's exit status and CPU seconds."""
    while True:
        try:
            pid, status, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        cpu = usage.ru_utime + usage.ru_stime
        _log(f"pid {pid} 끝: 종료 상태 {os.waitstatus_to_exitcode(status)}, CPU {cpu:.3f}초")


def _accept(
    conn: socket.socket,
    listener: socket.socket,
    wake: tuple[int, int],
    key: str,
    main: Callable[[Sequence[str]], int],
) -> int | None:
    conn.settimeout(10)
    fds: list[int] = []
    try:
        pid_, uid, _gid = struct.unpack(
            "3i", conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
        )
        header, fds, _flags, _addr = socket.recv_fds(conn, HEADER.size, 3)
        if uid != os.getuid():
            _log(f"다른 사용자(uid {uid}, pid {pid_})의 연결을 거절했습니다")
            return None
        if len(header) < HEADER.size:
            header += _read_exactly(conn, HEADER.size - len(header))
        (size,) = HEADER.unpack(header)
        request = json.loads(_read_exactly(conn, size).decode("utf-8", "surrogateescape"))
        if request.get("key") != key or len(fds) != 3:
            _send(conn, {"refused": "key"})
            return None
        conn.settimeout(None)
        child = os.fork()
        if child == 0:
            _child(conn, listener, wake, request, fds, main)  # never returns
        _send(conn, {"pid": child})
        return child
    except (OSError, ValueError) as exc:
        _log(f"연결을 처리하지 못했습니다: {exc}")
        return None
    finally:
        for fd in fds:
            with contextlib.suppress(OSError):
                os.close(fd)


def register(sub: Any) -> None:
    p = sub.add_parser(
        "preload",
        help="report 명령이 빨리 시작하도록 Django를 미리 띄워 두는 상주 프로세스",
        description="Python, Django와 모델을 한 번 읽어 두고 기다립니다. 같은 코드·설정으로 "
        "실행한 `seonggwa report` 는 이 프로세스에서 갈라져 나와 바로 시작합니다(없으면 "
        "평소처럼 스스로 실행합니다). 코드나 설정이 바뀌면 스스로 끝납니다. 끝내려면 Ctrl+C.",
    )
    p.add_argument(
        "--idle",
        type=float,
        default=0,
        help="이 시간(초) 동안 명령이 없으면 끝냅니다(기본값 0 = 계속)",
    )
    p.set_defaults(handler=cmd_preload)


def cmd_preload(args: argparse.Namespace) -> int:
    from seonggwa.cli import CommandError, main

    key = fingerprint()
    path = socket_path(key, create=True)
    if path is None:
        raise CommandError(
            "상주 프로세스의 소켓 디렉터리를 쓸 수 없습니다(다른 사용자 소유이거나 권한이 "
            "열려 있습니다). XDG_RUNTIME_DIR 를 확인하세요."
        )
    _warm()
    return serve(key, path, main, idle=args.idle)
