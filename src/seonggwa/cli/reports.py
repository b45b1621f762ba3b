"""``seonggwa report``: official documents (성과계획서, 성과보고서, BSC, 지표 카드, 평가 결과)
as xlsx, PDF, HWPX, HTML or CSV."""

from __future__ import annotations

import argparse
from pathlib import Path

from seonggwa.cli import CommandError
from seonggwa.reports.kinds import REPORT_KIND_KEYS, REPORT_KINDS
from seonggwa.reports.modules import MODULE_KINDS

FORMATS = ("xlsx", "pdf", "hwpx", "html", "csv")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "report",
        help=f"공식 문서 출력 ({', '.join([k.name for k in REPORT_KINDS] + [k.name for k in MODULE_KINDS.values()])})",
        description=(
            "데이터베이스의 계획으로 공식 문서를 만듭니다. 종류: "
            + ", ".join(f"{k.key} ({k.summary})" for k in REPORT_KINDS)
            + ", "
            + ", ".join(
                f"{k.key} ({k.summary}; --year 는 평가 연도)" for k in MODULE_KINDS.values()
            )
            + ". 모든 문서 끝에 자료 검증 결과 부록이 붙습니다. "
            "csv 형식은 --out 이 .zip 으로 끝나면 표마다 CSV 하나씩 담은 zip 파일을, 아니면 그 디렉터리에 "
            "표마다 CSV 파일(UTF-8, BOM 포함)을 씁니다."
        ),
    )
    p.add_argument("--org", required=True, help="기관 이름 (예: 한빛시)")
    p.add_argument("--year", required=True, type=int, help="연도 (예: 2025)")
    p.add_argument(
        "--kind", required=True, choices=(*REPORT_KIND_KEYS, *MODULE_KINDS), help="문서 종류"
    )
    p.add_argument("--format", required=True, choices=FORMATS, dest="fmt", help="파일 형식")
    p.add_argument("--out", required=True, help="출력 파일 (csv: 디렉터리 또는 .zip)")
    p.add_argument("--unit", default=None, help="한 실국만 출력 (실국명)")
    p.add_argument("--no-charts", action="store_true", help="차트를 넣지 않음")
    p.add_argument(
        "--run",
        type=int,
        default=None,
        metavar="N",
        help="등급·점수를 읽을 평가 회차 번호(그 해의 회차; 기본: 가장 최근 회차, 회차가 없으면 승인된 실적으로 계산)",
    )
    p.add_argument(
        "--explain",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="부록 '산출 근거'(수치마다 산식과 입력값)를 붙임 (기본: 평가 결과 문서에만)",
    )
    p.set_defaults(handler=report_command)


def report_command(args: argparse.Namespace) -> int:
    from .progress import cli_progress

    with cli_progress(f"보고서 {args.kind}.{args.fmt}"):
        return _report(args)


def _report(args: argparse.Namespace) -> int:
    from seonggwa.jobs.services import progress
    from seonggwa.organisations.models import Organisation
    from seonggwa.reports.build import ReportError, plan_for_report, report_build
    from seonggwa.reports.kinds import report_kind_get
    from seonggwa.reports.render import report_render
    from seonggwa.reports.selectors import report_run_by_number

    org = Organisation.objects.filter(name=args.org).first()
    if org is None:
        raise CommandError(f"기관 '{args.org}'이(가) 없습니다. 기관 이름을 확인하세요.")
    progress(0, 3, "보고서 자료를 모으는 중")
    if args.kind in MODULE_KINDS:
        return _module_report(args, org)
    try:
        plan = plan_for_report(org, args.year, args.kind)
        spec = report_kind_get(args.kind)
        graded = spec is not None and spec.graded
        # the machine's operator reads as the evaluation office: the newest run or --run N
        reads_run = spec is not None and spec.uses_run
        run = report_run_by_number(plan, args.run) if reads_run or args.run is not None else None
        if args.run is not None and run is None:
            raise ReportError(f"{plan}: {plan.year}년 평가 제{args.run}회차가 없습니다.")
        explain = graded if args.explain is None else args.explain
        report = report_build(plan, args.kind, unit=args.unit, run=run, explain=explain)
    except ReportError as exc:
        raise CommandError(str(exc)) from exc
    out = Path(args.out)
    charts = not args.no_charts
    if args.fmt == "csv" and out.suffix.lower() != ".zip":
        from seonggwa.reports.csv import report_csv_files

        out.mkdir(parents=True, exist_ok=True)
        files = report_csv_files(report)
        for name, data in files.items():
            (out / name).write_bytes(data)
        print(f"{out}: CSV {len(files)}개 ({plan})")
        return 0
    if out.parent and not out.parent.exists():
        raise CommandError(f"출력 디렉터리 '{out.parent}'이(가) 없습니다.")
    progress(1, 3, f"{args.fmt.upper()} 파일을 만드는 중")
    data = report_render(report, args.fmt, charts=charts)
    progress(2, 3, "파일을 쓰는 중")
    out.write_bytes(data)
    progress(3, 3, "완료")
    print(
        f"{out}: {len(data):,} bytes ({plan}, 표 {len(report.tables)}개, 차트 {len(report.charts) if charts else 0}개)"
    )
    if report.stamp:
        print(report.stamp)
    return 0


def _module_report(args: argparse.Namespace, org: object) -> int:
    """A register's document (``--kind consignment``): built from the module's data of the
    evaluation year, rendered by the same writers."""
    from seonggwa.jobs.services import progress
    from seonggwa.reports.build import ReportError
    from seonggwa.reports.modules import module_report_build
    from seonggwa.reports.render import report_render

    try:
        report = module_report_build(org, args.year, args.kind)  # type: ignore[arg-type]
    except ReportError as exc:
        raise CommandError(str(exc)) from exc
    out = Path(args.out)
    if args.fmt == "csv" and out.suffix.lower() != ".zip":
        from seonggwa.reports.csv import report_csv_files

        out.mkdir(parents=True, exist_ok=True)
        files = report_csv_files(report)
        for name, data in files.items():
            (out / name).write_bytes(data)
        print(f"{out}: CSV {len(files)}개 ({report.title})")
        return 0
    if out.parent and not out.parent.exists():
        raise CommandError(f"출력 디렉터리 '{out.parent}'이(가) 없습니다.")
    progress(1, 3, f"{args.fmt.upper()} 파일을 만드는 중")
    data = report_render(report, args.fmt, charts=not args.no_charts)
    progress(2, 3, "파일을 쓰는 중")
    out.write_bytes(data)
    progress(3, 3, "완료")
    print(f"{out}: {len(data):,} bytes ({report.title}, 표 {len(report.tables)}개)")
    return 0
