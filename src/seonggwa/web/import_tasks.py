"""A big import confirmed in the browser runs as a background job (docs/jobs.md): the confirm
page enqueues :func:`import_upload` when the staged file is a PDF (pdfplumber's layout reading
takes seconds a page) or larger than ``SEONGGWA_IMPORT_BACKGROUND_OVER`` bytes, and shows the
job's page; the worker imports it as the user who confirmed — the same ``document_import``, the
same permission check, the same one transaction and backup before a replacement — and the job
page then links to the new plan. A refusal fails the job with the importer's message; nothing
is written. The preview of such a file (the upload step) is a job too, :func:`import_preview`:
its result is the preview, which the job page links to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import reverse
from django_tasks import task

from seonggwa.audit.context import acting_as
from seonggwa.backup.replace import replace_backup_write
from seonggwa.core.errors import ServiceError
from seonggwa.engine.findings import Finding, Severity
from seonggwa.importers.load import ImportPreview, document_import, document_preview
from seonggwa.importers.uploads import upload_discard, upload_read
from seonggwa.jobs.services import current_job_id, keep_result_url, progress
from seonggwa.organisations.models import Organisation
from seonggwa.organisations.selectors import organisation_list
from seonggwa.plans.models import Plan
from seonggwa.policy import administered_organisation_ids

IMPORT_KIND = "import"
PREVIEW_KIND = "import-preview"


class ImportJobError(Exception):
    """An import job that cannot run or was refused; its message is for the user."""


def import_goes_to_background(*, name: str, size: int) -> bool:
    """Whether confirming this staged file should run as a background job."""
    return name.lower().endswith(".pdf") or size > settings.SEONGGWA_IMPORT_BACKGROUND_OVER


def _user_and_organisation(user_id: int, organisation_id: int) -> tuple[Any, Organisation]:
    """The user who asked, still active, and the organisation, which they may still import
    into (the same check as the import page's)."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise ImportJobError("가져올 수 없습니다: 요청한 사용자가 없거나 비활성입니다.")
    ids = None if user.is_superuser else administered_organisation_ids(user)
    org = organisation_list(ids=ids).filter(pk=organisation_id).first()
    if org is None:
        raise ImportJobError("가져올 수 없습니다: 이 기관의 문서를 가져올 권한이 없습니다.")
    return user, org


@task()
def import_upload(
    *,
    token: str,
    organisation_id: int,
    year: int,
    fmt: str,
    replace: bool,
    user_id: int,
    source_name: str,
) -> dict[str, Any]:
    progress(0, 2, "올린 파일을 확인하는 중")
    user, org = _user_and_organisation(user_id, organisation_id)
    try:
        data = upload_read(token=token)
        progress(1, 2, f"{source_name}을(를) 읽고 저장하는 중")
        with acting_as(user):
            result = document_import(
                organisation_name=org.name,
                year=year,
                path_or_text=data,
                fmt=fmt,
                replace=replace,
                user=user,
                source_name=source_name,
                before_replace=replace_backup_write,
            )
    except ServiceError as exc:
        # one line: the job page shows the last line of the failure
        raise ImportJobError(" / ".join(str(exc).split("\n"))) from exc
    upload_discard(token=token)
    keep_result_url(reverse("web:plan-detail", args=[result.plan.pk]))
    c = result.counts
    progress(
        2,
        2,
        "이미 가져온 파일입니다: 바뀐 것이 없습니다."
        if result.already_imported
        else f"{result.plan}: 지표 {c.get('indicators', 0)}개, 값 {c.get('values', 0)}개, "
        f"검토사항 {c.get('findings', 0)}건",
    )
    return {"plan": result.plan.pk, "already_imported": result.already_imported}


@dataclass(frozen=True)
class StoredRead:
    """What the preview page shows of the file read (``ReadDocument`` without its bytes)."""

    name: str
    size: int
    sha256: str
    format: str
    detection: str
    title: str


@dataclass(frozen=True)
class StoredPreview:
    """A preview made by a background job, as the preview page reads it (the attributes of
    ``ImportPreview`` it uses), rebuilt from the job's result (:func:`preview_json`)."""

    read: StoredRead
    kind: str
    counts: dict[str, int]
    findings: list[Finding]
    existing: Plan | None
    already_imported: bool


def preview_json(preview: ImportPreview) -> dict[str, Any]:
    """The preview as the job keeps it (its result, JSON)."""
    read = preview.read
    return {
        "read": {
            "name": read.name,
            "size": len(read.data),
            "sha256": read.sha256,
            "format": read.format,
            "detection": read.detection,
            "title": read.tables.title or "",
        },
        "kind": preview.kind,
        "counts": preview.counts,
        "findings": [{**f.as_dict(), "details": dict(f.details)} for f in preview.findings],
        "existing": preview.existing.pk if preview.existing is not None else None,
        "already_imported": preview.already_imported,
    }


def preview_from_json(data: dict[str, Any]) -> StoredPreview:
    """The preview a job kept, for the preview page (the existing plan read again)."""
    existing = data["existing"]
    return StoredPreview(
        read=StoredRead(**data["read"]),
        kind=data["kind"],
        counts=data["counts"],
        findings=[
            Finding(
                severity=Severity(f["severity"]),
                code=f["code"],
                message=f["message"],
                unit=f["unit"],
                line=f["line"],
                details=f["details"],
            )
            for f in data["findings"]
        ],
        existing=None
        if existing is None
        else Plan.objects.select_related("organisation").filter(pk=existing).first(),
        already_imported=data["already_imported"],
    )


@task()
def import_preview(
    *, token: str, organisation_id: int, year: int, fmt: str, user_id: int, source_name: str
) -> dict[str, Any]:
    """Read the staged upload as the preview does, as the user who uploaded it; the job's
    result is the preview (:func:`preview_json`) and its result page shows it
    (``web:import-preview-job``). An unreadable file fails the job with the reader's reason
    and its staged copy is discarded."""
    progress(0, 2, "올린 파일을 확인하는 중")
    _user, org = _user_and_organisation(user_id, organisation_id)
    try:
        data = upload_read(token=token)
        progress(1, 2, f"{source_name}을(를) 읽는 중")
        preview = document_preview(
            organisation_name=org.name,
            year=year,
            path_or_text=data,
            fmt=fmt,
            source_name=source_name,
        )
    except ServiceError as exc:
        upload_discard(token=token)
        raise ImportJobError(" / ".join(str(exc).split("\n"))) from exc
    current = current_job_id()
    if current is not None:
        keep_result_url(reverse("web:import-preview-job", args=[current]))
    progress(
        2,
        2,
        f"지표 {preview.counts.get('indicators', 0)}개, 값 {preview.counts.get('values', 0)}개, "
        f"검토사항 {len(preview.findings)}건: 미리보기에서 확인한 뒤 가져오세요.",
    )
    return {"token": token, "preview": preview_json(preview)}
