"""A big report download runs as a background job: the web enqueues it and shows the job's
page, the real worker (`seonggwa worker --once`) makes the file, the page then offers it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from seonggwa.cli import main
from seonggwa.jobs.models import JobProgress
from seonggwa.plans.models import Plan

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def plan(sample):
    return Plan.objects.get(organisation=sample, year=2025, kind="plan")


def test_a_big_report_goes_to_a_job_page_then_downloads(client, plan, django_user_model, settings):
    settings.SEONGGWA_REPORT_BACKGROUND_OVER = 0  # every xlsx/hwpx/pdf is "big"
    committee = django_user_model.objects.get(username="committee")
    client.force_login(committee)
    page = client.get(reverse("web:report-page", args=[plan.pk, "report"])).content.decode()
    xlsx_url = reverse("web:report-download", args=[plan.pk, "report", "xlsx"])
    # the heavy link leads to a job page, so it is not marked as a download
    assert f'href="{xlsx_url}" class="krds-btn small secondary" title=' in page

    response = client.get(xlsx_url)
    assert response.status_code == 302
    job = JobProgress.objects.get()
    assert response["Location"] == reverse("web:job", args=[job.task_id])
    assert (job.owner, job.organisation, job.kind) == (committee, plan.organisation, "report")

    html = client.get(response["Location"]).content.decode()
    assert 'role="progressbar"' in html and 'aria-valuenow="0"' in html
    assert 'hx-trigger="every 1s"' in html  # polls while waiting
    assert reverse("web:job-download", args=[job.task_id]) not in html
    assert client.get(reverse("web:job-download", args=[job.task_id])).status_code == 404

    assert main(["worker", "--once"]) == 0

    status = client.get(reverse("web:job-status", args=[job.task_id])).content.decode()
    assert 'aria-valuenow="100"' in status
    assert "hx-trigger" not in status  # polling stops once the job ends
    download_url = reverse("web:job-download", args=[job.task_id])
    assert download_url in status
    file = client.get(download_url)
    assert file.status_code == 200
    assert file.content.startswith(b"PK")
    assert "attachment" in file["Content-Disposition"]
    assert file["Content-Disposition"].endswith(".xlsx")
    job.refresh_from_db()
    assert (job.done, job.total) == (3, 3)


def test_only_the_owner_and_the_office_see_a_job(client, plan, django_user_model, settings):
    settings.SEONGGWA_REPORT_BACKGROUND_OVER = 0
    client.force_login(django_user_model.objects.get(username="committee"))
    client.get(reverse("web:report-download", args=[plan.pk, "report", "xlsx"]))
    job = JobProgress.objects.get()
    url = reverse("web:job", args=[job.task_id])
    client.force_login(django_user_model.objects.get(username="welfare_staff"))
    assert client.get(url).status_code == 404
    assert client.get(reverse("web:job-status", args=[job.task_id])).status_code == 404
    client.force_login(django_user_model.objects.get(username="officer"))
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 404


def test_a_small_report_downloads_at_once(client, plan, django_user_model):
    client.force_login(django_user_model.objects.get(username="committee"))
    response = client.get(reverse("web:report-download", args=[plan.pk, "report", "xlsx"]))
    assert response.status_code == 200 and response.content.startswith(b"PK")
    assert not JobProgress.objects.exists()


def test_a_failed_report_job_says_why(client, plan, django_user_model, settings):
    settings.SEONGGWA_REPORT_BACKGROUND_OVER = 0
    committee = django_user_model.objects.get(username="committee")
    client.force_login(committee)
    location = client.get(reverse("web:report-download", args=[plan.pk, "report", "xlsx"]))[
        "Location"
    ]
    committee.is_active = False  # the asker lost access before the worker got to it
    committee.save()
    assert main(["worker", "--once"]) == 0
    committee.is_active = True
    committee.save()
    html = client.get(location).content.decode()
    assert "볼 권한이 없습니다" in html
    assert "hx-trigger" not in html
