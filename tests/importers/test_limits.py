"""The import limits (seonggwa.core.limits, docs/limits.md "Import limits"): every file an
import or upload reads is refused, in bounded memory and writing nothing, when it passes a
limit — and the refusal names the limit and the setting that changes it. The long probes
(a 6 MB workbook inflating to 1.7 GB, a 150 MB text) are benchmarks/hostile_inputs.py."""

from __future__ import annotations

import io
import struct
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from django.apps import apps

from seonggwa.cli import main
from seonggwa.core.errors import ServiceError
from seonggwa.core.limits import (
    LIMITS,
    InputRefused,
    LimitExceeded,
    Limits,
    pdf_check,
    read_capped,
    read_path,
    sniff,
    zip_check,
)
from seonggwa.importers.load import ImportFileError, document_read
from seonggwa.results.services import evidence_check

from ..conftest import SEEDS

KiB, MiB = 1024, 1024 * 1024


def row_counts() -> dict[str, int]:
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m.__module__.startswith("seonggwa.")
    }


def run(capsys, *argv: str) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    code = main(list(argv))
    return code, capsys.readouterr().err


def _zip(members: dict[str, bytes], *, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _bomb_workbook(inflated: int) -> bytes:
    """A few KB that look like a seonggwa workbook (its 정보 sheet is named in workbook.xml)
    whose one sheet inflates to ``inflated`` bytes of rows."""
    row = b'<row><c t="inlineStr"><is><t>0</t></is></c></row>'
    sheet = b"<worksheet><sheetData>" + row * (inflated // len(row)) + b"</sheetData></worksheet>"
    return _zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": '<workbook><sheets><sheet name="정보" sheetId="1"/></sheets>'
            "</workbook>".encode(),
            "xl/worksheets/sheet1.xml": sheet,
        }
    )


