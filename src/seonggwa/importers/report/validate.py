"""Checks of a read 성과보고서: the same artefact checks as the plan's (A13, A15, A16, A20,
A23, R21) — the rules, R1–R4 with 원 exact and R5 (지표수 = 초과달성 + 달성 + 미달성, the
marks of the detail counted per unit), run on the rows in :mod:`seonggwa.importers.rules`.
A missing mark is an error; when the summary counts point at exactly one bucket the finding
suggests that mark, but nothing is filled in.
"""

from __future__ import annotations

from seonggwa.engine.findings import Finding
from seonggwa.engine.grading import PERFORMANCE_REPORT
from seonggwa.engine.reconciliation import count_grades
from seonggwa.importers.plan.validate import artefact_findings as table_artefacts
from seonggwa.importers.plan.validate import owner_indicators
from seonggwa.importers.records import ParsedDocument, ParsedOwner
from seonggwa.importers.report.parse import SPEC
from seonggwa.importers.rules import document_findings

__all__ = ["artefact_findings", "mark_counts", "validate"]


def mark_counts(owner: ParsedOwner, *, not_rated_bucket: str = "not_achieved") -> dict[str, int]:
    """Marks of an owner's indicators per summary bucket (R5); "-" goes to ``not_rated_bucket``."""
    marks = [ind.mark for _, ind in owner_indicators(owner)]
    return count_grades(marks, PERFORMANCE_REPORT, not_rated_bucket=not_rated_bucket).counts


def artefact_findings(doc: ParsedDocument) -> list[Finding]:
    """The checks of the document's own artefacts (without the parser's own findings)."""
    return table_artefacts(doc, SPEC)


def validate(doc: ParsedDocument) -> list[Finding]:
    """All findings of a read report: the parser's, the artefact checks and the rules
    (R1–R5), by line."""
    return [f for f, _ in document_findings(doc, artefact_findings(doc))]
