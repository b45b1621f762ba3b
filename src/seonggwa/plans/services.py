"""Writes for plans, their contents and their periods. Keyword-only, validated, atomic;
each takes the acting user, asks the policy and is audited as that user.

The plan's lifecycle and its periods are defined in docs/workflow.md: a plan goes draft →
confirmed → closed; a period has an entry window, is locked when collection is done and
published when its approved actuals may be shown; a plan closes only when every period is
published, and a closed plan refuses every change."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from seonggwa.accounts.models import Role
from seonggwa.accounts.selectors import users_with_role
from seonggwa.audit.context import acting_as
from seonggwa.core.errors import ConflictError, PermissionDenied, ServiceError
from seonggwa.engine.cells import plain_decimal
from seonggwa.engine.grading import PERFORMANCE_REPORT, REGISTRY, GradingScheme
from seonggwa.engine.periods import PeriodKey
from seonggwa.notifications.services import notify
from seonggwa.organisations.models import Organisation, OrgUnit, PlanOwner
from seonggwa.policy import can_edit_evaluation_rules, can_edit_plan, can_manage_plan, is_central

from .models import Indicator, Period, Perspective, Plan, PolicyGoal, StrategicGoal

STATUS_FLOW = {
    Plan.Status.DRAFT: {Plan.Status.CONFIRMED},
    Plan.Status.CONFIRMED: {Plan.Status.CLOSED, Plan.Status.DRAFT},
    Plan.Status.CLOSED: set(),
}


def _refuse(message: str) -> PermissionDenied:
    return PermissionDenied(message)


@transaction.atomic
def plan_create(
    *,
    user: Any,
    organisation: Organisation,
    year: int,
    kind: str,
    title: str = "",
    grading_scheme: str = "",
) -> Plan:
    if not is_central(user, organisation):
        raise _refuse(gettext("계획은 평가담당관이나 관리자만 만들 수 있습니다."))
    if Plan.objects.filter(organisation=organisation, year=year, kind=kind).exists():
        raise ServiceError(
            gettext("%(organisation)s %(year)s년 %(kind)s 계획이 이미 있습니다.")
            % {"organisation": organisation, "year": year, "kind": Plan.Kind(kind).label}
        )
    if grading_scheme and grading_scheme not in REGISTRY.names():
        raise ServiceError(
            gettext("평가 기준 '%(scheme)s'이(가) 없습니다. 사용할 수 있는 기준: %(names)s")
            % {"scheme": grading_scheme, "names": ", ".join(sorted(REGISTRY.names()))}
        )
    plan = Plan(
        organisation=organisation,
        year=year,
        kind=kind,
        title=title,
        grading_scheme=grading_scheme,
        grading_scheme_version=scheme_version_for(grading_scheme, year),
    )
    plan.full_clean()
    with acting_as(user):
        plan.save()
    return plan


@transaction.atomic
def plan_set_status(*, user: Any, plan: Plan, status: str, expected_version: int) -> Plan:
    """Move a plan along draft → confirmed → closed (confirmed may return to draft). A plan
    closes only when every period is published.

    The row is locked and saved normally, so the audit trail records the change."""
    current = Plan.objects.select_for_update().get(pk=plan.pk)
    if not can_manage_plan(user, current):
        if current.status == Plan.Status.CLOSED:
            raise ServiceError(
                gettext("%(plan)s은(는) 마감되어 바꿀 수 없습니다.") % {"plan": current}
            )
        raise _refuse(gettext("계획의 상태는 평가담당관이나 관리자만 바꿀 수 있습니다."))
    if current.version != expected_version:
        raise ConflictError(
            gettext("다른 사용자가 이 계획을 먼저 수정했습니다. 새로 고친 뒤 다시 시도하세요.")
        )
    if status not in STATUS_FLOW[Plan.Status(current.status)]:
        raise ServiceError(
            gettext("계획 상태를 '%(current)s'에서 '%(new)s'(으)로 바꿀 수 없습니다.")
            % {"current": current.get_status_display(), "new": Plan.Status(status).label}
        )
    if status == Plan.Status.CLOSED:
        pending = [p.key for p in current.periods.all() if not p.published]
        if pending:
            raise ServiceError(
                gettext(
                    "공개하지 않은 기간(%(periods)s)이 있어 계획을 마감할 수 없습니다. 기간을 "
                    "잠그고 공개한 뒤 마감하세요."
                )
                % {"periods": ", ".join(pending)}
            )
    current.status = status
    current.version += 1
    with acting_as(user):
        current.save(update_fields=["status", "version", "updated_at"])
    return current


def _check_editable(plan: Plan, user: Any) -> None:
    plan = Plan.objects.get(pk=plan.pk)  # its status as stored, not the caller's copy
    if plan.status == Plan.Status.CLOSED:
        raise ServiceError(gettext("%(plan)s은(는) 마감되어 수정할 수 없습니다.") % {"plan": plan})
    if not can_edit_plan(user, plan):
        raise _refuse(gettext("계획의 내용은 평가담당관이나 관리자만 바꿀 수 있습니다."))


@transaction.atomic
def perspective_create(
    *,
    user: Any,
    plan: Plan,
    owner: PlanOwner,
    name: str,
    weight: Decimal | None,
    position: int = 0,
    weight_raw: str = "",
) -> Perspective:
    _check_editable(plan, user)
    obj = Perspective(
        plan=plan, owner=owner, name=name, weight=weight, position=position, weight_raw=weight_raw
    )
    obj.full_clean()
    with acting_as(user):
        obj.save()
    return obj


@transaction.atomic
def strategic_goal_create(
    *,
    user: Any,
    plan: Plan,
    owner: PlanOwner,
    name: str,
    code: str = "",
    perspective: Perspective | None = None,
    program_amount: Decimal | None = None,
    position: int = 0,
    parent: StrategicGoal | None = None,
) -> StrategicGoal:
    """Create a strategic goal; ``parent``: the goal of the organisation it carries (the
    cascade), in any plan of the same organisation."""
    _check_editable(plan, user)
    _check_cascade_parent(plan, parent)
    obj = StrategicGoal(
        plan=plan,
        owner=owner,
        name=name,
        code=code,
        perspective=perspective,
        program_amount=program_amount,
        position=position,
        parent=parent,
    )
    obj.name_key = ""
    obj.full_clean(exclude=["name_key"])
    with acting_as(user):
        obj.save()
    return obj


@transaction.atomic
def policy_goal_create(
    *, user: Any, strategic_goal: StrategicGoal, name: str, code: str = "", position: int = 0
) -> PolicyGoal:
    _check_editable(strategic_goal.plan, user)
    obj = PolicyGoal(
        plan=strategic_goal.plan,
        strategic_goal=strategic_goal,
        name=name,
        code=code,
        position=position,
    )
    obj.full_clean(exclude=["name_key"])
    with acting_as(user):
        obj.save()
    return obj


def _check_cascade_parent(plan: Plan, parent: StrategicGoal | Indicator | None) -> None:
    """A goal or indicator carries one of its own organisation (the cascade)."""
    if parent is not None and parent.plan.organisation_id != plan.organisation_id:
        raise ServiceError(
            gettext(
                "'%(parent)s'은(는) 다른 기관의 목표·지표입니다. 같은 기관의 상위 목표·지표를 고르세요."
            )
            % {"parent": parent}
        )


@transaction.atomic
def indicator_create(
    *, user: Any, strategic_goal: StrategicGoal, name: str, **fields: object
) -> Indicator:
    """Create an indicator under a strategic goal (and optionally ``policy_goal=``, and
    ``parent=``: the indicator of the organisation it carries)."""
    _check_editable(strategic_goal.plan, user)
    parent = fields.get("parent")
    _check_cascade_parent(strategic_goal.plan, parent if isinstance(parent, Indicator) else None)
    obj = Indicator(
        plan=strategic_goal.plan,
        owner=strategic_goal.owner,
        strategic_goal=strategic_goal,
        name=name,
        **fields,
    )
    obj.full_clean(exclude=["name_key"])
    with acting_as(user):
        obj.save()
    return obj


@transaction.atomic
def indicator_update(
    *, user: Any, indicator: Indicator, expected_updated_at: object, **fields: object
) -> Indicator:
    """Update fields of an indicator unless someone changed it since ``expected_updated_at``."""
    _check_editable(indicator.plan, user)
    current = Indicator.objects.select_for_update().get(pk=indicator.pk)
    if current.updated_at != expected_updated_at:
        raise ConflictError(
            gettext(
                "다른 사용자가 지표 '%(indicator)s'을(를) 먼저 수정했습니다. 새로 고친 뒤 다시 시도하세요."
            )
            % {"indicator": current.name}
        )
    for name, value in fields.items():
        setattr(current, name, value)
    current.full_clean(exclude=["name_key"])
    with acting_as(user):
        current.save()
    return current


# --- periods ---------------------------------------------------------------------------------


def _check_manageable(plan: Plan, user: Any) -> None:
    if plan.status == Plan.Status.CLOSED:
        raise ServiceError(gettext("%(plan)s은(는) 마감되어 바꿀 수 없습니다.") % {"plan": plan})
    if not can_manage_plan(user, plan):
        raise _refuse(gettext("기간은 평가담당관이나 관리자만 관리할 수 있습니다."))


def _check_period_writer(plan: Plan, user: Any) -> None:
    """The periods' check: ``user`` None is the system — a command-line import acting under
    its own label (``acting_as(None, "cli:…")``), as ``organisations.services`` takes it;
    a closed plan is refused to everyone."""
    if user is None:
        if plan.status == Plan.Status.CLOSED:
            raise ServiceError(
                gettext("%(plan)s은(는) 마감되어 바꿀 수 없습니다.") % {"plan": plan}
            )
        return
    _check_manageable(plan, user)


def _acting(user: Any) -> contextlib.AbstractContextManager[None]:
    """Attribute the writes to ``user``; without one, to whoever the caller acts as."""
    return acting_as(user) if user is not None else contextlib.nullcontext()


def _locked_period(period: Period, expected_version: int) -> Period:
    current = (
        Period.objects.select_for_update().select_related("plan__organisation").get(pk=period.pk)
    )
    if current.version != expected_version:
        raise ConflictError(
            gettext(
                "다른 사용자가 %(period)s 기간을 먼저 바꿨습니다(읽은 버전 %(read)s, 현재 버전 "
                "%(current)s). 새로 고친 뒤 다시 시도하세요."
            )
            % {"period": current.key, "read": expected_version, "current": current.version}
        )
    return current


def _window_check(opens_on: datetime.date | None, closes_on: datetime.date | None) -> None:
    if (opens_on is None) != (closes_on is None):
        raise ServiceError(
            gettext("입력 기간은 시작일과 마감일을 함께 정하세요."),
            field="opens_on" if opens_on is None else "closes_on",
        )
    if opens_on is not None and closes_on is not None and closes_on < opens_on:
        raise ServiceError(
            gettext("입력 마감일(%(closes)s)이 시작일(%(opens)s)보다 앞섭니다.")
            % {"opens": opens_on.isoformat(), "closes": closes_on.isoformat()},
            field="closes_on",
        )


@transaction.atomic
def period_create(
    *,
    user: Any,
    plan: Plan,
    key: str,
    opens_on: datetime.date | None = None,
    closes_on: datetime.date | None = None,
) -> Period:
    """A reporting period of the plan's year (``2026``, ``2026-Q1``, ``2026-03``). ``user``
    None: the system (a command-line import), audited under the label it acts as."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)  # its status as stored
    _check_period_writer(plan, user)
    try:
        parsed = PeriodKey.parse(key)
    except ValueError as exc:
        raise ServiceError(str(exc), field="key") from exc
    if parsed.year != plan.year:
        raise ServiceError(
            gettext("%(plan)s의 기간은 %(year)s년 안에 있어야 합니다(입력: %(key)s).")
            % {"plan": plan, "year": plan.year, "key": key},
            field="key",
        )
    if Period.objects.filter(plan=plan, key=str(parsed)).exists():
        raise ServiceError(
            gettext("%(key)s 기간이 이미 있습니다.") % {"key": str(parsed)}, field="key"
        )
    _window_check(opens_on, closes_on)
    period = Period(
        plan=plan,
        key=str(parsed),
        frequency=parsed.frequency,
        year=parsed.year,
        quarter=parsed.quarter,
        month=parsed.month,
        opens_on=opens_on,
        closes_on=closes_on,
    )
    period.full_clean()
    with _acting(user):
        period.save()
    _announce_window(period, was_open=False)
    return period


