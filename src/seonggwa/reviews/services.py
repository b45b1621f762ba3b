"""Writes of the ad-hoc reviews: a review with its overview, its rounds, findings and
recommendations (the evaluation office, ``can_manage_reviews``), a follow-up's owner and
due date (the office) and its filing with status, notes and evidence (the target unit,
``can_file_followup``), and the daily follow-up reminders. Each takes the acting user, asks
the policy and is audited as that user by the audit signals."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from seonggwa.accounts.models import Role
from seonggwa.accounts.selectors import users_with_role
from seonggwa.audit.context import acting_as
from seonggwa.core.errors import ConflictError, PermissionDenied, ServiceError
from seonggwa.engine.reviews import FOLLOWUP_CLOSED, followup_state, month_of, period_of
from seonggwa.notifications.services import notify
from seonggwa.organisations.models import Organisation, OrgUnit
from seonggwa.policy import ENTERING, can_file_followup, can_manage_reviews, can_view_reviews
from seonggwa.results.services import evidence_check, evidence_store

from .models import FollowUp, FollowUpEvidence, Recommendation, Review, ReviewFinding, ReviewRound

__all__ = [
    "Upload",
    "followup_assign",
    "followup_file",
    "followup_reminders_send",
    "item_add",
    "item_change",
    "review_save",
    "round_save",
]


def _check(user: Any, organisation: Organisation | int) -> None:
    if not can_manage_reviews(user, organisation):
        raise PermissionDenied(gettext("수시평가는 평가담당관이나 관리자만 바꿀 수 있습니다."))


@dataclass(frozen=True, slots=True)
class ReviewFields:
    """What a review holds besides its organisation (the form's and the importer's input)."""

    year: int
    number: int
    topic: str
    department_label: str
    method: str
    timing_raw: str = ""
    department: OrgUnit | None = None
    period_raw: str = ""
    direction: str = ""
    content: str = ""
    total_cost: str = ""
    subject: str = ""
    approach: str = ""


def review_save(
    *, user: Any, organisation: Organisation, fields: ReviewFields, review: Review | None = None
) -> Review:
    """Create a review, or change ``review``; the timing ("'20.1월") and the period are read
    into dates, the raw text kept."""
    _check(user, organisation)
    if not fields.topic.strip() or not fields.department_label.strip():
        raise ServiceError(gettext("평가사업명과 대상실국을 입력하세요."), field="topic")
    if fields.method not in Review.Method.values:
        raise ServiceError(gettext("평가 방식을 고르세요."), field="method")
    if fields.department is not None and fields.department.organisation_id != organisation.pk:
        raise PermissionDenied(gettext("다른 기관의 부서는 대상실국이 될 수 없습니다."))
    clash = Review.objects.filter(organisation=organisation, year=fields.year, number=fields.number)
    if review is not None:
        clash = clash.exclude(pk=review.pk)
    if clash.exists():
        raise ServiceError(
            gettext("%(year)s년 %(number)s번 수시평가가 이미 있습니다.")
            % {"year": fields.year, "number": fields.number},
            field="number",
        )
    timing = month_of(fields.timing_raw) if fields.timing_raw.strip() else None
    if fields.timing_raw.strip() and timing is None:
        raise ServiceError(
            gettext("평가시기 '%(raw)s'을(를) 읽을 수 없습니다. \"'20.1월\"처럼 적으세요.")
            % {"raw": fields.timing_raw},
            field="timing_raw",
        )
    period = period_of(fields.period_raw)
    with transaction.atomic(), acting_as(user):
        target = review or Review(organisation=organisation)
        target.year, target.number = fields.year, fields.number
        target.topic = fields.topic.strip()
        target.department = fields.department
        target.department_label = fields.department_label.strip()
        target.method = fields.method
        target.timing_raw = fields.timing_raw.strip()
        target.timing_start, target.timing_end = timing if timing else (None, None)
        target.period_raw = fields.period_raw.strip()
        target.period_start, target.period_end = period.start, period.end
        target.period_ongoing = period.ongoing
        target.direction = fields.direction.strip()
        target.content = fields.content.strip()
        target.total_cost = fields.total_cost.strip()
        target.subject = fields.subject.strip()
        target.approach = fields.approach.strip()
        target.full_clean()
        target.save()
        if review is None:
            ReviewRound.objects.create(review=target, number=1)
    return target


def round_save(
    *,
    user: Any,
    review: Review,
    number: int,
    title: str = "",
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    round: ReviewRound | None = None,
) -> ReviewRound:
    """Add a round (차수) to a review, or change ``round``."""
    _check(user, review.organisation_id)
    if starts_on and ends_on and ends_on < starts_on:
        raise ServiceError(gettext("끝나는 날이 시작하는 날보다 앞섭니다."), field="ends_on")
    clash = review.rounds.filter(number=number)
    if round is not None:
        clash = clash.exclude(pk=round.pk)
    if clash.exists():
        raise ServiceError(
            gettext("%(n)s차가 이미 있습니다.") % {"n": number},
            field="number",
        )
    with transaction.atomic(), acting_as(user):
        target = round or ReviewRound(review=review)
        target.number, target.title = number, title.strip()
        target.starts_on, target.ends_on = starts_on, ends_on
        target.full_clean()
        target.save()
    return target


def item_add(
    *, user: Any, round: ReviewRound, kind: str, text: str, heading: str = "", details: str = ""
) -> ReviewFinding | Recommendation:
    """Add a finding (``kind="finding"``) or a recommendation (``"recommendation"``) at the end
    of a round; a recommendation gets its follow-up, owned by the review's target unit."""
    review = round.review
    _check(user, review.organisation_id)
    if not text.strip():
        raise ServiceError(gettext("내용을 입력하세요."), field="text")
    model: type[ReviewFinding] | type[Recommendation]
    if kind == "finding":
        model = ReviewFinding
    elif kind == "recommendation":
        model = Recommendation
    else:
        raise ServiceError(gettext("알 수 없는 항목 종류입니다: %(kind)s") % {"kind": kind})
    with transaction.atomic(), acting_as(user):
        position = model.objects.filter(round=round).count() + 1
        item = model.objects.create(
            round=round,
            position=position,
            heading=heading.strip()[:200],
            text=text.strip(),
            details=[d.strip() for d in details.splitlines() if d.strip()],
        )
        if isinstance(item, Recommendation):
            FollowUp.objects.create(recommendation=item, owner_unit=review.department)
    return item


