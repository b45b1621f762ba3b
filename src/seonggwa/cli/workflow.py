"""remind: the actuals workflow's reminders, for cron."""

from __future__ import annotations

import argparse
import datetime
from typing import Any

from django.utils.translation import gettext

from . import CommandError


def register(sub: Any) -> None:
    p = sub.add_parser(
        "remind",
        help="열린 입력 기간과 마감이 다가온 실적 입력을 부서에 알립니다 (cron 용, 여러 번 "
        "실행해도 한 번만 알림)",
        description="오늘 열려 있는 입력 기간을 아직 알리지 않았으면 지표가 있는 부서의 담당자와 "
        "부서장에게 알리고, 입력 기간이 SEONGGWA_REMIND_DAYS 일(기본 3일) 안에 마감되는 기간마다 "
        "아직 제출하지 않은 실적이 있는 부서에 앱 알림과 e-mail을 보냅니다. 같은 부서·기간에는 "
        "한 번만 보내므로 cron 에서 매일 실행해도 됩니다.",
    )
    p.add_argument(
        "--today",
        type=datetime.date.fromisoformat,
        help="이 날짜를 오늘로 보고 계산합니다 (YYYY-MM-DD, 시험용)",
    )
    p.set_defaults(handler=cmd_remind)


def cmd_remind(args: argparse.Namespace) -> int:
    from seonggwa.audit.context import acting_as
    from seonggwa.results.services import reminders_send

    try:
        with acting_as(None, "cli:remind"):
            sent = reminders_send(today=args.today)
    except ValueError as exc:  # pragma: no cover - argparse validates the date
        raise CommandError(str(exc), exit_code=2) from exc
    print(gettext("알림 %(count)s건을 보냈습니다.") % {"count": sent})
    return 0
