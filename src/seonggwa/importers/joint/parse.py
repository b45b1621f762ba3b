"""Parse the joint-evaluation tables (지방자치단체 합동평가, domain.md §4.10, seed
``003:1676-2072``) into plain records with 1-based source lines; pure (no Django).

What is read:

* the **overview** — (평가목적), (평가근거), (평가지표) with the printed counts
  ("122개 지표(정량 87개 / 정성 35개)"), (평가방법), (평가수행), the per-goal count table
  (``구분 | 국민이 주인인 정부 | …`` / ``122개 지표 | 8개 | …``) and the title's year;
* the **timeline** — the ``지표개발 / 평가준비 / 평가실시`` rows, one step per "•" item with
  its months ("'20. 1~2월", "('18.9월)");
* the **results** — the group averages with the change in %p ("시부 평균 81.7%(전년대비
  ↑11.7%p)"), the top regions ("(시부 달성도 상위) 세종(92.9%), …", "(시부 선정 건 상위)
  대구(23건), …"), each national goal's averages ("평균 달성도는 시부 87.5%, 도부 92.6%") and
  its result table (``구분 | 목표달성도 | 우수사례``, rates as "^(100%)") — as printed;
* the **indicator list** — ``연번 | 국정목표 | 지표명 | 소관부처`` with the goal cell filled
  down, "(정성평가)" / "(정성지표)" marking a qualitative indicator and the scope tags
  "(시부: 부분평가, 도부: 공통평가)" taken out of the name;
* the **best cases** named — the 국민공감 우수사례 table (``시도명 | 우수사례명``) with the
  주요내용 table beside it (``구분 | 주요내용``, "제목 ▶ (주요내용) …") and the printed total
  ("「국민공감 우수사례」 선정 결과(총 5건)");
* the **date of the results** under the title ("2020. 7.") as the timeline's last step
  (결과발표); which steps govern a workflow window (실적입력: the entry window; the
  이의신청 step ending last: the objection deadline) is marked on the step.

Defects become findings at their lines; nothing raises for a defect of content.

>>> [f.code for f in parse("").findings]
['joint.table_missing']
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from seonggwa.engine.catalogue import finding
from seonggwa.engine.findings import Finding
from seonggwa.engine.text import norm_key

__all__ = [
    "CITY",
    "PROVINCE",
    "REGIONS",
    "BestCaseRecord",
    "GoalRecord",
    "IndicatorRecord",
    "JointDocument",
    "PrintedRecord",
    "TimelineRecord",
    "parse",
    "region_name",
]

CITY, PROVINCE = "city", "province"
GROUP_LABELS = {"시부": CITY, "도부": PROVINCE}

#: The 17 시·도 (short name, full name, peer group), in the government's order.
REGIONS: tuple[tuple[str, str, str], ...] = (
    ("서울", "서울특별시", CITY),
    ("부산", "부산광역시", CITY),
    ("대구", "대구광역시", CITY),
    ("인천", "인천광역시", CITY),
    ("광주", "광주광역시", CITY),
    ("대전", "대전광역시", CITY),
    ("울산", "울산광역시", CITY),
    ("세종", "세종특별자치시", CITY),
    ("경기", "경기도", PROVINCE),
    ("강원", "강원도", PROVINCE),
    ("충북", "충청북도", PROVINCE),
    ("충남", "충청남도", PROVINCE),
    ("전북", "전라북도", PROVINCE),
    ("전남", "전라남도", PROVINCE),
    ("경북", "경상북도", PROVINCE),
    ("경남", "경상남도", PROVINCE),
    ("제주", "제주특별자치도", PROVINCE),
)
_REGION_KEYS = {norm_key(s): s for s, _, _ in REGIONS} | {norm_key(f): s for s, f, _ in REGIONS}
_REGION_KEYS |= {"강원특별자치도": "강원", "전북특별자치도": "전북"}


def region_name(text: str) -> str | None:
    """The short name of a 시·도 written short or in full ("서울", "서울특별시"); None if none.

    >>> region_name(" 서울특별시 "), region_name("세종"), region_name("평양")
    ('서울', '세종', None)
    """
    return _REGION_KEYS.get(norm_key(text))


@dataclass(slots=True)
class GoalRecord:
    number: int
    name: str
    line: int
    declared_indicators: int | None = None
    declared_quantitative: int | None = None
    declared_qualitative: int | None = None


@dataclass(slots=True)
class IndicatorRecord:
    number: int
    goal: int  # the national goal's number
    name: str
    ministry: str
    qualitative: bool
    scope_city: str  # common / partial / none
    scope_province: str
    scope_raw: str
    line: int


@dataclass(slots=True)
class PrintedRecord:
    """A printed figure: ``region`` None is the group average; ``goal`` None is overall."""

    group: str
    region: str | None
    goal: int | None
    measure: str  # achievement / best_cases
    value: Decimal
    raw: str
    line: int
    change_pp: Decimal | None = None


@dataclass(slots=True)
class TimelineRecord:
    stage: str
    label: str
    starts_on: date | None
    ends_on: date | None
    raw: str
    line: int
    governs: str = ""  # "entry" / "objections": the workflow window the step sets


@dataclass(slots=True)
class BestCaseRecord:
    """A best case named in the document (국민공감 우수사례 by default): its region (short
    name) and group, title, summary (주요내용), the indicator's 연번 when one is named."""

    region: str
    group: str
    title: str
    raw: str
    line: int
    summary: str = ""
    indicator: int | None = None
    selection: str = "public"


