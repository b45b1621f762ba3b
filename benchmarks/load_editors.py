"""Many people entering actuals at once (not a test): lost updates, server errors, latency.

Sets up a PostgreSQL database (dropped and made anew), migrates it, loads the sample
organisation, clears the 2026 actuals of the sample's 2026 plan so every row is open to
entry, makes ``--editors`` unit-staff accounts spread over the plan's units (several per
unit, so people edit the same values), starts the app as ``seonggwa serve`` does, and lets
every editor sign in and save ``--edits`` drafts through the entry grid's save form (the
browser's own POST, with the version read just before). A refused save (409: someone saved
first) is what a person would see as the conflict page: the editor reads the row again and
saves again, as "apply mine again" does.

At the end it reads the database and prints:

* lost updates — saves answered as successful whose change is not in the value's history
  (two successes from the same version read, or versions that do not add up): must be 0;
* 5xx responses: must be 0;
* conflicts (409), the number of successful saves, and p50/p95/max latency of a save and of
  the read before it; requests per second.

    .venv/bin/python benchmarks/load_editors.py \
        [--database-url postgresql://postgres@127.0.0.1:5432/seonggwa_load] \
        [--editors 50 --edits 200]

The figures are the last lines of the output.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "load-editor-password-2026"
SETUP = """
import django, json, sys
django.setup()
import datetime
from django.contrib.auth import get_user_model
from seonggwa.accounts.models import Role
from seonggwa.accounts.services import role_assign, user_create
from seonggwa.plans.models import Indicator, Period, Plan
from seonggwa.plans.services import period_create
from seonggwa.results.models import IndicatorValue

editors, password = int(sys.argv[1]), sys.argv[2]
plan = Plan.objects.get(organisation__name="한빛시", year=2026, kind="plan")
officer = get_user_model().objects.get(username="officer")
for q in range(1, 5):  # quarterly periods too: more values, as an office collects them
    period_create(
        user=officer,
        plan=plan,
        key=f"2026-Q{q}",
        opens_on=datetime.date(2026, 1, 1),
        closes_on=datetime.date(2099, 12, 31),
    )
periods = list(Period.objects.filter(plan=plan).values_list("key", flat=True))
IndicatorValue.objects.filter(indicator__plan=plan, kind="actual", year=2026).delete()
by_unit = {}
for ind in Indicator.objects.filter(plan=plan).select_related("owner__unit").order_by("pk"):
    by_unit.setdefault(ind.owner.unit, []).append(ind.pk)
units = sorted(by_unit, key=lambda u: u.pk)
out = {"plan": plan.pk, "periods": periods, "editors": []}
for i in range(editors):
    unit = units[i % len(units)]
    name = f"load_editor_{i + 1:03d}"
    user = user_create(username=name, password=password)
    role_assign(user=user, organisation=plan.organisation, role=Role.UNIT_STAFF, unit=unit)
    out["editors"].append(
        {"username": name, "rows": [[i, p] for i in by_unit[unit] for p in periods]}
    )
print(json.dumps(out))
"""
CHECK = """
import django, json, sys
django.setup()
from seonggwa.audit.models import AuditEvent
from seonggwa.results.models import IndicatorValue

plan = int(sys.argv[1])
values = {}
for v in IndicatorValue.objects.filter(indicator__plan_id=plan, kind="actual", year=2026):
    changes = AuditEvent.objects.filter(model="results.IndicatorValue", object_pk=str(v.pk))
    key = f"{v.year}" + (f"-Q{v.quarter}" if v.quarter else "")
    values[f"{v.indicator_id}:{key}"] = {
        "version": v.version,
        "raw_text": v.raw_text,
        "history": changes.count(),
    }
