"""Golden test of the consignment table reader on seed 003 (domain.md §4.8, Appendix B)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from tests.engine.seeds import SEEDS

from seonggwa.engine.catalogue import CATALOGUE
from seonggwa.importers.consignment import detect, parse, split_members
from seonggwa.importers.records import ParseError

D = Decimal


@pytest.fixture(scope="module")
def doc():
    return parse(next(SEEDS.glob("003_*.txt")).read_text(encoding="utf-8"))


def test_years_rows_sums_and_averages(doc):
    figures = {
        y.year: (len(y.rows), sum(r.score for r in y.rows), y.average, y.computed_average)
        for y in doc.years
    }
    assert figures == {
        2018: (44, D("3542.42"), D("80.51"), D("80.51")),
        2019: (51, D("4107.34"), D("80.54"), D("80.54")),
        2020: (38, D("3053.02"), D("80.34"), D("80.34")),
    }
    mins = {y.year: (min(r.score for r in y.rows), max(r.score for r in y.rows)) for y in doc.years}
    assert mins == {
        2018: (D("56.19"), D("91.94")),
        2019: (D("71.01"), D("89.26")),
        2020: (D("50.65"), D("89.33")),
    }


def test_rounds_windows_and_assignment(doc):
    rounds = {
        y.year: [(r.number, r.start_month, r.end_month, r.count) for r in y.rounds]
        for y in doc.years
    }
    assert rounds[2019] == [(1, 1, 4, 18), (2, 3, 9, 28), (3, 9, 12, 5)]
    for year, counts in ((2018, [11, 27, 6]), (2019, [18, 28, 5]), (2020, [12, 22, 4])):
        rows = next(y for y in doc.years if y.year == year).rows
        assert [sum(1 for r in rows if r.round_number == n) for n in (1, 2, 3)] == counts
    y2020 = doc.years[2]
    assert y2020.evaluators == ("(주)한국능률협회컨설팅", "(주)한국소비자평가연구원")
    assert y2020.rows[34].service == "마포자원회수시설" and y2020.rows[34].round_number == 3


def test_exactly_five_rows_below_sixty_marked_excluded(doc):
    excluded = [(r.line, r.score) for y in doc.years for r in y.rows if r.remark == "재계약 배제"]
    assert excluded == [
        (507, D("58.96")),
        (516, D("56.19")),
        (638, D("57.89")),
        (647, D("55.99")),
        (653, D("50.65")),
    ]
    below = [(r.line, r.score) for y in doc.years for r in y.rows if r.score < 60]
    assert below == excluded
    assert [(e.line, e.year, e.score) for e in doc.exclusions] == [
        (672, 2018, D("58.96")),
        (673, 2018, D("56.19")),
        (674, 2020, D("57.89")),
        (675, 2020, D("55.99")),
        (676, 2020, D("50.65")),
    ]


def test_every_defect_found_at_its_line(doc):
    found = sorted((f.line, f.code) for f in doc.findings)
    assert found == [
        (526, "consignment.year_label_garbled"),  # "2 2019년"
        (556, "consignment.consortium_space"),  # (주)엘지스포르츠 (주)두산베어스
        (597, "consignment.year_label_garbled"),  # "3] 2020년"
        (650, "consignment.consortium_space"),  # 한중환경기술(주) 환경시설관리(주)
        (673, "consignment.exclusion_contractor_differs"),  # 홍사단 vs (사)홍사단 (516)
        (674, "consignment.exclusion_name_differs"),  # vs 서울시 중소유통물류센터 (638)
    ]
    name = next(f for f in doc.findings if f.line == 674)
    assert name.details["main_line"] == "638" and "서울시 중소유통물류센터" in name.message
    assert all(f.code in CATALOGUE for f in doc.findings)


def test_consortium_members(doc):
    rows = {r.line: r for y in doc.years for r in y.rows}
    assert rows[518].members == ("사단법인 마을", "사단법인 일촌공동체")
    assert rows[650].members == ("한중환경기술(주)", "환경시설관리(주)")
    assert rows[622].members == ("오니트(주) 외 4",)
    assert split_members("카이스트·모두의 연구소 컨소시엄")[0] == (
        "카이스트",
        "모두의 연구소 컨소시엄",
    )


def _table(*rows: str, head: str = "① 2021년", average: str = "70.00") -> str:
    return "\n".join(
        [
            head,
            "○ 대 상 : 총 2개 사무",
            f"○ 평가결과 : 총 2개 사무, 평균 {average}점",
            "- 1차(1~4월) : 가 등 2개 사무",
            "연번\t평가대상 사무\t사업부서\t수탁기관\t점수\t비 고",
            *rows,
        ]
    )


def test_defects_of_a_made_up_table():
    doc = parse(_table("1\t가\t과\t(주)갑\t80.00\t", "2\t나\t과\t을\t59.50\t", average="70.00"))
    codes = sorted((f.line, f.code) for f in doc.findings)
    assert codes == [(3, "consignment.average_mismatch"), (7, "consignment.remark_missing")]
    assert "69.75" in next(f for f in doc.findings if f.line == 3).message
    doc = parse(_table("1\t가\t과\t갑\t80.00\t재계약 배제", "2\t나\t과\t을\t6o\t"))
    codes = sorted((f.line, f.code) for f in doc.findings)
    assert (6, "consignment.remark_unexpected") in codes
    assert (7, "consignment.score_unreadable") in codes


def test_not_a_consignment_document():
    assert not detect("연번\t성과지표\n1\t가")
    with pytest.raises(ParseError):
        parse("연번\t성과지표\n1\t가")
