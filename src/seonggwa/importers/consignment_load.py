"""Loading service of the consignment tables (민간위탁 종합성과평가): reads a document with
the pure reader (``seonggwa.importers.consignment``) and writes its years, rounds, services
and scores, the source document and the reader's findings (at their lines) in one
transaction — a failed import writes nothing."""

from __future__ import annotations

import calendar
import datetime
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from seonggwa.audit.context import acting_as, audit_muted, current_actor
from seonggwa.audit.models import AuditEvent
from seonggwa.consignment.models import (
    ConsignedService,
    EvaluationRound,
    EvaluationYear,
    ServiceScore,
)
from seonggwa.core.errors import PermissionDenied, ServiceError
from seonggwa.engine.findings import Finding
from seonggwa.importers.consignment import ConsignmentDocument, parse
from seonggwa.importers.load import ImportFileError, _decode, _read
from seonggwa.importers.records import ParseError
from seonggwa.importers.uploads import import_limits
from seonggwa.organisations.models import Organisation
from seonggwa.organisations.services import organisation_get_or_create, unit_find
from seonggwa.policy import can_manage_consignment
from seonggwa.sources.models import SourceDocument, StoredFinding

__all__ = ["ConsignmentImport", "consignment_import", "consignment_read"]


@dataclass(slots=True)
class ConsignmentImport:
    organisation: Organisation
    document: SourceDocument
    years: dict[int, int] = field(default_factory=dict)  # year -> services scored
    services_created: int = 0
    findings: list[Finding] = field(default_factory=list)
    already_imported: bool = False


def consignment_read(
    path_or_text: str | Path | bytes, *, source_name: str = ""
) -> tuple[str, bytes, ConsignmentDocument]:
    """Read and parse a text document; writes nothing. :class:`ImportFileError` (with the
    file and line) when it holds no consignment table."""
    name, data = _read(path_or_text, source_name, import_limits())
    text, _encoding = _decode(name, data)
    try:
        return name, data, parse(text)
    except ParseError as exc:
        where = f"{name}:{exc.line}" if exc.line else name
        raise ImportFileError(f"{where}: {exc.message} 아무것도 저장하지 않았습니다.") from exc


def _window(year: int, start: int, end: int) -> tuple[datetime.date, datetime.date]:
    start = min(max(start, 1), 12)
    end = min(max(end, start), 12)
    last = calendar.monthrange(year, end)[1]
    return datetime.date(year, start, 1), datetime.date(year, end, last)


def consignment_import(
    *,
    organisation_name: str,
    path_or_text: str | Path | bytes,
    user: Any = None,
    source_name: str = "",
) -> ConsignmentImport:
    """Import every consignment year of a document for the organisation. Refuses
    (``ServiceError``) a year the organisation already has from another file; the same file
    again is reported as already imported."""
    org_found = Organisation.objects.filter(name=organisation_name.strip()).first()
    if user is not None and not (
        getattr(user, "is_superuser", False)
        or (org_found is not None and can_manage_consignment(user, org_found))
    ):
        raise PermissionDenied(
            f"'{organisation_name}'에 민간위탁 평가 자료를 가져올 권한이 없습니다(평가담당관·관리자)."
        )
    name, data, doc = consignment_read(path_or_text, source_name=source_name)
    sha256 = hashlib.sha256(data).hexdigest()
    actor, actor_label = current_actor()
    if user is not None:
        actor, actor_label = user, user.get_username()
    if org_found is not None:
        existing = EvaluationYear.objects.filter(
            organisation=org_found, year__in=[y.year for y in doc.years]
        ).select_related("source_document")
        for found in existing:
            if found.source_document is not None and found.source_document.sha256 == sha256:
                return ConsignmentImport(
                    org_found, found.source_document, already_imported=True, findings=doc.findings
                )
            raise ServiceError(
                f"{org_found.name} {found.year}년 민간위탁 종합성과평가가 이미 있습니다(다른 파일). "
                f"'{name}'을(를) 가져오지 않았습니다."
            )
    with transaction.atomic(), acting_as(actor, actor_label), audit_muted():
        org = organisation_get_or_create(name=organisation_name)
        document = SourceDocument.objects.create(
            organisation=org,
            plan=None,
            file_name=name[:300],
            sha256=sha256,
            format="text",
            size=len(data),
            line_count=doc.line_count,
            imported_by=actor if getattr(actor, "pk", None) else None,
            imported_by_label=actor_label[:150],
        )
        result = ConsignmentImport(org, document, findings=doc.findings)
        services = {
            (s.name, s.department_label): s
            for s in ConsignedService.objects.filter(organisation=org)
        }
        for parsed in doc.years:
            evaluation_year = EvaluationYear.objects.create(
                organisation=org,
                year=parsed.year,
                rule=parsed.rule[:300],
                evaluators=list(parsed.evaluators),
                declared_count=parsed.result_count or parsed.scope_count,
                declared_average_raw=parsed.average_raw,
                declared_average=parsed.average,
                source_document=document,
                source_line=parsed.line,
            )
            rounds: dict[int | None, EvaluationRound] = {}
            for r in parsed.rounds:
                opens, closes = _window(parsed.year, r.start_month, r.end_month)
                rounds[r.number] = EvaluationRound.objects.create(
                    evaluation_year=evaluation_year,
                    number=r.number,
                    opens_on=opens,
                    closes_on=closes,
                    declared_count=r.count,
                    declared_first=r.first_service[:300],
                    source_line=r.line,
                )
            if not rounds or any(row.round_number is None for row in parsed.rows):
                rounds[None] = rounds.get(1) or EvaluationRound.objects.create(
                    evaluation_year=evaluation_year,
                    number=1,
                    opens_on=datetime.date(parsed.year, 1, 1),
                    closes_on=datetime.date(parsed.year, 12, 31),
                )
            scores = []
            for row in parsed.rows:
                if row.score is None:
                    continue  # the reader's finding says which line; no score is no data
                key = (row.service[:300], row.department[:200])
                service = services.get(key)
                if service is None:
                    service = ConsignedService.objects.create(
                        organisation=org,
                        name=key[0],
                        department_label=key[1],
                        department=unit_find(organisation=org, name=row.department),
                        contractor=row.contractor[:300],
                        members=list(row.members),
                    )
                    services[key] = service
                    result.services_created += 1
                scores.append(
                    ServiceScore(
                        round=rounds[row.round_number],
                        service=service,
                        score=row.score,
                        score_raw=row.score_raw,
                        remark=row.remark[:200],
                        position=row.number,
                        source_line=row.line,
                    )
                )
            ServiceScore.objects.bulk_create(scores)
            result.years[parsed.year] = len(scores)
        StoredFinding.objects.bulk_create(
            [
                StoredFinding(
                    plan=None,
                    source_document=document,
                    stage=StoredFinding.Stage.PARSE,
                    severity=str(f.severity),
                    code=f.code[:60],
                    message=f.message,
                    line=f.line,
                    details=dict(f.details),
                    position=n,
                )
                for n, f in enumerate(doc.findings)
            ]
        )
        AuditEvent.objects.create(
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=actor_label[:150],
            action=AuditEvent.Action.IMPORT,
            model="consignment.EvaluationYear",
            object_pk=",".join(str(y) for y in result.years),
            object_repr=f"{org.name} 민간위탁 종합성과평가 ← {name}"[:300],
            organisation_id_ref=org.pk,
            changes={
                "file": [None, name],
                "sha256": [None, sha256],
                "years": [None, result.years],
                "services_created": [None, result.services_created],
                "findings": [None, len(doc.findings)],
            },
        )
    return result
