"""Writes for indicator values: targets, baselines, and the actuals workflow
(draft → submitted → approved | rejected → … ), with optimistic locking and evidence.

Every write takes the acting user, asks the policy (``seonggwa.policy``: roles, a closed
plan, a locked period, the entry window, a locked value) and is audited as that user, so
the web, the admin, the CLI and the API obey the same rules (docs/workflow.md)."""

from __future__ import annotations

import datetime
import hashlib
import mimetypes
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from seonggwa.accounts.models import Role
from seonggwa.accounts.selectors import users_with_role
from seonggwa.audit.context import acting_as, current_actor
from seonggwa.core.errors import ConflictError, PermissionDenied, ServiceError
from seonggwa.core.limits import InputRefused, LimitExceeded, Limits, pdf_check, zip_check
from seonggwa.engine.periods import PeriodKey
from seonggwa.engine.values import Qualifier, parse_value
from seonggwa.notifications.selectors import notification_sent
from seonggwa.notifications.services import notify
from seonggwa.organisations.models import OrgUnit
from seonggwa.plans.models import Indicator, Period, Plan
from seonggwa.policy import (
    APPROVING,
    ENTERING,
    acting_for,
    can_approve_actual,
    can_edit_plan,
    can_enter_actual,
    can_manage_plan,
    can_run_evaluation,
    entry_refusal,
    review_refusal,
)

from .models import Evidence, IndicatorValue, evidence_storage_name
from .selectors import collection_board

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


def read_value(raw_text: str) -> dict[str, Any]:
    """The value grammar's reading of a cell as stored fields: the primary number, the
    parts and the qualifier (``engine.values.parse_value``); the raw text is kept as typed."""
    parsed = parse_value(raw_text)
    number = parsed.number
    if number is None and parsed.parts:
        number = parsed.parts[0].number
    return {
        "value": number,
        "parts": [(p.name, p.number) for p in parsed.parts],
        "qualifier": parsed.kind.value,
    }


# How the value grammar's texts look, for messages that say how to type an actual.
VALUE_EXAMPLES = "80.5, 230(1,942), △1.2, 12.5%, 기준점, -"


def reading_refusal(raw_text: str) -> str | None:
    """Why typed text cannot be taken as an actual (Korean, saying how to write it), or
    None: an actual is never blank ("no data" is no row; "not applicable" is ``-``), and
    text the value grammar does not understand is refused rather than stored unread.

    >>> reading_refusal("230(1,942)") is None, reading_refusal("-") is None
    (True, True)
    >>> reading_refusal("  ") is not None, reading_refusal("많음") is not None
    (True, True)
    """
    if not raw_text.strip():
        return gettext("실적을 입력하세요. 해당이 없으면 '-'를 입력하세요.")
    if parse_value(raw_text).kind is Qualifier.TEXT:
        return gettext(
            "'%(text)s'은(는) 읽을 수 없는 값입니다. %(examples)s 처럼 문서에 쓰는 대로 입력하세요."
        ) % {"text": raw_text.strip(), "examples": VALUE_EXAMPLES}
    return None


def _period(indicator: Indicator, year: int, quarter: int, month: int) -> Period | None:
    return Period.objects.filter(
        plan_id=indicator.plan_id, year=year, quarter=quarter, month=month
    ).first()


def _value_period(value: IndicatorValue) -> Period | None:
    return _period(value.indicator, value.year, value.quarter, value.month)


def _may_enter(
    user: Any, indicator: Indicator, period: Period | None, year: int | None = None
) -> None:
    """Refuse an entry (entering, submitting, attaching evidence) the policy does not allow."""
    plan = indicator.plan
    if not can_enter_actual(user, plan, indicator.owner.unit):
        if plan.status == Plan.Status.CLOSED:
            raise ServiceError(
                gettext("%(plan)s은(는) 마감되어 실적을 입력할 수 없습니다.") % {"plan": plan}
            )
        raise PermissionDenied(
            gettext("'%(unit)s'의 실적을 입력할 권한이 없습니다.")
            % {"unit": indicator.owner.unit.name}
        )
    refusal = entry_refusal(user, plan, period, year=year)
    if refusal is not None:
        raise ServiceError(refusal)