@dataclass(slots=True)
class JointDocument:
    source: str
    line_count: int
    title: str = ""
    performance_year: int | None = None
    purpose: str = ""
    basis: str = ""
    method: str = ""
    evaluators: str = ""
    declared_indicators: int | None = None
    declared_quantitative: int | None = None
    declared_qualitative: int | None = None
    declared_line: int | None = None
    goals: list[GoalRecord] = dataclasses.field(default_factory=list)
    indicators: list[IndicatorRecord] = dataclasses.field(default_factory=list)
    printed: list[PrintedRecord] = dataclasses.field(default_factory=list)
    timeline: list[TimelineRecord] = dataclasses.field(default_factory=list)
    best_cases: list[BestCaseRecord] = dataclasses.field(default_factory=list)
    declared_best_cases: int | None = None
    findings: list[Finding] = dataclasses.field(default_factory=list)


_CIRCLED = "①②③④⑤⑥⑦⑧⑨"
_TITLE = re.compile(r"(\d{4})년\s*\('(\d{2})년\s*실적\)\s*지방자치단체 합동평가")
_FIELD = re.compile(r"^[-*\s]*\((평가목적|평가근거|평가지표|평가방법|평가수행)\)\s*(.+)$")
_TOTALS = re.compile(r"(\d+)개 지표\s*\(정량\s*(\d+)개?\s*/\s*정성\s*(\d+)개?\)")
_GROUP_AVG = re.compile(r"(시부|도부) 평균 ([\d.]+)%\(전년대비 ([↑↓])([\d.]+)%p\)")
_TOP = re.compile(r"\((시부|도부) (달성도|선정 건) 상위\)\s*(.+)$")
_TOP_ITEM = re.compile(r"([가-힣]+)\(([\d.]+)(%|건)\)")
_GOAL_HEAD = re.compile(
    r"^[-\s]*([①②③④⑤⑥⑦⑧⑨])\s*\**\s*(.+?)\s*\**\s*\((\d+)개 지표\s*:\s*정량\s*(\d+)개,\s*정성\s*(\d+)개\)"
)
_GOAL_AVG = re.compile(r"평균 달성도는 시부 ([\d.]+)%, 도부 ([\d.]+)%")
_TABLE_HEAD = re.compile(r"^(\d)\.\s*(.+?)\((\d+)개 지표\s*:\s*정량\s*(\d+)개,\s*정성\s*(\d+)개\)")
_RATE = re.compile(r"([가-힣·]+)\s*\^\(([\d.]+)%\)")
_CASES = re.compile(r"([가-힣·]+)\s*(?:각\s*)?(\d+)건")
_GOAL_CELL = re.compile(r"^(.*?)\s*(\d+)개 지표\s*\(정량\s*(\d+),\s*정성\s*(\d+)\)\s*$")
_QUALITATIVE = re.compile(r"\(정성(?:평가|지표)\)")
_SCOPE = re.compile(
    r"\(((?:시부|도부):\s*(?:공통|부분)평가(?:,\s*(?:시부|도부):\s*(?:공통|부분)평가)?)\)"
)
_SCOPE_ITEM = re.compile(r"(시부|도부):\s*(공통|부분)평가")
_STAGES = ("지표개발", "평가준비", "평가실시")
_MONTH_SUFFIX = re.compile(r"\s*(?::\s*)?\(?'\d{2}\.\s*\d{1,2}(?:\s*~\s*\d{1,2})?\s*월\)?\s*$")
_MONTHS = re.compile(r"'(\d{2})\.\s*(\d{1,2})(?:\s*~\s*(\d{1,2}))?\s*월")
_ISSUED = re.compile(r"^(\d{4})\.\s*(\d{1,2})\.?$")
_PUBLIC_TOTAL = re.compile(r"「국민공감 우수사례」\s*선정 결과\s*\(총\s*(\d+)건\)")
_SUMMARY_MARK = re.compile(r"\s*▶\s*(?:\(주요내용\)\s*)?")


