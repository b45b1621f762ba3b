"""Committee scoring of qualitative indicators in the browser (docs/evaluation.md "위원회 채점").

The evaluation office's page on a plan (``평가위원``): set up the round with its aggregation
method, appoint and remove members, open and close scoring, and — once closed — every score
with the aggregates. A member's page (``정성평가 채점``, from ``/my/``): the indicators assigned
to them, each with a score and comment form; a stale save shows the conflict page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from seonggwa.core.errors import ConflictError, ServiceError
from seonggwa.engine.committee import DEFAULT_GRADE_POINTS
from seonggwa.evaluation import committee_services as cs
from seonggwa.evaluation.committee_selectors import (
    committee_candidates,
    committee_round_for,
    member_indicators,
    round_aggregates,
    round_members,
    scores_visible,
)
from seonggwa.evaluation.models import CommitteeMember, CommitteeRound, CommitteeScore
from seonggwa.organisations.models import OrgUnit
from seonggwa.plans.models import Indicator

from .office_access import central_plan, conflict_page, visible_plan

GRADES = [g for g in DEFAULT_GRADE_POINTS if g.isascii()]


def _version(request: HttpRequest, name: str = "version") -> int:
    try:
        return int(request.POST.get(name, ""))
    except ValueError:
        return -1


def _round(plan: Any) -> CommitteeRound | None:
    return committee_round_for(plan=plan, period_key=str(plan.year))


@login_required
@require_safe
def committee_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The office's page: the round, its members, open / close, and the scores."""
    plan = central_plan(request, pk)
    rnd = _round(plan)
    members = round_members(round=rnd) if rnd is not None else []
    seated = {m.user_id for m in members}
    closed = rnd is not None and rnd.status == CommitteeRound.Status.CLOSED
    return render(
        request,
        "web/evaluation/committee.html",
        {
            "plan": plan,
            "round": rnd,
            "methods": CommitteeRound.Method.choices,
            "members": members,
            "candidates": [p for p in committee_candidates(plan=plan) if p.pk not in seated],
            "units": list(
                OrgUnit.objects.filter(organisation_id=plan.organisation_id).order_by("name")
            ),
            "aggregates": round_aggregates(round=rnd) if rnd is not None else [],
            "closed": closed,
        },
    )


def _back(plan: Any) -> HttpResponse:
    return redirect("web:committee", pk=plan.pk)


@login_required
@require_POST
def committee_setup(request: HttpRequest, pk: int) -> HttpResponse:
    """Set up the plan's round with a method, or change the method of the existing one."""
    plan = central_plan(request, pk)
    method = request.POST.get("method", "")
    rnd = _round(plan)
    try:
        if rnd is None:
            cs.committee_round_get_or_create(user=request.user, plan=plan, method=method)
            messages.success(request, _("The committee is set up. Appoint its members."))
        else:
            cs.committee_method_set(
                user=request.user, round=rnd, method=method, expected_version=_version(request)
            )
            messages.success(request, _("The aggregation method is saved."))
    except ServiceError as exc:
        messages.error(request, str(exc))
    return _back(plan)


@login_required
@require_POST
def committee_appoint(request: HttpRequest, pk: int) -> HttpResponse:
    plan = central_plan(request, pk)
    rnd = _round(plan)
    if rnd is None:
        raise Http404
    person = get_user_model().objects.filter(pk=request.POST.get("person") or 0).first()
    unit_pk = request.POST.get("unit", "")
    unit = (
        get_object_or_404(OrgUnit, pk=unit_pk, organisation_id=plan.organisation_id)
        if unit_pk
        else None
    )
    if person is None:
        messages.error(request, _("Choose the person to appoint."))
        return _back(plan)
    try:
        cs.committee_member_appoint(
            user=request.user,
            round=rnd,
            person=person,
            unit=unit,
            perspective_name=request.POST.get("perspective", ""),
        )
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(person)s is appointed.") % {"person": person})
    return _back(plan)


