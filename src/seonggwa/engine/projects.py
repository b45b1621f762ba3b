"""Major projects (주요 역점사업 정기평가, domain.md §4.12, rule R18): reading a project's
period, its money and its progress as the table prints them, and the money checks of R18.
Pure: no Django.

>>> p = period_read("2016 ~ 2028 (민자사업)")
>>> (p.start_year, p.end_year, p.financing)
(2016, 2028, '민자사업')
>>> period_read("'20.1월.~12월").start_month, period_read("'20.1월.~12월").end_month
(1, 12)
>>> amount_read("10,681").won
Decimal('10681000000')
>>> amount_read("계속사업").won is None, amount_read("계속사업").note
(True, '계속사업')
>>> million(Decimal("2224500000"))
'2,225'
>>> period_split("2016 ~ 2028 (민자사업)")
('2016 ~ 2028', '민자사업')
>>> title_split("AI양재 허브 등 AI산업 지원 - 1. 희경빌딩 추가 입차")
('AI양재 허브 등 AI산업 지원', 1, '희경빌딩 추가 입차')
>>> progress_read("◦ 계획 72.3%/실행 70.3% (지상5~7층 골조공사 중)")
(Decimal('72.3'), Decimal('70.3'))
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from seonggwa.engine.catalogue import finding
from seonggwa.engine.findings import Finding
from seonggwa.engine.rounding import round_half_up

__all__ = [
    "MILLION",
    "AmountCheck",
    "AmountReading",
    "AmountRow",
    "ProjectPeriod",
    "amount_checks",
    "amount_findings",
    "amount_read",
    "counted_total",
    "million",
    "period_join",
    "period_read",
    "period_split",
    "progress_read",
    "title_split",
]

MILLION = Decimal(1_000_000)
#: Words 총사업비 prints instead of a number; they are kept as a note, never read as 0.
AMOUNT_WORDS = ("계속사업", "미정", "계속")


# --- 사업기간 ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProjectPeriod:
    """사업기간 as read: the start and end (year, month; ``None`` where not printed), whether
    the project is open-ended (``계속``, ``2018~``) and the financing tag in brackets."""

    raw: str
    start_year: int | None = None
    start_month: int | None = None
    end_year: int | None = None
    end_month: int | None = None
    continuing: bool = False
    financing: str = ""
    readable: bool = True

    @property
    def label(self) -> str:
        """The period written one way: ``2018.7.~2020``, ``~2025``, ``계속``."""
        if self.continuing and self.start_year is None and self.end_year is None:
            return "계속"

        def one(year: int | None, month: int | None) -> str:
            if year is None:
                return ""
            return f"{year}.{month}." if month else str(year)

        return f"{one(self.start_year, self.start_month)}~{one(self.end_year, self.end_month)}"


_FINANCING = re.compile(r"\(([^)]*)\)\s*$")
_YEAR_MONTH = re.compile(r"^'?(\d{2,4})(?:\s*\.\s*(\d{1,2})\s*월?\.?)?\.?$")
_MONTH_ONLY = re.compile(r"^(\d{1,2})\s*월\.?$")


def _year(text: str) -> int:
    value = int(text)
    return value + 2000 if value < 100 else value


def _end(text: str, start_year: int | None) -> tuple[int | None, int | None] | None:
    """One side of ``~``; a month alone ("12월") takes the start's year."""
    text = text.strip()
    if not text:
        return None, None
    month_only = _MONTH_ONLY.match(text)
    if month_only and start_year is not None:
        return start_year, int(month_only.group(1))
    match = _YEAR_MONTH.match(text)
    if match is None:
        return None
    month = int(match.group(2)) if match.group(2) else None
    if month is not None and not 1 <= month <= 12:
        return None
    return _year(match.group(1)), month


def period_read(raw: str) -> ProjectPeriod:
    """사업기간 in every form the table prints (domain.md §4.12): ``2018~``, ``~2025``,
    ``계속``, ``'20.1월.~12월``, ``2020.7.~``, ``2016 ~ 2028 (민자사업)``, ``1984 ~ 2020``.
    A form not understood keeps its text with ``readable`` false."""
    text = " ".join(raw.split())
    financing = ""
    tag = _FINANCING.search(text)
    if tag:
        financing = tag.group(1).strip()
        text = text[: tag.start()].strip()
    if not text:
        return ProjectPeriod(raw=raw, financing=financing, readable=not raw.strip() or bool(tag))
    if text in ("계속", "계속사업"):
        return ProjectPeriod(raw=raw, continuing=True, financing=financing)
    if "~" not in text:
        single = _end(text, None)
        if single is None or single[0] is None:
            return ProjectPeriod(raw=raw, financing=financing, readable=False)
        return ProjectPeriod(
            raw=raw,
            start_year=single[0],
            start_month=single[1],
            end_year=single[0],
            end_month=single[1],
            financing=financing,
        )
    left, right = (part.strip() for part in text.split("~", 1))
    start = _end(left, None)
    end = _end(right, start[0] if start else None)
    if start is None or end is None:
        return ProjectPeriod(raw=raw, financing=financing, readable=False)
    return ProjectPeriod(
        raw=raw,
        start_year=start[0],
        start_month=start[1],
        end_year=end[0],
        end_month=end[1],
        continuing=end[0] is None,
        financing=financing,
    )


