"""A real OpenLDAP server for the directory sign-in tests: Debian's slapd, run as the current
user on a free port with a temporary configuration and database, loaded with the people and
groups of :data:`PEOPLE` and :data:`GROUPS`, and stopped after the tests.

``make test`` installs slapd (scripts/system-deps.sh test); elsewhere the tests that need it
are skipped with the command to run, except under CI, where they fail."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

SUFFIX = "dc=hanbit,dc=example"
ROOT_DN = f"cn=admin,{SUFFIX}"
ROOT_PASSWORD = "root-secret"
SERVICE_DN = f"cn=seonggwa,ou=services,{SUFFIX}"  # the account seonggwa searches with
SERVICE_PASSWORD = "service-secret"
PEOPLE_BASE = f"ou=people,{SUFFIX}"
GROUPS_BASE = f"ou=groups,{SUFFIX}"
SCHEMAS = ("core", "cosine", "inetorgperson")

# uid -> (given name, surname, e-mail, password)
PEOPLE = {
    "minji.kim": ("민지", "김", "minji.kim@hanbit.example", "minji-directory-pw"),
    "seoyeon.park": ("서연", "박", "seoyeon.park@hanbit.example", "seoyeon-directory-pw"),
    "junho.lee": ("준호", "이", "junho.lee@hanbit.example", "junho-directory-pw"),
    "jiwoo.choi": ("지우", "최", "jiwoo.choi@hanbit.example", "jiwoo-directory-pw"),
    "sujin.han": ("수진", "한", "sujin.han@hanbit.example", "sujin-directory-pw"),
}
# group cn -> members (uids); groupOfNames needs one member at least
GROUPS = {
    "welfare-staff": ["minji.kim", "jiwoo.choi"],
    "welfare-managers": ["seoyeon.park"],
    "evaluation-office": ["junho.lee", "sujin.han"],
    "climate-staff": ["seoyeon.park"],
    "hiking-club": ["minji.kim", "junho.lee"],  # in no role map entry
}


def person_dn(uid: str) -> str:
    return f"uid={uid},{PEOPLE_BASE}"


def group_dn(cn: str) -> str:
    return f"cn={cn},{GROUPS_BASE}"


def _ldif() -> str:
    entries = [
        f"dn: {SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: hanbit\no: 한빛시",
        f"dn: {PEOPLE_BASE}\nobjectClass: organizationalUnit\nou: people",
        f"dn: {GROUPS_BASE}\nobjectClass: organizationalUnit\nou: groups",
        f"dn: ou=services,{SUFFIX}\nobjectClass: organizationalUnit\nou: services",
        f"dn: {SERVICE_DN}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\n"
        f"cn: seonggwa\nuserPassword: {SERVICE_PASSWORD}",
    ]
    for uid, (given, surname, mail, password) in PEOPLE.items():
        entries.append(
            f"dn: {person_dn(uid)}\nobjectClass: inetOrgPerson\nuid: {uid}\n"
            f"cn: {surname}{given}\ngivenName: {given}\nsn: {surname}\nmail: {mail}\n"
            f"userPassword: {password}"
        )
    for cn, members in GROUPS.items():
        lines = "\n".join(f"member: {person_dn(uid)}" for uid in members)
        entries.append(f"dn: {group_dn(cn)}\nobjectClass: groupOfNames\ncn: {cn}\n{lines}")
    return "\n\n".join(entries) + "\n"


def _config(root: Path) -> str:
    includes = "\n".join(f"include /etc/ldap/schema/{name}.schema" for name in SCHEMAS)
    return f"""{includes}
pidfile {root}/slapd.pid
argsfile {root}/slapd.args
modulepath /usr/lib/ldap
moduleload back_mdb
database mdb
maxsize 10485760
suffix "{SUFFIX}"
rootdn "{ROOT_DN}"
rootpw {ROOT_PASSWORD}
directory {root}/data
index objectClass eq
index member eq
access to attrs=userPassword by anonymous auth by self write by * none
access to * by dn.exact="{SERVICE_DN}" read by users read by * none
"""


@dataclass(frozen=True)
class Directory:
    uri: str

    def environ(self, **extra: str) -> dict[str, str]:
        """The environment that points seonggwa at this directory (README's settings)."""
        return {
            "SEONGGWA_LDAP_URI": self.uri,
            "SEONGGWA_LDAP_BIND_DN": SERVICE_DN,
            "SEONGGWA_LDAP_BIND_PASSWORD": SERVICE_PASSWORD,
            "SEONGGWA_LDAP_USER_SEARCH_BASE": PEOPLE_BASE,
            "SEONGGWA_LDAP_GROUP_SEARCH_BASE": GROUPS_BASE,
            **extra,
        }

    def _admin(self) -> Any:
        import ldap

        connection = ldap.initialize(self.uri)
        connection.simple_bind_s(ROOT_DN, ROOT_PASSWORD)
        return connection

    def group_remove(self, group: str, uid: str) -> None:
        import ldap

        self._admin().modify_s(
            group_dn(group), [(ldap.MOD_DELETE, "member", [person_dn(uid).encode()])]
        )

    def group_add(self, group: str, uid: str) -> None:
        import ldap

        self._admin().modify_s(
            group_dn(group), [(ldap.MOD_ADD, "member", [person_dn(uid).encode()])]
        )


def _missing(what: str, install: str) -> None:
    message = f"{what}이(가) 없어 디렉터리 로그인 테스트를 건너뜁니다: {install}"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def directory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Directory]:
    """The running OpenLDAP server (session-wide: a test that changes a group puts it back)."""
    slapd, slapadd = (
        shutil.which("slapd", path="/usr/sbin:/usr/bin"),
        shutil.which("slapadd", path="/usr/sbin:/usr/bin"),
    )
    if not slapd or not slapadd or not Path("/usr/lib/ldap").is_dir():
        _missing("slapd", "apt-get install slapd ldap-utils (bash scripts/system-deps.sh test)")
    try:
        import django_auth_ldap  # noqa: F401
        import ldap  # noqa: F401
    except ImportError:
        _missing("python-ldap", "pip install -c constraints.txt -e '.[dev]'")
    root = tmp_path_factory.mktemp("slapd")
    (root / "data").mkdir()
    (root / "slapd.conf").write_text(_config(root), encoding="utf-8")
    (root / "data.ldif").write_text(_ldif(), encoding="utf-8")
    conf = str(root / "slapd.conf")
    subprocess.run(
        [slapadd, "-q", "-f", conf, "-l", str(root / "data.ldif")],
        check=True,
        capture_output=True,
    )
    port = _free_port()
    uri = f"ldap://127.0.0.1:{port}"
    log = (root / "slapd.log").open("w+b")
    # -d 0: stays in the foreground (so Popen owns it) and logs nothing but errors
    server = subprocess.Popen(
        [slapd, "-f", conf, "-h", f"{uri}/", "-d", "0"], stdout=log, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            if server.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"slapd stopped: {log.read().decode(errors='replace')}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("slapd did not listen within 15 s") from None
                time.sleep(0.05)
        yield Directory(uri=uri)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
