from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from seonggwa.results.models import Evidence, IndicatorValue
from seonggwa.results.services import actual_approve

from .base import ReadOnlyAdmin, run_service


class EvidenceInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Evidence
    extra = 0
    can_delete = False
    readonly_fields = [
        "original_name",
        "content_type",
        "size",
        "sha256",
        "uploaded_by",
        "uploaded_at",
    ]
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ReadOnlyAdmin):
    """Values are entered, submitted, approved and returned through the services (the web
    pages); here they are read, and submitted actuals can be approved in bulk."""

    list_display = [
        "indicator",
        "kind",
        "year",
        "quarter",
        "month",
        "raw_text",
        "value",
        "qualifier",
        "status",
        "version",
    ]
    list_filter = ["kind", "status", "qualifier", "year"]
    search_fields = ["indicator__name", "raw_text"]
    inlines = [EvidenceInline]
    actions = ["approve"]

    @admin.action(description=_("Approve the selected submitted actuals"))
    def approve(self, request: HttpRequest, queryset: QuerySet[IndicatorValue]) -> None:
        run_service(
            request,
            str(_("approved")),
            lambda v: actual_approve(value=v, expected_version=v.version, user=request.user),
            queryset.filter(kind=IndicatorValue.Kind.ACTUAL),
        )
