"""주요사업 코드번호 as printed (domain.md 4.5) read into codes: pure, no Django.

A code is ``<owner abbreviation>-<n>`` (``대변인-1``). The printed variants: no hyphen
(``여성13``), a space (``경본 23``), a list whose bare numbers continue the prefix
(``경본-13,19``, ``한강-12 13,14,15, 16,17``, ``경본-5, 6, 7``), two codes in one cell
(``도기본-25 도기본-26``). What is not a code stays text only (the raw cell is always kept):
initiative text (``1. 창의서울포럼 운영``), notes (``※ 평가등급 변경 …``) and bare numbers
without a prefix (``2``), whose owner abbreviation the document does not print.

>>> program_codes("경본-13,19")
['경본-13', '경본-19']
>>> program_codes("한강-12 13,14,15, 16,17")
['한강-12', '한강-13', '한강-14', '한강-15', '한강-16', '한강-17']
>>> program_codes("도기본-25 도기본-26"), program_codes("여성13"), program_codes("경본 23")
(['도기본-25', '도기본-26'], ['여성-13'], ['경본-23'])
>>> program_codes("1. 창의서울포럼 운영"), program_codes("2"), program_codes("")
([], [], [])
>>> program_codes("※ 기타주요사업 : 경본-5, 6, 7")
['경본-5', '경본-6', '경본-7']
"""

from __future__ import annotations

import re

__all__ = ["code_prefix", "program_codes"]

# a prefix is Hangul (2–4 letters, as the abbreviations are), then an optional hyphen or
# space, then the number; a bare number after a separator continues the last prefix
_TOKEN = re.compile(
    r"(?P<prefix>[가-힣]{1,6})\s*[-‐–]?\s*(?P<n>\d{1,3})(?!\d|\s*\.)|(?P<bare>\d{1,3})"
)
_NOT_CODES = re.compile(r"^\s*\d+\s*\.")  # "1. 창의서울포럼 운영": a numbered initiative title


def program_codes(raw: str) -> list[str]:
    """The codes a printed cell holds, normalised to ``prefix-n``, in order, each once."""
    text = raw.split(":", 1)[1] if ":" in raw else raw  # "※ 기타주요사업 : 경본-5, 6"
    if _NOT_CODES.match(text) or not re.search(r"[가-힣]\s*[-‐–]?\s*\d", text):
        return []
    out: list[str] = []
    prefix = ""
    for m in _TOKEN.finditer(text):
        if m.group("prefix"):
            prefix = m.group("prefix")
            number = m.group("n")
        elif prefix:
            number = m.group("bare")
        else:
            continue
        code = f"{prefix}-{int(number)}"
        if code not in out:
            out.append(code)
    return out


def code_prefix(code: str) -> str:
    """``경본-13`` → ``경본``."""
    return code.rsplit("-", 1)[0]
