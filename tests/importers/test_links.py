"""What an import links beyond its own rows (``importers.links``): program codes into their
table, cascade parents resolved when the parent plan is in the database (else kept as text
with a finding), and each indicator linked to the same indicator of last year's plan."""

from __future__ import annotations

from pathlib import Path

import pytest

from seonggwa.importers.load import document_import
from seonggwa.organisations.models import Organisation, OrgUnit, PlanOwner
from seonggwa.plans.models import Indicator, Plan, ProgramCode, StrategicGoal

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"


def _seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _sheet(first: int, last: int) -> str:
    """Lines ``first``–``last`` (1-based) of seed 001 behind its cover lines, at their lines."""
    lines = _seed("001").splitlines()
    return "\n".join(lines[:9] + [""] * (first - 10) + lines[first - 1 : last]) + "\n"


SPOKESMAN = _sheet(10, 26)  # 대변인's sheet: parent group "서울시"


# --- program codes ---------------------------------------------------------------------------


@pytest.mark.slow
def test_seed_001_program_codes_fill_their_table():
    plan = document_import(organisation_name="서울", year=2009, path_or_text=_seed("001")).plan
    codes = ProgramCode.objects.filter(plan=plan)
    # 434 rows print a code cell; 410 of them hold codes (24 hold initiative text, a note or
    # a bare number), 304 distinct codes
    printed = Indicator.objects.filter(plan=plan).exclude(program_codes_raw="")
    assert printed.count() == 434
    assert printed.filter(program_codes__isnull=False).distinct().count() == 410
    assert codes.count() == 304
    # a code belongs to the top-level unit even where a sub-unit prints it (001:785)
    assert codes.get(code="교통-15").unit.name == "도시교통본부"
    assert codes.get(code="도기본-1").unit.name == "도시기반시설본부"  # 시설안전국 reuses it
    # a list is several codes; the printed cell is kept as it was
    row = Indicator.objects.get(plan=plan, source_line=377)
    assert row.program_codes_raw == "경본-13,19"
    assert sorted(c.code for c in row.program_codes.all()) == ["경본-13", "경본-19"]
    text = Indicator.objects.get(plan=plan, source_line=310)
    assert text.program_codes_raw == "1. 창의서울포럼 운영" and not text.program_codes.exists()
    assert codes.get(code="여성-13").source_line == 149  # "여성13", where it was first printed


def test_a_unit_with_its_code_prefix_owns_its_codes(sample):
    unit = OrgUnit.objects.create(organisation=sample, name="홍보총괄과", code_prefix="대변인")
    plan = document_import(organisation_name="한빛시", year=2009, path_or_text=SPOKESMAN).plan
    assert {c.unit_id for c in ProgramCode.objects.filter(plan=plan)} == {unit.pk}


# --- cascade ---------------------------------------------------------------------------------


def _city_plan(org_name: str, year: int) -> tuple[StrategicGoal, Indicator]:
    """The city's performance plan with the goal and KPI 대변인's first row cascades from."""
    org = Organisation.objects.get(name=org_name)
    plan = Plan.objects.create(organisation=org, year=year, kind=Plan.Kind.PERFORMANCE_PLAN)
    unit = OrgUnit.objects.create(organisation=org, name="서울시청", unit_type="office")
    owner = PlanOwner.objects.create(unit=unit, kind=PlanOwner.Kind.OFFICE)
    goal = StrategicGoal.objects.create(
        plan=plan, owner=owner, code="I", name="시정에 대한 만족도  향상"
    )
    kpi = Indicator.objects.create(plan=plan, owner=owner, strategic_goal=goal, name="시정 만족도")
    return goal, kpi


def test_a_parent_not_in_the_database_is_kept_as_text_with_how_to_link_it():
    result = document_import(organisation_name="서울", year=2009, path_or_text=SPOKESMAN)
    first = Indicator.objects.get(plan=result.plan, source_line=15)
    assert first.parent is None and first.strategic_goal.parent is None
    assert (first.parent_owner_label, first.parent_goal_text, first.parent_kpi_text) == (
        "서울시",
        "시정에 대한 만족도 향상",
        "시정만족도",
    )
    (found,) = [f for f in result.findings if f.code == "import.parent_not_found"]
    assert found.severity == "info" and found.line == 15
    assert "'서울시'" in found.message and "'시정에 대한 만족도 향상'" in found.message
    assert "계획(이 기관의 2009년 성과계획서 등)을 가져오면 그때 연결되고" in found.message


