"""``seonggwa council-pack``: the answer pack of a council written question (서면질문 답변서,
issue 11 item 7) as one PDF or one HWPX — the cover letter, the answers, the author block
and the attached tables of the live registers."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from seonggwa.cli import CommandError


def register(sub: Any) -> None:
    p = sub.add_parser(
        "council-pack",
        help="의회 서면질문 답변서(표지·답변·작성자·붙임 표)를 PDF 또는 HWPX 한 파일로 만듭니다",
        description="등록된 서면질문의 답변서를 만듭니다: 표지(수신·제목·붙임 목록), 질문별 답변, "
        "작성자, 그리고 항목마다 고른 붙임/별첨 표(민간위탁·수시평가·합동평가·역점사업·리스크 등)를 "
        "지금의 자료로 다시 만들어 붙입니다. 종료 코드: 0 만듦, 1 질문이 없거나 붙임 표를 만들 수 없음.",
    )
    p.add_argument("--question", required=True, type=int, help="서면질문 번호(ID)")
    p.add_argument("--format", required=True, choices=["pdf", "hwpx"], help="파일 형식")
    p.add_argument("--out", required=True, type=Path, help="저장할 파일 경로")
    p.set_defaults(handler=council_pack_command)


def council_pack_command(args: argparse.Namespace) -> int:
    from seonggwa.council.models import WrittenQuestion
    from seonggwa.reports.council_pack import council_pack
    from seonggwa.reports.errors import ReportError
    from seonggwa.reports.render import report_render

    question = (
        WrittenQuestion.objects.select_related("organisation").filter(pk=args.question).first()
    )
    if question is None:
        raise CommandError(f"서면질문 {args.question}이(가) 없습니다.")
    try:
        data = report_render(council_pack(question), args.format, charts=False)
    except ReportError as exc:
        raise CommandError(str(exc)) from exc
    args.out.write_bytes(data)
    print(f"{args.out}: {question.member} 의원 '{question.title}' 답변서 ({len(data):,} bytes)")
    return 0
