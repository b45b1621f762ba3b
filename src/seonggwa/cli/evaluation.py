"""evaluate: an evaluation run of a plan (docs/evaluation.md)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from django.utils.translation import gettext

from . import CommandError


def register(sub: Any) -> None:
    p = sub.add_parser(
        "evaluate",
        help="계획을 평가해 결과(달성률·등급·점수)를 저장합니다 (잠정 평가)",
        description="확정된 계획의 목표와 승인된 실적으로 지표마다 달성률·등급·점수를, 부서마다 "
        "관점별·종합 점수와 등급별 지표 수·순위를 계산해 새 평가(잠정)로 저장합니다. 같은 계획·기간을 "
        "다시 평가하면 다음 번호의 평가가 되고, 바로 앞 평가와 달라진 지표를 알려 줍니다. "
        "--json 은 저장된 결과를 JSON 으로 출력합니다 (키: docs/evaluation.md).",
    )
    p.add_argument("--org", required=True, help="기관 이름")
    p.add_argument("--year", type=int, required=True, help="계획 연도 (예: 2025)")
    p.add_argument(
        "--kind",
        choices=["plan", "report", "bsc"],
        help="계획 종류 (그 해 평가할 수 있는 계획이 하나면 생략 가능)",
    )
    p.add_argument("--period", help="평가할 기간 (예: 2025, 2025-Q2; 기본값: 계획 연도)")
    p.add_argument("--json", action="store_true", help="저장된 결과를 JSON 으로 출력합니다")
    p.set_defaults(handler=cmd_evaluate)


def _evaluable_plan(args: argparse.Namespace) -> Any:
    from seonggwa.organisations.selectors import organisation_by_name
    from seonggwa.plans.models import Plan

    org = organisation_by_name(name=args.org)
    if org is None:
        raise CommandError(
            gettext("기관 '%(org)s'이(가) 없습니다. 기관 이름을 확인하세요.") % {"org": args.org}
        )
    plans = list(
        Plan.objects.filter(organisation=org, year=args.year)
        .exclude(status=Plan.Status.DRAFT)
        .select_related("organisation")
        .order_by("kind")
    )
    if args.kind is not None:
        plans = [p for p in plans if p.kind == args.kind]
    if not plans:
        raise CommandError(
            gettext(
                "'%(org)s'에 평가할 수 있는 %(year)s년 계획이 없습니다(초안은 확정한 뒤 평가합니다). "
                "연도와 --kind 를 확인하세요."
            )
            % {"org": org.name, "year": args.year}
        )
    if len(plans) > 1:
        raise CommandError(
            gettext(
                "'%(org)s' %(year)s년에 평가할 수 있는 계획이 여러 개입니다(%(kinds)s). "
                "--kind 로 하나를 고르세요."
            )
            % {"org": org.name, "year": args.year, "kinds": ", ".join(p.kind for p in plans)}
        )
    return plans[0]


def cmd_evaluate(args: argparse.Namespace) -> int:
    from seonggwa.evaluation.compute import scheme_for
    from seonggwa.evaluation.selectors import run_changes, run_json, run_previous
    from seonggwa.evaluation.services import run_start
    from seonggwa.evaluation.tasks import run_progress
    from seonggwa.plans.models import Period

    from .progress import cli_progress

    plan = _evaluable_plan(args)
    period = None
    if args.period and args.period != str(plan.year):
        period = Period.objects.filter(plan=plan, key=args.period).first()
        if period is None:
            keys = ", ".join(Period.objects.filter(plan=plan).values_list("key", flat=True))
            raise CommandError(
                gettext("%(plan)s에 기간 '%(period)s'이(가) 없습니다(있는 기간: %(keys)s).")
                % {"plan": plan, "period": args.period, "keys": keys or "-"}
            )
    with cli_progress(f"평가 {plan}"):
        run = run_start(user=None, plan=plan, period=period, progress=run_progress)
    if args.json:
        print(json.dumps(run_json(run=run), ensure_ascii=False, indent=1))
        return 0
    data = run_json(run=run)
    print(
        gettext("%(plan)s · %(period)s 평가 %(run)s (잠정): 지표 %(count)s개, 기준 %(scheme)s")
        % {
            "plan": plan,
            "period": run.period_key,
            "run": run.number,
            "count": len(data["results"]),
            "scheme": f"{run.scheme_name} v{run.scheme_version}",
        }
    )
    bands = scheme_for(run.scheme_name, version=run.scheme_version).bands
    for o in data["owners"]:  # in the scheme's order (PostgreSQL's JSON keeps no key order)
        counts = ", ".join(f"{b.mark} {o['grades'].get(b.code, 0)}" for b in bands)
        print(
            f"  {o['rank'] or '-':>3} {o['owner']}: {o['score'] or '-'} ({counts}, - {o['not_rated']})"
        )
    previous = run_previous(run=run)
    if previous is not None:
        changes = run_changes(run=run, previous=previous)
        print(
            gettext("평가 %(previous)s와(과) 달라진 것: %(count)s건")
            % {"previous": previous.number, "count": len(changes)}
        )
        for c in changes:
            print(f"  {c.unit} · {c.indicator}: {c.label} {c.before} → {c.after}")
    return 0
