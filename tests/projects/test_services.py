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
from seonggwa.core.errors import PermissionDenied, ServiceError
from seonggwa.organisations.models import OrgUnit
from seonggwa.plans.models import Plan
from seonggwa.plans.services import period_create, plan_set_status
from seonggwa.projects.selectors import compiled_table
from seonggwa.projects.services import progress_target_set, project_save
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
