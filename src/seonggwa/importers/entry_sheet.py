"""A unit's entry sheet: the workbook staff download for one period, fill in a spreadsheet
program and upload again (docs/web.md, "The entry sheet").

This module is pure: the layout both sides share (:data:`COLUMNS`, the 정보 sheet), the
guard a file passes before a spreadsheet library opens it (size, a real xlsx, no zip bomb)
and the reading of an uploaded workbook into :class:`SheetRow` s. Which changes may be made
is decided against the database by ``importers.entry_load``; the download is written by
``reports.entry_sheet``.

>>> cell_text(1942.0), cell_text(79.1), cell_text("230(1,942)"), cell_text(""), cell_text(None)
('1,942', '79.1', '230(1,942)', '', '')
>>> is_plain_number("1,234.5"), is_plain_number("△1.2"), is_plain_number("12.5%")
(True, False, False)
"""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from python_calamine import CalamineWorkbook

from seonggwa.core.limits import InputRefused, LimitExceeded, Limits, zip_check

__all__ = [
    "COLUMNS",
    "DATA_FIRST_ROW",
    "EDITABLE",
    "ENTRY_SHEET",
    "HEADER_ROW",
    "HIDDEN",
    "INFO_KEYS",
    "INFO_SHEET",
    "SHEET_FORMAT",
    "SHEET_VERSION",
    "TITLE_ROW",
    "EntrySheet",
    "SheetError",
    "SheetInfo",
    "SheetRow",
    "cell_text",
    "is_plain_number",
    "plain_number",
    "same_entry",
    "sheet_parse",
    "workbook_guard",
]

SHEET_FORMAT = "seonggwa-entry-sheet"
SHEET_VERSION = 1
ENTRY_SHEET = "실적입력"
INFO_SHEET = "정보"
INFO_KEYS = ("형식", "버전", "계획번호", "계획", "기간", "받은 사람", "받은 시각")

# The sheet's columns in order: (header, key). Staff change only the EDITABLE ones; the
# HIDDEN ones say which indicator a row is, the version that was read and the text as it was
# downloaded (so a row nobody touched is not taken for a change).
COLUMNS: tuple[tuple[str, str], ...] = (
    ("번호", "number"),
    ("부서", "unit"),
    ("성과지표", "indicator"),
    ("단위", "unit_of_measure"),
    ("방향", "direction"),
    ("목표", "target"),
    ("전년 실적", "previous"),
    ("상태", "status"),
    ("실적", "actual"),
    ("비고", "note"),
    ("입력 안내", "refusal"),
    ("지표ID", "indicator_id"),
    ("버전", "version"),
    ("받은 실적", "original"),
    ("받은 비고", "original_note"),
)
EDITABLE = ("actual", "note")
HIDDEN = ("indicator_id", "version", "original", "original_note")
TITLE_ROW = 1  # 1-based rows as a spreadsheet program shows them
HEADER_ROW = 3
DATA_FIRST_ROW = 4

# Guards for an uploaded workbook (an xlsx is a zip): how many members, and how many bytes
# they may unpack to, counted while unpacking (a member's declared size can lie).
MAX_MEMBERS = 200
MAX_UNPACKED = 64 * 1024 * 1024

_PLAIN = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


class SheetError(Exception):
    """The file as a whole cannot be taken (too big, not an xlsx, not an entry sheet, another
    plan's or period's sheet); the message says why and what to do (Korean)."""


@dataclass(frozen=True, slots=True)
class SheetInfo:
    plan_id: int
    period: str
    version: int


@dataclass(frozen=True, slots=True)
class SheetRow:
    """One data row as uploaded. ``actual`` is the cell as text (a number cell written as
    the documents write numbers, ``1,942``); ``actual_kind`` says what the cell held:
    ``text``, ``number``, ``empty``, or ``other`` (a date, a true/false) — ``actual`` is then
    the cell as the spreadsheet showed it."""

    row: int  # 1-based, as a spreadsheet program numbers it
    indicator_id: int | None
    indicator: str
    version: int | None
    actual: str
    actual_kind: str
    note: str
    original: str
    original_note: str


@dataclass(frozen=True, slots=True)
class EntrySheet:
    info: SheetInfo
    rows: tuple[SheetRow, ...]