@transaction.atomic
def period_window_set(
    *,
    user: Any,
    period: Period,
    opens_on: datetime.date | None,
    closes_on: datetime.date | None,
    expected_version: int,
) -> Period:
    """Set (or clear) the entry window. Unit staff and managers of the plan's units are told
    when the window is open today. ``user`` None: the system, as for ``period_create``."""
    current = _locked_period(period, expected_version)
    _check_period_writer(current.plan, user)
    if current.locked:
        raise ServiceError(
            gettext(
                "%(period)s 기간은 잠겨 있어 입력 기간을 바꿀 수 없습니다. 먼저 기간을 다시 여세요."
            )
            % {"period": current.key}
        )
    _window_check(opens_on, closes_on)
    was_open = _open_today(current)
    current.opens_on, current.closes_on = opens_on, closes_on
    current.version += 1
    with _acting(user):
        current.save()
    _announce_window(current, was_open=was_open)
    return current


def _open_today(period: Period, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        period.opens_on is not None
        and period.closes_on is not None
        and period.opens_on <= today <= period.closes_on
    )


def _announce_window(period: Period, *, was_open: bool) -> None:
    if not was_open:
        period_window_announce(period=period)


def period_window_announce(*, period: Period, today: datetime.date | None = None) -> int:
    """Tell the staff and managers of every unit with indicators in the plan that the entry
    window of ``period`` is open — when it is open ``today`` and the period is not locked.
    Once per unit and window (a window set for a later day is announced by ``seonggwa
    remind`` on the day it opens). Returns how many notifications were created."""
    if not _open_today(period, today) or period.locked:
        return 0
    plan = period.plan
    if plan.status != Plan.Status.CONFIRMED:  # a draft collects nothing yet
        return 0
    sent = 0
    units = OrgUnit.objects.filter(owners__indicators__plan=plan).distinct()
    for unit in units:
        count = Indicator.objects.filter(plan=plan, owner__unit=unit).count()
        sent += len(
            notify(
                users=users_with_role(
                    organisation_id=plan.organisation_id,
                    roles=[Role.UNIT_STAFF, Role.UNIT_MANAGER],
                    unit=unit,
                ),
                kind="window_opened",
                params={
                    "plan": str(plan),
                    "period": period.key,
                    "opens": period.opens_on.isoformat() if period.opens_on else "",
                    "closes": period.closes_on.isoformat() if period.closes_on else "",
                    "count": count,
                },
                link=f"/plans/{plan.pk}/entry/?period={period.key}",
                organisation_id=plan.organisation_id,
                dedupe_key=f"window:{period.pk}:{period.opens_on}:{period.closes_on}:{unit.pk}",
            )
        )
    return sent


