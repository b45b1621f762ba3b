"""The data migration that renames stored finding codes to the catalogue's (0005)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

BEFORE = [("sources", "0004_stored_finding")]
AFTER = [("sources", "0005_catalogue_codes")]


def _migrate(targets):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_stored_codes_and_declared_keys_are_renamed_and_back():
    from seonggwa.engine.catalogue import CATALOGUE
    from seonggwa.organisations.models import Organisation
    from seonggwa.plans.models import Plan

    # the plan is made with today's models: only ``sources`` goes back, so the plans table
    # keeps its later columns (a historical Plan would leave them out, and PostgreSQL refuses)
    org = Organisation.objects.create(name="이관시")
    plan = Plan.objects.create(organisation=org, year=2009, kind="bsc")
    old_apps = _migrate(BEFORE)
    StoredFinding = old_apps.get_model("sources", "StoredFinding")
    DeclaredFigure = old_apps.get_model("sources", "DeclaredFigure")
    rows = [
        ("BSC_WEIGHT_SUM", "", {}, "합이 95"),
        ("BSCD_WEIGHT_TOTAL", "", {}, ""),
        ("detail.unit_name_mismatch", "", {}, ""),
        ("summary.duplicate_row", "계", {}, "'계' 행이 두 번"),
        ("summary.duplicate_row", "대변인", {}, ""),
        ("detail.count_mismatch", "대변인", {"computed": "0/0/0"}, ""),
        ("detail.count_mismatch", "경제정책실", {"computed": "1/14/20"}, ""),
        ("import.stored_differently", "", {}, "코드 'I'이(가) 한 계획 안에 두 번 있어"),
    ]
    for n, (code, unit, details, message) in enumerate(rows):
        StoredFinding.objects.create(
            plan_id=plan.pk,
            severity="error",
            code=code,
            message=message,
            unit_label=unit,
            details=details,
            position=n,
        )
    DeclaredFigure.objects.create(
        plan_id=plan.pk, unit_label="계", table="summary", key="program_goals", raw_text="224"
    )

    new_apps = _migrate(AFTER)
    stored = new_apps.get_model("sources", "StoredFinding").objects.order_by("position")
    codes = [f.code for f in stored]
    assert codes == [
        "weights.sum",
        "weights.declared_total_differs",
        "indicator.unit_name_mismatch",
        "summary.total_row_repeated",
        "summary.duplicate_row",
        "detail.unit_without_rows",
        "detail.count_mismatch",
        "import.code_repeated",
    ]
    assert set(codes) <= set(CATALOGUE)
    declared = new_apps.get_model("sources", "DeclaredFigure").objects.get()
    assert declared.key == "policy_goals"

    old_apps = _migrate(BEFORE)
    back = [
        f.code for f in old_apps.get_model("sources", "StoredFinding").objects.order_by("position")
    ]
    assert back[0] in ("BSC_WEIGHT_SUM", "BSCD_WEIGHT_SUM")  # merged: one old name stands for both
    assert back[3] == "summary.duplicate_row"
    assert old_apps.get_model("sources", "DeclaredFigure").objects.get().key == "program_goals"
    _migrate(AFTER)
