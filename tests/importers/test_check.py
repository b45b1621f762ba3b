"""``seonggwa check`` on plans that were not read from a printed document: a plan made in
seonggwa (the sample's, typed in through the planning screens) or saved as its workbook and
imported back declares no "가중치 합계" row and has no 총괄 table, so neither is reported
missing; a finding never names line 0."""

from __future__ import annotations

from pathlib import Path

import pytest

from seonggwa.cli import main
from seonggwa.importers.check import plan_check
from seonggwa.importers.rules import rule_findings, rules_format
from seonggwa.importers.selectors import plan_tables
from seonggwa.importers.tables import DocumentInfo
from seonggwa.plans.models import Indicator, Plan

pytestmark = pytest.mark.django_db


def _workbook_plan(sample, tmp_path: Path, capsys, kind: str) -> Plan:  # type: ignore[no-untyped-def]
    out = tmp_path / f"{kind}.xlsx"
    args = ["export-xlsx", "--org", "한빛시", "--year", "2026", "--kind", kind, "--out", str(out)]
    assert main(args) == 0
    assert main(["import", str(out), "--org", "한빛시", "--year", "2030"]) == 0
    capsys.readouterr()
    return Plan.objects.get(organisation=sample, year=2030, kind=kind)


def test_a_hand_built_bsc_plan_is_not_missing_a_weight_total_row(sample, tmp_path, capsys):
    plan = _workbook_plan(sample, tmp_path, capsys, "bsc")
    findings = plan_check(plan=plan)
    # only that the cascade parents (the sample's 2026 plan) are not in a 2030 plan
    assert [f.code for f in findings] == ["import.parent_not_found"]
    assert main(["check", "--org", "한빛시", "--year", "2030", "--kind", "bsc"]) == 0
    assert "가중치 합계" not in capsys.readouterr().out


def test_a_hand_built_plan_still_has_its_weights_checked(sample, tmp_path, capsys):
    plan = _workbook_plan(sample, tmp_path, capsys, "bsc")
    ind = Indicator.objects.filter(plan=plan, weight__isnull=False).order_by("position").first()
    assert ind is not None
    ind.weight += 5
    ind.weight_raw = str(ind.weight)
    ind.save()
    findings = plan_check(plan=plan)
    weights = [f for f in findings if f.code.startswith("weights.")]
    assert {f.code for f in weights} == {"weights.sum", "weights.perspective_sum"}
    assert all(f.line is None for f in weights)  # the rows have no lines: never line 0


def test_a_plan_made_in_seonggwa_is_not_checked_against_a_summary_it_never_had(sample):
    for kind in ("plan", "bsc"):
        plan = Plan.objects.get(organisation=sample, year=2026, kind=kind)
        assert plan_check(plan=plan) == []


def test_the_same_rows_read_from_a_printed_plan_are_checked_against_its_summary(sample):
    plan = Plan.objects.get(organisation=sample, year=2026, kind="plan")
    tables = plan_tables(plan=plan)
    assert rule_findings(tables, rules_format(tables)) == []
    tables.document = DocumentInfo(
        file_name="plan.txt", sha256="0" * 64, size=1, format="plan", line_count=1, money_unit=""
    )
    findings = rule_findings(tables, rules_format(tables))
    assert {f.code for f in findings} == {"detail.unit_not_in_summary"}
    assert len(findings) == len(tables.owners)
    assert all(f.line is None for f in findings)
