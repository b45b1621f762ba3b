"""Reading a written question (서면질문서) as the council sends it (seed 003 lines 20–45):
the header table (질문의원명, 소속위원회, 질문대상자, 질문제목, tab-separated) and the numbered
items under <질문내용> ("2. 민간위탁, 관련(답변서 직송)") with their "- " lines, which become
the sub-items 가, 나, 다 in order ("- 가. …" keeps its own label). Reading stops where the
numbering starts again (the answers that follow in a bundle). Pure: no database."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from seonggwa.core.errors import ServiceError

SUB_LABELS = ("가", "나", "다", "라", "마", "바", "사", "아", "자", "차", "카", "타", "파", "하")
DIRECT = "답변서 직송"
HEADER_FIELDS = {"질문의원명": "member", "소속위원회": "committee", "질문대상자": "addressee"}
ITEM = re.compile(r"^(\d{1,2})\.\s*(.+)$")
SUB = re.compile(r"^[-·○□]\s*(?:([가-하])\.\s*)?(.+)$")


@dataclass
class ParsedItem:
    number: int
    heading: str
    direct: bool
    line: int
    subs: list[tuple[str, str]] = field(default_factory=list)  # (가, text)


@dataclass
class ParsedQuestion:
    member: str = ""
    committee: str = ""
    addressee: str = ""
    title: str = ""
    items: list[ParsedItem] = field(default_factory=list)


def _header(cells: list[str], found: ParsedQuestion) -> None:
    for i, cell in enumerate(cells[:-1]):
        name = cell.replace(" ", "")
        if name in HEADER_FIELDS and not getattr(found, HEADER_FIELDS[name]):
            setattr(found, HEADER_FIELDS[name], cells[i + 1].strip())
        elif name == "질문제목" and not found.title:
            found.title = cells[i + 1].strip()


def parse_question(text: str) -> ParsedQuestion:
    """The question in ``text``; a ``ServiceError`` naming the line when it holds no header
    or no numbered item."""
    found = ParsedQuestion()
    started = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if "\t" in raw:
            _header([c.strip() for c in raw.split("\t")], found)
            continue
        if line.replace(" ", "") in {"<질문내용>", "질문내용"}:
            started = True
            continue
        if not started and not found.title:
            continue
        item = ITEM.match(line)
        if item:
            n = int(item.group(1))
            if found.items and n <= found.items[-1].number:
                break  # numbering starts again: the answers
            heading = item.group(2).strip()
            direct = DIRECT in heading
            heading = re.sub(r"\s*\(\s*답변서\s*직송\s*\)\s*", "", heading).rstrip(" ,")
            found.items.append(ParsedItem(n, heading, direct, number))
            continue
        sub = SUB.match(line)
        if sub and found.items:
            current = found.items[-1]
            if len(current.subs) >= len(SUB_LABELS):
                raise ServiceError(f"{number}행: 세부 항목이 너무 많습니다.", field="text")
            label = sub.group(1) or SUB_LABELS[len(current.subs)]
            current.subs.append((label, sub.group(2).strip()))
    if not found.member or not found.title:
        raise ServiceError(
            "서면질문서의 머리 표(질문의원명, 질문제목)를 찾지 못했습니다.", field="text"
        )
    if not found.items:
        raise ServiceError("번호 붙은 질문 항목(1. …)을 찾지 못했습니다.", field="text")
    return found
