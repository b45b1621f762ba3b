from django.contrib import admin

from seonggwa.organisations.models import Organisation, OrgUnit, PlanOwner

from .base import OrganisationScopedAdmin


@admin.register(Organisation)
class OrganisationAdmin(OrganisationScopedAdmin):
    list_display = ["name", "kind", "peer_group"]
    search_fields = ["name"]


@admin.register(OrgUnit)
class OrgUnitAdmin(OrganisationScopedAdmin):
    list_display = [
        "name",
        "organisation",
        "unit_type",
        "parent",
        "valid_from",
        "valid_to",
        "code_prefix",
    ]
    list_filter = ["organisation", "unit_type"]
    search_fields = ["name", "code_prefix"]
    filter_horizontal = ["predecessors"]
    raw_id_fields = ["parent"]


@admin.register(PlanOwner)
class PlanOwnerAdmin(OrganisationScopedAdmin):
    list_display = ["__str__", "unit", "kind"]
    list_filter = ["kind"]
