"""The site's navigation: one list of links that the header's mobile menu and the side
navigation both show (templates read it as ``site_nav``). A page that needs a link of its
own adds it in its template's ``page_nav`` block; a link every signed-in user of some kind
needs belongs here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from seonggwa.accounts.models import RoleAssignment, valid_on
from seonggwa.policy import CENTRAL, ENTERING

# what a visitor who is not signed in may read (docs/portal.md)
PUBLIC_LINKS = [
    (_("Public portal"), "web:portal"),
    (_("Open data"), "web:open-catalogue"),
    (_("Plan list"), "web:home"),
    (_("API reference"), "api-reference"),
]


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url: str
    current: bool = False


def site_navigation(request: HttpRequest) -> list[NavItem]:
    """The links of the signed-in user: my work, the plans, importing a document for the
    evaluation office, and the admin site for staff (the admin site itself decides what each
    staff user may change). Anonymous visitors get what is public: the portal, the open
    data, the published plans and the API reference (the sign-in link is in the header)."""
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    here = f"{match.namespace}:{match.url_name}" if match else ""
    if user is None or not user.is_authenticated:
        return [
            NavItem(label, reverse(name), current=name == here or _within(name, here))
            for label, name in PUBLIC_LINKS
        ]
    links = [(_("My work"), "web:my-work"), (_("Plan list"), "web:home")]
    held = _held_roles(request, user)
    if user.is_superuser or held:
        links.append((_("Consignment evaluation"), "web:consignment-start"))
        links.append((_("Risk register"), "web:risks-start"))
        links.append((_("Ad-hoc reviews"), "web:reviews-start"))
    if user.is_superuser or held & (ENTERING | CENTRAL):
        links.insert(1, (_("Enter actuals"), "web:entry-start"))
        links.append((_("Dashboard"), "web:dashboard"))
    if user.is_superuser or held & CENTRAL:
        links.append((_("Import a document"), "web:import-new"))
        links.append((_("People and units"), "web:people-start"))
        links.append((_("Council questions"), "web:council-start"))
    items = [
        NavItem(label, reverse(name), current=name == here or _within(name, here))
        for label, name in links
    ]
    if user.is_staff:
        items.append(NavItem(_("Manage"), reverse("admin:index")))
    return items


def _held_roles(request: HttpRequest, user: Any) -> set[str]:
    """The roles the user holds anywhere (one query a request, kept on the request)."""
    cached = getattr(request, "_seonggwa_roles", None)
    if cached is None or cached[0] != user.pk:
        roles = set(
            RoleAssignment.objects.filter(
                valid_on(timezone.localdate()), user_id=user.pk
            ).values_list("role", flat=True)
        )
        cached = (user.pk, roles)
        request._seonggwa_roles = cached  # type: ignore[attr-defined]
    return set(cached[1])


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Context processor: ``site_nav`` for the base template."""
    return {"site_nav": site_navigation(request)}


def _within(name: str, here: str) -> bool:
    """A section's start link is current on every page of the section."""
    sections = {"web:portal": "web:portal-", "web:open-catalogue": "web:open-"}
    for section in ("consignment", "risks", "reviews", "council"):
        sections[f"web:{section}-start"] = f"web:{section}-"
    prefix = sections.get(name)
    return prefix is not None and here.startswith(prefix)
