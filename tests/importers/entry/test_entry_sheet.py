"""Reading an uploaded entry sheet (pure): the guard before any library opens it, the cells
as the text of an actual, what counts as unchanged, and a sheet that is not ours."""

from __future__ import annotations

import datetime
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from seonggwa.importers.entry_sheet import (
    COLUMNS,
    ENTRY_SHEET,
    HEADER_ROW,
    INFO_SHEET,
    MAX_UNPACKED,
    SHEET_FORMAT,
    SheetError,
    cell_text,
    plain_number,
    same_entry,
    sheet_parse,
    workbook_guard,
)

LIMIT = 5 * 1024 * 1024


def sheet(rows: list[list[object]], info: dict[str, object] | None = None, header=None) -> bytes:  # type: ignore[no-untyped-def]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = ENTRY_SHEET
    ws["A1"] = "제목"
    ws.append([])
    ws.append(header or [title for title, _key in COLUMNS])
    for row in rows:
        ws.append(row)
    meta = wb.create_sheet(INFO_SHEET)
    for key, value in (
        info or {"형식": SHEET_FORMAT, "버전": 1, "계획번호": 7, "기간": "2026"}
    ).items():
        meta.append([key, value])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def row(
    actual: object,
    *,
    indicator_id: object = 11,
    version: object = 2,
    original: str = "33",
    note: str = "",
    original_note: str = "",
) -> list[object]:  # type: ignore[no-untyped-def]
    values = {
        "number": 1,
        "unit": "복지정책국",
        "indicator": "공공 돌봄시설 확충 (누적)",
        "actual": actual,
        "note": note,
        "indicator_id": indicator_id,
        "version": version,
        "original": original,
        "original_note": original_note,
    }
    return [values.get(key, "") for _title, key in COLUMNS]


def test_rows_are_read_with_their_spreadsheet_row_numbers():
    parsed = sheet_parse(
        sheet([row(35), row("240(1,952)", indicator_id=12, version="")]), max_bytes=LIMIT
    )
    assert (parsed.info.plan_id, parsed.info.period, parsed.info.version) == (7, "2026", 1)
    first, second = parsed.rows
    assert (first.row, first.actual, first.actual_kind, first.indicator_id, first.version) == (
        HEADER_ROW + 1,
        "35",
        "number",
        11,
        2,
    )
    assert (second.row, second.actual, second.version) == (HEADER_ROW + 2, "240(1,952)", None)


def test_a_date_or_a_blank_is_told_apart_from_text():
    parsed = sheet_parse(sheet([row(datetime.date(2026, 3, 1)), row("")]), max_bytes=LIMIT)
    assert [r.actual_kind for r in parsed.rows] == ["other", "empty"]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1942.0, "1,942"),
        (79.1, "79.1"),
        (0.1, "0.1"),
        (1234567.25, "1,234,567.25"),
        (-3, "-3"),
        ("  기준점 ", "기준점"),
        (None, ""),
    ],
)
def test_cells_become_the_text_the_documents_write(value, text):
    assert cell_text(value) == text


def test_same_entry_ignores_how_a_spreadsheet_formats_a_number():
    assert same_entry("79.1", "79.10") and same_entry("1942", "1,942")
    assert not same_entry("79.2", "79.1") and not same_entry("△1.2", "-1.2")
    assert plain_number("1,234.5") == Decimal("1234.5") and plain_number("12.5%") is None


def test_a_workbook_without_the_marker_is_not_an_entry_sheet():
    with pytest.raises(SheetError, match="실적 입력 시트가 아닙니다"):
        sheet_parse(sheet([row(1)], info={"형식": "다른 것"}), max_bytes=LIMIT)
    with pytest.raises(SheetError, match="버전"):
        sheet_parse(
            sheet([row(1)], info={"형식": SHEET_FORMAT, "버전": 9, "계획번호": 1, "기간": "2026"}),
            max_bytes=LIMIT,
        )


def test_a_moved_or_deleted_column_is_refused_by_name():
    header = [title for title, _key in COLUMNS if title != "버전"]
    with pytest.raises(SheetError, match="'버전' 열이 없습니다"):
        sheet_parse(sheet([], header=header), max_bytes=LIMIT)


def test_the_guard_refuses_before_any_library_reads():
    with pytest.raises(SheetError, match="빈 파일"):
        workbook_guard(b"", max_bytes=LIMIT)
    with pytest.raises(SheetError, match="너무 큽니다"):
        workbook_guard(b"PK\x03\x04" + b"0" * 100, max_bytes=50)
    with pytest.raises(SheetError, match="9,999바이트"):
        workbook_guard(b"PK\x03\x04", max_bytes=50, size=9_999)
    with pytest.raises(SheetError, match="통합문서"):
        workbook_guard(b"%PDF-1.4", max_bytes=LIMIT)
    with pytest.raises(SheetError, match="손상된"):
        workbook_guard(b"PK\x03\x04 not really a zip", max_bytes=LIMIT)


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_a_zip_bomb_is_refused_while_unpacking():
    bomb = _zip({"xl/workbook.xml": b"<w/>", "xl/big.xml": b"0" * (MAX_UNPACKED + 1)})
    assert len(bomb) < LIMIT  # small on the wire
    with pytest.raises(SheetError, match=r"압축을 풀면|크게 풀립니다"):
        workbook_guard(bomb, max_bytes=LIMIT)


def test_a_zip_that_is_not_a_workbook_or_has_too_many_members():
    with pytest.raises(SheetError, match="통합문서"):
        workbook_guard(_zip({"word/document.xml": b"<d/>"}), max_bytes=LIMIT)
    many = _zip({"xl/workbook.xml": b"<w/>", **{f"x/{i}": b"" for i in range(300)}})
    with pytest.raises(SheetError, match="너무 많습니다"):
        workbook_guard(many, max_bytes=LIMIT)
