"""init, serve, load-sample, dump, restore, createuser."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from django.utils.translation import gettext

from . import CommandError


def register(sub: Any) -> None:
    p = sub.add_parser(
        "init",
        help="데이터베이스를 만들고 마이그레이션을 적용합니다",
        description="DATABASE_URL 이 가리키는 데이터베이스에 스키마를 적용합니다 (SQLite는 var/ 아래에 파일을 만듭니다).",
    )
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser(
        "serve",
        help="웹 앱을 실행합니다",
        description="웹 앱(관리자 화면과 계획 페이지)을 실행하고 접속 주소를 출력합니다.",
    )
    p.add_argument("--host", default="127.0.0.1", help="접속을 받을 주소 (기본값 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="포트 (기본값 8000)")
    p.add_argument(
        "--production",
        action="store_true",
        help="운영 서버(gunicorn, 여러 워커)로 운영 설정(seonggwa.config.settings.production)을 "
        "써서 실행합니다. 정적 파일을 먼저 모으고(collectstatic) whitenoise 로 제공합니다 "
        "(docs/deploy.md).",
    )
    p.add_argument(
        "--bind",
        help="운영 서버가 받을 주소:포트 (기본값 SEONGGWA_BIND, 없으면 --host:--port)",
    )
    p.add_argument(
        "--workers",
        type=int,
        help="운영 서버의 웹 워커 수 (기본값 SEONGGWA_WEB_WORKERS, 없으면 CPU 수×2+1, 최대 "
        f"{MAX_DEFAULT_WORKERS})",
    )
    p.add_argument(
        "--timeout",
        type=int,
        help="요청 하나를 처리하는 최대 초; 넘으면 워커를 다시 시작합니다 "
        f"(기본값 SEONGGWA_WEB_TIMEOUT, 없으면 {DEFAULT_TIMEOUT})",
    )
    p.add_argument(
        "--skip-collectstatic",
        action="store_true",
        help="collectstatic 을 건너뜁니다 (릴리스마다 한 번 따로 실행한 경우). "
        "모은 정적 파일이 없으면 시작하지 않습니다.",
    )
    p.set_defaults(handler=cmd_serve)

    p = sub.add_parser(
        "load-sample",
        help="예시 기관(한빛시)을 불러옵니다 (이미 있으면 그대로 둡니다)",
        description="가상의 예시 기관 한빛시와 예시 계정을 불러옵니다. 두 번 실행해도 중복되지 않습니다.",
    )
    p.set_defaults(handler=cmd_load_sample)

    p = sub.add_parser(
        "dump",
        help="한 기관의 모든 데이터를 JSON 백업 파일로 씁니다",
        description="한 기관의 데이터 전체(조직, 계획, 지표, 실적, 증빙, 감사기록)를 버전이 표시된 JSON 파일로 씁니다.",
    )
    p.add_argument("file", type=Path, help="쓸 파일 경로")
    p.add_argument("--org", required=True, help="기관 이름 (예: 한빛시)")
    p.add_argument(
        "--strict",
        action="store_true",
        help="저장소에 없는 증빙 파일이 하나라도 있으면 백업을 쓰지 않고 끝냅니다(종료 코드 2). "
        "기본값은 없는 파일을 알리고 나머지로 백업을 씁니다.",
    )
    p.set_defaults(handler=cmd_dump)

    p = sub.add_parser(
        "restore",
        help="JSON 백업 파일에서 기관 데이터를 복원합니다",
        description="dump 로 만든 파일을 복원합니다. 스키마 버전이 다른 파일은 거부합니다. 전부 복원되거나 아무것도 바뀌지 않습니다.",
    )
    p.add_argument("file", type=Path, help="dump 로 만든 백업 파일")
    p.add_argument(
        "--replace", action="store_true", help="같은 이름의 기관이 있으면 지우고 복원합니다"
    )
    p.set_defaults(handler=cmd_restore)

    p = sub.add_parser(
        "createuser",
        help="사용자를 만들고 역할을 부여합니다",
        description="사용자를 만듭니다. 비밀번호는 --password, 환경변수 SEONGGWA_PASSWORD 또는 입력 프롬프트로 받습니다.",
    )
    p.add_argument("username", help="사용자 이름")
    p.add_argument("--password", help="비밀번호 (생략하면 SEONGGWA_PASSWORD 또는 프롬프트)")
    p.add_argument("--email", default="", help="이메일")
    p.add_argument("--superuser", action="store_true", help="모든 기관을 관리하는 최고 관리자")
    p.add_argument("--org", help="역할을 부여할 기관 이름")
    p.add_argument(
        "--role",
        choices=[
            "administrator",
            "evaluation_officer",
            "unit_manager",
            "unit_staff",
            "committee_member",
        ],
        help="역할 (--org 와 함께)",
    )
    p.add_argument("--unit", help="부서 이름 (unit_manager, unit_staff 에 필요)")
    p.set_defaults(handler=cmd_createuser)


def _organisation(name: str) -> Any:
    from seonggwa.organisations.selectors import organisation_by_name

    org = organisation_by_name(name=name)
    if org is None:
        raise CommandError(
            gettext("기관 '%(name)s'이(가) 없습니다. 기관 이름을 확인하세요.") % {"name": name}
        )
    return org


def cmd_init(args: argparse.Namespace) -> int:
    from django.conf import settings
    from django.core.management import call_command

    Path(settings.VAR_DIR).mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    # the table of the figures cache when SEONGGWA_FIGURES_CACHE=db (nothing otherwise)
    call_command("createcachetable", verbosity=0)
    # rendered figures are keyed on the data's state, not on the code that rendered them: an
    # upgrade (which runs init) must not serve pages its earlier templates made
    from seonggwa.core.readcache import figures_cache, local_clear

    figures_cache().clear()
    local_clear()
    db = settings.DATABASES["default"]
    print(
        gettext("데이터베이스 준비 완료: %(engine)s %(name)s")
        % {"engine": db["ENGINE"].rsplit(".", 1)[-1], "name": db.get("NAME")}
    )
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from django.core.management import call_command

    if args.production:
        return serve_production(args)

    print(
        gettext("seonggwa 실행 중: %(url)s  (관리자 화면: %(url)sadmin/)")
        % {"url": f"http://{args.host}:{args.port}/"}
    )
    print(gettext("끝내려면 Ctrl+C 를 누르세요."), flush=True)
    # Static files are served by the app itself (no separate web server in this mode).
    call_command("runserver", f"{args.host}:{args.port}", use_reloader=False, insecure_serving=True)
    return 0


# `seonggwa serve --production`: gunicorn's defaults, each overridable by option or environment
MAX_DEFAULT_WORKERS = 8
DEFAULT_TIMEOUT = 120
BASE_SETTINGS = "seonggwa.config.settings.base"
PRODUCTION_SETTINGS = "seonggwa.config.settings.production"


def default_workers(cpus: int | None) -> int:
    """gunicorn's advice, 2 × CPUs + 1, capped (each worker holds the whole app in memory).

    >>> default_workers(2), default_workers(16), default_workers(None)
    (5, 8, 3)
    """
    return min(2 * (cpus or 1) + 1, MAX_DEFAULT_WORKERS)


def _env_int(name: str, flag: str, given: int | None, default: int) -> int:
    if given is not None:
        value = given
    elif os.environ.get(name, "").strip():
        try:
            value = int(os.environ[name])
        except ValueError as exc:
            raise CommandError(
                gettext("%(name)s 는 정수여야 합니다 (받은 값: %(value)r).")
                % {"name": name, "value": os.environ[name]}
            ) from exc
    else:
        value = default
    if value < 1:
        raise CommandError(
            gettext("%(name)s 는 1 이상이어야 합니다 (받은 값: %(value)s).")
            % {"name": name if given is None else f"--{flag} ({name})", "value": value}
        )
    return value


def serve_production(args: argparse.Namespace) -> int:
    """Collect the static files, then replace this process by gunicorn (so the service
    manager's stop signal reaches gunicorn's master, which stops the workers gracefully)."""
    import subprocess

    from django.conf import settings

    if not os.environ.get("SEONGGWA_SECRET_KEY", "").strip():
        raise CommandError(
            gettext(
                "운영 서버에는 SEONGGWA_SECRET_KEY 가 필요합니다. docs/deployment.md 의 "
                "환경 예시를 보고 설정하세요."
            )
        )
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    workers = _env_int("SEONGGWA_WEB_WORKERS", "workers", args.workers, default_workers(cpus))
    timeout = _env_int("SEONGGWA_WEB_TIMEOUT", "timeout", args.timeout, DEFAULT_TIMEOUT)
    bind = args.bind or os.environ.get("SEONGGWA_BIND", "").strip() or f"{args.host}:{args.port}"
    env = dict(os.environ)
    # a site's own settings module (importing the production one) is kept; the CLI's
    # default (the base settings) becomes the production settings
    if env.get("DJANGO_SETTINGS_MODULE", BASE_SETTINGS) == BASE_SETTINGS:
        env["DJANGO_SETTINGS_MODULE"] = PRODUCTION_SETTINGS

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if args.skip_collectstatic:
        if not manifest.is_file():
            raise CommandError(
                gettext(
                    "모은 정적 파일이 없습니다(%(path)s). --skip-collectstatic 없이 실행하거나 먼저 "
                    "운영 설정(%(settings)s)으로 `python -m django collectstatic --noinput` 을 "
                    "실행하세요."
                )
                % {"path": manifest, "settings": PRODUCTION_SETTINGS}
            )
    else:
        print(
            gettext("정적 파일을 모으는 중: %(path)s") % {"path": settings.STATIC_ROOT}, flush=True
        )
        done = subprocess.run(
            [sys.executable, "-m", "django", "collectstatic", "--noinput", "--verbosity", "0"],
            env=env,
            check=False,
        )
        if done.returncode != 0:
            raise CommandError(
                gettext(
                    "정적 파일을 모으지 못했습니다(collectstatic 종료 코드 %(code)s). 위의 "
                    "오류를 보고 설정(docs/deployment.md)을 고치세요."
                )
                % {"code": done.returncode}
            )
    print(
        gettext(
            "seonggwa 운영 서버 시작: http://%(bind)s/ (gunicorn 워커 %(workers)s개, 상태 확인 /healthz)"
        )
        % {"bind": bind, "workers": workers},
        flush=True,
    )
    sys.stderr.flush()
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "seonggwa.config.wsgi:application",
        "--config",
        "python:seonggwa.config.gunicorn",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--timeout",
        str(timeout),
        # a worker is replaced after about a thousand requests, so a slow leak stays small
        "--max-requests",
        "1000",
        "--max-requests-jitter",
        "100",
    ]
    os.execve(sys.executable, argv, env)
    return 0  # pragma: no cover (execve does not return)


def cmd_load_sample(args: argparse.Namespace) -> int:
    from seonggwa.sample.load import sample_accounts, sample_load

    result = sample_load()
    if result.created:
        print(
            gettext("예시 기관 '%(name)s'을(를) 불러왔습니다.") % {"name": result.organisation.name}
        )
    else:
        print(
            gettext("예시 기관 '%(name)s'이(가) 이미 있어 그대로 둡니다.")
            % {"name": result.organisation.name}
        )
    print(gettext("예시 계정 (사용자 / 비밀번호 / 역할):"))
    for username, password, role in sample_accounts():
        print(f"  {username:<14} {password:<24} {role}")
    return 0


def cmd_dump(args: argparse.Namespace) -> int:
    from seonggwa.backup.services import DumpIncomplete, organisation_dump_to_file

    org = _organisation(args.org)
    try:
        result = organisation_dump_to_file(organisation=org, path=args.file, strict=args.strict)
    except DumpIncomplete as exc:
        raise CommandError(str(exc), exit_code=2) from exc
    if result.missing:
        print(
            gettext(
                "경고: 저장소에 없는 파일 %(count)s개는 내용 없이 이름만 백업했습니다 "
                "(--strict 를 주면 백업을 쓰지 않습니다):"
            )
            % {"count": len(result.missing)},
            file=sys.stderr,
        )
        for missing in result.missing:
            print(f"  {missing}", file=sys.stderr)
    print(
        gettext("'%(name)s' 백업 완료: %(file)s (%(count)s개 레코드)")
        % {"name": org.name, "file": args.file, "count": result.count}
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from seonggwa.audit.context import acting_as
    from seonggwa.backup.services import BackupRefused, organisation_restore_from_file

    with acting_as(None, "cli:restore"):
        try:
            org = organisation_restore_from_file(path=args.file, replace=args.replace)
        except BackupRefused as exc:  # like an import refused for its content: exit 2
            raise CommandError(str(exc), exit_code=2) from exc
    print(gettext("'%(name)s' 복원 완료: %(file)s") % {"name": org.name, "file": args.file})
    return 0


def cmd_createuser(args: argparse.Namespace) -> int:
    from seonggwa.accounts.services import role_assign, user_create
    from seonggwa.audit.context import acting_as
    from seonggwa.organisations.services import unit_find

    password = args.password or os.environ.get("SEONGGWA_PASSWORD")
    if not password:
        if not os.isatty(0):
            raise CommandError(
                gettext("비밀번호가 없습니다. --password 또는 SEONGGWA_PASSWORD 로 지정하세요.")
            )
        password = getpass.getpass(gettext("비밀번호: "))
    if args.role and not args.org:
        raise CommandError(gettext("--role 에는 --org 가 필요합니다."))
    with acting_as(None, "cli:createuser"):
        user = user_create(
            username=args.username, password=password, email=args.email, is_superuser=args.superuser
        )
        if args.role:
            org = _organisation(args.org)
            unit = None
            if args.unit:
                unit = unit_find(organisation=org, name=args.unit)
                if unit is None:
                    raise CommandError(
                        gettext("'%(org)s'에 부서 '%(unit)s'이(가) 없습니다.")
                        % {"org": org.name, "unit": args.unit}
                    )
            role_assign(user=user, organisation=org, role=args.role, unit=unit)
    print(
        gettext("사용자 '%(username)s'을(를) 만들었습니다.") % {"username": user.get_username()}
        + (" " + gettext("역할: %(role)s") % {"role": args.role} if args.role else "")
    )
    return 0
