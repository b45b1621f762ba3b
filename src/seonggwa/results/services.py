"""Writes for indicator values: targets, baselines, and the actuals workflow
(draft → submitted → approved | rejected → … ), with optimistic locking and evidence."""

from __future__ import annotations

import hashlib
import mimetypes
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from seonggwa.core.errors import ConflictError, ServiceError
from seonggwa.plans.models import Indicator, Plan

from .models import Evidence, IndicatorValue, evidence_storage_name

Status = IndicatorValue.Status

# Evidence types a department may upload: documents, spreadsheets, images, archives.
ALLOWED_EVIDENCE = {
    ".pdf": {"application/pdf"},
    ".hwp": {"application/x-hwp", "application/haansofthwp", "application/octet-stream"},
    ".hwpx": {
        "application/hwp+zip",
        "application/haansofthwpx",
        "application/zip",
        "application/octet-stream",
    },
    ".xlsx": {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/zip",
    },
    ".docx": {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/zip",
    },
    ".csv": {"text/csv", "text/plain"},
    ".txt": {"text/plain"},
    ".png": {"image/png"},
    ".jpg": {"image/jpeg"},
    ".jpeg": {"image/jpeg"},
}
# Leading bytes of each type; a file whose content does not match its name is refused.
MAGIC = {
    ".pdf": [b"%PDF"],
    ".png": [b"\x89PNG"],
    ".jpg": [b"\xff\xd8\xff"],
    ".jpeg": [b"\xff\xd8\xff"],
    ".xlsx": [b"PK\x03\x04"],
    ".docx": [b"PK\x03\x04"],
    ".hwpx": [b"PK\x03\x04"],
    ".hwp": [b"\xd0\xcf\x11\xe0"],
}


def _parts_json(parts: list[tuple[str, Decimal]] | None) -> list[dict[str, str]]:
    return [{"name": name, "value": str(value)} for name, value in (parts or [])]


@transaction.atomic
def value_set(
    *,
    indicator: Indicator,
    kind: str,
    year: int,
    raw_text: str,
    value: Decimal | None = None,
    parts: list[tuple[str, Decimal]] | None = None,
    qualifier: str = IndicatorValue.Qualifier.ABSOLUTE,
    quarter: int = 0,
    month: int = 0,
    status: str = Status.APPROVED,
    user: Any = None,
) -> IndicatorValue:
    """Create or replace a target/baseline (planning data). Actuals go through ``actual_enter``."""
    if kind == IndicatorValue.Kind.ACTUAL and status not in (Status.DRAFT, Status.APPROVED):
        raise ServiceError(
            gettext("실적은 actual_enter / actual_submit / actual_approve 로 처리하세요.")
        )
    if indicator.plan.status == Plan.Status.CLOSED:
        raise ServiceError(
            gettext("%(plan)s은(는) 마감되어 값을 바꿀 수 없습니다.") % {"plan": indicator.plan}
        )
    obj = IndicatorValue.objects.filter(
        indicator=indicator, kind=kind, year=year, quarter=quarter, month=month
    ).first() or IndicatorValue(
        indicator=indicator, kind=kind, year=year, quarter=quarter, month=month
    )
    if obj.locked:
        raise ServiceError(gettext("%(value)s은(는) 잠겨 있어 바꿀 수 없습니다.") % {"value": obj})
    obj.raw_text = raw_text
    obj.value = value
    obj.parts = _parts_json(parts)
    obj.qualifier = qualifier
    obj.status = status
    if obj.pk is None:
        obj.entered_by = user if getattr(user, "pk", None) else None
    else:
        obj.version += 1
    obj.full_clean()
    obj.save()
    return obj


def _locked_row(value: IndicatorValue, expected_version: int) -> IndicatorValue:
    current = (
        IndicatorValue.objects.select_for_update()
        .select_related("indicator__plan")
        .get(pk=value.pk)
    )
    if current.version != expected_version:
        raise ConflictError(
            gettext(
                "다른 사용자가 '%(indicator)s' %(year)s년 실적을 먼저 수정했습니다 "
                "(읽은 버전 %(read)s, 현재 버전 %(current)s). 새로 고친 뒤 다시 입력하세요."
            )
            % {
                "indicator": current.indicator.name,
                "year": current.year,
                "read": expected_version,
                "current": current.version,
            }
        )
    if current.locked:
        raise ServiceError(
            gettext("'%(indicator)s' %(year)s년 실적은 승인 후 잠겨 수정할 수 없습니다.")
            % {"indicator": current.indicator.name, "year": current.year}
        )
    return current


