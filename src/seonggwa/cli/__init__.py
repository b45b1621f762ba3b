"""The ``seonggwa`` command. Thin: it parses arguments and calls services and selectors.

Each module in this package registers one group of subcommands via ``register(subparsers)``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from seonggwa import __version__

# Subcommand modules, in the order their commands appear in --help.
MODULES = [
    "seonggwa.cli.foundation",
    "seonggwa.cli.workflow",
    "seonggwa.cli.evaluation",
    "seonggwa.cli.jobs",
    "seonggwa.cli.demo",
    "seonggwa.cli.registers",
    "seonggwa.cli.risks",
    "seonggwa.cli.reviews",
    "seonggwa.cli.council",
]
OPTIONAL_MODULES = ["seonggwa.cli.imports", "seonggwa.cli.reports"]


class CommandError(Exception):
    """A failure to report to the user with an exit code (message already in Korean)."""

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seonggwa.config.settings.base")
    import django

    django.setup()


def check_database_current() -> None:
    """Refuse to work on a database that lacks this version's migrations (or does not exist)."""
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.executor import MigrationExecutor
    from django.db.utils import OperationalError
    from django.utils.translation import gettext

    connection = connections[DEFAULT_DB_ALIAS]
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except OperationalError as exc:
        raise CommandError(
            gettext("데이터베이스에 연결할 수 없습니다(%(error)s). DATABASE_URL 을 확인하세요.")
            % {"error": exc}
        ) from exc
    if pending and not executor.loader.applied_migrations:
        raise CommandError(
            gettext("데이터베이스가 비어 있습니다. 먼저 `seonggwa init` 을 실행하세요.")
        )
    if pending:
        raise CommandError(
            gettext(
                "데이터베이스가 이 버전의 seonggwa 보다 오래되었습니다(적용할 마이그레이션 %(count)s개). "
                "먼저 `seonggwa init` 을 실행하세요."
            )
            % {"count": len(pending)}
        )


def build_parser() -> argparse.ArgumentParser:
    import importlib
    import importlib.util

    parser = argparse.ArgumentParser(
        prog="seonggwa",
        description="seonggwa(성과): 공공기관 성과관리 — 계획, 실적 수집, 평가, 보고. "
        "데이터베이스는 DATABASE_URL 로 지정합니다 (기본값: sqlite:///var/seonggwa.sqlite3).",
    )
    parser.add_argument("--version", action="version", version=f"seonggwa {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in MODULES + [m for m in OPTIONAL_MODULES if importlib.util.find_spec(m) is not None]:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from seonggwa.core.errors import ServiceError

    try:
        setup_django()
        if args.command != "init":
            check_database_current()
        result = args.handler(args)
    except CommandError as exc:
        print(f"오류: {exc}", file=sys.stderr)
        return exc.exit_code
    except ServiceError as exc:
        print(f"오류: {exc}", file=sys.stderr)
        return 1
    return int(result or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
