"""Reading a printed 주요사업 코드번호 cell into codes (domain.md 4.5): every variant seed 001
prints, and what is not a code."""

from __future__ import annotations

import pytest

from seonggwa.importers.program_codes import code_prefix, program_codes


@pytest.mark.parametrize(
    ("raw", "codes"),
    [
        ("대변인-1", ["대변인-1"]),
        ("여성13", ["여성-13"]),  # no hyphen (001:149)
        ("경본 23", ["경본-23"]),  # a space (001:419)
        ("경본-13,19", ["경본-13", "경본-19"]),  # a list (001:377)
        (
            "한강-12 13,14,15, 16,17",
            ["한강-12", "한강-13", "한강-14", "한강-15", "한강-16", "한강-17"],
        ),
        ("도기본-25 도기본-26", ["도기본-25", "도기본-26"]),  # two codes in one cell (001:1034)
        ("도기본-27,28", ["도기본-27", "도기본-28"]),
        ("보건-5,6", ["보건-5", "보건-6"]),
        ("복지-8", ["복지-8"]),
        (
            "※ 기타 주요사업 코드번호 : 도시-2 , 도시-8 , 도시-10 도시-13",
            ["도시-2", "도시-8", "도시-10", "도시-13"],
        ),
        ("경본-13, 13", ["경본-13"]),  # each once
    ],
)
def test_printed_codes_are_read_as_prefix_and_number(raw: str, codes: list[str]) -> None:
    assert program_codes(raw) == codes


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "1. 창의서울포럼 운영",  # initiative text (001:310)
        "13. 한성백제박물관 건립",
        "※ 평가등급 변경(08년부터 적용) - 우수, 보통, 미흡",  # a note (001:333)
        "2",  # a bare number: the abbreviation is not printed (001:1311)
        "2. u-지식여행 콘텐츠 및 e-러닝과정 개발·운영",
    ],
)
def test_what_is_not_a_code_gives_none(raw: str) -> None:
    assert program_codes(raw) == []


def test_the_prefix_of_a_code() -> None:
    assert code_prefix("도기본-25") == "도기본"
