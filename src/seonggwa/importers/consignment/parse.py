"""Pure reader of the consignment evaluation tables (민간위탁 종합성과평가, `003:458-676`).

Each year's block opens with a year label ("① 2018년"), the scope ("○ 대 상 : 총 44개
사무"), the eligibility rule, the evaluators, the result line with the average and the
rounds with their month windows ("- 1차(1~4월) : 〈first service〉 등 11개 사무"), then the
table ``연번 | 평가대상 사무 | 사업부서 | 수탁기관 | 점수 | 비 고`` (its header repeated on
every page). An exclusion summary ("재계약 배제 사무": ``평가년도 | 대상사무 | 점수 |
수탁기관``) closes the section. The table does not say which round a service was scored
in: the rounds take the rows in table order by their counts, and the service each round
names first is checked against its row.

Line numbers are 1-based lines of the text. Findings (``consignment.*`` in the catalogue)
are returned with the document, never raised; a text without any consignment table is a
:class:`~seonggwa.importers.records.ParseError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from seonggwa.engine.catalogue import finding
from seonggwa.engine.consignment import (
    EXCLUSION_REMARK,
    is_excluded,
    split_members,
    yearly_average,
)
from seonggwa.engine.findings import Finding, Severity
from seonggwa.engine.values import parse_number
from seonggwa.importers.records import ParseError

__all__ = [
    "ConsignmentDocument",
    "ExclusionRow",
    "ParsedRound",
    "ParsedScoreRow",
    "ParsedYear",
    "detect",
    "parse",
    "split_members",
]

HEADER = ("연번", "평가대상 사무", "사업부서", "수탁기관", "점수")
EXCLUSION_HEADER = ("평가년도", "대상사무", "점수", "수탁기관")
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"

_YEAR_RE = re.compile(r"^\s*(?P<mark>\S{0,3}?)\s*(?P<year>(?:19|20)\d\d)년\s*$")
_SCOPE_RE = re.compile(r"^○\s*대\s*상\s*:\s*총\s*(?P<count>\d+)\s*개")
_EVALUATORS_RE = re.compile(r"^○\s*평가기관\s*:\s*(?P<names>.+)$")
_RESULT_RE = re.compile(
    r"^○\s*평가결과\s*:\s*총\s*(?P<count>\d+)\s*개\s*사무\s*,\s*평균\s*(?P<avg>[\d.]+)\s*점"
)
_ROUND_RE = re.compile(
    r"^-\s*(?P<n>\d+)\s*차\s*\(\s*(?P<start>\d{1,2})\s*[~∼-]\s*(?P<end>\d{1,2})\s*월\s*\)\s*:"
    r"\s*(?P<first>.+?)\s*등\s*(?P<count>\d+)\s*개\s*사무"
)
_RULE_RE = re.compile(r"^-\s*(?P<text>연\s*사업비.+)$")
_SCORE_RE = re.compile(r"^\d{1,3}(?:\.\d{1,2})?$")


@dataclass(frozen=True, slots=True)
class ParsedScoreRow:
    line: int
    number: int  # 연번
    service: str
    department: str
    contractor: str  # as printed
    members: tuple[str, ...]  # consortium members (one for a single contractor)
    score_raw: str
    score: Decimal | None
    remark: str
    round_number: int | None = None


@dataclass(slots=True)
class ParsedRound:
    number: int
    line: int
    start_month: int
    end_month: int
    first_service: str
    count: int


@dataclass(slots=True)
class ParsedYear:
    year: int
    line: int  # the year label's line
    label: str
    scope_count: int | None = None
    scope_line: int | None = None
    rule: str = ""
    evaluators: tuple[str, ...] = ()
    result_count: int | None = None
    average_raw: str = ""
    average: Decimal | None = None
    result_line: int | None = None
    rounds: list[ParsedRound] = field(default_factory=list)
    rows: list[ParsedScoreRow] = field(default_factory=list)

    @property
    def computed_average(self) -> Decimal | None:
        return yearly_average(r.score for r in self.rows if r.score is not None)


@dataclass(frozen=True, slots=True)
class ExclusionRow:
    line: int
    year: int
    service: str
    score_raw: str
    score: Decimal | None
    contractor: str


@dataclass(slots=True)
class ConsignmentDocument:
    years: list[ParsedYear]
    exclusions: list[ExclusionRow]
    findings: list[Finding]
    line_count: int


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.split("\t")]


def _is_header(cells: list[str]) -> bool:
    return tuple(cells[:5]) == HEADER


def detect(text: str) -> bool:
    """Whether ``text`` holds a consignment evaluation table (its header row)."""
    return any(_is_header(_cells(line)) for line in text.split("\n"))


def _normal(name: str) -> str:
    """A name compared without spaces and middle dots."""
    return re.sub(r"[\s·ㆍ・]+", "", name)


def parse(text: str) -> ConsignmentDocument:
    """Read every consignment year block and the exclusion summary of ``text``."""
    lines = text.split("\n")
    findings: list[Finding] = []
    years: list[ParsedYear] = []
    exclusions: list[ExclusionRow] = []
    current: ParsedYear | None = None
    in_table = False
    in_exclusions = False
    for index, raw in enumerate(lines):
        number = index + 1
        line = raw.strip()
        cells = _cells(raw)
        if not line:
            continue
        if _is_header(cells):
            if current is None:
                raise ParseError("표 위에 연도 머리말('① 2018년')이 없습니다.", line=number)
            in_table, in_exclusions = True, False
            continue
        if tuple(cells[:4]) == EXCLUSION_HEADER:
            in_table, in_exclusions = False, True
            continue
        match = _YEAR_RE.match(line)
        if match and "\t" not in raw:
            current = _year_open(match, number, len(years), findings)
            years.append(current)
            in_table = in_exclusions = False
            continue
        if in_exclusions:
            if len(cells) >= 4 and re.fullmatch(r"(?:19|20)\d\d", cells[0]):
                exclusions.append(
                    ExclusionRow(
                        number, int(cells[0]), cells[1], cells[2], _score(cells[2]), cells[3]
                    )
                )
                continue
            in_exclusions = False
        if current is None:
            continue
        if in_table and cells[0].isdigit():
            row = _row(cells, number, findings)
            if row is not None:
                current.rows.append(row)
            continue
        if in_table:
            in_table = False
        _header_line(current, line, number)
    if not any(y.rows for y in years):
        raise ParseError(
            "민간위탁 종합성과평가 표(연번 | 평가대상 사무 | 사업부서 | 수탁기관 | 점수 | 비 고)를 "
            "찾지 못했습니다."
        )
    years = [y for y in years if y.rows]
    for year in years:
        _assign_rounds(year, findings)
        _check_year(year, findings)
    _check_exclusions(years, exclusions, findings)
    return ConsignmentDocument(years, exclusions, findings, len(lines))


def _year_open(
    match: re.Match[str], number: int, position: int, findings: list[Finding]
) -> ParsedYear:
    year = int(match["year"])
    mark = match["mark"]
    label = match.group(0).strip()
    expected = CIRCLED[position] if position < len(CIRCLED) else str(position + 1)
    if mark != expected:
        findings.append(
            finding(
                "consignment.year_label_garbled",
                line=number,
                label=label,
                year=year,
                expected=expected,
            )
        )
    return ParsedYear(year=year, line=number, label=label)


def _header_line(year: ParsedYear, line: str, number: int) -> None:
    if m := _SCOPE_RE.match(line):
        year.scope_count, year.scope_line = int(m["count"]), number
    elif m := _EVALUATORS_RE.match(line):
        year.evaluators = tuple(n.strip() for n in m["names"].split(",") if n.strip())
    elif m := _RESULT_RE.match(line):
        year.result_count, year.result_line = int(m["count"]), number
        year.average_raw = m["avg"]
        year.average = parse_number(m["avg"], plain=True)
    elif m := _ROUND_RE.match(line):
        year.rounds.append(
            ParsedRound(
                int(m["n"]),
                number,
                int(m["start"]),
                int(m["end"]),
                m["first"].strip(),
                int(m["count"]),
            )
        )
    elif (m := _RULE_RE.match(line)) and not year.rule:
        year.rule = m["text"].strip()


def _score(raw: str) -> Decimal | None:
    text = raw.strip()
    if not _SCORE_RE.fullmatch(text):
        return None
    value = Decimal(text)
    return value if Decimal(0) <= value <= Decimal(100) else None


def _row(cells: list[str], number: int, findings: list[Finding]) -> ParsedScoreRow | None:
    if len(cells) < 5 or not cells[1]:
        findings.append(finding("consignment.row_unreadable", line=number, text=" | ".join(cells)))
        return None
    service, department, contractor, score_raw = cells[1], cells[2], cells[3], cells[4]
    remark = cells[5] if len(cells) > 5 else ""
    score = _score(score_raw)
    if score is None:
        findings.append(
            finding("consignment.score_unreadable", line=number, service=service, raw=score_raw)
        )
    members, spaced = split_members(contractor)
    if spaced:
        findings.append(
            finding(
                "consignment.consortium_space",
                line=number,
                contractor=contractor,
                members=", ".join(f"'{m}'" for m in members),
            )
        )
    if score is not None and is_excluded(score) and EXCLUSION_REMARK not in remark:
        findings.append(
            finding("consignment.remark_missing", line=number, service=service, score=score_raw)
        )
    if score is not None and not is_excluded(score) and EXCLUSION_REMARK in remark:
        findings.append(
            finding(
                "consignment.remark_unexpected",
                line=number,
                service=service,
                score=score_raw,
                remark=remark,
            )
        )
    return ParsedScoreRow(
        line=number,
        number=int(cells[0]),
        service=service,
        department=department,
        contractor=contractor,
        members=members,
        score_raw=score_raw,
        score=score,
        remark=remark,
    )


def _assign_rounds(year: ParsedYear, findings: list[Finding]) -> None:
    """Give the rows to the rounds in table order by the rounds' counts."""
    if not year.rounds:
        return
    declared = sum(r.count for r in year.rounds)
    if declared != len(year.rows):
        findings.append(
            finding(
                "consignment.round_count_mismatch",
                line=year.rounds[0].line,
                year=year.year,
                declared=declared,
                rows=len(year.rows),
            )
        )
    start = 0
    for index, rnd in enumerate(year.rounds):
        last = index == len(year.rounds) - 1
        end = len(year.rows) if last else min(start + rnd.count, len(year.rows))
        for i in range(start, end):
            row = year.rows[i]
            year.rows[i] = replace(row, round_number=rnd.number)
        if start < len(year.rows):
            first = year.rows[start]
            if _normal(first.service) != _normal(rnd.first_service) and not _normal(
                first.service
            ).startswith(_normal(rnd.first_service)):
                findings.append(
                    finding(
                        "consignment.round_first_differs",
                        line=rnd.line,
                        year=year.year,
                        round=rnd.number,
                        declared=rnd.first_service,
                        position=first.number,
                        found=first.service,
                    )
                )
        start = end


