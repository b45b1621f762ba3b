"""Loading service of the risk register (시정 리스크 관리): reads a document with the pure
reader (``seonggwa.importers.risks``) and writes the year's report, its issues and press
items, the source document and the reader's findings (at their lines) in one transaction —
a failed import writes nothing.

The cases of seed 003 carry no month: they go into the year's month-less report
(``RiskMonth.month`` blank, finding ``risks.month_missing``). An issue with a department's
response (부서대응) is at stage 4 (예방·사후관리 실행 및 피드백), escalated to a 실·국 the
document does not name; one without is at stage 1."""

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
from seonggwa.importers.load import ImportFileError, _decode, _read
from seonggwa.importers.records import ParseError
from seonggwa.importers.risks import RiskDocument, parse
from seonggwa.importers.uploads import import_limits
from seonggwa.organisations.models import Organisation
from seonggwa.organisations.services import organisation_get_or_create
from seonggwa.policy import can_manage_risks
from seonggwa.risks.models import PressItem, RiskIssue, RiskMonth
from seonggwa.sources.models import SourceDocument, StoredFinding

__all__ = ["RiskImport", "risks_import", "risks_read"]


@dataclass(slots=True)
class RiskImport:
    organisation: Organisation
    document: SourceDocument
    month: RiskMonth | None = None
    issues: int = 0
    press_items: int = 0
    findings: list[Finding] = field(default_factory=list)
    already_imported: bool = False


def risks_read(
    path_or_text: str | Path | bytes, *, year: int, source_name: str = ""
) -> tuple[str, bytes, RiskDocument]:
    """Read and parse a text document; writes nothing. :class:`ImportFileError` (with the
    file and line) when it holds no risk issues."""
    name, data = _read(path_or_text, source_name, import_limits())
    text, _encoding = _decode(name, data)
    try:
        return name, data, parse(text, year=year)
    except ParseError as exc:
        where = f"{name}:{exc.line}" if exc.line else name
        raise ImportFileError(f"{where}: {exc.message} 아무것도 저장하지 않았습니다.") from exc


def _join(lines: list[str]) -> str:
    return "\n".join(lines)


def risks_import(
    *,
    organisation_name: str,
    year: int,
    path_or_text: str | Path | bytes,
    user: Any = None,
    source_name: str = "",
) -> RiskImport:
    """Import the risk issues of a document as the organisation's ``year`` register.
    Refuses (``ServiceError``) when the year's month-less report already holds issues from
    another file; the same file again is reported as already imported."""
    org_found = Organisation.objects.filter(name=organisation_name.strip()).first()
    if user is not None and not (
        getattr(user, "is_superuser", False)
        or (org_found is not None and can_manage_risks(user, org_found))
    ):
        raise PermissionDenied(
            f"'{organisation_name}'에 시정 리스크 자료를 가져올 권한이 없습니다(평가담당관·관리자)."
        )
    name, data, doc = risks_read(path_or_text, year=year, source_name=source_name)
    sha256 = hashlib.sha256(data).hexdigest()
    actor, actor_label = current_actor()
    if user is not None:
        actor, actor_label = user, user.get_username()
    if org_found is not None:
        existing = (
            RiskMonth.objects.filter(organisation=org_found, year=year, month__isnull=True)
            .select_related("source_document")
            .first()
        )
        if existing is not None:
            if existing.source_document is not None and existing.source_document.sha256 == sha256:
                return RiskImport(
                    org_found,
                    existing.source_document,
                    month=existing,
                    already_imported=True,
                    findings=doc.findings,
                )
            if existing.issues.exists():
                raise ServiceError(
                    f"{org_found.name} {year}년 리스크 이슈(월 미상)가 이미 있습니다(다른 파일). "
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
        month, _created = RiskMonth.objects.update_or_create(
            organisation=org,
            year=year,
            month=None,
            defaults={
                "note": f"운영 기간 {doc.period}"[:300] if doc.period else "",
                "source_document": document,
                "source_line": doc.section_line,
            },
        )
        result = RiskImport(org, document, month=month, findings=doc.findings)
        press: list[PressItem] = []
        for parsed in doc.issues:
            responded = bool(parsed.response)
            issue = RiskIssue.objects.create(
                month=month,
                number=parsed.number,
                title=parsed.title[:300],
                year_label=parsed.year_label[:20],
                summary=_join(parsed.summary),
                risks=_join(parsed.risks),
                requests_short=_join(parsed.requests_short),
                requests_long=_join(parsed.requests_long),
                response=_join(parsed.response),
                status=RiskIssue.Status.FOLLOW_UP if responded else RiskIssue.Status.IDENTIFIED,
                handling=RiskIssue.Handling.ESCALATED if responded else RiskIssue.Handling.OFFICE,
                source_line=parsed.line,
            )
            press.extend(
                PressItem(
                    issue=issue,
                    headline=p.headline[:300],
                    outlet=p.outlet[:100],
                    date=p.date,
                    raw=p.raw[:500],
                    source_line=p.line,
                )
                for p in parsed.press
            )
            result.issues += 1
        PressItem.objects.bulk_create(press)
        result.press_items = len(press)
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
            model="risks.RiskMonth",
            object_pk=str(month.pk),
            object_repr=f"{org.name} {month} ← {name}"[:300],
            organisation_id_ref=org.pk,
            changes={
                "file": [None, name],
                "sha256": [None, sha256],
                "year": [None, year],
                "issues": [None, result.issues],
                "press_items": [None, result.press_items],
                "findings": [None, len(doc.findings)],
            },
        )
    return result
