"""Links to the managers' and the evaluation office's pages of a plan, for the people who may
use them (asked of the policy): ``{% plan_office_links plan as links %}``."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from seonggwa.policy import APPROVING, is_central, units_for

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
        query = urlencode({"organisation": plan.organisation_id, "year": plan.year})
        links.append((_("Import a document"), f"{reverse('web:import-new')}?{query}", set()))
    return [NavItem(label, url, current=here in names) for label, url, names in links]
