"""The table of report kinds (``reports.kinds``) is the one place that knows the kinds: the
dispatcher, the web pages and the CLI read it. And the layers: the builders run no queries
and import no models, and nothing in ``seonggwa.reports`` imports ``seonggwa.web``."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

import seonggwa.reports
from seonggwa.cli import build_parser
from seonggwa.plans.models import Plan
from seonggwa.reports.build import ReportError, plan_for_report, report_build
from seonggwa.reports.kinds import REPORT_KIND_KEYS, REPORT_KINDS, report_kinds_for

REPORTS = Path(seonggwa.reports.__file__).resolve().parent


def test_the_table_names_each_kind_once_and_only_real_plan_kinds() -> None:
    assert REPORT_KIND_KEYS == (
        "plan",
        "report",
        "bsc",
        "indicator-cards",
        "result",
        "sustainability",
        "joint-evaluation",
        "projects",
    )
    for kind in REPORT_KINDS:
        assert set(kind.offered_for) | set(kind.built_from) <= set(Plan.Kind.values), kind.key
        assert kind.built_from, kind.key


@pytest.mark.parametrize(
    "plan_kind, offered",
    [
        ("plan", ["plan", "report", "indicator-cards", "result"]),
        ("report", ["report", "indicator-cards", "result"]),
        ("bsc", ["bsc", "indicator-cards", "result"]),
        ("sust", ["sustainability"]),
        ("joint", ["joint-evaluation"]),
        ("projects", ["projects"]),
    ],
)
def test_a_plan_offers_the_kinds_that_make_sense_for_it(plan_kind: str, offered: list[str]) -> None:
    assert [k.key for k in report_kinds_for(plan_kind)] == offered


@pytest.mark.django_db
def test_plan_page_links_are_the_kinds_the_table_offers(client, sample, django_user_model) -> None:
    client.force_login(django_user_model.objects.get(username="admin"))  # sees the drafts
    for plan in Plan.objects.filter(organisation=sample):
        html = client.get(reverse("web:plan-detail", args=[plan.pk])).content.decode()
        links = re.search(r'<p class="report-links">(.*?)</p>', html, re.S)
        assert links is not None
        offered = report_kinds_for(plan.kind)
        assert re.findall(r'href="([^"]+)"', links.group(1)) == [
            reverse("web:report-page", args=[plan.pk, k.key]) for k in offered
        ]
        for key in REPORT_KIND_KEYS:
            url = reverse("web:report-page", args=[plan.pk, key])
            expected = 200 if key in [k.key for k in offered] else 404
            assert client.get(url).status_code == expected, (plan, key)


def test_cli_kind_choices_are_the_table(capsys) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["report", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    from seonggwa.reports.modules import MODULE_KINDS

    assert "{" + ",".join([*REPORT_KIND_KEYS, *MODULE_KINDS]) + "}" in out
    for kind in REPORT_KINDS:
        assert f"{kind.key} ({kind.summary})" in out
    for module_kind in MODULE_KINDS.values():  # the evaluation registers (issue 11)
        assert f"{module_kind.key} ({module_kind.summary}; --year 는 평가 연도)" in out


@pytest.mark.django_db
def test_an_unknown_kind_is_a_report_error(sample) -> None:
    plan = Plan.objects.filter(organisation=sample).first()
    assert plan is not None
    with pytest.raises(ReportError, match="nonsense"):
        report_build(plan, "nonsense")
    with pytest.raises(ReportError, match="nonsense"):
        plan_for_report(sample, plan.year, "nonsense")


def _imports(path: Path) -> list[str]:
    """The absolute names of the modules ``path`` imports (relative imports resolved)."""
    package = ["seonggwa", *path.relative_to(REPORTS.parent).parent.parts]
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            names += [module] + [f"{module}.{a.name}" for a in node.names]
    return names


def test_nothing_in_reports_imports_the_web_layer() -> None:
    found = [
        f"{path.relative_to(REPORTS)}: {name}"
        for path in sorted(REPORTS.rglob("*.py"))
        for name in _imports(path)
        if name == "seonggwa.web" or name.startswith("seonggwa.web.")
    ]
    assert found == []


def test_builders_hold_no_orm_code() -> None:
    found = [
        f"{path.name}:{node.lineno}"
        for path in sorted((REPORTS / "builders").glob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute) and node.attr in ("objects", "_default_manager")
    ]
    assert found == []


def test_the_table_and_builders_load_before_django_is_set_up() -> None:
    """The CLI builds its parser (and reads the table) before ``django.setup()``."""
    code = (
        "import sys, seonggwa.reports.kinds\n"
        "bad = [m for m in sys.modules if m.startswith('django.db') or m.endswith('.models')]\n"
        "sys.exit(f'loaded {bad}' if bad else 0)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
