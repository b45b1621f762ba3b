"""Load the joint-evaluation tables (parsed by :mod:`.parse`) as the plan of kind ``joint``
of an organisation and year with its framework (seonggwa.frameworks) — all in one
transaction, with the source document, the findings at their lines and one ``import`` audit
event.

The 122 indicators become ``plans.Indicator`` rows of the plan (owner: the evaluation
office) under one ``StrategicGoal`` per national goal (국정목표), each with a
:class:`~seonggwa.frameworks.models.JointIndicator` holding its type, ministry and scope per
peer group; the 17 시·도 become :class:`Region` rows; the result tables' figures are stored
as printed (:class:`PrintedResult`); the timeline as dated steps, the entry step setting the
plan's entry window (``frameworks.joint_services.entry_window_apply``); the best cases
named (국민공감 우수사례) as :class:`BestCase` rows.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from seonggwa.audit.context import acting_as, audit_muted, current_actor
from seonggwa.audit.models import AuditEvent
from seonggwa.core.errors import PermissionDenied, ServiceError
from seonggwa.engine.achievement import JOINT_EVALUATION_RULE
from seonggwa.engine.findings import Finding
from seonggwa.frameworks.joint_services import entry_window_apply
from seonggwa.frameworks.models import (
    BestCase,
    JointEvaluation,
    JointIndicator,
    NationalGoal,
    PrintedResult,
    Region,
    TimelineStep,
)
from seonggwa.importers.joint.parse import REGIONS, JointDocument, parse
from seonggwa.importers.load import ImportFileError, _decode, _read
from seonggwa.importers.uploads import import_limits
from seonggwa.organisations.models import Organisation, PlanOwner
from seonggwa.organisations.services import (
    organisation_get_or_create,
    owner_get_or_create,
    unit_get_or_create,
)
from seonggwa.plans.models import Indicator, Plan, StrategicGoal
from seonggwa.policy import is_central
from seonggwa.sources.services import findings_write, source_document_create

__all__ = ["JointImport", "create_regions", "joint_counts", "joint_import"]

OFFICE_UNIT = "평가담당관"


@dataclass(slots=True)
class JointImport:
    plan: Plan
    evaluation: JointEvaluation
    counts: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    already_imported: bool = False


def joint_import(
    *,
    user: Any,
    organisation_name: str,
    year: int,
    path_or_text: str | Path | bytes,
    source_name: str = "",
    replace: bool = False,
    office_unit: str = OFFICE_UNIT,
) -> JointImport:
    """Import the joint-evaluation tables of a document as the ``year`` joint evaluation of
    the organisation. Raises :class:`ImportFileError` when the file cannot be read or holds
    no indicator list, :class:`PermissionDenied` when ``user`` is not the organisation's
    evaluation officer or administrator, :class:`ServiceError` when the plan exists from
    another file and ``replace`` is false. Nothing is written on failure."""
    if not 1990 <= year <= 2100:
        raise ServiceError(f"연도 {year}이(가) 범위(1990~2100) 밖입니다. --year 를 확인하세요.")
    org_found = Organisation.objects.filter(name=organisation_name.strip()).first()
    if user is not None and not (
        getattr(user, "is_superuser", False)
        or (org_found is not None and is_central(user, org_found))
    ):
        raise PermissionDenied(
            f"'{organisation_name}'에 합동평가를 가져올 권한이 없습니다(평가담당관·관리자)."
        )
    name, data = _read(path_or_text, source_name, import_limits())
    text, _encoding = _decode(name, data)
    doc = parse(text, source=name)
    if not doc.indicators:
        raise ImportFileError(
            f"{name}: 합동평가 지표체계 표('연번 | 국정목표 | 지표명 | 소관부처')가 없습니다. "
            "합동평가 결과 문서의 텍스트를 지정하세요. 아무것도 저장하지 않았습니다."
        )
    sha256 = hashlib.sha256(data).hexdigest()
    existing = Plan.objects.filter(
        organisation__name=organisation_name.strip(), year=year, kind=Plan.Kind.JOINT_EVALUATION
    ).first()
    if existing is not None and not replace:
        if existing.documents.filter(sha256=sha256).exists():
            return JointImport(
                plan=existing,
                evaluation=existing.joint_evaluation,
                counts=joint_counts(existing.joint_evaluation),
                findings=doc.findings,
                already_imported=True,
            )
        raise ServiceError(
            f"{organisation_name} {year}년 합동평가가 이미 있습니다(다른 파일에서 불러옴). "
            "지우고 다시 불러오려면 --replace 를 지정하세요."
        )
    actor, actor_label = current_actor()
    if user is not None:
        actor, actor_label = user, user.get_username()
    elif actor_label == "system":  # called without the CLI's label: name the import anyway
        actor_label = "cli:import-joint-evaluation"
    with transaction.atomic():
        plan, evaluation, counts = _load(
            user, actor, actor_label, organisation_name, year, name, data, sha256, doc,
            existing, office_unit,
        )  # fmt: skip
        # the entry step sets the plan's entry window (plans.services), audited as the acting
        # user's change — or, from the command line, the system's under the import's label
        with acting_as(actor, actor_label):
            entry_window_apply(user=user, evaluation=evaluation)
    return JointImport(plan=plan, evaluation=evaluation, counts=counts, findings=list(doc.findings))


def _load(
    user: Any,
    actor: Any,
    actor_label: str,
    organisation_name: str,
    year: int,
    name: str,
    data: bytes,
    sha256: str,
    doc: JointDocument,
    existing: Plan | None,
    office_unit: str,
) -> tuple[Plan, JointEvaluation, dict[str, int]]:
    with acting_as(actor, actor_label), audit_muted():
        org = organisation_get_or_create(name=organisation_name)
        if existing is not None:
            existing.delete()
        plan = Plan(
            organisation=org,
            year=year,
            kind=Plan.Kind.JOINT_EVALUATION,
            title=f"{year}년 지방자치단체 합동평가",
        )
        plan.full_clean()
        plan.save()
        document = source_document_create(
            organisation=org,
            plan=plan,
            file_name=name,
            sha256=sha256,
            format="joint",
            size=len(data),
            line_count=doc.line_count,
            money_unit="",
            actor=actor,
            actor_label=actor_label,
        )
        plan.source_document = document
        plan.save(update_fields=["source_document"])
        owner = owner_get_or_create(
            unit=unit_get_or_create(organisation=org, name=office_unit), kind=PlanOwner.Kind.UNIT
        )
        evaluation = JointEvaluation.objects.create(
            plan=plan,
            title=(doc.title or plan.title)[:300],
            performance_year=doc.performance_year,
            purpose=doc.purpose,
            basis=doc.basis[:200],
            method=doc.method,
            evaluators=doc.evaluators[:200],
            declared_indicators=doc.declared_indicators,
            declared_quantitative=doc.declared_quantitative,
            declared_qualitative=doc.declared_qualitative,
            source_document=document,
            source_line=doc.declared_line,
        )
        _write(evaluation, doc, owner, document)
        findings_write(plan=plan, document=document, findings=[(f, "parse") for f in doc.findings])
        counts = joint_counts(evaluation)
        AuditEvent.objects.create(
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=actor_label[:150],
            action=AuditEvent.Action.IMPORT,
            model="plans.Plan",
            object_pk=str(plan.pk),
            object_repr=f"{plan} ← {name}"[:300],
            organisation_id_ref=org.pk,
            changes={key: [None, value] for key, value in counts.items()}
            | {"file": [None, name], "sha256": [None, sha256], "replaced": [None, bool(existing)]},
        )
    return plan, evaluation, counts


def create_regions(evaluation: JointEvaluation, document: Any = None) -> dict[str, Region]:
    """The 17 시·도 in their peer groups (시부: the 특별·광역시 and 세종, 도부: the 도)."""
    Region.objects.bulk_create(
        Region(
            evaluation=evaluation,
            name=short,
            full_name=full,
            group=group,
            position=n,
            source_document=document,
        )
        for n, (short, full, group) in enumerate(REGIONS)
    )
    return {r.name: r for r in evaluation.regions.all()}


def _write(
    evaluation: JointEvaluation, doc: JointDocument, owner: PlanOwner, document: Any
) -> None:
    plan = evaluation.plan
    goals: dict[int, NationalGoal] = {}
    for position, g in enumerate(sorted(doc.goals, key=lambda g: g.number)):
        strategic = StrategicGoal(
            plan=plan,
            owner=owner,
            code=str(g.number),
            name=g.name,
            position=position,
            source_document=document,
            source_line=g.line,
        )
        strategic.full_clean()
        strategic.save()
        goals[g.number] = NationalGoal.objects.create(
            evaluation=evaluation,
            number=g.number,
            name=g.name[:200],
            goal=strategic,
            declared_indicators=g.declared_indicators,
            declared_quantitative=g.declared_quantitative,
            declared_qualitative=g.declared_qualitative,
            position=position,
            source_document=document,
            source_line=g.line,
        )
    cap = JOINT_EVALUATION_RULE.cap
    for position, r in enumerate(doc.indicators):
        goal = goals[r.goal]
        indicator = Indicator(
            plan=plan,
            owner=owner,
            strategic_goal=goal.goal,
            code=f"{r.number:03d}",
            name=r.name,
            position=position,
            source_document=document,
            source_line=r.line,
            cap=cap,
        )
        indicator.full_clean()
        indicator.save()
        JointIndicator.objects.create(
            indicator=indicator,
            goal=goal,
            number=r.number,
            kind=JointIndicator.Kind.QUALITATIVE
            if r.qualitative
            else JointIndicator.Kind.QUANTITATIVE,
            ministry=r.ministry[:50],
            scope_city=r.scope_city,
            scope_province=r.scope_province,
            scope_raw=r.scope_raw[:100],
            source_document=document,
            source_line=r.line,
        )
    regions = create_regions(evaluation, document)
    PrintedResult.objects.bulk_create(
        PrintedResult(
            evaluation=evaluation,
            goal=goals.get(p.goal) if p.goal is not None else None,
            group=p.group,
            region=regions[p.region] if p.region else None,
            measure=p.measure,
            value=p.value,
            raw=p.raw[:100],
            change_pp=p.change_pp,
            position=n,
            source_document=document,
            source_line=p.line,
        )
        for n, p in enumerate(doc.printed)
    )
    TimelineStep.objects.bulk_create(
        TimelineStep(
            evaluation=evaluation,
            stage=t.stage,
            label=t.label,
            starts_on=t.starts_on,
            ends_on=t.ends_on,
            raw=t.raw,
            governs=t.governs,
            position=n,
            source_document=document,
            source_line=t.line,
        )
        for n, t in enumerate(doc.timeline)
    )
    by_number = {j.number: j for j in JointIndicator.objects.filter(goal__evaluation=evaluation)}
    BestCase.objects.bulk_create(
        BestCase(
            evaluation=evaluation,
            region=regions[c.region],
            group=c.group,
            indicator=by_number.get(c.indicator) if c.indicator is not None else None,
            selection=c.selection,
            title=c.title[:300],
            summary=c.summary,
            raw=c.raw,
            position=n,
            source_document=document,
            source_line=c.line,
        )
        for n, c in enumerate(doc.best_cases)
    )


def joint_counts(evaluation: JointEvaluation) -> dict[str, int]:
    indicators = JointIndicator.objects.filter(goal__evaluation=evaluation)
    return {
        "goals": evaluation.goals.count(),
        "indicators": indicators.count(),
        "quantitative": indicators.filter(kind=JointIndicator.Kind.QUANTITATIVE).count(),
        "qualitative": indicators.filter(kind=JointIndicator.Kind.QUALITATIVE).count(),
        "regions": evaluation.regions.count(),
        "printed": evaluation.printed.count(),
        "timeline": evaluation.timeline.count(),
        "best_cases": evaluation.best_cases.count(),
    }
