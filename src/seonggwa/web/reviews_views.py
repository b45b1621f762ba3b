"""Pages of the ad-hoc reviews (시정 주요사업 수시평가, domain.md §4.9): an organisation's
years, the office's list of a year with each review's follow-up progress and the year's
document (xlsx, PDF, HWPX, HTML, CSV), a review with its overview, rounds, findings,
recommendations and follow-ups (and the office's forms to add them), the review form, a
follow-up (the unit files it with evidence; the office names its owner and due date) and
its evidence files. Anyone with a role in the organisation reads; the services ask the
policy again for every write."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from seonggwa.accounts.models import RoleAssignment, valid_on
from seonggwa.core.errors import ServiceError
from seonggwa.engine.reviews import followup_state
from seonggwa.organisations.models import Organisation
from seonggwa.policy import can_file_followup, can_manage_reviews, can_view_reviews
from seonggwa.reports.errors import ReportError
from seonggwa.reports.modules import module_report_build
from seonggwa.reports.render import CONTENT_TYPES, FORMATS, file_name, report_render
from seonggwa.reviews.models import (
    FollowUp,
    FollowUpEvidence,
    Recommendation,
    Review,
    ReviewFinding,
    ReviewRound,
)
from seonggwa.reviews.selectors import remind_days, review_detail, review_year, review_years
from seonggwa.reviews.services import (
    ReviewFields,
    Upload,
    followup_assign,
    followup_file,
    item_add,
    item_change,
    review_save,
    round_save,
)

from .reviews_forms import AssignForm, FileForm, ItemEditForm, ItemForm, ReviewForm, RoundForm


def _organisation(request: HttpRequest, org: int) -> Organisation:
    """The organisation, or 404 when the user has no role in it."""
    organisation = get_object_or_404(Organisation, pk=org)
    if not can_view_reviews(request.user, organisation):
        raise Http404
    return organisation


def _office(request: HttpRequest, organisation: Organisation) -> None:
    if not can_manage_reviews(request.user, organisation):
        raise PermissionDenied


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """The first organisation the user holds a role in (the superuser: the first one)."""
    user: Any = request.user
    if user.is_superuser:
        organisation = Organisation.objects.order_by("pk").first()
    else:
        assignment = (
            RoleAssignment.objects.filter(valid_on(timezone.localdate()), user_id=user.pk)
            .order_by("organisation_id")
            .first()
        )
        organisation = assignment.organisation if assignment else None
    if organisation is None:
        raise Http404
    return redirect("web:reviews-years", org=organisation.pk)


@login_required
@require_safe
def years(request: HttpRequest, org: int) -> HttpResponse:
    organisation = _organisation(request, org)
    return render(
        request,
        "web/reviews/years.html",
        {
            "organisation": organisation,
            "years": review_years(organisation),
            "manageable": can_manage_reviews(request.user, organisation),
        },
    )


@login_required
@require_safe
def year(request: HttpRequest, org: int, year: int) -> HttpResponse:
    """The office's list of a year: each review with its rounds, findings and the progress
    of its follow-ups."""
    organisation = _organisation(request, org)
    rows = review_year(organisation, year, timezone.localdate())
    if not rows:
        raise Http404
    return render(
        request,
        "web/reviews/year.html",
        {
            "organisation": organisation,
            "year": year,
            "rows": rows,
            "formats": FORMATS,
            "manageable": can_manage_reviews(request.user, organisation),
        },
    )


@login_required
@require_safe
def download(request: HttpRequest, org: int, year: int, fmt: str) -> HttpResponse:
    """The year's document (report kind ``reviews``) in one of the report formats."""
    organisation = _organisation(request, org)
    if fmt not in FORMATS:
        raise Http404
    try:
        report = module_report_build(organisation, year, "reviews")
    except ReportError as exc:
        raise Http404(str(exc)) from exc
    response = HttpResponse(report_render(report, fmt), content_type=CONTENT_TYPES[fmt])
    from urllib.parse import quote

    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{quote(file_name(report, fmt))}"
    )
    return response


def _review(organisation: Organisation, pk: int) -> Review:
    return get_object_or_404(
        Review.objects.select_related("department", "source_document"),
        pk=pk,
        organisation=organisation,
    )


def _fields(data: dict[str, Any]) -> ReviewFields:
    return ReviewFields(
        year=data["year"],
        number=data["number"],
        topic=data["topic"],
        department=data.get("department"),
        department_label=data.get("department_label") or "",
        method=data["method"],
        timing_raw=data.get("timing_raw") or "",
        period_raw=data.get("period_raw") or "",
        direction=data.get("direction") or "",
        content=data.get("content") or "",
        total_cost=data.get("total_cost") or "",
        subject=data.get("subject") or "",
        approach=data.get("approach") or "",
    )