@transaction.atomic
def period_lock(*, user: Any, period: Period, reason: str, expected_version: int) -> Period:
    """Lock a period: no actual of it changes any more (collection is done)."""
    current = _locked_period(period, expected_version)
    _check_manageable(current.plan, user)
    if current.locked:
        raise ServiceError(
            gettext("%(period)s 기간은 이미 잠겨 있습니다.") % {"period": current.key}
        )
    current.locked = True
    current.locked_at = timezone.now()
    current.lock_note = reason.strip()
    current.version += 1
    with acting_as(user):
        current.save()
    return current


@transaction.atomic
def period_reopen(*, user: Any, period: Period, reason: str, expected_version: int) -> Period:
    """Reopen a locked period, with a reason (recorded and audited). A published period is
    withdrawn from the public until it is published again."""
    current = _locked_period(period, expected_version)
    _check_manageable(current.plan, user)
    if not reason.strip():
        raise ServiceError(gettext("기간을 다시 여는 사유를 입력하세요."), field="reason")
    if not current.locked:
        raise ServiceError(
            gettext("%(period)s 기간은 잠겨 있지 않습니다.") % {"period": current.key}
        )
    current.locked = False
    current.locked_at = None
    current.published = False
    current.published_at = None
    current.lock_note = reason.strip()
    current.version += 1
    with acting_as(user):
        current.save()
    return current