print(json.dumps(values))
"""


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    save_ms: list[float] = field(default_factory=list)
    read_ms: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    # "indicator:period" -> [(version read, text)] of every save answered as done
    done: dict[str, list[tuple[int | None, str]]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    # edits whose every attempt (20) met a conflict: the person would still see the conflict page
    gave_up: int = 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _python(code: str, env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(done.stderr)
    return done.stdout.strip().splitlines()[-1]


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


class Editor:
    """One person in a browser: a session cookie, the CSRF token, the rows of their unit."""

    def __init__(self, base: str, username: str, rows: list[tuple[int, str]], plan: int):
        self.base, self.username, self.rows, self.plan = base, username, rows, plan
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def _csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(
        self, path: str, data: dict[str, str] | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, str, float]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body, headers=headers or {})
        if data is not None:
            req.add_header("X-CSRFToken", self._csrf())
            req.add_header("Referer", self.base + path)
        start = time.perf_counter()
        try:
            with self.opener.open(req, timeout=60) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            status, text = exc.code, exc.read().decode(errors="replace")
        return status, text, (time.perf_counter() - start) * 1000

    def sign_in(self) -> None:
        self.request("/accounts/login/")
        status, _text, _ms = self.request(
            "/accounts/login/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": self._csrf()},
        )
        if status != 302:
            raise RuntimeError(f"{self.username} could not sign in ({status})")

    def read_version(self, indicator: int, period: str) -> tuple[int, int | None, float]:
        query = urllib.parse.urlencode({"indicator": indicator, "period": period})
        status, text, ms = self.request(
            f"/plans/{self.plan}/entry/row/?{query}", headers={"HX-Request": "true"}
        )
        found = re.search(r'name="version"[^>]*value="(\d*)"', text) or re.search(
            r'value="(\d*)"[^>]*name="version"', text
        )
        version = int(found.group(1)) if found and found.group(1) else None
        return status, version, ms

    def save(
        self, indicator: int, period: str, version: int | None, text: str
    ) -> tuple[int, float]:
        status, _body, ms = self.request(
            f"/plans/{self.plan}/entry/save/",
            {
                "indicator": str(indicator),
                "period": period,
                "version": "" if version is None else str(version),
                "raw_text": text,
                "note": f"{self.username} 부하 시험",
                "csrfmiddlewaretoken": self._csrf(),
            },
        )
        return status, ms


def _run_editor(editor: Editor, edits: int, tally: Tally, seed: int) -> None:
    rng = random.Random(seed)
    try:
        editor.sign_in()
    except Exception as exc:  # reported, counted as a failure
        with tally.lock:
            tally.errors.append(str(exc))
        return
    made = 0
    while made < edits:
        indicator, period = rng.choice(editor.rows)
        text = f"{rng.randint(1, 9999)}.{rng.randint(0, 9)}"
        for _attempt in range(20):  # a conflict: read again, save again
            try:
                status, version, read_ms = editor.read_version(indicator, period)
                with tally.lock:
                    tally.statuses[status] += 1
                    tally.read_ms.append(read_ms)
                status, save_ms = editor.save(indicator, period, version, text)
            except OSError as exc:  # a refused or timed-out connection: counted, not hidden
                with tally.lock:
                    tally.errors.append(f"{editor.username}: {exc}")
                status, save_ms = 599, 0.0
            with tally.lock:
                tally.statuses[status] += 1
                tally.save_ms.append(save_ms)
                if status == 302:
                    tally.done.setdefault(f"{indicator}:{period}", []).append((version, text))
            if status != 409:
                break
        else:
            with tally.lock:
                tally.gave_up += 1
        made += 1


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "LOAD_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/seonggwa_load"
        ),
    )
    parser.add_argument("--editors", type=int, default=50)
    parser.add_argument("--edits", type=int, default=200)
    args = parser.parse_args()

    var = Path(tempfile.mkdtemp(prefix="seonggwa-load-"))
    env = {**os.environ, "DATABASE_URL": args.database_url, "SEONGGWA_VAR_DIR": str(var)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["DJANGO_SETTINGS_MODULE"] = "seonggwa.config.settings.base"
    cli = [sys.executable, "-m", "seonggwa.cli"]
    print(f"database: {args.database_url} (made anew)", flush=True)
    _fresh_database(args.database_url)
    subprocess.run([*cli, "init"], env=env, check=True, capture_output=True)
    subprocess.run([*cli, "load-sample"], env=env, check=True, capture_output=True)
    import json

    setup = json.loads(_python(SETUP, env, str(args.editors), PASSWORD))
    per_unit = Counter(tuple(map(tuple, e["rows"])) for e in setup["editors"])
    print(
        f"editors: {args.editors} on {len(per_unit)} units "
        f"({min(per_unit.values())}–{max(per_unit.values())} per unit), "
        f"{sum(len(k) for k in per_unit)} values (indicator × period, "
        f"{len(setup['periods'])} periods), {args.edits} saves each",
        flush=True,
    )

    port = _free_port()
    server_env = {k: v for k, v in env.items() if k != "DJANGO_SETTINGS_MODULE"}
    log = (var / "server.log").open("w+")  # a file: a pipe nobody reads would fill and stall
    server = subprocess.Popen(
        [*cli, "serve", "--port", str(port)],
        env=server_env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    tally = Tally()
    editors = [
        Editor(base, e["username"], [(i, p) for i, p in e["rows"]], setup["plan"])
        for e in setup["editors"]
    ]
    started = time.perf_counter()
    threads = [
        threading.Thread(target=_run_editor, args=(ed, args.edits, tally, i))
        for i, ed in enumerate(editors)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
    log.seek(0)
    tracebacks = log.read().count("Traceback")

    stored = json.loads(_python(CHECK, env, str(setup["plan"])))
    lost = 0
    for key, saves in tally.done.items():
        reads = Counter(version for version, _text in saves)
        lost += sum(n - 1 for n in reads.values() if n > 1)  # two successes from one read
        value = stored.get(key)
        if value is None:
            lost += len(saves)
            continue
        # a value is created at version 1 and every later save adds one: the successes
        # must account for every version, and the stored text is the last success's
        lost += abs(value["version"] - len(saves))
        last = max(saves, key=lambda s: -1 if s[0] is None else s[0])
        lost += value["raw_text"] != last[1]
        lost += abs(value["history"] - len(saves))
    fivexx = sum(n for s, n in tally.statuses.items() if s >= 500)
    requests_made = sum(tally.statuses.values())

    print(f"statuses: {dict(sorted(tally.statuses.items()))}")
    if tally.errors:
        print(f"connection errors: {len(tally.errors)}: {tally.errors[:3]}")
    print(f"server tracebacks: {tracebacks}")
    print(f"saves done: {sum(len(s) for s in tally.done.values())}")
    print(f"conflicts (409, read again and saved again): {tally.statuses.get(409, 0)}")
    print(
        f"edits still in conflict after 20 tries (not saved, shown as conflicts): {tally.gave_up}"
    )
    print(
        f"save latency ms: p50 {statistics.median(tally.save_ms):.0f}, "
        f"p95 {_pct(tally.save_ms, 0.95):.0f}, max {max(tally.save_ms):.0f}"
    )
    print(
        f"read latency ms: p50 {statistics.median(tally.read_ms):.0f}, "
        f"p95 {_pct(tally.read_ms, 0.95):.0f}"
    )
    print(f"requests: {requests_made} in {elapsed:.1f} s ({requests_made / elapsed:.0f}/s)")
    print(f"lost updates: {lost}")
    print(f"5xx responses: {fivexx}")
    return 1 if lost or fivexx or tally.errors else 0


if __name__ == "__main__":
    sys.exit(main())
