"""An evaluation run of a big plan started in the browser runs as a background job: the start
button leads to the job's page, the real worker (``seonggwa worker --once``) runs ``run_start``
as the officer who asked, the page then links to the run; a refusal or an error fails the job
with the reason and stores nothing. A small plan still runs at once. ``seonggwa evaluate``
shows a progress bar on a terminal."""

from __future__ import annotations

import io
import sys
from html import unescape

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from seonggwa.audit.models import AuditEvent
from seonggwa.cli import main
from seonggwa.evaluation import services as evaluation_services
from seonggwa.evaluation.models import EvaluationRun, IndicatorResult
from seonggwa.evaluation.tasks import plan_weight, run_goes_to_background
from seonggwa.jobs.models import JobProgress
from seonggwa.plans.models import Period, Plan

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def plan(sample):  # type: ignore[no-untyped-def]
    return Plan.objects.get(organisation=sample, year=2025, kind="plan")


@pytest.fixture
def officer(client, people):  # type: ignore[no-untyped-def]
    client.force_login(people["officer"])
    return client


@pytest.fixture
def big(settings):  # type: ignore[no-untyped-def]
    settings.SEONGGWA_EVALUATION_BACKGROUND_OVER = 0  # every plan is "big"


def _start(client, plan, period: str = ""):  # type: ignore[no-untyped-def]
    return client.post(reverse("web:evaluation-run-new", args=[plan.pk]), {"period": period})


def test_which_plans_go_to_the_background(plan, settings):
    weight = plan_weight(plan)
    assert weight == plan.indicators.count() > 0
    settings.SEONGGWA_EVALUATION_BACKGROUND_OVER = weight
    assert not run_goes_to_background(plan)
    settings.SEONGGWA_EVALUATION_BACKGROUND_OVER = weight - 1
    assert run_goes_to_background(plan)


def test_a_big_run_is_a_job_that_links_to_the_run(officer, plan, people, big):
    response = _start(officer, plan)
    job = JobProgress.objects.get()
    assert response["Location"] == reverse("web:job", args=[job.task_id])
    assert (job.kind, job.owner, job.organisation) == (
        "evaluation",
        people["officer"],
        plan.organisation,
    )
    assert "2025" in job.label
    assert not EvaluationRun.objects.filter(plan=plan).exists()  # not yet
    html = officer.get(response["Location"]).content.decode()
    assert 'role="progressbar"' in html and "hx-trigger" in html

    assert main(["worker", "--once"]) == 0

    run = EvaluationRun.objects.get(plan=plan)
    assert (run.number, run.period_key, run.started_by) == (1, "2025", people["officer"])
    assert run.results.count() == plan.indicators.count()
    job.refresh_from_db()
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"
    assert job.result_url == reverse("web:evaluation-run", args=[plan.pk, run.pk])
    assert (job.done, job.total) == (3, 3)
    assert "평가 제1회차" in job.message and f"지표 {run.results.count()}개" in job.message
    status = unescape(officer.get(reverse("web:job-status", args=[job.task_id])).content.decode())
    assert f'href="{job.result_url}"' in status and "결과 보기" in status
    assert "hx-trigger" not in status  # it stops polling
    assert officer.get(job.result_url).status_code == 200
    event = AuditEvent.objects.get(
        model="evaluation.EvaluationRun", object_pk=str(run.pk), action="create"
    )
    assert event.actor == people["officer"]


def test_a_period_s_run_in_the_background(officer, plan, big):
    Period.objects.create(plan=plan, key="2025-Q4", frequency="quarter", year=2025, quarter=4)
    _start(officer, plan, "2025-Q4")
    assert "2025-Q4" in JobProgress.objects.get().label
    assert main(["worker", "--once"]) == 0
    assert EvaluationRun.objects.get(plan=plan).period_key == "2025-Q4"


def test_a_refused_run_fails_the_job_with_the_reason_and_stores_nothing(officer, plan, big):
    location = _start(officer, plan)["Location"]
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.DRAFT)  # before the worker
    assert main(["worker", "--once"]) == 0
    job = JobProgress.objects.get()
    assert DBTaskResult.objects.get(id=job.task_id).status == "FAILED"
    assert "초안" in job.error and "\n" not in job.error
    assert job.result_url == ""
    assert not EvaluationRun.objects.filter(plan=plan).exists()
    html = unescape(officer.get(location).content.decode())
    assert "작업이 실패했습니다" in html or "failed" in html
    assert "초안" in html


def test_an_error_while_storing_fails_the_job_and_writes_nothing_half(
    officer, plan, big, monkeypatch
):
    """The run row is saved, then the results fail: the service's transaction takes the run
    row back too."""

    def broken(model, rows):  # type: ignore[no-untyped-def]
        raise evaluation_services.ServiceError("결과를 저장하지 못했습니다(시험).")

    monkeypatch.setattr(evaluation_services, "bulk_insert_rows", broken)
    _start(officer, plan)
    assert main(["worker", "--once"]) == 0
    job = JobProgress.objects.get()
    assert DBTaskResult.objects.get(id=job.task_id).status == "FAILED"
    assert "저장하지 못했습니다" in job.error
    assert not EvaluationRun.objects.filter(plan=plan).exists()
    assert not IndicatorResult.objects.filter(run__plan=plan).exists()


def test_only_the_asker_and_the_office_see_the_job(client, plan, people, big):
    client.force_login(people["officer"])
    url = _start(client, plan)["Location"]
    client.force_login(people["admin"])  # the organisation's office
    assert client.get(url).status_code == 200
    for name in ("welfare_staff", "committee", "outsider"):
        client.force_login(people[name])
        assert client.get(url).status_code == 404, name
    client.logout()
    assert client.get(url).status_code == 404


def test_who_may_not_run_gets_no_job(client, plan, people, big):
    for name, code in (("committee", 403), ("welfare_staff", 403), ("outsider", 403)):
        client.force_login(people[name])
        assert _start(client, plan).status_code == code, name
    assert not JobProgress.objects.exists()


def test_a_small_plan_runs_at_once(officer, plan):
    response = _start(officer, plan)
    run = EvaluationRun.objects.get(plan=plan)
    assert response["Location"] == reverse("web:evaluation-run", args=[plan.pk, run.pk])
    assert not JobProgress.objects.exists()


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_evaluate_command_shows_a_progress_bar_on_a_terminal(sample, monkeypatch, capsys):
    term = Terminal()
    monkeypatch.setattr(sys, "stderr", term)
    assert main(["evaluate", "--org", "한빛시", "--year", "2025", "--kind", "plan"]) == 0
    shown = term.getvalue()
    assert "평가 " in shown and "3/3" in shown
    assert "평가 1 (잠정)" in capsys.readouterr().out or EvaluationRun.objects.exists()
