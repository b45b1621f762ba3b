"""Golden test on seed 000 (domain.md Appendix A "000", Appendix B)."""

from __future__ import annotations

from collections import defaultdict

import pytest

from seonggwa.engine.findings import Finding, Severity
from seonggwa.engine.text import norm_key
from seonggwa.importers.plan import parse, validate
from seonggwa.importers.plan.validate import detail_counts, summary_for_owner
from seonggwa.importers.records import DocumentFormat, ParsedDocument
from seonggwa.importers.text import parse_int_cell

# unit, summary line, declared (goals, policy goals, indicators), computed from the detail
UNITS = [
    ("대변인", 13, (1, 1, 2), (1, 1, 2)),
    ("시민소통기획관", 14, (1, 7, 15), (1, 7, 15)),
    ("1인가구특별대책추진단", 15, (1, 2, 2), (1, 2, 2)),
    ("여성가족정책실", 16, (1, 7, 13), (1, 7, 13)),
    ("노동공정상생정책관", 17, (1, 6, 10), (1, 6, 10)),
    ("비상기획관", 18, (1, 1, 2), (1, 1, 2)),
    ("스마트도시정책관", 19, (1, 6, 12), (1, 6, 12)),
    ("남북협력추진단", 20, (1, 2, 3), (1, 2, 3)),
    ("민생사법경찰단", 21, (1, 1, 3), (1, 1, 3)),
    ("미래청년기획단", 22, (1, 1, 2), (1, 1, 2)),
    ("기획조정실", 23, (1, 9, 16), (1, 9, 16)),
    ("소방재난본부", 24, (1, 9, 21), (1, 9, 21)),  # 000-9: only with far-right indicators
    ("경제정책실", 25, (1, 14, 22), (1, 14, 20)),  # 000-3
    ("복지정책실", 26, (1, 7, 12), (1, 7, 11)),  # 000-4
    ("도시교통실", 27, (1, 11, 22), (1, 11, 22)),
    ("문화본부", 28, (1, 11, 15), (1, 11, 15)),
    ("기후환경본부", 29, (1, 9, 12), (1, 7, 13)),  # 000-5
    ("행정국", 30, (1, 9, 12), (1, 9, 12)),
    ("재무국", 31, (1, 6, 9), (1, 6, 9)),
    ("평생교육국", 32, (1, 4, 9), (1, 4, 9)),
    ("관광체육국", 33, (1, 6, 10), (1, 6, 10)),
    ("시민건강국", 34, (1, 11, 27), (1, 11, 27)),
    ("시민협력국", 35, (1, 5, 7), (1, 5, 7)),
    ("공공개발기획단", 36, (1, 1, 2), (1, 1, 2)),
    ("기술심사담당관", 37, (1, 2, 4), (1, 2, 4)),
    ("안전총괄실", 38, (1, 10, 13), (1, 9, 13)),  # 000-6
    ("주택정책실", 39, (1, 11, 21), (1, 11, 21)),
    ("도시계획국", 40, (1, 7, 7), (1, 7, 7)),
    ("균형발전본부", 41, (1, 12, 21), (1, 12, 21)),
    ("푸른도시국", 46, (1, 10, 15), (1, 10, 15)),
    ("물순환안전국", 47, (1, 3, 4), (1, 3, 3)),  # 000-7
    ("인권담당관", 48, (1, 1, 2), (1, 1, 1)),  # 000-8
    ("인재개발원", 49, (1, 1, 3), (1, 1, 3)),
    ("도시기반시설본부", 50, (1, 5, 16), (1, 5, 16)),
    ("한강사업본부", 51, (1, 2, 6), (1, 2, 6)),
    ("서울역사박물관", 52, (1, 1, 3), (1, 1, 3)),
    ("시립미술관", 53, (1, 1, 6), (1, 1, 6)),
    ("의회사무처", 54, (1, 3, 22), (1, 3, 22)),
    ("감사위원회", 55, (1, 5, 9), (1, 5, 9)),
    ("시민감사옴부즈만위원회", 56, (1, 1, 2), (1, 1, 2)),
    ("자치경찰위원회", 57, (1, 3, 6), (1, 3, 6)),
]

