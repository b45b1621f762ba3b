"""Pages of the consignment evaluation (민간위탁 종합성과평가, domain.md §4.8, R15, R16): an
organisation's years, a year's table with its rounds, average and exclusions, a round's
score entry, a service with its eligibility and consent clock, and the portal's disclosure
list with its download. Anyone with a role in the organisation reads; the evaluation office
writes (the services ask the policy again)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from seonggwa.accounts.models import RoleAssignment, valid_on
from seonggwa.consignment.models import ConsignedService, EvaluationRound, ServiceScore
from seonggwa.consignment.selectors import consent_clock, service_history, year_table, years_of
from seonggwa.consignment.services import (
    ScoreEntry,
    contract_event_record,
    round_create,
    round_set_open,
    scores_record,
    service_save,
    year_get_or_create,
)
from seonggwa.core.errors import ServiceError
from seonggwa.engine.consignment import eligibility
from seonggwa.organisations.models import Organisation
from seonggwa.policy import can_manage_consignment, can_view_consignment
from seonggwa.reports.builders.consignment import build_disclosure, disclosure_table
from seonggwa.reports.render import report_render

from .consignment_forms import ContractEventForm, RoundCreateForm, ServiceForm


def _organisation(request: HttpRequest, org: int) -> Organisation:
    """The organisation, or 404 when the user has no role in it."""
    organisation = get_object_or_404(Organisation, pk=org)
    if not can_view_consignment(request.user, organisation):
        raise Http404
    return organisation


def _office(request: HttpRequest, organisation: Organisation) -> None:
    if not can_manage_consignment(request.user, organisation):
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
    return redirect("web:consignment-years", org=organisation.pk)


@login_required
def years(request: HttpRequest, org: int) -> HttpResponse:
    organisation = _organisation(request, org)
    manageable = can_manage_consignment(request.user, organisation)
    form = RoundCreateForm(request.POST or None)
    if request.method == "POST":
        _office(request, organisation)
        if form.is_valid():
            data = form.cleaned_data
            try:
                evaluation_year = year_get_or_create(
                    user=request.user, organisation=organisation, year=data["year"]
                )
                rnd = round_create(
                    user=request.user,
                    evaluation_year=evaluation_year,
                    number=data["number"],
                    opens_on=data["opens_on"],
                    closes_on=data["closes_on"],
                    is_open=True,
                )
            except ServiceError as exc:
                form.add_service_error(exc)
            else:
                messages.success(request, _("Opened round %(round)s.") % {"round": rnd})
                return redirect(
                    "web:consignment-round",
                    org=organisation.pk,
                    year=data["year"],
                    number=rnd.number,
                )
    rows = []
    for evaluation_year in years_of(organisation):
        table = year_table(organisation, evaluation_year.year)
        rows.append(table)
    services = ConsignedService.objects.filter(organisation=organisation).count()
    return render(
        request,
        "web/consignment/years.html",
        {
            "organisation": organisation,
            "tables": rows,
            "services": services,
            "manageable": manageable,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def year(request: HttpRequest, org: int, year: int) -> HttpResponse:
    organisation = _organisation(request, org)
    table = year_table(organisation, year)
    if table is None:
        raise Http404
    return render(
        request,
        "web/consignment/year.html",
        {
            "organisation": organisation,
            "table": table,
            "today": timezone.localdate(),
            "manageable": can_manage_consignment(request.user, organisation),
        },
    )


def _round(organisation: Organisation, year: int, number: int) -> EvaluationRound:
    return get_object_or_404(
        EvaluationRound.objects.select_related("evaluation_year"),
        evaluation_year__organisation=organisation,
        evaluation_year__year=year,
        number=number,
    )


@login_required
@require_POST
def round_toggle(request: HttpRequest, org: int, year: int, number: int) -> HttpResponse:
    organisation = _organisation(request, org)
    _office(request, organisation)
    rnd = _round(organisation, year, number)
    round_set_open(user=request.user, round=rnd, is_open=request.POST.get("open") == "1")
    return redirect("web:consignment-year", org=org, year=year)


@login_required
def round_scores(request: HttpRequest, org: int, year: int, number: int) -> HttpResponse:
    """A round's score entry: the round's services first, then the organisation's services
    not yet scored this year. Empty inputs leave a service unscored."""
    organisation = _organisation(request, org)
    _office(request, organisation)
    rnd = _round(organisation, year, number)
    # one evaluator's scores at a time; blank: the round's combined score (as imported)
    evaluator = (request.POST.get("evaluator") or request.GET.get("evaluator") or "").strip()[:200]
    scored = {
        s.service_id: s
        for s in ServiceScore.objects.filter(round=rnd, evaluator=evaluator).select_related(
            "service"
        )
    }
    elsewhere = set(
        ServiceScore.objects.filter(round__evaluation_year=rnd.evaluation_year)
        .exclude(round=rnd)
        .values_list("service_id", flat=True)
    )
    services = [
        s
        for s in ConsignedService.objects.filter(organisation=organisation).order_by("name")
        if s.pk not in elsewhere
    ]
    services.sort(key=lambda s: (s.pk not in scored, s.name))
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        entries = [
            ScoreEntry(
                service=s,
                evaluator=evaluator,
                raw=request.POST.get(f"score-{s.pk}", ""),
                version=scored[s.pk].version if s.pk in scored else None,
            )
            for s in services
        ]
        try:
            saved = scores_record(user=request.user, round=rnd, entries=entries)
        except ServiceError as exc:
            errors.append(str(exc))
            status = 400
        else:
            messages.success(request, _("Saved %(n)s scores.") % {"n": len(saved)})
            return redirect("web:consignment-year", org=org, year=year)
    rows = [
        {
            "service": s,
            "value": request.POST.get(f"score-{s.pk}", "")
            if request.method == "POST"
            else (f"{scored[s.pk].score:.2f}" if s.pk in scored else ""),
        }
        for s in services
    ]
    return render(
        request,
        "web/consignment/round.html",
        {
            "organisation": organisation,
            "round": rnd,
            "rows": rows,
            "errors": errors,
            "evaluator": evaluator,
        },
        status=status,
    )


@login_required
def service(request: HttpRequest, org: int, pk: int) -> HttpResponse:
    organisation = _organisation(request, org)
    target = get_object_or_404(ConsignedService, pk=pk, organisation=organisation)
    manageable = can_manage_consignment(request.user, organisation)
    event_form = ContractEventForm(prefix="event")
    service_form = ServiceForm(
        prefix="service",
        initial={
            "name": target.name,
            "department_label": target.department_label,
            "contractor": target.contractor,
            "annual_cost": target.annual_cost,
            "separate_statutory_evaluation": target.separate_statutory_evaluation,
            "last_council_consent": target.last_council_consent,
        },
    )
    status = 200
    if request.method == "POST":
        _office(request, organisation)
        which = request.POST.get("form")
        try:
            if which == "event":
                event_form = ContractEventForm(request.POST, prefix="event")
                if event_form.is_valid():
                    contract_event_record(
                        user=request.user, service=target, **event_form.cleaned_data
                    )
                    messages.success(request, _("Recorded the contract event."))
                    return redirect("web:consignment-service", org=org, pk=pk)
            else:
                service_form = ServiceForm(request.POST, prefix="service")
                if service_form.is_valid():
                    service_save(
                        user=request.user,
                        organisation=organisation,
                        service=target,
                        **service_form.cleaned_data,
                    )
                    messages.success(request, _("Saved the service."))
                    return redirect("web:consignment-service", org=org, pk=pk)
        except ServiceError as exc:
            (event_form if which == "event" else service_form).add_service_error(exc)
        status = 400
    return render(
        request,
        "web/consignment/service.html",
        {
            "organisation": organisation,
            "service": target,
            "eligibility": eligibility(
                target.annual_cost, separate_statutory=target.separate_statutory_evaluation
            ),
            "history": service_history(target),
            "clock": consent_clock(target, timezone.localdate()),
            "events": list(target.events.order_by("-date", "-pk")),
            "manageable": manageable,
            "event_form": event_form,
            "service_form": service_form,
        },
        status=status,
    )


@login_required
def disclosure(request: HttpRequest, org: int, year: int) -> HttpResponse:
    """The disclosure list for the portal; ``?format=csv|xlsx`` downloads it."""
    organisation = _organisation(request, org)
    table = year_table(organisation, year)
    if table is None:
        raise Http404
    fmt = request.GET.get("format")
    if fmt is not None:
        if fmt not in ("csv", "xlsx"):
            raise Http404
        report = build_disclosure(table, organisation=organisation.name)
        data = _download(report, fmt)
        content_type = (
            "text/csv; charset=utf-8"
            if fmt == "csv"
            else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response = HttpResponse(data, content_type=content_type)
        name = f"{report.file_stem}.{fmt}"
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(name)}"
        return response
    return render(
        request,
        "web/consignment/disclosure.html",
        {"organisation": organisation, "table": table, "list": disclosure_table(table)},
    )


def _download(report: Any, fmt: str) -> bytes:
    if fmt == "csv":
        from seonggwa.reports.csv import table_csv

        return table_csv(report.tables[0])
    return report_render(report, fmt)


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)
