"""Writes for notifications: tell people, in the app and by e-mail, once.

A notification is created inside the caller's transaction; its e-mail goes out after the
transaction commits (Django's e-mail backend: the console by default, SMTP by settings).
A notification with a ``dedupe_key`` is created at most once per person, so reminders can
run again and again (``seonggwa remind``)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from .messages import notification_subject, notification_text
from .models import Notification

__all__ = ["notification_mark_read", "notify"]

log = logging.getLogger(__name__)


def notify(
    *,
    users: Iterable[Any],
    kind: str,
    params: dict[str, Any],
    link: str = "",
    organisation_id: int | None = None,
    dedupe_key: str = "",
) -> list[Notification]:
    """Create one notification per user (skipping inactive users and, with a
    ``dedupe_key``, users who already have it) and e-mail those with an address."""
    created: list[Notification] = []
    for user in {u.pk: u for u in users if getattr(u, "is_active", False)}.values():
        if dedupe_key and Notification.objects.filter(user=user, dedupe_key=dedupe_key).exists():
            continue
        try:
            with transaction.atomic():
                created.append(
                    Notification.objects.create(
                        user=user,
                        kind=kind,
                        params={k: str(v) for k, v in params.items()},
                        link=link,
                        organisation_id_ref=organisation_id,
                        dedupe_key=dedupe_key,
                    )
                )
        except IntegrityError:  # the same reminder created by a concurrent run
            continue
        user.__dict__.pop("_seonggwa_roles", None)  # its unread count, read with its roles
    ids = [n.pk for n in created]
    if ids:
        transaction.on_commit(lambda: _email(ids))
    return created


def _email(ids: list[int]) -> None:
    for note in Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).select_related(
        "user"
    ):
        if not note.user.email:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            subject = notification_subject(note.kind, note.params)
            body = notification_text(note.kind, note.params)
        if note.link:
            body += f"\n\n{settings.SEONGGWA_SITE_URL.rstrip('/')}{note.link}"
        try:
            send_mail(subject, body, None, [note.user.email])
        except Exception:  # a mail server that is down must not undo the work
            log.exception("could not e-mail notification %s", note.pk)
            continue
        Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())


def notification_mark_read(*, user: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all, or those ``ids``); returns how many."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    # the unread count is read once per user object with its roles (accounts.selectors.
    # standing): a page rendered after this, in the same request, counts again
    user.__dict__.pop("_seonggwa_roles", None)
    return qs.update(read_at=timezone.now())
