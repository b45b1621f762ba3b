"""The dashboards (``/dashboard/…``, docs/web.md "Dashboards"): an organisation's overview,
the drill-down organisation → unit → strategic goal → policy goal → indicator, and a peer
group compared. Signed-in users only, scoped by role (``policy.dashboard_units``): the
central roles read every unit, unit staff and managers their units and those below them;
committee members and other organisations' people get no dashboard of the organisation (403,
and 404 for people of no role there). The views parse the request, ask the policy and the
selectors of ``evaluation.dashboard_selectors``, and render ``web/dashboard/``."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from seonggwa.accounts.models import RoleAssignment, valid_on
from seonggwa.core.readcache import cached
from seonggwa.evaluation import dashboard_selectors as ds
from seonggwa.evaluation.models import EvaluationRun
from seonggwa.evaluation.read_state import plans_state
from seonggwa.organisations.models import Organisation, OrgUnit, PeerGroup
from seonggwa.organisations.selectors import organisation_list, peer_group_list
from seonggwa.plans.models import Indicator, Plan, PolicyGoal, StrategicGoal
from seonggwa.policy import (
    can_view_plan,
    dashboard_runs,
    dashboard_units,
    roles_of,
    visible_plans,
)
from seonggwa.reports.charts import chart_svg
from seonggwa.reports.model import Chart, ChartKind, Series
from seonggwa.results.selectors import evidence_by_value, values_history

from .value_views import history_entries

BAR_WIDTH = 460
LINE_WIDTH = 560


def _scope(request: HttpRequest, organisation: Organisation | int) -> set[int] | None:
    """The units the user's dashboards of ``organisation`` show (None: every unit); 404 for
    people without a role there, 403 for roles without dashboards (committee)."""
    user = request.user
    if not user.is_superuser and not roles_of(user, organisation):
        raise Http404
    units = dashboard_units(user, organisation)
    if units is not None and not units:
        raise PermissionDenied(_("Dashboards are for the evaluation office and unit staff."))
    return units


def _in_scope(units: set[int] | None, unit_id: int) -> None:
    if units is not None and unit_id not in units:
        raise PermissionDenied(_("This unit is not one of yours."))


def _plans(request: HttpRequest, organisation: Organisation) -> tuple[list[Plan], Plan | None]:
    """The organisation's plans the user may see and the one asked for (``?plan=``)."""
    plans = ds.dashboard_plans(organisation=organisation, visible=visible_plans(request.user))
    wanted = request.GET.get("plan", "")
    chosen = next((p for p in plans if str(p.pk) == wanted), None) if wanted else None
    if wanted and chosen is None:
        raise Http404
    return plans, chosen or ds.dashboard_default_plan(plans)


def _earlier(plans: list[Plan], plan: Plan) -> list[Plan]:
    """Earlier plans of the same kind, newest first: where last year's grades come from."""
    return [p for p in plans if p.kind == plan.kind and p.year < plan.year]


def _svg(chart: Chart, width: int) -> str:
    return mark_safe(chart_svg(chart, width=width))  # chart_svg escapes every text


def _role_organisation_ids(request: HttpRequest) -> set[int]:
    """The organisations where the user holds a role today."""
    user: Any = request.user
    return set(
        RoleAssignment.objects.filter(valid_on(timezone.localdate()), user_id=user.pk).values_list(
            "organisation_id", flat=True
        )
    )


@require_GET
@login_required
def dashboard_start(request: HttpRequest) -> HttpResponse:
    """The organisations whose dashboards the user reads; one leads straight to it."""
    if request.user.is_superuser:
        orgs = list(organisation_list().filter(demo=False)) or list(organisation_list())
    else:
        ids = _role_organisation_ids(request)
        orgs = [
            o for o in organisation_list(ids=list(ids)) if dashboard_units(request.user, o) != set()
        ]
    if len(orgs) == 1:
        return redirect("web:dashboard-org", orgs[0].pk)
    return render(request, "web/dashboard/start.html", {"organisations": orgs})


