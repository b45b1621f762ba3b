"""Golden test of the joint-evaluation tables of seed 003 (domain.md §4.10, R17): 122
indicators split 8/17/62/29/6 by national goal and 87/35 by type, the scope tags, the
timeline, and the printed 목표달성도 as printed; defects are findings at their lines."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from seonggwa.importers.joint.parse import JointDocument, parse, region_name

SEED = Path(__file__).parents[2] / "fixtures" / "seeds" / "003_80f337656145150c.txt"


@pytest.fixture(scope="module")
def doc() -> JointDocument:
    return parse(SEED.read_text(encoding="utf-8"), source="003.txt")


def test_overview(doc: JointDocument) -> None:
    assert doc.performance_year == 2019
    assert doc.basis == "정부업무평가기본법 제21조"
    assert (doc.declared_indicators, doc.declared_quantitative, doc.declared_qualitative) == (
        122,
        87,
        35,
    )
    assert "합동평가단(103명)" in doc.evaluators


def test_122_indicators_by_goal_and_type(doc: JointDocument) -> None:
    assert len(doc.indicators) == 122
    assert [n for _, n in sorted(Counter(i.goal for i in doc.indicators).items())] == [
        8,
        17,
        62,
        29,
        6,
    ]
    assert Counter(i.qualitative for i in doc.indicators) == {False: 87, True: 35}
    assert [(g.declared_indicators, g.declared_quantitative) for g in doc.goals] == [
        (8, 3),
        (17, 15),
        (62, 47),
        (29, 19),
        (6, 3),
    ]
    assert [i.number for i in doc.indicators] == list(range(1, 123))
    first = doc.indicators[0]
    assert (first.name, first.ministry, first.qualitative) == (
        "자원봉사 활성화 추진 우수사례(정성평가)",
        "행안부",
        True,
    )
    # row 30 has no goal cell and row 98 no number: both still under their goal
    assert (doc.indicators[29].goal, doc.indicators[29].ministry) == (3, "복지부")
    assert (doc.indicators[97].name, doc.indicators[97].goal) == (
        "지속가능한 산림자원육성 달성률",
        4,
    )


def test_scope_tags_leave_the_name(doc: JointDocument) -> None:
    by = {i.number: i for i in doc.indicators}
    assert (by[97].name, by[97].scope_city, by[97].scope_province) == (
        "산사태 예방·대응 체계 구축률",
        "common",
        "partial",
    )
    assert (by[113].scope_city, by[113].scope_province) == ("partial", "common")
    assert (by[99].scope_city, by[99].scope_province) == ("none", "common")
    assert by[1].scope_city == by[1].scope_province == "common"
    assert sum(1 for i in doc.indicators if i.scope_raw) == 8


def test_printed_achievement_as_printed(doc: JointDocument) -> None:
    def value(group: str, region: str | None, goal: int | None) -> Decimal:
        (p,) = [
            p
            for p in doc.printed
            if (p.group, p.region, p.goal, p.measure) == (group, region, goal, "achievement")
        ]
        return p.value

    assert value("city", "서울", 4) == Decimal("92.3")
    assert value("city", "대구", 4) == value("city", "세종", 4) == Decimal("94.1")
    assert value("province", "충남", 4) == Decimal("94.7")
    assert value("city", "세종", None) == Decimal("92.9")
    assert value("city", None, 4) == Decimal("83.7")
    (city,) = [p for p in doc.printed if p.region is None and p.goal is None and p.group == "city"]
    assert (city.value, city.change_pp, city.line) == (Decimal("81.7"), Decimal("11.7"), 1732)
    cases = [p for p in doc.printed if p.measure == "best_cases" and p.goal is None]
    assert [(p.region, int(p.value)) for p in cases][:3] == [
        ("대구", 23),
        ("광주", 13),
        ("서울", 11),
    ]


def test_timeline(doc: JointDocument) -> None:
    entry = [t for t in doc.timeline if t.label.startswith("실적입력")]
    assert [(t.starts_on, t.ends_on, t.line) for t in entry] == [
        (date(2020, 1, 1), date(2020, 2, 29), 1713)
    ]
    assert [t.label for t in doc.timeline if t.stage == "평가실시"][-2:] == [
        "국민공감 우수사례 선정(국민평가단)",
        "합동평가단 최종검증",
    ]


def test_timeline_steps_that_govern_workflow_windows(doc: JointDocument) -> None:
    """실적입력 sets the entry window; of the two 이의신청 steps the one ending last (정량, to
    April) sets the objection deadline; the rest are milestones, the results (July, the
    document's date under its title) last."""
    governing = {t.governs: (t.label, t.starts_on, t.ends_on) for t in doc.timeline if t.governs}
    assert governing == {
        "entry": ("실적입력(정량, 정성)", date(2020, 1, 1), date(2020, 2, 29)),
        "objections": (
            "중앙부처, 시·도 실적확인 및 이의신청(정량)",
            date(2020, 2, 1),
            date(2020, 4, 30),
        ),
    }
    qualitative = next(t for t in doc.timeline if t.label.startswith("정성평가"))
    assert (qualitative.governs, qualitative.starts_on, qualitative.ends_on) == (
        "",
        date(2020, 4, 1),
        date(2020, 4, 30),
    )
    results = doc.timeline[-1]
    assert (results.stage, results.starts_on, results.ends_on, results.raw, results.line) == (
        "결과발표",
        date(2020, 7, 1),
        date(2020, 7, 31),
        "2020. 7.",
        1678,
    )
    assert len(doc.timeline) == 11


def test_best_cases_per_group(doc: JointDocument) -> None:
    """The 국민공감 우수사례 table (lines 1881-1885) with the 주요내용 table (1936-1940)
    matched by region and title (whitespace aside: "「충남 흑삼」세계화" / "「충남 흑삼」 세계화")."""
    assert doc.declared_best_cases == 5
    assert [(c.group, c.region, c.line) for c in doc.best_cases] == [
        ("city", "대구", 1881),
        ("province", "충북", 1882),
        ("province", "충남", 1883),
        ("province", "경북", 1884),
        ("province", "경북", 1885),
    ]
    chungnam = doc.best_cases[2]
    assert chungnam.title == "상생협력 비법 통했다 「충남 흑삼」세계화"
    assert chungnam.summary.startswith("다양한 품목의 농산물(쌀, 감자 등)과")
    assert all(c.summary and c.indicator is None for c in doc.best_cases)
    assert (
        doc.best_cases[0].raw == "대구광역시\t식품산업과 연계한 농업 활성화로 지역농산물 소비 증대"
    )


def test_best_case_defects_are_findings_at_their_lines() -> None:
    text = SEED.read_text(encoding="utf-8").splitlines()
    text[1880] = "평양직할시\t없는 사례"  # line 1881: unknown region
    text[1881] = "충청북도\t"  # line 1882: no title
    text[1937] = "충남\t다른 제목 ▶ (주요내용) 요약"  # line 1938: not in the names table
    doc = parse("\n".join(text), source="x.txt")
    found = [(f.code, f.line) for f in doc.findings if f.code.startswith("joint.")]
    assert ("joint.region_unknown", 1881) in found
    assert ("joint.best_case_title_missing", 1882) in found
    assert ("joint.best_case_unmatched", 1938) in found
    assert ("joint.best_case_count", 1870) in found  # 총 5건 printed, 3 read
    assert len(doc.best_cases) == 3
    assert next(c for c in doc.best_cases if c.region == "충남").summary == ""


def test_the_province_only_scope_tag_of_line_2049(doc: JointDocument) -> None:
    """ "임도시설 실적률(도부: 공통평가)" (line 2049, after the list's header repeated at 2048
    and with the goal cell repeated): the tag leaves the name, the 도부 is evaluated on it in
    common (공통), the 시부 — not named — not at all, and the finding says so."""
    (forest,) = [i for i in doc.indicators if i.line == 2049]
    assert (forest.number, forest.goal, forest.name, forest.ministry) == (
        99,
        4,
        "임도시설 실적률",
        "산림청",
    )
    assert (forest.scope_raw, forest.scope_province, forest.scope_city) == (
        "도부: 공통평가",
        "common",
        "none",
    )
    assert not forest.qualitative
    (note,) = [f for f in doc.findings if f.line == 2049]
    assert note.code == "joint.scope_one_group" and "시부" in note.message
    assert "도부: 공통평가" in note.message


def test_findings_at_their_lines(doc: JointDocument) -> None:
    assert [(f.code, f.line) for f in doc.findings] == [
        ("joint.number_missing", 2046),
        ("joint.scope_one_group", 2049),
    ]


def test_counts_that_disagree_are_findings() -> None:
    text = SEED.read_text(encoding="utf-8").replace("122개 지표(정량 87개", "123개 지표(정량 87개")
    doc = parse(text, source="x.txt")
    assert [f.code for f in doc.findings if f.code == "joint.count_mismatch"] == [
        "joint.count_mismatch"
    ]


def test_region_names() -> None:
    assert region_name("경상남도") == "경남" and region_name("제주") == "제주"
    assert region_name("") is None