def parse(text: str, *, source: str = "") -> JointDocument:
    """Read the joint-evaluation tables of ``text`` (a whole document; lines elsewhere are
    ignored)."""
    lines = text.splitlines()
    doc = JointDocument(source=source, line_count=len(lines))
    start = next((n for n, line in enumerate(lines) if "지방자치단체 합동평가 결과" in line), 0)
    _overview(doc, lines, start)
    _indicator_list(doc, lines, start)
    _results(doc, lines, start)
    _best_cases(doc, lines, start)
    _governance(doc)
    _check(doc)
    return doc


def _overview(doc: JointDocument, lines: list[str], start: int) -> None:
    goal_header: list[str] | None = None
    issued: TimelineRecord | None = None
    for n in range(start, len(lines)):
        line = lines[n].strip()
        if issued is None and not doc.title and n < start + 6 and (m := _ISSUED.match(line)):
            year, month = int(m.group(1)), int(m.group(2))
            if 1 <= month <= 12:
                issued = TimelineRecord(
                    "결과발표", "평가 결과 발표", date(year, month, 1), _month_end(year, month),
                    line, n + 1,
                )  # fmt: skip
        if not doc.title and (m := _TITLE.search(line)):
            doc.title = line
            doc.performance_year = 2000 + int(m.group(2))
        if m := _FIELD.match(line):
            label, value = m.group(1), m.group(2).strip()
            if label == "평가목적" and not doc.purpose:
                doc.purpose = value
            elif label == "평가근거" and not doc.basis:
                doc.basis = value
            elif label == "평가방법" and not doc.method:
                doc.method = value
            elif label == "평가수행" and not doc.evaluators:
                doc.evaluators = value
            elif label == "평가지표" and (t := _TOTALS.search(value)):
                doc.declared_indicators, doc.declared_quantitative, doc.declared_qualitative = (
                    int(t.group(1)),
                    int(t.group(2)),
                    int(t.group(3)),
                )
                doc.declared_line = n + 1
        cells = [c.strip() for c in lines[n].split("\t")]
        if (
            cells[0] == "구분"
            and len(cells) > 2
            and goal_header is None
            and not {"목표달성도", "주요내용", "우수사례"} & set(cells)
        ):
            goal_header = cells[1:]
            continue
        if goal_header is not None and not doc.goals and re.match(r"^\d+개 지표$", cells[0]):
            for number, (name, count) in enumerate(zip(goal_header, cells[1:], strict=False), 1):
                m = re.match(r"(\d+)", count)
                doc.goals.append(GoalRecord(number, name, n + 1, int(m.group(1)) if m else None))
        if cells[0] in _STAGES and len(cells) > 1:
            _timeline(doc, cells[0], " ".join(cells[1:]), n + 1)
    if issued is not None:
        doc.timeline.append(issued)


def _timeline(doc: JointDocument, stage: str, text: str, line: int) -> None:
    text = re.sub(r"<[^>]+>", " ", text)
    for item in (i.strip() for i in text.split("•")):
        if not item:
            continue
        m = _MONTHS.search(item)
        starts = ends = None
        if m:
            year = 2000 + int(m.group(1))
            first = int(m.group(2))
            last = int(m.group(3) or first)
            if 1 <= first <= last <= 12:
                starts = date(year, first, 1)
                ends = _month_end(year, last)
        label = _MONTH_SUFFIX.sub("", item).strip()
        doc.timeline.append(TimelineRecord(stage, label[:200], starts, ends, item[:200], line))


