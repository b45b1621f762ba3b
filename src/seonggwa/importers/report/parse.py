"""성과보고서 parser: "가. 총괄" (status counts, 결산액 in 원) + "나. 성과목표 및 재원비중"
with achievement marks ◎ ○ × - (domain.md 4.3-4.4).

The table machinery is shared with the plan parser; :data:`SPEC` holds what differs:
ten summary columns (no 단위사업수), money in 원 with △ negatives, a mark column, Roman /
arabic goal codes ("III." / "Ⅲ." and "III-14."), markdown headings before the table and
the legend line, which may be the last line of the file.
"""

from __future__ import annotations

from seonggwa.engine.text import norm_key
from seonggwa.importers.plan.parse import STRUCTURE_COLUMNS, TableSpec, parse_with_spec
from seonggwa.importers.records import (
    SUMMARY_COUNT_KEYS,
    SUMMARY_MONEY_KEYS,
    DocumentFormat,
    ParsedDocument,
)

__all__ = ["SPEC", "detect", "parse"]

SPEC = TableSpec(
    format=DocumentFormat.REPORT,
    summary_columns={
        **STRUCTURE_COLUMNS,
        "strategic_goals": ("전략목표수", "성과목표수", "성과목표전략목표수"),
        "exceeded": ("초과달성", "성과달성도초과달성", "◎"),
        "achieved": ("달성", "성과달성도달성", "○"),
        "not_achieved": ("미달성", "성과달성도미달성", "×"),
        "settlement": ("결산액", "금년도결산액", "당해연도결산액", "결산액결산액"),
        "previous_settlement": ("전년도결산액", "전년결산액", "결산액전년도결산액"),
        "change": ("비교증감", "증감", "증감액", "결산액비교증감"),
    },
    count_keys=SUMMARY_COUNT_KEYS["report"],
    money_keys=SUMMARY_MONEY_KEYS["report"],
    default_money_unit="원",
    has_mark=True,
    detail_title_keys=("재원비중", "자원비중"),
    detail_width=5,
)


def parse(text: str, *, source: str = "") -> ParsedDocument:
    """Parse a 성과보고서 "총괄 + 재원비중" text (domain.md 4.3-4.4)."""
    return parse_with_spec(text, SPEC, source=source)


def detect(text: str) -> bool:
    """Cheap check for ``--format auto``: a summary with 결산액 and achievement columns."""
    key = norm_key(text[:200_000])
    has_summary = "총괄" in key and ("전략목표수" in key or "지표수" in key)
    return has_summary and "결산액" in key and ("초과달성" in key or "재원비중" in key)
