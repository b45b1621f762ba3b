"""Parser for the 2009 BSC sheets, "〈owner〉 균형성과계획 (〈composition〉)" (domain.md 4.5).

A sheet is a title line, three header rows (A1) and indicator rows with 13 logical columns:
관점 · parent 전략목표 · parent 핵심성과지표 · parent 목표치 · 전략목표 · 핵심성과지표 ·
two actuals · two targets · 단위 · 비중/가중치 · 주요사업 코드번호. A sheet may run onto a
second page, which repeats the header (sometimes the title too, A2).

Extraction shifts cells left (A6) and right (A7), so rows are classified **by content from
the right**: optional program code, weight, unit, the year values and the KPI name. The cells
left of the name are assigned to 관점 / parent goal / parent KPI / parent target / goal by
vocabulary and position, blanks are filled down (A5) and rows whose right-hand block was cut
off are kept with ``weight=None`` and a note.

>>> text = ("대변인 균형성과계획 (1담당관)\\n"
...     "관점\\t서울시\\t\\t\\t대변인\\t\\t\\t\\t\\t\\t\\t\\t주요사업 코드번호\\n"
...     "\\t전략목표\\t핵심성과지표\\t목표치\\t전략목표\\t핵심성과지표\\t실적치\\t\\t목표치\\t\\t단위\\t비중\\t\\n"
...     "\\t\\t\\t\\t\\t\\t2007년\\t2008년\\t2009년\\t2010년\\t\\t\\t\\n"
...     "시민 고객 (20)\\t만족도 향상\\t시정만족도\\t44.5%\\t소통\\t보도건수\\t1\\t2\\t3\\t4\\t건\\t20\\t대변인-1")
>>> owner = parse(text).owners[0]
>>> owner.name, owner.composition, owner.perspectives[0].weight.raw
('대변인', '(1담당관)', '20')
>>> kpi = owner.strategic_goals[0].indicators[0]
>>> kpi.name, kpi.weight.raw, kpi.program_codes, [(v.kind.value, v.year) for v in kpi.values][:3]
('보도건수', '20', '대변인-1', [('actual', 2007), ('actual', 2008), ('target', 2009)])
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from seonggwa.engine.catalogue import finding
from seonggwa.engine.text import norm_key, strip_markup
from seonggwa.importers.records import (
    DocumentFormat,
    OwnerKind,
    ParentLink,
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
from seonggwa.importers.text import slightly_differs

__all__ = [
    "clean_cell",
    "detect",
    "is_number_like",
    "is_separator_row",
    "owner_kind",
    "parse",
    "split_cells",
]

# --- cell helpers (shared with bsc_detail) -------------------------------------------------

_NUMBER_LIKE = re.compile(r"^[-+△▲▽↑↓±]?\s*[\d,]*\.?\d+\s*%?$")


def split_cells(line: str) -> list[str]:
    """TAB-separated cells of one extracted line (the last line has no newline, A22)."""
    return line.rstrip("\r").split("\t")


def clean_cell(cell: str) -> str:
    """A cell's text: markup stripped (A11, ``engine.text.strip_markup``)."""
    return strip_markup(cell)


def is_number_like(cell: str) -> bool:
    """A bare number, optionally signed or with %: "28,604", "-98", "44.5%"."""
    return bool(_NUMBER_LIKE.match(cell.strip()))


def is_separator_row(cells: list[str]) -> bool:
    """A markdown separator row such as "-------- | -- | --" (A11)."""
    filled = [c for c in cells if c]
    return bool(filled) and all(re.fullmatch(r"[-:=\s]{2,}", c) for c in filled)


_DEPUTY_TITLES = frozenset({"부본부장", "부분부장", "부실장", "부국장", "부단장"})


def owner_kind(name: str) -> OwnerKind:
    """Unit, head (…본부장), deputy (…부본부장, typo 부분부장) or office (시장비서실 …)."""
    key = norm_key(name)
    if any(word in key for word in ("비서실", "부시장실", "정무조정실", "특보")):
        return OwnerKind.OFFICE
    last = name.split()[-1] if name.split() else ""
    if last in _DEPUTY_TITLES or key.endswith("본부부본부장"):
        return OwnerKind.DEPUTY
    if key.endswith("장") and len(key) > 2:
        return OwnerKind.HEAD
    return OwnerKind.UNIT


