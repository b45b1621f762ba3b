"""Writes of the joint evaluation (합동평가), each with the acting user and the policy's check.

The evaluation timeline drives the workflow's windows (docs/joint-evaluation.md): the step
that governs the entry window (실적입력) sets the entry window (``opens_on`` / ``closes_on``)
of the plan's period of its year — through ``plans.services``, so the entry rules
(``policy.entry_refusal``) refuse entry outside it and the units are told when it opens;
the step that governs objections (이의신청) gives the default objection deadline when a run
of the plan is shared (``joint_selectors.objection_deadline``). The other steps are dated
milestones.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from seonggwa.audit.context import acting_as, current_actor
from seonggwa.audit.models import AuditEvent
from seonggwa.core.errors import ConflictError, PermissionDenied, ServiceError
from seonggwa.frameworks.models import JointEvaluation, TimelineStep
from seonggwa.plans.models import Period, Plan
from seonggwa.plans.services import period_create, period_window_set
from seonggwa.policy import can_manage_plan

__all__ = ["entry_window_apply", "timeline_step_update"]


def _check_office(user: Any, plan: Plan) -> None:
    """The office (``policy.can_manage_plan``: the central roles, the plan not closed)."""
    if plan.status == Plan.Status.CLOSED:
        raise ServiceError(gettext("%(plan)s은(는) 마감되어 바꿀 수 없습니다.") % {"plan": plan})
    if user is not None and not can_manage_plan(user, plan):
        raise PermissionDenied(
            gettext("합동평가 추진 일정은 평가담당관이나 관리자만 바꿀 수 있습니다.")
        )


def _check_dates(starts_on: datetime.date | None, ends_on: datetime.date | None) -> None:
    if starts_on is None:
        raise ServiceError(gettext("추진 일정의 시작일을 입력하세요."), field="starts_on")
    if ends_on is None:
        raise ServiceError(gettext("추진 일정의 종료일을 입력하세요."), field="ends_on")
    if ends_on < starts_on:
        raise ServiceError(
            gettext("추진 일정의 종료일(%(ends)s)이 시작일(%(starts)s)보다 앞섭니다.")
            % {"starts": starts_on.isoformat(), "ends": ends_on.isoformat()},
            field="ends_on",
        )


def _plan_period(plan: Plan) -> Period | None:
    """The plan's yearly period (the one a joint evaluation collects in)."""
    return Period.objects.filter(plan=plan, year=plan.year, quarter=0, month=0).first()


def entry_window_apply(*, user: Any, evaluation: JointEvaluation) -> Period | None:
    """Set the entry window of the plan's yearly period (created when missing) to the dates
    of the timeline step that governs it; None when no step does or it has no dates.

    With a user, through ``plans.services`` (the policy's check, the units told when the
    window is open today); without one (the command line) the period is written directly,
    audited under the acting label."""
    plan = Plan.objects.select_related("organisation").get(pk=evaluation.plan_id)
    _check_office(user, plan)
    step = evaluation.timeline.filter(governs=TimelineStep.Governs.ENTRY).first()
    if step is None or step.starts_on is None or step.ends_on is None:
        return None
    period = _plan_period(plan)
    if period is not None and (period.opens_on, period.closes_on) == (step.starts_on, step.ends_on):
        return period
    if user is not None:
        if period is None:
            return period_create(
                user=user,
                plan=plan,
                key=str(plan.year),
                opens_on=step.starts_on,
                closes_on=step.ends_on,
            )
        return period_window_set(
            user=user,
            period=period,
            opens_on=step.starts_on,
            closes_on=step.ends_on,
            expected_version=period.version,
        )
    _actor, label = current_actor()
    with acting_as(None, label if label != "system" else "cli:import-joint-evaluation"):
        if period is None:
            period = Period(
                plan=plan,
                key=str(plan.year),
                frequency=Period.Frequency.YEAR,
                year=plan.year,
                opens_on=step.starts_on,
                closes_on=step.ends_on,
            )
            period.full_clean()
            period.save()
            return period
        if period.locked:
            raise ServiceError(
                gettext(
                    "%(period)s 기간은 잠겨 있어 입력 기간을 바꿀 수 없습니다. 먼저 기간을 다시 "
                    "여세요."
                )
                % {"period": period.key}
            )
        period.opens_on, period.closes_on = step.starts_on, step.ends_on
        period.version += 1
        period.save()
    return period


@transaction.atomic
def timeline_step_update(
    *,
    user: Any,
    step: TimelineStep,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
    expected_version: int,
) -> TimelineStep:
    """Change a step's dates (the office). The entry step moves the plan's entry window with
    it; the objection step the default deadline of the next shared run. One ``update``
    audit event names the old and new dates."""
    current = (
        TimelineStep.objects.select_for_update()
        .select_related("evaluation__plan__organisation")
        .get(pk=step.pk)
    )
    plan = current.evaluation.plan
    _check_office(user, plan)
    if current.version != expected_version:
        raise ConflictError(
            gettext(
                "다른 사용자가 추진 일정 '%(step)s'을(를) 먼저 바꿨습니다(읽은 버전 %(read)s, "
                "현재 버전 %(current)s). 새로 고친 뒤 다시 시도하세요."
            )
            % {"step": current.label, "read": expected_version, "current": current.version}
        )
    _check_dates(starts_on, ends_on)
    before = (current.starts_on, current.ends_on)
    if before == (starts_on, ends_on):
        return current
    current.starts_on, current.ends_on = starts_on, ends_on
    current.version += 1
    current.full_clean()
    current.save(update_fields=["starts_on", "ends_on", "version"])
    actor, label = current_actor()
    if user is not None:
        actor, label = user, user.get_username()
    AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=label[:150],
        action=AuditEvent.Action.UPDATE,
        model="frameworks.TimelineStep",
        object_pk=str(current.pk),
        object_repr=f"{plan} · {current.label}"[:300],
        organisation_id_ref=plan.organisation_id,
        changes={
            "starts_on": [str(before[0]) if before[0] else None, str(starts_on)],
            "ends_on": [str(before[1]) if before[1] else None, str(ends_on)],
        },
    )
    if current.governs == TimelineStep.Governs.ENTRY:
        entry_window_apply(user=user, evaluation=current.evaluation)
    return current