@require_GET
@login_required
def dashboard_org(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    units = _scope(request, organisation)
    plans, plan = _plans(request, organisation)
    context: dict[str, Any] = {"organisation": organisation, "plans": plans, "plan": plan}
    if plan is None:
        return render(request, "web/dashboard/org.html", {**context, "body": ""})
    earlier = _earlier(plans, plan)
    runs = dashboard_runs(request.user, organisation)
    today = timezone.localdate()
    # the overview is precomputed: kept rendered under the state of everything it reads
    # (the plans' runs, periods, indicators, budgets and this year's values, the units and
    # the reader's scope), so the next reader after any change computes it anew
    state = (
        organisation.pk,
        plan.pk,
        sorted(units) if units is not None else None,
        repr(runs),
        today,
        get_language(),
        plans_state(
            plan_ids=[plan.pk, *(p.pk for p in earlier)],
            values_of=plan.pk,
            year=plan.year,
            units_of=organisation.pk,
        ),
    )
    body = cached(
        "dashboard-org",
        state,
        lambda: render_to_string(
            "web/dashboard/_org_body.html",
            _overview_context(organisation, plan, earlier, units, runs, today),
        ),
    )
    context.update({"body": mark_safe(body), "scoped": units is not None})  # rendered by us
    return render(request, "web/dashboard/org.html", context)


def _overview_context(
    organisation: Organisation,
    plan: Plan,
    earlier: list[Plan],
    units: set[int] | None,
    runs: Q,
    today: datetime.date,
) -> dict[str, Any]:
    overview = ds.organisation_overview(
        organisation=organisation,
        plan=plan,
        earlier_plans=earlier,
        unit_ids=units,
        runs=runs,
        today=today,
    )
    names = [r.unit.name for r in overview.units]
    grade_chart = Chart(
        "grades",
        _("Grades per unit"),
        ChartKind.STACKED_BAR,
        names,
        [
            Series(
                overview.marks.get(c, c) or c, [Decimal(r.grades.get(c, 0)) for r in overview.units]
            )
            for c in overview.codes
        ],
    )
    perspective_chart = Chart(
        "perspectives",
        _("Mean achievement rate by strategic goal (%)")
        if overview.by_goal
        else _("Mean achievement rate by perspective (%)"),
        ChartKind.BAR,
        [name for name, _cell, _n in overview.perspectives],
        [Series(_("achievement"), [cell.value for _name, cell, _n in overview.perspectives])],  # type: ignore[misc]
        unit="%",
    )
    budget_chart = Chart(
        "budget",
        _("Budget share by unit (%)"),
        ChartKind.BAR,
        [r.unit.name for r in overview.units if r.budget_share is not None],
        [
            Series(
                _("share"),
                [r.budget_share.value for r in overview.units if r.budget_share is not None],  # type: ignore[misc]
            )
        ],
        unit="%",
    )
    return {
        "organisation": organisation,
        "plan": plan,
        "overview": overview,
        "grade_svg": _svg(grade_chart, BAR_WIDTH) if overview.run and names else "",
        "perspective_svg": _svg(perspective_chart, BAR_WIDTH) if overview.perspectives else "",
        "budget_svg": _svg(budget_chart, BAR_WIDTH) if overview.budget_total else "",
        "grade_rows": [(r, r.grade_list(overview.codes)) for r in overview.units],
        "grade_headers": [overview.marks.get(c) or c for c in overview.codes],
    }


def _drill_state(what: tuple[str, int], *, plan: Plan, runs: Q, earlier: list[Plan]) -> Any:
    """The state a drill-down page's figures are kept under: the page (``what``), the runs
    the reader may see, the language, and the state of what the rows read (the plans' runs,
    indicators and goals, this plan's values, the units)."""
    return (
        what,
        repr(runs),
        get_language(),
        plans_state(
            plan_ids=[plan.pk, *(p.pk for p in earlier)],
            values_of=plan.pk,
            year=plan.year,
            units_of=plan.organisation_id,
        ),
    )


def _drill_body(
    what: tuple[str, int],
    *,
    plan: Plan,
    indicators: QuerySet[Indicator],
    runs: Q,
    earlier: list[Plan],
    template: str,
    context: Any,
) -> str:
    """A drill-down page's figures, rendered (``template`` with ``context(rows, run)``)
    and kept under :func:`_drill_state`: the rows are computed only when that changes."""

    def build() -> str:
        rows, run = ds.indicator_rows(
            plan=plan, indicators=indicators, runs=runs, earlier_plans=earlier
        )
        return render_to_string(template, {"plan": plan, "run": run, **context(rows, run)})

    return mark_safe(  # rendered by us, escaped there
        cached("dashboard-drill", _drill_state(what, plan=plan, runs=runs, earlier=earlier), build)
    )


def _unit_for(request: HttpRequest, unit: OrgUnit) -> None:
    _in_scope(_scope(request, unit.organisation_id), unit.pk)


@require_GET
@login_required
def dashboard_unit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(OrgUnit.objects.select_related("organisation"), pk=pk)
    _unit_for(request, unit)
    plans, plan = _plans(request, unit.organisation)
    if plan is None:
        raise Http404

    def context(rows: list[ds.IndicatorRow], run: EvaluationRun | None) -> dict[str, Any]:
        by_goal: dict[int, list[ds.IndicatorRow]] = {}
        for row in rows:
            by_goal.setdefault(row.indicator.strategic_goal_id, []).append(row)
        goals = ds.unit_goals(plan=plan, unit=unit)
        return {"sections": [(g, _goal_summary(by_goal.get(g.pk, []))) for g in goals]}

    body = _drill_body(
        ("unit", unit.pk),
        plan=plan,
        indicators=Indicator.objects.filter(plan=plan, owner__unit=unit).order_by("position", "pk"),
        runs=dashboard_runs(request.user, unit.organisation_id),
        earlier=_earlier(plans, plan),
        template="web/dashboard/_unit_body.html",
        context=context,
    )
    return render(
        request,
        "web/dashboard/unit.html",
        {"unit": unit, "plan": plan, "plans": plans, "body": body},
    )


def _goal_summary(rows: list[ds.IndicatorRow]) -> dict[str, int]:
    return {
        "indicators": len(rows),
        "rated": sum(1 for r in rows if r.result is not None and r.result.achievement is not None),
        "met": sum(
            1
            for r in rows
            if r.result is not None
            and r.result.achievement is not None
            and r.result.achievement >= 100
        ),
        "at_risk": sum(1 for r in rows if r.projection is not None and r.projection.at_risk),
    }


@require_GET
@login_required
def dashboard_goal(request: HttpRequest, pk: int) -> HttpResponse:
    goal = get_object_or_404(
        StrategicGoal.objects.select_related("plan__organisation", "owner__unit", "perspective"),
        pk=pk,
    )
    _unit_for(request, goal.owner.unit)
    if not can_view_plan(request.user, goal.plan):
        raise Http404
    plans = ds.dashboard_plans(
        organisation=goal.plan.organisation, visible=visible_plans(request.user)
    )

    def context(rows: list[ds.IndicatorRow], run: EvaluationRun | None) -> dict[str, Any]:
        policies = list(goal.policy_goals.order_by("position", "pk"))
        return {
            "grouped": [
                (p, [r for r in rows if r.indicator.policy_goal_id == p.pk]) for p in policies
            ],
            "direct": [r for r in rows if r.indicator.policy_goal_id is None],
        }

    body = _drill_body(
        ("goal", goal.pk),
        plan=goal.plan,
        indicators=Indicator.objects.filter(strategic_goal=goal).order_by("position", "pk"),
        runs=dashboard_runs(request.user, goal.plan.organisation_id),
        earlier=_earlier(plans, goal.plan),
        template="web/dashboard/_goal_body.html",
        context=context,
    )
    return render(
        request, "web/dashboard/goal.html", {"goal": goal, "plan": goal.plan, "body": body}
    )


@require_GET
@login_required
def dashboard_policy_goal(request: HttpRequest, pk: int) -> HttpResponse:
    policy = get_object_or_404(
        PolicyGoal.objects.select_related("plan__organisation", "strategic_goal__owner__unit"),
        pk=pk,
    )
    goal = policy.strategic_goal
    _unit_for(request, goal.owner.unit)
    if not can_view_plan(request.user, policy.plan):
        raise Http404
    plans = ds.dashboard_plans(
        organisation=policy.plan.organisation, visible=visible_plans(request.user)
    )
    body = _drill_body(
        ("policy", policy.pk),
        plan=policy.plan,
        indicators=Indicator.objects.filter(policy_goal=policy).order_by("position", "pk"),
        runs=dashboard_runs(request.user, policy.plan.organisation_id),
        earlier=_earlier(plans, policy.plan),
        template="web/dashboard/_policy_goal_body.html",
        context=lambda rows, run: {"rows": rows},
    )
    return render(
        request,
        "web/dashboard/policy_goal.html",
        {"policy": policy, "goal": goal, "plan": policy.plan, "body": body},
    )


@require_GET
@login_required
def dashboard_indicator(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(
        Indicator.objects.select_related(
            "plan__organisation",
            "owner__unit",
            "strategic_goal",
            "policy_goal",
            "perspective",
        ),
        pk=pk,
    )
    _unit_for(request, indicator.owner.unit)
    if not can_view_plan(request.user, indicator.plan):
        raise Http404
    organisation_id = indicator.plan.organisation_id
    runs = dashboard_runs(request.user, organisation_id)
    # the definition, projection and trend are kept rendered under the state of the
    # organisation's plans (the cross-year identity links an organisation's own plans: its
    # runs, indicators and every year's values) and the runs the reader may see
    plan_ids = list(
        Plan.objects.filter(organisation_id=organisation_id).values_list("pk", flat=True)
    )
    state = (
        indicator.pk,
        repr(runs),
        get_language(),
        plans_state(plan_ids=plan_ids, values_of=plan_ids, units_of=organisation_id),
    )
    figures = cached("dashboard-indicator", state, lambda: _indicator_figures(indicator, runs))
    # the year's actuals with their evidence and history are read fresh (an upload or a
    # comment leaves the values' state alone)
    values = ds.year_values(indicator=indicator)
    evidence = evidence_by_value(value_ids={v.pk for v in values})
    history = values_history(value_ids=[v.pk for v in values])
    periods = [(v, evidence.get(v.pk, []), history_entries(history.get(v.pk, []))) for v in values]
    return render(
        request,
        "web/dashboard/indicator.html",
        {
            "indicator": indicator,
            "plan": indicator.plan,
            "figures": mark_safe(figures),  # rendered by us, escaped there
            "periods": periods,
        },
    )


def _indicator_figures(indicator: Indicator, runs: Q) -> str:
    trend = ds.indicator_trend(indicator=indicator, runs=runs)
    categories, targets, actuals = trend.series()
    chart = Chart(
        "trend",
        _("Target and actual by year"),
        ChartKind.LINE,
        categories,
        [Series(_("target"), targets), Series(_("actual"), actuals)],
        unit=indicator.unit_of_measure,
    )
    # one indicator's row: four small queries
    rows, _run = ds.indicator_rows(
        plan=indicator.plan, indicators=Indicator.objects.filter(pk=indicator.pk), runs=runs
    )
    return render_to_string(
        "web/dashboard/_indicator_figures.html",
        {
            "indicator": indicator,
            "plan": indicator.plan,
            "trend": trend,
            "trend_svg": _svg(chart, LINE_WIDTH)
            if any(v is not None for v in targets + actuals)
            else "",
            "projection": rows[0].projection if rows else None,
        },
    )


def _peer_groups_for(request: HttpRequest) -> list[PeerGroup]:
    if request.user.is_superuser:
        return list(peer_group_list())
    return list(peer_group_list(organisation_ids=list(_role_organisation_ids(request))))


@require_GET
@login_required
def compare_start(request: HttpRequest) -> HttpResponse:
    """The peer groups of the user's organisations (every group for a superuser)."""
    return render(
        request, "web/dashboard/compare_start.html", {"groups": _peer_groups_for(request)}
    )


@require_GET
@login_required
def compare_peers(request: HttpRequest, pk: int) -> HttpResponse:
    """A peer group's organisations compared on the indicators they share, from published
    runs only (public figures): any signed-in user may read it."""
    group = get_object_or_404(PeerGroup, pk=pk)
    years = ds.peer_years(group=group)
    wanted = request.GET.get("year", "")
    if wanted and (not wanted.isdigit() or int(wanted) not in years):
        raise Http404
    year = int(wanted) if wanted else (years[0] if years else None)
    comparison = ds.peer_comparison(group=group, year=year) if year is not None else None
    return render(
        request,
        "web/dashboard/compare.html",
        {
            "group": group,
            "years": years,
            "year": year,
            "comparison": comparison,
            "member_rows": [(o, comparison.share_met[o.pk]) for o in comparison.members]
            if comparison
            else [],
        },
    )