# Every finding on seed 000, by code -> lines (severity in SEVERITY below).
EXPECTED_FINDINGS: dict[str, list[int]] = {
    "summary.total_rounding": [12, 12, 12],  # 000-1
    "summary.change_rounding": [14, 16, 18, 19, 26, 38, 46, 48],  # 000-2
    "detail.count_relies_on_far_right": [24],  # 000-9
    "detail.count_mismatch": [25, 26, 29, 38, 47, 48],  # 000-3..000-8
    "detail.row_shifted_left": [
        *(82, 98, 112, 113, 129, 130, 146, 152, 154, 157, 159, 198, 208, 235),
        *(236, 254, 255, 256, 281, 282, 293, 334, 368, 437, 447, 521, 535, 536),
    ],
    "detail.cell_fragments_joined": [98],
    "detail.policy_text_differs": [102, 451, 466, 509],  # 000-10
    "detail.fused_goals": [151, 541, 541],  # A13: several goals in one cell
    "detail.far_right_indicator": [164, 165, 166, 167, 168, 169, 170, 261, 262, 265, 266, 267],
    "detail.indicator_is_goal_text": [212, 397],  # 000-4 (program name as indicator)
    "detail.policy_goal_repeated": [214],  # 000-4 (goal repeated on consecutive rows)
    "detail.cell_shifted": [259],
    "detail.indicator_under_several_goals": [444, 474, 477, 478],  # 000-11 at 444
    "detail.fused_indicators_suspected": [458, 459],  # 000-7, 000-8
    "detail.goal_text_differs": [525],
}

SEVERITY = {
    "detail.count_mismatch": Severity.ERROR,
    "detail.cell_fragments_joined": Severity.WARNING,
    "detail.indicator_is_goal_text": Severity.WARNING,
    "detail.policy_goal_repeated": Severity.WARNING,
    "detail.fused_indicators_suspected": Severity.WARNING,
}


@pytest.fixture(scope="module")
def doc(seed_000_text: str) -> ParsedDocument:
    return parse(seed_000_text, source="000_76922f4da6b1e6cf.txt")


@pytest.fixture(scope="module")
def findings(doc: ParsedDocument) -> list[Finding]:
    return validate(doc)


def test_document_header_is_read(doc: ParsedDocument) -> None:
    assert doc.format is DocumentFormat.PLAN
    assert doc.title == "3. 성과계획 총괄표"
    assert doc.money_unit == "백만원"
    assert doc.line_count == 546  # the last line has no newline (A22)


def test_total_row_is_the_printed_one(doc: ParsedDocument) -> None:
    assert doc.summary_total is not None
    assert doc.summary_total.line == 12
    assert list(doc.summary_total.cells.values()) == [
        *("41", "224", "420", "526"),
        *("42,535,641", "38,495,950", "4,039,691"),
    ]


def test_summary_has_41_units_and_skips_the_repeated_header(doc: ParsedDocument) -> None:
    assert len(doc.summary_rows) == 41
    assert [r.line for r in doc.summary_rows][28:30] == [41, 46]


@pytest.mark.parametrize(("unit", "line", "declared", "computed"), UNITS)
def test_unit_counts_declared_and_computed(
    doc: ParsedDocument,
    unit: str,
    line: int,
    declared: tuple[int, int, int],
    computed: tuple[int, int, int],
) -> None:
    owner = next(o for o in doc.owners if norm_key(o.name) == norm_key(unit))
    row = summary_for_owner(doc, owner)
    assert row is not None and row.line == line
    keys = ("strategic_goals", "policy_goals", "indicators")
    assert tuple(int(row.cells[k]) for k in keys) == declared
    counts = detail_counts(owner)
    assert (counts.strategic_goals, counts.policy_goals, counts.indicators) == computed


