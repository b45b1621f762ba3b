"""Table-driven tests for the 2020 BSC detail parser and validator."""

from __future__ import annotations

import pytest

from seonggwa.importers import bsc_detail
from seonggwa.importers.bsc2009.validate import indicators_of
from seonggwa.importers.records import ParseError

HEADER = "관점명\t전략목표명\t지표명\t가중치\t단위\t목표\t실적\t점수\t최종실적월"


def block(n: int, name: str, *rows: str, total: str = "100") -> str:
    footer = f"가중치 합계\t\t\t{total}\t\t\t\t\t"
    return f"{n}. {name}\n\n{HEADER}\n" + "\n".join(rows) + f"\n{footer}\n"


ROWS = (
    "시민주인\t청렴 향상\t공무원 청렴도\t20\t점\t70\t-\t-\t12월에 달성도 평가 예정",
    "정책성과\t목표 A\t지표 1\t50\t건\t10\t\t\t",
    "\t\t지표 2\t30\t%\t80\t\t\t",
)


def test_year_from_title_and_blocks_inside_other_material() -> None:
    text = (
        "다른 자료\n표\t1\t2\n\n2023년도 성과관리계획 상세 평가내용\n\n"
        + block(1, "가부서", *ROWS)
        + "\n"
        + block(2, "나부서", *ROWS)
        + "\n2023년 합동평가 결과\n1. 다른 절\n"
    )
    doc = bsc_detail.parse(text)
    assert doc.year == 2023
    assert [o.name for o in doc.owners] == ["가부서", "나부서"]
    assert [len(indicators_of(o)) for o in doc.owners] == [3, 3]
    assert indicators_of(doc.owners[0])[2].perspective == "정책성과"
    assert bsc_detail.validate(doc) == []


@pytest.mark.parametrize(
    ("total", "rows", "codes"),
    [
        ("100", ROWS, []),
        ("100", ROWS[:2], ["weights.declared_total_differs"]),
        ("", ROWS, ["weights.total_blank"]),
        ("", ROWS[:2], ["weights.sum", "weights.total_blank"]),
        ("100", (*ROWS, "\t\t지표 2\t0\t%\t1\t\t\t"), ["bsc_detail.duplicate_row"]),
    ],
)
def test_declared_total_against_rows(total: str, rows: tuple[str, ...], codes: list[str]) -> None:
    doc = bsc_detail.parse(block(1, "가부서", *rows, total=total))
    assert sorted(f.code for f in bsc_detail.validate(doc)) == codes


@pytest.mark.parametrize(
    ("row", "code"),
    [
        ("\t\t택시 감소율\t20\t% 건\t11.4 3,500\t\t\t", "bsc_detail.two_targets"),
        ("\t\t어린이집 이용률\t20\t% (개소)\t43\t\t\t", "bsc_detail.composite_part_missing"),
        ("\t\t징수율\t20\t% (억원)\t17.6 (2,221)\t\t\t", None),
        ("\t\t시설 수\t20\t개소 (누계)\t16\t\t\t", None),
        ("\t\t이용객 만족도\t20\t명\t95\t\t\t", "indicator.unit_name_mismatch"),
    ],
)
def test_composite_targets_and_units(row: str, code: str | None) -> None:
    doc = bsc_detail.parse(block(1, "가부서", *ROWS[:2], row, "\t\t지표 3\t10\t건\t1\t\t\t"))
    assert [f.code for f in bsc_detail.validate(doc)] == ([code] if code else [])


@pytest.mark.parametrize(
    "row",
    [
        "지표 3\t\t30\t%\t80\t-\t-\t\t",  # leading blanks dropped (A6)
        " \t\t목표 C\t지표 3\t30\t%\t80\t-\t",  # pushed right (A7)
    ],
)
def test_shifted_rows_are_anchored_on_weight(row: str) -> None:
    doc = bsc_detail.parse(block(1, "가부서", *ROWS[:2], row))
    last = indicators_of(doc.owners[0])[-1]
    assert (last.name, last.weight.raw if last.weight else None, last.unit_of_measure) == (
        "지표 3",
        "30",
        "%",
    )


def test_parse_rejects_other_text_in_korean() -> None:
    with pytest.raises(ParseError, match="관점명"):
        bsc_detail.parse("가. 총괄\n실국명\t전략목표수\n계\t41", source="x.txt")
