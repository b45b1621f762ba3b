"""Reads for provenance: a plan's documents and stored findings."""

from __future__ import annotations

from django.db.models import QuerySet

from seonggwa.engine.findings import Finding, Severity
from seonggwa.plans.models import Plan

from .models import SourceDocument, StoredFinding

__all__ = ["plan_document", "plan_findings", "stored_findings"]


def plan_document(*, plan: Plan) -> SourceDocument | None:
    """The document the plan's rows were read from (a workbook's original, if known)."""
    if plan.source_document_id is not None:
        return plan.source_document
    return plan.documents.exclude(format="xlsx").order_by("pk").first()


def stored_findings(*, plan: Plan) -> QuerySet[StoredFinding]:
    """The plan's stored findings in their order."""
    return StoredFinding.objects.filter(plan=plan).order_by("position", "pk")


def plan_findings(*, plan: Plan) -> list[Finding]:
    """The plan's stored findings as the engine's :class:`Finding` records, in order."""
    return [
        Finding(
            severity=Severity(f.severity),
            code=f.code,
            message=f.message,
            unit=f.unit_label or None,
            line=f.line,
            details=dict(f.details),
        )
        for f in stored_findings(plan=plan)
    ]
