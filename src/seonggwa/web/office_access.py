"""Who reaches the managers' and the evaluation office's pages, asked of the policy once, and
the small things those views share (htmx or not, the conflict page).

A plan the user may not see answers 404, as every plan page does; a page of a role the user
does not hold on a plan they see answers 403."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.functional import Promise

from seonggwa.audit.selectors import last_change
from seonggwa.plans.models import Plan
from seonggwa.policy import APPROVING, can_view_plan, is_central, units_for


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def visible_plan(request: HttpRequest, pk: int) -> Plan:
    """The plan, or 404 when it does not exist or the user may not see it."""
    plan = get_object_or_404(Plan.objects.select_related("organisation"), pk=pk)
    if not can_view_plan(request.user, plan):
        raise Http404
    return plan


def central_plan(request: HttpRequest, pk: int) -> Plan:
    """A plan page of the evaluation office (board, periods): the administrator and the
    evaluation officer of the plan's organisation."""
    plan = visible_plan(request, pk)
    if not is_central(request.user, plan.organisation_id):
        raise PermissionDenied
    return plan


def reviewing_plan(request: HttpRequest, pk: int) -> Plan:
    """The approvals of a plan: unit managers (for their units and below) and the central
    roles; unit staff, committee members and outsiders get 403."""
    plan = visible_plan(request, pk)
    if units_for(request.user, plan, APPROVING) == set():
        raise PermissionDenied
    return plan


Text = str | Promise


@dataclass(frozen=True)
class Conflict:
    """A change refused because the record changed after it was read: what the user asked
    (``mine``), what the record is now (``current``), who changed it last and when, and how
    to ask again with the current version (``action`` with ``fields``)."""

    title: Text
    message: str
    mine: Sequence[tuple[Text, Any]]
    current: Sequence[tuple[Text, Any]]
    change: Any  # the last AuditEvent of the record, or None
    action: str
    fields: dict[str, Any]
    back: str
    again_label: Text
    keep_label: Text


def conflict_page(
    request: HttpRequest,
    *,
    model: str,
    object_pk: int,
    template: str = "web/office/conflict.html",
    context: dict[str, Any] | None = None,
    **conflict: Any,
) -> HttpResponse:
    """Render a :class:`Conflict` (409) with the last change of the record from the audit."""
    found = Conflict(change=last_change(model=model, object_pk=object_pk), **conflict)
    return render(request, template, {"conflict": found, **(context or {})}, status=409)
