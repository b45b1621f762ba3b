"""Server-rendered pages. Views only check access and call selectors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from seonggwa.core.readcache import cached
from seonggwa.evaluation.read_state import plans_state, run_state
from seonggwa.evaluation.selectors import latest_published_run
from seonggwa.plans.models import Plan
from seonggwa.policy import can_see_unapproved, can_view_plan, visible_plans
from seonggwa.reports.build import report_kinds_readable
from seonggwa.results.selectors import plan_tree

from .my_work import work_sections
from .selectors import published_result_rows


def home(request: HttpRequest) -> HttpResponse:
    plans = visible_plans(request.user).order_by("organisation__name", "-year", "kind")
    return render(request, "web/home.html", {"plans": plans})


def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.select_related("organisation"), pk=pk)
    if not can_view_plan(request.user, plan):
        # Not revealing whether a draft exists: the same answer as a missing plan.
        raise Http404
    # The public (and anyone outside the organisation) sees approved actuals of published
    # periods only, without statuses or graded documents (docs/workflow.md).
    public = not can_see_unapproved(request.user, plan)
    # the published evaluation results (평가 결과), for everyone who may see the plan
    published = latest_published_run(plan=plan)
    # the plan's tables are kept rendered under the state of what they show: the plan, its
    # periods' publication, goals, indicators, budget programs and values, and the units
    state = (
        plan.pk,
        public,
        get_language(),
        plans_state(
            plan_ids=[plan.pk],
            values_of=plan.pk,
            units_of=plan.organisation_id,
            public_values=public,
        ),
    )
    tree_html = cached(
        "plan-tree",
        state,
        lambda: render_to_string(
            "web/_plan_tree.html", {"tree": plan_tree(plan=plan, public=public), "public": public}
        ),
    )
    owners = (
        cached(
            "published-owners", run_state(published), lambda: published_result_rows(run=published)
        )
        if published
        else []
    )
    return render(
        request,
        "web/plan_detail.html",
        {
            "tree_html": mark_safe(tree_html),  # rendered by us, escaped there
            "plan": plan,
            "public": public,
            "report_kinds": report_kinds_readable(
                plan, request.user, public=public, published=published is not None
            ),
            "published_run": published,
            "published_owners": owners,
        },
    )


@login_required
def my_work(request: HttpRequest) -> HttpResponse:
    """The page after signing in: the sections of each role the user holds (``my_work``)."""
    return render(request, "web/my_work.html", {"sections": work_sections(request.user)})


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 400 page (``handler400``): a malformed request, nothing saved."""
    return render(request, "400.html", status=400)
