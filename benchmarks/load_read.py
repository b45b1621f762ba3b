"""Many people reading at once (not a test): latency of the dashboard pages and the main API
endpoints on the production server, over the national demo dataset on PostgreSQL.

Prepares (unless ``--keep``) a PostgreSQL database made anew, migrated, with the demo dataset
(``seonggwa generate-demo``, default 30 organisations × 600 indicators × 12 months × 3 years)
and an evaluation officer of the first demo organisation; starts ``seonggwa serve
--production`` (gunicorn, whitenoise; ``--workers``) on it; then, for each number of users in
``--users`` (default 1, 10, 50), runs that many simulated people for ``--seconds``: each signs
in once and requests the pages and API calls of its list in turn, waiting ``--wait`` seconds
(default 1) between requests, so 50 users make about 50 requests a second. Last, the maximum
throughput: ``--max-clients`` people with no wait.

It prints p50 / p95 / p99 in milliseconds per kind of request (dashboard pages, API lists,
API one) and overall, the requests a second, and any non-200 answers (which must be none).

    .venv/bin/python benchmarks/load_read.py \\
        [--database-url postgresql://postgres@127.0.0.1:5432/seonggwa_read] [--keep] \\
        [--orgs 30 --indicators 600 --months 12 --years 3] [--users 1,10,50] [--seconds 30]

The target (issue 10): p95 ≤ 150 ms at 50 users. Figures are the last lines of the output.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path

PASSWORD = "read-load-2026-pass"

# run in a process set up as the app: the officer and the paths each simulated person reads
SETUP = r"""
import json, sys
from seonggwa.cli import setup_django
setup_django()
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse
from seonggwa.accounts.services import role_assign
from seonggwa.organisations.models import Organisation
from seonggwa.plans.models import Indicator, Plan

password = sys.argv[1]
org = Organisation.objects.filter(demo=True).order_by("pk").first()
User = get_user_model()
user = User.objects.filter(username="load_officer").first()
if user is None:
    user = User.objects.create_user("load_officer", password=password)
    role_assign(user=user, organisation=org, role="evaluation_officer")
plans = list(Plan.objects.filter(organisation=org).order_by("-year")[:2])
plan = plans[0]
past = plans[-1]  # last year's plan: evaluated and published (this year's is still open)
indicator = Indicator.objects.filter(plan=plan).order_by("pk").first()
unit = indicator.owner.unit_id if indicator.owner_id else None

