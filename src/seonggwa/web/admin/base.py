"""Admin base: staff see and change only the organisations where they are administrator or
evaluation officer (``policy.administered_organisation_ids``); superusers see everything.
How a model reaches its organisation comes from the ownership registry
(``seonggwa.core.ownership``). Nothing of a closed plan can be changed or deleted here, and
the workflow (statuses, approvals, locks, periods) is read-only: its admin actions call the
services, which ask the policy. Admin writes are audited by the signals with the request's
user (see ``seonggwa.audit.middleware``)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest

from seonggwa.core.errors import ServiceError
from seonggwa.core.ownership import owned
from seonggwa.plans.models import Plan
from seonggwa.policy import administered_organisation_ids


def plan_of(obj: Any) -> Plan | None:
    """The plan an object belongs to (itself, its plan, or its indicator's plan)."""
    if isinstance(obj, Plan):
        return obj
    for path in ("plan", "indicator.plan", "value.indicator.plan", "strategic_goal.plan"):
        current: Any = obj
        try:
            for part in path.split("."):
                current = getattr(current, part)
        except Exception:
            continue
        if isinstance(current, Plan):
            return current
    return None


def closed(obj: Any) -> bool:
    plan = plan_of(obj) if obj is not None else None
    return plan is not None and plan.pk is not None and plan.status == Plan.Status.CLOSED


def run_service(request: HttpRequest, done: str, call: Any, objects: Any) -> None:
    """Run a service for each selected object as the request's user and report the outcome
    (an admin action calls the services; it changes nothing itself)."""
    ok = 0
    for obj in objects:
        try:
            call(obj)
        except ServiceError as exc:
            messages.error(request, f"{obj}: {exc}")
        else:
            ok += 1
    if ok:
        messages.success(request, f"{done}: {ok}")


class OrganisationScopedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def organisation_path(self) -> str:
        """Lookup from this model to its organisation id, e.g. ``plan__organisation_id``."""
        return owned(self.model._meta.label).lookup_id

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(
            **{f"{self.organisation_path()}__in": administered_organisation_ids(request.user)}
        )

    def _scope_choices(self, db_field: Any, request: HttpRequest, kwargs: dict[str, Any]) -> None:
        """Form choices (and so what a form accepts) stop at the user's organisations."""
        try:
            path = owned(db_field.related_model._meta.label).lookup_id
        except KeyError:  # not an organisation's model (e.g. users)
            return
        if request.user.is_superuser:
            return
        queryset = kwargs.get("queryset", db_field.related_model._default_manager.all())
        kwargs["queryset"] = queryset.filter(
            **{f"{path}__in": administered_organisation_ids(request.user)}
        )

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        self._scope_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        self._scope_choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _allowed(self, request: HttpRequest, obj: Any = None) -> bool:
        if request.user.is_superuser:
            return True
        ids = administered_organisation_ids(request.user)
        if not ids:
            return False
        if obj is None:
            return True
        return (
            type(obj)
            ._default_manager.filter(pk=obj.pk, **{f"{self.organisation_path()}__in": ids})
            .exists()
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_staff and self._allowed(request))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(
            request.user.is_active and request.user.is_staff and self._allowed(request, obj)
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_view_permission(request, obj) and not closed(obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_view_permission(request, obj) and not closed(obj)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if closed(obj):  # a closed plan refuses every change (also a new row chosen into it)
            raise DjangoPermissionDenied
        super().save_model(request, obj, form, change)


class ReadOnlyAdmin(OrganisationScopedAdmin):
    """A record that changes only through the services (values) or is what a document said
    (imported documents, their declared figures and findings): shown, never edited here."""

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.concrete_fields if f.name != "id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
