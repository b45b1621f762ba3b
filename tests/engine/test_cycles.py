"""Where a year sits in an evaluation cycle (engine.cycles): the first and the second year of
a cycle, the evaluation year, and the missing values that leave the position unknown."""

from __future__ import annotations

import pytest

from seonggwa.engine.cycles import cycle_position


@pytest.mark.parametrize(
    ("year", "first", "last", "nth", "next_evaluation", "evaluated"),
    [
        (2017, 2017, 2018, 1, 2019, None),  # the first cycle: nothing before it to evaluate
        (2018, 2017, 2018, 2, 2019, None),
        (2019, 2019, 2020, 1, 2021, (2017, 2018)),  # seed 003: the 2019 evaluation
        (2020, 2019, 2020, 2, 2021, None),
        (2031, 2031, 2032, 1, 2033, (2029, 2030)),
    ],
)
def test_a_year_of_a_two_year_cycle(year, first, last, nth, next_evaluation, evaluated) -> None:  # type: ignore[no-untyped-def]
    p = cycle_position(year, length=2, start=2017)
    assert p.known
    assert (p.first_year, p.last_year, p.year_in_cycle) == (first, last, nth)
    assert p.next_evaluation_year == next_evaluation
    assert p.evaluated_cycle == evaluated


def test_the_line_names_the_cycle_the_year_and_the_next_evaluation() -> None:
    assert cycle_position(2020, length=2, start=2017).text == (
        "평가 주기 2년 · 2019–2020 주기 중 2년차 · 다음 평가 2021년"
    )
    assert cycle_position(2019, length=2, start=2017).text == (
        "평가 주기 2년 · 2019–2020 주기 중 1년차 · 올해 2017–2018 주기 평가 · 다음 평가 2021년"
    )


def test_a_one_year_cycle_is_always_its_first_year() -> None:
    p = cycle_position(2024, length=1, start=2020)
    assert (p.first_year, p.last_year, p.year_in_cycle, p.evaluated_cycle) == (
        2024,
        2024,
        1,
        (2023, 2023),
    )


def test_a_three_year_cycle_counts_to_three() -> None:
    assert [cycle_position(y, length=3, start=2018).year_in_cycle for y in range(2018, 2025)] == [
        1,
        2,
        3,
        1,
        2,
        3,
        1,
    ]


@pytest.mark.parametrize(
    ("length", "start", "year", "says"),
    [
        (2, None, 2019, "주기 시작 연도가 없어"),
        (None, 2017, 2019, "평가 주기(년)가 없어"),
        (0, 2017, 2019, "평가 주기(년)가 없어"),
        (2, 2017, 2016, "2016년은 첫 주기(2017년 시작) 전이라"),
    ],
)
def test_missing_values_leave_the_position_unknown(length, start, year, says) -> None:  # type: ignore[no-untyped-def]
    p = cycle_position(year, length=length, start=start)
    assert not p.known
    assert (p.first_year, p.last_year, p.next_evaluation_year, p.evaluated_cycle) == (
        None,
        None,
        None,
        None,
    )
    assert says in p.text and "알 수 없습니다" in p.text
    assert "차" not in p.text  # no invented position
