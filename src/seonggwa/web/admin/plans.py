from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from seonggwa.plans.models import (
    BudgetProgram,
    Indicator,
    Period,
    Perspective,
    Plan,
    PolicyGoal,
    ProgramCode,
    StrategicGoal,
)
from seonggwa.plans.services import period_lock, period_publish, plan_set_status
from seonggwa.reports.open_data import render_after_publication

from .base import OrganisationScopedAdmin, run_service


@admin.register(Plan)
class PlanAdmin(OrganisationScopedAdmin):
    """The status moves only through the actions (the service checks the lifecycle); the
    evaluation rules only through their page (``plan_rules_update``: versioned, audited)."""

    list_display = ["__str__", "organisation", "year", "kind", "status", "grading_scheme"]
    list_filter = ["organisation", "year", "kind", "status"]
    readonly_fields = [
        "status",
        "version",
        "source_document",
        "source_line",
        "grading_scheme_version",
        "score_steps",
        "default_cap",
    ]
    actions = ["confirm", "close"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Only a draft is deleted: a confirmed plan is public and collects actuals."""
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.status == Plan.Status.DRAFT)

    def _move(self, request: HttpRequest, queryset: QuerySet[Plan], status: str) -> None:
        run_service(
            request,
            Plan.Status(status).label,
            lambda p: plan_set_status(
                user=request.user, plan=p, status=status, expected_version=p.version
            ),
            queryset,
        )

    @admin.action(description=_("Confirm the selected plans"))
    def confirm(self, request: HttpRequest, queryset: QuerySet[Plan]) -> None:
        self._move(request, queryset, Plan.Status.CONFIRMED)

    @admin.action(description=_("Close the selected plans"))
    def close(self, request: HttpRequest, queryset: QuerySet[Plan]) -> None:
        self._move(request, queryset, Plan.Status.CLOSED)


@admin.register(Period)
class PeriodAdmin(OrganisationScopedAdmin):
    """Windows, locks and publication change on the officer's period page or through these
    actions (the services check them); the fields are read-only here."""

    list_display = ["plan", "key", "opens_on", "closes_on", "locked", "published"]
    list_filter = ["plan", "locked", "published"]
    actions = ["lock", "publish"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.concrete_fields if f.name != "id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a period's lock and publication are a record; it is never removed here

    @admin.action(description=_("Lock the selected periods"))
    def lock(self, request: HttpRequest, queryset: QuerySet[Period]) -> None:
        run_service(
            request,
            str(_("locked")),
            lambda p: period_lock(
                user=request.user,
                period=p,
                reason=str(_("locked in the administration")),
                expected_version=p.version,
            ),
            queryset,
        )

    @admin.action(description=_("Publish the selected periods"))
    def publish(self, request: HttpRequest, queryset: QuerySet[Period]) -> None:
        run_service(
            request,
            str(_("published")),
            lambda p: period_publish(user=request.user, period=p, expected_version=p.version),
            queryset,
        )
        render_after_publication(user=request.user)


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
    # the evaluation rules change only on their page (indicator_rules_update: each change
    # makes a new rules version that the next run records)
    readonly_fields = [
        *PlanChildAdmin.readonly_fields,
        "milestone_stages",
        "grade_scores",
        "cap",
        "evaluated_part",
        "not_rated",
        "not_rated_bucket",
        "rules_version",
    ]


@admin.register(BudgetProgram)
class BudgetProgramAdmin(PlanChildAdmin):
    list_display = ["name", "owner", "kind", "budget", "previous_budget", "settlement", "plan"]
    search_fields = ["name"]
