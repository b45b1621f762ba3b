"""성과계획서 parser: "가. 총괄" summary + "나. 성과계획 및 자원비중" detail (domain.md 4.1-4.2).

The table machinery here is shared with the 성과보고서 parser (``importers.report.parse``),
which differs only in its columns (status counts, 결산액 in 원) and the mark column; the
differences live in a :class:`TableSpec`.

Pure: text in, :class:`~seonggwa.importers.records.ParsedDocument` out, with 1-based
source lines on every record. Defects inside a recognisable document become findings in
``doc.findings``; :class:`~seonggwa.importers.records.ParseError` is raised only when no
"총괄" table can be found at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from seonggwa.engine.catalogue import finding
from seonggwa.engine.findings import Severity
from seonggwa.engine.text import norm_key, strip_markup
from seonggwa.importers.records import (
    SUMMARY_COUNT_KEYS,
    SUMMARY_MONEY_KEYS,
    DocumentFormat,
    ParsedDocument,
    ParsedIndicator,
    ParsedOwner,
    ParsedPolicyGoal,
    ParsedStrategicGoal,
    ParseError,
    RawValue,
    SummaryRow,
)
from seonggwa.importers.rules import summary_int
from seonggwa.importers.tables import summary_for_owner
from seonggwa.importers.text import (
    char_similarity,
    compact,
    is_int_cell,
    is_share_cell,
    markdown_heading,
    markup_items,
    split_cells,
    split_lines,
    strip_bullet,
)

__all__ = ["SPEC", "TableSpec", "detect", "parse", "parse_with_spec"]


@dataclass(frozen=True, slots=True)
class TableSpec:
    """What distinguishes one 총괄 + 비중 format from another."""

    format: DocumentFormat
    # summary column key -> whitespace-free header labels (leaf labels, A1/A3)
    summary_columns: dict[str, tuple[str, ...]]
    count_keys: tuple[str, ...]
    money_keys: tuple[str, ...]
    default_money_unit: str
    has_mark: bool
    detail_title_keys: tuple[str, ...]
    # last cell index of the detail table (share column); text beyond it is A13
    detail_width: int

    @property
    def summary_order(self) -> tuple[str, ...]:
        """The column order used when the header cannot be read: counts, then money."""
        return self.count_keys + self.money_keys


_UNIT_HEADER = ("실국명", "실국", "부서명", "기관명", "소관", "소관실국")

# 총괄 columns plans and reports share (header synonyms, A3)
STRUCTURE_COLUMNS: dict[str, tuple[str, ...]] = {
    "strategic_goals": ("전략목표수", "성과목표수", "전략목표"),
    "policy_goals": ("정책사업목표수", "정책사업목표개수", "개수"),
    "indicators": ("지표수", "성과지표수", "정책사업목표지표수"),
}

SPEC = TableSpec(
    format=DocumentFormat.PLAN,
    summary_columns={
        **STRUCTURE_COLUMNS,
        "unit_programs": ("단위사업수", "단위사업"),
        "budget": ("예산액", "예산", "금년도예산액", "당해연도예산액"),
        "previous_budget": ("전년도예산액", "전년도예산", "전년예산액"),
        "change": ("비교증감", "증감", "증감액"),
    },
    count_keys=SUMMARY_COUNT_KEYS["plan"],
    money_keys=SUMMARY_MONEY_KEYS["plan"],
    default_money_unit="백만원",
    has_mark=False,
    detail_title_keys=("자원비중", "재원비중"),
    detail_width=4,
)

_MARKS = {"◎": "◎", "○": "○", "×": "×", "x": "×", "X": "×", "✕": "×", "✗": "×", "-": "-"}
_MARKS.update({"−": "-", "–": "-", "ㅇ": "○", "O": "○", "◯": "○"})

_ROMAN_UNI = {
    "Ⅰ": "I",
    "Ⅱ": "II",
    "Ⅲ": "III",
    "Ⅳ": "IV",
    "Ⅴ": "V",
    "Ⅵ": "VI",
    "Ⅶ": "VII",
    "Ⅷ": "VIII",
    "Ⅸ": "IX",
    "Ⅹ": "X",
    "Ⅺ": "XI",
    "Ⅻ": "XII",
}
_CODE_HEAD = r"(?:[IVXL]+|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ]+|\d{1,2})"
_POLICY_CODE = re.compile(rf"^\s*(?P<code>{_CODE_HEAD}\s*-\s*\d{{1,3}})\s*\.?\s+(?P<rest>\S.*)$")
_GOAL_CODE = re.compile(rf"^\s*(?P<code>{_CODE_HEAD})\s*\.\s+(?P<rest>\S.*)$")
_SUFFIX = re.compile(r"\(([^()]*)\)\s*$")
_OPEN_SUFFIX = re.compile(r"\(([^()]*)$")
# "부록." too: an appendix after the detail table (seonggwa's own documents end with one) ends it
_TITLE = re.compile(r"^\s*(?:[가-하]|\d{1,2}|[IVX]+|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]|부록)\.\s*\S")
_UNIT_ENDINGS = (
    "실",
    "국",
    "본부",
    "관",
    "단",
    "담당관",
    "위원회",
    "사무처",
    "원",
    "센터",
    "사업소",
    "청",
    "처",
    "부",
    "소",
    "관실",
    "회",
)
_MEASURES = frozenset(
    {
        "%",
        "건",
        "명",
        "개",
        "회",
        "인원",
        "원",
        "억원",
        "백만원",
        "천원",
        "만원",
        "개소",
        "km",
        "㎡",
        "점",
        "호",
        "대",
        "종",
        "편",
        "권",
        "시간",
        "일",
        "분",
        "누적",
        "누계",
        "천명",
        "만명",
        "천건",
        "가구",
        "세대",
        "그루",
        "주",
        "곳",
        "ha",
    }
)


def normalise_code(code: str) -> str:
    """Goal code key: Unicode Roman numerals as ASCII, no spaces ("Ⅲ - 14" -> "III-14")."""
    out = "".join(_ROMAN_UNI.get(ch, ch) for ch in code)
    return re.sub(r"\s+", "", out)


def split_goal_code(text: str) -> tuple[str, str]:
    """("III", rest) for "III. 목표"; ("", text) when the text has no strategic code."""
    m = _GOAL_CODE.match(text)
    if m is None:
        return "", text
    return normalise_code(m.group("code")), m.group("rest").strip()


def split_policy_code(text: str) -> tuple[str, str]:
    """("III-14", rest) for "III-14. 목표"; ("", text) when there is no policy code."""
    m = _POLICY_CODE.match(text)
    if m is None:
        return "", text
    return normalise_code(m.group("code")), m.group("rest").strip()


def mark_of(cell: str) -> str | None:
    """The achievement mark in a cell (◎ ○ × -), normalised; None when the cell is not a mark."""
    return _MARKS.get(cell.strip())


def unit_of_measure(name: str) -> str:
    """The unit printed in an indicator name ("만족도(%)" -> "%"), A16; "" when none."""
    m = _SUFFIX.search(name)
    if m is None:
        return ""
    inner = m.group(1).strip()
    return inner if inner in _MEASURES else ""


# --- summary ("가. 총괄") --------------------------------------------------------------------


def _is_blank(cells: list[str]) -> bool:
    return all(not c.strip() for c in cells)


_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*\d{1,4}\s*[-–—]|\d{1,4}\s*/\s*\d{1,4}|[-–—]\s*\d{1,4}\s*/\s*\d{1,4}\s*[-–—])$"
)


def _is_page_number(cells: list[str]) -> bool:
    """A page-number line of a text extraction ("- 8 -", "8 / 24"): its only cell."""
    filled = [c.strip() for c in cells if c.strip()]
    return len(filled) == 1 and bool(_PAGE_NUMBER.match(filled[0]))


def _is_title_line(line: str) -> bool:
    """A section title: one cell, "가. …" / "3. …" style, or a markdown heading."""
    if markdown_heading(line) is not None:
        return True
    if "\t" in line:
        return False
    return _TITLE.match(strip_markup(line)) is not None


def _header_words(spec: TableSpec) -> set[str]:
    words = {norm_key(w) for syn in spec.summary_columns.values() for w in syn}
    words |= {norm_key(w) for w in _UNIT_HEADER}
    words |= {"성과계획", "성과목표", "정책사업목표", "예산액", "결산액", "성과달성도", "성과지표"}
    words |= {"성과보고", "달성도", "단위사업", "개수"}
    return words


def _is_summary_header_row(cells: list[str], spec: TableSpec) -> bool:
    keys = [compact(c) for c in cells if c.strip()]
    if not keys or any(is_int_cell(c) for c in cells if c.strip()):
        return False
    words = _header_words(spec)
    return sum(1 for k in keys if k in words) >= max(1, len(keys) // 2)


def _summary_column_map(header_rows: list[list[str]], spec: TableSpec) -> dict[int, str]:
    """Column index -> summary key from a multi-row header (A1, A3).

    Per column, the labels stacked in that column are joined bottom-up ("전년도" over
    "결산액" -> "전년도결산액"); the longest join that names a column wins, so group labels
    ("정책사업목표" over "개수") and annotations in a third row are both tolerated.
    """
    width = max((len(r) for r in header_rows), default=0)
    lookup: dict[str, str] = {}
    for key, synonyms in spec.summary_columns.items():
        for syn in synonyms:
            lookup.setdefault(norm_key(syn), key)
    mapping: dict[int, str] = {}
    for col in range(1, width):
        labels = [compact(r[col]) for r in header_rows if col < len(r) and r[col].strip()]
        for k in range(len(labels), 0, -1):
            found = lookup.get("".join(labels[-k:]))
            if found is not None and found not in mapping.values():
                mapping[col] = found
                break
    return mapping


def _money_unit(lines: list[str], upto: int, default: str) -> str:
    for text in lines[max(0, upto - 8) : upto]:
        key = compact(text)
        if "단위" in key:
            if "백만원" in key:
                return "백만원"
            if "천원" in key:
                return "천원"
            if "억원" in key:
                return "억원"
            if "원" in key:
                return "원"
    return default


@dataclass(slots=True)
class _Cursor:
    lines: list[str]
    source: str
    doc: ParsedDocument
    spec: TableSpec
    unit_keys: dict[str, str] = field(default_factory=dict)  # norm -> printed summary name
    # Reconciliation with the 총괄 (issue 13): lines where a goal at a page top is ambiguous
    # (line -> unit key), the lines to read the other way (a slightly different repeat as
    # the goal it repeats; an 85 %-alike one as a new goal), and per unit key and count
    # column the (summary count, count of the first reading) for the message.
    candidates: dict[int, str] = field(default_factory=dict)
    repeat_by_default: dict[int, bool] = field(default_factory=dict)  # candidate -> reading
    decisions: dict[int, bool] = field(default_factory=dict)  # line -> read as a repeat?
    merge_counts: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)


def _find_summary_header(lines: list[str], spec: TableSpec) -> int | None:
    for i, line in enumerate(lines):
        cells = split_cells(line)
        if not cells or compact(cells[0]) not in {norm_key(u) for u in _UNIT_HEADER}:
            continue
        block = [split_cells(t) for t in lines[i : i + 4]]
        text = "".join(compact(c) for row in block for c in row)
        count_words = ("전략목표수", "지표수", "성과목표수", "정책사업목표")
        if any(w in text for w in count_words):
            return i
    return None


def _parse_summary(cur: _Cursor, start: int) -> int:
    """Parse the summary table whose first header row is ``lines[start]``; return the index
    of the first line after the table."""
    lines, spec, doc = cur.lines, cur.spec, cur.doc
    i = start
    header_rows: list[list[str]] = []
    while i < len(lines) and _is_summary_header_row(split_cells(lines[i]), spec):
        header_rows.append(split_cells(lines[i]))
        i += 1
    mapping = _summary_column_map(header_rows, spec)
    required = set(spec.summary_order)
    if not required.issubset(mapping.values()):
        # The header could not be read: fall back to the documented column order.
        doc.findings.append(
            finding("summary.header_unread", line=start + 1, order=", ".join(spec.summary_order))
        )
        mapping = {n + 1: key for n, key in enumerate(spec.summary_order)}
    width = max(mapping) + 1
    n = len(lines)
    while i < n:
        line = lines[i]
        cells = split_cells(line)
        if _is_blank(cells) or _is_page_number(cells):
            i += 1
            continue
        if _is_title_line(line) or _is_detail_header(cells):
            break
        if compact(cells[0]) in {norm_key(u) for u in _UNIT_HEADER} or _is_summary_header_row(
            cells, spec
        ):
            i += 1  # header repeated on a new page (A2)
            continue
        if strip_markup(cells[0]).startswith("※"):
            i += 1
            continue
        _summary_row(cur, cells, i + 1, mapping, width)
        i += 1
    return i


def _summary_row(
    cur: _Cursor, cells: list[str], line_no: int, mapping: dict[int, str], width: int
) -> None:
    doc = cur.doc
    cells = [strip_markup(c) for c in cells]
    while cells and not cells[-1]:
        cells.pop()
    if not cells:
        return
    if not cells[0] and len(cells) > 1 and cells[1] and not is_int_cell(cells[1]):
        cells = cells[1:]  # right shift by one (A7)
        doc.findings.append(finding("summary.row_shifted", unit=cells[0], line=line_no))
    unit = cells[0]
    if not unit or is_int_cell(unit):
        doc.findings.append(finding("summary.unit_missing", line=line_no))
        return
    row = SummaryRow(unit=unit, line=line_no)
    for col, key in mapping.items():
        row.cells[key] = cells[col] if col < len(cells) else ""
    if len(cells) < width:
        missing = [key for col, key in sorted(mapping.items()) if col >= len(cells)]
        doc.findings.append(
            finding(
                "summary.row_truncated",
                unit=unit,
                line=line_no,
                details={"missing": ",".join(missing)},
                missing=", ".join(missing),
            )
        )
    if compact(unit) in ("계", "합계", "총계"):
        if doc.summary_total is None:
            doc.summary_total = row
        else:
            doc.findings.append(finding("summary.total_row_repeated", unit=unit, line=line_no))
        return
    doc.summary_rows.append(row)
    cur.unit_keys.setdefault(norm_key(unit), unit)


# --- detail ("나. … 비중") -----------------------------------------------------------------

_DETAIL_HEADER_WORDS = (
    "전략목표명",
    "성과목표명",
    "전략목표",
    "실국명",
    "부서명",  # 기초 governments name units 부서/기관
    "기관명",
    "정책사업목표명",
    "정책사업목표",
    "성과지표명",
    "성과지표",
    "예산액",
    "결산액",
    "비중",
    "달성성과",
    "달성도",
    "단위",
    "원",
    "백만원",
    "%",
)


def _is_detail_header(cells: list[str]) -> bool:
    """A (possibly repeated) header row of the detail table (A2, A3)."""
    keys = [compact(c) for c in cells if c.strip()]
    if not keys:
        return False
    joined = "".join(keys)
    if not any(w in joined for w in ("목표명", "지표명", "비중", "달성성과")):
        return False
    residue = joined
    for word in sorted(_DETAIL_HEADER_WORDS, key=len, reverse=True):
        residue = residue.replace(word, "")
    residue = re.sub(r"[()\[\]'‘’0-9년.:·,]", "", residue)
    return residue == ""


@dataclass(slots=True)
class _Row:
    line: int
    goal: str | None = None  # goal cell text (markup stripped), None when blank
    goal_raw: str = ""
    unit: str | None = None  # "(실국명)" suffix when the row opens/repeats a goal
    unit_truncated: bool = False
    policy: str | None = None
    policy_raw: str = ""
    indicators: list[tuple[str, int]] = field(default_factory=list)  # (name, cell index)
    amount: str | None = None
    share: str | None = None
    mark: str | None = None
    mark_cell: str | None = None  # raw mark cell as printed (also when not a known mark)
    shifted_left: bool = False
    shifted_right: bool = False
    joined_fragments: bool = False
    share_shifted: bool = False
    extra_numbers: list[str] = field(default_factory=list)
    realigned: list[str] = field(default_factory=list)  # what the content reading changed


def _unit_suffix(text: str, cur: _Cursor) -> tuple[str, str, bool] | None:
    """(unit as printed, goal text without the suffix, truncated?) for a strategic-goal cell."""
    m = _SUFFIX.search(text)
    if m is not None:
        unit = m.group(1).strip()
        key = norm_key(unit)
        if key and (key in cur.unit_keys or _looks_like_unit(key)):
            return unit, text[: m.start()].rstrip(), False
    m = _OPEN_SUFFIX.search(text)
    if m is not None:
        frag = norm_key(m.group(1))
        hits = [k for k in cur.unit_keys if frag and k.startswith(frag)]
        if len(hits) == 1:
            return cur.unit_keys[hits[0]], text[: m.start()].rstrip(), True
    return None


def _looks_like_unit(key: str) -> bool:
    if key in _MEASURES or len(key) < 2 or not re.search(r"[가-힣]", key):
        return False
    return key.endswith(_UNIT_ENDINGS)


def _classify_right(cells: list[str], start: int, spec: TableSpec, row: _Row) -> None:
    """Cells right of the indicator: mark, amount, share, far-right second items (A13)."""
    numbers: list[tuple[int, str]] = []
    amount_idx = -1
    for idx in range(start, len(cells)):
        cell = cells[idx]
        if not cell:
            continue
        if spec.has_mark and row.mark is None and mark_of(cell) is not None and not numbers:
            row.mark = mark_of(cell)
            row.mark_cell = cell
            continue
        if is_int_cell(cell) or is_share_cell(cell):
            numbers.append((idx, cell))
            continue
        if cell in ("-", "−", "–"):
            continue  # "no amount"
        if spec.has_mark and row.mark is None and not numbers and len(cell) <= 2:
            row.mark_cell = cell
            continue
        row.indicators.append((cell, idx))
    for idx, cell in numbers:
        decimal_like = "." in cell or "%" in cell
        if row.amount is None and not decimal_like and is_int_cell(cell):
            row.amount = cell
            amount_idx = idx
        elif row.share is None and is_share_cell(cell):
            row.share = cell
            if amount_idx >= 0 and idx != amount_idx + 1:
                row.share_shifted = True
        else:
            row.extra_numbers.append(cell)


def _split_row(cells_raw: list[str], line_no: int, cur: _Cursor) -> _Row:
    """Read a detail row: by position first, then corrected by what the cells are."""
    lead = 0
    while lead < len(cells_raw) - 1 and not strip_markup(cells_raw[lead]).strip():
        lead += 1
    pushed = lead > 0 and _is_goal_cell(strip_markup(cells_raw[lead]), cur)
    if pushed:
        cells_raw = cells_raw[lead:]  # a goal row pushed right: its goal opens the row
    row = _split_row_by_position(cells_raw, line_no, cur)
    if pushed:
        row.realigned.append(f"전략목표가 {lead + 1}번째 칸에 있음")
    _realign(row, cur.spec)
    return row


def _is_goal_cell(text: str, cur: _Cursor) -> bool:
    """A strategic-goal cell wherever it sits: a known unit's "(실국명)" suffix, and no
    policy-goal code."""
    suffix = _unit_suffix(text, cur)
    return suffix is not None and norm_key(suffix[0]) in cur.unit_keys and not _is_policy_text(text)


def _is_policy_text(text: str) -> bool:
    """A cell that opens with a policy-goal code ("III-9. …"): never an indicator."""
    return _POLICY_CODE.match(strip_bullet(text)) is not None


def _realign(row: _Row, spec: TableSpec) -> None:
    """Correct the positional reading by content (issue 13): a mark (◎ ○ × -) read as an
    indicator is the row's mark, a cell with a policy-goal code read as an indicator is the
    policy goal, and a policy-column text left without an indicator becomes the indicator."""
    if spec.has_mark and row.mark is None:
        for n, (name, _idx) in enumerate(row.indicators):
            if mark_of(name) is not None:
                row.mark, row.mark_cell = mark_of(name), name
                del row.indicators[n]
                row.realigned.append(f"'{name}'은(는) 지표가 아니라 달성 표시")
                break
    if row.policy is None:
        for n, (name, _idx) in enumerate(row.indicators):
            if _is_policy_text(name) and (n == 0 or n < len(row.indicators) - 1):
                row.policy, row.policy_raw = name, name
                del row.indicators[n]
                row.realigned.append(f"'{name}'은(는) 코드가 있는 정책사업목표")
                break
    if (
        row.realigned
        and not row.indicators
        and row.policy is not None
        and not _is_policy_text(row.policy)
        and row.unit is None
    ):
        row.indicators.append((row.policy, 1))
        row.realigned.append(f"'{row.policy}'은(는) 정책사업목표 칸에 놓인 지표")
        row.policy, row.policy_raw = None, ""
    if row.realigned:
        row.shifted_left = False


def _split_row_by_position(cells_raw: list[str], line_no: int, cur: _Cursor) -> _Row:
    spec = cur.spec
    cells = [strip_markup(c) for c in cells_raw]
    raw = list(cells_raw)
    row = _Row(line=line_no)
    first_text = 3
    if cells and cells[0]:
        suffix = _unit_suffix(cells[0], cur)
        texts_after = sum(1 for c in cells[1:3] if c and not is_int_cell(c))
        numbers_after = any(is_int_cell(c) for c in cells[1:])
        if suffix is not None and (
            texts_after >= 1 or numbers_after or norm_key(suffix[0]) in cur.unit_keys
        ):
            row.unit, row.goal, row.unit_truncated = suffix
            row.goal_raw = raw[0]
            _fill_text(
                row,
                cells[1] if len(cells) > 1 else "",
                raw[1] if len(raw) > 1 else "",
                cells[2:3],
            )
        else:
            # Left shift (A6): leading blanks dropped; read the leading text cells by count.
            texts: list[str] = []
            raws: list[str] = []
            for c, r in zip(cells, raw, strict=False):
                if not c or is_int_cell(c) or is_share_cell(c) or (spec.has_mark and mark_of(c)):
                    break
                texts.append(c)
                raws.append(r)
            first_text = len(texts)
            row.shifted_left = bool(texts)
            if not texts:
                pass  # only numbers or marks: reported as a row without an indicator
            elif len(texts) == 1:
                row.indicators.append((texts[0], 0))
            elif len(texts) == 2:
                row.policy, row.policy_raw = texts[0], raws[0]
                row.indicators.append((texts[1], 1))
            else:
                row.policy = " ".join(texts[:-1])
                row.policy_raw = " ".join(raws[:-1])
                row.joined_fragments = True
                row.indicators.append((texts[-1], len(texts) - 1))
            _classify_right(cells, first_text, spec, row)
            return row
    else:
        # Right shift (A7): a text where the mark/amount belongs means one extra leading cell.
        if (
            len(cells) > 3
            and cells[3]
            and not is_int_cell(cells[3])
            and not is_share_cell(cells[3])
            and not (spec.has_mark and mark_of(cells[3]))
            and (not spec.has_mark or len(cells[3]) > 2)
            and len(cells) > 1
            and not cells[1]
        ):
            cells, raw = cells[1:], raw[1:]
            row.shifted_right = True
        policy = cells[1] if len(cells) > 1 else ""
        indicator_cells = cells[2:3]
        far_text = any(
            c and not is_int_cell(c) and not is_share_cell(c) and not mark_of(c) for c in cells[3:]
        )
        if policy and not any(indicator_cells) and not far_text:
            # Left shift by one (A6): the indicator sits in the policy column.
            row.shifted_left = True
            row.indicators.append((policy, 1))
        else:
            _fill_text(row, policy, raw[1] if len(raw) > 1 else "", indicator_cells)
    _classify_right(cells, first_text, spec, row)
    return row


def _fill_text(row: _Row, policy: str, policy_raw: str, indicator_cells: list[str]) -> None:
    if policy:
        row.policy, row.policy_raw = policy, policy_raw
    for c in indicator_cells:
        if c:
            row.indicators.append((c, 2))


@dataclass(slots=True)
class _DetailState:
    owner: ParsedOwner | None = None
    goal: ParsedStrategicGoal | None = None
    policy: ParsedPolicyGoal | None = None
    page_start: bool = False
    last_policy_line: int = 0
    owners: dict[str, ParsedOwner] = field(default_factory=dict)
    split_row: _Row | None = None  # a row holding only a coded policy goal, next row pending


def _parse_detail(cur: _Cursor, start: int) -> None:
    lines, doc, spec = cur.lines, cur.doc, cur.spec
    st = _DetailState()
    i = start
    n = len(lines)
    in_table = False
    while i < n:
        line = lines[i]
        line_no = i + 1
        i += 1
        cells = split_cells(line)
        if _is_blank(cells):
            continue  # A12: only a title or header ends a table
        if _is_page_number(cells):
            st.page_start = True  # "- 8 -" between two pages: not a row, a page begins
            continue
        first = strip_markup(cells[0])
        if first.startswith("※"):
            if spec.has_mark and ("◎" in first or "초과달성" in compact(first)):
                doc.legend = RawValue(raw=first, line=line_no)
            elif st.owner is not None:
                st.owner.footnotes.append(RawValue(raw=first, line=line_no))
            continue
        if _is_detail_header(cells):
            in_table = True
            st.page_start = True
            continue
        if _is_title_line(line):
            title = markdown_heading(line) or strip_markup(line)
            if any(k in compact(title) for k in spec.detail_title_keys):
                st.page_start = True  # title repeated with the header (A2)
                if markdown_heading(line) is not None:
                    doc.section_path.append(title)
                continue
            if in_table:
                break
            continue
        if not in_table:
            continue
        if compact(first) in ("계", "합계", "총계"):
            continue  # a total row of the detail table: the denominator is recomputed
        row = _split_row(cells, line_no, cur)
        _resolve_split(cur, st, row)
        _apply_row(cur, st, row)
        st.page_start = False
    _resolve_split(cur, st, None)
    doc.owners = list(st.owners.values())


def _resolve_split(cur: _Cursor, st: _DetailState, row: _Row | None) -> None:
    """A row with only a coded policy goal followed by a row with only its indicator is one
    merged cell split across two rows (INFO); otherwise the first row lacks its indicator."""
    first = st.split_row
    if first is None or st.owner is None:
        return
    st.split_row = None
    owner = st.owner
    joined = (
        row is not None
        and row.unit is None
        and row.policy is None
        and bool(row.indicators)
        and not row.realigned
    )
    if joined:
        cur.doc.findings.append(
            finding(
                "detail.cell_split_rows",
                unit=_label(cur, owner.name),
                line=first.line,
                details={"next_line": str(row.line) if row is not None else ""},
                owner=owner.name,
                policy=first.policy,
                line_first=first.line,
            )
        )
        return
    cur.doc.findings.append(
        finding(
            "detail.indicator_missing",
            unit=_label(cur, owner.name),
            line=first.line,
            owner=owner.name,
        )
    )


def _apply_row(cur: _Cursor, st: _DetailState, row: _Row) -> None:
    doc, spec = cur.doc, cur.spec
    page_repeat = False
    if row.unit is not None and row.goal is not None:
        page_repeat = _open_goal(cur, st, row)
    elif st.goal is None:
        doc.findings.append(finding("detail.orphan_row", line=row.line))
        return
    owner, goal = st.owner, st.goal
    assert owner is not None and goal is not None
    continued = _continues_policy(cur, st, row)
    if row.amount is not None and not (row.unit is not None):
        doc.findings.append(
            finding(
                "detail.unexpected_amount",
                unit=_label(cur, owner.name),
                line=row.line,
                owner=owner.name,
                amount=row.amount,
            )
        )
    if row.shifted_left:
        doc.findings.append(
            finding(
                "detail.row_shifted_left",
                unit=_label(cur, owner.name),
                line=row.line,
                owner=owner.name,
                indicator=row.indicators[0][0] if row.indicators else "",
            )
        )
    if row.realigned:
        doc.findings.append(
            finding(
                "detail.row_realigned",
                unit=_label(cur, owner.name),
                line=row.line,
                details={"reading": "; ".join(row.realigned)},
                owner=owner.name,
                reading="; ".join(row.realigned),
            )
        )
    if row.shifted_right:
        doc.findings.append(
            finding(
                "detail.row_shifted_right",
                unit=_label(cur, owner.name),
                line=row.line,
                owner=owner.name,
            )
        )
    if row.joined_fragments:
        doc.findings.append(
            finding(
                "detail.cell_fragments_joined",
                unit=_label(cur, owner.name),
                line=row.line,
                owner=owner.name,
                policy=row.policy,
            )
        )
    if row.share_shifted:
        doc.findings.append(
            finding(
                "detail.cell_shifted",
                unit=_label(cur, owner.name),
                line=row.line,
                owner=owner.name,
                share=row.share,
            )
        )
    if row.policy is not None:
        _set_policy(cur, st, row, page_repeat)
    if _fused_cell(row.policy_raw or ""):
        doc.findings.append(
            finding(
                "detail.fused_goals",
                unit=_label(cur, owner.name),
                line=row.line,
                owner=owner.name,
                goal_kind="정책사업목표",
            )
        )
    for n, (name, idx) in enumerate(row.indicators):
        ind = ParsedIndicator(name=name, line=row.line, unit_of_measure=unit_of_measure(name))
        if spec.has_mark and n == 0:
            ind.mark = row.mark
            if row.mark is not None and row.mark_cell is not None and row.mark_cell != row.mark:
                ind.notes.append(f"mark printed as '{row.mark_cell}' (A10)")
            if row.mark is None:
                ind.notes.append(
                    "mark cell: " + (row.mark_cell if row.mark_cell is not None else "(blank)")
                )
        if idx > spec.detail_width:
            ind.notes.append("second item at the far right of the row (A13)")
            doc.findings.append(
                finding(
                    "detail.far_right_indicator",
                    unit=_label(cur, owner.name),
                    line=row.line,
                    owner=owner.name,
                    column=idx + 1,
                    indicator=name,
                )
            )
        if st.policy is not None:
            st.policy.indicators.append(ind)
        else:
            goal.indicators.append(ind)
    if (
        not row.indicators
        and row.unit is None
        and row.policy is not None
        and _is_policy_text(row.policy)
        and row.mark is None
        and row.mark_cell is None
        and row.amount is None
        and row.share is None
    ):
        st.split_row = row  # decided by the next row (_resolve_split)
    elif not row.indicators and row.unit is None and not continued:
        doc.findings.append(
            finding(
                "detail.indicator_missing",
                unit=_label(cur, owner.name),
                line=row.line,
                owner=owner.name,
            )
        )


def _continues_policy(cur: _Cursor, st: _DetailState, row: _Row) -> bool:
    """A row at a page top with no goal cell whose policy-column text may be the tail of the
    policy goal that ends the page before (a cell split by the page break): alone (read by
    default as an indicator in the policy column, A6) or with an indicator (read by default
    as a new policy goal). Joined to that goal — True, the row changed to say so, and a
    warning ``detail.read_as_continued`` — only when the 총괄 reconciliation takes that
    reading (:func:`parse_with_spec`)."""
    current, owner = st.policy, st.owner
    if not st.page_start or row.unit is not None or current is None or owner is None:
        return False
    if row.realigned or row.joined_fragments or row.shifted_right:
        return False
    if any(v is not None for v in (row.amount, row.share, row.mark, row.mark_cell)):
        return False
    if row.policy is None and row.shifted_left and len(row.indicators) == 1:
        text, kind = row.indicators[0][0], "indicators"
    elif row.policy is not None and row.indicators and not row.shifted_left:
        text, kind = row.policy, "policy_goals"
    else:
        return False
    if _is_policy_text(text) or current.code:
        return False
    if kind == "policy_goals" and st.goal is not None:
        key = norm_key(strip_bullet(text))
        if any(norm_key(p.name) == key for p in st.goal.policy_goals):
            return False  # the policy goal repeated (A4), not a tail
        if char_similarity(current.name, key) >= _SIMILAR or _slightly_differs(current.name, text):
            return False  # a repeat, or its own page-top ambiguity (_set_policy)
    if not _read_other_way(
        cur, owner, row.line, kind, current.name, st.last_policy_line, text,
        repeat=False, code="detail.read_as_continued",
    ):  # fmt: skip
        return False
    current.name = f"{current.name} {strip_bullet(text)}"
    if kind == "indicators":
        row.indicators, row.shifted_left = [], False
    else:
        row.policy, row.policy_raw = None, ""
    return True


def _label(cur: _Cursor, name: str) -> str:
    """The unit name as the summary prints it (findings filter on it), else as printed."""
    return cur.unit_keys.get(norm_key(name), name)


def _fused_cell(raw: str) -> bool:
    return len(markup_items(raw)) > 1 and bool(re.search(r"[○◦•]|<(?:p|li)\b", raw))


def _open_goal(cur: _Cursor, st: _DetailState, row: _Row) -> bool:
    """Start or resume a strategic goal; True when the row repeats one (A4)."""
    doc = cur.doc
    assert row.unit is not None and row.goal is not None
    unit_key = norm_key(row.unit)
    code, text = split_goal_code(strip_bullet(row.goal))
    text_key = norm_key(strip_bullet(text))
    amount = RawValue(raw=row.amount, line=row.line) if row.amount is not None else None
    share = RawValue(raw=row.share, line=row.line) if row.share is not None else None
    owner = st.owners.get(unit_key)
    if row.unit_truncated:
        doc.findings.append(finding("detail.unit_suffix_truncated", unit=row.unit, line=row.line))
    if _fused_cell(row.goal_raw):
        doc.findings.append(
            finding(
                "detail.fused_goals",
                unit=_label(cur, row.unit),
                line=row.line,
                owner=row.unit,
                goal_kind="전략목표",
            )
        )
    if owner is not None:
        match = _match_goal(owner, code, text_key)
        merged = False
        current = st.goal
        if (
            match is None
            and st.page_start
            and current is not None
            and st.owner is owner
            and not (code and current.code)
            and _slightly_differs(current.name, text)
            and _read_as_repeat(
                cur, owner, row.line, "strategic_goals", current.name, current.line, text
            )
        ):
            match, merged = current, True
        if match is not None:
            if not st.page_start:
                doc.findings.append(
                    finding(
                        "detail.goal_row_repeated",
                        unit=_label(cur, owner.name),
                        line=row.line,
                        owner=owner.name,
                    )
                )
            if norm_key(match.name) != text_key and not merged:
                doc.findings.append(
                    finding(
                        "detail.goal_text_differs",
                        unit=_label(cur, owner.name),
                        line=row.line,
                        details={"first_line": str(match.line)},
                        owner=owner.name,
                        first_line=match.line,
                        first=match.name,
                        text=text,
                    )
                )
            match.repeats.append((amount, share))
            st.owner, st.goal = owner, match
            if st.policy not in match.policy_goals:
                st.policy = None
            return True
    if owner is None:
        owner = ParsedOwner(name=row.unit, line=row.line)
        st.owners[unit_key] = owner
    goal = ParsedStrategicGoal(name=text, line=row.line, code=code, amount=amount, share=share)
    owner.strategic_goals.append(goal)
    st.owner, st.goal, st.policy = owner, goal, None
    if amount is None or share is None:
        missing = [label for label, v in (("금액", amount), ("비중", share)) if v is None]
        doc.findings.append(
            finding(
                "detail.row_truncated",
                unit=_label(cur, owner.name),
                line=row.line,
                owner=owner.name,
                missing=", ".join(missing),
            )
        )
    return False


def _match_goal(owner: ParsedOwner, code: str, text_key: str) -> ParsedStrategicGoal | None:
    if code:
        for g in owner.strategic_goals:
            if g.code == code:
                return g
    for g in owner.strategic_goals:
        if norm_key(g.name) == text_key:
            return g
    for g in owner.strategic_goals:
        if not (code and g.code) and char_similarity(g.name, text_key) >= 0.85:
            return g
    return None


_SIMILAR = 0.85
_SLIGHTLY = 0.6  # below this a repeated goal text is clearly another goal


def _within_one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            row.append(min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = row
    return prev[-1]


def _slightly_differs(first: str, again: str) -> bool:
    """Typo-level difference between two goal texts (whitespace ignored): one character
    off, or at least 60 % alike both by characters (the A4 overlap) and in order (edit
    distance), so reordered rewordings are not candidates. Short goals differing in a word
    ("건전성 제고" / "효율성 제고") are: only the 총괄 can tell, and a warning says which
    reading was taken."""
    a, b = norm_key(strip_bullet(first)), norm_key(strip_bullet(again))
    if not a or not b or a == b:
        return False
    if _within_one_edit(a, b):
        return True
    in_order = 1 - _edit_distance(a, b) / max(len(a), len(b))
    return char_similarity(a, b) >= _SLIGHTLY and in_order >= _SLIGHTLY


def _read_as_repeat(
    cur: _Cursor, owner: ParsedOwner, line: int, kind: str, first: str, first_line: int, text: str
) -> bool:
    """Record an ambiguous repeat read as a new goal by default; True (with the warning
    ``detail.read_as_repeat``) when it is to be read as the goal it repeats."""
    return _read_other_way(cur, owner, line, kind, first, first_line, text, repeat=False)


def _read_as_new(
    cur: _Cursor, owner: ParsedOwner, line: int, first: str, first_line: int, text: str
) -> bool:
    """The converse: a policy goal at a page top that is 85 % like the one before (A4) is
    read as its repeat, unless reading it as a new goal is what makes the unit's counts agree
    with the 총괄 — then True, with the warning ``detail.read_as_new``."""
    return _read_other_way(cur, owner, line, "policy_goals", first, first_line, text, repeat=True)


def _read_other_way(
    cur: _Cursor,
    owner: ParsedOwner,
    line: int,
    kind: str,
    first: str,
    first_line: int,
    text: str,
    *,
    repeat: bool,
    code: str = "",
) -> bool:
    """Record ``line`` as ambiguous (read as a repeat by default when ``repeat``); True,
    with a warning naming the 총괄 count, when this reading takes it the other way."""
    key = norm_key(owner.name)
    cur.candidates[line] = key
    cur.repeat_by_default[line] = repeat
    if cur.decisions.get(line, repeat) == repeat:
        return False
    count, other = cur.merge_counts.get(key, {}).get(kind, (0, 0))
    cur.doc.findings.append(
        finding(
            code or ("detail.read_as_new" if repeat else "detail.read_as_repeat"),
            unit=_label(cur, owner.name),
            line=line,
            details={"first_line": str(first_line), "kind": kind},
            owner=owner.name,
            label=dict(_COUNTED)[kind],
            count=count,
            other=other,
            text=text,
            first=first,
            first_line=first_line,
        )
    )
    return True


def _set_policy(cur: _Cursor, st: _DetailState, row: _Row, page_repeat: bool) -> None:
    doc = cur.doc
    owner, goal = st.owner, st.goal
    assert owner is not None and goal is not None and row.policy is not None
    code, text = split_policy_code(strip_bullet(row.policy))
    key = norm_key(strip_bullet(text))
    current = st.policy
    found: ParsedPolicyGoal | None = None
    if code:
        found = next((p for p in goal.policy_goals if p.code == code), None)
    if found is None:
        found = next(
            (p for p in goal.policy_goals if norm_key(p.name) == key and not (code and p.code)),
            None,
        )
    similar = alike = False
    if (
        found is None
        and page_repeat
        and current is not None
        and not (code and current.code)
        and char_similarity(current.name, key) >= _SIMILAR
    ):
        alike = True  # A4: its repeat, unless only a new goal agrees with the 총괄
        if not _read_as_new(cur, owner, row.line, current.name, st.last_policy_line, text):
            found, similar = current, True
    merged = False
    if (
        found is None
        and not alike
        and (page_repeat or st.page_start)
        and current is not None
        and not (code and current.code)
        and _slightly_differs(current.name, text)
        and _read_as_repeat(
            cur, owner, row.line, "policy_goals", current.name, st.last_policy_line, text
        )
    ):
        found, merged = current, True
    if found is None:
        pg = ParsedPolicyGoal(name=text, line=row.line, code=code)
        goal.policy_goals.append(pg)
        st.policy = pg
        st.last_policy_line = row.line
        return
    if merged:
        pass  # said by detail.read_as_repeat
    elif found is current and page_repeat:
        if found.name != text:
            same_key = norm_key(found.name) == key
            doc.findings.append(
                finding(
                    "detail.policy_text_differs",
                    unit=_label(cur, owner.name),
                    line=row.line,
                    severity=Severity.INFO if same_key else Severity.WARNING,
                    details={"first_line": str(st.last_policy_line), "similar": str(similar)},
                    owner=owner.name,
                    where="쪽이 바뀌며 반복된",
                    versus="앞쪽과 ",
                    first_line=st.last_policy_line,
                    first=found.name,
                    text=text,
                    remark="; 띄어쓰기만 다릅니다." if same_key else ". 같은 목표로 보았습니다.",
                )
            )
    elif found.code and code and norm_key(found.name) != key:
        doc.findings.append(
            finding(
                "detail.policy_text_differs",
                unit=_label(cur, owner.name),
                line=row.line,
                details={"first_line": str(found.line)},
                owner=owner.name,
                where=f"같은 코드 {code}의",
                versus="",
                first_line=found.line,
                first=found.name,
                text=text,
                remark=".",
            )
        )
    else:
        doc.findings.append(
            finding(
                "detail.policy_goal_repeated",
                unit=_label(cur, owner.name),
                line=row.line,
                details={"first_line": str(found.line)},
                owner=owner.name,
                text=text,
                first_line=found.line,
            )
        )
    st.policy = found
    st.last_policy_line = row.line


# --- entry points ---------------------------------------------------------------------------


def _parse_once(
    text: str,
    spec: TableSpec,
    source: str,
    decisions: dict[int, bool] | None = None,
    merge_counts: dict[str, dict[str, tuple[int, int]]] | None = None,
) -> tuple[ParsedDocument, _Cursor]:
    """One reading of the document; ``decisions`` say for ambiguous page-top goals (by
    line) whether to read each as the goal it repeats (True) or as a new goal (False);
    the others are read by default (an 85 %-alike policy goal as a repeat, a slightly
    different one as new)."""
    lines = split_lines(text)
    doc = ParsedDocument(format=spec.format, source=source, line_count=len(lines))
    header = _find_summary_header(lines, spec)
    if header is None:
        raise ParseError(
            "'가. 총괄' 표를 찾지 못했습니다: 첫 칸이 '실국명'이고 '전략목표수'·'지표수' 등의 "
            "열이 있는 머리행이 있어야 합니다. 파일 형식(--format)을 확인하십시오.",
            line=1,
            source=source or None,
        )
    cur = _Cursor(
        lines=lines,
        source=source,
        doc=doc,
        spec=spec,
        decisions=decisions or {},
        merge_counts=merge_counts or {},
    )
    for idx in range(header):
        heading = markdown_heading(lines[idx])
        text_line = heading if heading is not None else strip_markup(lines[idx])
        if heading is not None:
            doc.section_path.append(heading)
        if not doc.title and text_line and "\t" not in lines[idx] and not text_line.startswith("("):
            doc.title = text_line
        m = re.search(r"(20\d\d)\s*년", text_line)
        if m and doc.year is None:
            doc.year = int(m.group(1))
    doc.money_unit = _money_unit(lines, header, spec.default_money_unit)
    end = _parse_summary(cur, header)
    _parse_detail(cur, end)
    if not doc.owners:
        doc.findings.append(
            finding("detail.table_missing", line=end + 1 if end < len(lines) else len(lines))
        )
    return doc, cur


_COUNTED = (
    ("strategic_goals", "전략목표"),
    ("policy_goals", "정책사업목표"),
    ("indicators", "성과지표"),
)


def _goal_counts(owner: ParsedOwner) -> dict[str, int]:
    return {
        "strategic_goals": len(owner.strategic_goals),
        "policy_goals": sum(len(g.policy_goals) for g in owner.strategic_goals),
        "indicators": sum(
            len(g.indicators) + sum(len(p.indicators) for p in g.policy_goals)
            for g in owner.strategic_goals
        ),
    }


def _declared(doc: ParsedDocument, owner: ParsedOwner) -> dict[str, int] | None:
    """The owner's goal counts as its 총괄 row prints them (only the readable ones)."""
    row = summary_for_owner(doc, owner)
    if row is None:
        return None
    out: dict[str, int] = {}
    for key, _ in _COUNTED:
        value = summary_int(row.cells.get(key, ""))
        if value is not None:
            out[key] = value
    return out or None


