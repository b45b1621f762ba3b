"""Plan parser on small documents, one artefact at a time (domain.md section 5)."""

from __future__ import annotations

import pytest

from seonggwa.engine.findings import Severity
from seonggwa.importers.plan import detect, parse, validate
from seonggwa.importers.plan.validate import detail_counts
from seonggwa.importers.records import ParseError

SUMMARY = "\n".join(
    [
        "3. 성과계획 총괄표",
        "가. 총괄",
        "(단위:개, 백만원)",
        "실국명\t성과계획\t\t\t\t예산액\t\t",
        "\t전략목표수\t정책사업목표\t\t단위사업수\t예산액\t전년도예산액\t비교증감",
        "\t\t개수\t지표수\t\t\t\t",
        "계\t2\t3\t5\t4\t1,100\t1,000\t100",
        "가국\t1\t2\t3\t2\t1,000\t900\t100",
        "나관\t1\t1\t2\t2\t100\t100\t0",
        "",
        "나. 성과계획 및 자원비중",
        "전략목표명 (실국명)\t정책사업목표명\t성과지표명\t예산액 (백만원)\t",
        "\t\t\t\t비중(%)",
    ]
)

DETAIL_OK = [
    "목표 가 (가국)\t정책 1\t지표 1\t900\t90.00",
    "\t\t지표 2\t\t",
    "\t정책 2\t지표 3\t\t",
    "목표 나 (나관)\t정책 3\t지표 4\t100\t10.00",
    "\t\t지표 5\t\t",
]


def doc_with(detail: list[str]) -> str:
    return SUMMARY + "\n" + "\n".join(detail)


def codes(text: str) -> list[str]:
    return [f.code for f in validate(parse(text))]


def test_consistent_document_has_no_findings() -> None:
    assert codes(doc_with(DETAIL_OK)) == []


def test_text_that_is_not_a_plan_raises_parse_error_in_korean() -> None:
    with pytest.raises(ParseError) as err:
        parse("아무 표도 없는 문서\n둘째 줄", source="x.txt")
    assert "총괄" in err.value.message and err.value.source == "x.txt"


def test_detect_tells_plans_from_other_text() -> None:
    assert detect(doc_with(DETAIL_OK))
    assert not detect("균형성과계획\t관점")


@pytest.mark.parametrize(
    ("name", "detail", "expected_codes", "counts"),
    [
        (
            "page break repeats header and first row (A2, A4)",
            [
                DETAIL_OK[0],
                "",
                "전략목표명 (실국명)\t정책사업목표명\t성과지표명\t예산액 (백만원)\t비중(%)",
                "목표 가 (가국)\t정책 1\t지표 2\t900\t90.00",
                *DETAIL_OK[2:],
            ],
            [],
            {"가국": (1, 2, 3)},
        ),
        (
            "left shift: policy and indicator in the first two cells (A6)",
            [*DETAIL_OK[:2], "정책 2\t지표 3\t\t\t", *DETAIL_OK[3:]],
            ["detail.row_shifted_left"],
            {"가국": (1, 2, 3)},
        ),
        (
            "left shift by one: indicator in the policy column",
            [*DETAIL_OK[:2], "\t지표 2b\t\t\t", *DETAIL_OK[2:]],
            ["detail.row_shifted_left", "detail.count_mismatch"],
            {"가국": (1, 2, 4)},
        ),
        (
            "wrapped unit suffix (A9)",
            ["목표 가 (가 국)\t정책 1\t지표 1\t900\t90.00", *DETAIL_OK[1:]],
            [],
            {"가국": (1, 2, 3)},
        ),
        (
            "markup and bullets are stripped (A11)",
            [
                "<p>목표 가 (가국)</p>\t<p>○ 정책 1</p>\t지표 1\t<p>900</p>\t<p>90.00</p>",
                *DETAIL_OK[1:],
            ],
            [],
            {"가국": (1, 2, 3)},
        ),
        (
            "far-right second indicator is counted and flagged (A13)",
            [*DETAIL_OK[:2], "\t정책 2\t지표 3\t\t\t지표 3b", *DETAIL_OK[3:]],
            ["detail.far_right_indicator", "detail.count_mismatch"],
            {"가국": (1, 2, 4)},
        ),
        (
            "two bulleted goals in one cell are counted once and flagged",
            [*DETAIL_OK[:2], "\t○ 정책 2 ○ 정책 2b\t지표 3\t\t", *DETAIL_OK[3:]],
            ["detail.fused_goals"],
            {"가국": (1, 2, 3)},
        ),
        (
            "empty line mid-table does not end it (A12)",
            [*DETAIL_OK[:2], "", *DETAIL_OK[2:]],
            [],
            {"가국": (1, 2, 3), "나관": (1, 1, 2)},
        ),
        (
            "truncated goal row loses its share (A7)",
            ["목표 가 (가국)\t정책 1\t지표 1\t900", *DETAIL_OK[1:]],
            ["detail.row_truncated"],
            {"가국": (1, 2, 3)},
        ),
        (
            "wrong share against the detail denominator (R3)",
            [*DETAIL_OK[:3], "목표 나 (나관)\t정책 3\t지표 4\t100\t12.00", DETAIL_OK[4]],
            ["detail.share_mismatch"],
            {"나관": (1, 1, 2)},
        ),
    ],
)
def test_detail_artefacts(
    name: str,
    detail: list[str],
    expected_codes: list[str],
    counts: dict[str, tuple[int, int, int]],
) -> None:
    doc = parse(doc_with(detail))
    assert sorted(f.code for f in validate(doc)) == sorted(expected_codes), name
    for unit, expected in counts.items():
        owner = next(o for o in doc.owners if o.name.replace(" ", "") == unit)
        c = detail_counts(owner)
        assert (c.strategic_goals, c.policy_goals, c.indicators) == expected, name


