"""Parse the sustainability tables (domain.md §4.7, seed ``003:70-437``) into plain records
with 1-based source lines; pure (no Django, no database).

What is read:

* the **vision matrix** — field names and goals from the matrix (``목표`` row), strategies
  and tasks from its expanded form (``전략 01 | …`` / ``- 과제 1 | …``); a strategy
  number that starts again at 01 opens the next field;
* the **core indicators** — three ``키워드 | 지표`` column pairs; a blank keyword shares the
  keyword above;
* the **achievement table** — three ``지표 | 달성도`` pairs, matched by position to the core
  indicators; ``-`` excludes the indicator, a value over 100 % is capped (R13);
* the **grading criteria** — ✓ rules and their 예 cases per grade (R8);
* the **count tables** — per field, ``전략 | 과제 | 달성(n) | 일부달성(n) | 미달성(n)`` with the
  field totals in the header cells, the strategy filled down and ``-`` / blank meaning 0,
  with the two ``▶`` summary lines above (R14).

Defects become findings at their lines; nothing raises for a defect of content.

>>> doc = parse("")
>>> [f.code for f in doc.findings][:1]
['sustainability.table_missing']
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from seonggwa.engine.catalogue import finding
from seonggwa.engine.findings import Finding
from seonggwa.engine.text import norm_key

__all__ = [
    "GRADE_LABELS",
    "CoreIndicatorRecord",
    "CountTable",
    "CriterionRecord",
    "FieldRecord",
    "StrategyRecord",
    "SustainabilityDocument",
    "TaskCountRecord",
    "TaskRecord",
    "parse",
]

#: The three grades of the implementation plan (R8), in the count tables' column order.
GRADE_LABELS: tuple[str, str, str] = ("달성", "일부달성", "미달성")

HUNDRED = Decimal(100)


@dataclass(slots=True)
class TaskRecord:
    number: int
    name: str
    line: int


@dataclass(slots=True)
class StrategyRecord:
    number: int
    name: str
    line: int
    tasks: list[TaskRecord] = dataclasses.field(default_factory=list)


@dataclass(slots=True)
class FieldRecord:
    """분야 of the vision matrix: its goal (목표) and strategies (전략) with tasks (과제)."""

    name: str
    goal: str
    line: int
    strategies: list[StrategyRecord] = dataclasses.field(default_factory=list)


@dataclass(slots=True)
class CoreIndicatorRecord:
    field: str
    keyword: str
    name: str
    line: int
    position: int  # 1-based within the field
    achievement: Decimal | None = None  # capped at 100; None: excluded or unread
    achievement_raw: str = ""
    achievement_line: int | None = None
    excluded: bool = False  # "-": no data this cycle (R13)


@dataclass(slots=True)
class CriterionRecord:
    """One ✓ rule of the grading criteria, with its 예 case (R8)."""

    grade: str
    rule: str
    example: str
    line: int


@dataclass(slots=True)
class TaskCountRecord:
    strategy: str
    task: str
    counts: tuple[int, int, int]  # 달성, 일부달성, 미달성
    raw: tuple[str, str, str]
    line: int


@dataclass(slots=True)
class CountTable:
    field: str
    title: str
    line: int
    header_line: int
    header_totals: tuple[int | None, int | None, int | None]  # as printed in the header cells
    rows: list[TaskCountRecord] = dataclasses.field(default_factory=list)
    # the ▶ lines: "총 110 성과지표 중 달성 75개, 일부달성31개, 미달성4개"
    summary_line: int | None = None
    summary_total: int | None = None
    summary_counts: tuple[int | None, int | None, int | None] = (None, None, None)
    composition: str = ""  # "4대 전략 9개 과제 85개 세부사업 110개 성과지표"

    @property
    def computed_totals(self) -> tuple[int, int, int]:
        return (
            sum(r.counts[0] for r in self.rows),
            sum(r.counts[1] for r in self.rows),
            sum(r.counts[2] for r in self.rows),
        )

    @property
    def indicator_total(self) -> int:
        """All indicators of the field: the header totals where printed, else the rows."""
        computed = self.computed_totals
        return sum(
            h if h is not None else c for h, c in zip(self.header_totals, computed, strict=True)
        )


@dataclass(slots=True)
class SustainabilityDocument:
    source: str
    line_count: int
    fields: list[FieldRecord] = dataclasses.field(default_factory=list)
    core_indicators: list[CoreIndicatorRecord] = dataclasses.field(default_factory=list)
    criteria: list[CriterionRecord] = dataclasses.field(default_factory=list)
    count_tables: list[CountTable] = dataclasses.field(default_factory=list)
    findings: list[Finding] = dataclasses.field(default_factory=list)
    # the cycle the ordinance sets: every ``cycle_years`` years from the year it was enacted
    # (``003:86``: "2017년 1월 … 지속가능발전 기본조례 … 제정", "2년에 한번"); None: not printed
    cycle_years: int | None = None
    cycle_start_year: int | None = None
    cycle_line: int | None = None


_CORE_TITLE = "<서울시 지속가능발전 핵심지표>"
_ACHIEVEMENT_TITLE = "<서울시 지속가능발전 지표별 달성도>"
_CRITERIA_TITLE = "<서울시 지속가능발전 이행계획 평가기준>"
_COUNT_TITLE = re.compile(r"^<[^>]*이행계획\s*-\s*(?P<field>\S+?)\s*분야 성과지표 달성도\s*>")
_STRATEGY = re.compile(r"^전략\s*(?P<n>\d+)\s*\|\s*(?P<name>.+)$")
_TASK = re.compile(r"^-\s*과제\s*(?P<n>\d+)\s*\|\s*(?P<name>.+)$")
_HEADER_COUNT = re.compile(r"^(?P<label>\S+?)\s*\((?P<n>\d+)\)$")
_SUMMARY = re.compile(
    r"총\s*(?P<total>\d+)\s*개?\s*성과지표\s*중\s*달성\s*(?P<a>\d+)\s*개,\s*일부달성\s*(?P<p>\d+)\s*개,"
    r"\s*미달성\s*(?P<n>\d+)\s*개"
)
_CYCLE = re.compile(r"(?P<n>\d+)\s*년에\s*한\s*번")
_ORDINANCE = re.compile(
    r"(?P<year>\d{4})\s*년\s*\d{1,2}\s*월,?[^.]*?지속가능발전\s*기본\s*조례[^.]*?제정"
)
_COMPOSITION = re.compile(r"이행계획 구성\s*:\s*(?P<text>.+)$")


def _cells(line: str, width: int) -> list[str]:
    cells = [c.strip() for c in line.split("\t")]
    return (cells + [""] * width)[:width]


def _find(lines: list[str], title: str, start: int = 0) -> int | None:
    for i in range(start, len(lines)):
        if lines[i].strip() == title:
            return i
    return None


def parse(text: str, *, source: str = "") -> SustainabilityDocument:
    """Read the sustainability tables of ``text``; ``source`` names the file in findings."""
    lines = text.splitlines()
    doc = SustainabilityDocument(source=source, line_count=len(lines))
    _vision(lines, doc)
    _core(lines, doc)
    _achievement(lines, doc)
    _criteria(lines, doc)
    _counts(lines, doc)
    _cycle(lines, doc)
    return doc


def _cycle(lines: list[str], doc: SustainabilityDocument) -> None:
    """The evaluation cycle the ordinance sets, where the document says it: its length
    ("2년에 한번") and the year the ordinance was enacted (the first year of the first
    cycle). Left None when either is not printed: the cycle position is then unknown."""
    for number, line in enumerate(lines, start=1):
        ordinance = _ORDINANCE.search(line)
        if ordinance is not None and doc.cycle_start_year is None:
            doc.cycle_start_year = int(ordinance.group("year"))
        cycle = _CYCLE.search(line)
        if cycle is not None and doc.cycle_years is None:
            doc.cycle_years = int(cycle.group("n"))
            doc.cycle_line = number


def _missing(doc: SustainabilityDocument, table: str, title: str) -> None:
    doc.findings.append(
        finding("sustainability.table_missing", file=doc.source, table=table, title=title)
    )


# ---------------------------------------------------------------- vision matrix -----------


def _vision(lines: list[str], doc: SustainabilityDocument) -> None:
    goal_at = next((i for i, s in enumerate(lines) if s.startswith("목표\t")), None)
    if goal_at is None or goal_at == 0:
        _missing(doc, "비전 체계", "목표\\t환경\\t사회문화\\t경제")
        return
    names = [c for c in _cells(lines[goal_at - 1], 4)[1:] if c]
    goals = _cells(lines[goal_at], 4)[1:]
    doc.fields = [
        FieldRecord(name=n, goal=g, line=goal_at + 1) for n, g in zip(names, goals, strict=False)
    ]
    index = -1
    strategy: StrategyRecord | None = None
    for i in range(goal_at + 1, len(lines)):
        s = lines[i].strip()
        if s == _CORE_TITLE:
            break
        if m := _STRATEGY.match(s):
            number = int(m["n"])
            if strategy is None or number <= strategy.number:
                index += 1
            if index >= len(doc.fields):
                break
            strategy = StrategyRecord(number=number, name=m["name"].strip(), line=i + 1)
            doc.fields[index].strategies.append(strategy)
        elif (m := _TASK.match(s)) and strategy is not None:
            strategy.tasks.append(TaskRecord(int(m["n"]), m["name"].strip(), i + 1))


# ---------------------------------------------------------------- core indicators ---------


def _core(lines: list[str], doc: SustainabilityDocument) -> None:
    at = _find(lines, _CORE_TITLE)
    if at is None:
        _missing(doc, "핵심지표", _CORE_TITLE)
        return
    names = [c for c in _cells(lines[at + 2], 6)[0::2] if c] if at + 2 < len(lines) else []
    keywords: list[str] = ["" for _ in names]
    positions = [0 for _ in names]
    by_field: list[list[CoreIndicatorRecord]] = [[] for _ in names]
    for i in range(at + 4, len(lines)):
        if not lines[i].strip():
            break
        cells = _cells(lines[i], 2 * len(names))
        for k in range(len(names)):
            keyword, name = cells[2 * k], cells[2 * k + 1]
            if keyword:
                keywords[k] = keyword
            if not name:
                continue
            positions[k] += 1
            by_field[k].append(
                CoreIndicatorRecord(
                    field=names[k],
                    keyword=keywords[k],
                    name=name,
                    line=i + 1,
                    position=positions[k],
                )
            )
    doc.core_indicators = [r for group in by_field for r in group]


def _achievement(lines: list[str], doc: SustainabilityDocument) -> None:
    at = _find(lines, _ACHIEVEMENT_TITLE)
    if at is None:
        _missing(doc, "지표별 달성도", _ACHIEVEMENT_TITLE)
        return
    names = [c for c in _cells(lines[at + 2], 6)[0::2] if c] if at + 2 < len(lines) else []
    by_field = {
        f: [r for r in doc.core_indicators if r.field == f] for f in names
    }  # position order
    row = 0
    for i in range(at + 4, len(lines)):
        if not lines[i].strip():
            break
        cells = _cells(lines[i], 2 * len(names))
        for k, field_name in enumerate(names):
            printed, raw = cells[2 * k], cells[2 * k + 1]
            group = by_field.get(field_name, [])
            if not printed or row >= len(group):
                continue
            record = group[row]
            if norm_key(printed) != norm_key(record.name):
                doc.findings.append(
                    finding(
                        "sustainability.name_differs",
                        line=i + 1,
                        file=doc.source,
                        position=row + 1,
                        field=field_name,
                        printed=printed,
                        expected=record.name,
                    )
                )
            _achievement_value(doc, record, raw, i + 1)
        row += 1


def _achievement_value(
    doc: SustainabilityDocument, record: CoreIndicatorRecord, raw: str, line: int
) -> None:
    record.achievement_raw = raw
    record.achievement_line = line
    text = raw.strip()
    if text in ("-", "－", "–"):
        record.excluded = True
        doc.findings.append(
            finding("sustainability.excluded", line=line, file=doc.source, indicator=record.name)
        )
        return
    try:
        value = Decimal(text.rstrip("%").replace(",", "").strip())
    except InvalidOperation:
        doc.findings.append(
            finding(
                "sustainability.achievement_unreadable",
                line=line,
                file=doc.source,
                indicator=record.name,
                raw=raw,
            )
        )
        return
    if value > HUNDRED:
        doc.findings.append(
            finding(
                "sustainability.achievement_over_cap",
                line=line,
                file=doc.source,
                indicator=record.name,
                raw=raw,
            )
        )
        value = HUNDRED
    record.achievement = value


# ---------------------------------------------------------------- grading criteria --------


def _criteria(lines: list[str], doc: SustainabilityDocument) -> None:
    at = _find(lines, _CRITERIA_TITLE)
    if at is None:
        _missing(doc, "이행계획 평가기준", _CRITERIA_TITLE)
        return
    grade = ""
    for i in range(at + 3, len(lines)):
        s = lines[i]
        if not s.strip():
            break
        cells = [c.strip() for c in s.split("\t")]
        if cells[0]:
            grade = cells[0].replace(" ", "")
        for cell in cells[1:]:
            if not cell:
                continue
            if cell.startswith("✓"):
                doc.criteria.append(CriterionRecord(grade, cell.lstrip("✓ ").strip(), "", i + 1))
            elif cell.startswith("예"):
                example = cell[1:].strip()
                if (
                    doc.criteria
                    and doc.criteria[-1].grade == grade
                    and not doc.criteria[-1].example
                ):
                    doc.criteria[-1].example = example
                else:  # a grade with an example only (미달성)
                    doc.criteria.append(CriterionRecord(grade, "", example, i + 1))


# ---------------------------------------------------------------- count tables ------------


def _int_cell(
    doc: SustainabilityDocument, raw: str, *, line: int, field_name: str, task: str, label: str
) -> int:
    text = raw.strip()
    if text in ("-", ""):
        if not text:
            doc.findings.append(
                finding(
                    "sustainability.count_blank",
                    line=line,
                    file=doc.source,
                    field=field_name,
                    task=task,
                    label=label,
                )
            )
        return 0
    if text.isdigit():
        return int(text)
    doc.findings.append(
        finding(
            "sustainability.count_unreadable",
            line=line,
            file=doc.source,
            field=field_name,
            task=task,
            label=label,
            raw=raw,
        )
    )
    return 0


def _counts(lines: list[str], doc: SustainabilityDocument) -> None:
    starts = [i for i, s in enumerate(lines) if _COUNT_TITLE.match(s.strip())]
    if not starts:
        _missing(doc, "이행계획 성과지표 달성도", "<…이행계획 - ○○분야 성과지표 달성도>")
        return
    for at in starts:
        m = _COUNT_TITLE.match(lines[at].strip())
        assert m is not None
        field_name = m["field"]
        header_at = next(
            (j for j in range(at + 1, min(at + 4, len(lines))) if lines[j].startswith("전략")),
            None,
        )
        if header_at is None:
            _missing(doc, f"{field_name} 분야 성과지표 달성도 머리행", "전략\\t과제\\t달성(n)…")
            continue
        totals: list[int | None] = []
        for cell in _cells(lines[header_at], 5)[2:]:
            hm = _HEADER_COUNT.match(cell)
            totals.append(int(hm["n"]) if hm else None)
        table = CountTable(
            field=field_name,
            title=lines[at].strip(),
            line=at + 1,
            header_line=header_at + 1,
            header_totals=(totals[0], totals[1], totals[2]),
        )
        for j in range(max(0, at - 6), at):  # the two ▶ lines before the table
            s = lines[j]
            if "▶" not in s:
                continue
            if cm := _COMPOSITION.search(s):
                table.composition = cm["text"].strip()
            if sm := _SUMMARY.search(s):
                table.summary_line = j + 1
                table.summary_total = int(sm["total"])
                table.summary_counts = (int(sm["a"]), int(sm["p"]), int(sm["n"]))
        strategy = ""
        for j in range(header_at + 1, len(lines)):
            if not lines[j].strip():
                break
            cells = _cells(lines[j], 5)
            if cells[0]:
                strategy = cells[0]
            task = cells[1]
            counts = tuple(
                _int_cell(doc, cells[2 + k], line=j + 1, field_name=field_name, task=task, label=g)
                for k, g in enumerate(GRADE_LABELS)
            )
            table.rows.append(
                TaskCountRecord(
                    strategy=strategy,
                    task=task,
                    counts=(counts[0], counts[1], counts[2]),
                    raw=(cells[2], cells[3], cells[4]),
                    line=j + 1,
                )
            )
        _count_checks(doc, table)
        doc.count_tables.append(table)


def _count_checks(doc: SustainabilityDocument, table: CountTable) -> None:
    """R14: the task rows add up to the header totals, and both agree with the ▶ lines."""
    computed = table.computed_totals
    for label, printed, total in zip(GRADE_LABELS, table.header_totals, computed, strict=True):
        if printed is not None and printed != total:
            doc.findings.append(
                finding(
                    "sustainability.count_total_mismatch",
                    line=table.header_line,
                    file=doc.source,
                    field=table.field,
                    label=label,
                    printed=printed,
                    rows=len(table.rows),
                    computed=total,
                )
            )
    if table.summary_line is None:
        return
    checks = [
        *zip(GRADE_LABELS, table.summary_counts, table.header_totals, strict=True),
        ("총", table.summary_total, table.indicator_total),
    ]
    for label, printed, expected in checks:
        if printed is not None and expected is not None and printed != expected:
            doc.findings.append(
                finding(
                    "sustainability.summary_mismatch",
                    line=table.summary_line,
                    file=doc.source,
                    field=table.field,
                    label=label,
                    printed=printed,
                    computed=expected,
                )
            )
