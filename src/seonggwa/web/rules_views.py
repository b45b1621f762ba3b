"""The evaluation office's rules pages (docs/evaluation.md "Rules as data"): the plan's
grading scheme and version, score steps and default cap, the list of its indicators with
their rules, and one indicator's rules. Thin: the forms parse, the services decide."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from seonggwa.core.errors import ConflictError, ServiceError
from seonggwa.engine.grading import GradingScheme
from seonggwa.evaluation.compute import UnknownScheme, scheme_of_plan
from seonggwa.plans.models import Indicator, Plan
from seonggwa.plans.services import indicator_rules_update, plan_rules_update

from .office_access import central_plan, conflict_page
from .rules_forms import IndicatorRulesForm, PlanRulesForm, rows_text


def _scheme(plan: Plan) -> GradingScheme | None:
    try:
        return scheme_of_plan(plan)
    except UnknownScheme:
        return None


def _plan_initial(plan: Plan) -> dict[str, Any]:
    return {
        "grading_scheme": plan.grading_scheme,
        "grading_scheme_version": (
            f"{plan.grading_scheme or 'performance_report'}:{plan.grading_scheme_version}"
            if plan.grading_scheme_version is not None
            else ""
        ),
        "score_steps": rows_text(plan.score_steps),
        "default_cap": plan.default_cap,
        "version": plan.version,
    }


def _rules_summary(ind: Indicator) -> str:
    parts = []
    if ind.milestone_stages:
        parts.append(_("%(count)s stages") % {"count": len(ind.milestone_stages)})
    if ind.grade_scores:
        parts.append(_("%(count)s grade scores") % {"count": len(ind.grade_scores)})
    if ind.cap is not None:
        parts.append(_("cap %(cap)s%%") % {"cap": format(ind.cap.normalize(), "f")})
    if ind.evaluated_part:
        parts.append(_("part %(part)s") % {"part": ind.evaluated_part})
    if ind.not_rated:
        parts.append(_("not rated"))
    return ", ".join(parts)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def plan_rules(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's rules (form) and its indicators with their rules (links to each)."""
    plan = central_plan(request, pk)
    status = 200
    if request.method == "POST":
        form = PlanRulesForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                plan_rules_update(
                    user=request.user,
                    plan=plan,
                    expected_version=data["version"],
                    grading_scheme=data["grading_scheme"],
                    grading_scheme_version=data["version_number"],
                    score_steps=data["score_steps"],
                    default_cap=data["default_cap"],
                )
            except ConflictError as exc:
                plan.refresh_from_db()
                return conflict_page(
                    request,
                    model="plans.Plan",
                    object_pk=plan.pk,
                    context={"plan": plan},
                    title=_("The plan's rules changed after you read them"),
                    message=str(exc),
                    mine=_plan_facts(data),
                    current=_plan_facts(_plan_initial(plan)),
                    action=reverse("web:evaluation-rules", args=[plan.pk]),
                    fields={
                        **{k: request.POST.get(k, "") for k in form.fields if k != "version"},
                        "version": plan.version,
                    },
                    back=reverse("web:evaluation-rules", args=[plan.pk]),
                    again_label=_("Apply my change to version %(version)s")
                    % {"version": plan.version},
                    keep_label=_("Keep it as it is now"),
                )
            except ServiceError as exc:
                form.add_service_error(exc)
            else:
                messages.success(request, _("The plan's evaluation rules are saved."))
                return redirect("web:evaluation-rules", pk=plan.pk)
        status = 400
    else:
        form = PlanRulesForm(initial=_plan_initial(plan))
    indicators = list(
        Indicator.objects.filter(plan=plan).select_related("owner__unit").order_by("position", "pk")
    )
    scheme = _scheme(plan)
    return render(
        request,
        "web/evaluation/rules.html",
        {
            "plan": plan,
            "form": form,
            "scheme": scheme,
            "rows": [(ind, _rules_summary(ind)) for ind in indicators],
        },
        status=status,
    )