def join_letter_spacing(text: str) -> str:
    """ "본 부 장" -> "본부장" when every token is a single syllable (A17)."""
    tokens = text.split()
    if len(tokens) > 2 and all(len(t) == 1 for t in tokens):
        return "".join(tokens)
    return text


# --- vocabulary ---------------------------------------------------------------------------

_TITLE_WORD = re.compile(r"균형\s*성과\s*계\s*획")
_TITLE = re.compile(
    r"^(?P<owner>.+?)\s*(?P<word>균형\s*성과\s*계\s*획)?\s*(?P<comp>\([^()]*\))?\s*$"
)
_PERSPECTIVE_WORDS = (
    "시민고객",
    "고객",
    "정책성과",
    "창의",
    "조직역량",
    "재무",
    "내부프로세스",
    "학습과성장",
    "학습성장",
    "학습및성장",
)
_PERSPECTIVE = re.compile(
    r"^(?P<name>[^()]{1,15}?)\s*(?:\(\s*(?P<weight>\d+(?:\.\d+)?\s*%?)\s*\))?$"
)
_YEAR = re.compile(r"^((?:19|20)\d{2})\s*년?$")
_FOOTNOTE = re.compile(r"^\s*(?:※|\*|·|•|-\s|기타\s*주요\s*사업)")
_HEADER_WORDS = frozenset({"실적치", "목표치", "실적", "목표"})
_NO_WEIGHT = frozenset({"-", "－"})  # a weight cell printed as "no weight" (seonggwa's own)
_APPENDIX = re.compile(r"^\s*부록\s*\d*\s*\.\s*\S")  # "부록. 자료 검증 결과": the sheets end there
_PERSPECTIVE_HEADER = frozenset({"관점"})
#: a goal this alike the goal before (or one character off) may be its reprint: it is at
#: a page top, else a new goal with a warning ("역사문화거리 조성" / "관광문화거리 조성",
#: 001:858-860, are 78 % alike and two goals)
_REPRINT_ALIKE = 0.85


def perspective_parts(cell: str) -> tuple[str, str | None] | None:
    """("시민 고객", "20") for "시민 고객 (20)"; None when the cell is not a perspective."""
    match = _PERSPECTIVE.match(cell.strip())
    if not match:
        return None
    name = match.group("name").strip()
    if norm_key(name) not in _PERSPECTIVE_WORDS:
        return None
    weight = match.group("weight")
    return name, (weight.replace(" ", "") if weight else None)


def _is_weight(cell: str) -> bool:
    return bool(re.fullmatch(r"\d{1,3}(?:\.\d+)?", cell)) and float(cell) <= 100


def _is_unit(cell: str) -> bool:
    return bool(cell) and cell != "-" and not is_number_like(cell) and len(cell) <= 24


def _is_value_like(cell: str) -> bool:
    """A cell that reads as a year value rather than a name: number, "-", "a(b)", "a / b"."""
    text = cell.strip()
    if text in ("-", "－"):
        return True
    return bool(re.fullmatch(r"[-\d,.\s%()/~]+", text)) and any(ch.isdigit() for ch in text)


# --- header -------------------------------------------------------------------------------


@dataclass(slots=True)
class _Header:
    line1: int | None  # group-label row (관점 | 서울시 | … | owner | … | 주요사업)
    line2: int  # column-label row (전략목표 | 핵심성과지표 | …)
    line3: int | None  # year row
    years: list[int]
    actual_count: int
    parent_label: str
    owner_label: str
    width: int
    name_col: int


def _is_header2(cells: list[str]) -> bool:
    keys = [norm_key(c) for c in cells]
    return keys.count("핵심성과지표") >= 2 and "단위" in keys


def detect(text: str) -> bool:
    """True when the text holds a BSC header row with two 핵심성과지표 columns and 단위."""
    return any(
        "핵심성과지표" in line and _is_header2(split_cells(line)) for line in text.splitlines()
    )