@login_required
@require_POST
def committee_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    plan = central_plan(request, pk)
    member = get_object_or_404(
        CommitteeMember.objects.select_related("round__plan", "user"),
        pk=member_pk,
        round__plan=plan,
    )
    try:
        cs.committee_member_remove(user=request.user, member=member)
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(person)s is removed.") % {"person": member.user})
    return _back(plan)


STATUS_ACTIONS = {"open": cs.committee_scoring_open, "close": cs.committee_scoring_close}


@login_required
@require_POST
def committee_status(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    plan = central_plan(request, pk)
    rnd = _round(plan)
    service = STATUS_ACTIONS.get(action)
    if rnd is None or service is None:
        raise Http404
    try:
        done = service(user=request.user, round=rnd, expected_version=_version(request))
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Scoring: %(status)s.") % {"status": done.get_status_display()})
    return _back(plan)


# --- the member's page ------------------------------------------------------------------------


def _seat(request: HttpRequest, round_pk: int) -> CommitteeMember:
    """The user's seat on a round: 404 for a plan they may not see, 403 for a non-member."""
    rnd = get_object_or_404(CommitteeRound.objects.select_related("plan"), pk=round_pk)
    visible_plan(request, rnd.plan_id)
    member = (
        CommitteeMember.objects.filter(round=rnd, user_id=request.user.pk)
        .select_related("round__plan__organisation", "user", "unit")
        .first()
    )
    if member is None:
        raise PermissionDenied
    return member


@login_required
@require_safe
def scoring_page(request: HttpRequest, round_pk: int) -> HttpResponse:
    """The member's assigned indicators, each with their score and a form."""
    member = _seat(request, round_pk)
    rnd = member.round
    mine = {
        s.indicator_id: s
        for s in scores_visible(user=request.user, round=rnd).filter(member=member)
    }
    rows = [(ind, mine.get(ind.pk)) for ind in member_indicators(member=member)]
    return render(
        request,
        "web/evaluation/scoring.html",
        {
            "plan": rnd.plan,
            "round": rnd,
            "member": member,
            "rows": rows,
            "grades": GRADES,
            "editable": rnd.status == CommitteeRound.Status.OPEN,
        },
    )


@login_required
@require_POST
def scoring_save(request: HttpRequest, round_pk: int, indicator_pk: int) -> HttpResponse:
    member = _seat(request, round_pk)
    rnd = member.round
    indicator = get_object_or_404(
        Indicator.objects.select_related("owner__unit"), pk=indicator_pk, plan_id=rnd.plan_id
    )
    points = request.POST.get("points", "")
    grade = request.POST.get("grade", "")
    comment = request.POST.get("comment", "")
    try:
        cs.committee_score_save(
            user=request.user,
            round=rnd,
            indicator=indicator,
            points=points,
            grade=grade,
            comment=comment,
            expected_version=_version(request),
        )
    except ConflictError as exc:
        current = CommitteeScore.objects.filter(member=member, indicator=indicator).first()
        return conflict_page(
            request,
            model="evaluation.CommitteeScore",
            object_pk=current.pk if current is not None else 0,
            context={"plan": rnd.plan},
            title=_("The score of %(indicator)s changed after you read it")
            % {"indicator": indicator.name},
            message=str(exc),
            mine=[
                (gettext_lazy("points"), points or "-"),
                (gettext_lazy("grade"), grade or "-"),
                (gettext_lazy("comment"), comment or "-"),
            ],
            current=[
                (gettext_lazy("points"), current.points if current else "-"),
                (gettext_lazy("grade"), (current.grade if current else "") or "-"),
                (gettext_lazy("comment"), (current.comment if current else "") or "-"),
            ],
            action=reverse("web:scoring-save", args=[rnd.pk, indicator.pk]),
            fields={
                "points": points,
                "grade": grade,
                "comment": comment,
                "version": current.version if current else 0,
            },
            back=reverse("web:scoring", args=[rnd.pk]),
            again_label=_("Save my score over it"),
            keep_label=_("Keep it as it is now"),
        )
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Your score for %(indicator)s is saved.") % {"indicator": indicator.name}
        )
    return redirect("web:scoring", round_pk=rnd.pk)
