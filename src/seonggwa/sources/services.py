"""Writes for imported documents' findings: ``seonggwa check``."""

from __future__ import annotations

from django.db import transaction

from seonggwa.engine.findings import Finding, Severity
from seonggwa.importers.detect import TEXT_FORMATS
from seonggwa.importers.load import findings_write
from seonggwa.importers.tables import FindingRow, document_from_tables
from seonggwa.plans.models import Plan

from .models import Finding as StoredFinding
from .selectors import plan_tables

__all__ = ["plan_check"]


@transaction.atomic
def plan_check(*, plan: Plan) -> list[Finding]:
    """Run the format's validation again on the stored rows and replace the stored rule
    findings of ``plan``. Findings raised while reading the document (they need the text,
    which is not stored) are kept. Returns all findings of the plan, in order."""
    tables = plan_tables(plan=plan)
    doc = document_from_tables(tables)
    validate = TEXT_FORMATS[doc.format][0].validate
    kept = {id(f) for f in doc.findings}
    fresh = [f for f in validate(doc) if id(f) not in kept]
    StoredFinding.objects.filter(plan=plan, stage=StoredFinding.Stage.CHECK).delete()
    start = max((f.position for f in tables.findings if f.from_document), default=-1) + 1
    findings_write(
        plan=plan,
        rows=[
            FindingRow(
                severity=str(f.severity),
                code=f.code,
                message=f.message,
                unit_label=f.unit or "",
                line=f.line,
                position=start + n,
                from_document=False,
                details=dict(f.details),
            )
            for n, f in enumerate(fresh)
        ],
        document=plan.documents.order_by("-imported_at", "-pk").first(),
    )
    return [
        Finding(
            severity=Severity(f.severity),
            code=f.code,
            message=f.message,
            unit=f.unit_label or None,
            line=f.line,
            details=dict(f.details),
        )
        for f in StoredFinding.objects.filter(plan=plan).order_by("position", "pk")
    ]