def _prev_filled(rows: list[list[str]], idx: int) -> int | None:
    for j in range(idx - 1, -1, -1):
        if any(rows[j]):
            return j
    return None


def _next_filled(rows: list[list[str]], idx: int) -> int | None:
    for j in range(idx + 1, len(rows)):
        if any(rows[j]):
            return j
    return None


def _read_header(rows: list[list[str]], idx2: int, fallback_years: list[int]) -> _Header:
    row2 = rows[idx2]
    keys2 = [norm_key(c) for c in row2]
    j1 = _prev_filled(rows, idx2)
    line1: int | None = None
    parent_label = owner_label = ""
    if j1 is not None and sum(1 for c in rows[j1] if c) >= 2 and not _is_header2(rows[j1]):
        line1 = j1 + 1
        row1 = rows[j1]
        labels = [(i, c) for i, c in enumerate(row1) if c]
        if labels and labels[0][0] == 0:
            labels = labels[1:]  # the 관점 (or 과목 / blank) cell
        if labels:
            parent_label = join_letter_spacing(labels[0][1])
        if len(labels) > 1:
            owner_label = join_letter_spacing(labels[1][1])
    j3 = _next_filled(rows, idx2)
    years: list[int] = []
    line3: int | None = None
    if j3 is not None:
        found = [int(m.group(1)) for c in rows[j3] if (m := _YEAR.match(c))]
        if len(found) >= 2:
            years, line3 = found, j3 + 1
    if not years:
        years = list(fallback_years) or []
    kpi_cols = [i for i, k in enumerate(keys2) if k == "핵심성과지표"]
    name_col = kpi_cols[1] if len(kpi_cols) > 1 else 5
    actual_count = len(years) // 2
    actual_cols = [i for i, k in enumerate(keys2) if k in ("실적치", "실적")]
    target_cols = [i for i, k in enumerate(keys2) if i > name_col and k in ("목표치", "목표")]
    if actual_cols and target_cols and target_cols[0] > actual_cols[0]:
        actual_count = min(len(years), target_cols[0] - actual_cols[0])
    return _Header(
        line1=line1,
        line2=idx2 + 1,
        line3=line3,
        years=years,
        actual_count=actual_count,
        parent_label=parent_label,
        owner_label=owner_label,
        width=max(len([c for c in row2]), 13),
        name_col=name_col,
    )


# --- sheets -------------------------------------------------------------------------------


@dataclass(slots=True)
class _Context:
    """Fill-down state of one sheet (A5)."""

    perspective: str = ""
    parent_goal: str = ""
    parent_kpi: str = ""
    parent_target: str = ""
    parent_line: int = 0
    goal: ParsedStrategicGoal | None = None
    perspectives: dict[str, ParsedPerspective] = field(default_factory=dict)


def _parse_title(text: str) -> tuple[str, str, bool]:
    """(owner, composition, has_title_word)."""
    match = _TITLE.match(text.strip())
    if not match:
        return text.strip(), "", False
    return match.group("owner").strip(), match.group("comp") or "", bool(match.group("word"))


