"""Loading service of the major-project table (주요 역점사업 정기평가): reads a document with
the pure reader (``seonggwa.importers.projects``) and writes the plan of kind ``projects`` of
the organisation and year — its projects and sub-projects, one progress indicator
(공정률) per printed row with the printed 계획 / 실행 as its target and approved actual of the
year's period, the source document, the findings at their lines and one ``import`` audit
event — in one transaction: a failed import writes nothing."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from seonggwa.audit.context import acting_as, audit_muted, current_actor
from seonggwa.audit.models import AuditEvent
from seonggwa.core.errors import PermissionDenied, ServiceError
from seonggwa.engine.findings import Finding
from seonggwa.engine.projects import AmountRow, counted_total
from seonggwa.importers.load import ImportFileError, _decode, _read
from seonggwa.importers.projects import ParsedProject, ProjectsDocument, parse
from seonggwa.importers.records import ParseError
from seonggwa.importers.uploads import import_limits
from seonggwa.organisations.models import Organisation, OrgUnit, PlanOwner
from seonggwa.organisations.services import (
    organisation_get_or_create,
    owner_get_or_create,
    unit_get_or_create,
)
from seonggwa.plans.models import Indicator, Period, Plan, StrategicGoal
from seonggwa.policy import is_central
from seonggwa.projects.models import Project
from seonggwa.projects.services import progress_indicator_name
from seonggwa.results.models import IndicatorValue
from seonggwa.sources.models import SourceDocument
from seonggwa.sources.services import findings_write, source_document_create

__all__ = ["ProjectsImport", "projects_import", "projects_read"]


@dataclass(slots=True)
class ProjectsImport:
    plan: Plan
    counts: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    already_imported: bool = False


def projects_read(
    path_or_text: str | Path | bytes, *, source_name: str = ""
) -> tuple[str, bytes, ProjectsDocument]:
    """Read and parse a text document; writes nothing. :class:`ImportFileError` (with the
    file and line) when it holds no major-project table."""
    name, data = _read(path_or_text, source_name, import_limits())
    text, _encoding = _decode(name, data)
    try:
        return name, data, parse(text, source=name)
    except ParseError as exc:
        raise ImportFileError(f"{exc} 아무것도 저장하지 않았습니다.") from exc


def projects_import(
    *,
    user: Any,
    organisation_name: str,
    year: int,
    path_or_text: str | Path | bytes,
    source_name: str = "",
    replace: bool = False,
) -> ProjectsImport:
    """Import the major-project table of a document as the ``year`` plan of kind
    ``projects``. Raises :class:`ImportFileError` when the file cannot be read or holds no
    table, :class:`PermissionDenied` when ``user`` is not the organisation's evaluation
    officer or administrator, :class:`ServiceError` when the plan exists from another file
    and ``replace`` is false. The same file again is reported as already imported."""
    if not 1990 <= year <= 2100:
        raise ServiceError(f"연도 {year}이(가) 범위(1990~2100) 밖입니다. --year 를 확인하세요.")
    org_found = Organisation.objects.filter(name=organisation_name.strip()).first()
    if user is not None and not (
        getattr(user, "is_superuser", False)
        or (org_found is not None and is_central(user, org_found))
    ):
        raise PermissionDenied(
            f"'{organisation_name}'에 주요 역점사업을 가져올 권한이 없습니다(평가담당관·관리자)."
        )
    name, data, doc = projects_read(path_or_text, source_name=source_name)
    sha256 = hashlib.sha256(data).hexdigest()
    existing = Plan.objects.filter(
        organisation__name=organisation_name.strip(), year=year, kind=Plan.Kind.MAJOR_PROJECTS
    ).first()
    if existing is not None and not replace:
        if existing.documents.filter(sha256=sha256).exists():
            return ProjectsImport(
                plan=existing,
                counts=_counts(existing),
                findings=doc.findings,
                already_imported=True,
            )
        raise ServiceError(
            f"{organisation_name} {year}년 주요 역점사업이 이미 있습니다(다른 파일에서 불러옴). "
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
            kind=Plan.Kind.MAJOR_PROJECTS,
            title=f"{year}년 주요 역점사업 정기평가",
        )
        plan.full_clean()
        plan.save()
        document = source_document_create(
            organisation=org,
            plan=plan,
            file_name=name,
            sha256=sha256,
            format="projects",
            size=len(data),
            line_count=doc.line_count,
            money_unit=doc.money_unit,
            actor=actor,
            actor_label=actor_label,
        )
        plan.source_document = document
        plan.save(update_fields=["source_document"])
        Period.objects.create(plan=plan, key=str(year), frequency=Period.Frequency.YEAR, year=year)
        _write(plan, doc, document, year)
        findings_write(plan=plan, document=document, findings=[(f, "parse") for f in doc.findings])
        counts = _counts(plan)
        AuditEvent.objects.create(
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=actor_label[:150],
            action=AuditEvent.Action.IMPORT,
            model="plans.Plan",
            object_pk=str(plan.pk),
            object_repr=f"{plan} ← {name}"[:300],
            organisation_id_ref=org.pk,
            changes={key: [None, value] for key, value in counts.items()}
            | {
                "file": [None, name],
                "sha256": [None, sha256],
                "replaced": [None, bool(existing)],
                "findings": [None, len(doc.findings)],
            },
        )
    return ProjectsImport(plan=plan, counts=counts, findings=list(doc.findings))


def _write(plan: Plan, doc: ProjectsDocument, document: SourceDocument, year: int) -> None:
    org = plan.organisation
    units: dict[str, tuple[OrgUnit, PlanOwner, StrategicGoal]] = {}
    parents: dict[tuple[str, str], Project] = {}
    children: dict[int, list[ParsedProject]] = {}
    now = timezone.now()
    values: list[IndicatorValue] = []
    position = 0
    for row in doc.rows:
        if row.department not in units:
            unit = unit_get_or_create(organisation=org, name=row.department)
            owner = owner_get_or_create(unit=unit, kind=PlanOwner.Kind.UNIT)
            goal = StrategicGoal(
                plan=plan,
                owner=owner,
                code=f"역점-{len(units) + 1:02d}",
                name=f"{row.department} 주요 역점사업",
                position=len(units),
                source_document=document,
                source_line=row.line,
            )
            goal.full_clean()
            goal.save()
            units[row.department] = (unit, owner, goal)
        unit, owner, goal = units[row.department]
        parent = None
        if row.parent is not None:
            parent = parents.get((row.department, row.parent))
            if parent is None:
                parent = Project.objects.create(
                    plan=plan,
                    name=row.parent[:300],
                    department=unit,
                    budget_year=doc.budget_year or year,
                    position=position,
                    source_document=document,
                    source_line=row.line,
                )
                position += 1
                parents[(row.department, row.parent)] = parent
            children.setdefault(parent.pk, []).append(row)
        indicator = Indicator(
            plan=plan,
            owner=owner,
            strategic_goal=goal,
            code=f"역점-{row.number:03d}",
            name=progress_indicator_name(row.title),
            unit_of_measure="%",
            position=row.number,
            source_document=document,
            source_line=row.line,
        )
        indicator.full_clean(exclude=["name_key"])
        indicator.save()
        Project.objects.create(
            plan=plan,
            parent=parent,
            number=row.number,
            sub_number=row.sub_number,
            name=row.name[:300],
            title_raw=row.title[:400],
            department=unit,
            period_raw=row.period.raw[:100],
            start_year=row.period.start_year,
            start_month=row.period.start_month,
            end_year=row.period.end_year,
            end_month=row.period.end_month,
            continuing=row.period.continuing,
            financing=row.period.financing[:100],
            total_cost=row.total.won,
            total_cost_raw=row.total.raw[:50],
            budget=row.budget.won,
            budget_raw=row.budget.raw[:50],
            budget_year=doc.budget_year or year,
            progress_text=row.progress,
            progress_indicator=indicator,
            position=position,
            source_document=document,
            source_line=row.line,
        )
        position += 1
        for kind, rate in (
            (IndicatorValue.Kind.TARGET, row.planned_rate),
            (IndicatorValue.Kind.ACTUAL, row.actual_rate),
        ):
            if rate is not None:
                values.append(
                    IndicatorValue(
                        indicator=indicator,
                        kind=kind,
                        year=year,
                        raw_text=f"{rate}%",
                        value=rate,
                        status=IndicatorValue.Status.APPROVED,
                        approved_at=now,
                        source_document=document,
                        source_line=row.line,
                    )
                )
    IndicatorValue.objects.bulk_create(values)
    for parent in parents.values():
        rows = [
            AmountRow(key=r.number, name=r.title, total=r.total.won, budget=r.budget.won, group="")
            for r in children[parent.pk]
        ]
        parent.total_cost = counted_total(rows, "total")
        parent.budget = counted_total(rows, "budget")
        parent.save(update_fields=["total_cost", "budget"])


def _counts(plan: Plan) -> dict[str, int]:
    projects = Project.objects.filter(plan=plan)
    return {
        "rows": projects.filter(number__isnull=False).count(),
        "parents": projects.filter(number__isnull=True).count(),
        "indicators": plan.indicators.count(),
        "progress_values": IndicatorValue.objects.filter(indicator__plan=plan).count(),
    }
