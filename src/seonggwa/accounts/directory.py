"""The mapping of directory groups to roles (directory sign-in, ``seonggwa.config.ldap``).

``SEONGGWA_LDAP_ROLE_MAP`` is a JSON list; each entry gives the members of one directory
group one role in one organisation, for one unit or (without ``unit``) the whole
organisation::

    [{"group": "cn=welfare-staff,ou=groups,dc=hanbit,dc=example",
      "organisation": "한빛시", "role": "unit_staff", "unit": "복지정책국"}]

This module only reads the text: it imports no model, so the settings can call it. Which
roles exist and whether the organisation and the unit do is checked when Django starts
(``seonggwa.accounts.checks``) and at each sign-in (``accounts.services.directory_roles_sync``).

>>> (entry,) = role_map_parse('[{"group": "CN=Staff, OU=Groups,DC=x", "organisation": "한빛시",'
...                           ' "role": "unit_staff", "unit": "복지정책국"}]')
>>> entry.group, entry.unit
('cn=staff,ou=groups,dc=x', '복지정책국')
>>> role_map_parse('{"group": "cn=x"}')
Traceback (most recent call last):
...
ValueError: SEONGGWA_LDAP_ROLE_MAP은(는) 목록([...])이어야 합니다.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["GroupRole", "dn_normalise", "role_map_parse"]

SETTING = "SEONGGWA_LDAP_ROLE_MAP"


@dataclass(frozen=True, slots=True)
class GroupRole:
    """Members of ``group`` (a normalised DN) hold ``role`` in ``organisation`` (by name),
    for ``unit`` (by name; empty: the whole organisation)."""

    group: str
    organisation: str
    role: str
    unit: str = ""


def dn_normalise(dn: str) -> str:
    """A DN in one spelling, to compare the map's DNs with the directory's: lower case, no
    spaces around ``,`` and ``=``.

    >>> dn_normalise(" CN=Welfare Staff , ou = Groups,DC=hanbit ")
    'cn=welfare staff,ou=groups,dc=hanbit'
    """
    parts = []
    for rdn in dn.split(","):
        name, _, value = rdn.partition("=")
        parts.append(f"{name.strip()}={value.strip()}" if _ else rdn.strip())
    return ",".join(parts).lower()


def role_map_parse(text: str) -> tuple[GroupRole, ...]:
    """The entries of ``SEONGGWA_LDAP_ROLE_MAP`` (JSON text); ``ValueError`` saying which
    entry is wrong and how."""
    if not text.strip():
        return ()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{SETTING}의 JSON을 읽을 수 없습니다: {exc}") from exc
    if not isinstance(data, list):
        raise ValueError(f"{SETTING}은(는) 목록([...])이어야 합니다.")
    return tuple(_entry(position, item) for position, item in enumerate(data, start=1))


def _entry(position: int, item: object) -> GroupRole:
    where = f"{SETTING}의 {position}번째 항목"
    if not isinstance(item, dict):
        raise ValueError(f"{where}은(는) {{...}} 객체여야 합니다.")
    unknown = sorted(set(item) - {"group", "organisation", "role", "unit"})
    if unknown:
        raise ValueError(
            f"{where}에 알 수 없는 키가 있습니다: {', '.join(unknown)} "
            "(group, organisation, role, unit만 씁니다)."
        )
    for key in ("group", "organisation", "role"):
        if not isinstance(item.get(key), str) or not item[key].strip():
            raise ValueError(f"{where}에 '{key}'(문자열)가 없습니다.")
    unit = item.get("unit") or ""
    if not isinstance(unit, str):
        raise ValueError(f"{where}의 'unit'은 부서 이름(문자열)이어야 합니다.")
    return GroupRole(
        group=dn_normalise(item["group"]),
        organisation=item["organisation"].strip(),
        role=item["role"].strip(),
        unit=unit.strip(),
    )


def roles_for_groups(role_map: Iterable[GroupRole], group_dns: Iterable[str]) -> list[GroupRole]:
    """The entries of ``role_map`` whose group is one of ``group_dns`` (any spelling).

    >>> staff = GroupRole("cn=staff,dc=x", "한빛시", "unit_staff", "복지정책국")
    >>> office = GroupRole("cn=office,dc=x", "한빛시", "evaluation_officer")
    >>> roles_for_groups([staff, office], ["CN=Staff, DC=x"]) == [staff]
    True
    """
    held = {dn_normalise(dn) for dn in group_dns}
    return [entry for entry in role_map if entry.group in held]
