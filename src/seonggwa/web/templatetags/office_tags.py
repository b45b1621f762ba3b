"""Links to the managers' and the evaluation office's pages of a plan, for the people who may
use them (asked of the policy): ``{% plan_office_links plan as links %}``."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from seonggwa.plans.models import Plan
from seonggwa.policy import APPROVING, ENTERING, is_central, roles_of, units_for

from ..navigation import NavItem

register = template.Library()


@register.simple_tag(takes_context=True)
def plan_office_links(context: Any, plan: Any) -> list[NavItem]:
    """Approvals for unit managers and the central roles; the status board, the periods and
    the plan's status, and importing a document, for the central roles."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    # the side navigation and the page's actions both ask: read once per request and plan
    cache: dict[int, list[NavItem]] = request.__dict__.setdefault("_seonggwa_office_links", {})
    if plan.pk not in cache:
        cache[plan.pk] = _office_links(request, user, plan)
    return cache[plan.pk]


def _office_links(request: Any, user: Any, plan: Any) -> list[NavItem]:
    match = getattr(request, "resolver_match", None)
    here = match.url_name if match else ""
    links: list[tuple[Any, str, set[str]]] = []
    if units_for(user, plan, APPROVING) != set():
        links.append(
            (
                _("Actuals to approve"),
                reverse("web:approvals", args=[plan.pk]),
                {"approvals", "approval-reject"},
            )
        )
    if is_central(user, plan.organisation_id):
        links.append((_("Status board"), reverse("web:board", args=[plan.pk]), {"board"}))
        links.append(
            (
                _("Periods and status"),
                reverse("web:periods", args=[plan.pk]),
                {"periods", "period-detail", "plan-status"},
            )
        )
        links.append(
            (
                _("Evaluation runs"),
                reverse("web:evaluation-runs", args=[plan.pk]),
                {"evaluation-runs", "evaluation-run", "evaluation-objections"},
            )
        )
        links.append((_("Committee"), reverse("web:committee", args=[plan.pk]), {"committee"}))
        links.append(
            (
                _("Evaluation rules"),
                reverse("web:evaluation-rules", args=[plan.pk]),
                {"evaluation-rules", "evaluation-indicator-rules"},
            )
        )
        if plan.kind == Plan.Kind.SUSTAINABILITY:
            links.append(
                (
                    _("Implementation indicators"),
                    reverse("web:sustainability-implementation", args=[plan.pk]),
                    {"sustainability-implementation", "sustainability-implementation-edit"},
                )
            )
            links.append(
                (
                    _("Implementation grades"),
                    reverse("web:sustainability-grades", args=[plan.pk]),
                    {"sustainability-grades"},
                )
            )
        query = urlencode({"organisation": plan.organisation_id, "year": plan.year})
        links.append((_("Import a document"), f"{reverse('web:import-new')}?{query}", set()))
    links.extend(_planning_links(user, plan))
    return [NavItem(label, url, current=here in names) for label, url, names in links]


def _planning_links(user: Any, plan: Any) -> list[tuple[Any, str, set[str]]]:
    """The planning round of a draft plan (its units and the office), starting next year's
    from a confirmed or closed plan (the office), a confirmed plan's change requests (its
    units and the office) and versions (the organisation's people)."""
    central = is_central(user, plan.organisation_id)
    drafts = central or units_for(user, plan, ENTERING) != set()
    links: list[tuple[Any, str, set[str]]] = []
    # one query: this plan's round, and whether next year's plan exists
    found = {
        year: round_pk
        for year, round_pk in Plan.objects.filter(
            organisation_id=plan.organisation_id,
            kind=plan.kind,
            year__in=[plan.year, plan.year + 1],
        ).values_list("year", "planning_round__pk")
    }
    round_pk = found.get(plan.year)
    if round_pk is not None and drafts:
        links.append(
            (
                _("Planning round"),
                reverse("web:planning-round", args=[round_pk]),
                {"planning-round", "planning-draft"},
            )
        )
    if central and plan.status != "draft" and plan.year + 1 not in found:
        links.append(
            (_("Plan next year"), reverse("web:planning-open", args=[plan.pk]), {"planning-open"})
        )
    if plan.status == "confirmed" and drafts:
        links.append(
            (_("Change requests"), reverse("web:plan-changes", args=[plan.pk]), {"plan-changes"})
        )
    if round_pk is not None and (central or roles_of(user, plan.organisation_id)):
        links.append(
            (_("Plan versions"), reverse("web:plan-versions", args=[plan.pk]), {"plan-versions"})
        )
    return links