def _may_review(user: Any, value: IndicatorValue, period: Period | None) -> None:
    """Refuse an approval or a rejection: the unit's managers and the central roles, in an
    open plan and an unlocked period (after the entry window too)."""
    indicator = value.indicator
    plan = indicator.plan
    if not can_approve_actual(user, plan, indicator.owner.unit):
        if plan.status == Plan.Status.CLOSED:
            raise ServiceError(
                gettext("%(plan)s은(는) 마감되어 바꿀 수 없습니다.") % {"plan": plan}
            )
        raise PermissionDenied(
            gettext("'%(unit)s'의 실적을 승인하거나 반려할 권한이 없습니다.")
            % {"unit": indicator.owner.unit.name}
        )
    refusal = review_refusal(user, plan, period)
    if refusal is not None:
        raise ServiceError(refusal)


def _stand_in(user: Any, value_or_indicator: Any, roles: set[str]) -> tuple[Any, str | None]:
    """Whom ``user`` stands in for on this indicator's unit (a delegation), and the audit
    label "X (Y 대리)" that records it; (None, None) when the right is the user's own."""
    indicator = getattr(value_or_indicator, "indicator", value_or_indicator)
    principal = acting_for(user, indicator.plan, indicator.owner.unit, roles)
    if principal is None:
        return None, None
    label = gettext("%(by)s (%(for)s 대리)") % {
        "by": user.get_username(),
        "for": principal.get_username(),
    }
    return principal, label


@transaction.atomic
def value_set(
    *,
    user: Any,
    indicator: Indicator,
    kind: str,
    year: int,
    raw_text: str,
    value: Decimal | None = None,
    parts: list[tuple[str, Decimal]] | None = None,
    qualifier: str = IndicatorValue.Qualifier.ABSOLUTE,
    quarter: int = 0,
    month: int = 0,
    expected_version: int | None = None,
) -> IndicatorValue:
    """Create or replace a target, baseline or score (planning data: the central roles,
    while the plan is open). Actuals go through :func:`actual_enter`."""
    if kind == IndicatorValue.Kind.ACTUAL:
        raise ServiceError(
            gettext("실적은 actual_enter / actual_submit / actual_approve 로 처리하세요.")
        )
    indicator = Indicator.objects.select_related("plan").get(pk=indicator.pk)
    plan = indicator.plan
    if plan.status == Plan.Status.CLOSED:
        raise ServiceError(
            gettext("%(plan)s은(는) 마감되어 값을 바꿀 수 없습니다.") % {"plan": plan}
        )
    if not can_edit_plan(user, plan):
        raise PermissionDenied(gettext("목표·기준값은 평가담당관이나 관리자만 바꿀 수 있습니다."))
    obj = value_for_update(
        indicator=indicator,
        kind=kind,
        year=year,
        quarter=quarter,
        month=month,
        expected_version=expected_version,
    )
    if obj is None:
        obj = IndicatorValue(
            indicator=indicator,
            kind=kind,
            year=year,
            quarter=quarter,
            month=month,
            entered_by=user if getattr(user, "pk", None) else None,
            status=Status.APPROVED,
        )
    obj.raw_text = raw_text
    obj.value = value
    obj.parts = _parts_json(parts)
    obj.qualifier = qualifier
    return value_save(obj, user=user)


def value_conflict(
    *, indicator: Indicator, kind: str, key: PeriodKey, read: int | None, current: int
) -> ConflictError:
    """The one message of a lost race on a value: someone else wrote it (or created it)
    after it was read."""
    return ConflictError(
        gettext(
            "다른 사용자가 '%(indicator)s' %(period)s %(kind)s을(를) 먼저 수정했습니다 "
            "(읽은 버전 %(read)s, 현재 버전 %(current)s). 새로 고친 뒤 다시 입력하세요."
        )
        % {
            "indicator": indicator.name,
            "period": str(key),
            "kind": IndicatorValue.Kind(kind).label,
            "read": "-" if read is None else read,
            "current": current,
        }
    )


def _refuse_locked(current: IndicatorValue) -> None:
    if current.locked:
        raise ServiceError(
            gettext("'%(indicator)s' %(year)s년 실적은 승인 후 잠겨 수정할 수 없습니다.")
            % {"indicator": current.indicator.name, "year": current.year}
        )


