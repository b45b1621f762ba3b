"""Bounds on everything an import or an upload reads (docs/limits.md, "Import limits").

Pure: no Django (it lives in ``core`` so that evidence, in ``results``, can use it too).
Every entry point — ``seonggwa import``, the import page, the entry-sheet
upload, evidence — builds one :class:`Limits` from the settings
(``Limits.from_settings(django.conf.settings)``) and calls the checks here **before** a
parser sees the bytes:

* :func:`read_path` reads a named file in chunks, never more than the limit of its kind + 1
  bytes (so ``/dev/zero`` or a 200 MB text ends in a refusal, not a MemoryError); the kind
  comes from the first bytes (:func:`sniff`), and a regular file over the limit is refused
  from its size alone, before it is read;
* :func:`zip_check` reads a zip's central directory (entry count, total declared inflated
  size, each entry's compression ratio) and then inflates every entry in chunks with the
  same caps counted on what really comes out, in case the headers lie;
* :func:`pdf_check` counts a PDF's pages and inflates its (non-image) streams under a
  per-stream cap, without extracting anything.

Every refusal is a :class:`LimitExceeded` (a limit was passed: the message names it, its
value and the setting that changes it) or an :class:`InputRefused` (damaged, or not what it
claims to be); the message is Korean and starts with the file's name.
"""

from __future__ import annotations

import io
import os
import re
import stat
import zipfile
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import BinaryIO

__all__ = [
    "LIMITS",
    "InputRefused",
    "LimitExceeded",
    "LimitInfo",
    "Limits",
    "pdf_check",
    "read_capped",
    "read_path",
    "size_check",
    "sniff",
    "zip_check",
    "zip_member_head",
]

MiB = 1024 * 1024
_CHUNK = 1024 * 1024
# Entries that inflate to less than this are not held to the ratio: tiny parts (an empty
# sheet, styles) compress far better than any real content.
RATIO_FLOOR = 1 * MiB


@dataclass(frozen=True, slots=True)
class LimitInfo:
    """One limit: its field on :class:`Limits`, the setting (and environment variable) that
    changes it, its default and what it bounds (Korean)."""

    field: str
    setting: str
    default: int
    label: str
    unit: str = "바이트"


LIMITS: tuple[LimitInfo, ...] = (
    LimitInfo("max_text_bytes", "SEONGGWA_MAX_TEXT_BYTES", 20 * MiB, "텍스트 문서의 크기"),
    LimitInfo(
        "max_archive_bytes",
        "SEONGGWA_MAX_ARCHIVE_BYTES",
        20 * MiB,
        "통합문서(.xlsx·.xls)·HWPX·zip 파일의 크기",
    ),
    LimitInfo("max_pdf_bytes", "SEONGGWA_MAX_PDF_BYTES", 50 * MiB, "PDF 파일의 크기"),
    LimitInfo(
        "max_inflated_bytes",
        "SEONGGWA_MAX_INFLATED_BYTES",
        64 * MiB,
        "압축을 푼 크기의 합계(통합문서·HWPX·zip의 구성 파일, PDF의 스트림)",
    ),
    LimitInfo(
        "max_ratio", "SEONGGWA_MAX_COMPRESSION_RATIO", 200, "구성 파일 하나의 압축률", unit="배"
    ),
    LimitInfo("max_entries", "SEONGGWA_MAX_ZIP_ENTRIES", 2000, "압축 파일 안의 구성 파일 수", "개"),
    LimitInfo("max_pdf_pages", "SEONGGWA_MAX_PDF_PAGES", 2000, "PDF의 쪽수", "쪽"),
    LimitInfo(
        "max_pdf_page_bytes",
        "SEONGGWA_MAX_PDF_PAGE_BYTES",
        16 * MiB,
        "PDF 한 쪽의 내용(압축을 푼 스트림 하나)의 크기",
    ),
    LimitInfo("max_backup_bytes", "SEONGGWA_MAX_BACKUP_BYTES", 2048 * MiB, "백업 파일의 크기"),
)
_BY_FIELD = {info.field: info for info in LIMITS}


