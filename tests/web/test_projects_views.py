"""The major-project pages (web/projects_views.py): the compiled table with sub-projects,
money in 백만원, progress of a period and the R18 flags; a project's page where the office
sets the 계획; a fixed number of queries whatever the number of projects."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from seonggwa.organisations.models import OrgUnit
from seonggwa.plans.models import Period, Plan
from seonggwa.projects.services import project_save
from seonggwa.results.models import IndicatorValue

pytestmark = pytest.mark.django_db


def _build(sample, officer, n: int) -> Plan:
    """A 2020 projects plan: ``n`` projects, each third one a parent with two sub-projects
    repeating its 편성액, and the progress of each as target and actual."""
    plan = Plan.objects.create(organisation=sample, year=2020, kind="projects", status="confirmed")
    Period.objects.create(plan=plan, key="2020", frequency="year", year=2020)
    units = list(OrgUnit.objects.filter(organisation=sample).order_by("pk")[:3])
    number = 0
    for i in range(n):
        unit = units[i % len(units)]
        if i % 3 == 2:
            parent = project_save(
                user=officer, plan=plan, name=f"과제 {i}", department=unit, number=None
            )
            subs = [("1,000", "500"), ("2,000", "500")]
        else:
            parent, subs = None, [("300", "680" if i == 0 else "100")]
        for k, (total, budget) in enumerate(subs, start=1):
            number += 1
            project = project_save(
                user=officer,
                plan=plan,
                name=f"사업 {number}",
                department=unit,
                number=number,
                parent=parent,
                sub_number=k if parent else None,
                period_raw="2019~2021",
                total_cost_raw=total,
                budget_raw=budget,
            )
            for kind, value in (("target", "50"), ("actual", "40.5")):
                IndicatorValue.objects.create(
                    indicator=project.progress_indicator,
                    kind=kind,
                    year=2020,
                    raw_text=value,
                    value=Decimal(value),
                    status="approved",
                )
    return plan


@pytest.fixture
def officer(people):
    return people["officer"]


def test_compiled_table_shows_sub_projects_money_progress_and_flags(client, sample, officer):
    plan = _build(sample, officer, 3)
    client.force_login(officer)
    response = client.get(reverse("web:projects", args=[plan.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "과제 2" in html and "사업 4" in html  # the parent above its sub-projects
    assert "편성액 &gt; 총사업비(300)" in html  # the first project: 680 > 300 (R18)
    assert "편성액: 상위 과제 금액 반복(한 번만 셈)" in html
    assert "40.5" in html and "50.0" in html
    table = response.context["table"]
    # 300 + 300 + (1,000 + 2,000) in 원; 편성액: 680 + 100 + 500 once
    assert table.total_cost == Decimal("3600000000")
    assert table.budget == Decimal("1280000000")
    assert table.flagged == 1


def test_the_office_sets_the_planned_progress_of_a_period(client, sample, officer, people):
    plan = _build(sample, officer, 1)
    project = plan.projects.get(number=1)
    url = reverse("web:project", args=[plan.pk, project.pk])
    client.force_login(officer)
    response = client.post(url, {"period": "2020", "planned": "62.5"})
    assert response.status_code == 302
    target = IndicatorValue.objects.get(indicator=project.progress_indicator, kind="target")
    assert target.value == Decimal("62.5")
    bad = client.post(url, {"period": "2020", "planned": "120"})
    assert bad.status_code == 400 and "0~100" in bad.content.decode()
    client.force_login(people["welfare_staff"])
    assert client.post(url, {"period": "2020", "planned": "10"}).status_code == 403


def test_the_public_sees_only_approved_progress(client, sample, officer):
    plan = _build(sample, officer, 1)
    value = IndicatorValue.objects.get(indicator__plan=plan, kind="actual")
    value.status = "submitted"
    value.save()
    response = client.get(reverse("web:projects", args=[plan.pk]))
    assert response.status_code == 200
    assert response.context["table"].rows[0].actual is None
    client.force_login(officer)
    inside = client.get(reverse("web:projects", args=[plan.pk]))
    assert inside.context["table"].rows[0].actual_status == "submitted"


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_pages_do_not_grow_with_the_number_of_projects(client, sample, officer):
    small = _build(sample, officer, 1)
    client.force_login(officer)
    few = _queries(client, reverse("web:projects", args=[small.pk]))
    few_report = _queries(client, reverse("web:report-page", args=[small.pk, "projects"]))
    small.delete()
    big = _build(sample, officer, 30)
    many = _queries(client, reverse("web:projects", args=[big.pk]))
    many_report = _queries(client, reverse("web:report-page", args=[big.pk, "projects"]))
    assert many == few <= 12
    assert many_report == few_report


def test_the_office_changes_a_project_and_its_parent_follows(client, sample, officer, people):
    plan = _build(sample, officer, 3)
    child = plan.projects.get(number=3)  # the first sub-project of 과제 2
    url = reverse("web:project", args=[plan.pk, child.pk])
    client.force_login(officer)
    data = {
        "form": "edit",
        "edit-name": child.name,
        "edit-period_raw": "2016 ~ 2028 (민자사업)",
        "edit-total_cost_raw": "1,500",
        "edit-budget_raw": "500",
        "edit-progress_text": "◦ 착공",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["edit_form"].errors
    child.refresh_from_db()
    assert (child.financing, child.total_cost) == ("민자사업", Decimal("1500000000"))
    assert child.parent.total_cost == Decimal("3500000000")  # 1,500 + 2,000
    assert child.parent.budget == Decimal("500000000")  # 500 on both: the parent's, once
    bad = client.post(url, {**data, "edit-total_cost_raw": "많음"})
    assert bad.status_code == 400 and "백만원" in bad.content.decode()
    client.force_login(people["welfare_head"])
    assert client.post(url, data).status_code == 403
