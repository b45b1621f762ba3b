"""Parser for the 2020 BSC plan detail, "2020년도 성과관리계획 상세 평가내용" (domain.md 4.6).

The section may sit inside a larger bundle (seed 003): it starts at its title (or the first
department heading before its first header row) and ends after the last department block.
Each block is "N. 〈부서명〉", a header row with the nine columns
``관점명 | 전략목표명 | 지표명 | 가중치 | 단위 | 목표 | 실적 | 점수 | 최종실적월``, indicator rows
and the footer "가중치 합계 | | | 100".

Rows are anchored on their weight/unit pair rather than on cell positions, because page
breaks drop leading blanks (A6) or push cells right (A7); the header's column offsets
relative to the weight column give the rest. Blank perspective and goal cells mean "same as
above" (A5).

>>> doc = parse("2021년도 성과관리계획 상세 평가내용\\n1. 대변인\\n"
...     "관점명\\t전략목표명\\t지표명\\t가중치\\t단위\\t목표\\t실적\\t점수\\t최종실적월\\n"
...     "시민주인\\t청렴 향상\\t공무원 청렴도\\t20\\t점\\t64\\t-\\t-\\t\\n"
...     "가중치 합계\\t\\t\\t20\\t\\t\\t\\t\\t")
>>> doc.year, doc.owners[0].name, doc.owners[0].strategic_goals[0].indicators[0].weight.raw
(2021, '대변인', '20')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from seonggwa.engine.catalogue import finding
from seonggwa.engine.text import norm_key
from seonggwa.importers.bsc2009.parse import (
    clean_cell,
    is_number_like,
    is_separator_row,
    owner_kind,
    split_cells,
)
from seonggwa.importers.records import (
    DocumentFormat,
    ParsedDocument,
    ParsedIndicator,
    ParsedOwner,
    ParsedPerspective,
    ParsedStrategicGoal,
    ParseError,
    PrintedValue,
    RawValue,
    ValueKind,
)

__all__ = ["detect", "parse"]

# logical column -> header synonyms (compared with whitespace removed, A3)
_HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "perspective": ("관점명", "관점"),
    "goal": ("전략목표명", "전략목표"),
    "name": ("지표명", "성과지표명", "성과지표"),
    "weight": ("가중치", "비중"),
    "unit": ("단위",),
    "target": ("목표", "목표치", "목표값"),
    "actual": ("실적", "실적치", "실적값"),
    "score": ("점수",),
    "due_month": ("최종실적월", "실적월"),
}
_TITLE = re.compile(r"(\d{4})\s*년도?\s*성과관리\s*계획\s*상세\s*평가\s*내용")
_HEADING = re.compile(r"^\s*(\d{1,3})\s*[.)]\s*(\S.*?)\s*$")
_WEIGHT = re.compile(r"^\d{1,3}(?:\.\d+)?$")
_FOOTER_KEYS = ("가중치합계", "비중합계")
# perspective names known from the format; the document's own column-0 values are added
_KNOWN_PERSPECTIVES = ("시민주인", "정책성과", "시민고객", "재무", "내부프로세스", "학습과성장")


@dataclass(slots=True)
class _Header:
    line: int
    columns: dict[str, int]

    def offset(self, role: str) -> int | None:
        """Position of ``role`` relative to the weight column (None when absent)."""
        if role not in self.columns:
            return None
        return self.columns[role] - self.columns["weight"]


def _header_columns(cells: list[str]) -> dict[str, int] | None:
    keys = [norm_key(c) for c in cells]
    found: dict[str, int] = {}
    for role, synonyms in _HEADER_SYNONYMS.items():
        for i, key in enumerate(keys):
            if key in synonyms and i not in found.values():
                found[role] = i
                break
    if {"name", "weight", "perspective"} <= found.keys() and "unit" in found:
        return found
    return None


def detect(text: str) -> bool:
    """True when the text holds a 성과관리계획 상세 평가내용 header row (관점명 … 지표명 … 가중치)."""
    for line in text.splitlines():
        if "지표명" in line and "가중치" in line and _header_columns(split_cells(line)):
            return True
    return False


def _is_weight(cell: str) -> bool:
    if not _WEIGHT.match(cell):
        return False
    return float(cell) <= 100


def _is_unit(cell: str) -> bool:
    return bool(cell) and cell != "-" and not is_number_like(cell) and len(cell) <= 15


def _anchor(cells: list[str]) -> int | None:
    """Index of the weight cell: a weight followed by a unit, with a name to its left."""
    for i in range(1, len(cells) - 1):
        if _is_weight(cells[i]) and _is_unit(cells[i + 1]):
            left = [c for c in cells[:i] if c]
            if left and not is_number_like(left[-1]):
                return i
    return None


def _footer_total(cells: list[str], line: int) -> RawValue | None:
    for i, cell in enumerate(cells):
        if norm_key(cell) in _FOOTER_KEYS:
            rest = [c for c in cells[i + 1 :] if c]
            return RawValue(rest[0] if rest else "", line)
    return None


def _heading_name(cells: list[str]) -> str | None:
    filled = [c for c in cells if c]
    if len(filled) != 1:
        return None
    match = _HEADING.match(filled[0])
    return match.group(2) if match else None


class _BlockBuilder:
    """Collects one department's rows, filling blank perspective and goal cells down (A5)."""

    def __init__(self, owner: ParsedOwner, header: _Header, year: int | None) -> None:
        self.owner = owner
        self.header = header
        self.year = year
        self.perspective = ""
        self.goal: ParsedStrategicGoal | None = None
        self.perspectives: set[str] = set()

    def add_row(self, cells: list[str], line: int, w: int, perspectives: set[str]) -> None:
        header = self.header
        name_idx = max(i for i in range(w) if cells[i])
        left = [(i, cells[i]) for i in range(name_idx) if cells[i]]
        perspective = ""
        goal = ""
        for _, text in left:
            if norm_key(text) in perspectives:
                perspective = text
            else:
                goal = text
        notes: list[str] = []
        shift = w - header.columns["weight"]
        if shift:
            notes.append(f"셀 밀림 보정: 가중치가 {shift:+d}칸 어긋난 행을 오른쪽 기준으로 읽음")
        if perspective:
            self.perspective = perspective
            if norm_key(perspective) not in self.perspectives:
                self.perspectives.add(norm_key(perspective))
                self.owner.perspectives.append(ParsedPerspective(perspective, None, line))
        if goal or self.goal is None or self.goal.perspective != self.perspective:
            self.goal = ParsedStrategicGoal(
                name=goal or (self.goal.name if self.goal else ""),
                line=line,
                perspective=self.perspective,
            )
            self.owner.strategic_goals.append(self.goal)

        def cell(role: str) -> str:
            offset = header.offset(role)
            if offset is None:
                return ""
            idx = w + offset
            return cells[idx] if 0 <= idx < len(cells) else ""

        values: list[PrintedValue] = []
        for role, kind in (
            ("target", ValueKind.TARGET),
            ("actual", ValueKind.ACTUAL),
            ("score", ValueKind.SCORE),
        ):
            raw = cell(role)
            if raw:
                values.append(PrintedValue(kind, self.year, raw, line))
        indicator = ParsedIndicator(
            name=cells[name_idx],
            line=line,
            unit_of_measure=cell("unit"),
            weight=RawValue(cells[w], line),
            perspective=self.perspective,
            values=values,
            due_month=cell("due_month"),
            notes=notes,
        )
        self.goal.indicators.append(indicator)