@transaction.atomic
def period_publish(*, user: Any, period: Period, expected_version: int) -> Period:
    """Publish a locked period: its approved actuals become public."""
    current = _locked_period(period, expected_version)
    _check_manageable(current.plan, user)
    if not current.locked:
        raise ServiceError(
            gettext(
                "%(period)s 기간을 먼저 잠근 뒤 공개하세요(공개한 실적은 바뀌지 않아야 합니다)."
            )
            % {"period": current.key}
        )
    if current.published:
        raise ServiceError(
            gettext("%(period)s 기간은 이미 공개되었습니다.") % {"period": current.key}
        )
    current.published = True
    current.published_at = timezone.now()
    current.version += 1
    with acting_as(user):
        current.save()
    return current


# --- evaluation rules as data (docs/evaluation.md "Rules as data") ----------------------------

RuleRows = Sequence[tuple[str, Decimal | str]]

#: the largest percent a stage, grade score or cap may name (a rate of 1,000 % is a typo)
RULE_PERCENT_MAX = Decimal(1000)


def scheme_version_for(name: str, year: int) -> int | None:
    """The version of the grading scheme ``name`` (empty: the performance report's) that a
    plan of ``year`` is graded with: the one effective on 1 January of that year; None when
    no version is in force then (the first evaluation reports it)."""
    try:
        return REGISTRY.for_year(name or PERFORMANCE_REPORT.name, year).version
    except KeyError:
        return None