class _SheetReader:
    def __init__(self, doc: ParsedDocument, owner: ParsedOwner, header: _Header) -> None:
        self.doc = doc
        self.owner = owner
        self.header = header
        self.ctx = _Context()
        self.last_kpi: ParsedIndicator | None = None  # the KPI read on line last_kpi_line
        self.last_kpi_line = 0
        self.page_top = False  # the next row is the first of a continuation page (A2)

    # -- row classification ---------------------------------------------------------------

    def _anchor(self, cells: list[str]) -> tuple[int, int] | None:
        """(unit index, weight index), read from the right: the rightmost unit + weight, or
        blank unit + weight after the year values (else, with the unit blank, the KPI name
        and a first year value <= 100 further left would pass for unit and weight)."""
        n_years = len(self.header.years) or 4
        for i in range(len(cells) - 1, n_years, -1):
            if _is_weight(cells[i]) and _is_unit(cells[i - 1]):
                return i - 1, i
            if i <= n_years + 1:
                continue
            # unit cell left blank: weight right after n value-like cells ("-" for no weight,
            # as a document writer prints a KPI without one)
            block = cells[i - 1 - n_years : i - 1]
            if (
                (_is_weight(cells[i]) or cells[i] in _NO_WEIGHT)
                and cells[i - 1] == ""
                and all(c and _is_value_like(c) for c in block)
            ):
                return i - 1, i
            # neither unit nor weight ("-"), as a writer prints a KPI without them: the
            # years may be blank too, one at least is a value
            if (
                cells[i] in _NO_WEIGHT
                and cells[i - 1] == ""
                and all(not c or _is_value_like(c) for c in block)
                and any(block)
                and i - 2 - n_years >= 0
                and cells[i - 2 - n_years]
                and not _is_value_like(cells[i - 2 - n_years])
            ):
                return i - 1, i
        return None

    def read_row(self, cells: list[str], line: int) -> None:
        while cells and not cells[-1]:
            cells = cells[:-1]
        if not cells:
            return
        page_top, self.page_top = self.page_top, False
        notes: list[str] = []
        n_years = len(self.header.years) or 4
        anchor = self._anchor(cells)
        weight: RawValue | None
        unit = codes = ""
        if anchor is not None:
            u, w = anchor
            unit = cells[u]
            weight = None if cells[w] in _NO_WEIGHT else RawValue(cells[w], line)
            codes = " ".join(c for c in cells[w + 1 :] if c)
            head = cells[:u]
            name_idx = u - n_years - 1
            if name_idx >= 0 and _is_value_like(head[name_idx]):
                # a spurious blank inside the values pushed the name out (001:46,530)
                window = range(u - 1, name_idx, -1)
                blank = next((j for j in window if head[j] == ""), None)
                if blank is not None:
                    head = head[:blank] + head[blank + 1 :]
                    name_idx -= 1
                    notes.append("값 칸 사이의 빈 칸을 제거함")
            values = head[name_idx + 1 :] if name_idx >= 0 else head
            if name_idx < 0 or not head[name_idx]:
                filled = [j for j in range(max(name_idx, 0)) if head[j]]
                if not filled and name_idx >= 0:
                    self._orphan(cells, line)
                    return
                if name_idx < 0:
                    self._orphan(cells, line)
                    return
                name_idx = filled[-1]
                notes.append("지표명 칸이 비어 왼쪽 칸을 지표명으로 읽음")
            left = head[:name_idx]
        else:
            # right-hand block cut off (A7): trailing value cells, name before them
            if len(cells) < self.header.width:
                self._partial(cells, line)
                return
            k = 0
            while k < n_years and k < len(cells) and _is_value_like(cells[len(cells) - 1 - k]):
                k += 1
            name_idx = len(cells) - 1 - k
            if k == 0 or name_idx < 0 or not cells[name_idx]:
                self._partial(cells, line)
                return
            values = cells[name_idx + 1 :]
            left = cells[:name_idx]
            weight = None
            notes.append("오른쪽 칸 잘림: 단위·가중치가 유실됨 (A7)")
        name = cells[name_idx] if anchor is None else head[name_idx]
        # A8: the name printed twice pushes the row right
        if left and norm_key(left[-1]) == norm_key(name):
            left = left[:-1]
            notes.append("중복 셀 제거 (A8)")
            self.doc.findings.append(
                finding("bsc.duplicate_cell", unit=self.owner.name, line=line, cell=name)
            )
        self._assign_left(
            left, line, shifted=name_idx != self.header.name_col, notes=notes, page_top=page_top
        )
        cleaned: list[str] = []
        for raw in values:
            if norm_key(raw) in _HEADER_WORDS:
                notes.append(f"값 칸의 머리말 '{raw}' 제거 (A18)")
                self.doc.findings.append(
                    finding("bsc.header_word_in_cell", unit=self.owner.name, line=line, word=raw)
                )
                raw = ""
            cleaned.append(raw)
        years = self.header.years or []
        parsed_values: list[PrintedValue] = []
        for pos, raw in enumerate(cleaned[:n_years]):
            if not raw:
                continue
            year = years[pos] if pos < len(years) else None
            kind = ValueKind.ACTUAL if pos < self.header.actual_count else ValueKind.TARGET
            parsed_values.append(PrintedValue(kind, year, raw, line))
        ctx = self.ctx
        indicator = ParsedIndicator(
            name=name,
            line=line,
            unit_of_measure=unit,
            weight=weight,
            perspective=ctx.perspective,
            values=parsed_values,
            program_codes=codes,
            parent=ParentLink(
                parent_owner=self.header.parent_label,
                goal=ctx.parent_goal,
                kpi=ctx.parent_kpi,
                target=ctx.parent_target,
                line=ctx.parent_line or line,
            ),
            notes=notes,
        )
        assert ctx.goal is not None
        ctx.goal.indicators.append(indicator)
        self.last_kpi, self.last_kpi_line = indicator, line

    def _reprint(
        self, goal: str, parent: tuple[str, str, str], line: int, *, page_top: bool
    ) -> bool:
        """True when ``goal``, a typo from the current goal of the same perspective, is
        that goal reprinted at the top of its next page (with the same parent cells, if
        printed): it is read as the reprint, with ``bsc.goal_read_as_repeat``. Alike but
        elsewhere, it stays a new goal with ``bsc.goal_text_alike`` — never silently.

        A sheet declares no count of goals, only perspective and KPI weights, and those
        agree with either reading (the KPIs stay under the same perspective), so the
        layout decides and the warning says which reading was taken."""
        ctx = self.ctx
        current = ctx.goal
        if (
            not goal
            or current is None
            or norm_key(current.perspective) != norm_key(ctx.perspective)
            or not slightly_differs(current.name, goal, alike=_REPRINT_ALIKE)
        ):
            return False
        before = (ctx.parent_goal, ctx.parent_kpi, ctx.parent_target)
        same_parent = all(
            not cell or norm_key(cell) == norm_key(old)
            for cell, old in zip(parent, before, strict=True)
        )
        repeat = page_top and same_parent
        self.doc.findings.append(
            finding(
                "bsc.goal_read_as_repeat" if repeat else "bsc.goal_text_alike",
                unit=self.owner.name,
                line=line,
                details={"first_line": str(current.line)},
                text=goal,
                first=current.name,
                first_line=current.line,
            )
        )
        return repeat

    def _assign_left(
        self, left: list[str], line: int, *, shifted: bool, notes: list[str], page_top: bool
    ) -> None:
        """Map the cells left of the KPI name to 관점 · parent goal/KPI/target · goal."""
        ctx = self.ctx
        perspective: tuple[str, str | None] | None = None
        rest = list(left)
        for i, cell in enumerate(left):
            parts = perspective_parts(cell) if cell else None
            if parts is not None:
                perspective = parts
                rest = left[i + 1 :]
                break
        while len(rest) > 4 and "" in rest:
            rest.remove("")
        if len(rest) > 4:
            notes.append("왼쪽 칸이 남아 처음 네 칸만 읽음: " + " / ".join(rest[4:]))
            rest = rest[:4]
        slots = [""] * (4 - len(rest)) + rest
        filled = [c for c in slots if c]
        if shifted and len(filled) == 1 and not _is_value_like(filled[0]) and not slots[3]:
            # a lone text cell in a shifted row is the owner's goal (001:123,147)
            slots = ["", "", "", filled[0]]
        if perspective is not None:
            self._set_perspective(perspective, line)
        p_goal, p_kpi, p_target, goal = slots
        reprint = self._reprint(goal, (p_goal, p_kpi, p_target), line, page_top=page_top)
        if p_goal or p_kpi or p_target:
            if p_goal:
                ctx.parent_goal = p_goal
            if p_kpi or p_goal:
                ctx.parent_kpi = p_kpi or ctx.parent_kpi
            ctx.parent_target = p_target if (p_kpi or p_target) else ctx.parent_target
            ctx.parent_line = line
        new_goal = (
            goal and not reprint and (ctx.goal is None or norm_key(goal) != norm_key(ctx.goal.name))
        )
        new_perspective = ctx.goal is not None and norm_key(ctx.goal.perspective) != norm_key(
            ctx.perspective
        )
        if ctx.goal is None or new_goal or new_perspective:
            name = goal or (ctx.goal.name if ctx.goal else "")
            ctx.goal = ParsedStrategicGoal(name=name, line=line, perspective=ctx.perspective)
            self.owner.strategic_goals.append(ctx.goal)

    def _set_perspective(self, parts: tuple[str, str | None], line: int) -> None:
        ctx = self.ctx
        name, weight = parts
        key = norm_key(name)
        ctx.perspective = name
        existing = ctx.perspectives.get(key)
        if existing is None:
            found = next((p for p in self.owner.perspectives if norm_key(p.name) == key), None)
            if found is None:
                found = ParsedPerspective(
                    name, RawValue(weight, line) if weight is not None else None, line
                )
                self.owner.perspectives.append(found)
            elif weight is not None:
                # declared again on a later page of the same sheet (A20)
                found.redeclared.append(RawValue(weight, line))
            ctx.perspectives[key] = found
        elif weight is not None:
            existing.redeclared.append(RawValue(weight, line))

    def _partial(self, cells: list[str], line: int) -> None:
        """A row without its own KPI block: parent-only cells (001:378) or stray text."""
        filled = [c for c in cells if c]
        if not filled:
            return
        if all(not c for c in cells[self.header.name_col - 1 :]):
            # only parent goal / KPI / target cells: a second parent KPI (A14, 001:378)
            ctx = self.ctx
            p_goal, p_kpi, p_target = ([*cells[1:4], "", "", ""])[:3]
            ctx.parent_goal = p_goal or ctx.parent_goal
            ctx.parent_kpi, ctx.parent_target, ctx.parent_line = p_kpi, p_target, line
            self.doc.findings.append(
                finding("bsc.parent_only_row", unit=self.owner.name, line=line)
            )
            return
        col = self.header.name_col
        kpi = self.last_kpi
        if (
            kpi is not None
            and self.last_kpi_line == line - 1
            and len(filled) == 1
            and len(cells) > col
            and cells[col] == filled[0]
            and not _is_value_like(filled[0])
        ):
            # the tail of a wrapped KPI name, alone in the name column of the next line
            kpi.name = f"{kpi.name} {filled[0]}"
            kpi.notes.append(f"다음 줄의 '{filled[0]}'을(를) 지표명에 이어 붙임")
            self.last_kpi_line = line
            self.doc.findings.append(
                finding("bsc.kpi_name_wrapped", unit=self.owner.name, line=line, name=kpi.name)
            )
            return
        self.owner.footnotes.append(RawValue(" | ".join(filled), line))
        self.doc.findings.append(finding("bsc.row_unreadable", unit=self.owner.name, line=line))

    def _orphan(self, cells: list[str], line: int) -> None:
        self._partial(cells, line)