@dataclass(frozen=True, slots=True)
class Limits:
    """The limits in force; the defaults are :data:`LIMITS`' (docs/limits.md)."""

    max_text_bytes: int = 20 * MiB
    max_archive_bytes: int = 20 * MiB
    max_pdf_bytes: int = 50 * MiB
    max_inflated_bytes: int = 64 * MiB
    max_ratio: int = 200
    max_entries: int = 2000
    max_pdf_pages: int = 2000
    max_pdf_page_bytes: int = 16 * MiB
    max_backup_bytes: int = 2048 * MiB

    @classmethod
    def from_mapping(cls, values: Mapping[str, object]) -> Limits:
        """Limits from settings or the environment, by setting name (``SEONGGWA_MAX_…``);
        a name not given keeps its default.

        >>> Limits.from_mapping({"SEONGGWA_MAX_ZIP_ENTRIES": "5"}).max_entries
        5
        """
        given: dict[str, int] = {}
        for info in LIMITS:
            value = values.get(info.setting)
            if value not in (None, ""):
                given[info.field] = int(str(value))
        return cls(**given)

    @classmethod
    def from_settings(cls, settings: object) -> Limits:
        """Limits from a settings object's ``SEONGGWA_MAX_…`` attributes (Django's
        ``settings``; read at each call, so a test's override applies)."""
        return cls.from_mapping({i.setting: getattr(settings, i.setting, None) for i in LIMITS})

    def tighter(self, **caps: int) -> Limits:
        """These limits with some lowered to at most ``caps`` (an entry point that needs
        less, e.g. the entry sheet)."""
        return replace(self, **{k: min(getattr(self, k), v) for k, v in caps.items()})

    def file_cap(self, kind: str) -> tuple[int, str]:
        """(the most bytes a file of ``kind`` may have, the field naming that limit)."""
        name = {
            "zip": "max_archive_bytes",
            "ole": "max_archive_bytes",
            "pdf": "max_pdf_bytes",
            "backup": "max_backup_bytes",
        }
        field = name.get(kind, "max_text_bytes")
        return int(getattr(self, field)), field


assert [f.name for f in fields(Limits)] == [i.field for i in LIMITS]
assert all(getattr(Limits(), i.field) == i.default for i in LIMITS)


class InputRefused(Exception):
    """A file refused before it was parsed (nothing was written); a Korean message."""


class LimitExceeded(InputRefused):
    """A file over one of the limits; ``limit`` names which (its setting, its value)."""

    def __init__(self, message: str, *, limit: LimitInfo, value: int) -> None:
        super().__init__(message)
        self.limit = limit
        self.value = value


def _n(number: int) -> str:
    return f"{number:,}"


def _exceeded(name: str, field: str, value: int, what: str) -> LimitExceeded:
    info = _BY_FIELD[field]
    message = (
        f"{_where(name)}{what}. 한도: {info.label} 최대 {_n(value)}{info.unit}. "
        f"한도는 설정 {info.setting}(같은 이름의 환경 변수)로 바꿀 수 있습니다."
    )
    return LimitExceeded(message, limit=info, value=value)


def _where(name: str) -> str:
    return f"{name}: " if name else ""


# --- what kind of file ------------------------------------------------------------------------


def sniff(head: bytes) -> str:
    """The kind of a file from its first bytes: ``zip`` (xlsx, HWPX, docx), ``pdf``, ``ole``
    (xls, HWP 5) or ``text``.

    >>> sniff(b"PK\\x03\\x04..."), sniff(b"%PDF-1.7"), sniff(b"\\xd0\\xcf\\x11\\xe0"), sniff(b"abc")
    ('zip', 'pdf', 'ole', 'text')
    """
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    return "text"


_KIND_WORD = {
    "zip": "압축 파일(통합문서)",
    "ole": "통합문서",
    "pdf": "PDF",
    "text": "텍스트 파일",
    "backup": "백업 파일",
}


def size_check(size: int, kind: str, limits: Limits, *, name: str = "") -> None:
    """Refuse a file of ``kind`` whose size is over its limit."""
    cap, field = limits.file_cap(kind)
    if size > cap:
        raise _exceeded(name, field, cap, f"{_KIND_WORD[kind]}이 너무 큽니다({_n(size)}바이트)")


# --- reading with a cap -----------------------------------------------------------------------


def read_capped(stream: BinaryIO, cap: int, *, on_over: Callable[[int], Exception]) -> bytes:
    """At most ``cap`` bytes of ``stream``, read in chunks; ``on_over(bytes read)`` is raised
    as soon as there are more (a stream that never ends stops at ``cap`` + 1 bytes).

    >>> read_capped(io.BytesIO(b"abc"), 3, on_over=ValueError)
    b'abc'
    >>> read_capped(io.BytesIO(b"abcd"), 3, on_over=ValueError)
    Traceback (most recent call last):
    ...
    ValueError: 4
    """
    parts: list[bytes] = []
    total = 0
    while True:
        chunk = stream.read(min(_CHUNK, cap + 1 - total))
        if not chunk:
            return b"".join(parts)
        parts.append(chunk)
        total += len(chunk)
        if total > cap:
            raise on_over(total)


