"""Loading service of the ad-hoc review records (시정 주요사업 수시평가): reads a document
with the pure reader (``seonggwa.importers.reviews``) and writes one year's reviews, rounds,
findings, recommendations (each with its open follow-up, owned by the target unit), the
source document and the reader's findings (at their lines) in one transaction — a failed
import writes nothing."""

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
from seonggwa.engine.reviews import month_of, period_of
from seonggwa.importers.load import ImportFileError, _decode, _read
from seonggwa.importers.records import ParseError
from seonggwa.importers.reviews import ParsedReview, ReviewsDocument, parse
from seonggwa.importers.uploads import import_limits
from seonggwa.organisations.models import Organisation
from seonggwa.organisations.services import organisation_get_or_create, unit_find
from seonggwa.policy import can_manage_reviews
from seonggwa.reviews.models import (
    FollowUp,
    Recommendation,
    Review,
    ReviewFinding,
    ReviewRound,
)
from seonggwa.sources.models import SourceDocument, StoredFinding

__all__ = ["ReviewsImport", "reviews_import", "reviews_read"]


@dataclass(slots=True)
class ReviewsImport:
    organisation: Organisation
    document: SourceDocument
    year: int
    reviews: int = 0
    rounds: int = 0
    findings_stored: int = 0  # the reviews' findings (점검결과)
    recommendations: int = 0
    findings: list[Finding] = field(default_factory=list)  # the reader's
    already_imported: bool = False


def reviews_read(
    path_or_text: str | Path | bytes, *, source_name: str = ""
) -> tuple[str, bytes, ReviewsDocument]:
    """Read and parse a text document; writes nothing. :class:`ImportFileError` (with the
    file and line) when it holds no review list."""
    name, data = _read(path_or_text, source_name, import_limits())
    text, _encoding = _decode(name, data)
    try:
        return name, data, parse(text)
    except ParseError as exc:
        where = f"{name}:{exc.line}" if exc.line else name
        raise ImportFileError(f"{where}: {exc.message} 아무것도 저장하지 않았습니다.") from exc


def reviews_import(
    *,
    organisation_name: str,
    year: int,
    path_or_text: str | Path | bytes,
    user: Any = None,
    source_name: str = "",
) -> ReviewsImport:
    """Import the reviews of ``year`` in a document for the organisation. Refuses
    (``ServiceError``) a year the organisation already has reviews of from another file, and
    a document without that year; the same file again is reported as already imported."""
    org_found = Organisation.objects.filter(name=organisation_name.strip()).first()
    if user is not None and not (
        getattr(user, "is_superuser", False)
        or (org_found is not None and can_manage_reviews(user, org_found))
    ):
        raise PermissionDenied(
            f"'{organisation_name}'에 수시평가 자료를 가져올 권한이 없습니다(평가담당관·관리자)."
        )
    name, data, doc = reviews_read(path_or_text, source_name=source_name)
    chosen = [r for r in doc.reviews if r.year == year]
    if not chosen:
        found = ", ".join(f"{y}년" for y in doc.years)
        raise ImportFileError(
            f"{name}:{doc.list_line}: 수시평가 목록에 {year}년 행이 없습니다(있는 연도: {found}). "
            "--year 를 확인하세요. 아무것도 저장하지 않았습니다."
        )
    sha256 = hashlib.sha256(data).hexdigest()
    actor, actor_label = current_actor()
    if user is not None:
        actor, actor_label = user, user.get_username()
    if org_found is not None:
        existing = (
            Review.objects.filter(organisation=org_found, year=year)
            .select_related("source_document")
            .first()
        )
        if existing is not None:
            source = existing.source_document
            if source is not None and source.sha256 == sha256:
                return ReviewsImport(
                    org_found, source, year, already_imported=True, findings=doc.findings
                )
            raise ServiceError(
                f"{org_found.name} {year}년 수시평가가 이미 있습니다. '{name}'을(를) 가져오지 "
                "않았습니다."
            )
    findings = list(doc.findings)
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
        result = ReviewsImport(org, document, year, findings=findings)
        for parsed in chosen:
            _load_review(org, document, parsed, result)
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
                for n, f in enumerate(findings)
            ]
        )
        AuditEvent.objects.create(
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=actor_label[:150],
            action=AuditEvent.Action.IMPORT,
            model="reviews.Review",
            object_pk=str(year),
            object_repr=f"{org.name} {year}년 수시평가 ← {name}"[:300],
            organisation_id_ref=org.pk,
            changes={
                "file": [None, name],
                "sha256": [None, sha256],
                "reviews": [None, result.reviews],
                "rounds": [None, result.rounds],
                "recommendations": [None, result.recommendations],
                "findings": [None, len(findings)],
            },
        )
    return result


def _load_review(
    org: Organisation, document: SourceDocument, parsed: ParsedReview, result: ReviewsImport
) -> None:
    timing = month_of(parsed.timing_raw)
    period = period_of(parsed.period_raw)
    department = unit_find(organisation=org, name=parsed.department)
    fields = parsed.fields
    review = Review.objects.create(
        organisation=org,
        year=parsed.year,
        number=parsed.number,
        topic=parsed.topic[:300],
        record_title=" ".join(t for t in (parsed.title_note, parsed.record_title) if t)[:300],
        department=department,
        department_label=parsed.department[:200],
        timing_raw=parsed.timing_raw[:50],
        timing_start=timing[0] if timing else None,
        timing_end=timing[1] if timing else None,
        method=parsed.method or Review.Method.INSPECTION,
        overview_title=parsed.overview_title[:300],
        period_raw=parsed.period_raw[:200],
        period_start=period.start,
        period_end=period.end,
        period_ongoing=period.ongoing,
        direction=fields.get("추진방향", ""),
        content=fields.get("주요내용") or fields.get("점검내용", ""),
        total_cost=fields.get("총사업비", "")[:300],
        subject=fields.get("점검대상", ""),
        approach=fields.get("점검방법", ""),
        other_fields=[list(pair) for pair in parsed.other_fields],
        background="\n".join(parsed.background),
        source_document=document,
        source_line=parsed.record_line or parsed.line,
    )
    result.reviews += 1
    rounds = parsed.rounds or []
    for rnd in rounds:
        stored = ReviewRound.objects.create(
            review=review, number=rnd.number, title=rnd.title[:300], source_line=rnd.line
        )
        result.rounds += 1
        ReviewFinding.objects.bulk_create(
            [
                ReviewFinding(
                    round=stored,
                    position=n,
                    heading=item.heading[:200],
                    text=item.text,
                    details=list(item.details),
                    source_line=item.line,
                )
                for n, item in enumerate(rnd.findings, start=1)
            ]
        )
        result.findings_stored += len(rnd.findings)
        for n, item in enumerate(rnd.recommendations, start=1):
            recommendation = Recommendation.objects.create(
                round=stored,
                position=n,
                heading=item.heading[:200],
                text=item.text,
                details=list(item.details),
                source_line=item.line,
            )
            FollowUp.objects.create(recommendation=recommendation, owner_unit=department)
            result.recommendations += 1
    if not rounds:
        ReviewRound.objects.create(review=review, number=1, source_line=parsed.line)
        result.rounds += 1
