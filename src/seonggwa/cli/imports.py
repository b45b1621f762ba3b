"""import, summary, check, export-xlsx (docs/importing.md)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from . import CommandError

EXIT_UNREADABLE = 2


def register(sub: Any) -> None:
    p = sub.add_parser(
        "import",
        help="성과계획서·성과보고서·BSC 텍스트나 seonggwa 통합문서를 불러옵니다",
        description="문서를 읽어 형식을 판단하고, 검증하고, 한 번에(전부 또는 전혀) 저장합니다. "
        "종료 코드: 0 저장함(경고 있을 수 있음), 2 파일을 읽거나 해석할 수 없음 또는 한도 초과"
        "(아무것도 저장 안 함; 한도는 docs/limits.md), "
        "2 마감되었거나 승인·잠긴 실적이 있는 계획을 --force-replace --reason 없이 바꾸려 함, "
        "1 그 밖의 거부(예: 이미 있는 계획에 --replace 없음).",
    )
    p.add_argument("path", type=Path, help="불러올 파일 (UTF-8 텍스트 또는 .xlsx)")
    p.add_argument("--org", required=True, help="기관 이름 (없으면 새로 만듭니다)")
    p.add_argument("--year", type=int, required=True, help="계획 연도 (예: 2022)")
    p.add_argument(
        "--format",
        default="auto",
        choices=["auto", "plan", "report", "bsc2009", "bsc-detail", "xlsx"],
        help="문서 형식 (기본값 auto: 내용을 보고 판단)",
    )
    p.add_argument(
        "--replace",
        action="store_true",
        help="같은 연도·종류의 계획이 있으면 지우고 이 파일로 다시 불러옵니다",
    )
    p.add_argument(
        "--force-replace",
        action="store_true",
        help="마감된 계획이나 승인·잠긴 실적이 있는 계획도 지우고 바꿉니다(--reason 필요; "
        "지우기 전에 기관 백업을 씁니다)",
    )
    p.add_argument("--reason", default="", help="--force-replace 의 이유 (감사기록에 남습니다)")
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser(
        "import-sustainability",
        help="지속가능성 보고서의 표(핵심지표·달성도·평가기준·이행계획 집계표)를 불러옵니다",
        description="지속가능성 보고서 텍스트에서 비전 체계, 핵심지표와 달성도, 이행계획 평가기준, "
        "분야별 성과지표 집계표를 읽어 그 해의 지속가능성 평가(계획 종류 sust)로 한 번에 저장합니다. "
        "표의 결함은 줄 번호와 함께 검토사항으로 남깁니다. 종료 코드: 0 저장함, 2 파일을 읽을 수 "
        "없거나 표가 없음(아무것도 저장 안 함), 1 그 밖의 거부(예: 이미 있음, --replace 없음).",
    )
    p.add_argument("path", type=Path, help="지속가능성 보고서 텍스트 파일 (UTF-8)")
    p.add_argument("--org", required=True, help="기관 이름 (없으면 새로 만듭니다)")
    p.add_argument("--year", type=int, required=True, help="평가 연도 (예: 2019)")
    p.add_argument(
        "--replace",
        action="store_true",
        help="그 해의 지속가능성 평가가 있으면 지우고 다시 불러옵니다",
    )
    p.set_defaults(handler=cmd_import_sustainability)

    p = sub.add_parser(
        "import-joint-evaluation",
        help="지방자치단체 합동평가 결과 문서의 표(개요·지표체계·결과)를 불러옵니다",
        description="합동평가 결과 문서 텍스트에서 개요, 추진 경과, 5대 국정목표별 122개 지표(정량·정성, "
        "소관부처, 시부·도부 평가범위)와 결과 표의 목표달성도·우수사례를 읽어 그 해의 합동평가(계획 "
        "종류 joint)로 한 번에 저장합니다. 종료 코드: 0 저장함, 2 파일을 읽을 수 없거나 지표 목록이 "
        "없음(아무것도 저장 안 함), 1 그 밖의 거부(예: 이미 있음, --replace 없음).",
    )
    p.add_argument("path", type=Path, help="합동평가 결과 문서 텍스트 파일 (UTF-8)")
    p.add_argument("--org", required=True, help="기관 이름 (없으면 새로 만듭니다)")
    p.add_argument("--year", type=int, required=True, help="평가 연도 (예: 2020)")
    p.add_argument(
        "--replace", action="store_true", help="그 해의 합동평가가 있으면 지우고 다시 불러옵니다"
    )
    p.set_defaults(handler=cmd_import_joint)

    p = sub.add_parser(
        "import-vps",
        help="VPS(지방행정평가정보시스템) 시트에서 시·도의 지표별 실적을 합동평가에 불러옵니다",
        description="CSV·탭 구분 텍스트·.xlsx 시트(열: 시도, 연번, 지표명, 목표, 실적, 달성여부, "
        "우수사례)를 읽어 시·도별 지표 결과로 한 번에 저장합니다. 모르는 "
        "시·도·지표, 범위 밖 값은 줄 번호와 함께 검토사항으로 남기고 그 행은 건너뜁니다. 종료 코드: "
        "0 저장함, 2 파일을 읽을 수 없거나 열이 없음(아무것도 저장 안 함), 1 그 밖의 거부.",
    )
    p.add_argument("path", type=Path, help="VPS 시트 (.csv, .txt, .xlsx)")
    p.add_argument("--org", required=True, help="기관 이름")
    p.add_argument("--year", type=int, required=True, help="합동평가 연도 (예: 2020)")
    p.add_argument("--region", default="", help="시도 열이 없는 시트의 시·도 (예: 서울)")
    p.set_defaults(handler=cmd_import_vps)

    for name, helptext in (
        (
            "summary",
            "총괄표: 문서에 적힌 값(declared)과 상세에서 계산한 값(computed)을 보여 줍니다",
        ),
        ("check", "저장된 데이터로 검증을 다시 하고 검토사항을 출력합니다"),
    ):
        p = sub.add_parser(name, help=helptext, description=helptext)
        p.add_argument("--org", required=True, help="기관 이름")
        p.add_argument("--year", type=int, required=True, help="계획 연도")
        p.add_argument(
            "--kind",
            choices=["plan", "report", "bsc"],
            help="계획 종류 (그 해 계획이 하나면 생략 가능)",
        )
        if name == "summary":
            p.add_argument("--json", action="store_true", help="JSON 으로 출력합니다")
            p.set_defaults(handler=cmd_summary)
        else:
            p.set_defaults(handler=cmd_check)

    p = sub.add_parser(
        "export-xlsx",
        help="계획 하나를 seonggwa 통합문서(.xlsx)로 내보냅니다",
        description="표마다 시트 하나(정보, 부서, 계획주체, 관점, 전략목표, 정책사업목표, 성과지표, "
        "지표값, 총괄, 검토사항). 'seonggwa import 파일 --format xlsx' 로 다시 불러올 수 있습니다.",
    )
    p.add_argument("--org", required=True, help="기관 이름")
    p.add_argument("--year", type=int, required=True, help="계획 연도")
    p.add_argument("--kind", required=True, choices=["plan", "report", "bsc"], help="계획 종류")
    p.add_argument("--out", required=True, type=Path, help="쓸 .xlsx 파일 경로")
    p.set_defaults(handler=cmd_export_xlsx)


def _finding_line(f: Any) -> str:
    where = " ".join(x for x in (f.unit or "", f"{f.line}행" if f.line else "") if x)
    if f.details.get("where"):  # where in a document file (HWPX, PDF, xlsx) the line came from
        where += f" · {f.details['where']}"
    return f"  [{f.severity}] {f.code}" + (f" ({where})" if where else "") + f": {f.message}"


def cmd_import(args: argparse.Namespace) -> int:
    from seonggwa.audit.context import acting_as
    from seonggwa.backup.replace import replace_backup_write
    from seonggwa.importers.load import ImportFileError, document_import
    from seonggwa.importers.replace import ReplaceRefused

    if args.force_replace and not args.replace:
        args.replace = True
    try:
        with acting_as(None, "cli:import"):
            result = document_import(
                organisation_name=args.org,
                year=args.year,
                path_or_text=args.path,
                fmt=args.format,
                replace=args.replace,
                force_replace=args.force_replace,
                reason=args.reason,
                before_replace=replace_backup_write,
            )
    except (ImportFileError, ReplaceRefused) as exc:
        raise CommandError(str(exc), exit_code=EXIT_UNREADABLE) from exc
    plan = result.plan
    print(f"형식: {result.detection}")
    if result.already_imported:
        print(
            f"이미 불러온 파일입니다: {result.document.file_name} → {plan}. 아무것도 바꾸지 않았습니다."
        )
        return 0
    c = result.counts
    print(
        f"불러옴{' (기존 계획을 지우고 다시)' if result.replaced else ''}: "
        f"{result.document.file_name} → {plan}"
    )
    if result.replaced:
        print(f"  지운 기존 행 {result.deleted_rows}건 (하나하나 감사기록에 남김)")
        if result.backup_path:
            print(f"  지우기 전 기관 백업: {result.backup_path}")
    print(
        f"  부서 {c['units']}, 관점 {c['perspectives']}, 전략목표 {c['strategic_goals']}, "
        f"정책사업목표 {c['policy_goals']}, 성과지표 {c['indicators']}, 지표값 {c['values']}, "
        f"총괄 수치 {c['declared_figures']}"
    )
    print(
        f"  주요사업 코드 {c['program_codes']}, 상위 목표·지표와 연결된 지표 {c['parent_links']}, "
        f"작년 지표와 연결된 지표 {c['previous_links']}"
    )
    if c.get("other_plans_parent_links"):
        print(
            f"  같은 해 다른 계획의 지표 {c['other_plans_parent_links']}개가 이 계획의 목표·지표를 "
            "상위로 연결함"
        )
    _print_findings(result.findings)
    return 0


def cmd_import_sustainability(args: argparse.Namespace) -> int:
    from seonggwa.audit.context import acting_as
    from seonggwa.frameworks.selectors import sustainability_summary
    from seonggwa.importers.load import ImportFileError
    from seonggwa.importers.sustainability.load import sustainability_import

    try:
        with acting_as(None, "cli:import-sustainability"):
            result = sustainability_import(
                user=None,
                organisation_name=args.org,
                year=args.year,
                path_or_text=args.path,
                replace=args.replace,
            )
    except ImportFileError as exc:
        raise CommandError(str(exc), exit_code=EXIT_UNREADABLE) from exc
    if result.already_imported:
        print(f"이미 불러온 파일입니다 → {result.plan}. 아무것도 바꾸지 않았습니다.")
        return 0
    c = result.counts
    print(f"불러옴: {args.path.name} → {result.plan}")
    print(
        f"  분야 {c['fields']}, 전략 {c['strategies']}, 과제 {c['tasks']}, "
        f"핵심지표 {c['core_indicators']}, 평가기준 {c['criteria']}"
    )
    summary = sustainability_summary(result.framework)
    means = ", ".join(f"{k} {v.text}" for k, v in summary.field_means.items())
    print(f"  핵심지표 달성도: {means}; 전체(분야 평균의 평균) {summary.overall.text}")
    counts = ", ".join(f"{x.field} {x.totals[0]}/{x.total}" for x in summary.counts)
    print(f"  이행계획 달성: {counts}; 계 {summary.count_totals[0]}/{summary.count_total}")
    _print_findings(result.findings)
    return 0


def cmd_import_joint(args: argparse.Namespace) -> int:
    from seonggwa.audit.context import acting_as
    from seonggwa.importers.joint.load import joint_import
    from seonggwa.importers.load import ImportFileError

    try:
        with acting_as(None, "cli:import-joint-evaluation"):
            result = joint_import(
                user=None,
                organisation_name=args.org,
                year=args.year,
                path_or_text=args.path,
                replace=args.replace,
            )
    except ImportFileError as exc:
        raise CommandError(str(exc), exit_code=EXIT_UNREADABLE) from exc
    if result.already_imported:
        print(f"이미 불러온 파일입니다 → {result.plan}. 아무것도 바꾸지 않았습니다.")
        return 0
    c = result.counts
    print(f"불러옴: {args.path.name} → {result.plan}")
    print(
        f"  국정목표 {c['goals']}, 지표 {c['indicators']}(정량 {c['quantitative']}, "
        f"정성 {c['qualitative']}), 시·도 {c['regions']}, 결과 표 값 {c['printed']}, "
        f"추진 경과 {c['timeline']}, 우수사례 {c['best_cases']}"
    )
    _print_findings(result.findings)
    return 0


def cmd_import_vps(args: argparse.Namespace) -> int:
    from seonggwa.audit.context import acting_as
    from seonggwa.importers.joint.vps_load import vps_import
    from seonggwa.importers.load import ImportFileError
    from seonggwa.plans.models import Plan

    plan = (
        Plan.objects.filter(
            organisation__name=args.org.strip(), year=args.year, kind=Plan.Kind.JOINT_EVALUATION
        )
        .select_related("organisation")
        .first()
    )
    if plan is None:
        raise CommandError(
            f"{args.org} {args.year}년 합동평가가 없습니다. 먼저 import-joint-evaluation 하세요."
        )
    try:
        with acting_as(None, "cli:import-vps"):
            result = vps_import(user=None, plan=plan, path_or_bytes=args.path, region=args.region)
    except ImportFileError as exc:
        raise CommandError(str(exc), exit_code=EXIT_UNREADABLE) from exc
    print(
        f"불러옴: {args.path.name} → {plan}: 행 {result.rows}, 저장 {result.written}, "
        f"건너뜀 {result.skipped} ({', '.join(result.regions) or '시·도 없음'})"
    )
    _print_findings(result.findings)
    return 0


def _print_findings(findings: list[Any]) -> None:
    by = {s: sum(1 for f in findings if str(f.severity) == s) for s in ("error", "warning", "info")}
    print(
        f"검토사항 {len(findings)}건 (오류 {by['error']}, 경고 {by['warning']}, 참고 {by['info']}):"
    )
    for f in findings:
        print(_finding_line(f))


def _plan(args: argparse.Namespace, kind: str | None) -> Any:
    from seonggwa.organisations.selectors import organisation_by_name
    from seonggwa.plans.models import Plan

    org = organisation_by_name(name=args.org)
    if org is None:
        raise CommandError(
            f"기관 '{args.org}'이(가) 없습니다. 기관 이름을 확인하거나 먼저 import 하세요."
        )
    plans = list(Plan.objects.filter(organisation=org, year=args.year).order_by("kind"))
    if not plans:
        raise CommandError(f"'{org.name}'에 {args.year}년 계획이 없습니다. 연도를 확인하세요.")
    if kind is None:
        if len(plans) > 1:
            kinds = ", ".join(p.kind for p in plans)
            raise CommandError(
                f"'{org.name}' {args.year}년 계획이 여러 개입니다({kinds}). --kind 로 하나를 고르세요."
            )
        return plans[0]
    found = [p for p in plans if p.kind == kind]
    if not found:
        kinds = ", ".join(p.kind for p in plans)
        raise CommandError(
            f"'{org.name}'에 {args.year}년 '{kind}' 계획이 없습니다(있는 종류: {kinds})."
        )
    return found[0]


def cmd_summary(args: argparse.Namespace) -> int:
    from seonggwa.importers.selectors import plan_summary

    plan = _plan(args, args.kind)
    data = plan_summary(plan=plan)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return 0
    print(_summary_table(data))
    return 0


_LABELS = {
    "strategic_goals": "전략목표",
    "policy_goals": "정책사업목표",
    "indicators": "지표",
    "unit_programs": "단위사업",
    "exceeded": "초과달성",
    "achieved": "달성",
    "not_achieved": "미달성",
    "budget": "예산액",
    "previous_budget": "전년도예산액",
    "settlement": "결산액",
    "previous_settlement": "전년도결산액",
    "change": "비교증감",
    "share_pct": "비중(%)",
}


def _fmt(value: Any) -> str:
    if value is None:
        return "·"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _summary_table(data: dict[str, Any]) -> str:
    keys = list((data["total"]["computed"] or {}).keys())
    lines = [
        f"{data['org']} {data['year']}년 ({data['kind']}) 총괄 — 칸마다 '문서값/계산값', "
        "'·' 는 값 없음(상세로 계산할 수 없음)",
        "\t".join(["실국명", *(_LABELS.get(k, k) for k in keys)]),
    ]
    rows = [{"unit": "계", **data["total"]}, *data["units"]]
    for row in rows:
        declared, computed = row["declared"] or {}, row["computed"] or {}
        cells = []
        for k in keys:
            d, c = declared.get(k), computed.get(k)
            mark = "" if d is None or c is None or d == c else " ≠"
            cells.append(f"{_fmt(d)}/{_fmt(c)}{mark}")
        lines.append("\t".join([row["unit"], *cells]))
    findings = data["findings"]
    lines.append(f"검토사항 {len(findings)}건 ('seonggwa check' 로 다시 검사)")
    for f in findings:
        where = " ".join(x for x in (f["unit"] or "", f"{f['line']}행" if f["line"] else "") if x)
        lines.append(
            f"  [{f['severity']}] {f['code']}"
            + (f" ({where})" if where else "")
            + f": {f['message']}"
        )
    return "\n".join(lines)


def cmd_check(args: argparse.Namespace) -> int:
    from seonggwa.audit.context import acting_as
    from seonggwa.importers.check import plan_check

    plan = _plan(args, args.kind)
    with acting_as(None, "cli:check"):
        findings = plan_check(plan=plan)
    print(f"{plan}: 저장된 데이터로 다시 검사했습니다.")
    _print_findings(findings)
    return 0


def cmd_export_xlsx(args: argparse.Namespace) -> int:
    from seonggwa.importers import xlsx
    from seonggwa.importers.selectors import plan_tables

    plan = _plan(args, args.kind)
    tables = plan_tables(plan=plan)
    try:
        xlsx.write(tables, args.out, organisation=plan.organisation.name, year=plan.year)
    except OSError as exc:
        raise CommandError(f"{args.out}: 파일을 쓸 수 없습니다({exc.strerror}).") from exc
    print(
        f"내보냄: {plan} → {args.out} (성과지표 {len(tables.indicators)}, 지표값 {len(tables.values)})"
    )
    return 0
