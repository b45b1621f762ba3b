"""A published PDF read into rows of cells (:class:`~.cells.CellDocument`) with pdfplumber.

Per page, in reading order (by the top of each block):

* **ruled tables** (the official layouts draw every cell border): each table row one
  :class:`~.cells.CellRow` with ``page``, ``table`` and ``row`` (1-based within the page).
  A merged cell's text stays in its first cell and the cells it covers are empty, as a text
  extraction writes them; the lines of a wrapped cell are joined with a space (the official
  documents wrap Korean by word, 어절, and the text extractions join them so);
* **text outside the tables** (headings such as ``3. 성과계획 총괄표``, ``(단위:개, 백만원)``):
  one paragraph row per printed line (``table`` None). A line whose words stand far apart
  is split into cells there, so that a table drawn without borders still reads as rows of
  cells (like ``pdftotext -layout``);
* the running header and footer (page numbers such as ``3 / 23`` or ``- 3 -``, and any line
  in the top or bottom margin repeated on most pages) are dropped.

A PDF without a text layer (a scan) is refused: OCR is not supported; the message tells to
import the HWPX or a text extraction instead. An encrypted or damaged PDF is refused naming
the file. :func:`~seonggwa.core.limits.pdf_check` runs first (pages and inflated streams
within the limits; its :class:`~seonggwa.core.limits.InputRefused` passes through).

Pure: no Django. Each page's parsed objects are released once the page is read.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from io import BytesIO
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from seonggwa.core.limits import Limits, pdf_check

from .cells import CellDocument, CellRow, FileFormatError

if TYPE_CHECKING:
    from pdfplumber.page import Page

__all__ = ["read_pdf"]

# ruled tables: every border drawn (the official layouts, seonggwa's own PDFs)
_RULED: dict[str, Any] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
}
_LINE_TOLERANCE = 3.0  # points: words whose tops differ less sit on one printed line
_MARGIN = 0.07  # the top and bottom 7 % of a page: where running headers and footers sit
_PAGE_NUMBER = re.compile(r"^[-–—(\[]?\s*\d{1,4}\s*(?:/\s*\d{1,4}\s*)?[-–—)\]]?$")


@dataclass(slots=True)
class _Block:
    """A table or a printed line outside tables, with where it starts on its page."""

    top: float
    x0: float
    rows: list[list[str | _Wrapped]]  # a paragraph line: one row of plain strings
    table: bool
    margin: bool = False  # a line in the top or bottom margin (a header/footer candidate)


def read_pdf(*, name: str, data: bytes, limits: Limits) -> CellDocument:
    """``data`` (a PDF named ``name``) as rows of cells. Raises
    :class:`~.cells.FileFormatError` for a scanned (image-only), encrypted or damaged PDF."""
    pdf_check(data, limits, name=name)
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    pages: list[list[_Block]] = []
    chars = 0
    images = 0
    try:
        pdf = pdfplumber.open(BytesIO(data))
        count = len(pdf.pages)
    except Exception as exc:  # pdfminer raises many kinds for a damaged file
        raise _refusal(name, exc, (PDFPasswordIncorrect, PDFEncryptionError)) from exc
    with pdf:
        for page in pdf.pages:
            try:
                try:  # the page's objects parsed (and kept until the page is closed)
                    chars += len(page.chars)
                    images += len(page.images)
                except Exception as exc:
                    raise _refusal(name, exc, ()) from exc
                pages.append(_page_blocks(page))
            finally:
                page.close()
    if chars == 0:
        if images:
            raise FileFormatError(
                f"{name}: 글자 없이 이미지만 있는 PDF(스캔한 문서)입니다. 글자 인식(OCR)은 "
                "지원하지 않습니다. 같은 문서의 HWPX나 텍스트 추출본을 가져오세요."
            )
        raise FileFormatError(
            f"{name}: PDF에 읽을 글자가 없습니다. 같은 문서의 HWPX나 텍스트 추출본을 가져오세요."
        )
    return CellDocument(name=name, format="pdf", rows=_rows(pages), pages=count)


def _refusal(
    name: str, exc: BaseException, locked: tuple[type[BaseException], ...]
) -> FileFormatError:
    """Why the PDF cannot be read: locked with a password, or damaged."""
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else None
    cause = inner or exc.__cause__ or exc  # pdfminer's own inside pdfplumber's wrapper
    if locked and isinstance(cause, locked):
        return FileFormatError(
            f"{name}: 암호가 걸린 PDF라 읽을 수 없습니다. 암호를 풀어 다시 저장한 PDF나 "
            "HWPX·텍스트 추출본을 지정하세요."
        )
    return FileFormatError(
        f"{name}: PDF를 읽을 수 없습니다(파일이 손상되었거나 PDF가 아닙니다: "
        f"{type(cause).__name__}). 원본을 다시 내려받거나 HWPX·텍스트 추출본을 지정하세요."
    )


def _rows(pages: list[list[_Block]]) -> list[CellRow]:
    """The blocks of every page as rows, without the running headers and footers."""
    repeated = _running_lines(pages)
    kept = any(
        any(c.spaces)
        for blocks in pages
        for b in blocks
        for row in b.rows
        for c in row
        if isinstance(c, _Wrapped)
    )

    def plain(cells: list[str | _Wrapped]) -> list[str]:
        return [c if isinstance(c, str) else c.text(spaces_kept=kept) for c in cells]

    rows: list[CellRow] = []
    for number, blocks in enumerate(pages, start=1):
        table = 0
        for block in blocks:
            if block.table:
                table += 1
                rows.extend(
                    CellRow(cells=plain(cells), page=number, table=table, row=r)
                    for r, cells in enumerate(block.rows, start=1)
                )
                continue
            cells = plain(block.rows[0])
            if block.margin and (_is_page_number(cells) or _line_key(cells) in repeated):
                continue
            rows.append(CellRow(cells=cells, page=number))
    return rows


def _strings(cells: list[str | _Wrapped]) -> list[str]:
    return [c for c in cells if isinstance(c, str)]


def _is_page_number(cells: list[str]) -> bool:
    return bool(_PAGE_NUMBER.match(" ".join(cells)))


def _line_key(cells: list[str]) -> str:
    """A margin line without its digits (a running header that carries the page number)."""
    return re.sub(r"\d+", "#", " ".join(cells))


def _running_lines(pages: list[list[_Block]]) -> set[str]:
    """The margin lines printed on most pages (at least 3, and half of the pages)."""
    seen = Counter(
        key
        for blocks in pages
        for key in {_line_key(_strings(b.rows[0])) for b in blocks if b.margin and not b.table}
    )
    least = max(3, (len(pages) + 1) // 2)
    return {key for key, n in seen.items() if n >= least}


def _page_blocks(page: Page) -> list[_Block]:
    """One page's tables and the printed lines outside them, in reading order."""
    blocks: list[_Block] = []
    boxes: list[tuple[float, float, float, float]] = []
    chars: _Chars | None = None
    tables = page.find_tables(_RULED)
    sides = _open_sides(page, [t.bbox for t in tables])
    if sides:
        tables = page.find_tables({**_RULED, "explicit_vertical_lines": sides})
    for found in tables:
        rows: list[list[str | _Wrapped]] = []
        for texts, row in zip(found.extract(), found.rows, strict=True):
            cells: list[str | _Wrapped] = []
            for text, box in zip(texts, row.cells, strict=True):
                if text and "\n" in text.strip() and box is not None:
                    chars = chars or _Chars(page.chars)
                    cells.append(_wrapped(text, box, chars))
                else:
                    cells.append(_cell(text))
            rows.append(cells)
        rows = [r for r in rows if any(r)]
        if not rows:
            continue
        x0, top, x1, bottom = found.bbox
        boxes.append((x0, top, x1, bottom))
        blocks.append(_Block(top=top, x0=x0, rows=rows, table=True))
    words = [
        w
        for w in page.extract_words(keep_blank_chars=False, use_text_flow=False)
        if not _inside(w, boxes)
    ]
    height = float(page.height)
    for line in _lines(words):
        top = min(float(w["top"]) for w in line)
        bottom = max(float(w["bottom"]) for w in line)
        margin = bottom < height * _MARGIN or top > height * (1 - _MARGIN)
        paragraph: list[str | _Wrapped] = list(_split(line))
        blocks.append(
            _Block(top=top, x0=float(line[0]["x0"]), rows=[paragraph], table=False, margin=margin)
        )
    blocks.sort(key=lambda b: (round(b.top, 1), b.x0))
    return blocks


