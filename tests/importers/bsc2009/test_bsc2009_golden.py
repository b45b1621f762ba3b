"""Golden test on seed 001 (Seoul 2009 BSC sheets): counts, sums and the full findings list."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from seonggwa.engine.findings import Severity
from seonggwa.importers import bsc2009
from seonggwa.importers.bsc2009.validate import decimal_of, indicators_of
from seonggwa.importers.records import OwnerKind, ParsedDocument

SEED = Path(__file__).parents[2] / "fixtures" / "seeds" / "001_5e42922f7edd2423.txt"


@pytest.fixture(scope="module")
def doc() -> ParsedDocument:
    return bsc2009.parse(SEED.read_text(encoding="utf-8"), source=SEED.name)


@pytest.fixture(scope="module")
def findings(doc: ParsedDocument) -> list[tuple[str, int | None]]:
    return sorted((f.code, f.line) for f in bsc2009.validate(doc))


def _sum(owner) -> Decimal:  # type: ignore[no-untyped-def]
    return sum(
        (decimal_of(i.weight.raw) or Decimal(0) for i in indicators_of(owner) if i.weight),
        Decimal(0),
    )


def test_seed_001_has_58_owners_on_59_sheets_with_1031_rows(doc: ParsedDocument) -> None:
    assert len(doc.owners) == 58
    assert doc.year == 2009
    rows = [i for o in doc.owners for i in indicators_of(o)]
    assert len(rows) == 1031
    assert sorted(i.line for i in rows if i.weight is None) == [390, 624, 992, 1231, 1318]


def test_management_office_titled_twice_is_one_owner(doc: ParsedDocument) -> None:
    owner = next(o for o in doc.owners if o.name == "경영기획실")
    assert owner.line == 272
    assert len(indicators_of(owner)) == 21
    assert _sum(owner) == 100


NOT_100 = {
    "가족보건기획관": 85,
    "경쟁력강화본부": 97,
    "문화국": 98,
    "푸른도시국": 95,
    "문화시설사업단": 120,
    "교통기획관": 96,
    "도로기획관": 98,
    "물관리국": 95,
    "한강사업본부": 95,
    "어린이병원": 98,
}


def test_48_of_58_sheets_total_100_and_the_ten_others_have_appendix_sums(
    doc: ParsedDocument,
) -> None:
    sums = {o.name: _sum(o) for o in doc.owners}
    assert {n: s for n, s in sums.items() if s != 100} == NOT_100
    assert sum(1 for s in sums.values() if s == 100) == 48


@pytest.mark.parametrize(
    ("line", "name", "rows", "kind", "composition", "parent"),
    [
        (10, "대변인", 12, OwnerKind.UNIT, "(1담당관)", "서울시"),
        (54, "디자인서울총괄본부본부장", 20, OwnerKind.HEAD, "(5 담당관)", "서울시"),
        (305, "정책기획관", 13, OwnerKind.UNIT, "", "경영기획실장"),
        (468, "기후변화기획관", 16, OwnerKind.UNIT, "", "맑은 환경 본부"),
        (543, "식품안전추진단", 14, OwnerKind.UNIT, "(3 과)", "서울시"),
        (
            732,
            "도시교통본부",
            36,
            OwnerKind.UNIT,
            "(2기획관 1단 11담당관 1센터 1반 6사업소)",
            "서울시",
        ),
        (1028, "도시기반시설본부", 40, OwnerKind.UNIT, "(2국 12부)", "서울시"),
        (1169, "상수도사업본부 부분부장", 21, OwnerKind.DEPUTY, "", "상수도사업본부"),
        (1389, "시장비서실", 11, OwnerKind.OFFICE, "(3보좌관)", "서울시"),
        (1422, "공보특보", 6, OwnerKind.OFFICE, "", "서울시"),
    ],
)
def test_owner_title_kind_composition_parent_and_row_count(
    doc: ParsedDocument,
    line: int,
    name: str,
    rows: int,
    kind: OwnerKind,
    composition: str,
    parent: str,
) -> None:
    owner = next(o for o in doc.owners if o.line == line)
    assert (owner.name, owner.kind, owner.composition, owner.parent_label) == (
        name,
        kind,
        composition,
        parent,
    )
    assert len(indicators_of(owner)) == rows


def test_perspective_weights_redeclared_on_second_page(doc: ParsedDocument) -> None:
    owner = next(o for o in doc.owners if o.name == "도시기반시설본부")
    policy = next(p for p in owner.perspectives if p.name == "정책 성과")
    assert policy.weight is not None and policy.weight.raw == "68"
    assert [(r.raw, r.line) for r in policy.redeclared] == [("69", 1057)]


def test_copies_are_marked(doc: ParsedDocument, findings: list[tuple[str, int | None]]) -> None:
    copies = {o.name: o.copy_of for o in doc.owners if o.copy_of}
    assert copies == {
        "디자인서울총괄본부본부장": "디자인서울총괄본부",
        "디자인서울기획관": "디자인서울총괄본부",
        "상수도사업본부 부분부장": "상수도사업본부",
    }


def test_shifted_rows_are_read_from_the_right(doc: ParsedDocument) -> None:
    rows = {i.line: i for o in doc.owners for i in indicators_of(o)}
    # 001:46 spurious blank inside the values; 001:25 right shift; 001:139 left shift
    assert [v.raw for v in rows[46].values] == ["-", "199", "300", "400"]
    assert (rows[46].name, rows[46].unit_of_measure, rows[46].weight.raw) == (  # type: ignore[union-attr]
        "서울디자인올림픽 시민 참여인원",
        "만명",
        "7",
    )
    assert (rows[25].name, rows[25].weight.raw) == ("언론 홍보기법 향상 교육시간", "3")  # type: ignore[union-attr]
    assert rows[139].name == "장애틀 아동 보육시설 이용률"
    assert rows[1116].name == "안전점검 실시횟수 및 조치율"
    assert rows[1311].program_codes == "2"
    assert rows[16].parent is not None and rows[16].parent.kpi == "시정 인지도"
    assert rows[17].parent is not None and rows[17].parent.target == "67.5%"  # filled down
    assert rows[320].name == "업무의 창의적 개선건수"


# Every finding on seed 001. Errors are exactly Appendix A; warnings/info are justified inline.
EXPECTED = sorted(
    [
        # 001-1 identical sheets (A19) and the 가족보건기획관 near-copy of 여성가족정책관
        ("bsc.copy_of", 54),
        ("bsc.copy_of", 80),
        ("bsc.copy_of", 1169),
        ("bsc.partial_copy", 159),
        # 001-2 broken cumulative series (also on the sub-unit sheet), 001-3 parent mismatch
        ("series.cumulative_broken", 747),
        ("series.cumulative_broken", 792),
        ("series.cumulative_broken", 893),
        ("bsc.parent_value_differs", 893),
        # same defect as 001-3: a sub-unit reprints a parent series with one year changed
        ("bsc.parent_value_differs", 331),
        ("bsc.parent_value_differs", 488),
        ("bsc.parent_value_differs", 841),
        # 001-7 duplicated cells (A8)
        ("bsc.duplicate_cell", 1115),
        ("bsc.duplicate_cell", 1116),
        ("bsc.duplicate_cell", 1117),
        ("bsc.duplicate_cell", 1118),
        # duplicated row weight 20 twice (문화시설사업단 001:721-722); 933 repeats 932's figures
        ("bsc.duplicate_row", 722),
        ("bsc.duplicate_row", 933),
        # 001-8 header defects: 목표치 over actuals (434 and the same header elsewhere), 관점
        # missing, 과목, title without 균형성과계획
        ("bsc.header_actual_label", 434),
        ("bsc.header_actual_label", 453),
        ("bsc.header_actual_label", 471),
        ("bsc.header_actual_label", 493),
        ("bsc.header_actual_label", 714),
        ("bsc.header_actual_label", 955),
        ("bsc.header_actual_label", 1143),
        ("bsc.header_actual_label", 1172),
        ("bsc.header_perspective_label", 923),
        ("bsc.header_perspective_missing", 133),
        ("bsc.title_word_missing", 543),
        # 001-9 header word in data cells (A18)
        ("bsc.header_word_in_cell", 319),
        ("bsc.header_word_in_cell", 320),
        # A14: a row holding only a second parent KPI
        ("bsc.parent_only_row", 378),
        # A20 도시기반시설본부 68 vs 69
        ("bsc.perspective_redeclared", 1057),
        # Appendix A perspective gaps: 가족보건기획관, 경쟁력강화본부, 문화시설사업단,
        # 어린이병원, 서북병원 (10/70 declared, 20/60 in rows)
        ("weights.perspective_sum", 164),
        ("weights.perspective_sum", 168),
        ("weights.perspective_sum", 388),
        ("weights.perspective_sum", 719),
        ("weights.perspective_sum", 1318),
        ("weights.perspective_sum", 1331),
        ("weights.perspective_sum", 1333),
        # A7 weight lost (5 rows)
        ("weights.missing", 390),
        ("weights.missing", 624),
        ("weights.missing", 992),
        ("weights.missing", 1231),
        ("weights.missing", 1318),
        # 001-6 scale switch (1009 is the same 79.8 -> 9.40 integrity row)
        ("bsc.scale_switch", 550),
        ("bsc.scale_switch", 614),
        ("bsc.scale_switch", 1009),
        # 001-5 (525) and 건수 KPIs counted in 회/명
        ("indicator.unit_name_mismatch", 113),
        ("indicator.unit_name_mismatch", 122),
        ("indicator.unit_name_mismatch", 525),
        ("indicator.unit_name_mismatch", 1358),
        # R10: the ten sheets of Appendix A
        ("weights.sum", 159),
        ("weights.sum", 362),
        ("weights.sum", 563),
        ("weights.sum", 608),
        ("weights.sum", 711),
        ("weights.sum", 780),
        ("weights.sum", 810),
        ("weights.sum", 974),
        ("weights.sum", 1214),
        ("weights.sum", 1306),
        # 001-4 / A20: a city KPI printed with different targets (one finding per KPI)
        *[
            ("bsc.city_target_differs", n)
            for n in (
                15,
                16,
                20,
                21,
                34,
                48,
                50,
                52,
                140,
                149,
                204,
                213,
                370,
                373,
                437,
                678,
                744,
                746,
                1036,
            )
        ],
        # 001-10: targets fall below the last actual and keep falling (or rise, for
        # lower-is-better KPIs); info for the owner to confirm
        *[
            ("indicator.direction_unclear", n)
            for n in (40, 484, 642, 650, 676, 678, 695, 746, 791, 1014, 1152, 1153, 1159)
        ],
    ]
)


def test_seed_001_findings_are_exactly_the_expected_list(
    findings: list[tuple[str, int | None]],
) -> None:
    assert findings == EXPECTED


def test_only_appendix_a_anomalies_are_errors(doc: ParsedDocument) -> None:
    errors = sorted((f.code, f.line) for f in bsc2009.validate(doc) if f.severity is Severity.ERROR)
    assert {code for code, _ in errors} == {
        "weights.sum",
        "weights.perspective_sum",
        "series.cumulative_broken",
    }


def test_city_target_finding_for_citizen_satisfaction_lists_appendix_lines(
    doc: ParsedDocument,
) -> None:
    finding = next(
        f for f in bsc2009.validate(doc) if f.code == "bsc.city_target_differs" and f.line == 15
    )
    lines = {int(x) for x in finding.details["lines"].split(",")}
    assert {15, 33, 255, 613, 1266, 1394} <= lines
