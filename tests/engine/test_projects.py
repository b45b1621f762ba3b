"""engine.projects: 사업기간 in every form of domain.md §4.12, money cells, sub-project titles,
progress in 추진사항, and the R18 checks (편성액 ≤ 총사업비; a parent's amount once)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seonggwa.engine.projects import (
    AmountRow,
    amount_checks,
    amount_findings,
    amount_read,
    counted_total,
    million,
    period_read,
    progress_read,
    title_split,
)

D = Decimal


@pytest.mark.parametrize(
    ("raw", "start", "end", "continuing", "financing", "label"),
    [
        ("2018~", (2018, None), (None, None), True, "", "2018~"),
        ("~2025", (None, None), (2025, None), False, "", "~2025"),
        ("계속", (None, None), (None, None), True, "", "계속"),
        ("'20.1월.~12월", (2020, 1), (2020, 12), False, "", "2020.1.~2020.12."),
        ("2020.7.~", (2020, 7), (None, None), True, "", "2020.7.~"),
        ("2016 ~ 2028 (민자사업)", (2016, None), (2028, None), False, "민자사업", "2016~2028"),
        ("2015~2025 (공공기여금)", (2015, None), (2025, None), False, "공공기여금", "2015~2025"),
        ("1984 ~ 2020", (1984, None), (2020, None), False, "", "1984~2020"),
        ("2019 ~ 2022", (2019, None), (2022, None), False, "", "2019~2022"),
    ],
)
def test_period_forms(raw, start, end, continuing, financing, label):
    p = period_read(raw)
    assert p.readable and p.raw == raw
    assert (p.start_year, p.start_month) == start
    assert (p.end_year, p.end_month) == end
    assert (p.continuing, p.financing, p.label) == (continuing, financing, label)


@pytest.mark.parametrize("raw", ["추진 중", "2020.13.~", "가~나"])
def test_a_period_not_understood_keeps_its_text(raw):
    p = period_read(raw)
    assert not p.readable and p.raw == raw and p.start_year is None


@pytest.mark.parametrize(
    ("raw", "won", "note", "readable"),
    [
        ("10,681", D("10681000000"), "", True),
        ("0", D(0), "", True),
        ("", None, "", True),
        ("-", None, "-", True),
        ("계속사업", None, "계속사업", True),
        ("미정", None, "미정", True),
        ("1635", D("1635000000"), "", True),
        ("약 300", None, "약 300", False),
    ],
)
def test_amounts_in_million_won(raw, won, note, readable):
    reading = amount_read(raw)
    assert (reading.won, reading.note, reading.readable) == (won, note, readable)


@pytest.mark.parametrize(
    ("won", "shown"),
    [(D("2224500000"), "2,225"), (D("2224499999"), "2,224"), (None, "-"), (D(0), "0")],
)
def test_million_is_half_up(won, shown):
    assert million(won) == shown


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("AI양재 허브 등 AI산업 지원 - 1. 희경빌딩 추가 입차", ("AI양재 허브 등 AI산업 지원", 1, "희경빌딩 추가 입차")),
        ("어르신 공공요양시설 확충 - 1.실버케어센터 건립", ("어르신 공공요양시설 확충", 1, "실버케어센터 건립")),
        ("영등포 경인로 일대 도시재생사업- 2. 대선제분", ("영등포 경인로 일대 도시재생사업", 2, "대선제분")),
        ("도시숲 조성 3. 국회대로 상부공원 조성", ("도시숲 조성", 3, "국회대로 상부공원 조성")),
        ("서울패션허브 조성 - 3. '마이 스타일 랩' 조성. 운영", ("서울패션허브 조성", 3, "'마이 스타일 랩' 조성. 운영")),
        ("지하철 2·3, 4·5·7·8호선 노후전동차 교체", None),
        ("핀테크산업 생태계 지원", None),
    ],
)  # fmt: skip
def test_sub_project_titles(title, expected):
    assert title_split(title) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("◦ 계획 72.3%/실행 70.3% (지상5~7층 골조공사 중)", (D("72.3"), D("70.3"))),
        ("공사중(공정률 90.3%, 1공구 : 90.6%/2공구 :90.2%)", (None, D("90.3"))),
        ("'20.10 : 공사중(공정률85%, 1공구 : 실적 85.1%)", (None, D("85"))),
        ("공정률(5.09%) - 1공구(공정률 : 7.78%)", (None, D("5.09"))),
        ("◦ '20.10. : 공사 중(78%) *착공(10.3)", (None, D("78"))),
        ("◦ 위워크 2개층 임대 계약 완료(10월)", (None, None)),
    ],
)
def test_progress_in_the_narrative(text, expected):
    assert progress_read(text) == expected


def _rows() -> list[AmountRow]:
    # seed 003 rows 6-12: 28,787 printed on two sub-projects, 24,081 on three
    m = D(1_000_000)
    return [
        AmountRow(6, "AI - 1", D(2224) * m, D(4135) * m, "AI", 2412),
        AmountRow(7, "AI - 2", D(28787) * m, D(3941) * m, "AI", 2413),
        AmountRow(8, "AI - 3", D(28787) * m, D(500) * m, "AI", 2414),
        AmountRow(10, "홍릉 - 1", D(10986) * m, D(24081) * m, "홍릉", 2416),
        AmountRow(11, "홍릉 - 2", D(68588) * m, D(24081) * m, "홍릉", 2417),
        AmountRow(12, "홍릉 - 3", None, D(24081) * m, "홍릉", 2418),
        AmountRow(65, "녹색교통", D(300) * m, D(680) * m, None, 2477),
        AmountRow(66, "자율주행", D(12450) * m, D(3950) * m, None, 2478),
        AmountRow(67, "커넥티드", D(12450) * m, D(3950) * m, None, 2479),
    ]


def test_r18_budget_over_total_compares_a_parents_budget_with_the_parents_total():
    checks = amount_checks(_rows())
    assert [k for k, c in checks.items() if c.over_budget] == [6, 65]
    assert checks[10].budget_is_parents and checks[10].compared_total == D("79574000000")
    assert checks[8].total_repeats == 7 and checks[11].budget_repeats == 10


def test_r18_a_parents_amount_counts_once_and_projects_of_their_own_never_repeat():
    rows = _rows()
    assert counted_total(rows[:3], "total") == D("31011000000")  # 2,224 + 28,787 once
    assert counted_total(rows[3:6], "budget") == D("24081000000")
    assert counted_total(rows[7:], "total") == D("24900000000")  # rows 66, 67: separate
    assert counted_total([AmountRow(1, "x", None, None)], "total") is None


def test_r18_findings_at_their_lines():
    found = [(f.line, f.code) for f in amount_findings(_rows(), file="003.txt", year=2020)]
    assert found == [
        (2412, "projects.budget_over_total"),
        (2414, "projects.parent_amount_repeated"),
        (2417, "projects.parent_amount_repeated"),
        (2418, "projects.parent_amount_repeated"),
        (2477, "projects.budget_over_total"),
    ]


amounts = st.one_of(st.none(), st.integers(0, 10**7).map(lambda v: D(v) * 1_000_000))


@given(st.lists(st.tuples(amounts, amounts, st.sampled_from([None, "a", "b"])), max_size=12))
def test_counted_total_never_exceeds_the_plain_sum(values):
    rows = [AmountRow(n, str(n), t, b, g) for n, (t, b, g) in enumerate(values)]
    plain = [r.total for r in rows if r.total is not None]
    counted = counted_total(rows, "total")
    assert (counted is None) == (not plain)
    if plain:
        assert max(plain) <= counted <= sum(plain)
