"""The risk register in the admin: read-only lists (issues, press items and monthly reports
change through the services of the risk pages, which ask the policy)."""

from django.contrib import admin

from seonggwa.risks.models import PressItem, RiskIssue, RiskMonth

from .base import ReadOnlyAdmin


@admin.register(RiskMonth)
class RiskMonthAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "organisation", "source_line"]


@admin.register(RiskIssue)
class RiskIssueAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "month", "importance", "status", "handling", "owner_unit"]
    list_filter = ["status", "importance", "handling"]
    search_fields = ["title"]


@admin.register(PressItem)
class PressItemAdmin(ReadOnlyAdmin):
    list_display = ["headline", "outlet", "date", "issue"]
    search_fields = ["headline", "outlet"]