@transaction.atomic
def actual_enter(
    *,
    indicator: Indicator,
    year: int,
    raw_text: str,
    value: Decimal | None,
    user: Any,
    parts: list[tuple[str, Decimal]] | None = None,
    qualifier: str = IndicatorValue.Qualifier.ABSOLUTE,
    quarter: int = 0,
    month: int = 0,
    expected_version: int | None = None,
    note: str = "",
) -> IndicatorValue:
    """Enter (or re-enter) an actual as a draft. Re-entering needs the version that was read."""
    if indicator.plan.status == Plan.Status.CLOSED:
        raise ServiceError(
            gettext("%(plan)s은(는) 마감되어 실적을 입력할 수 없습니다.") % {"plan": indicator.plan}
        )
    existing = IndicatorValue.objects.filter(
        indicator=indicator,
        kind=IndicatorValue.Kind.ACTUAL,
        year=year,
        quarter=quarter,
        month=month,
    ).first()
    if existing is None:
        obj = IndicatorValue(
            indicator=indicator,
            kind=IndicatorValue.Kind.ACTUAL,
            year=year,
            quarter=quarter,
            month=month,
            entered_by=user if getattr(user, "pk", None) else None,
        )
    else:
        if expected_version is None:
            raise ConflictError(
                gettext(
                    "'%(indicator)s' %(year)s년 실적이 이미 있습니다(버전 %(version)s). 수정하려면 읽은 버전을 함께 보내세요."
                )
                % {"indicator": indicator.name, "year": year, "version": existing.version}
            )
        obj = _locked_row(existing, expected_version)
        if obj.status == Status.APPROVED:
            raise ServiceError(
                gettext("승인된 실적은 수정할 수 없습니다. 평가담당관에게 반려를 요청하세요.")
            )
        obj.version += 1
        obj.entered_by = user if getattr(user, "pk", None) else obj.entered_by
    obj.raw_text = raw_text
    obj.value = value
    obj.parts = _parts_json(parts)
    obj.qualifier = qualifier
    obj.status = Status.DRAFT
    obj.note = note
    obj.full_clean()
    obj.save()
    return obj


def _transition(
    value: IndicatorValue, expected_version: int, allowed_from: set[str], to: str, **extra: Any
) -> IndicatorValue:
    current = _locked_row(value, expected_version)
    if current.kind != IndicatorValue.Kind.ACTUAL:
        raise ServiceError(gettext("목표·기준값에는 승인 절차가 없습니다."))
    if current.status not in allowed_from:
        raise ServiceError(
            gettext("'%(current)s' 상태의 실적은 '%(new)s'(으)로 바꿀 수 없습니다.")
            % {"current": current.get_status_display(), "new": Status(to).label}
        )
    current.status = to
    current.version += 1  # the row is locked (select_for_update): no lost update
    for k, v in extra.items():
        setattr(current, k, v)
    current.save()
    return current


@transaction.atomic
def actual_submit(*, value: IndicatorValue, expected_version: int, user: Any) -> IndicatorValue:
    return _transition(value, expected_version, {Status.DRAFT, Status.REJECTED}, Status.SUBMITTED)


@transaction.atomic
def actual_approve(
    *, value: IndicatorValue, expected_version: int, user: Any, lock: bool = True
) -> IndicatorValue:
    return _transition(
        value,
        expected_version,
        {Status.SUBMITTED},
        Status.APPROVED,
        approved_by=user if getattr(user, "pk", None) else None,
        approved_at=timezone.now(),
        locked=lock,
    )


@transaction.atomic
def actual_reject(
    *, value: IndicatorValue, expected_version: int, user: Any, reason: str
) -> IndicatorValue:
    if not reason.strip():
        raise ServiceError(gettext("반려 사유를 입력하세요."))
    return _transition(value, expected_version, {Status.SUBMITTED}, Status.REJECTED, note=reason)


def evidence_store(content: bytes) -> str:
    """Write ``content`` under its SHA-256 name (once) and return that storage name."""
    name = evidence_storage_name(hashlib.sha256(content).hexdigest())
    if not default_storage.exists(name):
        saved = default_storage.save(name, ContentFile(content))
        if saved != name:  # a concurrent writer stored the same bytes first
            default_storage.delete(saved)
    return name


@transaction.atomic
def evidence_attach(
    *,
    value: IndicatorValue,
    file_name: str,
    content: bytes,
    user: Any,
    description: str = "",
    content_type: str | None = None,
) -> Evidence:
    """Attach a file to a value after checking its size, extension and leading bytes."""
    limit = int(getattr(settings, "SEONGGWA_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))
    if len(content) == 0:
        raise ServiceError(gettext("'%(file)s': 빈 파일입니다.") % {"file": file_name})
    if len(content) > limit:
        raise ServiceError(
            gettext("'%(file)s': 파일이 너무 큽니다(%(size)s바이트, 최대 %(limit)s바이트).")
            % {"file": file_name, "size": f"{len(content):,}", "limit": f"{limit:,}"}
        )
    ext = "." + file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if ext not in ALLOWED_EVIDENCE:
        allowed = ", ".join(sorted(ALLOWED_EVIDENCE))
        raise ServiceError(
            gettext("'%(file)s': 허용되지 않는 파일 형식입니다. 허용: %(allowed)s")
            % {"file": file_name, "allowed": allowed}
        )
    ctype = content_type or mimetypes.guess_type(file_name)[0] or "application/octet-stream"
    if ctype not in ALLOWED_EVIDENCE[ext]:
        raise ServiceError(
            gettext("'%(file)s': 파일 형식(%(type)s)이 확장자(%(ext)s)와 맞지 않습니다.")
            % {"file": file_name, "type": ctype, "ext": ext}
        )
    if ext in MAGIC and not any(content.startswith(m) for m in MAGIC[ext]):
        raise ServiceError(
            gettext("'%(file)s': 파일 내용이 %(ext)s 형식이 아닙니다.")
            % {"file": file_name, "ext": ext}
        )
    digest = hashlib.sha256(content).hexdigest()
    evidence = Evidence(
        value=value,
        original_name=file_name[:255],
        content_type=ctype,
        size=len(content),
        sha256=digest,
        description=description,
        uploaded_by=user if getattr(user, "pk", None) else None,
    )
    evidence.file.name = evidence_store(content)
    evidence.save()
    return evidence
