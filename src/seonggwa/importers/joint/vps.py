"""Read a VPS sheet (지방행정평가정보시스템): a region's — or several regions' — indicator
results as CSV or ``.xlsx``; pure (no Django, no database). The column layout is in
docs/joint-evaluation.md:

    시도 | 연번 | 지표명 | 목표 | 실적 | 달성여부 | 우수사례

The header row is the first row naming 실적 or 달성여부 and 연번 or 지표명; columns are found
by their header (in any order; the aliases are :data:`COLUMNS`). ``시도`` may be left out
when the import names the region. :func:`read_sheet` gives the rows with their 1-based line
(row) numbers; the loader (:mod:`.vps_load`) resolves regions and indicators and writes.

>>> sheet = read_sheet("v.csv", "시도,연번,목표,실적,달성여부\\n서울,5,68,79,달성\\n".encode())
>>> sheet.rows[0].line, sheet.rows[0].region, sheet.rows[0].met
(2, '서울', '달성')
>>> read_met("미달성"), read_met("해당없음"), read_met(""), read_met("?")
(False, 'na', None, 'bad')
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from seonggwa.engine.catalogue import finding
from seonggwa.engine.findings import Finding
from seonggwa.engine.text import norm_key
from seonggwa.engine.values import parse_number

__all__ = [
    "COLUMNS",
    "VALUE_RANGE",
    "VpsRow",
    "VpsSheet",
    "read_met",
    "read_sheet",
    "read_value",
]

#: Column key → the headers that name it (compared without spaces).
COLUMNS: dict[str, tuple[str, ...]] = {
    "region": ("시도", "시·도", "시도명", "지자체", "자치단체"),
    "number": ("연번", "지표번호", "번호"),
    "name": ("지표명", "지표"),
    "target": ("목표", "목표치", "목표값"),
    "actual": ("실적", "실적치", "실적값"),
    "met": ("달성여부", "달성", "목표달성"),
    "cases": ("우수사례", "우수사례(건)", "우수사례건수"),
}
#: Values outside this range are refused (a result cannot be negative; the upper bound is
#: what the database column holds).
VALUE_RANGE: tuple[Decimal, Decimal] = (Decimal(0), Decimal("999999999999"))

_MET = {"달성": True, "y": True, "o": True, "○": True, "yes": True, "true": True, "1": True}
_NOT_MET = {
    "미달성": False,
    "n": False,
    "x": False,
    "×": False,
    "no": False,
    "false": False,
    "0": False,
}
_NA = {"해당없음", "-", "n/a", "na", "비대상", "해당무", "제외"}


@dataclass(slots=True)
class VpsRow:
    line: int
    region: str = ""
    number: str = ""
    name: str = ""
    target: str = ""
    actual: str = ""
    met: str = ""
    cases: str = ""


@dataclass(slots=True)
class VpsSheet:
    source: str
    columns: list[str] = field(default_factory=list)
    rows: list[VpsRow] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # structural: nothing is written


def read_met(raw: str) -> bool | Literal["na", "bad"] | None:
    """달성 → True, 미달성 → False, 해당없음 / "-" → "na" (not evaluated, 부분평가), blank →
    None (judge from target and actual), anything else → "bad"."""
    key = norm_key(raw).lower()
    if not key:
        return None
    if key in _MET:
        return True
    if key in _NOT_MET:
        return False
    if key in _NA:
        return "na"
    return "bad"


def read_value(raw: str) -> Decimal | None:
    """A number as the sheet gives it ("79", "1,234", "97.4%"); None when it is not one."""
    return parse_number(raw.strip().rstrip("%").strip()) if raw.strip() else None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _rows(name: str, data: bytes) -> list[list[str]]:
    if Path(name).suffix.lower() == ".xlsx":
        from python_calamine import CalamineWorkbook

        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = wb.get_sheet_by_index(0).to_python()
        return [[_text(v) for v in row] for row in sheet]
    for encoding in ("utf-8-sig", "cp949"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = data.decode("utf-8", errors="replace")
    dialect = (
        "excel-tab"
        if text.split("\n", 1)[0].count("\t") > text.split("\n", 1)[0].count(",")
        else "excel"
    )
    return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), dialect=dialect)]


def read_sheet(name: str, data: bytes, *, region_given: bool = False) -> VpsSheet:
    """The rows of a VPS sheet (CSV, tab-separated text or ``.xlsx``) under its header row.
    A missing header or column is a finding of :attr:`VpsSheet.findings` (the sheet cannot
    be imported)."""
    sheet = VpsSheet(source=name)
    rows = _rows(name, data)
    aliases = {norm_key(a): key for key, names in COLUMNS.items() for a in names}
    header_at = None
    index: dict[str, int] = {}
    for n, row in enumerate(rows):
        keys = {aliases.get(norm_key(c)): i for i, c in enumerate(row) if aliases.get(norm_key(c))}
        if ("actual" in keys or "met" in keys) and ("number" in keys or "name" in keys):
            header_at, index = n, {k: i for k, i in keys.items() if k}
            sheet.columns = [c for c in row if c]
            break
    if header_at is None:
        sheet.findings.append(
            finding(
                "vps.column_missing",
                line=1,
                file=name,
                column="실적(또는 달성여부)·연번(또는 지표명)",
                columns=", ".join(c for c in (rows[0] if rows else []) if c) or "없음",
            )
        )
        return sheet
    if "region" not in index and not region_given:
        sheet.findings.append(
            finding(
                "vps.column_missing",
                line=header_at + 1,
                file=name,
                column="시도",
                columns=", ".join(sheet.columns),
            )
        )
        return sheet
    for n in range(header_at + 1, len(rows)):
        row = rows[n]
        if not any(row):
            continue
        values = {k: (row[i] if i < len(row) else "") for k, i in index.items()}
        sheet.rows.append(VpsRow(line=n + 1, **values))
    return sheet