def test_the_parent_is_linked_once_the_city_plan_is_in_the_database():
    document_import(organisation_name="서울", year=2009, path_or_text=SPOKESMAN)
    goal, kpi = _city_plan("서울", 2009)
    result = document_import(
        organisation_name="서울", year=2009, path_or_text=SPOKESMAN + "\n", replace=True
    )
    first = Indicator.objects.get(plan=result.plan, source_line=15)
    assert first.parent == kpi  # "시정만족도" printed, "시정 만족도" stored: whitespace aside
    assert first.strategic_goal.parent == goal
    # the other parents are not in that plan: still text, and said so
    (found,) = [f for f in result.findings if f.code == "import.parent_not_found"]
    assert "'시정에 대한 만족도 향상'" not in found.message
    assert "'시정 인지도'" in found.message


def test_a_parent_named_after_a_sheet_of_the_document_is_found_on_that_sheet():
    # 정책기획관's sheet cascades from "경영기획실장" (001:307), whose sheet is 001:289-300
    result = document_import(organisation_name="서울", year=2009, path_or_text=_sheet(272, 320))
    row = Indicator.objects.get(plan=result.plan, source_line=311)
    assert row.parent_owner_label == "경영기획실장"
    assert row.parent is not None and row.parent.plan_id == result.plan.pk
    assert row.parent.name_key == "시정현안보고회개최횟수"
    assert row.parent.owner.unit.name == "경영기획실"
    assert row.strategic_goal.parent == row.parent.strategic_goal
    # a sibling sheet's goal of the same wording is never taken for a "서울시" parent
    city_rows = Indicator.objects.filter(plan=result.plan, parent_owner_label="서울시")
    assert city_rows.exists() and not city_rows.filter(parent__isnull=False).exists()


# --- cross-year identity ---------------------------------------------------------------------


def test_each_indicator_is_linked_to_last_years_and_the_unmatched_are_listed():
    last = document_import(organisation_name="서울", year=2009, path_or_text=SPOKESMAN).plan
    renamed = SPOKESMAN.replace("인터넷 매체 모니터링 건수", "온라인 매체 모니터링 건수")
    result = document_import(organisation_name="서울", year=2010, path_or_text=renamed)
    rows = list(Indicator.objects.filter(plan=result.plan).order_by("position"))
    linked = {i.name: i.previous for i in rows}
    assert linked["온라인 매체 모니터링 건수"] is None
    for ind in rows:
        if ind.name != "온라인 매체 모니터링 건수":
            assert ind.previous is not None and ind.previous.plan_id == last.pk
            assert ind.previous.name == ind.name and ind.previous.source_line == ind.source_line
    (found,) = [f for f in result.findings if f.code == "import.previous_unmatched"]
    assert found.severity == "info"
    assert "지표 1개" in found.message and "'온라인 매체 모니터링 건수'" in found.message
    assert found.details == {"count": "1", "matched": str(len(rows) - 1)}


def test_the_same_name_under_another_goal_is_not_last_years_indicator():
    document_import(organisation_name="서울", year=2009, path_or_text=SPOKESMAN)
    moved = SPOKESMAN.replace("언론보도 확대로 시정홍보 강화", "언론보도 확대로 시정홍보 다변화")
    result = document_import(organisation_name="서울", year=2010, path_or_text=moved)
    under = Indicator.objects.filter(
        plan=result.plan, strategic_goal__name="언론보도 확대로 시정홍보 다변화"
    )
    assert under.count() == 4 and not under.filter(previous__isnull=False).exists()
    assert Indicator.objects.filter(plan=result.plan, previous__isnull=False).count() == 8


def test_an_indicator_code_matches_across_a_rename():
    last = document_import(organisation_name="서울", year=2009, path_or_text=SPOKESMAN).plan
    Indicator.objects.filter(plan=last, source_line=16).update(code="SP-1")
    result = document_import(organisation_name="서울", year=2010, path_or_text=SPOKESMAN)
    ind = Indicator.objects.get(plan=result.plan, source_line=16)
    Indicator.objects.filter(pk=ind.pk).update(code="SP-1", previous=None)
    Indicator.objects.filter(plan=last, source_line=16).update(name="보도자료 배포건수")
    from seonggwa.importers.links import previous_link

    ind.refresh_from_db()
    previous_link(plan=result.plan, indicators=[ind], file="x")
    ind.refresh_from_db()
    assert ind.previous is not None and ind.previous.source_line == 16


