"""The entry sheet round trip: download a unit's period as xlsx (``reports.entry_sheet``),
fill it in a spreadsheet program, upload it, see every change and every refused cell
(``importers.entry_load.entry_sheet_preview``) and confirm — all the changes are entered in
one transaction, or none (``entry_sheet_apply``, which checks the stored file again).

The upload is kept by its SHA-256 (``entry_sheet_store``); the session remembers which
hashes this person uploaded, so a preview or confirmation of someone else's upload answers
404 and nothing the browser sends back is trusted but the hash and the preview's digest.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from seonggwa.core.errors import ConflictError, ServiceError
from seonggwa.importers.entry_load import (
    EntrySheetError,
    EntrySheetPreview,
    entry_sheet_apply,
    entry_sheet_discard,
    entry_sheet_preview,
    entry_sheet_read,
    entry_sheet_store,
)
from seonggwa.plans.models import Period, Plan
from seonggwa.reports.entry_sheet import entry_sheet_name, entry_sheet_xlsx
from seonggwa.results.selectors import entry_rows

from .entry_forms import SheetUploadForm
from .entry_reading import plan_scheme, read_entry
from .entry_views import chosen_period, entering_plan, grid_url, plan_periods

SESSION_KEY = "seonggwa_entry_sheets"
KEEP_IN_SESSION = 10


def _period(request: HttpRequest, plan: Plan) -> Period:
    period = chosen_period(plan_periods(plan), request.GET.get("period"))
    if period is None:
        raise Http404
    return period


@login_required
@require_GET
def entry_sheet_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The user's units' rows of one period as an xlsx entry sheet."""
    plan = entering_plan(request, pk)
    period = _period(request, plan)
    data = entry_sheet_xlsx(
        plan=plan,
        period=period,
        rows=entry_rows(plan=plan, user=request.user, period=period),
        user_label=request.user.get_username(),
        now=timezone.localtime(),
    )
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = entry_sheet_name(plan, period)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


def _remember(request: HttpRequest, sha: str) -> None:
    kept = [s for s in request.session.get(SESSION_KEY, []) if s != sha]
    request.session[SESSION_KEY] = [*kept, sha][-KEEP_IN_SESSION:]


def _forget(request: HttpRequest, sha: str) -> None:
    request.session[SESSION_KEY] = [s for s in request.session.get(SESSION_KEY, []) if s != sha]


@login_required
@require_http_methods(["GET", "POST"])
def entry_sheet_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Download the sheet; upload it filled in. A file that is not this plan's and period's
    entry sheet is refused beside the file field with the reason."""
    plan = entering_plan(request, pk)
    period = _period(request, plan)
    form = SheetUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        limit = int(settings.SEONGGWA_MAX_UPLOAD_BYTES)
        data = upload.read(limit + 1)
        try:
            entry_sheet_preview(
                plan=plan,
                period=period,
                user=request.user,
                data=data,
                name=upload.name or "",
                size=upload.size,
            )
        except ServiceError as exc:
            form.add_error("file", str(exc))
        else:
            sha = entry_sheet_store(data=data)
            _remember(request, sha)
            url = reverse("web:entry-sheet-preview", args=[plan.pk, sha])
            return redirect(f"{url}?period={period.key}")
    return render(
        request,
        "web/entry/sheet_upload.html",
        {"plan": plan, "period": period, "periods": plan_periods(plan), "form": form},
        status=400 if form.errors else 200,
    )


def _preview_context(
    request: HttpRequest, plan: Plan, period: Period, preview: EntrySheetPreview
) -> dict[str, Any]:
    rows = {r.indicator.pk: r for r in entry_rows(plan=plan, user=request.user, period=period)}
    scheme = plan_scheme(plan)
    changes = []
    for change in preview.changes:
        row = rows.get(change.indicator.pk)
        reading = read_entry(
            change.new_text,
            indicator=change.indicator,
            year=period.year,
            target=row.target if row else None,
            previous_actual=row.previous_actual if row else None,
            scheme=scheme,
        )
        changes.append({"change": change, "reading": reading})
    return {
        "plan": plan,
        "period": period,
        "preview": preview,
        "changes": changes,
        "sha": preview.sha256,
    }


@login_required
@require_http_methods(["GET", "POST"])
def entry_sheet_preview_page(request: HttpRequest, pk: int, sha: str) -> HttpResponse:
    """GET: what the uploaded sheet would change and what it cannot. POST: enter it all."""
    plan = entering_plan(request, pk)
    period = _period(request, plan)
    if sha not in request.session.get(SESSION_KEY, []):
        raise Http404
    upload_url = reverse("web:entry-sheet", args=[plan.pk]) + f"?period={period.key}"
    try:
        data = entry_sheet_read(sha256=sha)
    except EntrySheetError as exc:
        _forget(request, sha)
        messages.error(request, str(exc))
        return redirect(upload_url)
    status = 200
    if request.method == "POST":
        try:
            saved = entry_sheet_apply(
                plan=plan,
                period=period,
                user=request.user,
                data=data,
                digest=request.POST.get("digest", ""),
            )
        except ConflictError as exc:
            messages.warning(request, str(exc))
            status = 409
        except ServiceError as exc:
            messages.error(request, str(exc))
            status = 400
        else:
            entry_sheet_discard(sha256=sha)
            _forget(request, sha)
            messages.success(
                request,
                _("Saved from the sheet as drafts: %(count)d. Submit them when they are ready.")
                % {"count": len(saved)},
            )
            return redirect(grid_url(plan, period))
    try:
        preview = entry_sheet_preview(plan=plan, period=period, user=request.user, data=data)
    except ServiceError as exc:
        messages.error(request, str(exc))
        return redirect(upload_url)
    context = _preview_context(request, plan, period, preview)
    context["title"] = _("Check the sheet's changes")
    return render(request, "web/entry/sheet_preview.html", context, status=status)
