"""The audit of accounts and sign-ins, whoever makes the change: a service, the admin
(Django's user pages), ``createsuperuser`` or a shell.

Accounts belong to no one organisation, so an event about a person is recorded once in each
organisation where they have ever held a role (once without an organisation when they hold
none): each evaluation office sees what happened to its people. Never a password or its hash:
a new password is recorded as ``password: [None, "changed"]``; a failed sign-in keeps the user
name that was tried and the address it came from.

A service that records its own, more telling event (``accounts.services._audit_person``)
marks the person with :func:`audited_by_service` so the change is not recorded twice."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.http import HttpRequest

from seonggwa.audit.context import current_actor, is_muted
from seonggwa.audit.models import AuditEvent

from .models import RoleAssignment

__all__ = ["audited_by_service", "person_audit"]

# what an account change records (the password only as "changed"; last_login is the sign-in)
WATCHED = ("username", "email", "first_name", "last_name", "is_active", "is_staff", "is_superuser")
_MARK = "_seonggwa_audited_by_service"


def audited_by_service(person: Any) -> None:
    """The next save of ``person`` is recorded by the calling service itself."""
    setattr(person, _MARK, True)


def _organisation_ids(person_pk: Any) -> list[int | None]:
    ids = sorted(
        set(
            RoleAssignment.objects.filter(user_id=person_pk).values_list(
                "organisation_id", flat=True
            )
        )
    )
    return list(ids) or [None]


def person_audit(
    action: str,
    *,
    person_pk: Any,
    person_repr: str,
    changes: dict[str, Any],
    actor: Any = None,
    actor_label: str | None = None,
) -> None:
    """One event per organisation of the person (one query to find them, one to write)."""
    if actor_label is None:
        actor, actor_label = current_actor()
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=actor if getattr(actor, "pk", None) else None,
                actor_label=actor_label[:150],
                action=action,
                model=get_user_model()._meta.label,
                object_pk="" if person_pk is None else str(person_pk),
                object_repr=person_repr[:300],
                organisation_id_ref=org_id,
                changes=changes,
            )
            for org_id in (_organisation_ids(person_pk) if person_pk is not None else [None])
        ]
    )


def on_user_pre_save(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw or is_muted() or instance.pk is None:
        return
    before = sender._default_manager.filter(pk=instance.pk).values(*WATCHED, "password").first()
    instance._seonggwa_before = before


def on_user_post_save(
    sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if raw or is_muted():
        return
    if getattr(instance, _MARK, False):
        delattr(instance, _MARK)
        return
    before = getattr(instance, "_seonggwa_before", None)
    instance._seonggwa_before = None
    if created or before is None:
        changes: dict[str, Any] = {f: [None, getattr(instance, f)] for f in WATCHED}
        if instance.has_usable_password():
            changes["password"] = [None, "set"]
        action = AuditEvent.Action.CREATE
    else:
        changes = {
            f: [before[f], getattr(instance, f)]
            for f in WATCHED
            if before[f] != getattr(instance, f)
        }
        if before["password"] != instance.password:
            changes["password"] = [None, "changed"]
        action = AuditEvent.Action.UPDATE
    if changes:
        person_audit(
            action,
            person_pk=instance.pk,
            person_repr=instance.get_username(),
            changes=changes,
        )


def on_user_m2m_changed(
    sender: Any, instance: Any, action: str, pk_set: set[Any] | None, **kwargs: Any
) -> None:
    """Django groups and permissions given or taken in the admin."""
    if is_muted() or action not in ("post_add", "post_remove", "post_clear"):
        return
    if not isinstance(instance, get_user_model()):
        return
    field = "groups" if sender is get_user_model().groups.through else "user_permissions"
    ids = sorted(pk_set or [])
    change = {"post_add": [None, ids], "post_remove": [ids, None], "post_clear": ["all", None]}
    person_audit(
        AuditEvent.Action.UPDATE,
        person_pk=instance.pk,
        person_repr=instance.get_username(),
        changes={field: change[action]},
    )


def _address(request: HttpRequest | None) -> str:
    return str((request.META.get("REMOTE_ADDR") if request is not None else "") or "")


def on_user_logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    person_audit(
        AuditEvent.Action.LOGIN,
        person_pk=user.pk,
        person_repr=user.get_username(),
        changes={"ip": [None, _address(request)]},
        actor=user,
        actor_label=user.get_username(),
    )


def on_user_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """Only the user name tried and the address: the credentials' other entries (the
    password) are never read."""
    User = get_user_model()
    tried = str(credentials.get(User.USERNAME_FIELD) or credentials.get("username") or "")
    known = User._default_manager.filter(**{User.USERNAME_FIELD: tried}).first() if tried else None
    person_audit(
        AuditEvent.Action.LOGIN_FAILED,
        person_pk=known.pk if known is not None else None,
        person_repr=tried,
        changes={"username": [None, tried[:150]], "ip": [None, _address(request)]},
        actor=None,
        actor_label="anonymous",
    )


def connect() -> None:
    User = get_user_model()
    pre_save.connect(on_user_pre_save, sender=User, dispatch_uid="seonggwa_user_pre_save")
    post_save.connect(on_user_post_save, sender=User, dispatch_uid="seonggwa_user_post_save")
    m2m_changed.connect(
        on_user_m2m_changed, sender=User.groups.through, dispatch_uid="seonggwa_user_groups"
    )
    m2m_changed.connect(
        on_user_m2m_changed,
        sender=User.user_permissions.through,
        dispatch_uid="seonggwa_user_permissions",
    )
    user_logged_in.connect(on_user_logged_in, dispatch_uid="seonggwa_audit_login")
    user_login_failed.connect(on_user_login_failed, dispatch_uid="seonggwa_audit_login_failed")