def _plan_facts(data: dict[str, Any]) -> list[tuple[str, Any]]:
    steps = data.get("score_steps")
    return [
        (_("grading scheme"), data.get("grading_scheme") or "performance_report"),
        (_("grading scheme version"), data.get("grading_scheme_version") or "-"),
        (
            _("score steps"),
            (steps if isinstance(steps, str) else rows_text(steps or [])) or "-",
        ),
        (_("default cap on the achievement rate (%)"), data.get("default_cap") or "-"),
    ]


def _indicator_initial(ind: Indicator) -> dict[str, Any]:
    return {
        "milestone_stages": rows_text(ind.milestone_stages),
        "grade_scores": rows_text(ind.grade_scores),
        "cap": ind.cap,
        "evaluated_part": ind.evaluated_part,
        "not_rated": ind.not_rated,
        "not_rated_bucket": ind.not_rated_bucket,
        "version": ind.rules_version,
    }


def _indicator_facts(data: dict[str, Any]) -> list[tuple[str, Any]]:
    def text(value: Any) -> str:
        return (value if isinstance(value, str) else rows_text(value or [])) or "-"

    return [
        (_("milestone stages"), text(data.get("milestone_stages"))),
        (_("grade scores"), text(data.get("grade_scores"))),
        (_("cap on the achievement rate (%)"), data.get("cap") or "-"),
        (_("evaluated part"), data.get("evaluated_part") or "-"),
        (_("not rated this year"), _("yes") if data.get("not_rated") else _("no")),
        (_("count not rated as"), data.get("not_rated_bucket") or "-"),
    ]


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def indicator_rules(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    """One indicator's rules, saved with the rules version read."""
    plan = central_plan(request, pk)
    ind = get_object_or_404(
        Indicator.objects.select_related("owner__unit"), pk=indicator_pk, plan=plan
    )
    scheme = _scheme(plan)
    status = 200
    if request.method == "POST":
        form = IndicatorRulesForm(request.POST, scheme=scheme)
        if form.is_valid():
            data = form.cleaned_data
            try:
                indicator_rules_update(
                    user=request.user,
                    indicator=ind,
                    expected_version=data["version"],
                    milestone_stages=data["milestone_stages"],
                    grade_scores=data["grade_scores"],
                    cap=data["cap"],
                    evaluated_part=data["evaluated_part"],
                    not_rated=data["not_rated"],
                    not_rated_bucket=data["not_rated_bucket"],
                )
            except ConflictError as exc:
                ind.refresh_from_db()
                return conflict_page(
                    request,
                    model="plans.Indicator",
                    object_pk=ind.pk,
                    context={"plan": plan},
                    title=_("The rules of '%(indicator)s' changed after you read them")
                    % {"indicator": ind.name},
                    message=str(exc),
                    mine=_indicator_facts(data),
                    current=_indicator_facts(_indicator_initial(ind)),
                    action=reverse("web:evaluation-indicator-rules", args=[plan.pk, ind.pk]),
                    fields={
                        **{k: request.POST.get(k, "") for k in form.fields if k != "version"},
                        "version": ind.rules_version,
                    },
                    back=reverse("web:evaluation-indicator-rules", args=[plan.pk, ind.pk]),
                    again_label=_("Apply my change to version %(version)s")
                    % {"version": ind.rules_version},
                    keep_label=_("Keep it as it is now"),
                )
            except ServiceError as exc:
                form.add_service_error(exc)
            else:
                messages.success(
                    request,
                    _("The rules of '%(indicator)s' are saved; the next run uses them.")
                    % {"indicator": ind.name},
                )
                return redirect("web:evaluation-rules", pk=plan.pk)
        status = 400
    else:
        form = IndicatorRulesForm(initial=_indicator_initial(ind), scheme=scheme)
    return render(
        request,
        "web/evaluation/indicator_rules.html",
        {"plan": plan, "indicator": ind, "form": form, "scheme": scheme},
        status=status,
    )
