"""Directory sign-in (LDAP) from the environment, for the settings: off unless
``SEONGGWA_LDAP_URI`` is set, and then django-auth-ldap signs people in with their directory
password beside the local accounts (README, "Directory sign-in").

``directory_settings(environ, backends)`` returns the settings to add (``AUTH_LDAP_*``,
``SEONGGWA_LDAP_ROLE_MAP`` and the backends with the directory's last), or nothing when the
directory is off, so a machine without python-ldap never imports it:

>>> directory_settings({}, ["django.contrib.auth.backends.ModelBackend"])
{}
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from seonggwa.accounts.directory import role_map_parse

BACKEND = "seonggwa.accounts.ldap_backend.DirectoryBackend"
GROUP_TYPES = ("groupOfNames", "groupOfUniqueNames", "posixGroup", "activeDirectory")
# Django user field <- directory attribute; SEONGGWA_LDAP_ATTR_MAP (JSON) replaces it
USER_ATTR_MAP = {"first_name": "givenName", "last_name": "sn", "email": "mail"}


def directory_settings(environ: Mapping[str, str], backends: Sequence[str]) -> dict[str, Any]:
    """The settings of directory sign-in that ``environ`` asks for ({} without
    ``SEONGGWA_LDAP_URI``); ``ImproperlyConfigured`` saying what to fix."""
    uri = environ.get("SEONGGWA_LDAP_URI", "").strip()
    if not uri:
        return {}
    try:
        import ldap
        from django_auth_ldap import config
    except ImportError as exc:
        raise ImproperlyConfigured(
            "SEONGGWA_LDAP_URI가 설정되었지만 python-ldap과 django-auth-ldap이 설치되지 "
            "않았습니다: pip install -c constraints.txt -e '.[ldap]' (Debian에서는 먼저 "
            "apt-get install gcc libldap2-dev libsasl2-dev)"
        ) from exc

    def get(name: str, default: str = "") -> str:
        return environ.get(f"SEONGGWA_LDAP_{name}", default).strip()

    found: dict[str, Any] = {
        "AUTH_LDAP_SERVER_URI": uri,
        "AUTH_LDAP_BIND_DN": get("BIND_DN"),
        "AUTH_LDAP_BIND_PASSWORD": environ.get("SEONGGWA_LDAP_BIND_PASSWORD", ""),
        "AUTH_LDAP_START_TLS": get("START_TLS", "0") == "1",
        "AUTH_LDAP_ALWAYS_UPDATE_USER": True,
        "AUTH_LDAP_CACHE_TIMEOUT": 0,  # groups are read at every sign-in
        "AUTH_LDAP_CONNECTION_OPTIONS": {
            ldap.OPT_NETWORK_TIMEOUT: int(get("TIMEOUT", "5")),
            ldap.OPT_REFERRALS: 0,
        },
        "AUTH_LDAP_USER_ATTR_MAP": _json(get("ATTR_MAP"), "ATTR_MAP") or USER_ATTR_MAP,
        "AUTHENTICATION_BACKENDS": [*backends, BACKEND],
    }
    if get("USER_DN_TEMPLATE"):
        found["AUTH_LDAP_USER_DN_TEMPLATE"] = get("USER_DN_TEMPLATE")
    elif get("USER_SEARCH_BASE"):
        found["AUTH_LDAP_USER_SEARCH"] = config.LDAPSearch(
            get("USER_SEARCH_BASE"), ldap.SCOPE_SUBTREE, get("USER_FILTER", "(uid=%(user)s)")
        )
    else:
        raise ImproperlyConfigured(
            "SEONGGWA_LDAP_URI와 함께 SEONGGWA_LDAP_USER_SEARCH_BASE(사용자를 찾을 위치, 예: "
            "ou=people,dc=example,dc=kr) 또는 SEONGGWA_LDAP_USER_DN_TEMPLATE(예: "
            "uid=%(user)s,ou=people,dc=example,dc=kr)을 설정하세요."
        )
    group_type = get("GROUP_TYPE", "groupOfNames")
    if group_type not in GROUP_TYPES:
        raise ImproperlyConfigured(
            f"SEONGGWA_LDAP_GROUP_TYPE '{group_type}'을(를) 알 수 없습니다. "
            f"가능한 값: {', '.join(GROUP_TYPES)}"
        )
    group_type_class, object_class = {
        "groupOfNames": (config.GroupOfNamesType, "groupOfNames"),
        "groupOfUniqueNames": (config.GroupOfUniqueNamesType, "groupOfUniqueNames"),
        "posixGroup": (config.PosixGroupType, "posixGroup"),
        "activeDirectory": (config.NestedActiveDirectoryGroupType, "group"),
    }[group_type]
    if get("GROUP_SEARCH_BASE"):
        found["AUTH_LDAP_GROUP_SEARCH"] = config.LDAPSearch(
            get("GROUP_SEARCH_BASE"), ldap.SCOPE_SUBTREE, f"(objectClass={object_class})"
        )
        found["AUTH_LDAP_GROUP_TYPE"] = group_type_class()
    role_map = _role_map_text(environ)
    try:
        found["SEONGGWA_LDAP_ROLE_MAP"] = role_map_parse(role_map)
    except ValueError as exc:
        raise ImproperlyConfigured(str(exc)) from exc
    if found["SEONGGWA_LDAP_ROLE_MAP"] and "AUTH_LDAP_GROUP_SEARCH" not in found:
        raise ImproperlyConfigured(
            "SEONGGWA_LDAP_ROLE_MAP은 그룹을 읽어야 합니다: SEONGGWA_LDAP_GROUP_SEARCH_BASE"
            "(예: ou=groups,dc=example,dc=kr)를 설정하세요."
        )
    return found


def _role_map_text(environ: Mapping[str, str]) -> str:
    """The role map's JSON: ``SEONGGWA_LDAP_ROLE_MAP`` itself, or the file that
    ``SEONGGWA_LDAP_ROLE_MAP_FILE`` names."""
    path = environ.get("SEONGGWA_LDAP_ROLE_MAP_FILE", "").strip()
    if not path:
        return environ.get("SEONGGWA_LDAP_ROLE_MAP", "")
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ImproperlyConfigured(
            f"SEONGGWA_LDAP_ROLE_MAP_FILE '{path}'을(를) 읽을 수 없습니다: {exc}"
        ) from exc


def _json(text: str, name: str) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImproperlyConfigured(
            f"SEONGGWA_LDAP_{name}의 JSON을 읽을 수 없습니다: {exc}"
        ) from exc
