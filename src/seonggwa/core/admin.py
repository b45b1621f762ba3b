"""Admin base: staff see and change only the organisations where they are administrator or
evaluation officer; superusers see everything. Admin writes are audited by the signals with
the request's user (see ``seonggwa.audit.middleware``)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest


def managed_organisation_ids(request: HttpRequest) -> list[int]:
    from seonggwa.accounts.models import Role, RoleAssignment

    return list(
        RoleAssignment.objects.filter(
            user=request.user, role__in=[Role.ADMINISTRATOR, Role.EVALUATION_OFFICER]
        ).values_list("organisation_id", flat=True)
    )


class OrganisationScopedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    #: lookup from this model to its organisation id, e.g. "plan__organisation_id"
    organisation_path = "organisation_id"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(**{f"{self.organisation_path}__in": managed_organisation_ids(request)})

    def _allowed(self, request: HttpRequest, obj: Any = None) -> bool:
        if request.user.is_superuser:
            return True
        ids = managed_organisation_ids(request)
        if not ids:
            return False
        if obj is None:
            return True
        return (
            type(obj)
            ._default_manager.filter(pk=obj.pk, **{f"{self.organisation_path}__in": ids})
            .exists()
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_staff and self._allowed(request))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(
            request.user.is_active and request.user.is_staff and self._allowed(request, obj)
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_view_permission(request, obj)
