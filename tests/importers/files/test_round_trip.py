"""Issue 13 item 6: the 성과계획서 and 성과보고서 seonggwa writes as HWPX and as xlsx import
back to the same plan and summary as the document they were made from (seed 000, and the
consistent 성과보고서 fixture)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from seonggwa.cli import main
from seonggwa.importers.load import document_import
from seonggwa.importers.selectors import plan_summary
from seonggwa.plans.models import Plan
from seonggwa.reports.build import report_build
from seonggwa.reports.render import report_render
from seonggwa.sources.models import DeclaredFigure

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def seed_path(prefix: str) -> Path:
    (path,) = (FIXTURES / "seeds").glob(f"{prefix}_*.txt")
    return path


def plan_outline(plan: Plan) -> list[tuple[str, str, list[tuple[str, list[str]]]]]:
    """Every unit's strategic goals, their policy goals and indicators, in document order."""
    out = []
    for goal in plan.strategic_goals.select_related("owner__unit").order_by("position"):
        policies = [
            (p.name, [i.name for i in p.indicators.order_by("position")])
            for p in goal.policy_goals.order_by("position")
        ]
        out.append((goal.owner.unit.name, goal.name, policies))
    return out


def declared(plan: Plan, table: str) -> dict[tuple[str, str], Any]:
    return {
        (f.unit_label, f.key): f.value
        for f in DeclaredFigure.objects.filter(plan=plan, table=table)
        if not f.key.endswith("_again")  # a page's repeated row of the printed source
    }


def errors(summary: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted(
        (f["code"], f["unit"] or "") for f in summary["findings"] if f["severity"] == "error"
    )


@pytest.fixture
def source():  # type: ignore[no-untyped-def]
    return document_import(organisation_name="서울", year=2022, path_or_text=seed_path("000"))


@pytest.mark.parametrize("fmt", ["hwpx", "xlsx"])
def test_the_plan_document_round_trips_through_the_format(source, fmt, tmp_path, capsys):
    data = report_render(report_build(source.plan, "plan"), fmt, charts=True)
    path = tmp_path / f"계획서.{fmt}"
    path.write_bytes(data)
    code = main(["import", str(path), "--org", f"사본{fmt}", "--year", "2022"])
    out = capsys.readouterr().out
    assert code == 0
    label = {"hwpx": "HWPX", "xlsx": "엑셀(xlsx)"}[fmt]
    assert f"형식: {label} 파일에서" in out and "plan 형식으로 판단했습니다" in out
    copy = Plan.objects.get(organisation__name=f"사본{fmt}", year=2022)
    assert copy.kind == "plan"
    assert plan_outline(copy) == plan_outline(source.plan)
    assert declared(copy, "summary") == declared(source.plan, "summary")
    assert declared(copy, "detail") == declared(source.plan, "detail")
    theirs, ours = plan_summary(plan=copy), plan_summary(plan=source.plan)
    assert theirs["units"] == ours["units"] and theirs["total"] == ours["total"]
    assert errors(theirs) == errors(ours)  # the source's own count mismatches, and no other
    document = copy.source_document
    assert document is not None and document.file_name == path.name
    assert document.size == len(data) and document.format == "plan"
    # each finding names where in the file its line came from
    where = "표 1" if fmt == "hwpx" else "시트 '가. 총괄' 표 1"
    assert "detail.count_mismatch (경제정책실 " in out and f"· {where} " in out


def marks(plan: Plan) -> list[tuple[str, str]]:
    return [(i.name, i.mark_raw) for i in plan.indicators.order_by("position")]


@pytest.mark.parametrize("fmt", ["hwpx", "xlsx"])
def test_the_report_document_round_trips_through_the_format(fmt, tmp_path, capsys):
    source = document_import(
        organisation_name="보고시",
        year=2023,
        path_or_text=FIXTURES / "report/report_consistent.txt",
    ).plan
    data = report_render(report_build(source, "report"), fmt, charts=True)
    path = tmp_path / f"보고서.{fmt}"
    path.write_bytes(data)
    code = main(["import", str(path), "--org", f"사본{fmt}", "--year", "2023"])
    out = capsys.readouterr().out
    assert code == 0 and "report 형식으로 판단했습니다" in out
    copy = Plan.objects.get(organisation__name=f"사본{fmt}", year=2023)
    assert copy.kind == "report"
    assert plan_outline(copy) == plan_outline(source)
    assert {m for _, m in marks(source)} >= {"◎", "○", "×"}
    assert marks(copy) == marks(source)
    assert declared(copy, "summary") == declared(source, "summary")
    assert declared(copy, "detail") == declared(source, "detail")
    theirs, ours = plan_summary(plan=copy), plan_summary(plan=source)
    assert theirs["units"] == ours["units"] and theirs["total"] == ours["total"]
    assert theirs["findings"] == ours["findings"] == []


def bsc_outline(plan: Plan) -> list[tuple[Any, ...]]:
    """Every KPI with its owner, perspective, goal, unit, weight and printed values."""
    out = []
    for i in plan.indicators.select_related(
        "strategic_goal__owner__unit", "strategic_goal__perspective"
    ).order_by("position"):
        goal = i.strategic_goal
        values = sorted((v.year, v.kind, v.raw_text) for v in i.values.all())
        out.append(
            (
                goal.owner.unit.name,
                goal.perspective.name if goal.perspective else "",
                goal.name,
                i.name,
                i.unit_of_measure,
                i.weight,
                i.parent_goal_text,
                i.parent_kpi_text,
                i.parent_target_text,
                values,
            )
        )
    return out


# the print artefacts of seed 001 that a document seonggwa writes does not repeat
ARTEFACTS = {
    "bsc.header_actual_label",
    "bsc.duplicate_cell",
    "bsc.header_word_in_cell",
    "bsc.header_perspective_missing",
    "bsc.header_perspective_label",
    "bsc.parent_only_row",
    "bsc.title_word_missing",
    "bsc.perspective_redeclared",
}


def perspectives(plan: Plan) -> list[tuple[str, str, Any]]:
    return [(x.owner.unit.name, x.name, x.weight) for x in plan.perspectives.order_by("pk")]


def rule_findings(summary: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted(
        (f["code"], f["unit"] or "") for f in summary["findings"] if f["code"] not in ARTEFACTS
    )


@pytest.mark.parametrize("fmt", ["hwpx", "xlsx"])
def test_the_bsc_sheets_round_trip_through_the_format(fmt, tmp_path, capsys):
    source = document_import(
        organisation_name="서울", year=2009, path_or_text=seed_path("001")
    ).plan
    data = report_render(report_build(source, "bsc"), fmt, charts=False)
    path = tmp_path / f"균형성과계획.{fmt}"
    path.write_bytes(data)
    code = main(["import", str(path), "--org", f"사본{fmt}", "--year", "2009"])
    out = capsys.readouterr().out
    assert code == 0 and "bsc2009 형식으로 판단했습니다" in out
    copy = Plan.objects.get(organisation__name=f"사본{fmt}", year=2009)
    assert copy.kind == "bsc" and copy.indicators.count() == 1031
    assert bsc_outline(copy) == bsc_outline(source)
    assert perspectives(copy) == perspectives(source)
    weights = {k: v for k, v in declared(source, "weights").items() if "_again" not in k[1]}
    assert declared(copy, "weights") == weights
    theirs, ours = plan_summary(plan=copy), plan_summary(plan=source)
    assert theirs["units"] == ours["units"] and theirs["total"] == ours["total"]
    assert rule_findings(theirs) == rule_findings(ours)  # the rules' findings, all kept
