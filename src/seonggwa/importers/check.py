"""``seonggwa check``: run the rules again on a stored plan and replace its rule findings."""

from __future__ import annotations

from django.db import transaction

from seonggwa.audit.context import audit_muted, current_actor
from seonggwa.audit.models import AuditEvent
from seonggwa.engine.findings import Finding
from seonggwa.importers.rules import rule_findings, rules_format
from seonggwa.importers.selectors import plan_tables
from seonggwa.importers.tables import row_finding
from seonggwa.plans.models import Plan
from seonggwa.sources.models import StoredFinding
from seonggwa.sources.selectors import plan_findings
from seonggwa.sources.services import findings_write

__all__ = ["plan_check"]


@transaction.atomic
def plan_check(*, plan: Plan) -> list[Finding]:
    """Run the rules (R1–R5, R9–R11) again on the stored rows and replace the stored rule
    findings of ``plan``. What was noticed reading the document (it needs the text, which
    is not stored) is kept. Returns all findings of the plan, in order."""
    tables = plan_tables(plan=plan)
    kept = [row_finding(r) for r in tables.findings if r.from_document]
    fresh = rule_findings(tables, rules_format(tables), document_findings=kept)
    old = StoredFinding.objects.filter(plan=plan, stage=StoredFinding.Stage.CHECK)
    before = old.count()
    with audit_muted():  # the rule findings are replaced as a whole: one event below
        old.delete()
    start = max((f.position for f in tables.findings if f.from_document), default=-1) + 1
    findings_write(
        plan=plan,
        document=plan.documents.order_by("-imported_at", "-pk").first(),
        findings=[(f, StoredFinding.Stage.CHECK) for f in fresh],
        first_position=start,
    )
    actor, label = current_actor()
    AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=label[:150],
        action=AuditEvent.Action.CHECK,
        model="plans.Plan",
        object_pk=str(plan.pk),
        object_repr=str(plan)[:300],
        organisation_id_ref=plan.organisation_id,
        changes={"check_findings": [before, len(fresh)]},
    )
    return plan_findings(plan=plan)
