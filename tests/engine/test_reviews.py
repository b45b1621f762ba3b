"""The ad-hoc review rules (seonggwa.engine.reviews): timings and periods as the records
print them (`003:718-727`, `003:733,765,837,965,1017`), and a follow-up's state against its
due date."""

from __future__ import annotations

import datetime

import pytest

from seonggwa.engine.reviews import followup_state, month_of, period_of

D = datetime.date


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("'20.1월", (D(2020, 1, 1), D(2020, 1, 31))),
        ("'20.2월", (D(2020, 2, 1), D(2020, 2, 29))),
        ("2019.12월", (D(2019, 12, 1), D(2019, 12, 31))),
        ("'20.13월", None),
        ("1월", None),
        ("", None),
    ],
)
def test_a_timing_is_a_month(raw, expected):
    assert month_of(raw) == expected


@pytest.mark.parametrize(
    ("raw", "start", "end", "ongoing"),
    [
        ("'14. 10. ~ 계속(1단계 ~ 6단계)", D(2014, 10, 1), None, True),
        ("'19.10.24.(목) ~ 12.12.(목)", D(2019, 10, 24), D(2019, 12, 12), False),
        ("'20. 2. 3.(월) ~ 13.(목)", D(2020, 2, 3), D(2020, 2, 13), False),
        ("'20. 5. 8.(목)", D(2020, 5, 8), D(2020, 5, 8), False),
        ("'20.7.19~'20.7.26", D(2020, 7, 19), D(2020, 7, 26), False),
        ("'19.11 ~ 2.", D(2019, 11, 1), D(2020, 2, 1), False),  # the end in the next year
        ("'20. 2. 30.", None, None, False),  # no such day
        ("상반기", None, None, False),
    ],
)
def test_a_period_is_read_into_dates(raw, start, end, ongoing):
    period = period_of(raw)
    assert (period.start, period.end, period.ongoing) == (start, end, ongoing)
    assert period.readable == (start is not None)


@pytest.mark.parametrize(
    ("status", "due", "today", "state"),
    [
        ("open", None, D(2020, 1, 1), "open"),
        ("open", D(2020, 3, 10), D(2020, 3, 6), "open"),
        ("open", D(2020, 3, 10), D(2020, 3, 7), "due_soon"),
        ("in_progress", D(2020, 3, 10), D(2020, 3, 10), "due_soon"),
        ("in_progress", D(2020, 3, 10), D(2020, 3, 11), "overdue"),
        ("done", D(2020, 3, 10), D(2020, 4, 1), "closed"),
        ("dropped", D(2020, 3, 10), D(2020, 4, 1), "closed"),
    ],
)
def test_a_followup_state_against_its_due_date(status, due, today, state):
    assert followup_state(status, due, today, remind_days=3) == state