def _open_sides(page: Page, found: list[tuple[float, float, float, float]]) -> list[dict[str, Any]]:
    """The left and right sides of a table drawn without them (a common style of official
    tables): where two or more horizontal rules outside every table found begin and end, a
    vertical rule from the first to the last, so that the table's first and last columns are
    cells. None when every rule is inside a table found (the table is ruled all round)."""
    groups: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for edge in page.horizontal_edges:
        x0, x1, top = float(edge["x0"]), float(edge["x1"]), float(edge["top"])
        if x1 - x0 <= 20 or any(
            b[0] - 1 <= x0 and x1 <= b[2] + 1 and b[1] - 1 <= top <= b[3] + 1 for b in found
        ):
            continue
        groups.setdefault((round(x0), round(x1)), []).append(edge)
    sides = []
    for (x0, x1), edges in groups.items():
        if len(edges) < 2:
            continue
        top = min(float(e["top"]) for e in edges)
        bottom = max(float(e["bottom"]) for e in edges)
        sides += [
            {
                "object_type": "line",
                "orientation": "v",
                "x0": x,
                "x1": x,
                "top": top,
                "bottom": bottom,
                "width": 0,
                "height": bottom - top,
            }
            for x in (x0, x1)
        ]
    return sides


def _cell(text: str | None) -> str:
    """A cell's text on one line: the lines of a wrapped cell joined with a space."""
    return " ".join(text.split()) if text else ""


