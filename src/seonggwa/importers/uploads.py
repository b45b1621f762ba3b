"""Documents uploaded in the browser: the checks before anything is read, and where the bytes
wait between the preview and the confirmation.

``seonggwa import`` reads a file of the office's own machine; the browser's upload comes from
anywhere, so it is checked first (:func:`upload_check`: not empty, not over
``SEONGGWA_MAX_UPLOAD_BYTES``, a ``.txt`` text, an ``.hwpx`` or ``.pdf`` document or a ``.xlsx``
workbook as the command reads, its content matching its name).
A workbook is a zip archive, so every workbook — uploaded or named on the command line — is
checked and unpacked once under the import limits (``seonggwa.core.limits``, docs/limits.md)
before the reader opens it (:func:`workbook_check`): entries, unpacked size and ratio, so a
"zip bomb" is refused before it fills the memory; a text is held to ``SEONGGWA_MAX_TEXT_BYTES``.

Between the preview and the confirmation the bytes are kept under
``SEONGGWA_VAR_DIR/imports``, named by their SHA-256 (:func:`upload_stage`), and read back at
the confirmation (:func:`upload_read`): the import reads exactly the bytes the preview read.
"""

from __future__ import annotations

import hashlib
import re
import time
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext

from seonggwa.core.errors import ServiceError
from seonggwa.core.limits import InputRefused, Limits, size_check, zip_check

__all__ = [
    "UPLOAD_SUFFIXES",
    "UploadError",
    "import_limits",
    "staging_dir",
    "upload_check",
    "upload_discard",
    "upload_read",
    "upload_size_check",
    "upload_stage",
    "workbook_check",
]

#: What ``seonggwa import`` reads: the documents as offices have them (HWPX, PDF, a workbook
#: in the official layouts), text extracted from them, and the seonggwa workbook
#: (``export-xlsx``). A binary ``.hwp`` and an ``.xls`` are taken too, so that the import
#: can say how to save them as HWPX or ``.xlsx``.
UPLOAD_SUFFIXES = (".txt", ".xlsx", ".hwpx", ".pdf", ".hwp", ".xls")
#: What each suffix's content must start with (a zip archive, a PDF, an OLE file).
_MAGIC = {
    ".xlsx": b"PK\x03\x04",
    ".hwpx": b"PK\x03\x04",
    ".pdf": b"%PDF-",
    ".hwp": b"\xd0\xcf\x11\xe0",
    ".xls": b"\xd0\xcf\x11\xe0",
}
_KEEP_SECONDS = 24 * 3600
_TOKEN = re.compile(r"^[0-9a-f]{64}$")


class UploadError(ServiceError):
    """An uploaded or named file that is refused before it is read; nothing was written."""


