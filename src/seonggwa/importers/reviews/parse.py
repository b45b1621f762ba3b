"""Pure reader of the ad-hoc review records (시정 주요사업 수시평가, `003:713-1112`).

The list ``연번 | 년도 | 평가사업명 | 평가시기 | 대상실국`` comes first: the year cell
"2020 (10)" gives the year and the number of reviews and is filled down, 평가시기 reads
"'20.1월", 대상실국 is letter-spaced. Then each record in list order: a numbered title, the
overview (a heading and ▶ fields: 추진기간 / 추진방향 / 주요내용 / 총사업비 for a project
review, 점검기간 / 점검대상 / 점검내용 / 점검방법 for an inspection, or a 현황 block), then
"점검결과" with the findings and "검토의견" with the recommendations; a multi-round record
repeats both under "N차 점검 : 〈title〉". Items are "-" or "○" bullets with details under
them (" -", "※", "*", footnotes, table rows); "<그룹>" lines head the items below them.

Line numbers are 1-based. Findings (``reviews.*``) are returned with the document, never
raised; a text without the list is a :class:`~seonggwa.importers.records.ParseError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from seonggwa.engine.catalogue import finding
from seonggwa.engine.findings import Finding
from seonggwa.engine.reviews import month_of, period_of
from seonggwa.engine.text import norm_key
from seonggwa.importers.records import ParseError

__all__ = [
    "INSPECTION_FIELDS",
    "PROJECT_FIELDS",
    "ParsedItem",
    "ParsedReview",
    "ParsedRound",
    "ReviewsDocument",
    "detect",
    "parse",
]

HEADER = ("연번", "년도", "평가사업명", "평가시기", "대상실국")
PROJECT_FIELDS = ("추진기간", "추진방향", "주요내용", "총사업비")
INSPECTION_FIELDS = ("점검기간", "점검대상", "점검내용", "점검방법")

_YEAR_CELL = re.compile(r"^(?P<year>(?:19|20)\d\d)\s*(?:\(\s*(?P<count>\d+)\s*\))?$")
_TITLE = re.compile(r"^(?P<n>\d{1,2})\.\s+(?P<title>\S.*)$")
_FIELD = re.compile(r"^(?:-\s*)?▶\s*(?P<label>[^:：]+?)\s*(?:[:：]\s*(?P<value>.*))?$")
_RESULTS = re.compile(r"^(?:□\s*)?점검\s*결과\s*$")
_OPINIONS = re.compile(r"^(?:□\s*)?검토\s*의견\s*$")
_ROUND = re.compile(r"^(?P<n>\d{1,2})\s*차\s*점검\s*[:：]\s*(?P<title>.*)$")
_GROUP = re.compile(r"^[<〈]\s*(?P<text>.+?)\s*[>〉]$")
_NOTE = re.compile(r"^(?:※|\*|\d\)\s|[¹²³⁴⁵⁶⁷⁸⁹]+\))")
_SPACED = re.compile(r"^(?:\S )+\S$")


@dataclass(slots=True)
class ParsedItem:
    line: int
    text: str
    heading: str = ""
    details: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ParsedRound:
    number: int
    line: int | None
    title: str = ""
    findings: list[ParsedItem] = field(default_factory=list)
    recommendations: list[ParsedItem] = field(default_factory=list)


@dataclass(slots=True)
class ParsedReview:
    number: int
    year: int
    line: int  # the list row's line
    topic: str  # 평가사업명 as the list prints it
    timing_raw: str
    department_raw: str
    department: str
    record_line: int | None = None
    record_title: str = ""
    title_note: str = ""
    overview_title: str = ""
    fields: dict[str, str] = field(default_factory=dict)  # ▶ label -> value
    other_fields: list[tuple[str, str]] = field(default_factory=list)
    background: list[str] = field(default_factory=list)
    method: str = ""  # project | inspection
    rounds: list[ParsedRound] = field(default_factory=list)

    @property
    def period_raw(self) -> str:
        return self.fields.get("추진기간") or self.fields.get("점검기간") or ""


@dataclass(slots=True)
class ReviewsDocument:
    reviews: list[ParsedReview]
    declared: dict[int, int]  # year -> the count the year cell declares
    list_line: int
    findings: list[Finding]
    line_count: int

    @property
    def years(self) -> list[int]:
        return sorted({r.year for r in self.reviews})


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.split("\t")]


def detect(text: str) -> bool:
    """Whether ``text`` holds an ad-hoc review list (its header row)."""
    return any(tuple(_cells(line)[:5]) == HEADER for line in text.split("\n"))


def _unspace(raw: str) -> str:
    return raw.replace(" ", "") if _SPACED.match(raw) else raw


def parse(text: str) -> ReviewsDocument:
    """Read the list and every record of ``text``."""
    lines = text.split("\n")
    findings: list[Finding] = []
    start = next(
        (i for i, line in enumerate(lines) if tuple(_cells(line)[:5]) == HEADER),
        None,
    )
    if start is None:
        raise ParseError(
            "수시평가 목록(연번 | 년도 | 평가사업명 | 평가시기 | 대상실국)을 찾지 못했습니다."
        )
    reviews, declared, end = _read_list(lines, start, findings)
    if not reviews:
        raise ParseError("수시평가 목록에 행이 없습니다.", line=start + 1)
    _read_records(lines, end, reviews, findings)
    _check(reviews, declared, start + 1, findings)
    return ReviewsDocument(reviews, declared, start + 1, findings, len(lines))


def _read_list(
    lines: list[str], start: int, findings: list[Finding]
) -> tuple[list[ParsedReview], dict[int, int], int]:
    reviews: list[ParsedReview] = []
    declared: dict[int, int] = {}
    year: int | None = None
    index = start + 1
    while index < len(lines):
        cells = _cells(lines[index])
        if not cells[0].isdigit() or len(cells) < 5:
            break
        number = index + 1
        year_cell = cells[1]
        if year_cell:
            match = _YEAR_CELL.match(year_cell)
            if match is None:
                findings.append(
                    finding(
                        "reviews.year_unreadable",
                        line=number,
                        number=cells[0],
                        raw=year_cell,
                        year=year or "?",
                    )
                )
            else:
                year = int(match["year"])
                if match["count"]:
                    declared[year] = int(match["count"])
        if year is None:
            raise ParseError("목록 첫 행에 년도('2020 (10)')가 없습니다.", line=number)
        department = _unspace(cells[4])
        if department != cells[4]:
            findings.append(
                finding("reviews.department_spaced", line=number, raw=cells[4], name=department)
            )
        review = ParsedReview(
            number=int(cells[0]),
            year=year,
            line=number,
            topic=cells[2],
            timing_raw=cells[3],
            department_raw=cells[4],
            department=department,
        )
        if cells[3] and month_of(cells[3]) is None:
            findings.append(
                finding(
                    "reviews.timing_unreadable",
                    line=number,
                    number=review.number,
                    topic=review.topic,
                    raw=cells[3],
                )
            )
        reviews.append(review)
        index += 1
    return reviews, declared, index


class _RecordReader:
    """The state of one record while its lines are read."""

    def __init__(self, review: ParsedReview, findings: list[Finding]) -> None:
        self.review = review
        self.findings = findings
        self.section = "overview"  # overview | findings | recommendations
        self.round = ParsedRound(1, None)
        review.rounds = [self.round]
        self.heading = ""
        self.style = ""  # the section's bullet: "-" or "○"
        self.field = ""  # the ▶ field being read
        self.pending: tuple[int, str] | None = None  # a plain line not yet placed
        self.last_plain = ""  # the overview's last plain line (a first part's title)

    @property
    def items(self) -> list[ParsedItem]:
        return self.round.findings if self.section == "findings" else self.round.recommendations

    def feed(self, number: int, raw: str) -> None:
        line = raw.strip()
        if m := _ROUND.match(line):
            self._round(number, int(m["n"]), m["title"].strip(), line)
            return
        if _RESULTS.match(line):
            if self.round.recommendations:
                title = self.pending[1] if self.pending else ""
                first = self.review.rounds[0]
                if len(self.review.rounds) == 1 and not first.title and self.last_plain:
                    first.title = self.last_plain
                self.round = ParsedRound(len(self.review.rounds) + 1, number, title)
                self.review.rounds.append(self.round)
                self.findings.append(
                    finding(
                        "reviews.part_as_round",
                        line=self.pending[0] if self.pending else number,
                        topic=self.review.topic,
                        round=self.round.number,
                        title=title,
                    )
                )
            elif self.pending and not self.round.title and self.section != "overview":
                self.round.title = self.pending[1]
            elif self.pending and self.section == "overview":
                self.review.background.append(self.pending[1])
            self.pending = None
            self._section("findings")
            return
        if _OPINIONS.match(line):
            self._flush_pending()
            self._section("recommendations")
            return
        if self.section == "overview":
            self._overview(number, raw, line)
            return
        self._item(number, raw, line)

    def _round(self, number: int, n: int, title: str, text: str) -> None:
        self._flush_pending()
        expected = len(self.review.rounds) + (
            0 if not (self.round.findings or self.round.recommendations) else 1
        )
        if n != expected:
            self.findings.append(
                finding(
                    "reviews.round_number_unexpected",
                    line=number,
                    topic=self.review.topic,
                    text=text,
                    expected=expected,
                    found=n,
                )
            )
        if self.round.findings or self.round.recommendations:
            self.round = ParsedRound(n, number, title)
            self.review.rounds.append(self.round)
        else:
            self.round.number, self.round.line, self.round.title = n, number, title
        self.section = "overview"  # until its 점검결과
        self.field = ""

    def _section(self, section: str) -> None:
        self.section = section
        self.heading = ""
        self.style = ""

    def _overview(self, number: int, raw: str, line: str) -> None:
        if self.round.line is not None and self.round.number > 1:
            return  # a later round's own lines before its 점검결과: none in 003
        if m := _FIELD.match(line):
            label = m["label"].replace(" ", "")
            value = (m["value"] or "").strip()
            self.field = label
            if label in PROJECT_FIELDS or label in INSPECTION_FIELDS:
                self.review.fields[label] = value
            else:
                self.review.other_fields.append((label, value))
            self.review.background.append(line)
            return
        if (
            not self.review.overview_title
            and not self.review.fields
            and "\t" not in raw
            and not line.startswith(("-", "※", "*"))
        ):
            self.review.overview_title = line
            return
        if "\t" not in raw and not line.startswith(("-", "※", "*", "▶")):
            self.last_plain = line
        self.review.background.append(" | ".join(_cells(raw)) if "\t" in raw else line)
        if self.field and (raw.startswith((" ", "*", "※")) or line.startswith("-")):
            self._append_field(line)

    def _append_field(self, line: str) -> None:
        if self.field in self.review.fields:
            current = self.review.fields[self.field]
            self.review.fields[self.field] = f"{current}\n{line}".strip()
        elif self.review.other_fields and self.review.other_fields[-1][0] == self.field:
            label, current = self.review.other_fields[-1]
            self.review.other_fields[-1] = (label, f"{current}\n{line}".strip())

    def _item(self, number: int, raw: str, line: str) -> None:
        if m := _GROUP.match(line):
            self._flush_pending()
            self.heading = m["text"]
            return
        if "\t" in raw:
            self._detail(number, " | ".join(c for c in _cells(raw)))
            return
        if line.startswith("○"):
            self._flush_pending()
            self.style = "○"
            self._new(number, line.lstrip("○").strip())
            return
        if line.startswith("-") and not raw.startswith((" ", "\t")):
            self._flush_pending()
            if self.style == "○" and self.items:
                self._detail(number, line.lstrip("-").strip())
            else:
                self.style = self.style or "-"
                self._new(number, line.lstrip("-").strip())
            return
        if line.startswith("-") or _NOTE.match(line):
            self._flush_pending()
            self._detail(number, line.lstrip("-").strip())
            return
        self._flush_pending()
        self.pending = (number, line)

    def _new(self, number: int, text: str) -> None:
        self.items.append(ParsedItem(number, text, self.heading))

    def _detail(self, number: int, text: str) -> None:
        if self.items:
            self.items[-1].details.append(text)
        else:
            self._new(number, text)

    def _flush_pending(self) -> None:
        """A plain line followed by more items: a detail of the last item (or an item)."""
        if self.pending is None:
            return
        number, text = self.pending
        self.pending = None
        if self.section == "overview":
            self.review.background.append(text)
        else:
            self._detail(number, text)

    def close(self) -> None:
        self._flush_pending()


def _read_records(
    lines: list[str], start: int, reviews: list[ParsedReview], findings: list[Finding]
) -> None:
    """Read the records after the list; each opens with the next number's title. The last
    record ends at a plain line after its 검토의견 (the next part of the document)."""
    by_number = {r.number: r for r in reviews}
    last = max(by_number)
    reader: _RecordReader | None = None
    expected = min(by_number)
    for index in range(start, len(lines)):
        number = index + 1
        raw = lines[index]
        line = raw.strip()
        if not line:
            continue
        match = _TITLE.match(line)
        if match and int(match["n"]) == expected and "\t" not in raw:
            note = ""
            if reader is not None and reader.pending is not None:
                note = reader.pending[1]
                findings.append(
                    finding(
                        "reviews.title_split",
                        line=reader.pending[0],
                        number=expected,
                        text=note,
                    )
                )
                reader.pending = None
            if reader is not None:
                reader.close()
            review = by_number.get(expected)
            if review is None:
                findings.append(
                    finding(
                        "reviews.list_row_missing",
                        line=number,
                        number=expected,
                        title=match["title"].strip(),
                    )
                )
                review = ParsedReview(expected, reviews[-1].year, number, "", "", "", "")
            review.record_line, review.record_title = number, match["title"].strip()
            review.title_note = note
            reader = _RecordReader(review, findings)
            expected += 1
            continue
        if reader is None:
            continue
        if (
            reader.review.number >= last
            and reader.section == "recommendations"
            and reader.items
            and reader.pending is not None
        ):
            break  # the last record is over: its plain line starts the next part
        reader.feed(number, raw)
    if reader is not None:
        if reader.review.number >= last and reader.pending is not None:
            reader.pending = None
        reader.close()


def _check(
    reviews: list[ParsedReview],
    declared: dict[int, int],
    list_line: int,
    findings: list[Finding],
) -> None:
    for year, count in declared.items():
        listed = sum(1 for r in reviews if r.year == year)
        recorded = sum(1 for r in reviews if r.year == year and r.record_line is not None)
        for what, found in (("목록의 행", listed), ("본문의 수시평가", recorded)):
            if found != count:
                findings.append(
                    finding(
                        "reviews.count_mismatch",
                        line=list_line,
                        year=year,
                        declared=count,
                        what=what,
                        found=found,
                    )
                )
    for review in reviews:
        if review.record_line is None:
            findings.append(
                finding(
                    "reviews.record_missing",
                    line=review.line,
                    number=review.number,
                    topic=review.topic,
                )
            )
            review.method = _method_from_title(review.topic)
            continue
        if norm_key(review.record_title) != norm_key(review.topic):
            findings.append(
                finding(
                    "reviews.title_differs",
                    line=review.record_line,
                    number=review.number,
                    title=review.record_title,
                    list_line=review.line,
                    topic=review.topic,
                )
            )
        _method(review, findings)
        for rnd in review.rounds:
            where = rnd.line or review.record_line
            if not rnd.findings:
                findings.append(
                    finding("reviews.no_findings", line=where, topic=review.topic, round=rnd.number)
                )
            if not rnd.recommendations:
                findings.append(
                    finding(
                        "reviews.no_recommendations",
                        line=where,
                        topic=review.topic,
                        round=rnd.number,
                    )
                )


def _method_from_title(title: str) -> str:
    return "project" if norm_key(title).endswith("검토") else "inspection"


def _method(review: ParsedReview, findings: list[Finding]) -> None:
    labels = set(review.fields)
    if labels & set(INSPECTION_FIELDS):
        review.method = "inspection"
    elif labels & set(PROJECT_FIELDS):
        review.method = "project"
    else:
        review.method = _method_from_title(review.record_title or review.topic)
        findings.append(
            finding(
                "reviews.overview_missing",
                line=review.record_line,
                topic=review.topic,
                method="사업검토" if review.method == "project" else "점검",
            )
        )
    raw = review.period_raw
    if raw and not period_of(raw).readable:
        label = "추진기간" if "추진기간" in review.fields else "점검기간"
        findings.append(
            finding(
                "reviews.period_unreadable",
                line=review.record_line,
                topic=review.topic,
                label=label,
                raw=raw,
            )
        )