def url(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None

pages = [  # (/dashboard/ only redirects to the person's organisation: its page is read)
    url("web:dashboard-org", org.pk),
    url("web:dashboard-unit", unit) if unit else None,
    url("web:dashboard-goal", indicator.strategic_goal_id) if indicator.strategic_goal_id else None,
    url("web:dashboard-indicator", indicator.pk),
    url("web:plan-detail", plan.pk),
]
api_lists = [
    "/api/v1/organisations?limit=50",
    f"/api/v1/plans?organisation={org.pk}",
    f"/api/v1/plans/{plan.pk}/indicators?limit=100",
    f"/api/v1/plans/{past.pk}/results?limit=100",
]
portal = [url("web:portal"), url("web:portal-organisation", org.pk)]
api_one = [f"/api/v1/plans/{plan.pk}", f"/api/v1/organisations/{org.pk}"]
print(json.dumps({
    "paths": [("page", p) for p in pages if p]
    + [("api list", p) for p in api_lists]
    + [("api one", p) for p in api_one]
    + [("portal", p) for p in portal if p],
    "org": org.name,
}))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _fresh_database(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


class BehindProxy(http.cookiejar.DefaultCookiePolicy):
    """The server runs as in production, behind a TLS proxy (``X-Forwarded-Proto: https``,
    secure cookies): the script talks plain HTTP on the loopback in the proxy's place, so it
    sends the secure cookies back over it."""

    def return_ok_secure(self, cookie, request):  # type: ignore[no-untyped-def]
        return True


class Reader:
    """One person: a session cookie, and the list of paths read in turn."""

    def __init__(self, base: str, paths: list[tuple[str, str]], offset: int) -> None:
        self.base, self.paths, self.next = base, paths, offset % len(paths)
        self.jar = http.cookiejar.CookieJar(policy=BehindProxy())
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def get(self, path: str, data: dict[str, str] | None = None) -> tuple[int, float]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body)
        req.add_header("X-Forwarded-Proto", "https")
        if data is not None:
            req.add_header("Referer", self.base.replace("http:", "https:") + path)
        start = time.perf_counter()
        try:
            with self.opener.open(req, timeout=60) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as exc:
            exc.read()
            status = exc.code
        return status, (time.perf_counter() - start) * 1000

    def sign_in(self) -> None:
        self.get("/accounts/login/")
        csrf = next((c.value for c in self.jar if c.name == "csrftoken"), "")
        status, _ms = self.get(
            "/accounts/login/",
            {"username": "load_officer", "password": PASSWORD, "csrfmiddlewaretoken": csrf},
        )
        if status != 302:
            raise RuntimeError(f"load_officer could not sign in ({status})")


class Tally:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.ms: dict[str, list[float]] = defaultdict(list)
        self.bad: Counter[tuple[str, int]] = Counter()
        self.count = 0


def _run(reader: Reader, until: float, wait: float, tally: Tally) -> None:
    while time.monotonic() < until:
        kind, path = reader.paths[reader.next]
        reader.next = (reader.next + 1) % len(reader.paths)
        status, ms = reader.get(path)
        with tally.lock:
            tally.count += 1
            tally.ms[kind].append(ms)
            if status != 200:
                tally.bad[(path, status)] += 1
        if wait:
            time.sleep(wait)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def _round(
    base: str, paths: list[tuple[str, str]], users: int, seconds: float, wait: float
) -> tuple[Tally, float]:
    readers = [Reader(base, paths, i) for i in range(users)]
    for r in readers:
        r.sign_in()
    tally = Tally()
    started = time.perf_counter()
    until = time.monotonic() + seconds
    threads = [threading.Thread(target=_run, args=(r, until, wait, tally)) for r in readers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return tally, time.perf_counter() - started


def _print(label: str, tally: Tally, elapsed: float) -> None:
    everything = [ms for values in tally.ms.values() for ms in values]
    print(f"\n{label}: {tally.count} requests in {elapsed:.1f} s = {tally.count / elapsed:.1f}/s")
    print(f"  {'kind':<10} {'n':>6} {'p50':>8} {'p95':>8} {'p99':>8}  (ms)")
    for kind in [*sorted(tally.ms), "all"]:
        values = everything if kind == "all" else tally.ms[kind]
        print(
            f"  {kind:<10} {len(values):>6} {_pct(values, 0.5):>8.1f} "
            f"{_pct(values, 0.95):>8.1f} {_pct(values, 0.99):>8.1f}"
        )
    for (path, status), n in sorted(tally.bad.items()):
        print(f"  ! {n} × HTTP {status} {path}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "READ_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/seonggwa_read"
        ),
    )
    parser.add_argument("--keep", action="store_true", help="use the database as it is")
    parser.add_argument("--orgs", type=int, default=30)
    parser.add_argument("--indicators", type=int, default=600)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--users", default="1,10,50")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--wait", type=float, default=1.0)
    parser.add_argument("--max-clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (default: its)")
    args = parser.parse_args()

    var = Path(tempfile.mkdtemp(prefix="seonggwa-read-"))
    env = {**os.environ, "DATABASE_URL": args.database_url, "SEONGGWA_VAR_DIR": str(var)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    cli = [sys.executable, "-m", "seonggwa.cli"]
    if not args.keep:
        print(f"database: {args.database_url} (made anew)", flush=True)
        _fresh_database(args.database_url)
        subprocess.run([*cli, "init"], env=env, check=True, capture_output=True)
        started = time.perf_counter()
        subprocess.run(
            [
                *cli, "generate-demo",
                "--orgs", str(args.orgs), "--indicators", str(args.indicators),
                "--months", str(args.months), "--years", str(args.years),
            ],
            env=env, check=True, capture_output=True,
        )  # fmt: skip
        print(
            f"demo dataset {args.orgs}×{args.indicators}×{args.months}×{args.years}: "
            f"{time.perf_counter() - started:.0f} s",
            flush=True,
        )
    done = subprocess.run(
        [sys.executable, "-c", SETUP, PASSWORD], env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(done.stderr)
    setup = json.loads(done.stdout.strip().splitlines()[-1])
    paths = [tuple(p) for p in setup["paths"]]
    print(f"organisation read: {setup['org']}; paths: " + ", ".join(p for _k, p in paths))

    port = _free_port()
    server_env = {
        **env,
        "SEONGGWA_SECRET_KEY": "load-read-" + "x" * 50,
        "SEONGGWA_ALLOWED_HOSTS": "127.0.0.1",
        "SEONGGWA_TRUSTED_ORIGINS": f"https://127.0.0.1:{port}",
        "SEONGGWA_PROXY_SSL_HEADER": "X-Forwarded-Proto=https",
        "SEONGGWA_BIND": f"127.0.0.1:{port}",
        "SEONGGWA_DB_CONN_MAX_AGE": "60",
        "SEONGGWA_LOG_LEVEL": "WARNING",
        # every simulated person comes from 127.0.0.1: the per-client limit is for the internet
        "SEONGGWA_API_RATE_ANONYMOUS": "100000000",
        "SEONGGWA_API_RATE_TOKEN": "100000000",
    }
    if args.workers:
        server_env["SEONGGWA_WEB_WORKERS"] = str(args.workers)
    log = (var / "server.log").open("w+")
    server = subprocess.Popen(
        [*cli, "serve", "--production"], env=server_env, stdout=log, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                log.seek(0)
                raise SystemExit("the production server did not start:\n" + log.read()[-3000:])
            time.sleep(0.5)
        _round(base, paths, 2, 3, 0)  # warm the workers (first imports, caches)
        for users in (int(n) for n in args.users.split(",")):
            tally, elapsed = _round(base, paths, users, args.seconds, args.wait)
            _print(f"{users} users, {args.wait:g} s between requests", tally, elapsed)
        tally, elapsed = _round(base, paths, args.max_clients, args.seconds, 0)
        _print(f"maximum throughput: {args.max_clients} clients, no wait", tally, elapsed)
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
