"""importers.projects.parse: the major-project table read into rows with their lines, and
the findings of its defects (pure, no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from seonggwa.importers.projects import detect, parse
from seonggwa.importers.records import ParseError

HEADER = (
    "연번\t소관실국\t과제명\t사업기간\t총사업비 (단위:백만원)\t20년 편성액 (단위:백만원)\t추진사항"
)


def _text(*rows: str, header: str = HEADER) -> str:
    return "\n".join(["주요 역점사업 정기평가", "", header, *rows])


def test_rows_with_lines_sub_projects_and_the_budget_year():
    doc = parse(
        _text(
            "1\t경제정책실\t핀테크산업 생태계 지원\t2018~\t10,681\t7,246\t◦ 공정률 40%",
            "2\t경제정책실\tAI 지원 - 1. 희경빌딩\t2019~2020\t2,224\t4,135\t",
            "",
            HEADER,
            "3\t경제정책실\tAI 지원 - 2. 별관\t2019~2022\t28,787\t3,941\t◦ 계획 50%/실행 45.5%",
        ),
        source="t.txt",
    )
    assert doc.headers == 2 and doc.budget_year == 2020 and doc.money_unit == "백만원"
    assert [(r.number, r.line, r.parent, r.sub_number) for r in doc.rows] == [
        (1, 4, None, None),
        (2, 5, "AI 지원", 1),
        (3, 8, "AI 지원", 2),
    ]
    assert doc.rows[0].total.won == Decimal("10681000000")
    assert (doc.rows[0].planned_rate, doc.rows[0].actual_rate) == (None, Decimal(40))
    assert (doc.rows[2].planned_rate, doc.rows[2].actual_rate) == (Decimal(50), Decimal("45.5"))
    assert [(f.line, f.code) for f in doc.findings] == [(5, "projects.budget_over_total")]
    assert doc.findings[0].message.startswith("t.txt:5: 'AI 지원 - 1. 희경빌딩'의 2020년 편성액")


def test_defects_are_findings_at_their_lines():
    doc = parse(
        _text(
            "1\t실\t가 사업\t언젠가\t약 300\t100\t",
            "3\t실\t나 사업\t2019~\t500\t100\t",
            "4\t실\t다 사업",
        )
    )
    assert [(f.line, f.code) for f in doc.findings] == [
        (4, "projects.period_unreadable"),
        (4, "projects.amount_unreadable"),
        (5, "projects.number_gap"),
        (6, "projects.row_unreadable"),
    ]
    assert doc.rows[0].total.won is None and doc.rows[0].total.raw == "약 300"


def test_the_unit_of_the_header_is_used():
    header = HEADER.replace("(단위:백만원)", "(단위:천원)")
    doc = parse(_text("1\t실\t가 사업\t2020\t1,500\t500\t", header=header))
    assert doc.money_unit == "천원" and doc.rows[0].total.won == Decimal(1_500_000)


def test_a_text_without_the_header_is_refused():
    assert not detect("연번\t이름\n1\tx")
    with pytest.raises(ParseError, match="머리행"):
        parse("연번\t이름\n1\tx", source="x.txt")


def test_seed_003_golden(seed_text):
    doc = parse(seed_text("003"), source="003.txt")
    assert len(doc.rows) == 170 and doc.headers == 11 and doc.budget_year == 2020
    assert sum(1 for r in doc.rows if r.parent) == 51
    assert len({(r.department, r.parent) for r in doc.rows if r.parent}) == 17
    codes = sorted(f.code for f in doc.findings)
    assert codes == ["projects.budget_over_total"] * 2 + ["projects.parent_amount_repeated"] * 4