def _check_version(current: IndicatorValue, expected_version: int | None) -> None:
    if expected_version is not None and current.version != expected_version:
        raise value_conflict(
            indicator=current.indicator,
            kind=current.kind,
            key=PeriodKey(current.year, current.quarter, current.month),
            read=expected_version,
            current=current.version,
        )


def value_for_update(
    *,
    indicator: Indicator,
    kind: str,
    year: int,
    quarter: int = 0,
    month: int = 0,
    expected_version: int | None = None,
) -> IndicatorValue | None:
    """The stored value of this indicator, kind and period, its row locked until the
    transaction ends (``select_for_update``), or None when there is none yet (then the
    caller creates it through :func:`value_save`, which turns a create race into a
    conflict). With ``expected_version`` (the version the writer read) a value changed since
    is refused with :func:`value_conflict`; without it the writer changes what is stored now
    (the lock still keeps every write and its audited "before" in order). A locked value is
    refused. Every write to a value — actual, target, baseline, score — starts here."""
    current = (
        IndicatorValue.objects.select_for_update(of=("self",))  # not the plan's row
        .select_related("indicator__plan", "indicator__owner__unit")
        .filter(indicator=indicator, kind=kind, year=year, quarter=quarter, month=month)
        .first()
    )
    if current is None:
        return None
    _check_version(current, expected_version)
    _refuse_locked(current)
    return current


def _value_locked(value: IndicatorValue, expected_version: int | None) -> IndicatorValue:
    """``value``'s row locked and checked like :func:`value_for_update` (by primary key)."""
    current = (
        IndicatorValue.objects.select_for_update(of=("self",))  # not the plan's row
        .select_related("indicator__plan", "indicator__owner__unit")
        .get(pk=value.pk)
    )
    _check_version(current, expected_version)
    _refuse_locked(current)
    return current


def value_save(
    obj: IndicatorValue, *, user: Any, label: str | None = None, clean: bool = True
) -> IndicatorValue:
    """Save a value read by :func:`value_for_update` (its row locked) or a new one, as
    ``user`` (audited, with the stand-in ``label``): an existing row's version goes up by
    one; a new row that someone else created first (the database's unique constraint
    answers) is the same conflict as an update race, never a raw database error."""
    new = obj.pk is None
    if not new:
        obj.version += 1
    try:
        if clean:  # a workflow step changes only its own fields
            obj.full_clean()
        with transaction.atomic(), acting_as(user, label):
            obj.save()
    except (ValidationError, IntegrityError):
        if not new:
            raise
        other = IndicatorValue.objects.filter(
            indicator_id=obj.indicator_id,
            kind=obj.kind,
            year=obj.year,
            quarter=obj.quarter,
            month=obj.month,
        ).first()
        if other is None:
            raise
        raise value_conflict(
            indicator=obj.indicator,
            kind=obj.kind,
            key=PeriodKey(obj.year, obj.quarter, obj.month),
            read=None,
            current=other.version,
        ) from None
    return obj


@transaction.atomic
def actual_enter(
    *,
    indicator: Indicator,
    year: int,
    raw_text: str,
    user: Any,
    value: Decimal | None = None,
    parts: list[tuple[str, Decimal]] | None = None,
    qualifier: str | None = None,
    quarter: int = 0,
    month: int = 0,
    expected_version: int | None = None,
    note: str = "",
) -> IndicatorValue:
    """Enter (or re-enter) an actual as a draft, as the documents write it. Without
    ``value``/``parts``/``qualifier`` the value grammar reads ``raw_text``. Re-entering needs
    the version that was read; an approved actual cannot be changed."""
    indicator = Indicator.objects.select_related("plan", "owner__unit").get(pk=indicator.pk)
    period = _period(indicator, year, quarter, month)
    _may_enter(user, indicator, period, year)
    if value is None and parts is None and qualifier is None:
        refusal = reading_refusal(raw_text)
        if refusal is not None:
            raise ServiceError(refusal)
        reading = read_value(raw_text)
        value, parts, qualifier = reading["value"], reading["parts"], reading["qualifier"]
    principal, label = _stand_in(user, indicator, ENTERING)
    existing = value_for_update(
        indicator=indicator,
        kind=IndicatorValue.Kind.ACTUAL,
        year=year,
        quarter=quarter,
        month=month,
        expected_version=expected_version,
    )
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
        obj = existing
        if obj.status == Status.APPROVED:
            raise ServiceError(
                gettext("승인된 실적은 수정할 수 없습니다. 평가담당관에게 반려를 요청하세요.")
            )
        if obj.status == Status.SUBMITTED:
            # the workflow: a submitted actual is approved or returned, then corrected
            raise ServiceError(
                gettext(
                    "제출되어 승인을 기다리는 실적은 수정할 수 없습니다. 부서장이 반려하면 "
                    "보완해 다시 제출하세요."
                )
            )
        obj.entered_by = user if getattr(user, "pk", None) else obj.entered_by
    obj.raw_text = raw_text
    obj.value = value
    obj.parts = _parts_json(parts)
    obj.qualifier = qualifier or IndicatorValue.Qualifier.ABSOLUTE
    obj.status = Status.DRAFT
    obj.note = note
    obj.entered_for = principal
    return value_save(obj, user=user, label=label)


