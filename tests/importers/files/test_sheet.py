"""Workbooks in the official layouts read into rows of cells: every sheet's used range,
merged ranges, cached formula values, numbers as their format prints them; .xls refused."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
import xlsxwriter

from seonggwa.core.limits import Limits
from seonggwa.engine.values import parse_number
from seonggwa.importers.files import FileFormatError, file_kind, read_file
from seonggwa.importers.files.sheet import number_text, read_sheet


def workbook(build) -> bytes:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    build(book)
    book.close()
    return buffer.getvalue()


def _official(book) -> None:  # type: ignore[no-untyped-def]
    money = book.add_format({"num_format": "#,##0;-#,##0"})
    share = book.add_format({"num_format": "0.00"})
    sheet = book.add_worksheet("가. 총괄")
    sheet.write_string(0, 0, "3. 성과계획 총괄표")
    sheet.write_string(1, 3, "(단위:개, 백만원)")
    sheet.merge_range(2, 0, 3, 0, "실국명")
    sheet.merge_range(2, 1, 2, 2, "성과계획")
    sheet.write_string(3, 1, "전략목표수")
    sheet.write_string(3, 2, "예산액")
    sheet.write_string(4, 0, "계")
    sheet.write_formula(4, 1, "=B6+B7", None, 2)  # cached value as Excel saved it
    sheet.write_number(4, 2, 42535641, money)
    sheet.write_number(4, 3, 0.1 + 0.2)
    sheet.write_number(5, 1, 1.0)
    sheet.write_number(5, 2, -98, money)
    sheet.write_number(5, 3, 12.5, share)
    book.add_worksheet("빈 시트")
    book.add_worksheet("나. 비중").write_string(2, 1, "정책사업목표명")


def test_every_sheet_is_read_with_merges_formulas_and_printed_numbers():
    doc = read_sheet(name="plan.xlsx", data=workbook(_official), limits=Limits())
    assert doc.format == "xlsx"
    assert doc.lines() == [
        "3. 성과계획 총괄표",
        "\t\t\t(단위:개, 백만원)",
        "실국명\t성과계획",  # the merge's covered cells empty, trailing empties dropped
        "\t전략목표수\t예산액",
        "계\t2\t42,535,641\t0.3",
        "\t1\t-98\t12.50",
        "",
        "",
        "",
        "\t정책사업목표명",
    ]
    assert doc.where(5) == "시트 '가. 총괄' 표 1 5행"
    assert doc.where(10) == "시트 '나. 비중' 표 1 3행"


@pytest.mark.parametrize(
    ("value", "fmt", "printed"),
    [
        (42535641, "#,##0;-#,##0", "42,535,641"),
        (-1883.0, "#,##0;[Red]-#,##0", "-1,883"),
        (12.0, "General", "12"),
        (0.1 + 0.2, "General", "0.3"),
        (1 / 3, "General", "0.333333333333333"),
        (0.955, "0.0%", "95.5%"),
        (2.5, "0", "3"),  # half up, as a spreadsheet rounds what it shows
        (1.5, "0.##", "1.5"),
        (1e20, "General", "100000000000000000000"),
    ],
)
def test_numbers_as_the_sheet_prints_them_and_as_the_parsers_read_them(value, fmt, printed):
    assert number_text(value, fmt) == printed
    if not printed.endswith("%"):
        assert parse_number(printed) == Decimal(printed.replace(",", ""))


def test_a_seonggwa_workbook_is_left_to_its_own_reader_and_others_are_sheets():
    own = workbook(lambda b: b.add_worksheet("정보").write_string(0, 0, "형식"))
    other = workbook(_official)
    assert (file_kind(own), file_kind(other)) == ("workbook", "xlsx")
    assert read_file(name="own.xlsx", data=own, limits=Limits()) is None
    assert read_file(name="o.xlsx", data=other, limits=Limits()).format == "xlsx"  # type: ignore[union-attr]
    assert read_file(name="t.txt", data="실국명\t계".encode(), limits=Limits()) is None


def test_a_workbook_over_the_zip_limits_is_refused_before_openpyxl_opens_it():
    with pytest.raises(FileFormatError, match=r"big\.xlsx.*풀면 너무 큽니다"):
        read_sheet(name="big.xlsx", data=workbook(_official), limits=Limits(max_inflated_bytes=500))


def test_an_xls_is_refused_with_how_to_save_it_as_xlsx():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100 + "Workbook".encode("utf-16-le")
    assert file_kind(data) == "xls"
    with pytest.raises(FileFormatError, match=r"old.xls: 엑셀 97-2003 .*\.xlsx 파일을 가져오세요"):
        read_file(name="old.xls", data=data, limits=Limits())


def test_an_archive_that_is_neither_hwpx_nor_a_workbook_is_refused():
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    with pytest.raises(FileFormatError, match=r"a\.docx: 알 수 없는 압축 파일"):
        read_file(name="a.docx", data=buffer.getvalue(), limits=Limits())