def parse(text: str, *, source: str = "") -> ParsedDocument:
    """Read a 성과관리계획 상세 평가내용 section into one owner per department block."""
    lines = text.split("\n")
    rows = [[clean_cell(c) for c in split_cells(raw)] for raw in lines]
    headers: list[_Header] = []
    for idx, cells in enumerate(rows):
        columns = _header_columns(cells)
        if columns is not None:
            headers.append(_Header(idx + 1, columns))
    if not headers:
        raise ParseError(
            "성과관리계획 상세 평가내용 표가 아닙니다: '관점명 | 전략목표명 | 지표명 | 가중치 | "
            "단위 | 목표 …' 머리행을 찾지 못했습니다.",
            source=source,
        )
    doc = ParsedDocument(format=DocumentFormat.BSC_DETAIL, source=source, line_count=len(lines))
    first = headers[0].line
    for idx in range(first - 1, -1, -1):
        match = _TITLE.search(" ".join(rows[idx]))
        if match:
            doc.title = " ".join(c for c in rows[idx] if c)
            doc.year = int(match.group(1))
            break

    perspectives = {norm_key(p) for p in _KNOWN_PERSPECTIVES}
    for header in headers:
        col = header.columns["perspective"]
        for cells in rows[header.line :]:
            w = _anchor(cells)
            if w is not None and w == header.columns["weight"] and len(cells) > col and cells[col]:
                perspectives.add(norm_key(cells[col]))

    header_lines = {h.line for h in headers}
    prev_end = 0
    for n, header in enumerate(headers):
        # the department heading: last "N. name" (or single-cell) line above the header
        name = ""
        heading_line = header.line
        for idx in range(header.line - 2, prev_end - 1, -1):
            cells = rows[idx]
            if not any(cells):
                continue
            if idx + 1 in header_lines:
                break
            heading = _heading_name(cells)
            if heading is not None:
                name, heading_line = heading, idx + 1
            break
        if not name and n > 0 and doc.owners:
            # a header with no heading of its own repeats the previous block's header (A2)
            prev_end = header.line
            continue
        owner = ParsedOwner(
            name=name or "(부서명 없음)",
            line=heading_line,
            kind=owner_kind(name),
        )
        if not name:
            doc.findings.append(finding("bsc_detail.heading_missing", line=header.line))
        builder = _BlockBuilder(owner, header, doc.year)
        next_header = headers[n + 1].line if n + 1 < len(headers) else None
        idx = header.line
        last = n + 1 == len(headers)
        content_end = idx
        while idx < len(rows):
            lineno = idx + 1
            if next_header is not None and lineno >= next_header:
                break
            cells = rows[idx]
            idx += 1
            if not any(cells) or is_separator_row(cells):
                continue
            total = _footer_total(cells, lineno)
            if total is not None:
                content_end = idx
                owner.declared_weight_total = total
                if last:
                    break
                continue
            if _header_columns(cells) is not None:
                continue
            w = _anchor(cells)
            if w is None:
                if _heading_name(cells) is not None:
                    if last:
                        break
                    continue  # the next block's heading
                if last:
                    break  # the bundle goes on with other material
                doc.findings.append(
                    finding("bsc_detail.row_unreadable", unit=owner.name, line=lineno)
                )
                continue
            builder.add_row(cells, lineno, w, perspectives)
            content_end = idx
        prev_end = content_end
        doc.owners.append(owner)
    return doc