def _transition(
    value: IndicatorValue, expected_version: int, allowed_from: set[str], to: str, **extra: Any
) -> IndicatorValue:
    current = _value_locked(value, expected_version)
    if current.kind != IndicatorValue.Kind.ACTUAL:
        raise ServiceError(gettext("목표·기준값에는 승인 절차가 없습니다."))
    if current.status not in allowed_from:
        raise ServiceError(
            gettext("'%(current)s' 상태의 실적은 '%(new)s'(으)로 바꿀 수 없습니다.")
            % {"current": current.get_status_display(), "new": Status(to).label}
        )
    current.status = to
    for k, v in extra.items():
        setattr(current, k, v)
    actor, name = current_actor()  # the caller's acting_as (a stand-in's label included)
    return value_save(current, user=actor, label=name, clean=False)


def _facts(value: IndicatorValue, user: Any) -> dict[str, Any]:
    key = PeriodKey(value.year, value.quarter, value.month)
    return {
        "indicator": value.indicator.name,
        "period": str(key),
        "value": value.raw_text,
        "by": getattr(user, "get_username", lambda: "")() or "-",
    }


def _link(value: IndicatorValue) -> str:
    return f"/values/{value.pk}/"


@transaction.atomic
def actual_submit(*, value: IndicatorValue, expected_version: int, user: Any) -> IndicatorValue:
    """Submit a draft (or a corrected rejected) actual for approval; the unit's managers
    are told."""
    current = IndicatorValue.objects.select_related(
        "indicator__plan", "indicator__owner__unit"
    ).get(pk=value.pk)
    _may_enter(user, current.indicator, _value_period(current), current.year)
    _principal, label = _stand_in(user, current, ENTERING)
    with acting_as(user, label):
        done = _transition(
            current,
            expected_version,
            {Status.DRAFT, Status.REJECTED},
            Status.SUBMITTED,
            submitted_at=timezone.now(),
        )
    plan = done.indicator.plan
    notify(
        users=users_with_role(
            organisation_id=plan.organisation_id,
            roles=[Role.UNIT_MANAGER],
            unit=done.indicator.owner.unit,
        ),
        kind="submitted",
        params=_facts(done, user),
        link=_link(done),
        organisation_id=plan.organisation_id,
    )
    return done


@transaction.atomic
def actual_approve(
    *, value: IndicatorValue, expected_version: int, user: Any, lock: bool = True
) -> IndicatorValue:
    """Approve a submitted actual (and lock it); the person who entered it is told."""
    current = IndicatorValue.objects.select_related(
        "indicator__plan", "indicator__owner__unit"
    ).get(pk=value.pk)
    _may_review(user, current, _value_period(current))
    principal, label = _stand_in(user, current, APPROVING)
    with acting_as(user, label):
        done = _transition(
            current,
            expected_version,
            {Status.SUBMITTED},
            Status.APPROVED,
            approved_by=user if getattr(user, "pk", None) else None,
            approved_for=principal,
            approved_at=timezone.now(),
            locked=lock,
        )
    _tell_enterer(done, "approved", user)
    return done


