"""What an indicator's printed name implies: the unit it must be counted in (A16).

Shared by the validators of every format: a name and a unit that do not fit each other are
a finding (``indicator.unit_name_mismatch``), never repaired.
"""

from __future__ import annotations

import re

from seonggwa.engine.catalogue import finding
from seonggwa.engine.findings import Finding

__all__ = ["unit_name_finding", "unit_name_mismatch"]

_COUNT_UNITS = r"(명|건|개|회|인원|개소|호|대)"

# (name pattern, the unit pattern the unit must match, what the name asks for); the first
# rule whose name pattern matches decides.
_UNIT_RULES: tuple[tuple[re.Pattern[str], re.Pattern[str], str], ...] = (
    (re.compile(r"만족도$"), re.compile(r"점|%|등급|수준"), "점 또는 %"),
    (re.compile(r"(개최|회의)\S*건수$"), re.compile(r"건|회|횟"), "건 또는 회"),
    (re.compile(r"건수$"), re.compile(r"^(?!.*(명|인|%|회|횟)).*$"), "건"),
    (re.compile(r"횟수$"), re.compile(r"회|횟수|건"), "회"),
    (re.compile(r"(인원|인원수|자수|자 수|객수|객 수)$"), re.compile(r"명|인"), "명"),
    (re.compile(r"(업소|업체|기관|개소)\s*수$"), re.compile(r"개|곳|소|업체|기관"), "개소"),
    (re.compile(r"(률|율|비율|달성도)$"), re.compile(rf"^(?!{_COUNT_UNITS}$)"), "%"),
    (re.compile(r"수$"), re.compile(r"^(?!%$)"), "개수(개·명·건 등)"),
)


def unit_name_mismatch(name: str, unit: str) -> str | None:
    """What unit the indicator name asks for, when the printed unit does not fit it.

    >>> unit_name_mismatch("노인 일자리 참여 인원", "%")
    '명'
    >>> unit_name_mismatch("시민 권익구제 만족도", "점") is None
    True
    >>> unit_name_mismatch("정책 반영률", "건")
    '%'
    """
    if not unit:
        return None
    stem = re.sub(r"\s*\([^()]*\)\s*$", "", name.strip())
    for name_rule, unit_rule, expected in _UNIT_RULES:
        if name_rule.search(stem):
            return None if unit_rule.search(unit) else expected
    return None


def unit_name_finding(
    name: str, unit_of_measure: str, *, unit: str, line: int | None
) -> Finding | None:
    """``indicator.unit_name_mismatch`` when the unit does not fit the indicator's name."""
    expected = unit_name_mismatch(name, unit_of_measure)
    if expected is None:
        return None
    return finding(
        "indicator.unit_name_mismatch",
        unit=unit,
        line=line,
        indicator=name,
        unit_of_measure=unit_of_measure,
        expected=expected,
    )
