"""A big import confirmed in the browser runs as a background job (docs/jobs.md): the confirm
page enqueues :func:`import_upload` when the staged file is a PDF (pdfplumber's layout reading
takes seconds a page) or larger than ``SEONGGWA_IMPORT_BACKGROUND_OVER`` bytes, and shows the
job's page; the worker imports it as the user who confirmed — the same ``document_import``, the
same permission check, the same one transaction and backup before a replacement — and the job
page then links to the new plan. A refusal fails the job with the importer's message; nothing
is written."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django_tasks import task

from seonggwa.audit.context import acting_as
from seonggwa.backup.replace import replace_backup_write
from seonggwa.core.errors import ServiceError
from seonggwa.importers.load import document_import
from seonggwa.importers.uploads import upload_discard, upload_read
from seonggwa.jobs.services import keep_result_url, progress
from seonggwa.organisations.selectors import organisation_list
from seonggwa.policy import administered_organisation_ids

IMPORT_KIND = "import"


class ImportJobError(Exception):
    """An import job that cannot run or was refused; its message is for the user."""


def import_goes_to_background(*, name: str, size: int) -> bool:
    """Whether confirming this staged file should run as a background job."""
    return name.lower().endswith(".pdf") or size > settings.SEONGGWA_IMPORT_BACKGROUND_OVER


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
    from django.contrib.auth import get_user_model

    progress(0, 2, "올린 파일을 확인하는 중")
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise ImportJobError("가져올 수 없습니다: 요청한 사용자가 없거나 비활성입니다.")
    ids = None if user.is_superuser else administered_organisation_ids(user)
    org = organisation_list(ids=ids).filter(pk=organisation_id).first()
    if org is None:
        raise ImportJobError("가져올 수 없습니다: 이 기관의 문서를 가져올 권한이 없습니다.")
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