@login_required
def review_form(request: HttpRequest, org: int, pk: int | None = None) -> HttpResponse:
    """A new review (``pk`` None) or a review's overview changed: the office."""
    organisation = _organisation(request, org)
    _office(request, organisation)
    target = _review(organisation, pk) if pk is not None else None
    initial: dict[str, Any] = {"year": timezone.localdate().year, "method": "inspection"}
    if target is not None:
        initial = {
            name: getattr(target, name)
            for name in ReviewForm.base_fields
            if hasattr(target, name) and name != "department"
        }
        initial["department"] = target.department_id
    elif (asked := request.GET.get("year", "")).isdigit():
        initial["year"] = int(asked)
        initial["number"] = Review.objects.filter(organisation=organisation, year=asked).count() + 1
    form = ReviewForm(request.POST or None, initial=initial, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            saved = review_save(
                user=request.user,
                organisation=organisation,
                fields=_fields(form.cleaned_data),
                review=target,
            )
        except ServiceError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Saved the review %(review)s.") % {"review": saved.topic})
            return redirect("web:reviews-review", org=org, pk=saved.pk)
    return render(
        request,
        "web/reviews/review_form.html",
        {"organisation": organisation, "review": target, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def review(request: HttpRequest, org: int, pk: int) -> HttpResponse:
    """A review with its rounds; the office adds a round (``form=round``) or a finding or
    recommendation to a round (``form=item``, ``round=<number>``)."""
    organisation = _organisation(request, org)
    target = _review(organisation, pk)
    manageable = can_manage_reviews(request.user, organisation)
    rounds = review_detail(target)
    round_form = RoundForm(prefix="round", initial={"number": len(rounds) + 1})
    item_form = ItemForm(prefix="item")
    item_round: int | None = None
    status = 200
    if request.method == "POST":
        _office(request, organisation)
        which = request.POST.get("form")
        try:
            if which == "round":
                round_form = RoundForm(request.POST, prefix="round")
                if round_form.is_valid():
                    saved = round_save(user=request.user, review=target, **round_form.cleaned_data)
                    messages.success(request, _("Added round %(n)s.") % {"n": saved.number})
                    return redirect("web:reviews-review", org=org, pk=pk)
            else:
                item_form = ItemForm(request.POST, prefix="item")
                number = request.POST.get("round", "")
                rnd = ReviewRound.objects.filter(
                    review=target, number=int(number) if number.isdigit() else 0
                ).first()
                item_round = rnd.number if rnd is not None else None
                if rnd is None:
                    item_form.is_valid()
                    item_form.add_error(None, _("Choose the round to add to."))
                elif item_form.is_valid():
                    item_add(user=request.user, round=rnd, **item_form.cleaned_data)
                    messages.success(request, _("Added to round %(n)s.") % {"n": rnd.number})
                    return redirect("web:reviews-review", org=org, pk=pk)
        except ServiceError as exc:
            (round_form if which == "round" else item_form).add_service_error(exc)
        status = 400
    today = timezone.localdate()
    days = remind_days()
    states = {
        r.followup.pk: followup_state(r.followup.status, r.followup.due_on, today, remind_days=days)
        for rnd in rounds
        for r in rnd.recommendations.all()
        if hasattr(r, "followup")
    }
    return render(
        request,
        "web/reviews/review.html",
        {
            "organisation": organisation,
            "review": target,
            "rounds": rounds,
            "states": states,
            "manageable": manageable,
            "round_form": round_form,
            "item_form": item_form,
            "item_round": item_round,
        },
        status=status,
    )


def _followup(organisation: Organisation, pk: int) -> FollowUp:
    return get_object_or_404(
        FollowUp.objects.select_related(
            "recommendation__round__review", "owner_unit", "owner", "filed_by"
        ),
        pk=pk,
        recommendation__round__review__organisation=organisation,
    )


@login_required
def followup(request: HttpRequest, org: int, pk: int) -> HttpResponse:
    """A recommendation's follow-up: the unit files it (``form=file``: status, notes,
    evidence), the office names its owner and due date (``form=assign``)."""
    organisation = _organisation(request, org)
    target = _followup(organisation, pk)
    manageable = can_manage_reviews(request.user, organisation)
    may_file = can_file_followup(request.user, organisation, target.owner_unit, target.owner_id)
    file_form = FileForm(
        prefix="file",
        initial={"status": target.status, "notes": target.notes, "version": target.version},
    )
    assign_form = AssignForm(
        prefix="assign",
        organisation=organisation,
        initial={
            "owner_unit": target.owner_unit_id,
            "owner": target.owner_id,
            "due_on": target.due_on,
        },
    )
    status = 200
    if request.method == "POST":
        which = request.POST.get("form")
        try:
            if which == "assign":
                _office(request, organisation)
                assign_form = AssignForm(request.POST, prefix="assign", organisation=organisation)
                if assign_form.is_valid():
                    followup_assign(user=request.user, followup=target, **assign_form.cleaned_data)
                    messages.success(request, _("Saved the owner and the due date."))
                    return redirect("web:reviews-followup", org=org, pk=pk)
            else:
                if not may_file:
                    raise PermissionDenied
                file_form = FileForm(request.POST, prefix="file")
                if file_form.is_valid():
                    limit = int(settings.SEONGGWA_MAX_UPLOAD_BYTES)
                    files = [
                        Upload(
                            f.name or "file",
                            f.read(limit + 1),
                            content_type=f.content_type,
                            size=f.size,
                        )
                        for f in request.FILES.getlist("files")
                    ]
                    data = file_form.cleaned_data
                    followup_file(
                        user=request.user,
                        followup=target,
                        status=data["status"],
                        notes=data["notes"],
                        files=files,
                        expected_version=data["version"],
                    )
                    messages.success(request, _("Filed the follow-up."))
                    return redirect("web:reviews-followup", org=org, pk=pk)
        except ServiceError as exc:
            (assign_form if which == "assign" else file_form).add_service_error(exc)
        status = 400
    review_obj = target.recommendation.round.review
    return render(
        request,
        "web/reviews/followup.html",
        {
            "organisation": organisation,
            "review": review_obj,
            "followup": target,
            "recommendation": target.recommendation,
            "evidence": list(target.evidence.all()),
            "state": followup_state(
                target.status, target.due_on, timezone.localdate(), remind_days=remind_days()
            ),
            "manageable": manageable,
            "may_file": may_file,
            "file_form": file_form,
            "assign_form": assign_form,
            "max_bytes": int(settings.SEONGGWA_MAX_UPLOAD_BYTES),
        },
        status=status,
    )


@login_required
@require_safe
def evidence(request: HttpRequest, org: int, pk: int) -> FileResponse:
    """A file filed with a follow-up, for whoever reads the organisation's reviews."""
    organisation = _organisation(request, org)
    found = get_object_or_404(
        FollowUpEvidence,
        pk=pk,
        followup__recommendation__round__review__organisation=organisation,
    )
    try:
        handle = found.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404(_("The file is missing from the storage.")) from exc
    return FileResponse(
        handle,
        as_attachment=True,
        filename=found.original_name,
        content_type=found.content_type or "application/octet-stream",
    )


@login_required
def round_edit(request: HttpRequest, org: int, pk: int, number: int) -> HttpResponse:
    """A round's number, title and dates changed: the office."""
    organisation = _organisation(request, org)
    _office(request, organisation)
    target = _review(organisation, pk)
    rnd = get_object_or_404(ReviewRound, review=target, number=number)
    form = RoundForm(
        request.POST or None,
        initial={
            "number": rnd.number,
            "title": rnd.title,
            "starts_on": rnd.starts_on,
            "ends_on": rnd.ends_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            round_save(user=request.user, review=target, round=rnd, **form.cleaned_data)
        except ServiceError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Saved round %(n)s.") % {"n": rnd.number})
            return redirect("web:reviews-review", org=org, pk=pk)
    return render(
        request,
        "web/reviews/edit.html",
        {
            "organisation": organisation,
            "review": target,
            "form": form,
            "heading": _("Change round %(n)s") % {"n": number},
        },
        status=400 if request.method == "POST" else 200,
    )


ITEM_MODELS: dict[str, type[ReviewFinding] | type[Recommendation]] = {
    "finding": ReviewFinding,
    "recommendation": Recommendation,
}


@login_required
def item_edit(request: HttpRequest, org: int, kind: str, pk: int) -> HttpResponse:
    """A finding's or a recommendation's text changed: the office."""
    organisation = _organisation(request, org)
    _office(request, organisation)
    model = ITEM_MODELS.get(kind)
    if model is None:
        raise Http404
    item = get_object_or_404(
        model.objects.select_related("round__review"),
        pk=pk,
        round__review__organisation=organisation,
    )
    review_obj = item.round.review
    form = ItemEditForm(
        request.POST or None,
        initial={"heading": item.heading, "text": item.text, "details": "\n".join(item.details)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            item_change(user=request.user, item=item, **form.cleaned_data)
        except ServiceError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("web:reviews-review", org=org, pk=review_obj.pk)
    return render(
        request,
        "web/reviews/edit.html",
        {
            "organisation": organisation,
            "review": review_obj,
            "form": form,
            "heading": _("Change a finding") if kind == "finding" else _("Change a recommendation"),
        },
        status=400 if request.method == "POST" else 200,
    )