def item_change(
    *,
    user: Any,
    item: ReviewFinding | Recommendation,
    text: str,
    heading: str = "",
    details: str = "",
) -> ReviewFinding | Recommendation:
    """Change a finding's or a recommendation's text, group heading and details (its
    follow-up stays as it is)."""
    _check(user, item.round.review.organisation_id)
    if not text.strip():
        raise ServiceError(gettext("내용을 입력하세요."), field="text")
    with transaction.atomic(), acting_as(user):
        item.text, item.heading = text.strip(), heading.strip()[:200]
        item.details = [d.strip() for d in details.splitlines() if d.strip()]
        item.full_clean()
        item.save()
    return item


def _organisation_id(followup: FollowUp) -> int:
    return int(followup.recommendation.round.review.organisation_id)


def followup_assign(
    *,
    user: Any,
    followup: FollowUp,
    owner_unit: OrgUnit | None,
    owner: Any = None,
    due_on: datetime.date | None = None,
) -> FollowUp:
    """The office names who follows a recommendation up (a unit, a person) and by when."""
    organisation_id = _organisation_id(followup)
    _check(user, organisation_id)
    if owner_unit is not None and owner_unit.organisation_id != organisation_id:
        raise PermissionDenied(gettext("다른 기관의 부서에는 후속조치를 맡길 수 없습니다."))
    if owner is not None and not can_view_reviews(owner, organisation_id):
        raise ServiceError(
            gettext("%(person)s은(는) 이 기관에 역할이 없어 후속조치를 맡을 수 없습니다.")
            % {"person": owner},
            field="owner",
        )
    with transaction.atomic(), acting_as(user):
        followup.owner_unit, followup.owner, followup.due_on = owner_unit, owner, due_on
        followup.version += 1
        followup.save()
    return followup


@dataclass(frozen=True)
class Upload:
    """A file filed with a follow-up: its name and bytes (``size``: the whole upload's size
    when only the first bytes were read; ``content_type``: the browser's guess)."""

    name: str
    content: bytes
    content_type: str | None = None
    size: int | None = None


