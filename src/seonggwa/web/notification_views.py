"""The signed-in user's notifications (``/notifications/``): newest first, unread marked, in
pages; marking one or all read (POST); and the unread count the header shows on every page
(:func:`notification_badge`, a context processor: read with the user's roles, in the query
the navigation asks anyway)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from seonggwa.accounts.selectors import standing
from seonggwa.notifications.messages import notification_subject, notification_text
from seonggwa.notifications.models import Notification
from seonggwa.notifications.selectors import notification_list
from seonggwa.notifications.services import notification_mark_read

from .office_access import is_htmx

PER_PAGE = 20


@dataclass(frozen=True)
class NotificationItem:
    notification: Notification
    subject: str
    text: str

    @property
    def unread(self) -> bool:
        return self.notification.read_at is None


def _item(note: Notification) -> NotificationItem:
    return NotificationItem(
        note,
        notification_subject(note.kind, note.params),
        notification_text(note.kind, note.params),
    )


def notification_badge(request: HttpRequest) -> dict[str, Any]:
    """Context processor: ``unread_notifications``, the signed-in user's unread count, read
    the first time a template uses it — with the user's roles, in the query the navigation
    and the policy ask anyway (``accounts.selectors.standing``)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: standing(user).unread)}


def _back(request: HttpRequest) -> str:
    page = request.POST.get("page", "")
    url = reverse("web:notifications")
    return f"{url}?page={page}" if page.isdigit() else url


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """GET: the list, 20 to a page. POST: mark every unread notification read."""
    if request.method == "POST":
        count = notification_mark_read(user=request.user)
        messages.success(
            request,
            _("Notifications marked read: %(count)s.") % {"count": count}
            if count
            else _("There were no unread notifications."),
        )
        return redirect(_back(request))
    page = Paginator(notification_list(user=request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "web/notifications/list.html",
        {
            "page": page,
            "items": [_item(n) for n in page.object_list],
            "page_links": list(page.paginator.get_elided_page_range(page.number, on_each_side=2)),
        },
    )


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one of the user's notifications read (another person's answers 404)."""
    note = get_object_or_404(Notification, pk=pk, user=request.user)
    notification_mark_read(user=request.user, ids=[note.pk])
    if is_htmx(request):
        note.refresh_from_db()
        return render(
            request,
            "web/notifications/_item.html",
            {"item": _item(note), "page_number": request.POST.get("page", ""), "announce": True},
        )
    messages.success(request, _("Marked the notification read."))
    return redirect(_back(request))
