from django.contrib import admin

from seonggwa.accounts.models import RoleAssignment

from .base import OrganisationScopedAdmin


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(OrganisationScopedAdmin):
    list_display = ["user", "organisation", "unit", "role", "valid_from", "valid_to"]
    list_filter = ["organisation", "role"]