def _max_upload() -> int:
    return int(getattr(settings, "SEONGGWA_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))


def upload_check(*, name: str, data: bytes) -> None:
    """Refuse an upload that is empty, too big, or not one of :data:`UPLOAD_SUFFIXES` whose
    content matches its name (a zip archive — workbook or HWPX — is also checked by
    :func:`workbook_check`, a PDF against the PDF size limit)."""
    suffix = Path(name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise UploadError(
            gettext(
                "'%(file)s': 가져올 수 없는 파일 형식입니다. 한/글 문서(.hwpx), PDF(.pdf), 엑셀 "
                "통합문서(.xlsx)나 그 문서에서 뽑은 텍스트 파일(.txt)을 올리세요."
            )
            % {"file": name},
            field="file",
        )
    upload_size_check(name=name, size=len(data))
    is_zip = data[:4] == b"PK\x03\x04"
    if suffix == ".xlsx" and not is_zip:
        raise UploadError(
            gettext("'%(file)s': 파일 내용이 .xlsx 통합문서가 아닙니다.") % {"file": name},
            field="file",
        )
    if suffix in _MAGIC and not data.startswith(_MAGIC[suffix]):
        raise UploadError(
            gettext("'%(file)s': 파일 내용이 %(ext)s 형식이 아닙니다.")
            % {"file": name, "ext": suffix},
            field="file",
        )
    if suffix == ".txt" and is_zip:
        raise UploadError(
            gettext(
                "'%(file)s': 이름은 .txt인데 내용은 압축 파일(통합문서)입니다. .xlsx 파일이면 "
                "이름을 고쳐 올리세요."
            )
            % {"file": name},
            field="file",
        )
    if is_zip:
        workbook_check(name=name, data=data)
        return
    kind = {".pdf": "pdf", ".hwp": "ole", ".xls": "ole"}.get(suffix, "text")
    try:
        size_check(len(data), kind, import_limits(), name=f"'{name}'")
    except InputRefused as exc:
        raise UploadError(str(exc), field="file") from exc


def upload_size_check(*, name: str, size: int) -> None:
    """Refuse an empty upload, or one over ``SEONGGWA_MAX_UPLOAD_BYTES`` — before its bytes
    are read into memory."""
    if size == 0:
        raise UploadError(gettext("'%(file)s': 빈 파일입니다.") % {"file": name}, field="file")
    limit = _max_upload()
    if size > limit:
        raise UploadError(
            gettext("'%(file)s': 파일이 너무 큽니다(%(size)s바이트, 최대 %(limit)s바이트).")
            % {"file": name, "size": f"{size:,}", "limit": f"{limit:,}"},
            field="file",
        )


def import_limits() -> Limits:
    """The import limits in force (docs/limits.md), read from the settings at each call."""
    return Limits.from_settings(settings)


def workbook_check(*, name: str, data: bytes, limits: Limits | None = None) -> list[str]:
    """Check a workbook's zip directory (entries, declared unpacked size, ratio) and then
    unpack it once in chunks under the same limits, before anything reads it; a damaged
    archive, or one whose declared sizes lie, is refused too. Returns the entry names."""
    try:
        return zip_check(data, limits or import_limits(), name=f"'{name}'")
    except InputRefused as exc:
        raise UploadError(str(exc), field="file") from exc


def staging_dir() -> Path:
    """Where uploads wait for their confirmation: ``SEONGGWA_VAR_DIR/imports``."""
    return Path(settings.VAR_DIR) / "imports"


def upload_stage(*, data: bytes, directory: Path | None = None) -> str:
    """Keep ``data`` until it is confirmed (or a day has passed) and return its token, the
    SHA-256 of the bytes. Uploads older than a day are removed on the way."""
    folder = directory or staging_dir()
    folder.mkdir(parents=True, exist_ok=True)
    now = time.time()
    for old in folder.iterdir():
        if _TOKEN.match(old.name) and now - old.stat().st_mtime > _KEEP_SECONDS:
            old.unlink(missing_ok=True)
    token = hashlib.sha256(data).hexdigest()
    path = folder / token
    if not path.exists():
        partial = folder / f"{token}.part"
        partial.write_bytes(data)
        partial.replace(path)
    else:
        path.touch()
    return token


def upload_read(*, token: str, directory: Path | None = None) -> bytes:
    """The bytes staged under ``token``, checked against it; refused when they are gone
    (confirmed already, or more than a day old)."""
    path = (directory or staging_dir()) / token
    if not _TOKEN.match(token) or not path.is_file():
        raise UploadError(
            gettext(
                "올린 파일을 찾을 수 없습니다(하루가 지났거나 이미 가져왔습니다). 다시 올리세요."
            ),
            field="file",
        )
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != token:
        path.unlink(missing_ok=True)
        raise UploadError(gettext("올린 파일이 손상되었습니다. 다시 올리세요."), field="file")
    return data


def upload_discard(*, token: str, directory: Path | None = None) -> None:
    """Forget a staged upload (after its import, or when the user starts over)."""
    if _TOKEN.match(token):
        ((directory or staging_dir()) / token).unlink(missing_ok=True)
