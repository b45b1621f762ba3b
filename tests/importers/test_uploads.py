"""Uploads checked before anything reads them (type, size, a workbook's unpacked size), and
kept by their SHA-256 between the preview and the confirmation."""

from __future__ import annotations

import hashlib
import io
import os
import time
import zipfile

import pytest

from seonggwa.importers.load import ImportFileError, document_read
from seonggwa.importers.uploads import (
    UploadError,
    upload_check,
    upload_discard,
    upload_read,
    upload_stage,
    workbook_check,
)


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("plan.docx", _zip({"a.xml": b"<a/>"}), "가져올 수 없는 파일 형식"),
        ("plan.pdf", "성과계획서".encode(), "파일 내용이 .pdf 형식이 아닙니다"),
        ("plan.hwpx", b"%PDF-1.4", "파일 내용이 .hwpx 형식이 아닙니다"),
        ("plan", "성과계획서".encode(), "가져올 수 없는 파일 형식"),
        ("plan.txt", b"", "빈 파일"),
        ("plan.xlsx", "성과계획서".encode(), ".xlsx 통합문서가 아닙니다"),
        ("plan.txt", _zip({"a.xml": b"<a/>"}), "내용은 압축 파일"),
    ],
)
def test_an_upload_of_the_wrong_kind_is_refused_with_the_file_named(name, data, message):
    with pytest.raises(UploadError, match=message) as refused:
        upload_check(name=name, data=data)
    assert refused.value.field == "file"


def test_an_upload_over_the_size_limit_is_refused_with_both_sizes(settings):
    settings.SEONGGWA_MAX_UPLOAD_BYTES = 10
    with pytest.raises(
        UploadError, match=r"'plan.txt': 파일이 너무 큽니다\(11바이트, 최대 10바이트\)"
    ):
        upload_check(name="plan.txt", data=b"0123456789A")
    upload_check(name="plan.TXT", data=b"0123456789")


def test_a_zip_bomb_is_refused_before_it_is_read():
    bomb = _zip({"xl/worksheets/sheet1.xml": b"0" * (8 * 1024 * 1024)})
    assert len(bomb) < 50_000
    with pytest.raises(UploadError, match="비정상적으로 크게 풀립니다"):
        upload_check(name="bomb.xlsx", data=bomb)


def test_a_workbook_over_the_unpacked_limit_or_with_too_many_parts_is_refused(settings):
    settings.SEONGGWA_MAX_INFLATED_BYTES = 1000
    with pytest.raises(UploadError, match="풀면 너무 큽니다"):
        workbook_check(name="big.xlsx", data=_zip({"a.xml": os.urandom(2000)}))
    settings.SEONGGWA_MAX_INFLATED_BYTES = 10**9
    many = _zip({f"{i}.xml": b"" for i in range(settings.SEONGGWA_MAX_ZIP_ENTRIES + 1)})
    with pytest.raises(UploadError, match="구성 파일이 너무 많습니다"):
        workbook_check(name="many.xlsx", data=many)


def test_a_damaged_workbook_is_refused():
    whole = _zip({"a.xml": b"<a/>" * 100})
    with pytest.raises(UploadError, match="열 수 없습니다"):
        workbook_check(name="cut.xlsx", data=whole[: len(whole) // 2])


def test_the_command_line_reader_refuses_a_zip_bomb_too():
    bomb = _zip({"xl/worksheets/sheet1.xml": b"0" * (8 * 1024 * 1024)})
    with pytest.raises(ImportFileError, match="비정상적으로 크게 풀립니다"):
        document_read(year=2026, path_or_text=bomb, source_name="bomb.xlsx")


def test_a_staged_upload_is_read_back_by_its_sha256_and_then_forgotten(tmp_path):
    token = upload_stage(data=b"plan text", directory=tmp_path)
    assert token == hashlib.sha256(b"plan text").hexdigest()
    assert upload_stage(data=b"plan text", directory=tmp_path) == token  # kept once
    assert upload_read(token=token, directory=tmp_path) == b"plan text"
    upload_discard(token=token, directory=tmp_path)
    with pytest.raises(UploadError, match="다시 올리세요"):
        upload_read(token=token, directory=tmp_path)


def test_a_token_that_is_not_a_sha256_reads_nothing(tmp_path):
    (tmp_path / "secret").write_bytes(b"x")
    for token in ["../secret", "secret", "A" * 64]:
        with pytest.raises(UploadError):
            upload_read(token=token, directory=tmp_path)


def test_a_changed_staged_file_is_refused_and_uploads_older_than_a_day_are_removed(tmp_path):
    token = upload_stage(data=b"one", directory=tmp_path)
    (tmp_path / token).write_bytes(b"two")
    with pytest.raises(UploadError, match="손상"):
        upload_read(token=token, directory=tmp_path)
    old = upload_stage(data=b"old", directory=tmp_path)
    day_ago = time.time() - 25 * 3600
    os.utime(tmp_path / old, (day_ago, day_ago))
    upload_stage(data=b"new", directory=tmp_path)
    assert not (tmp_path / old).exists()
