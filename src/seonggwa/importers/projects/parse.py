"""Read the major-project table of a text document (seed 003:2404-2596): ``연번 | 소관실국 |
과제명 | 사업기간 | 총사업비 (단위:백만원) | 20년 편성액 (단위:백만원) | 추진사항``, the
header repeated on every page. Each row becomes a :class:`ParsedProject` with its source
line; the period, the amounts and the progress are read by :mod:`seonggwa.engine.projects`
and the R18 money checks give their findings at the rows' lines. Pure: no Django.

A file without the header raises :class:`~seonggwa.importers.records.ParseError`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from seonggwa.engine.catalogue import finding
from seonggwa.engine.findings import Finding
from seonggwa.engine.projects import (
    MILLION,
    AmountReading,
    AmountRow,
    ProjectPeriod,
    amount_findings,
    amount_read,
    period_read,
    progress_read,
    title_split,
)
from seonggwa.importers.records import ParseError

__all__ = ["TITLE", "ParsedProject", "ProjectsDocument", "detect", "parse"]

TITLE = "주요 역점사업 정기평가"
_BUDGET_YEAR = re.compile(r"(\d{2,4})\s*년\s*편성액")
_UNIT = re.compile(r"단위\s*:\s*(백만원|천원|원)")
_UNITS = {"백만원": MILLION, "천원": Decimal(1000), "원": Decimal(1)}


@dataclass(slots=True)
class ParsedProject:
    """One printed row; ``parent`` and ``sub_number`` for a sub-project ("과제 - 1. 세부")."""

    number: int
    department: str
    title: str  # 과제명 as printed
    name: str  # the sub-project's own name, or the title
    parent: str | None
    sub_number: int | None
    period: ProjectPeriod
    total: AmountReading
    budget: AmountReading
    progress: str
    planned_rate: Decimal | None
    actual_rate: Decimal | None
    line: int


@dataclass(slots=True)
class ProjectsDocument:
    rows: list[ParsedProject] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    budget_year: int | None = None
    money_unit: str = "백만원"
    line_count: int = 0
    headers: int = 0


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.rstrip("\r").split("\t")]


def _is_header(cells: list[str]) -> bool:
    return (
        len(cells) >= 6 and cells[0] == "연번" and cells[1] == "소관실국" and cells[2] == "과제명"
    )


def detect(text: str) -> bool:
    """Whether ``text`` holds the major-project table (its header row)."""
    return any(_is_header(_cells(line)) for line in text.split("\n"))


def _year(text: str) -> int:
    value = int(text)
    return value + 2000 if value < 100 else value


def parse(text: str, *, source: str = "") -> ProjectsDocument:
    """Every row under a major-project header of ``text``; rows end at a blank line or a line
    that does not start with a number (the next page's header starts the table again)."""
    lines = text.split("\n")
    doc = ProjectsDocument(line_count=len(lines))
    unit = MILLION
    in_table = False
    expected = 1
    for index, line in enumerate(lines):
        n = index + 1
        cells = _cells(line)
        if _is_header(cells):
            doc.headers += 1
            in_table = True
            header = " ".join(cells)
            year = _BUDGET_YEAR.search(header)
            if year and doc.budget_year is None:
                doc.budget_year = _year(year.group(1))
            found = _UNIT.search(header)
            if found:
                doc.money_unit = found.group(1)
                unit = _UNITS[doc.money_unit]
            continue
        if not in_table:
            continue
        if not line.strip():
            continue
        if not cells[0].isdigit():
            in_table = False
            continue
        if len(cells) < 6:
            doc.findings.append(
                finding(
                    "projects.row_unreadable",
                    line=n,
                    file=source,
                    reason=f"칸이 {len(cells)}개뿐임(7개여야 함)",
                )
            )
            continue
        number = int(cells[0])
        if number != expected:
            doc.findings.append(
                finding(
                    "projects.number_gap", line=n, file=source, expected=expected - 1, found=number
                )
            )
        expected = number + 1
        doc.rows.append(_row(cells, n, unit, source, doc))
    if not doc.headers:
        raise ParseError(
            f"'{TITLE}' 표의 머리행(연번 | 소관실국 | 과제명 | 사업기간 | 총사업비 | 편성액 | 추진사항)이 "
            "없습니다. 역점사업 표가 든 텍스트를 지정하세요.",
            source=source or None,
        )
    doc.findings.extend(
        amount_findings(
            [
                AmountRow(
                    key=r.number,
                    name=r.title,
                    total=r.total.won,
                    budget=r.budget.won,
                    group=r.parent and f"{r.department}|{r.parent}",
                    line=r.line,
                    parent=r.parent or "",
                )
                for r in doc.rows
            ],
            file=source,
            year=doc.budget_year,
        )
    )
    doc.findings.sort(key=lambda f: f.line or 0)
    return doc


def _row(
    cells: list[str], n: int, unit: Decimal, source: str, doc: ProjectsDocument
) -> ParsedProject:
    number, department, title, period_raw, total_raw, budget_raw = cells[:6]
    progress = " ".join(cells[6:]).strip()
    title = " ".join(title.split())
    split = title_split(title)
    parent, sub_number, name = (split[0], split[1], split[2]) if split else (None, None, title)
    period = period_read(period_raw)
    if not period.readable:
        doc.findings.append(
            finding(
                "projects.period_unreadable", line=n, file=source, project=title, raw=period_raw
            )
        )
    total = amount_read(total_raw, unit=unit)
    budget = amount_read(budget_raw, unit=unit)
    for reading, what in ((total, "총사업비"), (budget, "편성액")):
        if not reading.readable:
            doc.findings.append(
                finding(
                    "projects.amount_unreadable",
                    line=n,
                    file=source,
                    project=title,
                    what=what,
                    raw=reading.raw,
                )
            )
    planned, actual = progress_read(progress)
    return ParsedProject(
        number=int(number),
        department=department.strip(),
        title=title,
        name=name,
        parent=parent,
        sub_number=sub_number,
        period=period,
        total=total,
        budget=budget,
        progress=progress,
        planned_rate=planned,
        actual_rate=actual,
        line=n,
    )
