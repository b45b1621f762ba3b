"""The ``seonggwa`` command. Thin: it parses arguments and calls services and selectors.

Each module in this package registers one group of subcommands via ``register(subparsers)``.
"""

from __future__ import annotations

import argparse
import gc
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
    "seonggwa.cli.preload",
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


def migrations_on_disk() -> set[tuple[str, str]]:
    """(app label, migration name) of every migration file of the installed apps, found as
    Django's migration loader finds them but without importing them (a command's start-up
    would otherwise import every migration module)."""
    import pkgutil
    from importlib.util import find_spec

    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader

    found: set[tuple[str, str]] = set()
    for config in apps.get_app_configs():
        module_name, _explicit = MigrationLoader.migrations_module(config.label)
        if module_name is None:
            continue
        try:
            spec = find_spec(module_name)
        except ModuleNotFoundError:
            continue
        if spec is None or not spec.submodule_search_locations:
            continue
        found.update(
            (config.label, name)
            for _finder, name, is_pkg in pkgutil.iter_modules(spec.submodule_search_locations)
            if not is_pkg and name[0] not in "_~"
        )
    return found


def database_is_current() -> bool:
    """Quick check: every migration file on disk is recorded as applied. ``False`` means
    "not known" (a pending or squashed migration, no table, no database):
    :func:`check_database_current` then asks Django's migration executor."""
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.recorder import MigrationRecorder
    from django.db.utils import DatabaseError

    try:
        recorder = MigrationRecorder(connections[DEFAULT_DB_ALIAS])
        if not recorder.has_table():
            return False
        applied = set(recorder.applied_migrations())
    except DatabaseError:
        return False
    return migrations_on_disk() <= applied


def check_database_current() -> None:
    """Refuse to work on a database that lacks this version's migrations (or does not exist)."""
    if database_is_current():
        return
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
    """The program (``argv`` None: the command line of this process) or one command of it
    (``argv`` given: tests, other code)."""
    program = argv is None
    if program and "report" in sys.argv[1:]:
        from seonggwa.cli import preload

        if preload.wanted(sys.argv[1:]):
            status = preload.run_preloaded(sys.argv[1:])
            if status is not None:
                return status  # a resident `seonggwa preload` ran it
    if program:
        # A process of its own: no garbage collection while Python, Django and the models
        # are imported (they leave few cycles; collecting costs ~0.03 s), then those objects
        # are frozen, never scanned again — nor at exit (another ~0.07 s). Not when called
        # from a longer-lived process (tests), which should keep collecting as usual.
        gc.disable()
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        from seonggwa.core.errors import ServiceError

        try:
            setup_django()
            if program:
                gc.freeze()
                gc.enable()
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
    finally:
        if program:
            gc.enable()
            gc.freeze()  # the process ends: its objects go with it, uncollected


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
