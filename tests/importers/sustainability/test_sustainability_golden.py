"""Golden test of the sustainability tables of seed 003 (domain.md §4.7, R13, R14): the
parser with the engine's mean of means reproduces the printed figures, and the defects of
the tables are findings at their lines."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from seonggwa.engine.aggregation import mean_of_means
from seonggwa.importers.sustainability import SustainabilityDocument, parse

SEED = Path(__file__).parents[2] / "fixtures" / "seeds" / "003_80f337656145150c.txt"


@pytest.fixture(scope="module")
def doc() -> SustainabilityDocument:
    return parse(SEED.read_text(encoding="utf-8"), source="003.txt")


def test_vision_matrix_has_three_fields_with_goals_strategies_and_tasks(
    doc: SustainabilityDocument,
) -> None:
    shape = [
        (f.name, f.goal, len(f.strategies), sum(len(s.tasks) for s in f.strategies))
        for f in doc.fields
    ]
    assert shape == [
        ("환경", "회복력 증대와 쾌적한 환경 조성", 4, 9),
        ("사회문화", "사회적 형평성 및 문화적 활력 제고", 4, 10),
        ("경제", "혁신산업 육성과 일자리 창출", 4, 9),
    ]
    first = doc.fields[0].strategies[0]
    assert (first.number, first.name, first.line) == (1, "세계적인 기후보호 선도도시로 도약", 106)
    assert [t.name for t in first.tasks] == [
        "온실가스 배출량을 줄인다.",
        "자연재해로 인한 피해를 줄인다.",
    ]


def test_thirty_core_indicators_with_keywords_filled_down(doc: SustainabilityDocument) -> None:
    assert len(doc.core_indicators) == 30
    per_field = {
        f: sum(1 for c in doc.core_indicators if c.field == f) for f in ("환경", "사회문화", "경제")
    }
    assert per_field == {"환경": 10, "사회문화": 10, "경제": 10}
    flood = next(c for c in doc.core_indicators if c.name == "침수취약지역 수")
    assert (flood.keyword, flood.line, flood.achievement) == ("기후변화", 189, Decimal("61.0"))
    excluded = [c.name for c in doc.core_indicators if c.excluded]
    assert excluded == ["적정 소득기준 보장률", "마을형 문화공간 수"]


def test_field_means_and_the_mean_of_field_means_are_the_printed_figures(
    doc: SustainabilityDocument,
) -> None:
    groups: dict[str, list[Decimal | None]] = {}
    for c in doc.core_indicators:
        groups.setdefault(c.field, []).append(None if c.excluded else c.achievement)
    means, overall = mean_of_means(groups)
    assert {k: v.text for k, v in means.items()} == {
        "환경": "79.4",
        "사회문화": "76.3",
        "경제": "78.1",
    }
    assert overall.text == "77.9"  # R13: not the pooled mean of the 28 values
    pooled = sum(v for vs in groups.values() for v in vs if v is not None) / 28
    assert round(pooled, 2) == Decimal("78.06")


def test_count_tables_reproduce_the_header_totals(doc: SustainabilityDocument) -> None:
    got = [
        (t.field, t.computed_totals[0], t.indicator_total, len(t.rows)) for t in doc.count_tables
    ]
    assert got == [
        ("환경", 75, 110, 9),
        ("사회문화", 103, 152, 10),
        ("경제", 55, 84, 9),
        ("추진기반", 41, 59, 7),
    ]
    assert sum(t.computed_totals[0] for t in doc.count_tables) == 274
    assert sum(t.indicator_total for t in doc.count_tables) == 405
    assert [sum(t.computed_totals[k] for t in doc.count_tables) for k in range(3)] == [274, 102, 29]
    env = doc.count_tables[0]
    assert env.header_totals == (75, 31, 4) and env.summary_total == 110
    # the strategy cell is filled down
    assert env.rows[1].strategy == "세계적인 기후변화대응 선도도시로 도약"


def test_grading_criteria_keep_rules_and_examples(doc: SustainabilityDocument) -> None:
    assert [(c.grade, c.rule, c.line) for c in doc.criteria] == [
        ("달성", "조기달성", 261),
        ("달성", "사업을 변경 추진하여 완료한 경우", 263),
        (
            "일부달성",
            "사업 지연 및 중단의 경우, 제반 상황 및 달성도를 종합적으로 고려하여 판단",
            265,
        ),
        ("미달성", "", 266),
    ]
    assert doc.criteria[0].example.startswith("17년 50%, 18년 50%")


def test_seed_003_findings_are_exactly_the_expected_list(doc: SustainabilityDocument) -> None:
    assert [(f.code, f.line) for f in doc.findings] == [
        ("sustainability.excluded", 242),
        ("sustainability.name_differs", 250),  # 녹색교통수단 부담률 vs 녹색교통 수단분담률
        ("sustainability.excluded", 250),
        ("sustainability.count_blank", 279),
        ("sustainability.count_blank", 303),
    ]


@pytest.mark.parametrize(
    ("header", "row", "codes"),
    [
        ("달성(3)\t일부달성(1)\t미달성(0)", "3\t1\t-", []),
        (
            "달성(4)\t일부달성(1)\t미달성(0)",
            "3\t1\t-",
            # the header disagrees with the rows, and with the ▶ line (달성 and 총)
            ["sustainability.count_total_mismatch", *["sustainability.summary_mismatch"] * 2],
        ),
        (
            "달성(3)\t일부달성(1)\t미달성(0)",
            "3\tx\t-",
            ["sustainability.count_unreadable", "sustainability.count_total_mismatch"],
        ),
    ],
)
def test_count_table_checks(header: str, row: str, codes: list[str]) -> None:
    text = "\n".join(
        [
            "- ▶ 성과지표 이행현황 : 총 4개 성과지표 중 달성 3개, 일부달성1개, 미달성0개",
            "",
            "<서울시 지속가능발전 이행계획 - 환경분야 성과지표 달성도>",
            "",
            f"전략\t과제\t{header}",
            f"전략 A\t과제 가\t{row}",
            "",
        ]
    )
    doc = parse(text, source="t.txt")
    found = [f.code for f in doc.findings if f.code != "sustainability.table_missing"]
    assert found == codes


def test_achievement_over_100_is_capped_with_a_finding() -> None:
    text = "\n".join(
        [
            "<서울시 지속가능발전 핵심지표>",
            "",
            "환경\t",
            "키워드\t지표",
            "기후\t지표 가",
            "",
            "<서울시 지속가능발전 지표별 달성도>",
            "",
            "환경\t",
            "지표\t달성도",
            "지표 가\t120.5%",
            "",
        ]
    )
    doc = parse(text, source="t.txt")
    assert doc.core_indicators[0].achievement == Decimal(100)
    assert "sustainability.achievement_over_cap" in [f.code for f in doc.findings]
