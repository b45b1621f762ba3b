"""The seonggwa workbook: one sheet per table of :class:`~seonggwa.importers.tables.PlanTables`.

Row 1 of every table sheet holds the column headers below; references between sheets are
the 1-based 번호 of the row they point at (blank = none). The 정보 sheet holds key/value
rows. See docs/importing.md for the layout.
"""

from __future__ import annotations

from typing import Literal

WORKBOOK_FORMAT = "seonggwa-plan-workbook"
WORKBOOK_VERSION = 1

ColumnType = Literal["int", "ref", "dec", "str", "bool", "json"]

INFO_SHEET = "정보"
# 정보 keys in order
INFO_KEYS = (
    "형식",
    "버전",
    "기관",
    "연도",
    "종류",
    "제목",
    "원본파일",
    "원본형식",
    "원본SHA256",
    "원본크기",
    "원본행수",
    "금액단위",
)

# sheet -> list of (header, attribute of the row dataclass, type). "int?" style optionality is
# expressed by the attribute's value being None (a blank cell).
SHEETS: dict[str, tuple[str, list[tuple[str, str, ColumnType]]]] = {
    "부서": (
        "units",
        [
            ("부서명", "name", "str"),
            ("유형", "unit_type", "str"),
            ("구성", "composition", "str"),
            ("코드접두어", "code_prefix", "str"),
        ],
    ),
    "계획주체": (
        "owners",
        [
            ("부서번호", "unit", "ref"),
            ("구분", "kind", "str"),
            ("표기", "label", "str"),
        ],
    ),
    "관점": (
        "perspectives",
        [
            ("주체번호", "owner", "ref"),
            ("관점명", "name", "str"),
            ("가중치", "weight", "dec"),
            ("가중치원문", "weight_raw", "str"),
            ("순서", "position", "int"),
            ("원본행", "line", "int"),
        ],
    ),
    "전략목표": (
        "goals",
        [
            ("주체번호", "owner", "ref"),
            ("코드", "code", "str"),
            ("전략목표명", "name", "str"),
            ("관점번호", "perspective", "ref"),
            ("정책사업금액(원)", "program_amount", "dec"),
            ("금액원문", "program_amount_raw", "str"),
            ("순서", "position", "int"),
            ("원본행", "line", "int"),
        ],
    ),
    "정책사업목표": (
        "policy_goals",
        [
            ("전략목표번호", "goal", "ref"),
            ("코드", "code", "str"),
            ("정책사업목표명", "name", "str"),
            ("순서", "position", "int"),
            ("원본행", "line", "int"),
        ],
    ),
    "성과지표": (
        "indicators",
        [
            ("전략목표번호", "goal", "ref"),
            ("정책사업목표번호", "policy_goal", "ref"),
            ("관점번호", "perspective", "ref"),
            ("코드", "code", "str"),
            ("지표명", "name", "str"),
            ("단위", "unit_of_measure", "str"),
            ("가중치", "weight", "dec"),
            ("가중치원문", "weight_raw", "str"),
            ("방향", "direction", "str"),
            ("방향확인", "direction_confirmed", "bool"),
            ("정량정성", "measure", "str"),
            ("누계", "is_cumulative", "bool"),
            ("구성부분", "composite_parts", "json"),
            ("정의", "definition", "str"),
            ("산식", "formula", "str"),
            ("자료출처", "data_source", "str"),
            ("최종실적월", "due_month", "int"),
            ("최종실적월원문", "due_month_raw", "str"),
            ("주요사업코드원문", "program_codes_raw", "str"),
            ("상위주체", "parent_owner_label", "str"),
            ("상위목표", "parent_goal_text", "str"),
            ("상위지표", "parent_kpi_text", "str"),
            ("상위목표치", "parent_target_text", "str"),
            ("달성표시원문", "mark_raw", "str"),
            ("비고", "notes", "str"),
            ("순서", "position", "int"),
            ("원본행", "line", "int"),
        ],
    ),
    "지표값": (
        "values",
        [
            ("지표번호", "indicator", "ref"),
            ("종류", "kind", "str"),
            ("연도", "year", "int"),
            ("분기", "quarter", "int"),
            ("월", "month", "int"),
            ("원문", "raw_text", "str"),
            ("값", "value", "dec"),
            ("구성값", "parts", "json"),
            ("한정자", "qualifier", "str"),
            ("상태", "status", "str"),
            ("메모", "note", "str"),
            ("원본행", "line", "int"),
        ],
    ),
    "총괄": (
        "declared",
        [
            ("부서번호", "unit", "ref"),
            ("부서표기", "unit_label", "str"),
            ("표", "table", "str"),
            ("항목", "key", "str"),
            ("원문", "raw_text", "str"),
            ("값", "value", "dec"),
            ("금액단위", "money_unit", "str"),
            ("원본행", "line", "int"),
            ("순서", "position", "int"),
        ],
    ),
    "검토사항": (
        "findings",
        [
            ("심각도", "severity", "str"),
            ("코드", "code", "str"),
            ("부서", "unit_label", "str"),
            ("행", "line", "int"),
            ("메시지", "message", "str"),
            ("문서에서", "from_document", "bool"),
            ("순서", "position", "int"),
            ("세부", "details", "json"),
        ],
    ),
}

# Text that a spreadsheet could take for a formula gets this prefix; the reader removes
# exactly one. Text that already starts with it is prefixed too, so the round trip is exact.
ESCAPE = "'"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", ESCAPE)


def neutralise(text: str) -> str:
    """Prefix text a spreadsheet could take for a formula.

    >>> neutralise("=1+1"), neutralise("'a"), neutralise("가")
    ("'=1+1", "''a", '가')
    """
    return ESCAPE + text if text.startswith(FORMULA_STARTS) else text


def restore(text: str) -> str:
    """Undo :func:`neutralise`.

    >>> restore(neutralise("=1+1")), restore(neutralise("'a"))
    ('=1+1', "'a")
    """
    return text[1:] if text.startswith(ESCAPE) else text
