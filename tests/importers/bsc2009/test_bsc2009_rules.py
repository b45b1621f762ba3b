"""Table-driven tests for the 2009 BSC parser's building blocks and validators."""

from __future__ import annotations

from pathlib import Path

import pytest

from seonggwa.importers import bsc2009, bsc_detail
from seonggwa.importers.bsc2009.parse import owner_kind, perspective_parts
from seonggwa.importers.bsc2009.validate import indicators_of
from seonggwa.importers.records import OwnerKind, ParseError

SEEDS = Path(__file__).parents[2] / "fixtures" / "seeds"
HEAD = (
    "관점\t서울시\t\t\t{owner}\t\t\t\t\t\t\t\t주요사업 코드번호\n"
    "\t전략목표\t핵심성과지표\t목표치\t전략목표\t핵심성과지표\t실적치\t\t목표치\t\t단위\t비중\t\n"
    "\t\t\t\t\t\t2011년\t2012년\t2013년\t2014년\t\t\t\n"
)


def sheet(owner: str, *rows: str, title: str | None = None) -> str:
    return f"{title or owner + ' 균형성과계획'}\n\n" + HEAD.format(owner=owner) + "\n".join(rows)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("시민 고객 (20)", ("시민 고객", "20")),
        ("시민 고객 (20%)", ("시민 고객", "20%")),
        ("정책성과", ("정책성과", None)),
        ("조직 역량 (10)", ("조직 역량", "10")),
        ("창의적 업무 개선", None),
        ("서울시", None),
    ],
)
def test_perspective_cell_vocabulary(cell: str, expected: tuple[str, str | None] | None) -> None:
    assert perspective_parts(cell) == expected


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("대변인", OwnerKind.UNIT),
        ("디자인서울총괄본부본부장", OwnerKind.HEAD),
        ("상수도사업본부 부분부장", OwnerKind.DEPUTY),
        ("상수도사업본부 부본부장", OwnerKind.DEPUTY),
        ("시장비서실", OwnerKind.OFFICE),
        ("정무부시장실", OwnerKind.OFFICE),
        ("공보특보", OwnerKind.OFFICE),
        ("경영기획실", OwnerKind.UNIT),
    ],
)
def test_owner_kind_from_title(name: str, kind: OwnerKind) -> None:
    assert owner_kind(name) is kind


def test_rows_fill_down_and_sum_by_perspective() -> None:
    text = sheet(
        "가부서",
        "시민 고객 (40)\t상위목표\t상위지표\t50%\t목표A\t지표1\t1\t2\t3\t4\t%\t40\t가-1",
        "정책 성과 (60)\t\t\t\t목표B\t지표2\t1\t2\t3\t4\t건\t30\t",
        "\t\t\t\t\t지표3\t1\t2\t3\t4\t건\t20",
    )
    doc = bsc2009.parse(text)
    (owner,) = doc.owners
    rows = indicators_of(owner)
    assert [(r.name, r.perspective, r.weight.raw if r.weight else None) for r in rows] == [
        ("지표1", "시민 고객", "40"),
        ("지표2", "정책 성과", "30"),
        ("지표3", "정책 성과", "20"),
    ]
    assert rows[2].parent is not None and rows[2].parent.kpi == "상위지표"
    assert [v.year for v in rows[0].values] == [2011, 2012, 2013, 2014]
    codes = sorted(f.code for f in bsc2009.validate(doc))
    assert codes == ["weights.perspective_sum", "weights.sum"]


def test_second_page_without_title_continues_the_owner() -> None:
    text = sheet(
        "나부서",
        "시민 고객\t상위\t지표\t1\t목표\t지표1\t1\t2\t3\t4\t%\t50",
        "",
        HEAD.format(owner="나부서") + "정책 성과\t상위\t지표\t1\t목표\t지표2\t5\t6\t7\t8\t%\t50",
        "",
        "※ 기타주요사업 : 나-5, 6, 7",
    )
    doc = bsc2009.parse(text)
    assert [o.name for o in doc.owners] == ["나부서"]
    assert len(indicators_of(doc.owners[0])) == 2
    assert [f.raw for f in doc.owners[0].footnotes] == ["※ 기타주요사업 : 나-5, 6, 7"]
    assert bsc2009.validate(doc) == []


def test_truncated_row_keeps_values_and_loses_weight() -> None:
    text = sheet(
        "다부서",
        "시민 고객\t상위\t지표\t1\t목표\t지표1\t1\t2\t3\t4\t%\t95",
        "\t\t\t\t창의\t효율\t예산\t100%\t효율\t예산 집행률\t-\t91.5\t92.0",
    )
    doc = bsc2009.parse(text)
    row = indicators_of(doc.owners[0])[1]
    assert (row.name, row.weight, [v.raw for v in row.values]) == (
        "예산 집행률",
        None,
        ["-", "91.5", "92.0"],
    )
    assert row.perspective == "창의"
    codes = sorted(f.code for f in bsc2009.validate(doc))
    assert codes == ["weights.missing", "weights.sum"]


@pytest.mark.parametrize(
    ("seed", "is_2009", "is_detail"),
    [
        ("000_76922f4da6b1e6cf.txt", False, False),
        ("001_5e42922f7edd2423.txt", True, False),
        ("003_80f337656145150c.txt", False, True),
    ],
)
def test_detect_tells_the_formats_apart(seed: str, is_2009: bool, is_detail: bool) -> None:
    text = (SEEDS / seed).read_text(encoding="utf-8")
    assert bsc2009.detect(text) is is_2009
    assert bsc_detail.detect(text) is is_detail


def test_parse_rejects_other_formats_in_korean() -> None:
    text = (SEEDS / "000_76922f4da6b1e6cf.txt").read_text(encoding="utf-8")
    with pytest.raises(ParseError, match="균형성과계획"):
        bsc2009.parse(text, source="000.txt")
