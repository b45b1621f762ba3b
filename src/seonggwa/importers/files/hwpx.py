"""한/글's HWPX (a zip of OWPML XML) read into rows of cells.

The body is in ``Contents/section0.xml``, ``section1.xml``, …: paragraphs (``hp:p``) whose
runs hold text (``hp:t``) and tables (``hp:tbl`` → ``hp:tr`` → ``hp:tc``, each cell with its
``hp:cellAddr`` and ``hp:cellSpan``). Tables and the paragraphs outside them come out in
document order; a merged cell's text sits in its first cell and the cells it covers are empty,
as a text extraction writes them; a table inside a cell is read into that cell's text (its
cells joined by spaces). Headers, footers, footnotes and drawings (``hp:ctrl``, ``hp:pic`` …)
are left out.

The zip is checked under the import limits before anything is inflated into memory
(:func:`seonggwa.core.limits.zip_check`), and XML with a DOCTYPE (entities) is refused, so
neither a zip bomb nor an entity bomb gets through. A binary ``.hwp`` (HWP 5, an OLE file)
is refused with how to save it as HWPX (:func:`hwp_refusal`).

Pure: no Django.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from io import BytesIO

from seonggwa.core.limits import InputRefused, Limits, zip_check

from .cells import CellDocument, CellRow, FileFormatError

__all__ = ["HWPX_MIMETYPE", "HWP_SIGNATURE", "hwp_refusal", "is_hwp", "is_hwpx", "read_hwpx"]

HWPX_MIMETYPE = b"application/hwp+zip"
HWP_SIGNATURE = b"HWP Document File"

_HP = "{http://www.hancom.co.kr/hwpml/2011/paragraph}"
_P, _RUN, _T, _TBL, _TR, _TC = (_HP + n for n in ("p", "run", "t", "tbl", "tr", "tc"))
_SUBLIST, _ADDR, _SPAN = _HP + "subList", _HP + "cellAddr", _HP + "cellSpan"
_TAB, _BREAK = _HP + "tab", _HP + "lineBreak"
_SECTION = re.compile(r"^Contents/section(\d+)\.xml$")


def is_hwpx(names: list[str], mimetype: bytes | None) -> bool:
    """Whether a zip with these entries (and this ``mimetype`` entry) is an HWPX document."""
    if mimetype is not None and mimetype.strip() == HWPX_MIMETYPE:
        return True
    return any(_SECTION.match(n) for n in names) and "Contents/content.hpf" in names


def is_hwp(data: bytes) -> bool:
    """Whether an OLE file is a binary 한/글 document (HWP 5): its FileHeader stream starts
    with the signature."""
    return HWP_SIGNATURE in data


def hwp_refusal(name: str) -> FileFormatError:
    return FileFormatError(
        f"{name}: 한/글 바이너리 문서(.hwp)는 바로 읽을 수 없습니다. 한/글에서 파일을 열고 "
        "[파일] > [다른 이름으로 저장]에서 파일 형식을 'HWPX 문서(*.hwpx)'로 골라 저장한 뒤 "
        "그 .hwpx 파일을 가져오세요(PDF로 저장한 파일도 가져올 수 있습니다)."
    )


def read_hwpx(*, name: str, data: bytes, limits: Limits) -> CellDocument:
    """Every section's tables and paragraphs, in order. Raises :class:`FileFormatError`
    (Korean, naming the file) for a damaged file, one over the limits, or one that is not
    HWPX."""
    try:
        names = zip_check(data, limits, name=name)
    except InputRefused as exc:
        raise FileFormatError(str(exc)) from exc
    sections = sorted(
        ((int(m.group(1)), n) for n in names if (m := _SECTION.match(n))), key=lambda s: s[0]
    )
    if not sections:
        raise FileFormatError(
            f"{name}: HWPX 문서가 아닙니다(본문 Contents/section0.xml 이 없습니다). 한/글에서 "
            "HWPX 로 다시 저장하세요."
        )
    document = CellDocument(name=name, format="hwpx")
    with zipfile.ZipFile(BytesIO(data)) as archive:
        for number, member in sections:
            root = _parse_xml(name, member, archive.read(member))
            part = f"{number + 1}구역" if len(sections) > 1 else ""
            _Section(document, part).body(root)
    return document


def _parse_xml(name: str, member: str, raw: bytes) -> ET.Element:
    # OWPML never declares a DOCTYPE; one here could only carry entities (a "billion laughs")
    if b"<!DOCTYPE" in raw[:4096].upper() or b"<!ENTITY" in raw.upper():
        raise FileFormatError(f"{name}: {member} 에 DOCTYPE/ENTITY 선언이 있어 읽지 않습니다.")
    try:
        return ET.fromstring(raw)
    except ET.ParseError as exc:
        raise FileFormatError(
            f"{name}: {member} 의 XML 이 손상되었습니다({exc}). 한/글에서 열어 다시 저장하세요."
        ) from exc


class _Section:
    """Reads one section's body into ``document.rows``."""

    def __init__(self, document: CellDocument, part: str) -> None:
        self.document = document
        self.part = part
        self.tables = 0

    def body(self, root: ET.Element) -> None:
        for child in root:
            if child.tag == _P:
                self.paragraph(child)

    def paragraph(self, p: ET.Element) -> None:
        """A paragraph's text as one row; each table in it as rows of its own, in order."""
        text: list[str] = []
        for run in p:
            if run.tag != _RUN:
                continue
            for item in run:
                if item.tag == _T:
                    text.append(_t_text(item))
                elif item.tag == _TBL:
                    self._flush(text)
                    text = []
                    self.table(item)
        self._flush(text)

    def _flush(self, text: list[str]) -> None:
        line = "".join(text).strip()
        if line:
            self.document.rows.append(CellRow(cells=[line], part=self.part))

    def table(self, tbl: ET.Element) -> None:
        self.tables += 1
        grid = _grid(tbl)
        for r, cells in enumerate(grid, start=1):
            self.document.rows.append(
                CellRow(cells=cells, table=self.tables, row=r, part=self.part)
            )