@dataclass(frozen=True)
class ReviewOutcome:
    """One actual of a batch approval: the approved row, or why it was not approved
    (``error``; a :class:`ConflictError` when someone changed it after it was read)."""

    value: IndicatorValue
    done: IndicatorValue | None = None
    error: ServiceError | None = None


@transaction.atomic
def actual_approve_many(
    *, items: Sequence[tuple[IndicatorValue, int]], user: Any
) -> list[ReviewOutcome]:
    """Approve several submitted actuals (each with the version that was read) in one
    transaction. One that cannot be approved — changed since it was read, no longer
    submitted, not the user's to approve — is reported in its outcome and left as it is;
    the others are approved."""
    outcomes: list[ReviewOutcome] = []
    for value, version in items:
        try:
            done = actual_approve(value=value, expected_version=version, user=user)
        except ServiceError as exc:  # its own savepoint rolled back; the others go on
            outcomes.append(ReviewOutcome(value=value, error=exc))
        else:
            outcomes.append(ReviewOutcome(value=value, done=done))
    return outcomes


@transaction.atomic
def actual_reject(
    *, value: IndicatorValue, expected_version: int, user: Any, reason: str
) -> IndicatorValue:
    """Return a submitted actual with a reason; the person who entered it sees the reason,
    corrects and submits again."""
    if not reason.strip():
        raise ServiceError(gettext("반려 사유를 입력하세요."), field="reason")
    current = IndicatorValue.objects.select_related(
        "indicator__plan", "indicator__owner__unit"
    ).get(pk=value.pk)
    _may_review(user, current, _value_period(current))
    _principal, label = _stand_in(user, current, APPROVING)
    with acting_as(user, label):
        done = _transition(
            current,
            expected_version,
            {Status.SUBMITTED},
            Status.REJECTED,
            review_note=reason.strip(),
        )
    _tell_enterer(done, "rejected", user, reason=reason.strip())
    return done


def _tell_enterer(value: IndicatorValue, kind: str, user: Any, **more: str) -> None:
    if value.entered_by is None or value.entered_by == user:
        return
    plan = value.indicator.plan
    notify(
        users=[value.entered_by],
        kind=kind,
        params={**_facts(value, user), **more},
        link=_link(value),
        organisation_id=plan.organisation_id,
    )


def evidence_store(content: bytes) -> str:
    """Write ``content`` under its SHA-256 name (once) and return that storage name."""
    name = evidence_storage_name(hashlib.sha256(content).hexdigest())
    if not default_storage.exists(name):
        saved = default_storage.save(name, ContentFile(content))
        if saved != name:  # a concurrent writer stored the same bytes first
            default_storage.delete(saved)
    return name


# The members a zip-based document must hold (what the leading bytes cannot tell apart).
ZIP_MEMBERS = {
    ".xlsx": "xl/workbook.xml",
    ".docx": "word/document.xml",
    ".hwpx": "mimetype",
}
TEXT_TYPES = {".csv", ".txt"}


def _content_refusal(file_name: str, ext: str, content: bytes) -> str | None:
    """Why the bytes are not a file of type ``ext``: the leading bytes (magic), for a
    zip-based document the member that makes it one, for text no binary data and an
    encoding the office uses (UTF-8, CP949)."""
    wrong = gettext("'%(file)s': 파일 내용이 %(ext)s 형식이 아닙니다.") % {
        "file": file_name,
        "ext": ext,
    }
    if ext in MAGIC and not any(content.startswith(m) for m in MAGIC[ext]):
        return wrong
    limits = Limits.from_settings(settings)
    if ext in ZIP_MEMBERS:
        # the directory first (entries, declared size, ratio), then unpacked in chunks under
        # the import limits: a zip bomb is refused as evidence too (docs/limits.md)
        try:
            names = zip_check(content, limits, name=f"'{file_name}'", inflate=False)
        except LimitExceeded as exc:
            return str(exc)
        except InputRefused:
            return wrong
        if ZIP_MEMBERS[ext] not in names:
            return wrong
        try:
            zip_check(content, limits, name=f"'{file_name}'")
        except InputRefused as exc:
            return str(exc)
    if ext == ".pdf":
        try:
            pdf_check(content, limits, name=f"'{file_name}'")
        except InputRefused as exc:
            return str(exc)
    if ext in TEXT_TYPES:
        if b"\x00" in content[:8192]:
            return wrong
        for encoding in ("utf-8-sig", "cp949"):
            try:
                content.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            return gettext(
                "'%(file)s': 텍스트 파일을 UTF-8이나 CP949로 읽을 수 없습니다. UTF-8로 저장해 "
                "다시 올리세요."
            ) % {"file": file_name}
    return None