def _agrees(declared: dict[str, int], owner: ParsedOwner) -> bool:
    counts = _goal_counts(owner)
    return all(counts[k] == v for k, v in declared.items())


def parse_with_spec(text: str, spec: TableSpec, *, source: str = "") -> ParsedDocument:
    """Parse a 총괄 + 비중 document described by ``spec``.

    A goal repeated after a page break with slightly different wording is ambiguous: the
    same goal with a typo, or a new goal. It is read as the same goal only when that reading
    makes the unit's goal counts agree with its 총괄 row and the other reading does not, and
    a warning says so at the line; otherwise it stays a new goal (and a count mismatch stays
    an error). Texts that differ clearly are never candidates. Conversely a policy goal at a
    page top 85 % like the one before is read as its repeat (A4) unless only reading it as
    a new goal agrees with the 총괄 (warning ``detail.read_as_new``).
    """
    doc, cur = _parse_once(text, spec, source)
    if not cur.candidates:
        return doc
    by_unit: dict[str, list[int]] = {}
    for line, key in sorted(cur.candidates.items()):
        by_unit.setdefault(key, []).append(line)
    # a unit with more ambiguous lines than are tried keeps the usual reading (and its
    # count mismatch): trying only some of them could pick a wrong reading that fits
    by_unit = {k: lines for k, lines in by_unit.items() if len(lines) <= _MAX_AMBIGUOUS}
    if not by_unit:
        return doc
    # every way of reading each unit's ambiguous lines (units side by side: 2^k readings)
    readings: dict[str, list[tuple[dict[int, bool], _Shape, bool]]] = {}
    default_owner = {norm_key(o.name): o for o in doc.owners}
    declared = {key: _declared(doc, default_owner[key]) for key in by_unit if key in default_owner}
    for j in range(2 ** max(len(lines) for lines in by_unit.values())):
        decisions: dict[int, bool] = {}
        for lines in by_unit.values():
            if j < 2 ** len(lines):
                decisions.update({line: bool(j >> b & 1) for b, line in enumerate(lines)})
        reading, _ = _parse_once(text, spec, source, decisions)
        owners = {norm_key(o.name): o for o in reading.owners}
        for key, lines in by_unit.items():
            wanted = declared.get(key)
            if j >= 2 ** len(lines) or wanted is None or key not in owners:
                continue
            assign = {line: decisions[line] for line in lines}
            owner = owners[key]
            readings.setdefault(key, []).append((assign, _shape(owner), _agrees(wanted, owner)))
    chosen: dict[int, bool] = {}
    counts_for: dict[str, dict[str, tuple[int, int]]] = {}
    ambiguous: dict[int, tuple[str, bool]] = {}  # line -> (unit key, how it was read)
    for key, options in readings.items():
        usual = {line: cur.repeat_by_default[line] for line in by_unit[key]}
        agreeing = [(assign, repr(shape)) for assign, shape, agrees in options if agrees]
        if not agreeing:
            continue  # no reading agrees: the default stays, and its count mismatch
        # the agreeing reading nearest the usual one (the usual one itself when it agrees)
        best, best_shape = min(agreeing, key=lambda o: sum(o[0][ln] != usual[ln] for ln in o[0]))
        for assign, shape in agreeing:
            if shape != best_shape:  # another reading fits too: the 총괄 cannot decide
                for line in assign:
                    if assign[line] != best[line]:
                        ambiguous[line] = (key, best[line])
        if best == usual:
            continue
        chosen.update(best)
        wanted = declared[key]
        assert wanted is not None
        counts = _goal_counts(default_owner[key])
        counts_for[key] = {k: (v, counts[k]) for k, v in wanted.items()}
    final = doc
    if chosen:
        final, _ = _parse_once(text, spec, source, chosen, counts_for)
    for line, (key, joined) in sorted(ambiguous.items()):
        cells = [c.strip() for c in split_cells(cur.lines[line - 1]) if c.strip()]
        final.findings.append(
            finding(
                "detail.reading_ambiguous",
                unit=_label(cur, default_owner[key].name),
                line=line,
                details={"read_as": "joined" if joined else "apart"},
                owner=default_owner[key].name,
                text="'" + " / ".join(cells[:3]) + "'",
                reading="앞 목표와 같은 목표로" if joined else "따로",
            )
        )
    return final


_MAX_AMBIGUOUS = 4  # ambiguous lines per unit tried every way (16 readings at most)
_Shape = list[tuple[str, list[tuple[str, int]]]]


def _shape(owner: ParsedOwner) -> _Shape:
    """An owner's goals, policy goals (by name) and indicator counts: what a reading decides."""
    return [
        (norm_key(g.name), [(norm_key(p.name), len(p.indicators)) for p in g.policy_goals])
        for g in owner.strategic_goals
    ]


def parse(text: str, *, source: str = "") -> ParsedDocument:
    """Parse a 성과계획서 "총괄표 + 자원비중" text (domain.md 4.1-4.2)."""
    return parse_with_spec(text, SPEC, source=source)


def detect(text: str) -> bool:
    """Cheap check for ``--format auto``: a plan summary (예산액 columns) and no report marks."""
    key = norm_key(text[:200_000])
    has_summary = "총괄" in key and ("전략목표수" in key or "지표수" in key)
    return has_summary and "전년도예산액" in key and "결산액" not in key
