"""A background job's page: a progress bar that polls (htmx) until the job ends, then the
download, or why it failed. Only the person who asked, and the central office of the job's
organisation, may see a job; anyone else gets 404."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import quote

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from seonggwa.jobs.models import JobProgress
from seonggwa.policy import is_central


def _job(request: HttpRequest, task_id: uuid.UUID) -> tuple[JobProgress, Any]:
    from django_tasks_db.models import DBTaskResult

    user = request.user
    job = JobProgress.objects.select_related("organisation").filter(task_id=str(task_id)).first()
    result = DBTaskResult.objects.filter(id=task_id).first()
    if job is None or result is None or not user.is_authenticated:
        raise Http404
    mine = job.owner_id is not None and job.owner_id == user.pk
    office = job.organisation is not None and is_central(user, job.organisation)
    if not (mine or office):
        raise Http404
    return job, result


def _context(job: JobProgress, result: Any) -> dict[str, Any]:
    status = str(result.status)
    finished = status in ("SUCCESSFUL", "FAILED")
    if status == "SUCCESSFUL":
        percent: int | None = 100
    else:
        percent = job.percent if status == "RUNNING" else 0
    return {
        "job": job,
        "status": status,
        "finished": finished,
        "percent": percent,
        "ready": status == "SUCCESSFUL" and job.file_data is not None,
    }


def job_page(request: HttpRequest, task_id: uuid.UUID) -> HttpResponse:
    job, result = _job(request, task_id)
    return render(request, "web/jobs/job.html", _context(job, result))


def job_status(request: HttpRequest, task_id: uuid.UUID) -> HttpResponse:
    """The status block alone, for htmx to swap in; it stops polling once the job ends."""
    job, result = _job(request, task_id)
    return render(request, "web/jobs/_status.html", _context(job, result))


def job_download(request: HttpRequest, task_id: uuid.UUID) -> HttpResponse:
    job, result = _job(request, task_id)
    if str(result.status) != "SUCCESSFUL" or job.file_data is None:
        raise Http404
    response = HttpResponse(bytes(job.file_data), content_type=job.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(job.file_name)}"
    return response