@pytest.mark.parametrize(
    ("name", "rows", "expected"),
    [
        ("column sums match", ["계\t2\t3\t5\t4\t1,100\t1,000\t100"], []),
        (
            "count total wrong is an error (R1)",
            ["계\t2\t4\t5\t4\t1,100\t1,000\t100"],
            [(Severity.ERROR, "summary.total_mismatch")],
        ),
        (
            "money gap within the row count is rounding info (R1)",
            ["계\t2\t3\t5\t4\t1,101\t1,001\t100"],
            [(Severity.INFO, "summary.total_rounding"), (Severity.INFO, "summary.total_rounding")],
        ),
        (
            "money gap larger than the row count is an error (R1)",
            ["계\t2\t3\t5\t4\t1,110\t1,010\t100"],
            [
                (Severity.ERROR, "summary.total_mismatch"),
                (Severity.ERROR, "summary.total_mismatch"),
            ],
        ),
    ],
)
def test_total_row_tolerance(
    name: str, rows: list[str], expected: list[tuple[Severity, str]]
) -> None:
    text = doc_with(DETAIL_OK).replace("계\t2\t3\t5\t4\t1,100\t1,000\t100", rows[0])
    got = [(f.severity, f.code) for f in validate(parse(text))]
    assert got == expected, name


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("100", []),
        ("101", [(Severity.INFO, "summary.change_rounding")]),
        ("-98", [(Severity.ERROR, "summary.change_mismatch")]),
    ],
)
def test_change_column_tolerates_one_in_millions(
    change: str, expected: list[tuple[Severity, str]]
) -> None:
    text = doc_with(DETAIL_OK).replace(
        "가국\t1\t2\t3\t2\t1,000\t900\t100", f"가국\t1\t2\t3\t2\t1,000\t900\t{change}"
    )
    got = [
        (f.severity, f.code) for f in validate(parse(text)) if f.code.startswith("summary.change")
    ]
    assert got == expected


def test_duplicated_summary_row_is_an_error() -> None:
    text = doc_with(DETAIL_OK).replace(
        "나관\t1\t1\t2\t2\t100\t100\t0",
        "나관\t1\t1\t2\t2\t100\t100\t0\n나관\t1\t1\t2\t2\t100\t100\t0",
    )
    findings = validate(parse(text))
    assert ("summary.duplicate_row", 10) in [(f.code, f.line) for f in findings]


def test_truncated_summary_row_is_flagged_with_missing_columns() -> None:
    text = doc_with(DETAIL_OK).replace("나관\t1\t1\t2\t2\t100\t100\t0", "나관\t1\t1\t2\t2\t100")
    finding = next(f for f in parse(text).findings if f.code == "summary.row_truncated")
    assert finding.details["missing"] == "previous_budget,change"
    assert finding.severity is Severity.ERROR


def test_budget_only_unit_with_zero_goals_is_legal() -> None:
    text = (
        doc_with(DETAIL_OK)
        .replace(
            "나관\t1\t1\t2\t2\t100\t100\t0",
            "나관\t1\t1\t2\t2\t100\t100\t0\n다원\t0\t0\t0\t0\t50\t40\t10",
        )
        .replace("계\t2\t3\t5\t4\t1,100\t1,000\t100", "계\t2\t3\t5\t4\t1,150\t1,040\t110")
    )
    assert codes(text) == []


def test_source_lines_are_one_based_and_the_last_line_counts() -> None:
    doc = parse(doc_with(DETAIL_OK))
    last = doc.owners[-1].strategic_goals[0].policy_goals[0].indicators[-1]
    assert (last.name, last.line) == ("지표 5", doc.line_count)


@pytest.mark.parametrize("unit", ["천원", "백만원", "억원", "원"])
def test_the_money_unit_line_is_read(unit):
    text = (
        f"가. 총괄\n(단위:개, {unit})\n실국명\t전략목표수\t정책사업목표\t\t단위사업수\t예산액\t전년도예산액\t비교증감\n"
        "\t\t개수\t지표수\t\t\t\t\n계\t1\t1\t1\t1\t10\t5\t5\n가국\t1\t1\t1\t1\t10\t5\t5"
    )
    assert parse(text).money_unit == unit
