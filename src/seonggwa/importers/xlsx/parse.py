"""Read a seonggwa workbook (python-calamine) back into :class:`PlanTables`.

Undoes exactly what ``write`` did: the formula prefix, 1-based references, numbers written
as floats. A missing sheet, column or a cell of the wrong type is a :class:`WorkbookError`
naming the sheet, row and column.
"""

from __future__ import annotations

import io
import json
from decimal import Decimal, InvalidOperation
from typing import Any

from python_calamine import CalamineWorkbook

from seonggwa.engine.catalogue import legacy_code
from seonggwa.engine.text import control_characters, describe_control
from seonggwa.importers.tables import (
    DeclaredRow,
    DocumentInfo,
    FindingRow,
    GoalRow,
    IndicatorRow,
    OwnerRow,
    PerspectiveRow,
    PlanTables,
    PolicyGoalRow,
    UnitRow,
    ValueRow,
)
from seonggwa.importers.xlsx.schema import (
    INFO_SHEET,
    SHEETS,
    WORKBOOK_FORMAT,
    WORKBOOK_VERSION,
    restore,
)

__all__ = ["WorkbookError", "detect", "parse", "read_sheets"]

_ROW_TYPES: dict[str, type[Any]] = {
    "units": UnitRow,
    "owners": OwnerRow,
    "perspectives": PerspectiveRow,
    "goals": GoalRow,
    "policy_goals": PolicyGoalRow,
    "indicators": IndicatorRow,
    "values": ValueRow,
    "declared": DeclaredRow,
    "findings": FindingRow,
}


class WorkbookError(Exception):
    """The workbook is not a readable seonggwa workbook; the message says where."""


def _open(data: bytes) -> CalamineWorkbook:
    return CalamineWorkbook.from_filelike(io.BytesIO(data))


def read_sheets(data: bytes) -> dict[str, list[list[Any]]]:
    """Every sheet's cells as calamine reads them (for comparing workbooks in tests)."""
    wb = _open(data)
    return {name: wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names}


def _info(wb: CalamineWorkbook) -> dict[str, Any]:
    if INFO_SHEET not in wb.sheet_names:
        return {}
    rows = wb.get_sheet_by_name(INFO_SHEET).to_python()
    return {str(r[0]): r[1] for r in rows[1:] if len(r) >= 2}


def detect(data: bytes) -> bool:
    """True for a workbook whose 정보 sheet names the seonggwa workbook format."""
    try:
        return _info(_open(data)).get("형식") == WORKBOOK_FORMAT
    except Exception:
        return False


def _convert(value: Any, kind: str, where: str) -> Any:
    if kind == "str":
        if value in ("", None):
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a number typed by hand into a text column
        text = restore(str(value))
        found = control_characters(text)
        if found:
            raise WorkbookError(
                f"{where or INFO_SHEET}: {found[0] + 1}번째 글자에 제어 문자 {describe_control(text[found[0]])}"
                "가 있습니다. 그 글자를 지우고 다시 가져오세요."
            )
        return text
    if value in ("", None):
        if kind == "bool":
            return False
        if kind == "json":
            return []
        return None
    try:
        if kind in ("int", "ref"):
            number = int(value) if not isinstance(value, str) else int(value.strip())
            if isinstance(value, float) and not value.is_integer():
                raise ValueError(value)
            return number - 1 if kind == "ref" else number
        if kind == "dec":
            if isinstance(value, float):
                return Decimal(repr(value))
            return Decimal(restore(str(value)).strip())
        if kind == "bool":
            if isinstance(value, bool):
                return value
            return str(value).strip().lower() in ("true", "1", "예", "y")
        if kind == "json":
            return json.loads(restore(str(value)))
    except (ValueError, InvalidOperation, json.JSONDecodeError) as exc:
        raise WorkbookError(f"{where}: '{value}'을(를) {kind} 값으로 읽을 수 없습니다.") from exc
    raise AssertionError(kind)


