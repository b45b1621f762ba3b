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
    url = reverse("web:project-edit", args=[plan.pk, child.pk])
    client.force_login(officer)
    page = client.get(reverse("web:project", args=[plan.pk, child.pk]))
    assert page.context["edit_form"]["number"].value() == 3
    data = {
        "edit-name": child.name,
        "edit-number": "3",
        "edit-department": str(child.department_id),
        "edit-parent": str(child.parent_id),
        "edit-period_raw": "2016 ~ 2028",
        "edit-financing": "민자사업",
        "edit-total_cost_raw": "1,500",
        "edit-budget_raw": "500",
        "edit-progress_text": "◦ 착공",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["edit_form"].errors
    child.refresh_from_db()
    assert (child.period_raw, child.financing) == ("2016 ~ 2028 (민자사업)", "민자사업")
    assert child.total_cost == Decimal("1500000000")
    assert child.parent.total_cost == Decimal("3500000000")  # 1,500 + 2,000
    # the number of another project is refused beside the field, in Korean
    taken = client.post(url, data | {"edit-number": "1"})
    assert taken.status_code == 400
    assert "연번 1은(는) 이미 '사업 1'의 번호입니다." in taken.context["edit_form"].errors["number"]
    # a save from a page shown before someone else's change is refused, with why
    child.refresh_from_db()
    stale = client.post(url, data | {"edit-budget_raw": "9", "version": str(child.version - 1)})
    assert stale.status_code == 400 and "먼저 바꿨습니다" in stale.content.decode()
    child.refresh_from_db()
    assert child.budget == Decimal("500000000")
    assert f'name="version" value="{child.version}"' in page_of(client, plan, child)
    client.force_login(people["welfare_staff"])
    assert client.post(url, data).status_code == 403


def test_the_office_adds_a_project_a_parent_and_a_sub_project(client, sample, officer):
    plan = _build(sample, officer, 1)
    unit = OrgUnit.objects.get(organisation=sample, name="복지정책국")
    url = reverse("web:project-add", args=[plan.pk])
    client.force_login(officer)
    table = client.get(reverse("web:projects", args=[plan.pk]))
    assert table.context["add_form"]["number"].value() == 2  # after the last 연번
    base = {"add-department": str(unit.pk), "add-period_raw": "2020~", "add-financing": ""}
    parent = client.post(url, base | {"add-is_parent": "on", "add-name": "돌봄 확충"})
    assert parent.status_code == 302
    group = plan.projects.get(name="돌봄 확충")
    assert group.number is None and group.progress_indicator is None
    sub = client.post(
        url,
        base
        | {
            "add-name": "돌봄센터",
            "add-number": "7",
            "add-parent": str(group.pk),
            "add-financing": "공공기여금",
            "add-total_cost_raw": "300",
            "add-budget_raw": "680",  # over the total: an R18 finding, shown, not refused
        },
        follow=True,
    )
    assert sub.status_code == 200
    created = plan.projects.get(number=7)
    assert (created.parent, created.sub_number, created.financing) == (group, 1, "공공기여금")
    assert created.period_raw == "2020~ (공공기여금)" and created.budget == Decimal("680000000")
    shown = sub.content.decode()
    assert "편성액 &gt; 총사업비(300)" in shown  # the page and the message say what R18 finds
    assert "R18" in " ".join(str(m) for m in sub.context["messages"])
    group.refresh_from_db()
    assert group.total_cost == Decimal("300000000")  # the parent's amounts follow
    # bad input: the field is named; nothing is written
    count = plan.projects.count()
    bad = client.post(url, base | {"add-name": "x", "add-number": "8", "add-budget_raw": "약 5"})
    assert bad.status_code == 400
    assert "백만원" in bad.context["add_form"].errors["budget_raw"][0]
    no_number = client.post(url, base | {"add-name": "x"})
    assert no_number.status_code == 400 and "number" in no_number.context["add_form"].errors
    money_on_parent = client.post(
        url, base | {"add-is_parent": "on", "add-name": "y", "add-total_cost_raw": "5"}
    )
    assert money_on_parent.status_code == 400
    assert "R18" in money_on_parent.context["add_form"].errors["total_cost_raw"][0]
    assert plan.projects.count() == count


def test_the_office_deletes_a_project_and_what_must_stay_is_refused(client, sample, officer):
    plan = _build(sample, officer, 3)
    client.force_login(officer)
    parent = plan.projects.get(name="과제 2")
    refused = client.post(reverse("web:project-delete", args=[plan.pk, parent.pk]))
    assert refused.status_code == 409
    assert "세부사업 2개가 있습니다" in refused.content.decode()
    child = plan.projects.get(number=3)  # its progress has been reported (the actual 40.5)
    refused = client.post(reverse("web:project-delete", args=[plan.pk, child.pk]))
    assert refused.status_code == 409 and "보고된 공정률 실행" in refused.content.decode()
    IndicatorValue.objects.filter(indicator=child.progress_indicator, kind="actual").delete()
    indicator = child.progress_indicator
    response = client.post(reverse("web:project-delete", args=[plan.pk, child.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("web:projects", args=[plan.pk])
    assert not plan.projects.filter(pk=child.pk).exists()
    assert not type(indicator).objects.filter(pk=indicator.pk).exists()
    parent.refresh_from_db()
    assert parent.total_cost == Decimal("2000000000")  # the sub-project left
    assert client.get(reverse("web:project-delete", args=[plan.pk, parent.pk])).status_code == 405


def page_of(client, plan, project) -> str:  # type: ignore[no-untyped-def]
    return client.get(reverse("web:project", args=[plan.pk, project.pk])).content.decode()