def period_split(raw: str) -> tuple[str, str]:
    """사업기간 as (the period without its bracketed financing tag, the tag), spaces
    collapsed: ``2016 ~ 2028 (민자사업)`` → (``2016 ~ 2028``, ``민자사업``); no tag → ``""``."""
    text = " ".join(raw.split())
    tag = _FINANCING.search(text)
    if tag is None:
        return text, ""
    return text[: tag.start()].strip(), tag.group(1).strip()


def period_join(text: str, financing: str) -> str:
    """The printed 사업기간 of a period and a financing tag (the inverse of
    :func:`period_split`): ``period_join("2016 ~ 2028", "민자사업")`` →
    ``2016 ~ 2028 (민자사업)``; ``period_join("2018~", "")`` → ``2018~``."""
    text = " ".join(text.split())
    tag = financing.strip()
    return f"{text} ({tag})".strip() if tag else text


# --- 총사업비 · 편성액 ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AmountReading:
    """An amount in 원 (``None`` where the cell holds no number) and what the cell said
    instead (``-``, ``계속사업``, ``미정``; blank is no note)."""

    raw: str
    won: Decimal | None
    note: str = ""
    readable: bool = True


def amount_read(raw: str, *, unit: Decimal = MILLION) -> AmountReading:
    """A money cell printed in ``unit`` (백만원) as 원: ``10,681`` → 10,681,000,000; blank,
    ``-``, ``계속사업`` and ``미정`` are no number (never 0); ``0`` is zero."""
    text = raw.strip()
    if not text:
        return AmountReading(raw=raw, won=None)
    if text in ("-", "−", "–"):
        return AmountReading(raw=raw, won=None, note="-")
    if text in AMOUNT_WORDS:
        return AmountReading(raw=raw, won=None, note=text)
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return AmountReading(raw=raw, won=None, note=text, readable=False)
    if not value.is_finite() or value < 0:
        return AmountReading(raw=raw, won=None, note=text, readable=False)
    return AmountReading(raw=raw, won=round_half_up(value * unit, 0))


def million(won: Decimal | None) -> str:
    """원 shown in 백만원, half-up, with thousands commas; ``-`` for no number."""
    if won is None:
        return "-"
    return f"{round_half_up(won / MILLION, 0):,.0f}"


# --- 과제명 and 추진사항 -------------------------------------------------------------------------

_SUB = re.compile(r"^(?P<parent>.+?\S)\s*(?:-\s*|\s)(?P<number>\d{1,2})\.\s*(?P<name>\S.*)$")


def title_split(title: str) -> tuple[str, int, str] | None:
    """A sub-project's 과제명 "〈과제〉 - 1. 〈세부〉" (also without the dash, or with no space
    after the dot) as (parent, number, name); ``None`` for a project of its own."""
    match = _SUB.match(" ".join(title.split()))
    if match is None:
        return None
    return match.group("parent").rstrip(" -"), int(match.group("number")), match.group("name")


_PLAN_ACTUAL = re.compile(r"계획\s*([\d.]+)\s*%\s*/\s*실행\s*([\d.]+)\s*%")
_RATE = re.compile(r"(?:공정률|공사\s*중)\s*[:(]?\s*(?:실적\s*)?([\d]+(?:\.\d+)?)\s*%")


def progress_read(text: str) -> tuple[Decimal | None, Decimal | None]:
    """(계획 %, 실행 %) from 추진사항: "계획 72.3%/실행 70.3%" gives both, "공정률 90.3%" or
    "공사 중(78%)" the actual only (the first one printed: the whole project's)."""
    both = _PLAN_ACTUAL.search(text)
    if both:
        return Decimal(both.group(1)), Decimal(both.group(2))
    rate = _RATE.search(text)
    if rate:
        value = Decimal(rate.group(1))
        if value <= 100:
            return None, value
    return None, None