def test_35_of_41_units_reproduce_their_counts() -> None:
    assert sum(1 for _, _, d, c in UNITS if d == c) == 35
    assert len(UNITS) == 41


def test_detail_amount_sum_is_the_share_denominator(doc: ParsedDocument) -> None:
    amounts = [
        parse_int_cell(g.amount.raw) for o in doc.owners for g in o.strategic_goals if g.amount
    ]
    assert len(amounts) == 41
    assert sum(a for a in amounts if a is not None) == 29_965_434


def test_all_41_shares_reproduce(findings: list[Finding]) -> None:
    assert not [f for f in findings if f.code in ("detail.share_mismatch", "detail.repeat_differs")]


def test_page_repeats_are_kept_not_added(doc: ParsedDocument) -> None:
    welfare = next(o for o in doc.owners if o.name == "복지정책실")
    goal = welfare.strategic_goals[0]
    assert goal.amount is not None and goal.amount.raw == "7,960,420"
    assert goal.share is not None and (goal.share.raw, goal.share.line) == ("26.57", 203)
    assert [(a.raw, a.line) for a, _ in goal.repeats if a] == [("7,960,420", 211)]


def test_names_are_stored_as_printed(doc: ParsedDocument) -> None:
    names = [o.name for o in doc.owners]
    assert "재무 국" in names  # A9: matched without whitespace, stored as printed
    council = next(o for o in doc.owners if o.name == "의회사무처")
    assert council.strategic_goals[0].name.endswith("지원기능 강화")  # first printing


def test_findings_are_exactly_the_expected_ones(findings: list[Finding]) -> None:
    got: dict[str, list[int]] = defaultdict(list)
    for f in findings:
        got[f.code].append(f.line or 0)
    assert dict(got) == EXPECTED_FINDINGS


def test_only_count_mismatches_are_errors(findings: list[Finding]) -> None:
    errors = [(f.code, f.unit) for f in findings if f.severity is Severity.ERROR]
    assert errors == [
        ("detail.count_mismatch", u)
        for u in (
            "경제정책실",
            "복지정책실",
            "기후환경본부",
            "안전총괄실",
            "물순환안전국",
            "인권담당관",
        )
    ]


def test_severities(findings: list[Finding]) -> None:
    for f in findings:
        expected = SEVERITY.get(f.code, Severity.INFO)
        if f.code == "detail.policy_text_differs":
            # whitespace-only differences are info, other wording warnings
            expected = Severity.WARNING if f.line in (102, 509) else Severity.INFO
        assert f.severity is expected, f


@pytest.mark.parametrize(
    ("code", "line", "unit", "fragment"),
    [
        ("detail.count_mismatch", 25, "경제정책실", "지표수 22 → 세부표 20"),
        ("detail.count_mismatch", 29, "기후환경본부", "정책사업목표 개수 9 → 세부표 7"),
        ("detail.count_mismatch", 38, "안전총괄실", "정책사업목표 개수 10 → 세부표 9"),
        ("summary.change_rounding", 14, "시민소통기획관", "-1,882"),
        ("detail.indicator_under_several_goals", 444, "푸른도시국", "444,445,446"),
        ("detail.fused_indicators_suspected", 459, "인권담당관", "공무원 등 인권교육 이수율"),
    ],
)
def test_finding_messages_name_what_and_where(
    findings: list[Finding], code: str, line: int, unit: str, fragment: str
) -> None:
    match = [f for f in findings if f.code == code and f.line == line]
    assert match and match[0].unit == unit
    assert fragment in match[0].message


def test_count_mismatch_points_at_the_detail_block(findings: list[Finding]) -> None:
    economy = next(f for f in findings if f.code == "detail.count_mismatch" and f.line == 25)
    assert economy.details["detail_lines"] == "178-202"
    assert economy.details["declared"] == "1/14/22"
    assert economy.details["computed"] == "1/14/20"
