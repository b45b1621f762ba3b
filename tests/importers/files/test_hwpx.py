"""HWPX read into rows of cells: tables with merged cells, paragraphs in order, nested tables,
the zip limits, entity declarations and the binary HWP refused with how to save as HWPX."""

from __future__ import annotations

import io
import zipfile

import pytest

from seonggwa.core.limits import Limits
from seonggwa.importers.files import FileFormatError, file_kind, read_file
from seonggwa.importers.files.hwpx import read_hwpx

NS = (
    'xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section" '
    'xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph"'
)


def para(text: str) -> str:
    return f"<hp:p><hp:run><hp:t>{text}</hp:t></hp:run></hp:p>"


def cell(row: int, col: int, body: str, rows: int = 1, cols: int = 1) -> str:
    return (
        f"<hp:tc><hp:subList>{body}</hp:subList>"
        f'<hp:cellAddr colAddr="{col}" rowAddr="{row}"/>'
        f'<hp:cellSpan colSpan="{cols}" rowSpan="{rows}"/></hp:tc>'
    )


def table(rows: int, cols: int, trs: list[list[str]]) -> str:
    body = "".join("<hp:tr>" + "".join(tr) + "</hp:tr>" for tr in trs)
    return f'<hp:p><hp:run><hp:tbl rowCnt="{rows}" colCnt="{cols}">{body}</hp:tbl></hp:run></hp:p>'


def hwpx(*sections: str, mimetype: bool = True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if mimetype:
            archive.writestr("mimetype", "application/hwp+zip")
        archive.writestr("Contents/content.hpf", "<opf:package/>")
        for n, body in enumerate(sections):
            archive.writestr(f"Contents/section{n}.xml", f"<hs:sec {NS}>{body}</hs:sec>")
    return buffer.getvalue()


SUMMARY = table(
    4,
    3,
    [
        [cell(0, 0, para("실국명"), rows=2), cell(0, 1, para("성과계획"), cols=2)],
        [cell(1, 1, para("전략목표수")), cell(1, 2, para("지표수"))],
        [cell(2, 0, para("계")), cell(2, 1, para("2")), cell(2, 2, para("1,234"))],
        [
            cell(3, 0, para("대변인") + para("(본부)")),
            cell(3, 1, para("1")),
            cell(3, 2, table(1, 2, [[cell(0, 0, para("안")), cell(0, 1, para("밖"))]])),
        ],
    ],
)


def test_tables_and_paragraphs_come_in_document_order_with_merged_cells_empty():
    data = hwpx(para("3. 성과계획 총괄표") + para("") + SUMMARY + para("※ 주석"))
    doc = read_hwpx(name="plan.hwpx", data=data, limits=Limits())
    assert doc.format == "hwpx"
    assert doc.lines() == [
        "3. 성과계획 총괄표",
        "실국명\t성과계획\t",
        "\t전략목표수\t지표수",
        "계\t2\t1,234",
        "대변인 (본부)\t1\t안 밖",  # two paragraphs of a cell; a table nested in a cell
        "",
        "※ 주석",
    ]
    assert doc.where(4) == "표 1 3행" and doc.where(1) == "" and doc.where(6) == ""


def test_text_and_a_table_in_one_paragraph_and_several_sections():
    first = (
        "<hp:p><hp:run><hp:t>가. 총괄<hp:tab/>(단위:개)</hp:t>"
        + table(1, 1, [[cell(0, 0, para("x"))]])[len("<hp:p><hp:run>") : -len("</hp:run></hp:p>")]
        + "</hp:run></hp:p>"
    )
    data = hwpx(first, table(1, 2, [[cell(0, 0, para("a")), cell(0, 1, para("b"))]]))
    doc = read_hwpx(name="two.hwpx", data=data, limits=Limits())
    assert doc.lines() == ["가. 총괄 (단위:개)", "x", "", "a\tb"]
    assert doc.where(2) == "1구역 표 1 1행" and doc.where(4) == "2구역 표 1 1행"


def test_read_file_routes_hwpx_by_its_content_not_its_name():
    data = hwpx(SUMMARY, mimetype=False)  # no mimetype entry: the section and manifest tell
    assert file_kind(data) == "hwpx"
    doc = read_file(name="아무이름.zip", data=data, limits=Limits())
    assert doc is not None and doc.format == "hwpx" and len(doc.rows) == 4


def test_a_zip_bomb_is_refused_before_it_is_parsed():
    bomb = hwpx(para("0" * (8 * 1024 * 1024)))
    assert len(bomb) < 100_000
    with pytest.raises(FileFormatError, match=r"bomb\.hwpx.*비정상적으로 크게 풀립니다"):
        read_hwpx(name="bomb.hwpx", data=bomb, limits=Limits())
    with pytest.raises(FileFormatError, match="풀면 너무 큽니다"):
        read_hwpx(name="big.hwpx", data=hwpx(SUMMARY), limits=Limits(max_inflated_bytes=100))


def test_entity_declarations_are_refused():
    laughs = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/hwp+zip")
        archive.writestr("Contents/section0.xml", f"{laughs}<hs:sec {NS}>{para('&a;')}</hs:sec>")
    with pytest.raises(FileFormatError, match="DOCTYPE/ENTITY"):
        read_hwpx(name="e.hwpx", data=buffer.getvalue(), limits=Limits())


def test_damaged_xml_and_a_zip_without_a_body_are_refused_naming_the_file():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/hwp+zip")
        archive.writestr("Contents/section0.xml", "<hs:sec")
    with pytest.raises(FileFormatError, match=r"d\.hwpx: Contents/section0\.xml 의 XML 이 손상"):
        read_hwpx(name="d.hwpx", data=buffer.getvalue(), limits=Limits())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/hwp+zip")
    with pytest.raises(FileFormatError, match=r"n\.hwpx: HWPX 문서가 아닙니다"):
        read_hwpx(name="n.hwpx", data=buffer.getvalue(), limits=Limits())


def test_a_binary_hwp_is_refused_with_how_to_save_it_as_hwpx():
    # an OLE compound file whose FileHeader stream carries the HWP 5 signature
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"HWP Document File" + b"\x00" * 64
    assert file_kind(data) == "hwp"
    with pytest.raises(FileFormatError) as refused:
        read_file(name="계획.hwp", data=data, limits=Limits())
    message = str(refused.value)
    assert message.startswith("계획.hwp: ")
    assert "[다른 이름으로 저장]" in message and "HWPX" in message and ".hwpx" in message
