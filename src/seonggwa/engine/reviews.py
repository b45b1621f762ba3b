"""Ad-hoc review rules (시정 주요사업 수시평가, domain.md §4.9): reading the periods the
records print ("'20.1월", "'19.10.24.(목) ~ 12.12.(목)", "'14. 10. ~ 계속") into dates, and
the state of a recommendation's follow-up against its due date. Pure: no Django.

>>> month_of("'20.1월")
(datetime.date(2020, 1, 1), datetime.date(2020, 1, 31))
>>> p = period_of("'19.10.24.(목) ~ 12.12.(목)")
>>> p.start, p.end, p.ongoing
(datetime.date(2019, 10, 24), datetime.date(2019, 12, 12), False)
>>> period_of("'14. 10. ~ 계속(1단계 ~ 6단계)").ongoing
True
>>> followup_state("open", datetime.date(2020, 3, 1), datetime.date(2020, 3, 2), remind_days=3)
'overdue'
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

__all__ = [
    "FOLLOWUP_CLOSED",
    "FOLLOWUP_STATUSES",
    "ParsedPeriod",
    "followup_state",
    "month_of",
    "period_of",
]

#: The follow-up statuses, in their order; the last two close a follow-up.
FOLLOWUP_STATUSES = ("open", "in_progress", "done", "dropped")
FOLLOWUP_CLOSED = frozenset({"done", "dropped"})

_MONTH_RE = re.compile(r"^[''`]?\s*(?P<yy>\d{2}|\d{4})\s*\.\s*(?P<m>\d{1,2})\s*월?\s*$")
# one end of a period: ['yy.]m.[d.] with optional weekday "(목)"; a later end may omit the
# year (and the month): "~ 12.12.(목)", "~ 13.(목)"
_PART_RE = re.compile(
    r"^[''`]?\s*(?:(?P<yy>\d{2}|\d{4})\s*\.\s*)?(?P<a>\d{1,2})\s*\.?\s*(?:(?P<b>\d{1,2})\s*\.?)?"
    r"\s*(?:\([^)]*\))?\s*$"
)
_ONGOING = ("계속", "현재", "진행중", "진행 중")


def _last_day(year: int, month: int) -> int:
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return (following - datetime.timedelta(days=1)).day


def _year(yy: str) -> int:
    value = int(yy)
    return value if value >= 100 else 2000 + value


def month_of(raw: str) -> tuple[datetime.date, datetime.date] | None:
    """The month a list's 평가시기 names ("'20.1월" → 2020-01-01 … 2020-01-31), or None."""
    match = _MONTH_RE.match(raw.strip())
    if match is None:
        return None
    year, month = _year(match["yy"]), int(match["m"])
    if not 1 <= month <= 12:
        return None
    return datetime.date(year, month, 1), datetime.date(year, month, _last_day(year, month))


@dataclass(frozen=True, slots=True)
class ParsedPeriod:
    """A period as read: ``start`` / ``end`` (None where unreadable or open), ``ongoing``
    for "~ 계속", and ``readable`` when the text gave at least the start."""

    start: datetime.date | None
    end: datetime.date | None
    ongoing: bool = False

    @property
    def readable(self) -> bool:
        return self.start is not None


def _date(year: int, month: int, day: int | None) -> datetime.date | None:
    if not 1 <= month <= 12:
        return None
    last = _last_day(year, month)
    if day is not None and not 1 <= day <= last:
        return None
    return datetime.date(year, month, day or 1)


def period_of(raw: str) -> ParsedPeriod:
    """An overview period (추진기간, 점검기간): one day, a range whose end may omit the year
    and month, or an open range ("~ 계속"). Unreadable text gives no dates."""
    text = raw.strip()
    head, _sep, tail = text.partition("~")
    ongoing = any(tail.strip().startswith(w) for w in _ONGOING)
    first = _PART_RE.match(head.strip())
    if first is None or first["yy"] is None:
        return ParsedPeriod(None, None, ongoing)
    year, month = _year(first["yy"]), int(first["a"])
    day = int(first["b"]) if first["b"] else None
    start = _date(year, month, day)
    if start is None:
        return ParsedPeriod(None, None, ongoing)
    if not tail.strip():
        return ParsedPeriod(start, start if day else None, False)
    if ongoing:
        return ParsedPeriod(start, None, True)
    numbers = [int(n) for n in re.findall(r"\d+", re.sub(r"\([^)]*\)", "", tail))]
    if not 1 <= len(numbers) <= 3:
        return ParsedPeriod(start, None, False)
    end_year = _year(str(numbers.pop(0))) if len(numbers) == 3 else year
    if len(numbers) == 2:  # month and day
        end = _date(end_year, numbers[0], numbers[1])
    elif day is not None:  # the day alone, in the start's month
        end = _date(end_year, month, numbers[0])
    else:  # a month alone
        end = _date(end_year, numbers[0], None)
    explicit_year = end_year != year or len(re.findall(r"\d+", tail)) == 3
    if end is not None and end < start and not explicit_year:
        end = _date(end_year + 1, end.month, end.day)
    return ParsedPeriod(start, end, False)


def followup_state(
    status: str, due: datetime.date | None, today: datetime.date, *, remind_days: int
) -> str:
    """``closed`` (done or dropped), ``overdue`` (past its due date), ``due_soon`` (due
    within ``remind_days`` days), ``open`` (due later or no due date).

    >>> d = datetime.date(2020, 3, 10)
    >>> [followup_state(s, d, datetime.date(2020, 3, t), remind_days=3)
    ...  for s, t in (("in_progress", 7), ("open", 6), ("done", 20))]
    ['due_soon', 'open', 'closed']
    """
    if status in FOLLOWUP_CLOSED:
        return "closed"
    if due is None:
        return "open"
    if today > due:
        return "overdue"
    if (due - today).days <= remind_days:
        return "due_soon"
    return "open"
