"""Writes for provenance: the findings stored for a plan and its document."""

from __future__ import annotations

from collections.abc import Sequence

from seonggwa.engine.findings import Finding
from seonggwa.plans.models import Plan

from .models import SourceDocument, StoredFinding

__all__ = ["findings_write"]


def findings_write(
    *,
    plan: Plan,
    document: SourceDocument | None,
    findings: Sequence[tuple[Finding, str]],
    first_position: int = 0,
) -> None:
    """Store ``findings`` in their order (positions from ``first_position``), each with its
    stage: ``"parse"`` for what was noticed while reading the document, ``"check"`` for rule
    findings (``seonggwa check`` replaces those)."""
    StoredFinding.objects.bulk_create(
        [
            StoredFinding(
                plan=plan,
                source_document=document,
                stage=stage,
                details=dict(f.details),
                severity=str(f.severity),
                code=f.code[:60],
                message=f.message,
                unit_label=(f.unit or "")[:200],
                line=f.line,
                position=first_position + n,
            )
            for n, (f, stage) in enumerate(findings)
        ],
        batch_size=500,
    )