def _rules_scheme(plan: Plan) -> GradingScheme | None:
    name = plan.grading_scheme or PERFORMANCE_REPORT.name
    try:
        if plan.grading_scheme_version is not None:
            return REGISTRY.get(name, version=plan.grading_scheme_version)
        return REGISTRY.for_year(name, plan.year)
    except (KeyError, StopIteration):
        return None


def _check_rules_editable(plan: Plan, user: Any) -> None:
    """Rules are evaluation settings: the evaluation office edits them
    (``can_edit_evaluation_rules``), in a closed plan too — its evaluation comes after."""
    if not can_edit_evaluation_rules(user, plan):
        raise _refuse(gettext("평가 규칙은 평가담당관이나 관리자만 바꿀 수 있습니다."))


def _percent(value: Decimal | str | int, *, field: str, what: str) -> Decimal:
    try:
        number = Decimal(str(value).strip().removesuffix("%").replace(",", ""))
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or number < 0 or number > RULE_PERCENT_MAX:
        raise ServiceError(
            gettext("%(what)s '%(value)s'은(는) 0에서 %(max)s 사이의 수여야 합니다.")
            % {"what": what, "value": value, "max": plain_decimal(RULE_PERCENT_MAX)},
            field=field,
        )
    return number


def _rule_rows(rows: RuleRows, *, field: str, what: str) -> list[list[str]]:
    """Labelled percents as stored: [[label, "30"], …], labels unique and non-empty."""
    out: list[list[str]] = []
    seen: set[str] = set()
    for label, value in rows:
        label = str(label).strip()
        if not label:
            raise ServiceError(
                gettext("%(what)s의 이름을 입력하세요.") % {"what": what}, field=field
            )
        key = "".join(label.split())
        if key in seen:
            raise ServiceError(
                gettext("%(what)s '%(label)s'이(가) 두 번 있습니다.")
                % {"what": what, "label": label},
                field=field,
            )
        seen.add(key)
        out.append([label, plain_decimal(_percent(value, field=field, what=what))])
    return out


def _locked_indicator_rules(indicator: Indicator, expected_version: int) -> Indicator:
    current = Indicator.objects.select_for_update().select_related("plan").get(pk=indicator.pk)
    if current.rules_version != expected_version:
        raise ConflictError(
            gettext(
                "다른 사용자가 지표 '%(indicator)s'의 평가 규칙을 먼저 바꿨습니다(읽은 버전 "
                "%(read)s, 현재 버전 %(current)s). 새로 고친 뒤 다시 시도하세요."
            )
            % {
                "indicator": current.name,
                "read": expected_version,
                "current": current.rules_version,
            }
        )
    return current


@transaction.atomic
def indicator_rules_update(
    *,
    user: Any,
    indicator: Indicator,
    expected_version: int,
    milestone_stages: RuleRows = (),
    grade_scores: RuleRows = (),
    cap: Decimal | str | None = None,
    evaluated_part: str = "",
    not_rated: bool = False,
    not_rated_bucket: str = "",
) -> Indicator:
    """Set an indicator's evaluation rules (all of them: what is not given is cleared):
    milestone stages and grade scores ([(label, percent), …]), the cap on its achievement
    rate (None: the plan's default), the evaluated part of a composite value, and whether it
    is rated this year and under which grade a "-" is counted. ``expected_version`` is the
    ``rules_version`` read; the save bumps it, and the next evaluation run records it. The
    change is audited as ``user`` with the values before and after."""
    current = _locked_indicator_rules(indicator, expected_version)
    _check_rules_editable(current.plan, user)
    stages = _rule_rows(milestone_stages, field="milestone_stages", what=gettext("단계"))
    scores = _rule_rows(grade_scores, field="grade_scores", what=gettext("등급"))
    cap_value = None
    if cap is not None and str(cap).strip():
        cap_value = _percent(cap, field="cap", what=gettext("상한"))
        if cap_value == 0:
            raise ServiceError(gettext("상한은 0보다 커야 합니다."), field="cap")
    part = evaluated_part.strip()
    bucket = not_rated_bucket.strip()
    if bucket:
        scheme = _rules_scheme(current.plan)
        codes = [b.code for b in scheme.bands] if scheme is not None else []
        if bucket not in codes:
            raise ServiceError(
                gettext(
                    "미평가를 셀 등급 '%(bucket)s'이(가) 평가 등급 체계에 없습니다(가능: %(codes)s)."
                )
                % {"bucket": bucket, "codes": ", ".join(codes)},
                field="not_rated_bucket",
            )
    new = {
        "milestone_stages": stages,
        "grade_scores": scores,
        "cap": cap_value,
        "evaluated_part": part,
        "not_rated": bool(not_rated),
        "not_rated_bucket": bucket,
    }
    if all(getattr(current, k) == v for k, v in new.items()):
        return current  # nothing changed: no new rules version, no audit event
    for name, value in new.items():
        setattr(current, name, value)
    current.rules_version += 1
    current.full_clean(exclude=["name_key"])
    with acting_as(user):
        current.save()
    return current


