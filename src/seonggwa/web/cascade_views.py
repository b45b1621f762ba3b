"""The cascade of a plan's year (``/plans/<pk>/cascade/``): each city goal — a strategic goal
of the year's performance plan — with the department goals and indicators that carry it,
and what carries none. Whoever may see the plan may see it (``policy.can_view_plan``), and
it reads only the plans of the year that reader may see: the public, the confirmed and
closed ones."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from seonggwa.plans.models import Plan
from seonggwa.plans.selectors import plan_cascade
from seonggwa.policy import can_view_plan, visible_plans


def plan_cascade_page(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.select_related("organisation"), pk=pk)
    if not can_view_plan(request.user, plan):
        raise Http404  # as the plan page: a draft's existence is not revealed
    visible = visible_plans(request.user).filter(
        organisation_id=plan.organisation_id, year=plan.year
    )
    cascade = plan_cascade(plan=plan, visible_plan_ids=set(visible.values_list("pk", flat=True)))
    return render(request, "web/cascade.html", {"plan": plan, "cascade": cascade})
