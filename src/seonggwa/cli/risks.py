"""``seonggwa import-risks``: the risk register (시정 리스크 관리, issue 11) — the risk issues
of a document such as seed 003 ("시정 리스크 이슈 발굴 · 전파 사례") as a year's register."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from seonggwa.cli import CommandError


def register(sub: Any) -> None:
    p = sub.add_parser(
        "import-risks",
        help="시정 리스크 이슈(주요내용·관련보도·리스크·요청사항·부서대응)를 불러옵니다",
        description="문서의 '시정 리스크 이슈 발굴 · 전파 사례'를 읽어 그 해의 리스크 관리 대장에 "
        "한 번에(전부 또는 전혀) 저장하고, 결함(띄어 쓴 항목 이름, 들여쓴 항목, 단기·장기로 나뉘지 "
        "않은 요청사항 등)을 행 번호와 함께 알립니다. 종료 코드: 0 저장함, 2 파일을 읽거나 해석할 "
        "수 없음(아무것도 저장 안 함), 1 그 밖의 거부(예: 다른 파일에서 불러온 이슈가 이미 있음).",
    )
    p.add_argument("path", type=Path, help="불러올 텍스트 파일 (UTF-8)")
    p.add_argument("--org", required=True, help="기관 이름 (없으면 새로 만듭니다)")
    p.add_argument("--year", required=True, type=int, help="리스크 관리 연도 (예: 2020)")
    p.set_defaults(handler=import_risks_command)


def import_risks_command(args: argparse.Namespace) -> int:
    from seonggwa.importers.load import ImportFileError
    from seonggwa.importers.risks_load import risks_import

    try:
        result = risks_import(organisation_name=args.org, year=args.year, path_or_text=args.path)
    except ImportFileError as exc:
        raise CommandError(str(exc), exit_code=2) from exc
    if result.already_imported:
        print(f"{args.path}: 이미 불러온 파일입니다({result.document.file_name}).")
    else:
        print(
            f"{args.path}: {args.year}년 리스크 이슈 {result.issues}개, "
            f"관련보도 {result.press_items}건"
        )
    for f in result.findings:
        print(f"  [{f.severity}] {f.line}행 {f.code}: {f.message}")
    return 0