def _governance(doc: JointDocument) -> None:
    """Mark the steps that set a workflow window: the first 실적입력 step sets the entry
    window; of the 이의신청 steps, the one ending last sets the objection deadline (the
    others stay milestones)."""
    entry = next((t for t in doc.timeline if t.label.startswith("실적입력")), None)
    if entry is not None:
        entry.governs = "entry"
    objections = [t for t in doc.timeline if "이의신청" in t.label and t.ends_on is not None]
    if objections:
        last = max(objections, key=lambda t: (t.ends_on or date.min, t.line))
        last.governs = "objections"


def _month_end(year: int, month: int) -> date:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return date.fromordinal(nxt.toordinal() - 1)


def _goal_number(doc: JointDocument, name: str) -> int | None:
    key = norm_key(name)
    for g in doc.goals:
        if norm_key(g.name) == key:
            return g.number
    return None


def _indicator_list(doc: JointDocument, lines: list[str], start: int) -> None:
    begin = next(
        (
            n
            for n in range(start, len(lines))
            if [c.strip() for c in lines[n].split("\t")][:4]
            == ["연번", "국정목표", "지표명", "소관부처"]
        ),
        None,
    )
    if begin is None:
        doc.findings.append(finding("joint.table_missing", file=doc.source or "<text>"))
        return
    goal: GoalRecord | None = None
    expected = 1
    file = doc.source or "<text>"
    for n in range(begin, len(lines)):
        cells = [c.strip() for c in lines[n].split("\t")]
        while cells and not cells[-1]:
            cells.pop()
        if not cells or cells[:2] == ["연번", "국정목표"]:
            continue
        filled = [c for c in cells if c]
        first = cells[0]
        if first.isdigit():
            number = int(first)
            rest = [c for c in cells[1:] if c]
        elif not first and len(filled) >= 2:
            number = expected
            rest = filled
        else:
            if doc.indicators:
                break  # the line after the list
            continue
        if len(rest) < 2:
            if doc.indicators:
                break
            continue
        name, ministry = rest[-2], rest[-1]
        goal_cell = " ".join(rest[:-2])
        if goal_cell:
            goal = _goal_from_cell(doc, goal_cell, goal, n + 1)
        if goal is None:
            continue
        if not first:
            doc.findings.append(
                finding(
                    "joint.number_missing", line=n + 1, file=file, indicator=name, number=number
                )
            )
        elif number != expected:
            doc.findings.append(
                finding(
                    "joint.number_sequence",
                    line=n + 1,
                    file=file,
                    indicator=name,
                    printed=number,
                    expected=expected,
                )
            )
        expected = number + 1
        doc.indicators.append(_indicator(doc, number, goal.number, name, ministry, n + 1))


def _goal_from_cell(
    doc: JointDocument, cell: str, current: GoalRecord | None, line: int
) -> GoalRecord:
    m = _GOAL_CELL.match(cell)
    name = m.group(1).strip() if m else cell.strip()
    if current is not None and norm_key(current.name) == norm_key(name):
        found: GoalRecord | None = current
    else:
        number = _goal_number(doc, name)
        found = next((g for g in doc.goals if g.number == number), None)
        if found is None:
            found = GoalRecord(len(doc.goals) + 1, name, line)
            doc.goals.append(found)
    assert found is not None
    if m:
        found.declared_indicators = int(m.group(2))
        found.declared_quantitative = int(m.group(3))
        found.declared_qualitative = int(m.group(4))
    return found


def _indicator(
    doc: JointDocument, number: int, goal: int, name: str, ministry: str, line: int
) -> IndicatorRecord:
    scope_city = scope_province = "common"
    raw = ""
    if m := _SCOPE.search(name):
        raw = m.group(1)
        name = (name[: m.start()] + name[m.end() :]).strip()
        named = {
            GROUP_LABELS[g]: ("common" if s == "공통" else "partial")
            for g, s in _SCOPE_ITEM.findall(raw)
        }
        for group, label in ((CITY, "시부"), (PROVINCE, "도부")):
            if group not in named:
                named[group] = "none"
                doc.findings.append(
                    finding(
                        "joint.scope_one_group",
                        line=line,
                        file=doc.source or "<text>",
                        indicator=name,
                        raw=raw,
                        group=label,
                    )
                )
        scope_city, scope_province = named[CITY], named[PROVINCE]
    return IndicatorRecord(
        number=number,
        goal=goal,
        name=name,
        ministry=ministry,
        qualitative=bool(_QUALITATIVE.search(name)),
        scope_city=scope_city,
        scope_province=scope_province,
        scope_raw=raw,
        line=line,
    )


