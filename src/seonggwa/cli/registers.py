"""``seonggwa import-consignment`` and ``seonggwa import-projects``: the evaluation registers
beside the plan (issue 11) — the consignment evaluation tables (민간위탁 종합성과평가) and the
major-project table (주요 역점사업 정기평가) of a document such as seed 003."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from seonggwa.cli import CommandError


def register(sub: Any) -> None:
    p = sub.add_parser(
        "import-consignment",
        help="민간위탁 종합성과평가 표(연도별 점수·차수·재계약 배제 목록)를 불러옵니다",
        description="문서에서 민간위탁 종합성과평가 표를 모두 읽어 한 번에(전부 또는 전혀) 저장하고, "
        "표의 결함(깨진 연도 머리말, 배제 목록과 본표의 표기 차이 등)을 행 번호와 함께 알립니다. "
        "종료 코드: 0 저장함, 2 파일을 읽거나 해석할 수 없음(아무것도 저장 안 함), "
        "1 그 밖의 거부(예: 다른 파일에서 불러온 연도가 이미 있음).",
    )
    p.add_argument("path", type=Path, help="불러올 텍스트 파일 (UTF-8)")
    p.add_argument("--org", required=True, help="기관 이름 (없으면 새로 만듭니다)")
    p.set_defaults(handler=import_consignment_command)
    p = sub.add_parser(
        "import-projects",
        help="주요 역점사업 정기평가 표(과제·세부사업, 사업기간, 총사업비·편성액, 공정률)를 불러옵니다",
        description="문서에서 주요 역점사업 표를 읽어 그 해의 역점사업 계획(종류 projects)으로 한 번에(전부 "
        "또는 전혀) 저장합니다. 사업마다 공정률 지표를 만들어 부서가 실적 입력 화면에서 보고하게 하고, "
        "표의 결함(편성액 > 총사업비, 세부사업마다 반복된 상위 과제 금액 등, R18)을 행 번호와 함께 "
        "알립니다. 종료 코드: 0 저장함, 2 파일을 읽거나 해석할 수 없음(아무것도 저장 안 함), "
        "1 그 밖의 거부(예: 다른 파일에서 불러온 같은 해 계획이 있음).",
    )
    p.add_argument("path", type=Path, help="불러올 텍스트 파일 (UTF-8)")
    p.add_argument("--org", required=True, help="기관 이름 (없으면 새로 만듭니다)")
    p.add_argument("--year", required=True, type=int, help="평가 연도 (예: 2020)")
    p.add_argument(
        "--replace",
        action="store_true",
        help="같은 해 역점사업 계획이 있으면 지우고 다시 불러옵니다",
    )
    p.set_defaults(handler=import_projects_command)


def import_consignment_command(args: argparse.Namespace) -> int:
    from seonggwa.importers.consignment_load import consignment_import
    from seonggwa.importers.load import ImportFileError

    try:
        result = consignment_import(organisation_name=args.org, path_or_text=args.path)
    except ImportFileError as exc:
        raise CommandError(str(exc), exit_code=2) from exc
    if result.already_imported:
        print(f"{args.path}: 이미 불러온 파일입니다({result.document.file_name}).")
    else:
        years = ", ".join(f"{y}년 {n}개 사무" for y, n in result.years.items())
        print(f"{args.path}: {years} (새 사무 {result.services_created}개)")
    for f in result.findings:
        print(f"  [{f.severity}] {f.line}행 {f.code}: {f.message}")
    return 0


def import_projects_command(args: argparse.Namespace) -> int:
    from seonggwa.core.errors import ServiceError
    from seonggwa.importers.load import ImportFileError
    from seonggwa.importers.projects_load import projects_import

    try:
        result = projects_import(
            user=None,
            organisation_name=args.org,
            year=args.year,
            path_or_text=args.path,
            replace=args.replace,
        )
    except ImportFileError as exc:
        raise CommandError(str(exc), exit_code=2) from exc
    except ServiceError as exc:
        raise CommandError(str(exc)) from exc
    if result.already_imported:
        print(f"{args.path}: 이미 불러온 파일입니다({result.plan}).")
    else:
        c = result.counts
        print(
            f"{args.path}: {result.plan} — 사업 {c['rows']}개(상위 과제 {c['parents']}개), "
            f"공정률 지표 {c['indicators']}개, 공정률 값 {c['progress_values']}개"
        )
    for f in result.findings:
        print(f"  [{f.severity}] {f.line}행 {f.code}: {f.message}")
    return 0
