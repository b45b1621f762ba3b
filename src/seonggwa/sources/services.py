"""Writes for provenance: the documents a plan was read from, the figures they declare and
the findings stored for a plan."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from seonggwa.engine.findings import Finding
from seonggwa.organisations.models import Organisation
from seonggwa.plans.models import Plan

from .models import DeclaredFigure, SourceDocument, StoredFinding

__all__ = ["declared_figures_write", "findings_write", "source_document_create"]


def source_document_create(
    *,
    organisation: Organisation,
    plan: Plan,
    file_name: str,
    sha256: str,
    format: str,
    size: int,
    line_count: int,
    money_unit: str,
    actor: Any,
    actor_label: str,
) -> SourceDocument:
    """Record that ``plan`` was read from a document (its identity, not its content)."""
    return SourceDocument.objects.create(
        organisation=organisation,
        plan=plan,
        file_name=file_name[:300],
        sha256=sha256,
        format=format,
        size=size,
        line_count=line_count,
        money_unit=money_unit,
        imported_by=actor if getattr(actor, "pk", None) else None,
        imported_by_label=actor_label[:150],
    )


def declared_figures_write(*, figures: Sequence[DeclaredFigure]) -> None:
    """Store what a document declares about itself (new rows of one plan, in bulk)."""
    DeclaredFigure.objects.bulk_create(figures, batch_size=500)


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