def _results(doc: JointDocument, lines: list[str], start: int) -> None:
    file = doc.source or "<text>"
    goal: int | None = None
    table_goal: int | None = None
    for n in range(start, len(lines)):
        raw_line = lines[n]
        line = raw_line.strip()
        if line.startswith("연번\t") or line.startswith("□ 지표체계"):
            break
        if m := _GOAL_HEAD.match(line):
            goal = _CIRCLED.index(m.group(1)) + 1
            _declare(doc, goal, m.group(2), m, n + 1)
            continue
        if m := _TABLE_HEAD.match(line):
            table_goal = int(m.group(1))
            goal = None
            continue
        for m in _GROUP_AVG.finditer(line):
            sign = Decimal(-1) if m.group(3) == "↓" else Decimal(1)
            doc.printed.append(
                PrintedRecord(
                    GROUP_LABELS[m.group(1)], None, None, "achievement", Decimal(m.group(2)),
                    m.group(0), n + 1, sign * Decimal(m.group(4)),
                )
            )  # fmt: skip
        if (m := _GOAL_AVG.search(line)) and goal is not None:
            for group, value in ((CITY, m.group(1)), (PROVINCE, m.group(2))):
                doc.printed.append(
                    PrintedRecord(
                        group, None, goal, "achievement", Decimal(value), f"{value}%", n + 1
                    )
                )
        if (m := _TOP.search(line)) and goal is None and table_goal is None:
            group = GROUP_LABELS[m.group(1)]
            for item in _TOP_ITEM.finditer(m.group(3)):
                measure = "achievement" if item.group(3) == "%" else "best_cases"
                _printed(
                    doc,
                    group,
                    item.group(1),
                    None,
                    measure,
                    item.group(2),
                    item.group(0),
                    n + 1,
                    file,
                )
        cells = [c.strip() for c in raw_line.split("\t")]
        if table_goal is not None and cells[0] in GROUP_LABELS and len(cells) >= 2:
            group = GROUP_LABELS[cells[0]]
            for m in _RATE.finditer(cells[1]):
                for region in m.group(1).split("·"):
                    _printed(
                        doc,
                        group,
                        region,
                        table_goal,
                        "achievement",
                        m.group(2),
                        f"{m.group(0).strip()}",
                        n + 1,
                        file,
                    )
            if len(cells) > 2:
                for m in _CASES.finditer(cells[2]):
                    for region in m.group(1).split("·"):
                        _printed(
                            doc,
                            group,
                            region,
                            table_goal,
                            "best_cases",
                            m.group(2),
                            m.group(0),
                            n + 1,
                            file,
                        )


def _table_rows(lines: list[str], begin: int) -> list[tuple[int, list[str]]]:
    """The rows (1-based line, cells) of the tab table whose header is at ``begin``."""
    rows = []
    for n in range(begin + 1, len(lines)):
        if "\t" not in lines[n]:
            break
        rows.append((n + 1, [c.strip() for c in lines[n].split("\t")]))
    return rows


