"""generate-demo: a national demo dataset written straight into the database (docs/demo.md)."""

from __future__ import annotations

import argparse
from typing import Any

from . import CommandError


def register(sub: Any) -> None:
    p = sub.add_parser(
        "generate-demo",
        help="가상의 전국 시연 데이터(여러 기관·연도)를 데이터베이스에 씁니다",
        description="가상의 기관들(시부·도부 등 비교 그룹), 여러 해의 성과계획(부서, 전략목표, "
        "정책사업목표, 성과지표, 다년도 목표), 월별·분기별 실적(일부는 자료 없음)과 지난해들의 "
        "공개된 평가 결과를 한 번에(bulk) 씁니다. 같은 --seed 는 같은 데이터를 만듭니다. "
        "가상 데이터 기관이 이미 있으면 --replace 없이는 거부합니다(docs/demo.md).",
    )
    p.add_argument("--orgs", type=int, required=True, help="기관 수 (예: 30)")
    p.add_argument(
        "--indicators", type=int, required=True, help="기관·연도마다 성과지표 수 (예: 600)"
    )
    p.add_argument("--months", type=int, required=True, help="실적이 있는 개월 수 1~12 (예: 12)")
    p.add_argument("--years", type=int, default=3, help="계획 연도 수 (기본값 3, 올해까지)")
    p.add_argument("--seed", type=int, default=1, help="난수 씨앗 (기본값 1)")
    p.add_argument("--last-year", type=int, help="마지막 계획 연도 (기본값 올해)")
    p.add_argument(
        "--replace",
        action="store_true",
        help="이미 있는 가상 데이터 기관을 지우고 다시 만듭니다(다른 기관은 그대로 둡니다)",
    )
    p.add_argument(
        "--no-evaluate", action="store_true", help="지난해들의 평가 실행(결과 저장)을 건너뜁니다"
    )
    p.add_argument(
        "--close-last-year",
        action="store_true",
        help="마지막 연도도 끝난 해로 만듭니다(계획 종료, 실적 모두 승인, 연간 실적 기록, 평가 대상)",
    )
    p.set_defaults(handler=cmd_generate_demo)


def cmd_generate_demo(args: argparse.Namespace) -> int:
    from seonggwa.audit.context import acting_as
    from seonggwa.sample.demo import DemoExists, generate_demo

    with acting_as(None, "cli:generate-demo"):
        try:
            result = generate_demo(
                orgs=args.orgs,
                indicators=args.indicators,
                months=args.months,
                years=args.years,
                seed=args.seed,
                replace=args.replace,
                last_year=args.last_year,
                evaluate=not args.no_evaluate,
                close_last=args.close_last_year,
            )
        except DemoExists as exc:
            raise CommandError(str(exc)) from exc
    from django.db import connection

    if connection.vendor == "postgresql":
        # the planner's statistics of the tables just filled: without them (autovacuum
        # late or off) it reads every value to find one plan's
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    if result.replaced:
        print(f"기존 가상 데이터 기관 {result.replaced}개를 지웠습니다.")
    print(
        f"가상 데이터를 만들었습니다: 기관 {len(result.organisations)}개 "
        f"({result.seconds:.1f}초, 그중 지난해 평가 실행 {result.seconds_evaluating:.1f}초)"
    )
    for label, count in result.counts.items():
        print(f"  {label:<28} {count:>10,}")
    return 0
