"""The sustainability framework of a plan of kind ``sust`` (``/plans/<pk>/sustainability/``):
fields with their goals, strategies and tasks, the core indicators' 달성도 with the field
means and the overall mean of the field means (R13), and the implementation plan's counts
per task with the totals (R14). Whoever may see the plan may see it
(``policy.can_view_plan``)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from seonggwa.frameworks.selectors import field_tree, framework_for_plan, sustainability_summary
from seonggwa.plans.models import Plan
from seonggwa.policy import can_view_plan


def sustainability_page(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.select_related("organisation"), pk=pk)
    if not can_view_plan(request.user, plan):
        raise Http404  # as the plan page: a draft's existence is not revealed
    framework = framework_for_plan(plan)
    if framework is None:
        raise Http404
    summary = sustainability_summary(framework)
    fields = field_tree(framework)
    core = {name: [r for r in summary.core if r.field == name] for name in summary.field_means}
    counts = {c.field: c for c in summary.counts}
    sections = [
        {
            "field": f,
            "core": core.get(f.name, []),
            "mean": summary.field_means.get(f.name),
            "counts": counts.get(f.name),
        }
        for f in fields
    ]
    return render(
        request,
        "web/sustainability.html",
        {"plan": plan, "framework": framework, "summary": summary, "sections": sections},
    )
