"""Golden test of the ad-hoc review reader on seed 003 (domain.md §4.9): every review of
the list with its record, method, overview, rounds, findings and recommendations, and the
defects of the list and the records found at their lines."""

from __future__ import annotations

import datetime

import pytest
from tests.engine.seeds import SEEDS

from seonggwa.engine.catalogue import CATALOGUE
from seonggwa.importers.records import ParseError
from seonggwa.importers.reviews import detect, parse


@pytest.fixture(scope="module")
def doc():
    return parse(next(SEEDS.glob("003_*.txt")).read_text(encoding="utf-8"))


# number: (list line, record line, method, [(findings, recommendations) per round])
GOLDEN = {
    1: (718, 729, "project", [(3, 3)]),
    2: (719, 761, "inspection", [(3, 5)]),
    3: (720, 791, "inspection", [(4, 4)]),
    4: (721, 833, "inspection", [(2, 2), (2, 2), (2, 2), (3, 3), (2, 2)]),
    5: (722, 904, "project", [(3, 3)]),
    6: (723, 933, "inspection", [(3, 2)]),
    7: (724, 961, "inspection", [(3, 3), (2, 2)]),
    8: (725, 1011, "inspection", [(2, 2)]),
    9: (726, 1043, "project", [(3, 3)]),
    10: (727, 1081, "project", [(3, 2)]),
}


def test_every_review_of_seed_003_with_its_rounds(doc):
    assert doc.declared == {2020: 10} and doc.list_line == 717 and doc.years == [2020]
    got = {
        r.number: (
            r.line,
            r.record_line,
            r.method,
            [(len(x.findings), len(x.recommendations)) for x in r.rounds],
        )
        for r in doc.reviews
    }
    assert got == GOLDEN
    assert sum(len(x.recommendations) for r in doc.reviews for x in r.rounds) == 40


def test_list_cells_year_filled_down_and_departments_joined(doc):
    assert {r.year for r in doc.reviews} == {2020}
    first, second = doc.reviews[:2]
    assert (first.topic, first.timing_raw, first.department) == (
        "창의 어린이놀이터 조성사업 개선 검토",
        "'20.1월",
        "푸른도시국",
    )
    assert second.department_raw == "시 민 건 강 국" and second.department == "시민건강국"


def test_overview_fields_of_a_project_review_and_an_inspection(doc):
    project, inspection = doc.reviews[0], doc.reviews[1]
    assert project.overview_title == "창의 어린이놀이터 조성사업 개요"
    assert project.fields["추진기간"] == "'14. 10. ~ 계속(1단계 ~ 6단계)"
    assert project.fields["총사업비"].startswith("25,022백만원")
    assert project.fields["주요내용"].count("\n") == 2  # its three sub-items
    assert inspection.fields["점검대상"].startswith("서북·은평·어린이병원(직영)")
    assert inspection.period_raw == "'19.10.24.(목) ~ 12.12.(목)"
    movie = doc.reviews[7]
    assert movie.other_fields == [("점검배경", "영화관 코로나19 방역수칙 미이행 관련 언론보도")]


def test_rounds_titles_items_headings_and_details(doc):
    covid = doc.reviews[3]
    assert [(r.number, r.line, r.title) for r in covid.rounds][:2] == [
        (1, 842, "대중교통 방역, 안내상태 등 점검"),
        (2, 854, "어린이 및 어르신 이용시설 현장 점검"),
    ]
    assert covid.rounds[4].recommendations[0].line == 901
    centre = doc.reviews[2].rounds[0]
    assert [f.heading for f in centre.findings] == [
        "네트워크·인프라",
        "프로그램",
        "인력·홍보",
        "인력·홍보",
    ]
    hospital = doc.reviews[1].rounds[0]
    assert hospital.findings[2].details[0] == "구 분 | 어린이병원 | 서울의료원 | 보라매병원"
    movie = doc.reviews[7].rounds[0]
    assert movie.recommendations[0].text == "영화관 영업방침 관련 시정 필요사항 검토"
    assert len(movie.recommendations[0].details) == 3  # ① ② ③ under the ○ item
    parts = doc.reviews[6].rounds
    assert [p.title for p in parts] == [
        "기 개방시설 : 서울창업허브, 서울시립과학관 등 14곳",
        "개방 준비시설 : 우리동네키움센터, 세종문화회관 등 7곳",
    ]
    last = doc.reviews[9].rounds[0].recommendations[-1]
    assert (last.line, last.text) == (
        1112,
        "市-區 간 '태풍비상대책 TF' 운영, 자치구별 비상대응계획 수립 지원",
    )


def test_defects_found_at_their_lines(doc):
    found = sorted((f.line, f.code) for f in doc.findings)
    spaced = [(line, "reviews.department_spaced") for line in range(718, 728)]
    assert found == sorted(
        [
            *spaced,
            (791, "reviews.overview_missing"),
            (904, "reviews.overview_missing"),
            (904, "reviews.title_differs"),
            (933, "reviews.overview_missing"),
            (933, "reviews.title_differs"),
            (999, "reviews.part_as_round"),
            (1043, "reviews.overview_missing"),
            (1079, "reviews.title_split"),
            (1081, "reviews.overview_missing"),
            (1081, "reviews.title_differs"),
        ]
    )
    assert all(f.code in CATALOGUE for f in doc.findings)
    (split,) = [f for f in doc.findings if f.code == "reviews.title_split"]
    assert "태풍 '바비' 비상대응 관련" in split.message
    assert doc.reviews[9].title_note == "태풍 '바비' 비상대응 관련"


def test_list_and_record_counts_are_checked():
    text = "\n".join(
        [
            "연번\t년도\t평가사업명\t평가시기\t대상실국",
            "1\t2021 (3)\t가 사업 검토\t'21.13월\t복 지 국",
            "2\t\t나 시설 점검\t'21.2월\t복지국",
            "",
            "1. 가 사업 검토",
            "- ▶ 추진기간 : 알 수 없음",
            "점검결과",
            "- 결과 하나",
            "검토의견",
            "- 의견 하나",
        ]
    )
    doc = parse(text)
    codes = sorted((f.line, f.code) for f in doc.findings)
    assert codes == [
        (1, "reviews.count_mismatch"),
        (1, "reviews.count_mismatch"),
        (2, "reviews.department_spaced"),
        (2, "reviews.timing_unreadable"),
        (3, "reviews.record_missing"),
        (5, "reviews.period_unreadable"),
    ]
    assert doc.reviews[1].method == "inspection" and doc.reviews[0].method == "project"


def test_a_text_without_the_list_is_refused():
    assert not detect("연번\t년도\n1\t2020")
    with pytest.raises(ParseError, match="수시평가 목록"):
        parse("아무 내용\n없음")


def test_periods_are_read_into_dates(doc):
    from seonggwa.engine.reviews import period_of

    covid = period_of(doc.reviews[3].period_raw)
    assert (covid.start, covid.end) == (datetime.date(2020, 2, 3), datetime.date(2020, 2, 13))
    assert period_of(doc.reviews[0].period_raw).ongoing
