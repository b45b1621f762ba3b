"""What replacing a plan by import would destroy: the refusal that protects finished work,
and the per-record audit of what a replace deletes.

A plan is *protected* when it is closed or has locked actuals or actuals approved in the
workflow (an actual read as approved from the published document it came from is not): ``import
--replace`` refuses it unless forced with a reason (``--force-replace --reason``). When a
plan is replaced, every deleted row of it (the plan, its periods, goals, indicators, values,
evidence, documents and findings, …) is one ``delete`` audit event with its values before,
written in one batch.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Q

from seonggwa.audit.models import AuditEvent
from seonggwa.audit.signals import snapshot
from seonggwa.core.errors import ServiceError
from seonggwa.core.ownership import ORGANISATION_OWNED
from seonggwa.plans.models import Plan
from seonggwa.results.models import IndicatorValue

__all__ = ["ReplaceRefused", "replace_check", "replace_deletion_audit", "replace_losses"]


class ReplaceRefused(ServiceError):
    """A protected plan would be replaced without ``force`` and a reason (CLI exit 2)."""


def replace_losses(plan: Plan) -> list[str]:
    """What replacing ``plan`` would destroy that is finished work, in Korean (empty when
    nothing is protected)."""
    losses: list[str] = []
    if plan.status == Plan.Status.CLOSED:
        losses.append("마감된 계획")
    actuals = IndicatorValue.objects.filter(indicator__plan=plan, kind=IndicatorValue.Kind.ACTUAL)
    # an actual read approved from a published document is what a new file replaces; one
    # approved in the workflow (by a person, or typed in) is finished work
    approved = (
        actuals.filter(status=IndicatorValue.Status.APPROVED)
        .filter(Q(approved_by__isnull=False) | Q(source_document__isnull=True))
        .count()
    )
    locked = actuals.filter(locked=True).count()
    if approved:
        losses.append(f"승인된 실적 {approved}건")
    if locked:
        losses.append(f"잠긴 실적 {locked}건")
    return losses


def replace_check(plan: Plan, *, force: bool, reason: str) -> list[str]:
    """Refuse to replace a protected ``plan`` unless ``force`` with a ``reason``; returns
    what will be lost (for the audit)."""
    losses = replace_losses(plan)
    if not losses:
        return losses
    what = ", ".join(losses)
    if not force:
        raise ReplaceRefused(
            f"{plan.organisation.name} {plan.year}년 {plan.get_kind_display()}({plan})을(를) "
            f"바꾸지 않았습니다: 지우면 {what}이(가) 사라집니다. 정말 지우고 다시 불러오려면 "
            '--force-replace --reason "이유" 를 함께 지정하세요(지우기 전에 기관 백업을 '
            "씁니다). 아무것도 바꾸지 않았습니다."
        )
    if not reason.strip():
        raise ReplaceRefused(
            f'{plan}을(를) 강제로 바꾸려면 이유가 필요합니다(--reason "…"): 지우면 {what}이(가) '
            "사라집니다. 아무것도 바꾸지 않았습니다."
        )
    return losses


def _plan_lookup(path: str) -> str | None:
    """``indicator__plan__organisation`` → ``indicator__plan``; None for a model that does
    not hang off a plan."""
    suffix = "plan__organisation"
    if path == suffix:
        return "plan"
    if path.endswith("__" + suffix):
        return path[: -len("__organisation")]
    return None


def replace_deletion_audit(
    plan: Plan, *, actor: Any, actor_label: str, reason: str, backup: str
) -> int:
    """One ``delete`` event per row that deleting ``plan`` removes (its values before),
    written in batches: one read per model, no per-row query. Returns the count."""
    events: list[AuditEvent] = []
    actor_obj = actor if getattr(actor, "pk", None) else None
    organisation_id = plan.organisation_id
    context: dict[str, list[Any]] = {"replaced_by_import": [None, True]}
    if reason:
        context["reason"] = [None, reason]
    if backup:
        context["backup"] = [None, backup]

    def add(obj: Any) -> None:
        try:
            text = str(obj)[:300]
        except Exception:  # a relation it names is gone
            text = f"{obj._meta.verbose_name} #{obj.pk}"
        events.append(
            AuditEvent(
                actor=actor_obj,
                actor_label=actor_label[:150],
                action=AuditEvent.Action.DELETE,
                model=obj._meta.label,
                object_pk=str(obj.pk),
                object_repr=text,
                organisation_id_ref=organisation_id,
                changes={k: [v, None] for k, v in snapshot(obj).items()} | context,
            )
        )

    add(plan)
    for entry in ORGANISATION_OWNED:
        if not entry.audited or entry.label == "plans.Plan":
            continue
        lookup = _plan_lookup(entry.path)
        model = apps.get_model(entry.label)
        if lookup is not None:
            rows = model._default_manager.filter(**{lookup: plan})
        elif entry.label == "sources.SourceDocument":
            rows = model._default_manager.filter(plan=plan)
        else:
            continue
        related = [
            f.name
            for f in model._meta.concrete_fields
            if f.is_relation and f.name in ("plan", "indicator", "value")
        ]
        for obj in rows.select_related(*related).order_by("pk"):
            add(obj)
    AuditEvent.objects.bulk_create(events, batch_size=500)
    return len(events)
