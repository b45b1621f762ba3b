from django.contrib import admin

from seonggwa.plans.models import (
    BudgetProgram,
    Indicator,
    Perspective,
    Plan,
    PolicyGoal,
    ProgramCode,
    StrategicGoal,
)

from .base import OrganisationScopedAdmin


@admin.register(Plan)
class PlanAdmin(OrganisationScopedAdmin):
    list_display = ["__str__", "organisation", "year", "kind", "status", "grading_scheme"]
    list_filter = ["organisation", "year", "kind", "status"]
    readonly_fields = ["version", "source_document", "source_line"]


class PlanChildAdmin(OrganisationScopedAdmin):
    list_filter = ["plan"]
    readonly_fields = ["source_document", "source_line"]


@admin.register(Perspective)
class PerspectiveAdmin(PlanChildAdmin):
    list_display = ["name", "weight", "owner", "plan"]


@admin.register(StrategicGoal)
class StrategicGoalAdmin(PlanChildAdmin):
    list_display = ["code", "name", "owner", "plan", "program_amount"]
    search_fields = ["name", "code"]


@admin.register(PolicyGoal)
class PolicyGoalAdmin(PlanChildAdmin):
    list_display = ["code", "name", "strategic_goal", "plan"]
    search_fields = ["name", "code"]


@admin.register(ProgramCode)
class ProgramCodeAdmin(PlanChildAdmin):
    list_display = ["code", "unit", "title", "plan"]
    search_fields = ["code", "title"]


@admin.register(Indicator)
class IndicatorAdmin(PlanChildAdmin):
    list_display = [
        "code",
        "name",
        "owner",
        "unit_of_measure",
        "weight",
        "direction",
        "measure",
        "is_cumulative",
        "plan",
    ]
    list_filter = ["plan", "direction", "measure", "is_cumulative"]
    search_fields = ["name", "code"]
    raw_id_fields = ["strategic_goal", "policy_goal", "perspective", "parent"]
    filter_horizontal = ["program_codes"]


@admin.register(BudgetProgram)
class BudgetProgramAdmin(PlanChildAdmin):
    list_display = ["name", "owner", "kind", "budget", "previous_budget", "settlement", "plan"]
    search_fields = ["name"]
