"""Golden test on seed 003 lines 1114-1674 (2020 성과관리계획 상세 평가내용) inside the bundle."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from seonggwa.importers import bsc_detail
from seonggwa.importers.bsc2009.validate import decimal_of, indicators_of
from seonggwa.importers.records import OwnerKind, ParsedDocument, ValueKind

SEED = Path(__file__).parents[2] / "fixtures" / "seeds" / "003_80f337656145150c.txt"


@pytest.fixture(scope="module")
def doc() -> ParsedDocument:
    return bsc_detail.parse(SEED.read_text(encoding="utf-8"), source=SEED.name)


def test_section_found_in_bundle_with_year_from_title(doc: ParsedDocument) -> None:
    assert doc.year == 2020
    assert doc.title == "2020년도 성과관리계획 상세 평가내용"
    assert len(doc.owners) == 49
    assert (doc.owners[0].name, doc.owners[0].line) == ("대변인", 1118)
    assert (doc.owners[-1].name, doc.owners[-1].kind) == ("정무부시장실", OwnerKind.OFFICE)
    assert sum(len(indicators_of(o)) for o in doc.owners) == 308


def test_48_of_49_departments_sum_to_100(doc: ParsedDocument) -> None:
    sums = {
        o.name: sum(
            (decimal_of(i.weight.raw) or Decimal(0) for i in indicators_of(o) if i.weight),
            Decimal(0),
        )
        for o in doc.owners
    }
    assert {n: s for n, s in sums.items() if s != 100} == {"복지정책실": 92}


@pytest.mark.parametrize(
    ("line", "name", "goal", "weight", "unit", "target"),
    [
        (1121, "공무원 청렴도", "공무원 청렴도 향상", "20", "점", "64"),
        (
            1141,
            "외국인 대상 서울브랜드 확산 건수",
            "시정참여 확대를 통한 시민 자긍심 고취 및 도시경쟁력 제고",
            "20",
            "명",
            "13,650",
        ),
        (
            1197,
            "우수정책 해외도시 공유 및 사업진출실적",
            "국제교류를 통한 서울위상 제고",
            "7.2",
            "건",
            "118",
        ),
        (
            1258,
            "기획단속 등 수사사건 송치율",
            "범죄 없는 시민생활 안전서비스 제공",
            "40",
            "%",
            "91.7",
        ),
        (1323, "한양도성 세계유산 등재 추진율", "서울 역사문화자원의 보존·복원", "10", "%", "94"),
        (
            1324,
            "한성백제유적 세계유산 등재 기반 조성 실적",
            "서울 역사문화자원의 보존·복원",
            "9",
            "건",
            "13",
        ),
        (
            1366,
            "체납시세 징수율",
            "시 세입의 안정적 조달 및 세수관리",
            "13",
            "% (억원)",
            "17.6 (2,221)",
        ),
    ],
)
def test_rows_are_read_from_the_weight_anchor(
    doc: ParsedDocument, line: int, name: str, goal: str, weight: str, unit: str, target: str
) -> None:
    found = [
        (g, i)
        for o in doc.owners
        for g in o.strategic_goals
        for i in g.indicators
        if i.line == line
    ]
    assert len(found) == 1
    g, ind = found[0]
    assert (ind.name, g.name, ind.weight.raw if ind.weight else None) == (name, goal, weight)
    assert ind.unit_of_measure == unit
    assert [v.raw for v in ind.values if v.kind is ValueKind.TARGET] == [target]


def test_integrity_row_keeps_due_month_and_perspective(doc: ParsedDocument) -> None:
    ind = indicators_of(doc.owners[0])[0]
    assert ind.perspective == "시민주인"
    assert ind.due_month == "12월에 달성도 평가 예정"
    assert [(v.kind, v.year, v.raw) for v in ind.values] == [
        (ValueKind.TARGET, 2020, "64"),
        (ValueKind.ACTUAL, 2020, "-"),
        (ValueKind.SCORE, 2020, "-"),
    ]
    assert indicators_of(doc.owners[0])[2].perspective == "정책성과"  # filled down


def test_shifted_footers_are_read(doc: ParsedDocument) -> None:
    totals = {o.name: o.declared_weight_total for o in doc.owners}
    assert totals["경제정책실"] is not None and totals["경제정책실"].raw == "100"
    assert totals["문화본부"] is not None and totals["문화본부"].line == 1328
    assert totals["보건환경연구원"] is not None and totals["보건환경연구원"].raw == ""


# Every finding on seed 003. Errors are exactly Appendix A.
EXPECTED = sorted(
    [
        ("weights.declared_total_differs", 1295),  # 003-1 복지정책실 92 vs printed 100
        ("weights.total_blank", 1649),  # 003-2 보건환경연구원 blank total
        # 003-3 unit does not fit the name
        ("indicator.unit_name_mismatch", 1141),
        ("indicator.unit_name_mismatch", 1335),
        ("indicator.unit_name_mismatch", 1384),
        ("indicator.unit_name_mismatch", 1387),
        ("indicator.unit_name_mismatch", 1616),
        ("indicator.unit_name_mismatch", 1624),
        # 003-4 two targets in one cell; one part of a composite target
        ("bsc_detail.two_targets", 1307),
        ("bsc_detail.composite_part_missing", 1207),
        # A7: strategy text in 지표명 (cells pushed right)
        ("bsc_detail.row_shifted", 1258),
    ]
)


def test_seed_003_findings_are_exactly_the_expected_list(doc: ParsedDocument) -> None:
    assert sorted((f.code, f.line) for f in bsc_detail.validate(doc)) == EXPECTED
    errors = [f for f in bsc_detail.validate(doc) if f.severity.value == "error"]
    assert [(f.code, f.line, f.unit) for f in errors] == [
        ("weights.declared_total_differs", 1295, "복지정책실")
    ]