class Endless(io.RawIOBase):
    """A stream that never ends, like /dev/zero."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        buffer[:] = b"\0" * len(buffer)
        return len(buffer)


# --- the limits themselves -------------------------------------------------------------------


def test_every_limit_has_a_setting_of_the_same_name_with_its_default(settings):
    for info in LIMITS:
        assert info.setting.startswith("SEONGGWA_MAX_")
        assert getattr(settings, info.setting) == info.default
    assert Limits.from_settings(settings) == Limits()
    settings.SEONGGWA_MAX_PDF_PAGES = 7
    assert Limits.from_settings(settings).max_pdf_pages == 7


def test_the_kind_of_a_file_is_read_from_its_first_bytes_only():
    assert [
        sniff(b) for b in (b"PK\x03\x04", b"%PDF-1.4", b"\xd0\xcf\x11\xe0\xa1", b"\xef\xbb")
    ] == [
        "zip",
        "pdf",
        "ole",
        "text",
    ]


# --- text: read in chunks, with a cap --------------------------------------------------------


def test_a_stream_that_never_ends_stops_one_byte_past_the_cap():
    started = time.monotonic()
    with pytest.raises(OverflowError) as refused:
        read_capped(Endless(), 4 * MiB, on_over=lambda n: OverflowError(n))
    assert refused.value.args == (4 * MiB + 1,)
    assert time.monotonic() - started < 5


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_dev_zero_is_refused_after_the_cap_not_with_a_memory_error():
    with pytest.raises(LimitExceeded, match=r"이상 읽고 멈춤.*최대 65,536바이트"):
        read_path(Path("/dev/zero"), Limits(max_text_bytes=64 * KiB))


def test_a_regular_file_over_the_limit_is_refused_by_its_size_before_it_is_read(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 5000)
    with pytest.raises(LimitExceeded, match=r"big.txt: 텍스트 파일이 너무 큽니다\(5,000바이트\)"):
        read_path(path, Limits(max_text_bytes=4999), name="big.txt")
    assert read_path(path, Limits(max_text_bytes=5000)) == b"a" * 5000


def test_an_over_size_text_is_refused_by_the_command_with_exit_2_and_writes_nothing(
    capsys, db, settings
):
    settings.SEONGGWA_MAX_TEXT_BYTES = 10 * KiB
    (seed,) = SEEDS.glob("000_*.txt")
    before = row_counts()
    code, err = run(capsys, "import", str(seed), "--org", "서울", "--year", "2022")
    assert code == 2
    assert "텍스트 파일이 너무 큽니다" in err and "SEONGGWA_MAX_TEXT_BYTES" in err
    assert row_counts() == before


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_dev_zero_given_to_the_command_ends_in_exit_2(capsys, db, settings):
    settings.SEONGGWA_MAX_TEXT_BYTES = 1 * MiB
    before = row_counts()
    code, err = run(capsys, "import", "/dev/zero", "--org", "서울", "--year", "2022")
    assert code == 2 and "/dev/zero" in err and "SEONGGWA_MAX_TEXT_BYTES" in err
    assert row_counts() == before


def test_text_given_as_bytes_is_held_to_the_same_limit(settings):
    settings.SEONGGWA_MAX_TEXT_BYTES = 100
    with pytest.raises(ImportFileError, match="SEONGGWA_MAX_TEXT_BYTES"):
        document_read(year=2022, path_or_text=b"x" * 101, source_name="x.txt")


# --- zip archives: the directory first, then inflation with a cap ----------------------------


def test_too_many_entries_are_refused_from_the_directory():
    many = _zip({f"{i}.xml": b"" for i in range(11)})
    with pytest.raises(LimitExceeded, match=r"11개.*SEONGGWA_MAX_ZIP_ENTRIES"):
        zip_check(many, Limits(max_entries=10))
    assert len(zip_check(many, Limits(max_entries=11))) == 11


def test_the_declared_inflated_size_is_refused_before_anything_is_inflated():
    data = _zip({"a.xml": b"<a/>" * 1000}, method=zipfile.ZIP_STORED)
    with pytest.raises(LimitExceeded, match="적힌 크기 합계 4,000바이트") as refused:
        zip_check(data, Limits(max_inflated_bytes=3999))
    assert refused.value.limit.setting == "SEONGGWA_MAX_INFLATED_BYTES"


def test_a_part_that_inflates_too_many_times_its_size_is_refused_by_its_ratio():
    data = _zip({"xl/worksheets/sheet1.xml": b"0" * (4 * MiB)})
    with pytest.raises(LimitExceeded, match="SEONGGWA_MAX_COMPRESSION_RATIO"):
        zip_check(data, Limits())
    zip_check(data, Limits(max_ratio=10_000))


def _lie_about_sizes(data: bytes, member: bytes, size: int) -> bytes:
    """The archive with ``member``'s uncompressed size rewritten to ``size`` in both its
    local header and its central directory entry (the content unchanged)."""
    out = bytearray(data)
    local = out.find(b"PK\x03\x04")
    assert out[local + 30 : local + 30 + len(member)] == member
    struct.pack_into("<I", out, local + 22, size)
    central = out.find(b"PK\x01\x02")
    assert out[central + 46 : central + 46 + len(member)] == member
    struct.pack_into("<I", out, central + 24, size)
    return bytes(out)


def test_a_lying_header_is_caught_while_inflating():
    honest = _zip({"xl/sheet.xml": b"<row/>" * 100_000})
    liar = _lie_about_sizes(honest, b"xl/sheet.xml", 1000)  # claims 1,000 bytes: ratio ~ 1
    assert zip_check(liar, Limits(), inflate=False) == ["xl/sheet.xml"]  # the directory passes
    with pytest.raises(InputRefused, match="크기 정보가 내용과 다릅니다"):
        zip_check(liar, Limits(), name="liar.xlsx")


def test_a_small_workbook_that_inflates_past_the_limit_is_refused_with_exit_2(
    capsys, db, settings, tmp_path
):
    settings.SEONGGWA_MAX_INFLATED_BYTES = 2 * MiB
    settings.SEONGGWA_MAX_COMPRESSION_RATIO = 10**6  # let the inflated size be what stops it
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(_bomb_workbook(8 * MiB))
    assert path.stat().st_size < 64 * KiB
    before = row_counts()
    started = time.monotonic()
    code, err = run(capsys, "import", str(path), "--org", "서울", "--year", "2022")
    assert code == 2
    assert "bomb.xlsx" in err and "압축을 풀면 너무 큽니다" in err
    assert "SEONGGWA_MAX_INFLATED_BYTES" in err
    assert time.monotonic() - started < 10
    assert row_counts() == before


def test_a_workbook_over_the_archive_size_is_refused_by_its_size(settings, tmp_path):
    settings.SEONGGWA_MAX_ARCHIVE_BYTES = 1000
    path = tmp_path / "big.xlsx"
    path.write_bytes(_zip({"a.bin": bytes(range(256)) * 20}, method=zipfile.ZIP_STORED))
    with pytest.raises(ImportFileError, match="SEONGGWA_MAX_ARCHIVE_BYTES"):
        document_read(year=2022, path_or_text=path)


def test_a_workbook_is_detected_from_its_directory_without_reading_its_sheets(settings):
    # the sheet is not even XML: detection reads workbook.xml only, the reader then refuses
    data = _zip(
        {
            "xl/workbook.xml": '<sheets><sheet name="정보"/></sheets>'.encode(),
            "xl/worksheets/sheet1.xml": b"not xml at all",
        }
    )
    with pytest.raises(ImportFileError) as refused:
        document_read(year=2022, path_or_text=data, source_name="w.xlsx")
    assert "seonggwa 통합문서가 아닙니다" not in str(refused.value)
    # without a 정보 sheet it is a workbook in an official layout: that reader opens it and
    # refuses this damaged one (no [Content_Types].xml), saying how to save it again
    plain = _zip({"xl/workbook.xml": b'<sheets><sheet name="Sheet1"/></sheets>'})
    with pytest.raises(ImportFileError, match=r"p\.xlsx: 엑셀 통합문서를 열 수 없습니다"):
        document_read(year=2022, path_or_text=plain, source_name="p.xlsx")


# --- PDF: pages and page size, counted before anything is extracted --------------------------


def _pdf(pages: int) -> bytes:
    from weasyprint import HTML

    body = "".join(f'<p style="page-break-after: always">쪽 {i}</p>' for i in range(pages))
    return HTML(string=f"<html><body>{body}</body></html>").write_pdf()


def test_a_pdf_with_too_many_pages_is_refused_before_extraction():
    data = _pdf(6)
    assert pdf_check(data, Limits(max_pdf_pages=6)) == 6
    with pytest.raises(LimitExceeded, match=r"6쪽.*SEONGGWA_MAX_PDF_PAGES"):
        pdf_check(data, Limits(max_pdf_pages=5), name="plan.pdf")


@pytest.mark.django_db
def test_importing_a_pdf_over_the_page_limit_exits_2_and_writes_nothing(settings, tmp_path, capsys):
    settings.SEONGGWA_MAX_PDF_PAGES = 5
    path = tmp_path / "plan.pdf"
    path.write_bytes(_pdf(6))
    before = row_counts()
    code, err = run(capsys, "import", str(path), "--org", "서울", "--year", "2022")
    assert code == 2
    assert "plan.pdf" in err and "6쪽" in err and "SEONGGWA_MAX_PDF_PAGES" in err
    assert row_counts() == before


def _hand_pdf(*, count: int, content: bytes) -> bytes:
    stream = zlib.compress(content)
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        + b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count %d >> endobj\n" % count
        + b"3 0 obj << /Type /Page /Parent 2 0 R /Contents 4 0 R >> endobj\n"
        + b"4 0 obj << /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
        + stream
        + b"\nendstream\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )


def test_a_pdf_that_declares_more_pages_than_allowed_is_refused():
    with pytest.raises(LimitExceeded, match="1,000,000쪽"):
        pdf_check(_hand_pdf(count=1_000_000, content=b"BT ET"), Limits())
    assert pdf_check(_hand_pdf(count=1, content=b"BT ET"), Limits()) == 1


def test_a_page_whose_content_inflates_past_the_page_limit_is_refused():
    data = _hand_pdf(count=1, content=b"0 0 m " * 400_000)  # 2.4 MB of drawing, ~10 KB packed
    assert len(data) < 64 * KiB
    with pytest.raises(LimitExceeded, match="SEONGGWA_MAX_PDF_PAGE_BYTES"):
        pdf_check(data, Limits(max_pdf_page_bytes=1 * MiB))
    assert pdf_check(data, Limits()) == 1


# --- evidence is held to the same limits -----------------------------------------------------


def test_evidence_pdf_with_too_many_pages_is_refused_naming_the_limit(settings):
    settings.SEONGGWA_MAX_PDF_PAGES = 2
    with pytest.raises(ServiceError, match="SEONGGWA_MAX_PDF_PAGES"):
        evidence_check(file_name="집계표.pdf", content=_pdf(3))


def test_evidence_workbook_that_is_a_zip_bomb_is_refused(settings):
    settings.SEONGGWA_MAX_INFLATED_BYTES = 1 * MiB
    settings.SEONGGWA_MAX_COMPRESSION_RATIO = 10**6
    bomb = _zip({"xl/workbook.xml": b"<w/>", "xl/worksheets/sheet1.xml": b"0" * (4 * MiB)})
    with pytest.raises(ServiceError, match="SEONGGWA_MAX_INFLATED_BYTES"):
        evidence_check(file_name="실적.xlsx", content=bomb)


# --- a backup is bounded too -----------------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_restoring_dev_zero_or_an_over_size_backup_is_refused_and_writes_nothing(
    db, settings, tmp_path
):
    from seonggwa.backup.services import organisation_restore_from_file

    before = row_counts()
    with pytest.raises(ServiceError, match="JSON 백업 파일로 읽을 수 없습니다"):
        organisation_restore_from_file(path=Path("/dev/zero"))
    settings.SEONGGWA_MAX_BACKUP_BYTES = 100
    big = tmp_path / "dump.json"
    big.write_text('{"format": "seonggwa-dump", "pad": "' + "x" * 200 + '"}')
    with pytest.raises(ServiceError, match="SEONGGWA_MAX_BACKUP_BYTES"):
        organisation_restore_from_file(path=big)
    assert row_counts() == before
