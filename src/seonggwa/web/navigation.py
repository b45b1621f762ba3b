"""The site's navigation: one list of links that the header's mobile menu and the side
navigation both show (templates read it as ``site_nav``). A page that needs a link of its
own adds it in its template's ``page_nav`` block; a link every signed-in user of some kind
needs belongs here."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from seonggwa.accounts.selectors import standing
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
        links = _public_links(get_script_prefix(), get_urlconf())
    else:
        links = _links(
            standing(user).roles,
            user.is_superuser,
            user.is_staff,
            get_script_prefix(),
            get_urlconf(),
        )
    return [
        NavItem(label, url, current=name == here or _within(name, here))
        for label, name, url in links
    ]


@functools.lru_cache(maxsize=8)
def _public_links(prefix: str, urlconf: Any) -> tuple[tuple[str | Promise, str, str], ...]:
    return tuple((label, name, reverse(name)) for label, name in PUBLIC_LINKS)


@functools.lru_cache(maxsize=256)
def _links(
    held: frozenset[str], superuser: bool, staff: bool, prefix: str, urlconf: Any
) -> tuple[tuple[str | Promise, str, str], ...]:
    """(label, URL name, URL) of a signed-in user's links: the same for everyone holding the
    same roles, so worked out (and reversed) once per process. The labels stay lazy: each
    request reads them in its own language."""
    links = [(_("My work"), "web:my-work"), (_("Plan list"), "web:home")]
    if superuser or held:
        links.append((_("Consignment evaluation"), "web:consignment-start"))
        links.append((_("Risk register"), "web:risks-start"))
        links.append((_("Ad-hoc reviews"), "web:reviews-start"))
    if superuser or held & (ENTERING | CENTRAL):
        links.insert(1, (_("Enter actuals"), "web:entry-start"))
        links.append((_("Dashboard"), "web:dashboard"))
    if superuser or held & CENTRAL:
        links.append((_("Import a document"), "web:import-new"))
        links.append((_("People and units"), "web:people-start"))
        links.append((_("Council questions"), "web:council-start"))
    out = [(label, name, reverse(name)) for label, name in links]
    if staff:
        out.append((_("Manage"), "admin:index", reverse("admin:index")))
    return tuple(out)


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