def _check_year(year: ParsedYear, findings: list[Finding]) -> None:
    rows = len(year.rows)
    for declared, line, label in (
        (year.scope_count, year.scope_line, "대 상"),
        (year.result_count, year.result_line, "평가결과"),
    ):
        if declared is not None and declared != rows:
            findings.append(
                finding(
                    "consignment.count_mismatch",
                    line=line,
                    year=year.year,
                    label=label,
                    declared=declared,
                    rows=rows,
                )
            )
    computed = year.computed_average
    if year.average is not None and computed is not None and computed != year.average:
        findings.append(
            finding(
                "consignment.average_mismatch",
                line=year.result_line,
                year=year.year,
                declared=year.average_raw,
                rows=rows,
                computed=f"{computed:.2f}",
            )
        )


def _check_exclusions(
    years: list[ParsedYear], exclusions: list[ExclusionRow], findings: list[Finding]
) -> None:
    """The exclusion summary names the same rows as the main tables' scores below 60
    (R15); names and contractors are matched by year and score, spelling aside."""
    if not exclusions:
        return
    by_year = {y.year: y for y in years}
    matched: set[int] = set()
    for ex in exclusions:
        year = by_year.get(ex.year)
        candidates = [
            r for r in (year.rows if year else []) if r.score is not None and r.score == ex.score
        ]
        if not candidates:
            findings.append(
                finding(
                    "consignment.exclusion_unmatched",
                    line=ex.line,
                    year=ex.year,
                    score=ex.score_raw,
                    service=ex.service,
                    where="재계약 배제 목록에만 있고 본표에는 같은 점수의 사무가 없습니다",
                )
            )
            continue
        row = min(candidates, key=lambda r: _normal(r.service) != _normal(ex.service))
        matched.add(row.line)
        if _normal(row.service) != _normal(ex.service):
            findings.append(
                finding(
                    "consignment.exclusion_name_differs",
                    line=ex.line,
                    summary=ex.service,
                    main=row.service,
                    main_line=row.line,
                    year=ex.year,
                    score=ex.score_raw,
                    details={"main_line": str(row.line)},
                )
            )
        if _normal(row.contractor) != _normal(ex.contractor):
            findings.append(
                finding(
                    "consignment.exclusion_contractor_differs",
                    line=ex.line,
                    summary=ex.contractor,
                    main=row.contractor,
                    main_line=row.line,
                    year=ex.year,
                    service=row.service,
                    details={"main_line": str(row.line)},
                )
            )
    listed_years = {ex.year for ex in exclusions}
    for year in years:
        for row in year.rows:
            if is_excluded(row.score) and row.line not in matched:
                findings.append(
                    finding(
                        "consignment.exclusion_unmatched",
                        line=row.line,
                        severity=Severity.ERROR if year.year in listed_years else None,
                        year=year.year,
                        score=row.score_raw,
                        service=row.service,
                        where="60점 미만인데 재계약 배제 목록에 없습니다",
                    )
                )
