from django.contrib import admin

from seonggwa.results.models import Evidence, IndicatorValue

from .base import OrganisationScopedAdmin


class EvidenceInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Evidence
    extra = 0
    readonly_fields = [
        "original_name",
        "content_type",
        "size",
        "sha256",
        "uploaded_by",
        "uploaded_at",
    ]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(OrganisationScopedAdmin):
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
    raw_id_fields = ["indicator"]
    readonly_fields = [
        "version",
        "entered_by",
        "approved_by",
        "approved_at",
        "source_document",
        "source_line",
    ]
    inlines = [EvidenceInline]