# --- R18 -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AmountRow:
    """One printed row's money for the R18 checks: ``group`` is its parent's name for a
    sub-project (``None`` for a project of its own)."""

    key: int
    name: str
    total: Decimal | None
    budget: Decimal | None
    group: str | None = None
    line: int | None = None
    parent: str = ""  # the parent's name as printed (``group`` may be a longer key)


@dataclass(slots=True)
class AmountCheck:
    """What R18 says of one row: which of its amounts repeat an earlier sibling's (the
    parent's amount printed again: counted once), and whether its 편성액 is over the 총사업비
    it is compared with."""

    key: int
    total_repeats: int | None = None  # key of the sibling that printed it first
    budget_repeats: int | None = None
    budget_is_parents: bool = False
    compared_total: Decimal | None = None
    over_budget: bool = False
    notes: list[str] = field(default_factory=list)


def _repeats(rows: Sequence[AmountRow], attr: str) -> dict[int, int]:
    """Rows whose amount equals an earlier sibling's (zero and blank never repeat)."""
    out: dict[int, int] = {}
    first: dict[tuple[str, Decimal], int] = {}
    for row in rows:
        value = getattr(row, attr)
        if row.group is None or value is None or value == 0:
            continue
        seen = first.get((row.group, value))
        if seen is None:
            first[(row.group, value)] = row.key
        else:
            out[row.key] = seen
    return out


def counted_total(rows: Iterable[AmountRow], attr: str = "total") -> Decimal | None:
    """The sum of ``attr`` (``total`` or ``budget``) over ``rows``, a parent's amount
    repeated on its sub-projects counted once (R18); ``None`` when no row has a number."""
    rows = list(rows)
    repeated = _repeats(rows, attr)
    values = [getattr(r, attr) for r in rows if r.key not in repeated]
    numbers = [v for v in values if v is not None]
    return sum(numbers, Decimal(0)) if numbers else None


def amount_checks(rows: Sequence[AmountRow]) -> dict[int, AmountCheck]:
    """R18 for each row: 편성액 ≤ 총사업비, where a 편성액 that repeats the parent's (the same
    amount on two or more sub-projects) is compared with the parent's 총사업비 — the
    sub-projects' totals with the repeats counted once — instead of the row's own."""
    total_rep = _repeats(rows, "total")
    budget_rep = _repeats(rows, "budget")
    parents_budget = {
        (r.group, r.budget)
        for r in rows
        if r.key in budget_rep and r.group is not None and r.budget is not None
    }
    groups: dict[str, list[AmountRow]] = defaultdict(list)
    for r in rows:
        if r.group is not None:
            groups[r.group].append(r)
    out: dict[int, AmountCheck] = {}
    for r in rows:
        check = AmountCheck(
            key=r.key, total_repeats=total_rep.get(r.key), budget_repeats=budget_rep.get(r.key)
        )
        check.budget_is_parents = (r.group, r.budget) in parents_budget
        if check.budget_is_parents and r.group is not None:
            check.compared_total = counted_total(groups[r.group], "total")
        else:
            check.compared_total = r.total
        if r.budget is not None and check.compared_total is not None:
            check.over_budget = r.budget > check.compared_total
        out[r.key] = check
    return out


def amount_findings(
    rows: Sequence[AmountRow], *, file: str = "", year: int | None = None
) -> list[Finding]:
    """The R18 findings of the rows, at their lines: each 편성액 over its 총사업비
    (``projects.budget_over_total``) and each amount repeating the parent's
    (``projects.parent_amount_repeated``, counted once)."""
    checks = amount_checks(rows)
    by_key = {r.key: r for r in rows}
    out: list[Finding] = []
    label = f"{year}년 " if year else ""
    for r in rows:
        check = checks[r.key]
        for attr, repeats, what in (
            ("total", check.total_repeats, "총사업비"),
            ("budget", check.budget_repeats, f"{label}편성액"),
        ):
            if repeats is None:
                continue
            first = by_key[repeats]
            out.append(
                finding(
                    "projects.parent_amount_repeated",
                    line=r.line,
                    file=file,
                    project=r.name,
                    what=what,
                    amount=million(getattr(r, attr)),
                    first=first.name,
                    first_line="?" if first.line is None else first.line,
                    parent=r.parent or r.group or "",
                )
            )
        if check.over_budget:
            out.append(
                finding(
                    "projects.budget_over_total",
                    line=r.line,
                    file=file,
                    project=r.name,
                    year=label,
                    budget=million(r.budget),
                    total=million(check.compared_total),
                    whose="상위 과제의 " if check.budget_is_parents else "",
                )
            )
    return out
