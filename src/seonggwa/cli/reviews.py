"""``seonggwa import-reviews`` and ``seonggwa remind-followups``: the ad-hoc reviews
(시정 주요사업 수시평가) of a document such as seed 003, and the follow-ups' reminders."""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path
from typing import Any

from seonggwa.cli import CommandError


def register(sub: Any) -> None:
    p = sub.add_parser(
        "import-reviews",
        help="시정 주요사업 수시평가(목록·개요·차수별 점검결과·검토의견)를 불러옵니다",
        description="문서에서 수시평가 목록과 그 연도의 본문(개요, 차수별 점검결과와 검토의견)을 "
        "읽어 한 번에(전부 또는 전혀) 저장하고, 검토의견마다 대상실국이 맡는 후속조치를 엽니다. "
        "목록과 본문의 차이(제목·건수), 글자마다 띄어 쓴 실국명, 읽을 수 없는 기간 등을 행 번호와 "
        "함께 알립니다. 종료 코드: 0 저장함, 2 파일을 읽거나 해석할 수 없음(아무것도 저장 안 함), "
        "1 그 밖의 거부(예: 다른 파일에서 불러온 그 연도의 수시평가가 이미 있음).",
    )
    p.add_argument("path", type=Path, help="불러올 텍스트 파일 (UTF-8)")
    p.add_argument("--org", required=True, help="기관 이름 (없으면 새로 만듭니다)")
    p.add_argument("--year", required=True, type=int, help="평가 연도 (목록의 년도 칸)")
    p.set_defaults(handler=import_reviews_command)
    r = sub.add_parser(
        "remind-followups",
        help="기한이 다가오거나 지난 수시평가 후속조치를 담당자에게 알립니다 (cron 용)",
        description="열려 있는 후속조치 중 기한이 SEONGGWA_REMIND_DAYS 일(기본 3일) 안에 "
        "다가오거나 지난 것을 담당자(없으면 담당 부서의 직원과 부서장)에게 앱 알림과 e-mail로 "
        "알립니다. 후속조치·기한마다 '임박'과 '지남'을 한 번씩만 보내므로 매일 실행해도 됩니다. "
        "seonggwa worker 는 매일 SEONGGWA_REMIND_AT 에 스스로 보냅니다.",
    )
    r.add_argument(
        "--today",
        type=datetime.date.fromisoformat,
        help="이 날짜를 오늘로 보고 계산합니다 (YYYY-MM-DD, 시험용)",
    )
    r.set_defaults(handler=remind_followups_command)


def import_reviews_command(args: argparse.Namespace) -> int:
    from seonggwa.core.errors import ServiceError
    from seonggwa.importers.load import ImportFileError
    from seonggwa.importers.reviews_load import reviews_import

    try:
        result = reviews_import(organisation_name=args.org, year=args.year, path_or_text=args.path)
    except ImportFileError as exc:
        raise CommandError(str(exc), exit_code=2) from exc
    except ServiceError as exc:
        raise CommandError(str(exc)) from exc
    if result.already_imported:
        print(f"{args.path}: 이미 불러온 파일입니다({result.document.file_name}).")
    else:
        print(
            f"{args.path}: {result.year}년 수시평가 {result.reviews}건 (차수 {result.rounds}개, "
            f"점검결과 {result.findings_stored}개, 검토의견 {result.recommendations}개)"
        )
    for f in result.findings:
        print(f"  [{f.severity}] {f.line}행 {f.code}: {f.message}")
    return 0


def remind_followups_command(args: argparse.Namespace) -> int:
    from seonggwa.audit.context import acting_as
    from seonggwa.reviews.services import followup_reminders_send

    with acting_as(None, "cli:remind-followups"):
        sent = followup_reminders_send(today=args.today)
    print(f"후속조치 알림 {sent}건을 보냈습니다.")
    return 0
