"""``seonggwa check``: run the rules again on a stored plan and replace its rule findings."""

from __future__ import annotations

from django.db import transaction

from seonggwa.engine.findings import Finding
from seonggwa.importers.detect import TEXT_FORMATS
from seonggwa.importers.selectors import plan_tables
from seonggwa.importers.tables import document_from_tables
from seonggwa.plans.models import Plan
from seonggwa.sources.models import StoredFinding
from seonggwa.sources.selectors import plan_findings
from seonggwa.sources.services import findings_write

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
        document=plan.documents.order_by("-imported_at", "-pk").first(),
        findings=[(f, StoredFinding.Stage.CHECK) for f in fresh],
        first_position=start,
    )
    return plan_findings(plan=plan)
