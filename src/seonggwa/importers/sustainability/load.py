"""Load the sustainability tables (parsed by :mod:`.parse`) as the plan of kind ``sust`` of
an organisation and year, with its framework (seonggwa.frameworks) — all in one transaction,
with the source document, the findings at their lines and one ``import`` audit event.

The core indicators become ``plans.Indicator`` rows of the plan (owner: the evaluation
office), each with a :class:`~seonggwa.frameworks.models.FrameworkIndicator` holding its
keyword and printed 달성도; the count tables become the tasks' printed counts.
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
from seonggwa.engine.findings import Finding
from seonggwa.engine.grading import SUSTAINABILITY_PLAN
from seonggwa.engine.text import norm_key
from seonggwa.frameworks.models import (
    Field,
    FrameworkIndicator,
    GradingCriterion,
    Strategy,
    SustainabilityFramework,
    Task,
)
from seonggwa.importers.load import ImportFileError, _decode, _read
from seonggwa.importers.sustainability.parse import (
    CountTable,
    FieldRecord,
    SustainabilityDocument,
    parse,
)
from seonggwa.importers.uploads import import_limits
from seonggwa.organisations.models import Organisation, PlanOwner
from seonggwa.organisations.services import (
    organisation_get_or_create,
    owner_get_or_create,
    unit_get_or_create,
)
from seonggwa.plans.models import Indicator, Plan, StrategicGoal
from seonggwa.plans.services import scheme_version_for
from seonggwa.policy import is_central
from seonggwa.sources.services import findings_write, source_document_create

__all__ = ["SustainabilityImport", "sustainability_import"]

#: The unit the core indicators belong to (the office gathers their statistics, 003:59).
OFFICE_UNIT = "평가담당관"


@dataclass(slots=True)
class SustainabilityImport:
    plan: Plan
    framework: SustainabilityFramework
    counts: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    already_imported: bool = False


def sustainability_import(
    *,
    user: Any,
    organisation_name: str,
    year: int,
    path_or_text: str | Path | bytes,
    source_name: str = "",
    replace: bool = False,
    office_unit: str = OFFICE_UNIT,
) -> SustainabilityImport:
    """Import the sustainability tables of a document as the ``year`` sustainability plan
    of the organisation. Raises :class:`ImportFileError` when the file cannot be read (or
    holds none of the tables), :class:`PermissionDenied` when ``user`` is not the
    organisation's evaluation officer or administrator, :class:`ServiceError` when the plan
    exists from another file and ``replace`` is false. Nothing is written on failure."""
    if not 1990 <= year <= 2100:
        raise ServiceError(f"연도 {year}이(가) 범위(1990~2100) 밖입니다. --year 를 확인하세요.")
    org_found = Organisation.objects.filter(name=organisation_name.strip()).first()
    if user is not None and not (
        getattr(user, "is_superuser", False)
        or (org_found is not None and is_central(user, org_found))
    ):
        raise PermissionDenied(
            f"'{organisation_name}'에 지속가능성 평가를 가져올 권한이 없습니다(평가담당관·관리자)."
        )
    name, data = _read(path_or_text, source_name, import_limits())
    text, _encoding = _decode(name, data)
    doc = parse(text, source=name)
    if not doc.core_indicators and not doc.count_tables:
        raise ImportFileError(
            f"{name}: 지속가능성 평가 표(<서울시 지속가능발전 핵심지표>, <…분야 성과지표 달성도>)가 "
            "없습니다. 지속가능성 보고서의 텍스트를 지정하세요. 아무것도 저장하지 않았습니다."
        )
    sha256 = hashlib.sha256(data).hexdigest()
    existing = Plan.objects.filter(
        organisation__name=organisation_name.strip(), year=year, kind=Plan.Kind.SUSTAINABILITY
    ).first()
    if existing is not None and not replace:
        if existing.documents.filter(sha256=sha256).exists():
            return SustainabilityImport(
                plan=existing,
                framework=existing.sustainability,
                counts=_counts(existing.sustainability),
                findings=doc.findings,
                already_imported=True,
            )
        raise ServiceError(
            f"{organisation_name} {year}년 지속가능성 평가가 이미 있습니다(다른 파일에서 불러옴). "
            "지우고 다시 불러오려면 --replace 를 지정하세요."
        )
    actor, actor_label = current_actor()
    if user is not None:
        actor, actor_label = user, user.get_username()
    with transaction.atomic(), acting_as(actor, actor_label), audit_muted():
        org = organisation_get_or_create(name=organisation_name)
        if existing is not None:
            existing.delete()
        plan = Plan(
            organisation=org,
            year=year,
            kind=Plan.Kind.SUSTAINABILITY,
            title=f"{year}년 지속가능성 평가",
            # implementation indicators are graded 달성 / 일부달성 / 미달성 (R8)
            grading_scheme=SUSTAINABILITY_PLAN.name,
            grading_scheme_version=scheme_version_for(SUSTAINABILITY_PLAN.name, year),
        )
        plan.full_clean()
        plan.save()
        document = source_document_create(
            organisation=org,
            plan=plan,
            file_name=name,
            sha256=sha256,
            format="sustainability",
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
        framework = SustainabilityFramework.objects.create(
            plan=plan,
            title=plan.title,
            status_year=None,
            cycle_years=doc.cycle_years or 2,
            cycle_start_year=doc.cycle_start_year,
            committee="지속가능발전위원회",
            source_document=document,
        )
        _write(framework, doc, owner, document)
        findings_write(plan=plan, document=document, findings=[(f, "parse") for f in doc.findings])
        counts = _counts(framework)
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
    return SustainabilityImport(
        plan=plan, framework=framework, counts=counts, findings=list(doc.findings)
    )


def _write(
    framework: SustainabilityFramework,
    doc: SustainabilityDocument,
    owner: PlanOwner,
    document: Any,
) -> None:
    plan = framework.plan
    vision = {r.name: r for r in doc.fields}
    tables = {t.field: t for t in doc.count_tables}
    names = [r.name for r in doc.fields] + [t for t in tables if t not in vision]
    fields: dict[str, Field] = {}
    for position, name in enumerate(names):
        record = vision.get(name)
        goal = StrategicGoal(
            plan=plan,
            owner=owner,
            code=name,
            name=record.goal if record and record.goal else name,
            position=position,
            source_document=document,
            source_line=record.line if record else None,
        )
        goal.full_clean()
        goal.save()
        table = tables.get(name)
        f = Field(
            framework=framework,
            name=name,
            goal=goal,
            has_core_indicators=record is not None,
            position=position,
            source_document=document,
            source_line=record.line if record else (table.line if table else None),
        )
        if table is not None:
            f.declared_achieved, f.declared_partly, f.declared_not_achieved = table.header_totals
            f.declared_total = table.summary_total
            f.composition = table.composition[:200]
            f.count_line = table.header_line
        f.save()
        fields[name] = f
        _strategies(f, record, table, document)
    for position, c in enumerate(doc.core_indicators):
        f = fields[c.field]
        indicator = Indicator(
            plan=plan,
            owner=owner,
            strategic_goal=f.goal,
            code=f"{c.field}-{c.position:02d}",
            name=c.name,
            position=position,
            source_document=document,
            source_line=c.line,
            cap=100,
            not_rated=c.excluded,
        )
        indicator.full_clean()
        indicator.save()
        FrameworkIndicator.objects.create(
            indicator=indicator,
            field=f,
            role=FrameworkIndicator.Role.CORE,
            keyword=c.keyword[:100],
            achievement=c.achievement,
            achievement_raw=c.achievement_raw[:30],
            achievement_line=c.achievement_line,
            excluded=c.excluded,
            position=c.position,
            source_document=document,
            source_line=c.line,
        )
    GradingCriterion.objects.bulk_create(
        GradingCriterion(
            framework=framework,
            grade=c.grade,
            rule=c.rule,
            example=c.example,
            position=n,
            source_document=document,
            source_line=c.line,
        )
        for n, c in enumerate(doc.criteria)
    )


def _strategies(
    f: Field, record: FieldRecord | None, table: CountTable | None, document: Any
) -> None:
    """The vision's strategies and tasks, then the count table's rows matched onto them by
    position (the count tables word the same tasks differently); rows beyond the vision
    (추진기반) create their strategies and tasks."""
    strategies: list[Strategy] = []
    tasks: list[Task] = []
    for s_pos, s in enumerate(record.strategies if record else []):
        strategy = Strategy.objects.create(
            field=f,
            number=s.number,
            name=s.name,
            position=s_pos,
            source_document=document,
            source_line=s.line,
        )
        strategies.append(strategy)
        for t_pos, t in enumerate(s.tasks):
            tasks.append(
                Task.objects.create(
                    strategy=strategy,
                    number=t.number,
                    name=t.name,
                    position=t_pos,
                    in_vision=True,
                    source_document=document,
                    source_line=t.line,
                )
            )
    if table is None:
        return
    by_name: dict[str, Strategy] = {}
    for n, row in enumerate(table.rows):
        task = tasks[n] if n < len(tasks) else None
        if task is None:
            key = norm_key(row.strategy)
            found = by_name.get(key)
            if found is None:
                strategy = Strategy.objects.create(
                    field=f,
                    number=len(strategies) + 1,
                    name=row.strategy,
                    position=len(strategies),
                    source_document=document,
                    source_line=row.line,
                )
                strategies.append(strategy)
                by_name[key] = strategy
            else:
                strategy = found
            task = Task(
                strategy=strategy,
                number=n + 1,
                name=row.task,
                position=strategy.tasks.count(),
                source_document=document,
                source_line=row.line,
            )
        task.declared_achieved, task.declared_partly, task.declared_not_achieved = row.counts
        task.declared_raw = " | ".join(row.raw)[:60]
        task.count_line = row.line
        task.save()


def _counts(framework: SustainabilityFramework) -> dict[str, int]:
    return {
        "fields": framework.fields.count(),
        "strategies": Strategy.objects.filter(field__framework=framework).count(),
        "tasks": Task.objects.filter(strategy__field__framework=framework).count(),
        "core_indicators": FrameworkIndicator.objects.filter(
            field__framework=framework, role=FrameworkIndicator.Role.CORE
        ).count(),
        "criteria": framework.criteria.count(),
    }
