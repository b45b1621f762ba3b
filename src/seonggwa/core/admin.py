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


# How to reach the organisation id from each scoped model (for querysets and form choices).
ORGANISATION_PATHS = {
    "organisations.Organisation": "id",
    "organisations.OrgUnit": "organisation_id",
    "organisations.PlanOwner": "unit__organisation_id",
    "plans.Plan": "organisation_id",
    "plans.Perspective": "plan__organisation_id",
    "plans.StrategicGoal": "plan__organisation_id",
    "plans.PolicyGoal": "plan__organisation_id",
    "plans.ProgramCode": "plan__organisation_id",
    "plans.Indicator": "plan__organisation_id",
    "plans.BudgetProgram": "plan__organisation_id",
    "results.IndicatorValue": "indicator__plan__organisation_id",
    "sources.SourceDocument": "organisation_id",
}


class OrganisationScopedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    #: lookup from this model to its organisation id, e.g. "plan__organisation_id"
    organisation_path = "organisation_id"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(**{f"{self.organisation_path}__in": managed_organisation_ids(request)})

    def _scope_choices(self, db_field: Any, request: HttpRequest, kwargs: dict[str, Any]) -> None:
        """Form choices (and so what a form accepts) stop at the user's organisations."""
        path = ORGANISATION_PATHS.get(db_field.related_model._meta.label)
        if path is None or request.user.is_superuser:
            return
        queryset = kwargs.get("queryset", db_field.related_model._default_manager.all())
        kwargs["queryset"] = queryset.filter(**{f"{path}__in": managed_organisation_ids(request)})

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        self._scope_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        self._scope_choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

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