def parse(data: bytes, *, source: str = "") -> PlanTables:
    """The tables of a seonggwa workbook. Raises :class:`WorkbookError` with sheet/row/column."""
    try:
        wb = _open(data)
    except Exception as exc:
        raise WorkbookError(f"{source}: 통합문서(.xlsx)를 열 수 없습니다({exc}).") from exc
    info = _info(wb)
    if info.get("형식") != WORKBOOK_FORMAT:
        raise WorkbookError(
            f"{source}: '{INFO_SHEET}' 시트의 형식이 '{WORKBOOK_FORMAT}'이 아닙니다. "
            "seonggwa export-xlsx 로 만든 통합문서를 지정하세요."
        )
    version = _convert(info.get("버전"), "int", f"{source} {INFO_SHEET}!버전")
    if version != WORKBOOK_VERSION:
        raise WorkbookError(
            f"{source}: 통합문서 버전 {version}은(는) 지원하지 않습니다(지원: {WORKBOOK_VERSION})."
        )
    kind = _convert(info.get("종류"), "str", f"{source} {INFO_SHEET}!종류")
    if kind not in ("plan", "bsc", "report"):
        raise WorkbookError(
            f"{source} {INFO_SHEET}!종류: '{kind}'은(는) plan, bsc, report 중 하나여야 합니다."
        )
    document = None
    if _convert(info.get("원본파일"), "str", ""):
        document = DocumentInfo(
            file_name=_convert(info.get("원본파일"), "str", ""),
            sha256=_convert(info.get("원본SHA256"), "str", ""),
            size=_convert(info.get("원본크기"), "int", f"{source} {INFO_SHEET}!원본크기") or 0,
            format=_convert(info.get("원본형식"), "str", ""),
            line_count=_convert(info.get("원본행수"), "int", f"{source} {INFO_SHEET}!원본행수")
            or 0,
            money_unit=_convert(info.get("금액단위"), "str", ""),
        )
    tables = PlanTables(kind=kind, title=_convert(info.get("제목"), "str", ""), document=document)
    for sheet_name, (attr, columns) in SHEETS.items():
        if sheet_name not in wb.sheet_names:
            raise WorkbookError(f"{source}: '{sheet_name}' 시트가 없습니다.")
        rows = wb.get_sheet_by_name(sheet_name).to_python()
        header = [str(c).strip() for c in rows[0]] if rows else []
        index: dict[str, int] = {}
        for h, _name, _kind in columns:
            if h not in header:
                raise WorkbookError(f"{source}: '{sheet_name}' 시트에 '{h}' 열이 없습니다.")
            index[h] = header.index(h)
        out = getattr(tables, attr)
        row_type = _ROW_TYPES[attr]
        for r, cells in enumerate(rows[1:], start=2):
            if not any(c not in ("", None) for c in cells):
                continue
            kwargs: dict[str, Any] = {}
            for h, name, kind_ in columns:
                i = index[h]
                value = cells[i] if i < len(cells) else ""
                kwargs[name] = _convert(value, kind_, f"{source} {sheet_name}!{r}행 '{h}'")
            out.append(row_type(**kwargs))
    _check_references(tables, source)
    _upgrade(tables)
    return tables


def _upgrade(tables: PlanTables) -> None:
    """A workbook written before the finding catalogue: today's codes and 총괄 keys."""
    for row in tables.findings:
        row.code = legacy_code(
            row.code, unit_label=row.unit_label, details=row.details, message=row.message
        )
    for fig in tables.declared:
        if fig.table == "summary" and fig.key == "program_goals":
            fig.key = "policy_goals"


def _check_references(tables: PlanTables, source: str) -> None:
    refs: list[tuple[str, str, list[Any], str, int, bool]] = [
        ("계획주체", "부서번호", tables.owners, "unit", len(tables.units), False),
        ("관점", "주체번호", tables.perspectives, "owner", len(tables.owners), False),
        ("전략목표", "주체번호", tables.goals, "owner", len(tables.owners), False),
        ("전략목표", "관점번호", tables.goals, "perspective", len(tables.perspectives), True),
        ("정책사업목표", "전략목표번호", tables.policy_goals, "goal", len(tables.goals), False),
        ("성과지표", "전략목표번호", tables.indicators, "goal", len(tables.goals), False),
        (
            "성과지표",
            "정책사업목표번호",
            tables.indicators,
            "policy_goal",
            len(tables.policy_goals),
            True,
        ),
        ("성과지표", "관점번호", tables.indicators, "perspective", len(tables.perspectives), True),
        ("지표값", "지표번호", tables.values, "indicator", len(tables.indicators), False),
        ("총괄", "부서번호", tables.declared, "unit", len(tables.units), True),
    ]
    for sheet, header, rows, attr, size, optional in refs:
        for r, row in enumerate(rows, start=2):
            ref = getattr(row, attr)
            if ref is None and optional:
                continue
            if ref is None or not 0 <= ref < size:
                shown = "(빈칸)" if ref is None else ref + 1
                raise WorkbookError(
                    f"{source} {sheet}!{r}행 '{header}': {shown}번 행이 없습니다(1~{size})."
                )