def evidence_check(
    *, file_name: str, content: bytes, content_type: str | None = None, size: int | None = None
) -> str:
    """The content type of an evidence file, after checking its size, extension and content
    (the limits every evidence upload obeys); ``ServiceError`` saying what to do otherwise."""
    limit = int(getattr(settings, "SEONGGWA_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))
    total = len(content) if size is None else max(size, len(content))
    if total == 0:
        raise ServiceError(gettext("'%(file)s': 빈 파일입니다.") % {"file": file_name})
    if total > limit:
        raise ServiceError(
            gettext("'%(file)s': 파일이 너무 큽니다(%(size)s바이트, 최대 %(limit)s바이트).")
            % {"file": file_name, "size": f"{total:,}", "limit": f"{limit:,}"}
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
    refusal = _content_refusal(file_name, ext, content)
    if refusal is not None:
        raise ServiceError(refusal)
    return ctype


@transaction.atomic
def evidence_attach(
    *,
    value: IndicatorValue,
    file_name: str,
    content: bytes,
    user: Any,
    description: str = "",
    content_type: str | None = None,
    size: int | None = None,
) -> Evidence:
    """Attach a file to an actual after checking its size, extension and content (leading
    bytes, a zip document's members, a text file's encoding); only while the actual may still
    be changed (a draft or a returned actual, period open). ``size`` is the whole file's size
    when the caller read only the first ``SEONGGWA_MAX_UPLOAD_BYTES`` + 1 bytes of a larger
    upload; ``content_type`` (a browser's guess) may be left out: the name decides."""
    if value is not None and value.pk is not None:
        current = IndicatorValue.objects.select_related(
            "indicator__plan", "indicator__owner__unit"
        ).get(pk=value.pk)
        _may_enter(user, current.indicator, _value_period(current), current.year)
        if current.locked or current.status in (Status.APPROVED, Status.SUBMITTED):
            raise ServiceError(
                gettext(
                    "'%(indicator)s' 실적은 %(status)s 상태라 증빙을 붙일 수 없습니다. 반려된 뒤 "
                    "보완하세요."
                )
                % {"indicator": current.indicator.name, "status": current.get_status_display()}
            )
    ctype = evidence_check(
        file_name=file_name, content=content, content_type=content_type, size=size
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
    with acting_as(user):
        evidence.save()
    return evidence


@transaction.atomic
def actual_correct(
    *,
    indicator: Indicator,
    year: int,
    raw_text: str,
    user: Any,
    reason: str,
    quarter: int = 0,
    month: int = 0,
) -> IndicatorValue:
    """The evaluation office corrects an actual after accepting a unit's objection (이의신청):
    the corrected figure is approved at once, with the reason as its review note. Unlike
    entering, this goes on after the plan is closed and the period locked (the year's
    evaluation is run then); only the central roles may do it, and it is audited as them."""
    indicator = Indicator.objects.select_related("plan", "owner__unit").get(pk=indicator.pk)
    if not can_run_evaluation(user, indicator.plan):
        raise PermissionDenied(gettext("이의신청에 따른 실적 정정은 평가담당관만 할 수 있습니다."))
    if not reason.strip():
        raise ServiceError(gettext("정정 사유를 입력하세요."), field="reason")
    refusal = reading_refusal(raw_text)
    if refusal is not None:
        raise ServiceError(refusal, field="actual")
    reading = read_value(raw_text)
    obj = (
        IndicatorValue.objects.select_for_update()
        .filter(
            indicator=indicator,
            kind=IndicatorValue.Kind.ACTUAL,
            year=year,
            quarter=quarter,
            month=month,
        )
        .first()
    )
    if obj is None:
        obj = IndicatorValue(
            indicator=indicator,
            kind=IndicatorValue.Kind.ACTUAL,
            year=year,
            quarter=quarter,
            month=month,
            entered_by=user if getattr(user, "pk", None) else None,
        )
    else:
        obj.version += 1
    obj.raw_text = raw_text.strip()
    obj.value = reading["value"]
    obj.parts = _parts_json(reading["parts"])
    obj.qualifier = reading["qualifier"]
    obj.status = Status.APPROVED
    obj.approved_by = user if getattr(user, "pk", None) else None
    obj.approved_for = None
    obj.approved_at = timezone.now()
    obj.locked = True
    obj.review_note = reason.strip()
    obj.full_clean()
    with acting_as(user):
        obj.save()
    return obj


# --- reminders ---------------------------------------------------------------------------------


def _remind_unit(status: Any, kind: str, dedupe_key: str) -> int:
    period, unit = status.period, status.unit
    plan = period.plan
    sent = notify(
        users=users_with_role(
            organisation_id=plan.organisation_id,
            roles=[Role.UNIT_STAFF, Role.UNIT_MANAGER],
            unit=unit,
        ),
        kind=kind,
        params={
            "plan": str(plan),
            "period": period.key,
            "unit": unit.name,
            "count": status.waiting,
            "closes": period.closes_on.isoformat() if period.closes_on else "-",
            "days": (period.closes_on - timezone.localdate()).days if period.closes_on else "-",
        },
        link=f"/plans/{plan.pk}/entry/?period={period.key}",
        organisation_id=plan.organisation_id,
        dedupe_key=dedupe_key,
    )
    return len(sent)


@transaction.atomic
def reminders_send(*, today: datetime.date | None = None) -> int:
    """``seonggwa remind`` (for cron): announce every entry window open today (one set for a
    later day is told on the day it opens), and tell the staff and managers of every unit
    with actuals still to submit when an open entry window closes within
    ``SEONGGWA_REMIND_DAYS`` days. Once per unit and window: running it again sends nothing
    new. Returns how many notifications were created."""
    from seonggwa.plans.services import period_window_announce

    day = today or timezone.localdate()
    days = int(getattr(settings, "SEONGGWA_REMIND_DAYS", 3))
    sent = 0
    for period in Period.objects.filter(
        locked=False,
        opens_on__lte=day,
        closes_on__gte=day,
        plan__status=Plan.Status.CONFIRMED,  # a draft collects nothing yet
    ).select_related("plan"):
        sent += period_window_announce(period=period, today=day)
    periods = Period.objects.filter(
        locked=False,
        opens_on__lte=day,
        closes_on__gte=day,
        closes_on__lte=day + datetime.timedelta(days=days),
        plan__status=Plan.Status.CONFIRMED,
    )
    for period in periods.select_related("plan"):
        for status in collection_board(plan=period.plan):
            if status.period.pk == period.pk and status.waiting:
                sent += _remind_unit(
                    status, "deadline", f"deadline:{period.pk}:{period.closes_on}:{status.unit.pk}"
                )
    return sent


@transaction.atomic
def unit_remind(*, user: Any, period: Period, unit: OrgUnit) -> int:
    """The evaluation office reminds one unit of its actuals still to submit (at most once a
    day per unit and period: a second reminder the same day is refused). Returns how many
    people were told."""
    plan = period.plan
    if not can_manage_plan(user, plan):
        raise PermissionDenied(gettext("독촉은 평가담당관이나 관리자만 보낼 수 있습니다."))
    for status in collection_board(plan=plan, unit_ids={unit.pk}):
        if status.period.pk == period.pk:
            if not status.waiting:
                raise ServiceError(
                    gettext("%(unit)s은(는) %(period)s 실적을 모두 제출했습니다.")
                    % {"unit": unit.name, "period": period.key}
                )
            key = f"reminder:{period.pk}:{unit.pk}:{timezone.localdate()}"
            if notification_sent(dedupe_key=key):
                raise ServiceError(
                    gettext(
                        "%(unit)s에는 오늘 이미 %(period)s 실적 입력을 독촉했습니다. 독촉은 "
                        "부서·기간마다 하루에 한 번 보낼 수 있습니다."
                    )
                    % {"unit": unit.name, "period": period.key}
                )
            return _remind_unit(status, "reminder", key)
    raise ServiceError(
        gettext("%(unit)s에는 %(plan)s의 지표가 없습니다.") % {"unit": unit.name, "plan": plan}
    )
