"""Document files as they are (HWPX, PDF, spreadsheets in the official layouts) read into
rows of cells (:mod:`.cells`), which the text parsers then read like a text extraction.

One module per format, each with one entry point taking ``(*, name, data, limits)`` and
returning a :class:`~.cells.CellDocument` or raising :class:`~.cells.FileFormatError`:

* :mod:`.hwpx`  ``read_hwpx``  — 한/글's HWPX (a zip of XML): tables and paragraphs in order;
* :mod:`.pdf`   ``read_pdf``   — a PDF with a text layer (pdfplumber); scanned PDFs refused;
* :mod:`.sheet` ``read_sheet`` — a workbook in the official layouts (not seonggwa's own
  workbook, which ``importers.xlsx`` reads exactly).

:func:`read_file` picks the reader from the file's bytes (:func:`file_kind`); a binary
``.hwp`` and an ``.xls`` are refused with how to save them as HWPX or ``.xlsx``.

Pure: no Django (the limits come in as an argument).
"""

from __future__ import annotations

import importlib

from seonggwa.core.limits import InputRefused, Limits, sniff, zip_check, zip_member_head

from .cells import CellDocument, CellRow, FileFormatError

__all__ = ["CellDocument", "CellRow", "FileFormatError", "file_kind", "read_file"]

#: The name of the sheet that marks seonggwa's own workbook (``importers.xlsx`` reads it).
_OWN_WORKBOOK_SHEET = "정보"


def file_kind(data: bytes) -> str:
    """What a file is, from its bytes alone: ``pdf``, ``hwpx``, ``workbook`` (seonggwa's own,
    with a '정보' sheet), ``xlsx`` (any other workbook), ``zip`` (another archive), ``hwp``,
    ``xls``, ``ole`` (another OLE file) or ``text``. Only the zip directory and the first
    bytes of two members are read."""
    kind = sniff(data[:8])
    if kind == "pdf":
        return "pdf"
    if kind == "ole":
        from .hwpx import is_hwp

        if is_hwp(data):
            return "hwp"
        return "xls" if b"W\x00o\x00r\x00k\x00b\x00o\x00o\x00k" in data else "ole"
    if kind != "zip":
        return "text"
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return "zip"
    from .hwpx import is_hwpx

    mimetype = zip_member_head(data, "mimetype", cap=256) if "mimetype" in names else None
    if is_hwpx(names, mimetype):
        return "hwpx"
    if "xl/workbook.xml" in names:
        head = zip_member_head(data, "xl/workbook.xml")
        if head is not None and f'name="{_OWN_WORKBOOK_SHEET}"'.encode() in head:
            return "workbook"
        return "xlsx"
    return "zip"


def read_file(*, name: str, data: bytes, limits: Limits) -> CellDocument | None:
    """The file read into rows of cells by its format, or None for a text file and for
    seonggwa's own workbook (read elsewhere). Raises :class:`FileFormatError` (Korean, naming
    the file and what to do) for a binary HWP or XLS, an archive that is neither HWPX nor a workbook,
    and whatever a reader refuses."""
    kind = file_kind(data)
    if kind in ("text", "workbook"):
        return None
    if kind == "pdf":
        try:  # files.pdf (pdfplumber) is imported only when a PDF comes
            pdf = importlib.import_module(f"{__name__}.pdf")
        except ModuleNotFoundError as exc:
            raise FileFormatError(
                f"{name}: 이 설치에는 PDF 읽기(pdfplumber)가 없습니다({exc.name}). HWPX 나 "
                "엑셀(.xlsx) 파일, 또는 PDF 에서 뽑은 텍스트 파일을 가져오세요."
            ) from exc
        document: CellDocument = pdf.read_pdf(name=name, data=data, limits=limits)
        return document
    if kind == "hwpx":
        from .hwpx import read_hwpx

        return read_hwpx(name=name, data=data, limits=limits)
    if kind == "xlsx":
        from .sheet import read_sheet

        return read_sheet(name=name, data=data, limits=limits)
    if kind == "hwp":
        from .hwpx import hwp_refusal

        raise hwp_refusal(name)
    if kind == "xls":
        from .sheet import xls_refusal

        raise xls_refusal(name)
    if kind == "zip":  # a bomb is refused as a bomb, whatever else the archive is
        try:
            zip_check(data, limits, name=name)
        except InputRefused as exc:
            raise FileFormatError(str(exc)) from exc
    what = "압축 파일" if kind == "zip" else "OLE 복합 문서"
    raise FileFormatError(
        f"{name}: 알 수 없는 {what}입니다(HWPX 문서도 엑셀 통합문서도 아닙니다). 한/글 문서는 "
        "HWPX(.hwpx)나 PDF로, 엑셀 문서는 .xlsx 로 저장해 가져오세요."
    )
