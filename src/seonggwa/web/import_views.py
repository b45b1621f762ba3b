"""Importing a legacy document in the browser (``/imports/new/``), as ``seonggwa import`` does:
choose the organisation, the year and (if need be) the format, upload the file → the preview
(``importers.load.document_preview``: what would be created and every finding; nothing
written; a big file's is read by a background job, whose page then links to it) → confirm →
``document_import(user=)``, the same importer and transaction as the command → the new plan.
Between the preview and the confirmation the bytes wait under ``SEONGGWA_VAR_DIR/imports`` by
their SHA-256 (``importers.uploads``); the session remembers which upload is whose and what
was chosen."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from seonggwa.backup.replace import replace_backup_write
from seonggwa.core.errors import ServiceError
from seonggwa.importers.load import ImportPreview, document_import, document_preview
from seonggwa.importers.uploads import (
    upload_check,
    upload_discard,
    upload_read,
    upload_size_check,
    upload_stage,
)
from seonggwa.jobs.models import JobProgress
from seonggwa.jobs.services import start_job
from seonggwa.organisations.models import Organisation
from seonggwa.organisations.selectors import organisation_list
from seonggwa.plans.models import Plan
from seonggwa.policy import administered_organisation_ids

from .import_tasks import (
    IMPORT_KIND,
    PREVIEW_KIND,
    StoredPreview,
    import_goes_to_background,
    import_preview,
    import_upload,
    preview_from_json,
)
from .office_forms import ImportConfirmForm, ImportForm

SESSION_KEY = "seonggwa_imports"


def _organisations(user: Any) -> QuerySet[Organisation]:
    """Where the user may import: the organisations they act for centrally (every one for
    a superuser); 403 when there is none."""
    orgs = organisation_list(ids=None if user.is_superuser else administered_organisation_ids(user))
    if not orgs.exists():
        raise PermissionDenied
    return orgs


def _uploads(request: HttpRequest) -> dict[str, dict[str, Any]]:
    return dict(request.session.get(SESSION_KEY, {}))


@login_required
def import_new(request: HttpRequest) -> HttpResponse:
    """GET: the form (``?organisation=&year=`` prefill it). POST: check and stage the file,
    then show the preview."""
    orgs = _organisations(request.user)
    if request.method != "POST":
        initial: dict[str, Any] = {"format": "auto", "organisation": orgs.first()}
        if request.GET.get("organisation", "").isdigit():
            initial["organisation"] = request.GET["organisation"]
        if request.GET.get("year", "").isdigit():
            initial["year"] = request.GET["year"]
        form = ImportForm(initial=initial, organisations=orgs)
        return _form_page(request, form)
    form = ImportForm(request.POST, request.FILES, organisations=orgs)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    upload = form.cleaned_data["file"]
    name = upload.name
    org = form.cleaned_data["organisation"]
    year, fmt = form.cleaned_data["year"], form.cleaned_data["format"]
    try:
        upload_size_check(name=name, size=upload.size)
        data = upload.read()
        upload_check(name=name, data=data)
    except ServiceError as exc:
        form.add_error(exc.field if exc.field in form.fields else "file", str(exc))
        return _form_page(request, form, status=400)
    replace = form.cleaned_data["replace"]
    if import_goes_to_background(name=name, size=len(data)):
        return _preview_in_background(request, org, year, fmt, name, data, replace=replace)
    try:
        preview = document_preview(
            organisation_name=org.name, year=year, path_or_text=data, fmt=fmt, source_name=name
        )
    except ServiceError as exc:  # an unreadable file (ImportFileError) and every refusal
        form.add_error(exc.field if exc.field in form.fields else "file", str(exc))
        return _form_page(request, form, status=400)
    token = _staged(request, org, year, fmt, name, data, replace=replace)
    return _preview_page(request, org, year, preview, token, replace=replace, status=200)


def _staged(
    request: HttpRequest,
    org: Organisation,
    year: int,
    fmt: str,
    name: str,
    data: bytes,
    *,
    replace: bool,
) -> str:
    """Stage the upload and remember in the session whose it is and what was chosen."""
    token = upload_stage(data=data)
    uploads = _uploads(request)
    uploads[token] = {
        "name": name,
        "organisation": org.pk,
        "year": year,
        "format": fmt,
        "replace": replace,
    }
    request.session[SESSION_KEY] = uploads
    return token


def _preview_in_background(
    request: HttpRequest,
    org: Organisation,
    year: int,
    fmt: str,
    name: str,
    data: bytes,
    *,
    replace: bool,
) -> HttpResponse:
    """A big file's preview is read by a background job; its page then links to the preview
    (:func:`import_preview_job`)."""
    token = _staged(request, org, year, fmt, name, data, replace=replace)
    job = start_job(
        import_preview,
        kind=PREVIEW_KIND,
        owner=request.user,
        organisation=org,
        label=_("Reading %(file)s for the preview") % {"file": name},
        kwargs={
            "token": token,
            "organisation_id": org.pk,
            "year": year,
            "fmt": fmt,
            "user_id": request.user.pk,
            "source_name": name,
        },
    )
    return redirect("web:job", task_id=job.task_id)


@login_required
@require_safe
def import_preview_job(request: HttpRequest, task_id: uuid.UUID) -> HttpResponse:
    """The preview a background job read (the job page's 결과 보기): only for the person who
    uploaded the file, while the upload waits in their session."""
    from django_tasks_db.models import DBTaskResult

    orgs = _organisations(request.user)
    job = JobProgress.objects.filter(
        task_id=str(task_id), kind=PREVIEW_KIND, owner_id=request.user.pk
    ).first()
    result = DBTaskResult.objects.filter(id=task_id).first()
    if job is None or result is None or str(result.status) != "SUCCESSFUL":
        raise Http404
    kept = result.return_value or {}
    token = str(kept.get("token", ""))
    entry = _uploads(request).get(token)
    org = orgs.filter(pk=entry["organisation"]).first() if entry is not None else None
    if entry is None or org is None:
        messages.error(
            request, _("That upload is not waiting for you any more: upload the file again.")
        )
        return redirect("web:import-new")
    return _preview_page(
        request,
        org,
        entry["year"],
        preview_from_json(kept["preview"]),
        token,
        replace=bool(entry.get("replace")),
        status=200,
    )


def _form_page(request: HttpRequest, form: ImportForm, status: int = 200) -> HttpResponse:
    return render(
        request,
        "web/office/import_new.html",
        {"form": form, "max_upload": settings.SEONGGWA_MAX_UPLOAD_BYTES},
        status=status,
    )


def _preview_page(
    request: HttpRequest,
    org: Organisation,
    year: int,
    preview: ImportPreview | StoredPreview,
    token: str,
    *,
    replace: bool,
    status: int,
    error: str = "",
) -> HttpResponse:
    severities = [str(f.severity) for f in preview.findings]
    return render(
        request,
        "web/office/import_preview.html",
        {
            "organisation": org,
            "year": year,
            "kind_label": Plan.Kind(preview.kind).label,
            "preview": preview,
            "file_size": len(preview.read.data)
            if isinstance(preview, ImportPreview)
            else preview.read.size,
            "plan_title": preview.read.tables.title
            if isinstance(preview, ImportPreview)
            else preview.read.title,
            "token": token,
            "replace": replace,
            "error": error,
            "by_severity": {s: severities.count(s) for s in ("error", "warning", "info")},
            "blocked": preview.existing is not None and not preview.already_imported,
        },
        status=status,
    )


@login_required
@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    """Import the staged upload as previewed; a refusal writes nothing and says why."""
    orgs = _organisations(request.user)
    form = ImportConfirmForm(request.POST)
    entry = _uploads(request).get(request.POST.get("token", "")) if form.is_valid() else None
    if entry is None:
        messages.error(
            request, _("That upload is not waiting for you any more: upload the file again.")
        )
        return redirect("web:import-new")
    token = form.cleaned_data["token"]
    org = orgs.filter(pk=entry["organisation"]).first()
    if org is None:
        raise PermissionDenied
    replace = request.POST.get("replace") == "on"
    try:
        data = upload_read(token=token)
    except ServiceError as exc:
        messages.error(request, str(exc))
        return redirect("web:import-new")
    if import_goes_to_background(name=entry["name"], size=len(data)):
        job = start_job(
            import_upload,
            kind=IMPORT_KIND,
            owner=request.user,
            organisation=org,
            label=_("Importing %(file)s") % {"file": entry["name"]},
            kwargs={
                "token": token,
                "organisation_id": org.pk,
                "year": entry["year"],
                "fmt": entry["format"],
                "replace": replace,
                "user_id": request.user.pk,
                "source_name": entry["name"],
            },
        )
        uploads = _uploads(request)
        uploads.pop(token, None)
        request.session[SESSION_KEY] = uploads
        return redirect("web:job", task_id=job.task_id)
    try:
        result = document_import(
            organisation_name=org.name,
            year=entry["year"],
            path_or_text=data,
            fmt=entry["format"],
            replace=replace,
            user=request.user,
            source_name=entry["name"],
            before_replace=replace_backup_write,
        )
    except ServiceError as exc:
        try:
            preview = document_preview(
                organisation_name=org.name,
                year=entry["year"],
                path_or_text=data,
                fmt=entry["format"],
                source_name=entry["name"],
            )
        except ServiceError:
            messages.error(request, str(exc))
            return redirect("web:import-new")
        return _preview_page(
            request, org, entry["year"], preview, token, replace=replace, status=400, error=str(exc)
        )
    upload_discard(token=token)
    uploads = _uploads(request)
    uploads.pop(token, None)
    request.session[SESSION_KEY] = uploads
    if result.already_imported:
        messages.info(
            request,
            _("%(file)s was imported into %(plan)s before: nothing changed.")
            % {"file": entry["name"], "plan": result.plan},
        )
    else:
        c = result.counts
        messages.success(
            request,
            _(
                "Imported %(file)s into %(plan)s: %(indicators)s indicators, %(values)s values, "
                "%(findings)s findings to review."
            )
            % {
                "file": entry["name"],
                "plan": result.plan,
                "indicators": c.get("indicators", 0),
                "values": c.get("values", 0),
                "findings": c.get("findings", 0),
            },
        )
    return redirect("web:plan-detail", pk=result.plan.pk)