@transaction.atomic
def plan_rules_update(
    *,
    user: Any,
    plan: Plan,
    expected_version: int,
    grading_scheme: str,
    grading_scheme_version: int | None = None,
    score_steps: RuleRows = (),
    default_cap: Decimal | str | None = None,
) -> Plan:
    """Set the plan's evaluation rules: its grading scheme and version (None: the version
    effective on 1 January of the plan's year), its score steps ([(minimum rate, score), …],
    scores 0–100; empty: score = rate capped at 100) and the default cap on achievement rates
    (None: no cap). ``expected_version`` is the plan's ``version`` read; audited as ``user``."""
    current = Plan.objects.select_for_update().get(pk=plan.pk)
    _check_rules_editable(current, user)
    if current.version != expected_version:
        raise ConflictError(
            gettext("다른 사용자가 이 계획을 먼저 수정했습니다. 새로 고친 뒤 다시 시도하세요.")
        )
    name = grading_scheme.strip()
    if name and name not in REGISTRY.names():
        raise ServiceError(
            gettext("평가 기준 '%(scheme)s'이(가) 없습니다. 사용할 수 있는 기준: %(names)s")
            % {"scheme": name, "names": ", ".join(sorted(REGISTRY.names()))},
            field="grading_scheme",
        )
    versions = [s.version for s in REGISTRY.versions(name or PERFORMANCE_REPORT.name)]
    if grading_scheme_version is None:
        version = scheme_version_for(name, current.year)
    elif grading_scheme_version in versions:
        version = grading_scheme_version
    else:
        raise ServiceError(
            gettext("평가 기준 '%(scheme)s'에 버전 %(version)s이(가) 없습니다(가능: %(versions)s).")
            % {
                "scheme": name or PERFORMANCE_REPORT.name,
                "version": grading_scheme_version,
                "versions": ", ".join(map(str, versions)),
            },
            field="grading_scheme_version",
        )
    steps: list[list[str]] = []
    seen: set[Decimal] = set()
    for lower, score in score_steps:
        low = _percent(lower, field="score_steps", what=gettext("점수 구간의 달성률"))
        points = _percent(score, field="score_steps", what=gettext("점수 구간의 점수"))
        if points > 100:
            raise ServiceError(
                gettext("점수 구간의 점수 %(score)s은(는) 100을 넘을 수 없습니다.")
                % {"score": plain_decimal(points)},
                field="score_steps",
            )
        if low in seen:
            raise ServiceError(
                gettext("점수 구간 %(rate)s%%이(가) 두 번 있습니다.")
                % {"rate": plain_decimal(low)},
                field="score_steps",
            )
        seen.add(low)
        steps.append([plain_decimal(low), plain_decimal(points)])
    steps.sort(key=lambda row: Decimal(row[0]), reverse=True)
    cap_value = None
    if default_cap is not None and str(default_cap).strip():
        cap_value = _percent(default_cap, field="default_cap", what=gettext("기본 상한"))
        if cap_value == 0:
            raise ServiceError(gettext("상한은 0보다 커야 합니다."), field="default_cap")
    new = {
        "grading_scheme": name,
        "grading_scheme_version": version,
        "score_steps": steps,
        "default_cap": cap_value,
    }
    if all(getattr(current, k) == v for k, v in new.items()):
        return current
    for field_name, value in new.items():
        setattr(current, field_name, value)
    current.version += 1
    current.full_clean()
    with acting_as(user):
        current.save()
    return current