def parse(text: str, *, source: str = "") -> ParsedDocument:
    """Read every 균형성과계획 sheet of ``text`` into one :class:`ParsedOwner` per owner."""
    lines = text.split("\n")
    rows = [[clean_cell(c) for c in split_cells(raw)] for raw in lines]
    header_idx = [i for i, cells in enumerate(rows) if _is_header2(cells)]
    if not header_idx:
        raise ParseError(
            "균형성과계획(BSC) 표가 아닙니다: '전략목표 | 핵심성과지표 | 목표치 | … | 단위 | "
            "비중' 머리행을 찾지 못했습니다.",
            source=source,
        )
    doc = ParsedDocument(format=DocumentFormat.BSC2009, source=source, line_count=len(lines))
    for cells in rows[: header_idx[0]]:
        joined = " ".join(c for c in cells if c)
        match = re.search(r"((?:19|20)\d{2})\s*년도", joined)
        if match and doc.year is None:
            doc.year = int(match.group(1))
            doc.title = joined
    header_rows: set[int] = set()
    headers: dict[int, _Header] = {}
    years: list[int] = []
    for idx in header_idx:
        header = _read_header(rows, idx, years)
        years = header.years
        headers[idx] = header
        header_rows.update(
            x - 1 for x in (header.line1, header.line2, header.line3) if x is not None
        )
    if doc.year is None:
        first = headers[header_idx[0]]
        if first.actual_count < len(first.years):
            doc.year = first.years[first.actual_count]

    # titles: the single-cell line just above a header's first row
    titles: dict[int, int] = {}  # title row index -> header row-2 index
    for idx in header_idx:
        header = headers[idx]
        top = (header.line1 or header.line2) - 1
        j = _prev_filled(rows, top)
        if j is None or j in header_rows:
            continue
        filled = [c for c in rows[j] if c]
        position = next((i for i, c in enumerate(rows[j]) if c), 0)
        if (
            len(filled) == 1
            and not _FOOTNOTE.match(filled[0])
            and not is_number_like(filled[0])  # a bare page number "12" above a header
            and not _is_header2(rows[j])
            # in the KPI name column without the title word: a wrapped KPI name's tail
            and (position < header.name_col or _parse_title(filled[0])[2])
        ):
            titles[j] = idx

    reader: _SheetReader | None = None
    for idx, cells in enumerate(rows):
        line = idx + 1
        if idx in titles:
            text_ = next(c for c in cells if c)
            owner_name, composition, has_word = _parse_title(text_)
            header = headers[titles[idx]]
            if reader is not None and norm_key(reader.owner.name) == norm_key(owner_name):
                reader.header = header  # the title repeated on the sheet's next page (A2)
                continue
            owner = ParsedOwner(
                name=owner_name,
                line=line,
                kind=owner_kind(owner_name),
                title=text_,
                composition=composition,
                parent_label=header.parent_label,
            )
            doc.owners.append(owner)
            reader = _SheetReader(doc, owner, header)
            if not has_word:
                doc.findings.append(
                    finding("bsc.title_word_missing", unit=owner_name, line=line, title=text_)
                )
            continue
        if idx in headers:
            header = headers[idx]
            if reader is None:
                name = header.owner_label or "(제목 없음)"
                owner = ParsedOwner(
                    name=name, line=line, kind=owner_kind(name), parent_label=header.parent_label
                )
                doc.owners.append(owner)
                reader = _SheetReader(doc, owner, header)
                doc.findings.append(finding("bsc.title_missing", unit=name, line=line))
            else:
                reader.header = header  # a continuation page (A2)
                reader.page_top = True
            _check_header(doc, reader.owner.name, rows, header)
            continue
        if idx in header_rows or reader is None:
            continue
        filled = [c for c in cells if c]
        if not filled or is_separator_row(cells):
            continue
        if len(filled) == 1 and _APPENDIX.match(filled[0]):
            reader = None  # an appendix after the sheets (부록): not a sheet's rows
            continue
        if len(filled) == 1 and (_FOOTNOTE.match(filled[0]) or len(cells) == 1):
            reader.owner.footnotes.append(RawValue(filled[0], line))
            continue
        reader.read_row(cells, line)
    return doc


def _check_header(doc: ParsedDocument, owner: str, rows: list[list[str]], header: _Header) -> None:
    """Header defects (A3, Appendix A 001-8): missing 관점, "과목", 목표치 over actuals."""
    if header.line1 is not None:
        first = norm_key(rows[header.line1 - 1][0]) if rows[header.line1 - 1] else ""
        if first == "":
            doc.findings.append(
                finding("bsc.header_perspective_missing", unit=owner, line=header.line1)
            )
        elif first not in _PERSPECTIVE_HEADER:
            doc.findings.append(
                finding(
                    "bsc.header_perspective_label",
                    unit=owner,
                    line=header.line1,
                    label=rows[header.line1 - 1][0],
                )
            )
    keys = [norm_key(c) for c in rows[header.line2 - 1]]
    after_name = keys[header.name_col + 1 :]
    actual_words = [k for k in after_name if k in ("실적치", "실적")]
    if (
        not actual_words
        and header.actual_count
        and any(k in ("목표치", "목표") for k in after_name)
    ):
        doc.findings.append(finding("bsc.header_actual_label", unit=owner, line=header.line2))
