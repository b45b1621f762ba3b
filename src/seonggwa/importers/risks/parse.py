"""Pure reader of the risk register (시정 리스크 관리, `003:2074-2162`, domain.md §4.11).

The document gives the background and the four-stage cycle, the year's operation ("- 기간 :
'20.1월~'20.11월") and then, under "시정 리스크 이슈 발굴 · 전파 사례", the issues::

    ① 플랫폼 노동자 보호를 위한 선도적 정책 수립 필요 ('20)
    - 주요내용 : …            (a "※" line continues it)
    - 관련보도 :
     - ▶ headline ('19. 12. 19. SBS)      or  (이데일리 '19. 7. 24.)
    - 리 스크 :               (letter-spaced, A17)
     - a risk                 (a "* …" footnote line is kept under its risk)
    - 요청사항 :
     - (단기) …  /  - (장기) …
    √ 부서대응: …

Labels are recognised by their words whatever the bullet and indent in front of them
(issues ③ and ④ indent them like items, A6). The section ends at the first line that is not
a bullet, a note or an issue title. Line numbers are 1-based; findings (``risks.*`` in the
catalogue) are returned with the document, never raised; a text without the section is a
:class:`~seonggwa.importers.records.ParseError`.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from seonggwa.engine.catalogue import finding
from seonggwa.engine.findings import Finding
from seonggwa.importers.records import ParseError

__all__ = [
    "CIRCLED",
    "ParsedIssue",
    "ParsedPress",
    "RiskDocument",
    "detect",
    "parse",
    "parse_press",
]

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
SECTION_KEY = "시정리스크이슈발굴"  # "시정 리스크 이슈 발굴 · 전파 사례", spaces removed
LABELS = {
    "주요내용": "summary",
    "관련보도": "press",
    "리스크": "risks",
    "요청사항": "requests",
    "부서대응": "response",
}

_TITLE_RE = re.compile(
    rf"^(?P<mark>[{CIRCLED}])\s*(?P<title>.+?)\s*(?:\(\s*(?P<label>['’‘]?\s*(?P<yy>\d{{2}}|\d{{4}}))\s*\))?\s*$"
)
_BULLET_RE = re.compile(r"^[\s\-–·]*")
_LABEL_RE = re.compile(
    r"^(?P<check>√\s*)?(?P<label>[가-힣](?:\s?[가-힣]){1,5})\s*:\s*(?P<rest>.*)$"
)
_TERM_RE = re.compile(r"^\(\s*(?P<term>단기|장기)\s*\)\s*(?P<text>.*)$")
_DATE_RE = re.compile(
    r"['’‘]?\s*(?P<y>\d{2}|\d{4})\s*\.\s*(?P<m>\d{1,2})\s*\.\s*(?P<d>\d{1,2})\s*\.?"
)
_PERIOD_RE = re.compile(
    r"기\s*간\s*:\s*['’‘]?(?P<y1>\d{2,4})\s*\.\s*(?P<m1>\d{1,2})\s*월?\s*[~∼-]\s*"
    r"(?:['’‘]?(?P<y2>\d{2,4})\s*\.\s*)?(?P<m2>\d{1,2})\s*월"
)


@dataclass(frozen=True, slots=True)
class ParsedPress:
    line: int
    raw: str  # the item as printed, without "▶"
    headline: str
    outlet: str
    date: datetime.date | None


@dataclass(slots=True)
class ParsedIssue:
    line: int
    number: int  # from the circled digit
    title: str
    year_label: str  # "'20" as printed, "" when absent
    year: int | None
    summary: list[str] = field(default_factory=list)
    press: list[ParsedPress] = field(default_factory=list)
    risks: list[str] = field(default_factory=list)
    requests_short: list[str] = field(default_factory=list)
    requests_long: list[str] = field(default_factory=list)
    response: list[str] = field(default_factory=list)
    response_line: int | None = None


@dataclass(slots=True)
class RiskDocument:
    section_line: int
    period: str  # "'20.1월~'20.11월" as printed, "" when absent
    period_months: tuple[int, int] | None
    issues: list[ParsedIssue]
    findings: list[Finding]
    line_count: int


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def detect(text: str) -> bool:
    """Whether ``text`` holds the risk issues section."""
    return any(SECTION_KEY in _squash(line) for line in text.split("\n"))


def _year(digits: str) -> int:
    value = int(digits)
    return value + 2000 if value < 100 else value


def parse_press(raw: str, line: int = 0) -> ParsedPress | None:
    """A press item "headline ('19. 12. 19. SBS)" or "headline (이데일리 '19. 7. 24.)"; None
    when its last parenthesis holds no date.

    >>> parse_press("50만 넘어선 플랫폼 노동자 ('19. 12. 19. SBS)").outlet
    'SBS'
    >>> parse_press("반쪽짜리 대책 '우려'(이데일리 '19. 7. 24.)").date
    datetime.date(2019, 7, 24)
    """
    text = raw.strip()
    if not text.endswith(")") or "(" not in text:
        return None
    start = text.rfind("(")
    inner, headline = text[start + 1 : -1], text[:start].strip()
    match = _DATE_RE.search(inner)
    if match is None or not headline:
        return None
    try:
        date = datetime.date(_year(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None
    outlet = (inner[: match.start()] + " " + inner[match.end() :]).strip(" ,.")
    return ParsedPress(line, text, headline, re.sub(r"\s+", " ", outlet), date)


def _period(lines: list[str], before: int) -> tuple[str, tuple[int, int] | None]:
    for text in lines[:before]:
        match = _PERIOD_RE.search(text)
        if match:
            printed = text.split(":", 1)[1].strip()
            return printed, (int(match["m1"]), int(match["m2"]))
    return "", None


def _ends_section(text: str) -> bool:
    """A line that is no bullet, note, press item, response or issue title."""
    stripped = text.strip()
    if not stripped or text[0].isspace():
        return False
    return stripped[0] not in "-–·※*▶√(" + CIRCLED


def parse(text: str, *, year: int | None = None) -> RiskDocument:
    """Read the risk issues of ``text``; ``year`` (the register's year) is checked against
    each issue's year label."""
    lines = text.split("\n")
    section = next(
        (n for n, line in enumerate(lines, start=1) if SECTION_KEY in _squash(line)), None
    )
    if section is None:
        raise ParseError("'시정 리스크 이슈 발굴 · 전파 사례' 머리말을 찾을 수 없습니다.")
    period, months = _period(lines, section)
    findings: list[Finding] = []
    issues: list[ParsedIssue] = []
    current: ParsedIssue | None = None
    part = ""
    for number in range(section + 1, len(lines) + 1):
        raw = lines[number - 1].rstrip()
        if not raw.strip():
            continue
        title = _TITLE_RE.match(raw.strip())
        if title and raw.strip()[0] in CIRCLED:
            current = _issue(title, number, year, findings)
            issues.append(current)
            part = ""
            continue
        if current is None:
            raise ParseError("사례 머리말 아래에 이슈 제목('① …')이 없습니다.", line=number)
        if _ends_section(raw):
            break
        part = _line(current, raw, number, part, findings)
    if not issues:
        raise ParseError("리스크 이슈가 하나도 없습니다.", line=section)
    for issue in issues:
        _check(issue, findings)
    # the section lists a year's cases without their months (`003:2109`)
    years = sorted({i.year for i in issues if i.year is not None})
    findings.insert(
        0,
        finding(
            "risks.month_missing",
            line=section,
            year=year or (years[0] if years else "?"),
            period=period or "-",
        ),
    )
    return RiskDocument(section, period, months, issues, findings, len(lines))


def _issue(
    match: re.Match[str], number: int, year: int | None, findings: list[Finding]
) -> ParsedIssue:
    label = (match["label"] or "").replace(" ", "")
    issue_year = _year(match["yy"]) if match["yy"] else None
    issue = ParsedIssue(
        line=number,
        number=CIRCLED.index(match["mark"]) + 1,
        title=match["title"].strip(),
        year_label=label,
        year=issue_year,
    )
    if year is not None and issue_year is not None and issue_year != year:
        findings.append(
            finding("risks.year_differs", line=number, issue=issue.title, label=label, year=year)
        )
    return issue


def _label(body: str) -> tuple[str, str, str, bool] | None:
    """(part, printed label, rest, letter-spaced) when ``body`` opens with a label."""
    match = _LABEL_RE.match(body)
    if match is None:
        return None
    printed = match["label"]
    key = _squash(printed)
    if key not in LABELS:
        return None
    return LABELS[key], printed, match["rest"].strip(), printed != key


def _line(issue: ParsedIssue, raw: str, number: int, part: str, findings: list[Finding]) -> str:
    """Read one line of an issue; returns the part the next lines belong to."""
    prefix = _BULLET_RE.match(raw)
    body = raw[prefix.end() if prefix else 0 :].strip()
    labelled = _label(body)
    if labelled is not None:
        new_part, printed, rest, spaced = labelled
        if spaced:
            findings.append(
                finding(
                    "risks.label_spaced",
                    line=number,
                    issue=issue.title,
                    label=printed,
                    expected=_squash(printed),
                )
            )
        normal_prefix = "" if new_part == "response" else "- "
        if raw[: len(raw) - len(raw.lstrip(" -–·"))] != normal_prefix:
            findings.append(
                finding(
                    "risks.label_indented",
                    line=number,
                    issue=issue.title,
                    label=_squash(printed),
                    text=raw.split(":", 1)[0].strip() + " :",
                )
            )
        if new_part == "response":
            issue.response_line = number
        if rest:
            _add(issue, new_part, rest, number, findings)
        return new_part
    if not part:
        findings.append(finding("risks.line_unreadable", line=number, issue=issue.title, text=body))
        return part
    if part == "response":
        findings.append(
            finding("risks.response_continued", line=number, issue=issue.title, text=body)
        )
    _add(issue, part, body, number, findings)
    return part


def _add(issue: ParsedIssue, part: str, body: str, number: int, findings: list[Finding]) -> None:
    if part == "summary":
        issue.summary.append(body)
    elif part == "risks":
        issue.risks.append(body)
    elif part == "response":
        issue.response.append(body)
    elif part == "press":
        text = body.lstrip("▶ ").strip()
        press = parse_press(text, number)
        if press is None:
            findings.append(
                finding("risks.press_unreadable", line=number, issue=issue.title, text=text)
            )
            press = ParsedPress(number, text, text, "", None)
        issue.press.append(press)
    else:  # requests
        term = _TERM_RE.match(body)
        if term is None:
            findings.append(finding("risks.requests_unsplit", line=number, issue=issue.title))
            issue.requests_short.append(body)
        elif term["term"] == "단기":
            issue.requests_short.append(term["text"].strip())
        else:
            issue.requests_long.append(term["text"].strip())


def _check(issue: ParsedIssue, findings: list[Finding]) -> None:
    for part, name in ((issue.summary, "주요내용"), (issue.risks, "리스크")):
        if not part:
            findings.append(
                finding("risks.part_missing", line=issue.line, issue=issue.title, part=name)
            )
