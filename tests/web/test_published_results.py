"""What visitors see of evaluation results: nothing while a plan's runs are unpublished (no
grade on any page, result documents 404), the published run with its publication date
once it is published; the office reads any run of the plan with ?run=<id>."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.utils import timezone

from seonggwa.evaluation.models import EvaluationRun
from seonggwa.evaluation.services import run_finalise, run_publish, run_start
from seonggwa.plans.models import Plan

pytestmark = pytest.mark.django_db

GRADED = ("report", "indicator-cards", "result")


@pytest.fixture
def plan_2025(sample: Any) -> Plan:
    return Plan.objects.get(organisation=sample, year=2025, kind="plan")


def _publish(run: EvaluationRun, officer: Any) -> EvaluationRun:
    run = run_finalise(user=officer, run=run, expected_version=run.version)
    return run_publish(user=officer, run=run, expected_version=run.version)


def test_unpublished_runs_show_visitors_no_results(as_user, people, plan_2025):
    run_start(user=people["officer"], plan=plan_2025)
    visitor = as_user("anonymous")
    page = visitor.get(f"/plans/{plan_2025.pk}/").content.decode()
    assert 'data-testid="published-results"' not in page
    for kind in GRADED:
        assert f"/reports/{kind}/" not in page
        assert visitor.get(f"/plans/{plan_2025.pk}/reports/{kind}/").status_code == 404
        for fmt in ("xlsx", "pdf", "hwpx", "html", "csv"):
            url = f"/plans/{plan_2025.pk}/reports/{kind}/download.{fmt}"
            assert visitor.get(url).status_code == 404, url
    # unit staff see no unpublished results either; the office reads the provisional run
    staff = as_user("welfare_staff")
    assert staff.get(f"/plans/{plan_2025.pk}/reports/result/").status_code == 404
    assert "/reports/result/" not in staff.get(f"/plans/{plan_2025.pk}/").content.decode()
    office = as_user("officer").get(f"/plans/{plan_2025.pk}/reports/result/")
    assert office.status_code == 200
    assert "제1회차 · 잠정(미확정) · 미공개" in office.content.decode()


def test_a_published_run_shows_visitors_its_grades_and_publication_date(as_user, people, plan_2025):
    officer = people["officer"]
    run = _publish(run_start(user=officer, plan=plan_2025), officer)
    run_start(user=officer, plan=plan_2025)  # a newer provisional run stays for the office
    day = timezone.localdate(run.published_at).isoformat()
    visitor = as_user("anonymous")
    page = visitor.get(f"/plans/{plan_2025.pk}/").content.decode()
    assert 'data-testid="published-results"' in page and day in page
    assert "/reports/result/" in page and "/reports/report/" in page
    result = visitor.get(f"/plans/{plan_2025.pk}/reports/result/").content.decode()
    assert f"제1회차 · 공개 · 공개일 {day}" in result
    assert "복지서비스 이용 만족도" in result and "×" in result
    # the office reads the newest run; a visitor may not ask for the provisional one
    newest = EvaluationRun.objects.get(plan=plan_2025, number=2)
    office = as_user("officer").get(f"/plans/{plan_2025.pk}/reports/result/").content.decode()
    assert "제2회차 · 잠정(미확정)" in office
    assert visitor.get(f"/plans/{plan_2025.pk}/reports/result/?run={newest.pk}").status_code == 404
    assert visitor.get(f"/plans/{plan_2025.pk}/reports/result/?run={run.pk}").status_code == 200
    # downloads: the stamp in the file, the run in its name; no appendix unless asked
    xlsx = visitor.get(f"/plans/{plan_2025.pk}/reports/result/download.xlsx")
    assert xlsx.status_code == 200 and "_result_run1.xlsx" in xlsx["Content-Disposition"]
    html = visitor.get(f"/plans/{plan_2025.pk}/reports/report/download.html").content.decode()
    assert f"공개일 {day}" in html and "부록. 산출 근거" not in html
    asked = visitor.get(f"/plans/{plan_2025.pk}/reports/report/download.html?explain=1")
    assert "부록. 산출 근거" in asked.content.decode()
    with zipfile.ZipFile(
        io.BytesIO(visitor.get(f"/plans/{plan_2025.pk}/reports/result/download.csv").content)
    ) as z:
        assert f"공개일 {day}" in z.read("00_stamp.txt").decode("utf-8-sig")


def test_signed_in_downloads_carry_the_explanations_unless_turned_off(as_user, people, plan_2025):
    run_start(user=people["officer"], plan=plan_2025)
    office = as_user("officer")
    url = f"/plans/{plan_2025.pk}/reports/report/download.html"
    assert "부록. 산출 근거" in office.get(url).content.decode()
    assert "부록. 산출 근거" not in office.get(url + "?explain=0").content.decode()
    # the page offers the switch and passes it on to the download links
    page = office.get(f"/plans/{plan_2025.pk}/reports/report/?explain=0").content.decode()
    assert "download.xlsx?explain=0" in page


def test_the_office_asking_for_a_run_of_another_plan_gets_404(as_user, people, plan_2025, sample):
    officer = people["officer"]
    other = run_start(
        user=officer, plan=Plan.objects.get(organisation=sample, year=2026, kind="plan")
    )
    run_start(user=officer, plan=plan_2025)
    office = as_user("officer")
    assert office.get(f"/plans/{plan_2025.pk}/reports/result/?run={other.pk}").status_code == 404
    assert (
        office.get(f"/plans/{plan_2025.pk}/reports/result/download.pdf?run={other.pk}").status_code
        == 404
    )
    assert office.get(f"/plans/{plan_2025.pk}/reports/result/?run=x").status_code == 404


def test_the_office_picks_the_run_a_document_reads(as_user, people, plan_2025):
    officer = people["officer"]
    first = run_start(user=officer, plan=plan_2025)
    second = run_start(user=officer, plan=plan_2025)
    office = as_user("officer")
    page = office.get(f"/plans/{plan_2025.pk}/reports/result/").content.decode()
    assert f'href="?run={first.pk}"' in page and f'href="?run={second.pk}"' in page
    assert "제2회차" in page
    older = office.get(f"/plans/{plan_2025.pk}/reports/result/?run={first.pk}").content.decode()
    assert "제1회차" in older and f"download.xlsx?run={first.pk}" in older
    # others get no picker
    _publish(second, officer)
    staff = as_user("welfare_staff").get(f"/plans/{plan_2025.pk}/reports/result/")
    assert staff.status_code == 200 and "?run=" not in staff.content.decode()