def read_path(
    path: Path,
    limits: Limits,
    *,
    kind: str | None = None,
    name: str = "",
    head_check: Callable[[bytes], None] | None = None,
) -> bytes:
    """The bytes of the file at ``path``, read only when they fit the limit of their kind
    (``kind`` or :func:`sniff` of the first bytes): a regular file is measured first, anything
    else (a pipe, ``/dev/zero``) is read up to the limit + 1 bytes. ``head_check`` may refuse
    the first 8 bytes before the rest is read. ``OSError`` passes."""
    label = name or str(path)
    with open(path, "rb") as stream:
        info = os.fstat(stream.fileno())
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        head = stream.read(8)
        if head_check is not None:
            head_check(head)
        found = kind or sniff(head)
        regular = stat.S_ISREG(info.st_mode)
        if regular:
            size_check(info.st_size, found, limits, name=label)
        cap, field = limits.file_cap(found)

        def over(count: int) -> Exception:
            read = count + len(head)
            what = f"{_KIND_WORD[found]}이 너무 큽니다({_n(read)}바이트 이상 읽고 멈춤)"
            return _exceeded(label, field, cap, what)

        return head + read_capped(stream, max(cap - len(head), 0), on_over=over)


# --- zip archives (xlsx, HWPX, docx, zip) -----------------------------------------------------


