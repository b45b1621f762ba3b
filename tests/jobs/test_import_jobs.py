"""A big import confirmed in the browser runs as a background job: the confirm page shows the
job's page, the real worker (``seonggwa worker --once``) imports as the user who confirmed, the
page then links to the new plan; a refusal fails the job with the importer's reason and writes
nothing."""

from __future__ import annotations

from html import unescape
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from seonggwa.audit.models import AuditEvent
from seonggwa.cli import main
from seonggwa.jobs.models import JobProgress
from seonggwa.plans.models import Plan
from seonggwa.web.import_tasks import import_goes_to_background

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

NEW, CONFIRM = reverse("web:import-new"), reverse("web:import-confirm")


@pytest.fixture(autouse=True)
def _var_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path
    settings.SEONGGWA_BACKUP_DIR = tmp_path / "backups"
    settings.SEONGGWA_IMPORT_BACKGROUND_OVER = 0  # every file is "big"


@pytest.fixture
def officer_client(client, people):  # type: ignore[no-untyped-def]
    client.force_login(people["officer"])
    return client


@pytest.fixture
def seed() -> bytes:
    (path,) = SEEDS.glob("000_*.txt")
    return path.read_bytes()


def _upload(client, sample, data: bytes, name: str = "2022_plan.txt"):  # type: ignore[no-untyped-def]
    return client.post(
        NEW,
        {
            "organisation": sample.pk,
            "year": 2022,
            "format": "auto",
            "file": SimpleUploadedFile(name, data),
        },
    )


def _preview_token(client, sample, data: bytes) -> str:  # type: ignore[no-untyped-def]
    """Upload a big file: its preview is a job too; the worker reads it and the job's result
    page is the preview, with the token to confirm."""
    response = _upload(client, sample, data)
    assert response.status_code == 302
    job = JobProgress.objects.filter(kind="import-preview").order_by("-created_at").first()
    assert response["Location"] == reverse("web:job", args=[job.task_id])
    assert main(["worker", "--once"]) == 0
    job.refresh_from_db()
    assert job.result_url == reverse("web:import-preview-job", args=[job.task_id])
    preview = client.get(job.result_url)
    assert preview.status_code == 200
    return str(preview.context["token"])


def test_which_imports_go_to_the_background(settings):
    settings.SEONGGWA_IMPORT_BACKGROUND_OVER = 1000
    assert import_goes_to_background(name="계획.PDF", size=10)  # a PDF's layout reading is slow
    assert not import_goes_to_background(name="plan.hwpx", size=1000)
    assert import_goes_to_background(name="plan.hwpx", size=1001)


def test_a_big_import_runs_as_a_job_and_links_to_the_new_plan(
    officer_client, sample, seed, settings
):
    client = officer_client
    token = _preview_token(client, sample, seed)
    response = client.post(CONFIRM, {"token": token})
    job = JobProgress.objects.get(kind="import")
    assert response["Location"] == reverse("web:job", args=[job.task_id])
    assert (job.kind, job.owner.username, job.organisation) == ("import", "officer", sample)
    assert not Plan.objects.filter(organisation=sample, year=2022).exists()  # not yet

    assert main(["worker", "--once"]) == 0

    plan = Plan.objects.get(organisation=sample, year=2022, kind="plan")
    assert plan.indicators.count() == 416
    job.refresh_from_db()
    assert job.result_url == reverse("web:plan-detail", args=[plan.pk])
    assert "지표 416개" in job.message
    status = unescape(client.get(reverse("web:job-status", args=[job.task_id])).content.decode())
    assert f'href="{job.result_url}"' in status and "결과 보기" in status
    event = AuditEvent.objects.filter(action="import", object_pk=str(plan.pk))[0]
    assert event.actor_label == "officer"
    assert not (settings.VAR_DIR / "imports" / token).exists()  # the staged upload is gone


def test_a_refused_import_fails_the_job_with_the_reason_and_writes_nothing(
    officer_client, sample, seed
):
    client = officer_client
    client.post(CONFIRM, {"token": _preview_token(client, sample, seed)})
    assert main(["worker", "--once"]) == 0
    plan = Plan.objects.get(organisation=sample, year=2022, kind="plan")
    indicators = plan.indicators.count()
    changed = seed.replace("성과계획".encode(), "성과 계획".encode(), 1)
    client.post(CONFIRM, {"token": _preview_token(client, sample, changed)})  # no "replace"
    assert main(["worker", "--once"]) == 0
    job = JobProgress.objects.order_by("-created_at").first()
    assert DBTaskResult.objects.get(id=job.task_id).status == "FAILED"
    assert "이미" in job.error and "\n" not in job.error
    assert job.result_url == ""
    assert Plan.objects.filter(organisation=sample, year=2022, kind="plan").count() == 1
    assert Plan.objects.get(pk=plan.pk).indicators.count() == indicators


def test_a_big_file_s_preview_is_a_job_whose_result_is_the_preview(
    officer_client, sample, seed, settings, people
):
    client = officer_client
    response = _upload(client, sample, seed)
    job = JobProgress.objects.get()
    assert response["Location"] == reverse("web:job", args=[job.task_id])
    assert (job.kind, job.owner, job.organisation) == ("import-preview", people["officer"], sample)
    assert "2022_plan.txt" in job.label
    preview_url = reverse("web:import-preview-job", args=[job.task_id])
    assert client.get(preview_url).status_code == 404  # not read yet
    assert main(["worker", "--once"]) == 0
    job.refresh_from_db()
    assert job.result_url == preview_url and "지표 416개" in job.message
    status = unescape(client.get(reverse("web:job-status", args=[job.task_id])).content.decode())
    assert f'href="{preview_url}"' in status and "결과 보기" in status
    page = client.get(preview_url)
    html = unescape(page.content.decode())
    preview = page.context["preview"]
    assert preview.kind == "plan" and preview.counts["indicators"] == 416
    assert "416" in html and "detail.count_mismatch" in html
    assert len(preview.findings) == html.count("<code>") > 0
    assert f"({len(seed):,} B," in html and preview.read.sha256[:12] in html
    token = page.context["token"]
    assert (settings.VAR_DIR / "imports" / token).read_bytes() == seed
    assert not Plan.objects.filter(organisation=sample, year=2022).exists()  # nothing written


def test_the_preview_is_the_uploader_s_only(client, sample, seed, people):
    client.force_login(people["officer"])
    _upload(client, sample, seed)
    assert main(["worker", "--once"]) == 0
    url = JobProgress.objects.get().result_url
    client.force_login(people["admin"])  # the office sees the job, not the upload
    assert (
        client.get(reverse("web:job", args=[JobProgress.objects.get().task_id])).status_code == 200
    )
    assert client.get(url).status_code == 404
    client.force_login(people["welfare_staff"])
    assert client.get(url).status_code == 403


def test_an_unreadable_big_file_fails_the_preview_job_with_the_reason(
    officer_client, sample, settings
):
    client = officer_client
    response = _upload(client, sample, b"%PDF-1.4 not really a pdf", name="2022_plan.pdf")
    assert response.status_code == 302  # a PDF is always read in the background
    assert main(["worker", "--once"]) == 0
    job = JobProgress.objects.get()
    assert DBTaskResult.objects.get(id=job.task_id).status == "FAILED"
    assert job.error and "\n" not in job.error and job.result_url == ""
    assert not any((settings.VAR_DIR / "imports").iterdir())  # the staged copy is gone