def test_last_year_imported_after_this_year_is_linked_forward():
    later = document_import(organisation_name="서울", year=2010, path_or_text=SPOKESMAN).plan
    assert not [
        f
        for f in document_import(
            organisation_name="서울", year=2009, path_or_text=SPOKESMAN
        ).findings
        if f.code == "import.previous_unmatched"
    ]
    rows = Indicator.objects.filter(plan=later)
    assert rows.count() == 12 and not rows.filter(previous__isnull=True).exists()
    assert {i.previous.plan.year for i in rows} == {2009}


def test_no_last_years_plan_no_identity_finding():
    result = document_import(organisation_name="서울", year=2009, path_or_text=SPOKESMAN)
    assert not [f for f in result.findings if f.code == "import.previous_unmatched"]
    assert not Indicator.objects.filter(plan=result.plan, previous__isnull=False).exists()


def test_the_import_output_says_what_was_linked_and_lists_the_unmatched(tmp_path, capsys):
    from seonggwa.cli import main

    document_import(organisation_name="서울", year=2009, path_or_text=SPOKESMAN)
    path = tmp_path / "bsc2010.txt"
    path.write_text(SPOKESMAN.replace("보도자료 제공건수", "보도자료 배포건수"), encoding="utf-8")
    assert main(["import", str(path), "--org", "서울", "--year", "2010"]) == 0
    out = capsys.readouterr().out
    assert "주요사업 코드 3, 상위 목표·지표와 연결된 지표 0, 작년 지표와 연결된 지표 11" in out
    assert "[info] import.previous_unmatched" in out or "import.previous_unmatched" in out
    assert "'보도자료 배포건수'" in out


@pytest.mark.slow
def test_seed_000_next_year_links_every_indicator_to_its_own():
    last = document_import(organisation_name="서울", year=2021, path_or_text=_seed("000")).plan
    result = document_import(organisation_name="서울", year=2022, path_or_text=_seed("000"))
    rows = list(Indicator.objects.filter(plan=result.plan).select_related("previous"))
    assert len(rows) == 416
    # one name under two policy goals (000:444-446) is two indicators, each linked to its own
    assert all(i.previous is not None and i.previous.plan_id == last.pk for i in rows)
    assert all(i.previous.source_line == i.source_line for i in rows)
    assert not [f for f in result.findings if f.code == "import.previous_unmatched"]


def test_the_city_plan_imported_after_links_the_rows_waiting_for_it(tmp_path, capsys):
    from seonggwa.cli import main
    from seonggwa.sources.models import StoredFinding

    bsc = document_import(organisation_name="서울", year=2009, path_or_text=SPOKESMAN).plan
    (waiting,) = StoredFinding.objects.filter(plan=bsc, code="import.parent_not_found")
    assert "'시정에 대한 만족도 향상'" in waiting.message
    # the city's plan is imported after the BSC: made here, saved as a workbook, imported back
    _city_plan("서울", 2009)
    book = tmp_path / "city.xlsx"
    args = ["--org", "서울", "--year", "2009"]
    assert main(["export-xlsx", *args, "--kind", "plan", "--out", str(book)]) == 0
    assert main(["import", str(book), *args, "--replace"]) == 0
    assert (
        "같은 해 다른 계획의 지표 1개가 이 계획의 목표·지표를 상위로 연결함"
        in capsys.readouterr().out
    )
    # the rows of the BSC it linked are in the import's audit event
    from seonggwa.audit.models import AuditEvent

    event = AuditEvent.objects.filter(action="import").order_by("-pk").first()
    assert event is not None and event.changes["other_plans_parent_links"] == [None, 1]
    kpi = Indicator.objects.get(plan__year=2009, plan__kind="plan", name="시정 만족도")
    first = Indicator.objects.get(plan=bsc, source_line=15)
    assert first.parent == kpi and first.strategic_goal.parent == kpi.strategic_goal
    waiting.refresh_from_db()
    assert "'시정에 대한 만족도 향상'" not in waiting.message
    assert "'시정 인지도'" in waiting.message  # still not in the city's plan
