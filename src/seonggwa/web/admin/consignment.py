"""The consignment evaluation in the admin: read-only lists (scores, rounds and contract
events change through the services of the consignment pages, which ask the policy)."""

from django.contrib import admin

from seonggwa.consignment.models import (
    ConsignedService,
    ContractEvent,
    EvaluationRound,
    EvaluationYear,
    ServiceScore,
)

from .base import ReadOnlyAdmin


@admin.register(ConsignedService)
class ConsignedServiceAdmin(ReadOnlyAdmin):
    list_display = ["name", "department_label", "contractor", "annual_cost", "organisation"]
    search_fields = ["name", "contractor"]


@admin.register(EvaluationYear)
class EvaluationYearAdmin(ReadOnlyAdmin):
    list_display = ["year", "organisation", "declared_count", "declared_average"]


@admin.register(EvaluationRound)
class EvaluationRoundAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "opens_on", "closes_on", "is_open"]


@admin.register(ServiceScore)
class ServiceScoreAdmin(ReadOnlyAdmin):
    list_display = ["service", "round", "evaluator", "score", "remark", "source_line"]


@admin.register(ContractEvent)
class ContractEventAdmin(ReadOnlyAdmin):
    list_display = ["service", "kind", "date", "note"]
    list_filter = ["kind"]
