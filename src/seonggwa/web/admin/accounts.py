from django.contrib import admin

from seonggwa.accounts.models import RoleAssignment

from .base import OrganisationScopedAdmin


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(OrganisationScopedAdmin):
    list_display = ["user", "organisation", "unit", "role"]
    list_filter = ["organisation", "role"]
