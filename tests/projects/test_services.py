"""Major-project services: the office registers projects (policy, audit, period and money
read as printed), sets the 공정률 계획; departments report the 실행 through the one entry
workflow (enter, submit, approve in a period's window) and the compiled table shows it; the
entry grid lists the department's progress indicators."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from seonggwa.audit.models import AuditEvent
from seonggwa.core.errors import ConflictError, PermissionDenied, ServiceError
from seonggwa.organisations.models import OrgUnit
from seonggwa.plans.models import Plan
from seonggwa.plans.services import period_create, plan_set_status
from seonggwa.projects.models import Project
from seonggwa.projects.selectors import compiled_table
from seonggwa.projects.services import progress_target_set, project_delete, project_save
from seonggwa.results.services import actual_approve, actual_enter, actual_submit

pytestmark = pytest.mark.django_db


def _user(name: str):  # type: ignore[no-untyped-def]
    return get_user_model().objects.get(username=name)


@pytest.fixture
def setup(sample):  # type: ignore[no-untyped-def]
    officer = _user("officer")
    plan = Plan.objects.create(organisation=sample, year=2020, kind="projects")
    welfare = OrgUnit.objects.get(organisation=sample, name="복지정책국")
    parent = project_save(
        user=officer, plan=plan, name="어르신 공공요양시설 확충", department=welfare, number=None
    )
    project = project_save(
        user=officer,
        plan=plan,
        name="실버케어센터 건립",
        department=welfare,
        number=33,
        parent=parent,
        sub_number=1,
        period_raw="2016~",
        total_cost_raw="162,000",
        budget_raw="20,409",
    )
    today = datetime.date.today()
    period = period_create(
        user=officer,
        plan=plan,
        key="2020-Q4",
        opens_on=today - datetime.timedelta(days=5),
        closes_on=today + datetime.timedelta(days=20),
    )
    plan.refresh_from_db()
    plan = plan_set_status(
        user=officer, plan=plan, status="confirmed", expected_version=plan.version
    )
    return plan, project, period


def test_project_save_reads_period_and_money_and_makes_the_progress_indicator(setup):
    plan, project, _period = setup
    assert project.title_raw == "어르신 공공요양시설 확충 - 1. 실버케어센터 건립"
    assert (project.start_year, project.continuing) == (2016, True)
    assert (project.total_cost, project.budget) == (Decimal("162000000000"), Decimal("20409000000"))
    indicator = project.progress_indicator
    assert indicator.plan == plan and indicator.unit_of_measure == "%"
    assert indicator.owner.unit.name == "복지정책국"
    assert indicator.name == "어르신 공공요양시설 확충 - 1. 실버케어센터 건립 공정률"
    assert AuditEvent.objects.filter(model="projects.Project", object_pk=str(project.pk)).exists()
    assert project.parent.progress_indicator is None


def test_only_the_office_registers_projects_and_sets_the_plan(setup):
    plan, project, period = setup
    staff = _user("welfare_staff")
    with pytest.raises(PermissionDenied):
        project_save(user=staff, plan=plan, name="x", department=project.department, number=99)
    with pytest.raises(PermissionDenied):
        progress_target_set(user=staff, project=project, period=period, raw="50")
    with pytest.raises(ServiceError, match="백만원"):
        project_save(
            user=_user("officer"),
            plan=plan,
            name="x",
            department=project.department,
            number=99,
            total_cost_raw="약 300",
        )


def test_a_plan_of_another_kind_is_refused(sample):
    plan = Plan.objects.get(organisation=sample, year=2026, kind="plan")
    with pytest.raises(ServiceError, match="역점사업"):
        project_save(
            user=_user("officer"),
            plan=plan,
            name="x",
            department=OrgUnit.objects.filter(organisation=sample).first(),
            number=1,
        )


def test_department_reports_progress_through_the_entry_workflow(setup):
    plan, project, period = setup
    officer, staff, head = _user("officer"), _user("welfare_staff"), _user("welfare_head")
    progress_target_set(user=officer, project=project, period=period, raw="75")
    indicator = project.progress_indicator
    value = actual_enter(indicator=indicator, year=2020, quarter=4, raw_text="70.3", user=staff)
    value = actual_submit(value=value, expected_version=value.version, user=staff)
    table = compiled_table(plan, see_unapproved=True)
    row = next(r for r in table.rows if r.project == project)
    assert table.period == period and row.actual_status == "submitted"
    assert compiled_table(plan).rows[1].actual is None  # the public: approved only
    actual_approve(value=value, expected_version=value.version, user=head)
    row = next(r for r in compiled_table(plan).rows if r.project == project)
    assert (row.planned, row.actual, row.actual_status) == (
        Decimal(75),
        Decimal("70.3"),
        "approved",
    )


def test_the_entry_grid_shows_the_departments_progress_indicators(setup, client):
    plan, _project, period = setup
    client.force_login(_user("welfare_staff"))
    response = client.get(reverse("web:entry-grid", args=[plan.pk]) + f"?period={period.key}")
    assert response.status_code == 200
    assert "실버케어센터 건립 공정률" in response.content.decode()


def _draft(sample):  # type: ignore[no-untyped-def]
    plan = Plan.objects.create(organisation=sample, year=2020, kind="projects")
    return plan, OrgUnit.objects.get(organisation=sample, name="복지정책국")


def test_a_sub_project_is_numbered_after_its_siblings_and_moves_between_parents(sample):
    officer = _user("officer")
    plan, welfare = _draft(sample)
    first = project_save(user=officer, plan=plan, name="가 과제", department=welfare, number=None)
    second = project_save(user=officer, plan=plan, name="나 과제", department=welfare, number=None)
    one = project_save(
        user=officer,
        plan=plan,
        name="일",
        department=welfare,
        number=1,
        parent=first,
        total_cost_raw="1,000",
        budget_raw="100",
    )
    two = project_save(
        user=officer,
        plan=plan,
        name="이",
        department=welfare,
        number=2,
        parent=first,
        total_cost_raw="2,000",
        budget_raw="100",
    )
    assert (one.sub_number, two.sub_number) == (1, 2)
    assert two.title_raw == "가 과제 - 2. 이"
    first.refresh_from_db()
    assert (first.total_cost, first.budget) == (Decimal("3000000000"), Decimal("100000000"))
    moved = project_save(
        user=officer,
        plan=plan,
        name="이",
        department=welfare,
        number=2,
        parent=second,
        total_cost_raw="2,000",
        budget_raw="100",
        project=two,
    )
    assert (moved.sub_number, moved.title_raw) == (1, "나 과제 - 1. 이")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.total_cost == Decimal("1000000000")  # the parent left behind follows too
    assert second.total_cost == Decimal("2000000000")
    # a parent changed keeps its sub-projects' amounts (R18), not blanks
    renamed = project_save(
        user=officer,
        plan=plan,
        name="가 과제(변경)",
        department=welfare,
        number=None,
        project=first,
    )
    assert renamed.total_cost == Decimal("1000000000")


def test_financing_is_printed_in_brackets_after_the_period(sample):
    officer = _user("officer")
    plan, welfare = _draft(sample)
    project = project_save(
        user=officer,
        plan=plan,
        name="전시관",
        department=welfare,
        number=5,
        period_raw="2016 ~ 2028",
        financing="민자사업",
    )
    assert (project.period_raw, project.financing) == ("2016 ~ 2028 (민자사업)", "민자사업")
    assert (project.start_year, project.end_year) == (2016, 2028)
    same = project_save(
        user=officer,
        plan=plan,
        name="전시관",
        department=welfare,
        number=5,
        period_raw="2016 ~ 2028 (민자사업)",
        financing="민자사업",
        project=project,
    )
    assert same.period_raw == "2016 ~ 2028 (민자사업)"
    cleared = project_save(
        user=officer,
        plan=plan,
        name="전시관",
        department=welfare,
        number=5,
        period_raw="2016 ~ 2028",
        financing="",
        project=project,
    )
    assert (cleared.period_raw, cleared.financing) == ("2016 ~ 2028", "")


def test_an_over_budget_project_is_saved_and_judged_by_r18(sample):
    from seonggwa.projects.selectors import project_flags

    officer = _user("officer")
    plan, welfare = _draft(sample)
    project = project_save(
        user=officer,
        plan=plan,
        name="경관",
        department=welfare,
        number=65,
        total_cost_raw="300",
        budget_raw="680",
    )
    assert project.budget == Decimal("680000000")
    assert project_flags(project) == ["편성액 > 총사업비(300)"]


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"number": 1}, "number", "연번 1은(는) 이미 '첫 사업'의 번호입니다."),
        ({"period_raw": "내년 봄"}, "period_raw", "사업기간 '내년 봄'을(를) 읽을 수 없습니다."),
        ({"period_raw": "2016~ (민자사업)", "financing": "공공기여금"}, "financing", "재원"),
        ({"budget_raw": "-5"}, "budget_raw", "편성액 '-5'은(는) 백만원 단위 숫자가 아닙니다."),
        ({"total_cost_raw": "9" * 20}, "total_cost_raw", "너무 큽니다"),
        ({"name": "  "}, "name", "과제명을 적으세요."),
        ({"number": None, "total_cost_raw": "10"}, "total_cost_raw", "비워 두세요"),
    ],
)
def test_bad_input_is_refused_naming_the_field(sample, fields, field, words):
    officer = _user("officer")
    plan, welfare = _draft(sample)
    project_save(user=officer, plan=plan, name="첫 사업", department=welfare, number=1)
    args = {"name": "둘째", "number": 2} | fields
    before = Project.objects.count()
    with pytest.raises(ServiceError) as caught:
        project_save(user=officer, plan=plan, department=welfare, **args)
    assert caught.value.field == field and words in str(caught.value)
    assert Project.objects.count() == before


def test_a_closed_plan_refuses_add_change_and_delete(setup):
    plan, project, _period = setup
    officer = _user("officer")
    Plan.objects.filter(pk=plan.pk).update(status="closed")
    plan.refresh_from_db()
    with pytest.raises(ServiceError, match="마감"):
        project_save(user=officer, plan=plan, name="x", department=project.department, number=9)
    with pytest.raises(ServiceError, match="마감"):
        project_save(
            user=officer,
            plan=plan,
            name="바뀜",
            department=project.department,
            number=33,
            parent=project.parent,
            project=project,
        )
    with pytest.raises(ServiceError, match="마감"):
        project_delete(user=officer, project=project)
    project.refresh_from_db()
    assert project.name == "실버케어센터 건립"


def test_delete_removes_the_project_its_indicator_and_is_audited(setup):
    plan, project, period = setup
    officer, staff = _user("officer"), _user("welfare_staff")
    progress_target_set(user=officer, project=project, period=period, raw="40")
    with pytest.raises(PermissionDenied):
        project_delete(user=staff, project=project)
    parent, indicator = project.parent, project.progress_indicator
    with pytest.raises(ServiceError, match="세부사업 1개"):
        project_delete(user=officer, project=parent)
    project_delete(user=officer, project=project)
    assert not Project.objects.filter(pk=project.pk).exists()
    assert not type(indicator).objects.filter(pk=indicator.pk).exists()
    event = AuditEvent.objects.get(
        model="projects.Project", object_pk=str(project.pk), action="delete"
    )
    assert event.actor == officer
    parent.refresh_from_db()
    assert parent.total_cost is None  # no sub-project left
    project_delete(user=officer, project=parent)  # now empty: deleted
    assert not Project.objects.filter(plan=plan).exists()


def test_a_project_whose_progress_was_reported_is_kept(setup):
    _plan, project, _period = setup
    staff = _user("welfare_staff")
    actual_enter(
        indicator=project.progress_indicator, year=2020, quarter=4, raw_text="10", user=staff
    )
    with pytest.raises(ServiceError, match="보고된 공정률 실행"):
        project_delete(user=_user("officer"), project=project)
    assert Project.objects.filter(pk=project.pk).exists()


def test_a_change_made_meanwhile_is_refused_not_overwritten(setup):
    """Two officers open the same project; the second save names the version it showed."""
    plan, project, _ = setup
    officer = _user("officer")
    shown = project.version
    common = {
        "user": officer,
        "plan": plan,
        "department": project.department,
        "number": 33,
        "parent": project.parent,
        "period_raw": project.period_raw,
        "total_cost_raw": "162,000",
    }
    first = project_save(
        **common, name="실버케어센터 건립(1단계)", budget_raw="21,000", project=project,
        expected_version=shown,
    )  # fmt: skip
    assert first.version == shown + 1
    with pytest.raises(ConflictError, match="먼저 바꿨습니다"):
        project_save(
            **common, name="실버케어센터", budget_raw="1", project=project, expected_version=shown
        )
    with pytest.raises(ConflictError):
        project_delete(user=officer, project=project, expected_version=shown)
    project.refresh_from_db()
    assert (project.name, project.budget) == ("실버케어센터 건립(1단계)", Decimal("21000000000"))
    project_delete(user=officer, project=project, expected_version=first.version)
    assert not Project.objects.filter(pk=project.pk).exists()
