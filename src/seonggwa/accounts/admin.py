from django.contrib import admin

from seonggwa.core.admin import OrganisationScopedAdmin

from .models import RoleAssignment


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(OrganisationScopedAdmin):
    list_display = ["user", "organisation", "unit", "role"]
    list_filter = ["organisation", "role"]
