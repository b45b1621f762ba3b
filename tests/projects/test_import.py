"""Importing seed 003's major-project table (domain.md §4.12): 170 rows with their
sub-projects, periods, financing and money, one progress indicator each, the R18 findings at
their lines, provenance, one transaction and refusals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from seonggwa.audit.models import AuditEvent
from seonggwa.core.errors import PermissionDenied, ServiceError
from seonggwa.importers.load import ImportFileError
from seonggwa.importers.projects_load import projects_import
from seonggwa.plans.models import Indicator, Plan
from seonggwa.projects.models import Project
from seonggwa.projects.selectors import compiled_table
from seonggwa.results.models import IndicatorValue
from seonggwa.sources.models import StoredFinding

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(sample, django_user_model):
    return django_user_model.objects.get(username="officer")


@pytest.fixture
def imported(sample, seed_text, officer):
    return projects_import(
        user=officer,
        organisation_name="한빛시",
        year=2020,
        path_or_text=seed_text("003"),
        source_name="003_council_answer.txt",
    )


def test_seed_003_golden_rows_and_r18_findings(sample, imported):
    plan = imported.plan
    assert plan.kind == Plan.Kind.MAJOR_PROJECTS
    assert imported.counts == {
        "rows": 170,
        "parents": 17,
        "indicators": 170,
        "progress_values": 14,  # 13 actuals (공정률 …%) and one 계획 (row 153)
    }
    rows = Project.objects.filter(plan=plan, number__isnull=False)
    assert sorted(rows.values_list("number", flat=True)) == list(range(1, 171))
    assert rows.filter(parent__isnull=False).count() == 51
    findings = [(f.line, f.code) for f in imported.findings]
    assert findings == [
        (2412, "projects.budget_over_total"),  # row 6: 4,135 > 2,224
        (2414, "projects.parent_amount_repeated"),  # row 8 repeats row 7's 총사업비
        (2417, "projects.parent_amount_repeated"),  # rows 11, 12 repeat row 10's 편성액
        (2418, "projects.parent_amount_repeated"),
        (2423, "projects.parent_amount_repeated"),  # row 17 repeats row 16's 편성액
        (2477, "projects.budget_over_total"),  # row 65: 680 > 300
    ]
    stored = StoredFinding.objects.filter(plan=plan).order_by("position")
    assert [(f.line, f.code) for f in stored] == findings
    over = Project.objects.get(plan=plan, number=6)
    assert (over.total_cost, over.budget) == (D("2224000000"), D("4135000000"))
    assert over.parent.name == "AI양재 허브 등 AI산업 지원"
    assert (over.sub_number, over.name) == (1, "희경빌딩 추가 입차")
    assert over.source_line == 2412 and over.source_document == plan.source_document


def test_seed_003_parent_amounts_counted_once(imported):
    plan = imported.plan
    hongneung = Project.objects.get(plan=plan, name="홍릉바이오 의료앵커 조성", number=None)
    # 24,081 printed on its three sub-projects is the parent's 편성액: counted once
    assert hongneung.budget == D("24081000000")
    assert hongneung.total_cost == D("79574000000")  # 10,986 + 68,588 (+ blank)
    ai = Project.objects.get(plan=plan, name="AI양재 허브 등 AI산업 지원", number=None)
    assert ai.total_cost == D("602911000000")  # 2,224 + 28,787 once + 571,900
    table = compiled_table(plan)
    row10 = next(r for r in table.rows if r.project.number == 10)
    assert row10.check.budget_is_parents and not row10.check.over_budget
    assert [r.project.number for r in table.rows if r.check and r.check.over_budget] == [6, 65]


@pytest.mark.parametrize(
    ("number", "raw", "start", "end", "continuing", "financing"),
    [
        (1, "2018~", (2018, None), (None, None), True, ""),
        (15, "계속", (None, None), (None, None), True, ""),
        (16, "~2025", (None, None), (2025, None), False, ""),
        (30, "2020.7.~", (2020, 7), (None, None), True, ""),
        (41, "'20.1월.~12월", (2020, 1), (2020, 12), False, ""),
        (145, "2016 ~ 2028 (민자사업)", (2016, None), (2028, None), False, "민자사업"),
        (146, "2015~2025 (공공기여금)", (2015, None), (2025, None), False, "공공기여금"),
        (160, "1984 ~ 2020", (1984, None), (2020, None), False, ""),
    ],
)
def test_seed_003_periods_in_every_form(imported, number, raw, start, end, continuing, financing):
    p = Project.objects.get(plan=imported.plan, number=number)
    assert p.period_raw == raw
    assert (p.start_year, p.start_month) == start
    assert (p.end_year, p.end_month) == end
    assert (p.continuing, p.financing) == (continuing, financing)


@pytest.mark.parametrize(
    ("number", "total", "total_raw", "budget"),
    [
        (12, None, "", D("24081000000")),
        (37, None, "-", D("19935000000")),
        (58, D(0), "0", D(0)),
        (97, None, "계속사업", D("13200000000")),
        (152, None, "미정", D("1000000000")),
    ],
)
def test_seed_003_amounts_without_a_number_are_not_zero(imported, number, total, total_raw, budget):
    p = Project.objects.get(plan=imported.plan, number=number)
    assert (p.total_cost, p.total_cost_raw, p.budget) == (total, total_raw, budget)


def test_seed_003_progress_as_target_and_approved_actual(imported):
    p = Project.objects.get(plan=imported.plan, number=153)
    values = {v.kind: v for v in IndicatorValue.objects.filter(indicator=p.progress_indicator)}
    assert values["target"].value == D("72.3") and values["actual"].value == D("70.3")
    assert values["actual"].status == IndicatorValue.Status.APPROVED
    assert p.progress_indicator.owner.unit.name == "지역발전본부"
    tunnel = Project.objects.get(plan=imported.plan, number=100)
    actual = IndicatorValue.objects.get(indicator=tunnel.progress_indicator, kind="actual")
    assert actual.value == D("90.3") and actual.source_line == 2516
    assert imported.plan.periods.get().key == "2020"


def test_import_is_audited_once_and_again_is_already_imported(sample, seed_text, officer, imported):
    event = AuditEvent.objects.get(action=AuditEvent.Action.IMPORT, object_pk=str(imported.plan.pk))
    assert event.actor == officer and event.changes["rows"] == [None, 170]
    again = projects_import(
        user=officer,
        organisation_name="한빛시",
        year=2020,
        path_or_text=seed_text("003"),
        source_name="003_council_answer.txt",
    )
    assert again.already_imported and again.plan == imported.plan
    with pytest.raises(ServiceError, match="--replace"):
        projects_import(
            user=officer,
            organisation_name="한빛시",
            year=2020,
            path_or_text=seed_text("003") + "\n",
        )


def test_a_file_without_the_table_writes_nothing(sample, officer):
    with pytest.raises(ImportFileError, match="주요 역점사업 정기평가"):
        projects_import(
            user=officer, organisation_name="한빛시", year=2020, path_or_text="연번\t이름\n1\tx\n"
        )
    assert not Plan.objects.filter(kind=Plan.Kind.MAJOR_PROJECTS).exists()


def test_staff_of_a_unit_may_not_import(sample, seed_text, django_user_model):
    staff = django_user_model.objects.get(username="welfare_staff")
    with pytest.raises(PermissionDenied):
        projects_import(
            user=staff, organisation_name="한빛시", year=2020, path_or_text=seed_text("003")
        )
    assert not Indicator.objects.filter(plan__kind=Plan.Kind.MAJOR_PROJECTS).exists()


def test_replace_deletes_the_years_plan_and_loads_again(sample, seed_text, officer, imported):
    again = projects_import(
        user=officer,
        organisation_name="한빛시",
        year=2020,
        path_or_text=seed_text("003") + "\n",
        replace=True,
    )
    assert again.plan.pk != imported.plan.pk and again.counts["rows"] == 170
    assert Plan.objects.filter(kind=Plan.Kind.MAJOR_PROJECTS).count() == 1
    assert Project.objects.filter(plan__kind=Plan.Kind.MAJOR_PROJECTS).count() == 187
