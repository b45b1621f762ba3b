"""Reading a written question's text: seed 003's header and items, and what is refused."""

from __future__ import annotations

import pytest

from seonggwa.core.errors import ServiceError
from seonggwa.council.parse import parse_question


def test_seed_003(seed_text) -> None:  # type: ignore[no-untyped-def]
    found = parse_question(seed_text("003"))
    assert (found.member, found.committee, found.addressee) == (
        "김혜련",
        "기획경제위원회",
        "기획조정실",
    )
    assert found.title == "평가, 민간위탁, 평가 추진 계획, 시정 성과 및 창업허브 관련"
    assert [(i.number, i.heading, i.direct, i.line) for i in found.items] == [
        (1, "평가 관련", False, 30),
        (2, "민간위탁, 관련", True, 36),
        (3, "2020 평가 추진계획 관련", False, 41),
        (4, "시정 성과 및 창업허브 관련", True, 46),
    ]
    assert [label for label, _ in found.items[0].subs] == ["가", "나", "다"]
    assert found.items[2].subs[1][1].startswith("2020년 평가 추진 사항 중 시정리스크")


def test_own_sub_labels_are_kept() -> None:
    found = parse_question("질문의원명\t김\n질문제목\t t\n<질문내용>\n1. 가\n- 나. 둘째\n")
    assert found.items[0].subs == [("나", "둘째")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1. 평가\n- 제출\n", "머리 표"),
        ("질문의원명\t김\n질문제목\tt\n<질문내용>\n- 제출\n", "질문 항목"),
    ],
)
def test_refused(text: str, message: str) -> None:
    with pytest.raises(ServiceError) as caught:
        parse_question(text)
    assert message in str(caught.value) and caught.value.field == "text"
