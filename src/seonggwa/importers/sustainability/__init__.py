"""Importer for the sustainability tables of seed 003 (domain.md §4.7): ``parse`` (text ->
plain records with line numbers, pure) and the loading service
:func:`seonggwa.frameworks.services.sustainability_import`."""

from seonggwa.importers.sustainability.parse import (
    CoreIndicatorRecord,
    CountTable,
    CriterionRecord,
    FieldRecord,
    StrategyRecord,
    SustainabilityDocument,
    TaskCountRecord,
    TaskRecord,
    parse,
)

__all__ = [
    "CoreIndicatorRecord",
    "CountTable",
    "CriterionRecord",
    "FieldRecord",
    "StrategyRecord",
    "SustainabilityDocument",
    "TaskCountRecord",
    "TaskRecord",
    "parse",
]