def _t_text(t: ET.Element) -> str:
    out = [t.text or ""]
    for child in t:
        if child.tag in (_TAB, _BREAK):
            out.append(" ")
        out.append(child.tail or "")
    return "".join(out)


def _cell_text(tc: ET.Element) -> str:
    """A cell's paragraphs joined by a space; a table inside it read cell by cell."""
    parts: list[str] = []
    for sub in tc:
        if sub.tag != _SUBLIST:
            continue
        for p in sub:
            if p.tag != _P:
                continue
            words: list[str] = []
            for run in p:
                if run.tag != _RUN:
                    continue
                for item in run:
                    if item.tag == _T:
                        words.append(_t_text(item))
                    elif item.tag == _TBL:
                        words.append(
                            " " + " ".join(c for row in _grid(item) for c in row if c) + " "
                        )
            parts.append("".join(words))
    return " ".join(" ".join(parts).split())


def _grid(tbl: ET.Element) -> list[list[str]]:
    """The table as rows × columns of text: a merged cell's text in its first cell."""
    placed: list[tuple[int, int, int, int, str]] = []
    for r_index, tr in enumerate(x for x in tbl if x.tag == _TR):
        for c_index, tc in enumerate(x for x in tr if x.tag == _TC):
            addr, span = tc.find(_ADDR), tc.find(_SPAN)
            row = _int(addr, "rowAddr", r_index)
            col = _int(addr, "colAddr", c_index)
            placed.append(
                (row, col, _int(span, "rowSpan", 1), _int(span, "colSpan", 1), _cell_text(tc))
            )
    if not placed:
        return []
    rows = max(_int(tbl, "rowCnt", 0), max(r + rs for r, _, rs, _, _ in placed))
    cols = max(_int(tbl, "colCnt", 0), max(c + cs for _, c, _, cs, _ in placed))
    grid = [[""] * cols for _ in range(rows)]
    for row, col, _, _, text in placed:
        if 0 <= row < rows and 0 <= col < cols:
            grid[row][col] = text
    return grid


def _int(element: ET.Element | None, attribute: str, default: int) -> int:
    if element is None:
        return default
    try:
        return max(0, int(element.get(attribute, default)))
    except ValueError:
        return default
