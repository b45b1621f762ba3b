"""Golden test of the risk register reader on seed 003 (`003:2074-2162`, domain.md §4.11):
every risk issue with its parts, and every defect of the section found at its line."""

from __future__ import annotations

import datetime

import pytest
from tests.engine.seeds import SEEDS

from seonggwa.engine.catalogue import CATALOGUE
from seonggwa.importers.records import ParseError
from seonggwa.importers.risks import detect, parse, parse_press


@pytest.fixture(scope="module")
def doc():
    return parse(next(SEEDS.glob("003_*.txt")).read_text(encoding="utf-8"), year=2020)


def test_the_section_and_the_years_operation(doc):
    assert doc.section_line == 2109
    assert (doc.period, doc.period_months) == ("'20.1월~'20.11월", (1, 11))


def test_every_risk_issue_of_seed_003(doc):
    golden = [
        (2111, 1, "플랫폼 노동자 보호를 위한 선도적 정책 수립 필요", 2, 1, 2, 1, 1, 2124),
        (2126, 2, "4차 산업 관련 규제 완화 추진 방향", 1, 1, 2, 1, 0, 2137),
        (2139, 3, "풍수해 대비 市 대응 철저", 1, 1, 2, 1, 0, 2149),
        (2151, 4, "코로나19에 따른 재활용 쓰레기 증가 대책 시급", 1, 1, 2, 1, 0, 2161),
    ]
    assert [
        (
            i.line,
            i.number,
            i.title,
            len(i.summary),
            len(i.press),
            len(i.risks),
            len(i.requests_short),
            len(i.requests_long),
            i.response_line,
        )
        for i in doc.issues
    ] == golden
    assert {(i.year_label, i.year) for i in doc.issues} == {("'20", 2020)}


def test_the_first_issue_in_full(doc):
    first = doc.issues[0]
    assert first.summary == [
        "플랫폼 노동과 관련해 주요 언론사 중심으로 지속적 이슈화",
        "※ '배달의 민족' 매각('19. 12월) 및 '타다' 기소('19. 10월) 등 플랫폼 기업 관련 이슈와 "
        "함께 노동이슈 확산",
    ]
    assert first.risks[1].startswith("* 배달 종사자 열악한 노동 환경")  # the footnote of risk 1
    assert first.requests_short == ["市 기존 노동자 정책 활용한 플랫폼 노동자 보호 대책 즉시 마련"]
    assert first.requests_long == [
        "「市 플랫폼 노동자 보호 대책」 수립 · 발표, 정부 정책화 노력 필요"
    ]
    assert first.response == ["서울시 플랫폼노동자 · 프리랜서 실태조사 용역 중"]


def test_press_items_with_outlet_before_or_after_the_date(doc):
    assert [(p.line, p.outlet, p.date) for i in doc.issues for p in i.press] == [
        (2116, "SBS", datetime.date(2019, 12, 19)),
        (2130, "이데일리", datetime.date(2019, 7, 24)),
        (2143, "뉴스1", datetime.date(2019, 9, 5)),
        (2155, "KBS", datetime.date(2020, 4, 23)),
    ]
    assert doc.issues[1].press[0].headline == "수도권 제외한 규제자유특구, 반쪽짜리 대책 '우려'"


def test_a_response_continued_on_the_next_bullet_is_joined(doc):
    assert doc.issues[3].response == [
        "코로나19 확산 및 유가하락 대비 재활용품 안정적 수거를 위한 대응방안 마련(5.28.)",
        "폐플라스틱 분리배출 등의 강화로 미수거 사태 방지",
    ]


def test_every_defect_found_at_its_line(doc):
    found = [(f.line, f.code) for f in doc.findings]
    assert found == [
        (2109, "risks.month_missing"),  # the cases carry no month
        (2117, "risks.label_spaced"),  # "리 스크"
        (2131, "risks.label_spaced"),
        (2135, "risks.requests_unsplit"),  # no (단기)/(장기)
        (2142, "risks.label_indented"),  # " - 관련보도 :"
        (2144, "risks.label_spaced"),  # "리 스 크"
        (2144, "risks.label_indented"),
        (2147, "risks.label_indented"),
        (2148, "risks.requests_unsplit"),
        (2149, "risks.label_indented"),  # "- √ 부서대응:"
        (2154, "risks.label_indented"),
        (2156, "risks.label_spaced"),
        (2156, "risks.label_indented"),
        (2159, "risks.label_indented"),
        (2160, "risks.requests_unsplit"),
        (2161, "risks.label_indented"),
        (2162, "risks.response_continued"),
    ]
    assert all(f.code in CATALOGUE for f in doc.findings)


def test_a_year_other_than_the_labels_is_a_warning():
    text = "시정 리스크 이슈 발굴 · 전파 사례\n① 이슈 ('19)\n- 주요내용 : 가\n- 리스크 :\n - 나\n"
    codes = [(f.line, f.code) for f in parse(text, year=2020).findings]
    assert (2, "risks.year_differs") in codes


def test_unreadable_lines_and_press_items_and_missing_parts():
    text = (
        "시정 리스크 이슈 발굴 · 전파 사례\n"
        "① 이슈 ('20)\n"
        " - 떠도는 줄\n"
        "- 관련보도 :\n"
        " - ▶ 날짜 없는 기사 (어느 신문)\n"
    )
    doc = parse(text)
    codes = [(f.line, f.code) for f in doc.findings]
    assert (3, "risks.line_unreadable") in codes
    assert (5, "risks.press_unreadable") in codes
    assert (2, "risks.part_missing") in codes
    assert doc.issues[0].press[0].headline == "날짜 없는 기사 (어느 신문)"


@pytest.mark.parametrize(
    "raw, headline, outlet, date",
    [
        ("기사 ('19. 12. 19. SBS)", "기사", "SBS", datetime.date(2019, 12, 19)),
        ("기사(이데일리 '19. 7. 24.)", "기사", "이데일리", datetime.date(2019, 7, 24)),
        ("기사 (뉴스1 2019.9.5.)", "기사", "뉴스1", datetime.date(2019, 9, 5)),
    ],
)
def test_press_item_forms(raw, headline, outlet, date):
    press = parse_press(raw)
    assert (press.headline, press.outlet, press.date) == (headline, outlet, date)


@pytest.mark.parametrize("raw", ["기사", "기사 (SBS)", "기사 ('19. 13. 40. SBS)"])
def test_press_items_without_a_readable_date(raw):
    assert parse_press(raw) is None


def test_not_a_risk_document():
    assert not detect("민간위탁 종합성과평가\n")
    with pytest.raises(ParseError):
        parse("민간위탁 종합성과평가\n")
    with pytest.raises(ParseError) as exc:
        parse("시정 리스크 이슈 발굴 · 전파 사례\n- 주요내용 : 가\n")
    assert exc.value.line == 2