def _zip_open(data: bytes | BinaryIO, name: str) -> zipfile.ZipFile:
    source = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
    try:
        return zipfile.ZipFile(source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise InputRefused(f"{_where(name)}압축 파일(통합문서)을 열 수 없습니다({exc}).") from exc


def zip_check(
    data: bytes | BinaryIO, limits: Limits, *, name: str = "", inflate: bool = True
) -> list[str]:
    """The entry names of a zip archive, after checking — from the central directory, before
    anything is inflated — the number of entries, their declared inflated size and each
    entry's ratio; then (``inflate``) every entry is inflated in chunks with those caps
    counted on what comes out, so lying headers are caught too (a CRC or size that does not
    match is refused as damaged)."""
    archive = _zip_open(data, name)
    with archive:
        entries = archive.infolist()
        if len(entries) > limits.max_entries:
            raise _exceeded(
                name,
                "max_entries",
                limits.max_entries,
                f"압축 파일 안의 구성 파일이 너무 많습니다({_n(len(entries))}개)",
            )
        declared = 0
        for entry in entries:
            declared += entry.file_size
            _ratio_check(name, entry.filename, entry.file_size, entry.compress_size, limits)
        if declared > limits.max_inflated_bytes:
            raise _exceeded(
                name,
                "max_inflated_bytes",
                limits.max_inflated_bytes,
                f"압축을 풀면 너무 큽니다(구성 파일에 적힌 크기 합계 {_n(declared)}바이트)",
            )
        if inflate:
            _inflate_all(archive, entries, limits, name)
        return [e.filename for e in entries]


def _ratio_check(name: str, part: str, inflated: int, packed: int, limits: Limits) -> None:
    if inflated > RATIO_FLOOR and inflated > limits.max_ratio * max(packed, 1):
        raise _exceeded(
            name,
            "max_ratio",
            limits.max_ratio,
            f"압축 파일 안의 '{part}'이(가) 비정상적으로 크게 풀립니다"
            f"(압축률 {_n(inflated // max(packed, 1))}배)",
        )


def _inflate_all(
    archive: zipfile.ZipFile, entries: Iterable[zipfile.ZipInfo], limits: Limits, name: str
) -> None:
    total = 0
    try:
        for entry in entries:
            inflated = 0
            with archive.open(entry) as part:
                # zipfile never returns more than the declared size and checks the CRC at the
                # end, so a header that understates the size ends in BadZipFile here
                while chunk := part.read(_CHUNK):
                    inflated += len(chunk)
                    total += len(chunk)
                    if total > limits.max_inflated_bytes:
                        raise _exceeded(
                            name,
                            "max_inflated_bytes",
                            limits.max_inflated_bytes,
                            f"압축을 풀면 너무 큽니다({_n(total)}바이트 이상 풀고 멈춤)",
                        )
                    _ratio_check(name, entry.filename, inflated, entry.compress_size, limits)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as exc:
        raise InputRefused(
            f"{_where(name)}압축 파일이 손상되었거나 구성 파일의 크기 정보가 내용과 다릅니다"
            f"({exc})."
        ) from exc
    except (OSError, ValueError, zlib.error) as exc:
        raise InputRefused(f"{_where(name)}압축 파일을 풀 수 없습니다({exc}).") from exc


def zip_member_head(data: bytes, member: str, cap: int = 1 * MiB) -> bytes | None:
    """The first ``cap`` bytes of one entry (None when the archive has no such entry) —
    for detecting a format from a small part without opening the whole workbook."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if member not in archive.namelist():
                return None
            with archive.open(member) as part:
                return part.read(cap)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return None


# --- PDF --------------------------------------------------------------------------------------

_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
_PAGES_COUNT = re.compile(rb"/Type\s*/Pages\b(?:(?!>>).){0,400}?/Count\s+(\d{1,12})", re.S)
_COUNT_PAGES = re.compile(rb"/Count\s+(\d{1,12})(?:(?!>>).){0,400}?/Type\s*/Pages\b", re.S)
_STREAM = re.compile(rb"stream\r?\n")
_ENDSTREAM = b"endstream"


def pdf_check(data: bytes, limits: Limits, *, name: str = "") -> int:
    """The page count of a PDF, after checking it against ``max_pdf_pages`` and checking
    each compressed stream that is not an image (page contents, object streams, fonts):
    inflated in chunks, none may pass ``max_pdf_page_bytes`` and together they may not pass
    ``max_inflated_bytes``. The page count is the larger of the page objects found (also
    inside object streams) and the page tree's declared ``/Count``. Nothing is extracted."""
    size_check(len(data), "pdf", limits, name=name)
    if not data.startswith(b"%PDF-"):
        raise InputRefused(f"{_where(name)}PDF 파일이 아닙니다.")
    pages = len(_PAGE.findall(data))
    declared = [int(m) for m in _PAGES_COUNT.findall(data)]
    declared += [int(m) for m in _COUNT_PAGES.findall(data)]
    total = 0
    position = 0
    while (m := _STREAM.search(data, position)) is not None:
        start = m.end()
        end = data.find(_ENDSTREAM, start)
        if end < 0:
            break
        position = end + len(_ENDSTREAM)
        head = data[max(0, m.start() - 600) : m.start()]
        head = head[head.rfind(b"obj") + 3 :] if b"obj" in head else head
        if b"/FlateDecode" not in head or b"/Image" in head:
            continue
        inflated = _inflate_stream(data[start:end], limits.max_pdf_page_bytes, name)
        total += len(inflated)
        if total > limits.max_inflated_bytes:
            raise _exceeded(
                name,
                "max_inflated_bytes",
                limits.max_inflated_bytes,
                f"PDF의 스트림을 풀면 너무 큽니다({_n(total)}바이트 이상 풀고 멈춤)",
            )
        if b"/ObjStm" in head:
            pages += len(_PAGE.findall(inflated))
            declared += [int(x) for x in _PAGES_COUNT.findall(inflated)]
            declared += [int(x) for x in _COUNT_PAGES.findall(inflated)]
    count = max([pages, *declared])
    if count > limits.max_pdf_pages:
        raise _exceeded(
            name,
            "max_pdf_pages",
            limits.max_pdf_pages,
            f"PDF의 쪽수가 너무 많습니다({_n(count)}쪽)",
        )
    return count


def _inflate_stream(raw: bytes, cap: int, name: str) -> bytes:
    """A Flate stream inflated up to ``cap`` bytes (a damaged or encrypted one gives what
    could be read: it is not ours to judge)."""
    inflater = zlib.decompressobj()
    out: list[bytes] = []
    total = 0
    pending = raw
    try:
        while pending:
            piece = inflater.decompress(pending, _CHUNK)
            pending = inflater.unconsumed_tail
            total += len(piece)
            out.append(piece)
            if total > cap:
                raise _exceeded(
                    name,
                    "max_pdf_page_bytes",
                    cap,
                    f"PDF의 스트림 하나가 풀면 너무 큽니다({_n(total)}바이트 이상 풀고 멈춤)",
                )
            if inflater.eof or not piece:
                break
    except zlib.error:
        pass
    return b"".join(out)