def plain_number(text: str) -> Decimal | None:
    """The number of a plain number as the documents write it (``1,234.5``), else None."""
    stripped = text.strip()
    if not _PLAIN.fullmatch(stripped):
        return None
    try:
        return Decimal(stripped.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return None


def is_plain_number(text: str) -> bool:
    """A number with nothing around it (no unit, no △, no parts): written as a number cell."""
    return plain_number(text) is not None


def cell_text(value: Any) -> str:
    """A cell's value as the text of an actual: numbers as the documents write them."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        number = Decimal(repr(float(value))) if isinstance(value, float) else Decimal(value)
        if number == number.to_integral_value():
            number = number.quantize(Decimal(1))
        return format(number.normalize() if number % 1 else number, ",f")
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return str(value).strip()


def same_entry(uploaded: str, original: str) -> bool:
    """Whether an uploaded cell says what was downloaded: the same text, or the same plain
    number however the spreadsheet formats it (``79.10`` comes back as ``79.1``)."""
    if uploaded.strip() == original.strip():
        return True
    a, b = plain_number(uploaded), plain_number(original)
    return a is not None and b is not None and a == b


def workbook_guard(
    data: bytes,
    *,
    max_bytes: int,
    name: str = "",
    size: int | None = None,
    limits: Limits | None = None,
) -> None:
    """Refuse a file before any spreadsheet library reads it: larger than ``max_bytes``, not
    an xlsx (a zip with ``xl/workbook.xml``), or over the import limits (``limits``, at most
    :data:`MAX_MEMBERS` members and :data:`MAX_UNPACKED` bytes unpacked for an entry sheet):
    the zip directory is checked first, then the members are unpacked in chunks and counted
    (a member's declared size can lie). ``size`` is the whole upload's size when only its
    first ``max_bytes`` + 1 bytes were read."""
    label = f"'{name}': " if name else ""
    if not data:
        raise SheetError(label + "빈 파일입니다. 받은 실적 입력 시트(.xlsx)를 올리세요.")
    total = len(data) if size is None else max(size, len(data))
    if total > max_bytes:
        raise SheetError(
            label + f"파일이 너무 큽니다({total:,}바이트, 최대 {max_bytes:,}바이트). "
            "받은 실적 입력 시트(.xlsx)를 올리세요."
        )
    if not data.startswith(b"PK\x03\x04"):
        raise SheetError(
            label
            + "엑셀 통합문서(.xlsx)가 아닙니다. 받은 실적 입력 시트를 .xlsx로 저장해 올리세요."
        )
    bounds = (limits or Limits()).tighter(max_entries=MAX_MEMBERS, max_inflated_bytes=MAX_UNPACKED)
    try:
        names = zip_check(data, bounds, inflate=False)
        if "xl/workbook.xml" not in names:
            raise SheetError(
                label + "엑셀 통합문서(.xlsx)가 아닙니다. 받은 실적 입력 시트를 올리세요."
            )
        zip_check(data, bounds)
    except LimitExceeded as exc:
        raise SheetError(label + f"{exc} 받은 실적 입력 시트를 올리세요.") from exc
    except InputRefused as exc:
        raise SheetError(
            label + f"손상된 통합문서라 읽을 수 없습니다({exc}). 시트를 다시 받아 입력하세요."
        ) from exc


def _int(value: Any) -> int | None:
    if value in ("", None) or isinstance(value, bool):
        return None
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return int(number) if number == number.to_integral_value() else None


def _info(workbook: CalamineWorkbook) -> dict[str, Any]:
    if INFO_SHEET not in workbook.sheet_names:
        return {}
    rows = workbook.get_sheet_by_name(INFO_SHEET).to_python()
    return {str(r[0]).strip(): r[1] for r in rows if len(r) >= 2}


def _kind(value: Any) -> str:
    if value is None or value == "":
        return "empty"
    if isinstance(value, bool):
        return "other"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "text" if value.strip() else "empty"
    return "other"


def sheet_parse(
    data: bytes,
    *,
    max_bytes: int,
    name: str = "",
    size: int | None = None,
    limits: Limits | None = None,
) -> EntrySheet:
    """The rows of an uploaded entry sheet (after :func:`workbook_guard`). Raises
    :class:`SheetError` when the file is not a seonggwa entry sheet of a known version or
    its header row was changed."""
    workbook_guard(data, max_bytes=max_bytes, name=name, size=size, limits=limits)
    label = f"'{name}': " if name else ""
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        info = _info(workbook)
    except Exception as exc:  # calamine raises its own error types
        raise SheetError(label + f"통합문서를 열 수 없습니다({exc}).") from exc
    if str(info.get("형식", "")).strip() != SHEET_FORMAT or ENTRY_SHEET not in workbook.sheet_names:
        raise SheetError(
            label + "seonggwa의 실적 입력 시트가 아닙니다. 실적 입력 화면에서 '입력 시트 받기'로 "
            "받은 파일에 입력해 올리세요."
        )
    version = _int(info.get("버전"))
    if version != SHEET_VERSION:
        raise SheetError(
            label + f"실적 입력 시트 버전 {info.get('버전')}은(는) 읽을 수 없습니다(읽는 버전: "
            f"{SHEET_VERSION}). 시트를 새로 받아 입력하세요."
        )
    plan_id = _int(info.get("계획번호"))
    period = cell_text(info.get("기간"))
    if plan_id is None or not period:
        raise SheetError(
            label + "'정보' 시트의 계획번호나 기간이 비어 있습니다. 시트를 새로 받으세요."
        )
    sheet = workbook.get_sheet_by_name(ENTRY_SHEET)
    top = sheet.start[0] if sheet.start else 0
    cells = sheet.to_python()
    header_index = HEADER_ROW - 1 - top
    header = [str(c).strip() for c in cells[header_index]] if 0 <= header_index < len(cells) else []
    index: dict[str, int] = {}
    for title, key in COLUMNS:
        if title not in header:
            raise SheetError(
                label + f"'{ENTRY_SHEET}' 시트 {HEADER_ROW}행에 '{title}' 열이 없습니다. 열을 "
                "지우거나 옮기지 말고, 시트를 새로 받아 입력하세요."
            )
        index[key] = header.index(title)
    rows: list[SheetRow] = []
    for offset, raw in enumerate(cells[header_index + 1 :], start=header_index + 1):

        def at(key: str, raw: list[Any] = raw) -> Any:
            i = index[key]
            return raw[i] if i < len(raw) else ""

        if all(v in ("", None) for v in raw):
            continue
        actual = at("actual")
        rows.append(
            SheetRow(
                row=top + offset + 1,
                indicator_id=_int(at("indicator_id")),
                indicator=cell_text(at("indicator")),
                version=_int(at("version")),
                actual=cell_text(actual),
                actual_kind=_kind(actual),
                note=cell_text(at("note")),
                original=cell_text(at("original")),
                original_note=cell_text(at("original_note")),
            )
        )
    return EntrySheet(SheetInfo(plan_id=plan_id, period=period, version=version), tuple(rows))