def _best_cases(doc: JointDocument, lines: list[str], start: int) -> None:
    """The 국민공감 우수사례 table with its 주요내용 table; defects are findings."""
    file = doc.source or "<text>"
    names: int | None = None
    summaries: int | None = None
    declared_line: int | None = None
    for n in range(start, len(lines)):
        line = lines[n].strip()
        cells = [c.strip() for c in lines[n].split("\t")]
        if cells[:4] == ["연번", "국정목표", "지표명", "소관부처"]:
            break
        if doc.declared_best_cases is None and (m := _PUBLIC_TOTAL.search(line)):
            doc.declared_best_cases, declared_line = int(m.group(1)), n + 1
        if cells[:2] == ["시도명", "우수사례명"] and names is None:
            names = n
        elif cells[:2] == ["구분", "주요내용"] and summaries is None:
            summaries = n
    if names is None:
        return
    for line_no, cells in _table_rows(lines, names):
        region_text, title = cells[0], " ".join(c for c in cells[1:] if c)
        short = _case_region(doc, region_text, line_no, file)
        if short is None:
            continue
        if not title:
            doc.findings.append(
                finding(
                    "joint.best_case_title_missing", line=line_no, file=file, region=region_text
                )
            )
            continue
        group = next(g for s, _f, g in REGIONS if s == short)
        doc.best_cases.append(
            BestCaseRecord(short, group, title[:300], "\t".join(cells)[:500], line_no)
        )
    if summaries is not None:
        for line_no, cells in _table_rows(lines, summaries):
            text = " ".join(c for c in cells[1:] if c)
            short = _case_region(doc, cells[0], line_no, file)
            if short is None or not text:
                continue
            title, _mark, summary = _split_summary(text)
            key = norm_key(title)
            case = next(
                (
                    c
                    for c in doc.best_cases
                    if c.region == short and norm_key(c.title) == key and not c.summary
                ),
                None,
            )
            if case is None:
                doc.findings.append(
                    finding(
                        "joint.best_case_unmatched", line=line_no, file=file, region=cells[0],
                        title=title,
                    )
                )  # fmt: skip
                continue
            case.summary = summary
    if doc.declared_best_cases is not None and doc.declared_best_cases != len(doc.best_cases):
        doc.findings.append(
            finding(
                "joint.best_case_count",
                line=declared_line,
                file=file,
                printed=doc.declared_best_cases,
                counted=len(doc.best_cases),
            )
        )


def _split_summary(text: str) -> tuple[str, str, str]:
    """("제목", "▶", "요약") of a 주요내용 cell "제목 ▶ (주요내용) 요약"."""
    parts = _SUMMARY_MARK.split(text, maxsplit=1)
    if len(parts) == 1:
        return text.strip(), "", ""
    return parts[0].strip(), "▶", parts[1].strip()


def _case_region(doc: JointDocument, text: str, line: int, file: str) -> str | None:
    short = region_name(text)
    if short is None:
        doc.findings.append(finding("joint.region_unknown", line=line, file=file, region=text))
    return short


def _declare(doc: JointDocument, number: int, name: str, m: re.Match[str], line: int) -> None:
    g = next((g for g in doc.goals if g.number == number), None)
    if g is None:
        g = GoalRecord(number, name.strip("* "), line)
        doc.goals.append(g)
    g.declared_indicators = int(m.group(3))
    g.declared_quantitative = int(m.group(4))
    g.declared_qualitative = int(m.group(5))


def _printed(
    doc: JointDocument,
    group: str,
    region: str,
    goal: int | None,
    measure: str,
    value: str,
    raw: str,
    line: int,
    file: str,
) -> None:
    short = region_name(region)
    if short is None:
        doc.findings.append(finding("joint.region_unknown", line=line, file=file, region=region))
        return
    doc.printed.append(PrintedRecord(group, short, goal, measure, Decimal(value), raw[:100], line))


def _check(doc: JointDocument) -> None:
    """The printed counts (overview, goal table, goal headings) against the list."""
    if not doc.indicators:
        return
    file = doc.source or "<text>"
    qualitative = sum(1 for i in doc.indicators if i.qualitative)
    totals = (
        ("지표 전체", doc.declared_indicators, len(doc.indicators)),
        ("정량지표", doc.declared_quantitative, len(doc.indicators) - qualitative),
        ("정성지표", doc.declared_qualitative, qualitative),
    )
    for what, printed, counted in totals:
        if printed is not None and printed != counted:
            doc.findings.append(
                finding(
                    "joint.count_mismatch",
                    line=doc.declared_line,
                    file=file,
                    what=what,
                    printed=printed,
                    counted=counted,
                )
            )
    for g in doc.goals:
        mine = [i for i in doc.indicators if i.goal == g.number]
        q = sum(1 for i in mine if i.qualitative)
        for what, printed, counted in (
            (g.name, g.declared_indicators, len(mine)),
            (f"{g.name} 정량", g.declared_quantitative, len(mine) - q),
            (f"{g.name} 정성", g.declared_qualitative, q),
        ):
            if printed is not None and printed != counted:
                doc.findings.append(
                    finding(
                        "joint.count_mismatch",
                        line=g.line,
                        file=file,
                        what=what,
                        printed=printed,
                        counted=counted,
                    )
                )