@dataclass(slots=True)
class _Wrapped:
    """A cell printed on several lines, and for each line break whether the line before it
    ends with a space in the text layer (a break between words) — known only from a PDF
    that keeps the space there (seonggwa's own PDFs do: ``white-space: pre-wrap``)."""

    lines: list[str]
    spaces: list[bool]  # one per break

    def text(self, *, spaces_kept: bool) -> str:
        """Joined: with a space where the break was between words; where the PDF keeps the
        spaces at line ends, a break without one split a word (joined without a space);
        otherwise every break is taken as a space (as text extractions join them)."""
        out = [self.lines[0]]
        for line, space in zip(self.lines[1:], self.spaces, strict=True):
            out.append(" " + line if space or not spaces_kept else line)
        return _cell("".join(out))


class _Chars:
    """A page's letters by their top, to find the printed lines inside a cell quickly."""

    def __init__(self, chars: list[dict[str, Any]]) -> None:
        self.chars = sorted(chars, key=lambda c: float(c["top"]))
        self.tops = [float(c["top"]) for c in self.chars]

    def line_ends(self, box: tuple[float, float, float, float]) -> list[bool]:
        """For each printed line inside ``box``, top to bottom: whether it ends with a space."""
        x0, top, x1, bottom = box
        inside = [
            c
            for c in self.chars[bisect_left(self.tops, top) : bisect_right(self.tops, bottom)]
            if x0 <= (float(c["x0"]) + float(c["x1"])) / 2 <= x1
        ]
        rows: list[list[dict[str, Any]]] = []
        for c in sorted(inside, key=lambda c: (float(c["top"]), float(c["x0"]))):
            if rows and abs(float(rows[-1][0]["top"]) - float(c["top"])) <= _LINE_TOLERANCE:
                rows[-1].append(c)
            else:
                rows.append([c])
        ends = []
        for row in rows:
            if any(c["text"].strip() for c in row):
                last = max(row, key=lambda c: float(c["x0"]))
                ends.append(not last["text"].strip())
        return ends


def _wrapped(text: str, box: tuple[float, float, float, float], chars: _Chars) -> _Wrapped | str:
    """A cell printed on several lines, with where its line breaks fell."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    ends = chars.line_ends(box)
    if len(ends) != len(lines) or len(lines) < 2:
        return _cell(text)  # the lines do not match: every break a space
    return _Wrapped(lines=lines, spaces=ends[:-1])


def _inside(word: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (float(word["x0"]) + float(word["x1"])) / 2
    y = (float(word["top"]) + float(word["bottom"])) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _lines(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Words grouped into printed lines (tops within a tolerance), each left to right."""
    lines: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (float(w["top"]), float(w["x0"]))):
        if lines and abs(float(lines[-1][0]["top"]) - float(word["top"])) <= _LINE_TOLERANCE:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: float(w["x0"])) for line in lines]


def _split(line: list[dict[str, Any]]) -> list[str]:
    """A printed line as cells: split where the gap between two words is wider than three
    characters of the line (an unruled table's columns); otherwise one cell."""
    size = max(float(w["bottom"]) - float(w["top"]) for w in line)
    cells: list[list[str]] = [[line[0]["text"]]]
    for before, word in pairwise(line):
        if float(word["x0"]) - float(before["x1"]) > 3 * size:
            cells.append([])
        cells[-1].append(word["text"])
    return [" ".join(c) for c in cells]
