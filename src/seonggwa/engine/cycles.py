"""Evaluation cycles: where a year sits in an evaluation held every *n* years (the
sustainability evaluation, every two years by ordinance; domain.md §4.7, §7.5).

Cycles of ``length`` years follow one another from a known first year (``start``, the first
year of one cycle, e.g. the year the ordinance took effect). The evaluation of a cycle is
held in the year after it ends, so the first year of a cycle is also the year the previous
cycle is evaluated. A year before ``start``, or a cycle without a length or a start, has no
position: the answer says it is unknown rather than guessing one.

>>> p = cycle_position(2020, length=2, start=2017)
>>> p.first_year, p.last_year, p.year_in_cycle, p.next_evaluation_year
(2019, 2020, 2, 2021)
>>> p.text
'평가 주기 2년 · 2019–2020 주기 중 2년차 · 다음 평가 2021년'
>>> cycle_position(2019, length=2, start=2017).evaluated_cycle
(2017, 2018)
>>> cycle_position(2019, length=2, start=None).text
'평가 주기 2년 · 주기 시작 연도가 없어 주기 중 위치를 알 수 없습니다'
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CyclePosition", "cycle_position"]


@dataclass(frozen=True, slots=True)
class CyclePosition:
    """A year's place in its cycle; ``known`` False (and the years None) when it cannot be
    told, with ``reason`` saying why."""

    year: int
    length: int | None
    first_year: int | None = None
    last_year: int | None = None
    year_in_cycle: int | None = None
    first_cycle: bool = False  # the cycle beginning at ``start``: no cycle before it
    reason: str = ""

    @property
    def known(self) -> bool:
        return self.year_in_cycle is not None

    @property
    def next_evaluation_year(self) -> int | None:
        """The year the cycle holding ``year`` is evaluated (the year after it ends)."""
        return None if self.last_year is None else self.last_year + 1

    @property
    def evaluated_cycle(self) -> tuple[int, int] | None:
        """The cycle evaluated in ``year`` when it is an evaluation year (the first year of
        a cycle, after a cycle that began at or after ``start``); None otherwise."""
        if self.year_in_cycle != 1 or self.length is None or self.first_year is None:
            return None
        if self.first_cycle:
            return None
        return (self.first_year - self.length, self.first_year - 1)

    @property
    def text(self) -> str:
        """One line for a page or a report's footnote."""
        head = f"평가 주기 {self.length}년" if self.length else "평가 주기 미정"
        if not self.known:
            return f"{head} · {self.reason}"
        parts = [
            head,
            f"{self.first_year}–{self.last_year} 주기 중 {self.year_in_cycle}년차",
        ]
        if self.evaluated_cycle is not None:
            first, last = self.evaluated_cycle
            parts.append(f"올해 {first}–{last} 주기 평가")
        parts.append(f"다음 평가 {self.next_evaluation_year}년")
        return " · ".join(parts)


def cycle_position(year: int, *, length: int | None, start: int | None) -> CyclePosition:
    """Where ``year`` sits in cycles of ``length`` years beginning at ``start``.

    >>> cycle_position(2018, length=2, start=2017).year_in_cycle
    2
    >>> cycle_position(2016, length=2, start=2017).known
    False
    >>> cycle_position(2017, length=2, start=2017).evaluated_cycle is None  # the first cycle
    True
    """
    if not length or length < 1:
        return CyclePosition(
            year, None, reason="평가 주기(년)가 없어 주기 중 위치를 알 수 없습니다"
        )
    if start is None:
        return CyclePosition(
            year, length, reason="주기 시작 연도가 없어 주기 중 위치를 알 수 없습니다"
        )
    if year < start:
        return CyclePosition(
            year,
            length,
            reason=f"{year}년은 첫 주기({start}년 시작) 전이라 주기 중 위치를 알 수 없습니다",
        )
    offset = (year - start) % length
    first = year - offset
    return CyclePosition(
        year,
        length,
        first_year=first,
        last_year=first + length - 1,
        year_in_cycle=offset + 1,
        first_cycle=first == start,
    )
