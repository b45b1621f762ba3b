"""CPU per request of the production server over load_read.py's paths (not a test): the
CPU seconds the gunicorn processes and their PostgreSQL backends spend, divided by the
requests — the figure that tells whether 50 requests a second fit on two cores, and one a
shared machine inflates far less than latency.

    PYTHONPATH=src .venv/bin/python benchmarks/read_cpu.py [--rounds 8] [--clients 3]

Reads the database ``READ_DATABASE_URL`` (default ``seonggwa_read``, made by load_read.py),
starts ``seonggwa serve --production`` on it with ``--clients`` workers, signs in one
evaluation officer per client, reads every path three times to warm each worker, then reads
them ``--rounds`` times per client with no wait and prints the CPU per request (Linux /proc).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import load_read as lr

TICK = os.sysconf("SC_CLK_TCK")


def _processes() -> dict[int, tuple[float, int]]:
    """pid → (CPU seconds, parent pid) of every process."""
    found = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            fields = Path(f"/proc/{d}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[int(d)] = ((int(fields[11]) + int(fields[12])) / TICK, int(fields[1]))
    return found


def _cpu(root: int, database: str) -> tuple[float, float]:
    """CPU seconds of ``root`` and its descendants, and of the PostgreSQL backends of
    ``database``."""
    procs = _processes()
    tree, grown = {root}, True
    while grown:
        grown = False
        for pid, (_c, parent) in procs.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grown = True
    server = sum(procs[p][0] for p in tree if p in procs)
    backends = 0.0
    for pid, (cpu, _parent) in procs.items():
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if cmdline.startswith(b"postgres") and database.encode() in cmdline:
            backends += cpu
    return server, backends


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--clients", type=int, default=3)
    args = parser.parse_args()
    url = os.environ.get("READ_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/seonggwa_read")
    var = Path(tempfile.mkdtemp(prefix="seonggwa-cpu-"))
    env = {**os.environ, "DATABASE_URL": url, "SEONGGWA_VAR_DIR": str(var)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, "-c", lr.SETUP, lr.PASSWORD], env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(done.stderr)
    paths = [tuple(p) for p in json.loads(done.stdout.strip().splitlines()[-1])["paths"]]
    port = lr._free_port()
    server_env = {
        **env,
        "SEONGGWA_SECRET_KEY": "read-cpu-" + "x" * 50,
        "SEONGGWA_ALLOWED_HOSTS": "127.0.0.1",
        "SEONGGWA_TRUSTED_ORIGINS": f"https://127.0.0.1:{port}",
        "SEONGGWA_PROXY_SSL_HEADER": "X-Forwarded-Proto=https",
        "SEONGGWA_BIND": f"127.0.0.1:{port}",
        "SEONGGWA_DB_CONN_MAX_AGE": "600",
        "SEONGGWA_LOG_LEVEL": "WARNING",
        "SEONGGWA_API_RATE_ANONYMOUS": "100000000",
        "SEONGGWA_API_RATE_TOKEN": "100000000",
        "SEONGGWA_WEB_WORKERS": str(args.clients),
    }
    log = (var / "server.log").open("w")
    cli = [sys.executable, "-m", "seonggwa.cli", "serve", "--production"]
    server = subprocess.Popen(cli, env=server_env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(180):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        readers = [lr.Reader(base, paths, i) for i in range(args.clients)]
        for reader in readers:
            reader.sign_in()
        for _ in range(3):
            for reader in readers:
                for _kind, path in paths:
                    reader.get(path)
        bad: list[tuple[str, int]] = []

        def read(reader: lr.Reader) -> None:
            for _ in range(args.rounds):
                for _kind, path in paths:
                    status, _ms = reader.get(path)
                    if status != 200:
                        bad.append((path, status))

        database = url.rsplit("/", 1)[-1]
        server0, pg0 = _cpu(server.pid, database)
        started = time.perf_counter()
        threads = [threading.Thread(target=read, args=(r,)) for r in readers]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
        server1, pg1 = _cpu(server.pid, database)
        n = args.rounds * len(paths) * len(readers)
        app, pg = (server1 - server0) * 1000 / n, (pg1 - pg0) * 1000 / n
        print(
            f"{n} requests in {elapsed:.1f} s ({n / elapsed:.1f}/s, load average "
            f"{os.getloadavg()[0]:.1f}): server {app:.1f} ms CPU a request, PostgreSQL "
            f"{pg:.1f} ms, together {app + pg:.1f} ms; {len(bad)} not 200"
        )
    finally:
        server.terminate()
        server.wait(timeout=20)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