def followup_file(
    *,
    user: Any,
    followup: FollowUp,
    status: str,
    notes: str = "",
    files: Sequence[Upload] = (),
    expected_version: int | None = None,
) -> FollowUp:
    """The target unit files what it did: the status, notes and evidence files (checked as
    an actual's evidence is). Done needs notes or evidence; a stale version is refused.
    The evaluation office is told when a follow-up is done or dropped."""
    organisation_id = _organisation_id(followup)
    if not can_file_followup(user, organisation_id, followup.owner_unit, followup.owner_id):
        raise PermissionDenied(
            gettext("이 후속조치는 담당 부서(%(unit)s)의 직원이나 평가담당관만 입력할 수 있습니다.")
            % {"unit": followup.owner_unit or "-"}
        )
    if status not in FollowUp.Status.values:
        raise ServiceError(gettext("후속조치 상태를 고르세요."), field="status")
    checked = [
        (
            f,
            evidence_check(
                file_name=f.name, content=f.content, content_type=f.content_type, size=f.size
            ),
        )
        for f in files
    ]
    with transaction.atomic(), acting_as(user):
        current = FollowUp.objects.select_for_update().get(pk=followup.pk)
        if expected_version is not None and current.version != expected_version:
            raise ConflictError(
                gettext(
                    "다른 사용자가 이 후속조치를 먼저 바꿨습니다(읽은 버전 %(read)s, 현재 버전 "
                    "%(current)s). 새로 고친 뒤 다시 입력하세요."
                )
                % {"read": expected_version, "current": current.version}
            )
        if (
            status == FollowUp.Status.DONE
            and not notes.strip()
            and not checked
            and not current.evidence.exists()
        ):
            raise ServiceError(
                gettext("완료로 입력하려면 조치 내용을 적거나 증빙 파일을 첨부하세요."),
                field="notes",
            )
        current.status = status
        if notes.strip():
            current.notes = notes.strip()
        current.filed_by = user if getattr(user, "pk", None) else None
        current.filed_at = timezone.now()
        current.version += 1
        current.save()
        for f, ctype in checked:
            evidence = FollowUpEvidence(
                followup=current,
                original_name=f.name[:255],
                content_type=ctype,
                size=len(f.content),
                sha256=hashlib.sha256(f.content).hexdigest(),
                uploaded_by=user if getattr(user, "pk", None) else None,
            )
            evidence.file.name = evidence_store(f.content)
            evidence.save()
        if status in FOLLOWUP_CLOSED:
            review = current.recommendation.round.review
            notify(
                users=users_with_role(
                    organisation_id=organisation_id, roles=[Role.EVALUATION_OFFICER]
                ),
                kind="followup_filed",
                params={
                    "unit": current.owner_unit or "-",
                    "review": review.topic,
                    "status": current.get_status_display(),
                },
                link=_review_link(review),
                organisation_id=organisation_id,
            )
    followup.refresh_from_db()
    return current


def _review_link(review: Review) -> str:
    return f"/reviews/{review.organisation_id}/r/{review.pk}/"


def followup_reminders_send(*, today: datetime.date | None = None) -> int:
    """Tell each open follow-up's owner (or its unit's staff and managers) when its due date
    is ``SEONGGWA_REMIND_DAYS`` days away or past: once for "due soon" and once for
    "overdue" per follow-up and due date. Returns how many notifications were created."""
    day = today or timezone.localdate()
    days = int(getattr(settings, "SEONGGWA_REMIND_DAYS", 3))
    sent = 0
    pending = (
        FollowUp.objects.filter(due_on__isnull=False, due_on__lte=day + datetime.timedelta(days))
        .exclude(status__in=FOLLOWUP_CLOSED)
        .select_related("recommendation__round__review", "owner_unit", "owner")
    )
    for followup in pending:
        state = followup_state(followup.status, followup.due_on, day, remind_days=days)
        if state not in ("due_soon", "overdue"):
            continue
        review = followup.recommendation.round.review
        if followup.owner is not None:
            users: list[Any] = [followup.owner]
        elif followup.owner_unit is not None:
            users = users_with_role(
                organisation_id=review.organisation_id, roles=ENTERING, unit=followup.owner_unit
            )
        else:
            continue
        created = notify(
            users=users,
            kind="followup_overdue" if state == "overdue" else "followup_due",
            params={
                "review": review.topic,
                "recommendation": followup.recommendation.text[:80],
                "due": followup.due_on,
            },
            link=f"/reviews/{review.organisation_id}/followups/{followup.pk}/",
            organisation_id=review.organisation_id,
            dedupe_key=f"followup:{followup.pk}:{followup.due_on}:{state}",
        )
        sent += len(created)
    return sent
