"""Writes of the joint evaluation (합동평가), each with the acting user and the policy's check.

The evaluation timeline drives the workflow's windows (docs/joint-evaluation.md): the step
that governs the entry window (실적입력) sets the entry window (``opens_on`` / ``closes_on``)
of the plan's period of its year — through ``plans.services``, so the entry rules
(``policy.entry_refusal``) refuse entry outside it and the units are told when it opens;
the step that governs objections (이의신청) gives the default objection deadline when a run
of the plan is shared (``joint_selectors.objection_deadline``). The other steps are dated
milestones. At most one step of an evaluation governs each window.

The office also keeps the qualitative best cases (우수사례) by hand: ``best_case_save`` and
``best_case_delete``. Timeline steps and best cases are audited models
(``core.ownership``): every change is an audit event of the acting user.
"""

from __future__ import annotations

import contextlib
import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext

from seonggwa.audit.context import acting_as
from seonggwa.core.errors import ConflictError, PermissionDenied, ServiceError
from seonggwa.frameworks.models import (
    BestCase,
    JointEvaluation,
    JointIndicator,
    Region,
    TimelineStep,
)
from seonggwa.plans.models import Period, Plan
from seonggwa.plans.services import period_create, period_window_set
from seonggwa.policy import can_manage_plan

__all__ = ["best_case_delete", "best_case_save", "entry_window_apply", "timeline_step_update"]

TITLE_MAX = BestCase._meta.get_field("title").max_length or 300


def _acting(user: Any) -> contextlib.AbstractContextManager[None]:
    """Attribute the writes to ``user``; without one (the command line) to the label the
    caller acts under."""
    return acting_as(user) if user is not None else contextlib.nullcontext()


def _check_office(user: Any, plan: Plan, what: str | None = None) -> None:
    """The office (``policy.can_manage_plan``: the central roles, the plan not closed);
    ``user`` None is the system (a command-line import)."""
    if plan.status == Plan.Status.CLOSED:
        raise ServiceError(gettext("%(plan)s은(는) 마감되어 바꿀 수 없습니다.") % {"plan": plan})
    if user is not None and not can_manage_plan(user, plan):
        raise PermissionDenied(
            what or gettext("합동평가 추진 일정은 평가담당관이나 관리자만 바꿀 수 있습니다.")
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

    Always through ``plans.services`` (``period_create`` / ``period_window_set``: a locked
    period refused, the units told when the window is open today). ``user`` None is the
    command line: the system, audited under the label it acts as
    (``cli:import-joint-evaluation``)."""
    plan = Plan.objects.select_related("organisation").get(pk=evaluation.plan_id)
    _check_office(user, plan)
    step = evaluation.timeline.filter(governs=TimelineStep.Governs.ENTRY).first()
    if step is None or step.starts_on is None or step.ends_on is None:
        return None
    period = _plan_period(plan)
    if period is not None and (period.opens_on, period.closes_on) == (step.starts_on, step.ends_on):
        return period
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


def _governs_label(governs: str) -> str:
    return str(TimelineStep.Governs(governs).label)


@transaction.atomic
def timeline_step_update(
    *,
    user: Any,
    step: TimelineStep,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
    expected_version: int,
    governs: str | None = None,
) -> TimelineStep:
    """Change a step's dates and (``governs`` not None) the window it governs: the entry
    window, the objection deadline, or none (a milestone). One step of an evaluation governs
    each window: choosing one another step holds is refused, naming that step. When the entry
    step's dates change, or another step becomes the entry step, the plan's entry window
    follows (``entry_window_apply``); a step that stops governing it leaves the period's
    window as it is. The objection step gives the default deadline of the next shared run."""
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
    new_governs = current.governs if governs is None else governs
    if new_governs not in TimelineStep.Governs.values:
        raise ServiceError(
            gettext("추진 일정이 정하는 업무 기간 '%(value)s'을(를) 알 수 없습니다.")
            % {"value": new_governs},
            field="governs",
        )
    if new_governs and new_governs != current.governs:
        holder = (
            TimelineStep.objects.select_for_update()
            .filter(evaluation_id=current.evaluation_id, governs=new_governs)
            .exclude(pk=current.pk)
            .first()
        )
        if holder is not None:
            raise ServiceError(
                gettext(
                    "'%(other)s' 단계가 이미 %(window)s을(를) 정합니다. 한 단계만 정할 수 "
                    "있으니 먼저 그 단계를 일정만으로 바꾸세요."
                )
                % {"other": holder.label, "window": _governs_label(new_governs)},
                field="governs",
            )
    if (current.starts_on, current.ends_on, current.governs) == (starts_on, ends_on, new_governs):
        return current
    entry_moves = new_governs == TimelineStep.Governs.ENTRY and (
        current.governs != new_governs
        or (current.starts_on, current.ends_on) != (starts_on, ends_on)
    )
    current.starts_on, current.ends_on, current.governs = starts_on, ends_on, new_governs
    current.version += 1
    current.full_clean()
    with _acting(user):
        current.save(update_fields=["starts_on", "ends_on", "governs", "version"])
    if entry_moves:
        entry_window_apply(user=user, evaluation=current.evaluation)
    return current


# --- best cases (우수사례) -----------------------------------------------------------------


def _case_checks(
    evaluation: JointEvaluation,
    region: Region | None,
    indicator: JointIndicator | None,
    selection: str,
    title: str,
) -> str:
    """The refusals of a best case's fields, each naming its field; the title trimmed."""
    if region is None:
        raise ServiceError(gettext("우수사례의 시·도를 고르세요."), field="region")
    if region.evaluation_id != evaluation.pk:
        raise ServiceError(
            gettext("시·도 '%(region)s'은(는) 이 합동평가의 시·도가 아닙니다.")
            % {"region": region.name},
            field="region",
        )
    if indicator is not None and indicator.goal.evaluation_id != evaluation.pk:
        raise ServiceError(
            gettext("지표 '%(indicator)s'은(는) 이 합동평가의 지표가 아닙니다.")
            % {"indicator": indicator.number},
            field="indicator",
        )
    if selection not in BestCase.Selection.values:
        raise ServiceError(
            gettext("우수사례의 선정 구분 '%(value)s'을(를) 알 수 없습니다. 국민공감 우수사례나 "
                    "정성평가 우수사례를 고르세요.")
            % {"value": selection},
            field="selection",
        )  # fmt: skip
    title = " ".join(title.split())
    if not title:
        raise ServiceError(gettext("우수사례명을 입력하세요."), field="title")
    if len(title) > TITLE_MAX:
        raise ServiceError(
            gettext("우수사례명은 %(max)s자까지입니다(입력: %(length)s자).")
            % {"max": TITLE_MAX, "length": len(title)},
            field="title",
        )
    return title


def _case_conflict(case: BestCase, expected_version: int | None) -> None:
    if case.version != expected_version:
        raise ConflictError(
            gettext(
                "다른 사용자가 우수사례 '%(title)s'을(를) 먼저 바꿨습니다(읽은 버전 %(read)s, "
                "현재 버전 %(current)s). 새로 고친 뒤 다시 시도하세요."
            )
            % {"title": case.title, "read": expected_version, "current": case.version}
        )


@transaction.atomic
def best_case_save(
    *,
    user: Any,
    evaluation: JointEvaluation,
    region: Region | None,
    title: str,
    selection: str = BestCase.Selection.PUBLIC,
    indicator: JointIndicator | None = None,
    summary: str = "",
    case: BestCase | None = None,
    expected_version: int | None = None,
) -> BestCase:
    """Add a best case (``case`` None) or change one (``case`` with the version read). Its
    peer group follows the region's; the indicator, when one is named, must be of the same
    evaluation. The text as printed (``raw``) of an imported case is kept."""
    plan = Plan.objects.select_related("organisation").get(pk=evaluation.plan_id)
    _check_office(user, plan, gettext("우수사례는 평가담당관이나 관리자만 입력할 수 있습니다."))
    current: BestCase | None = None
    if case is not None:
        current = BestCase.objects.select_for_update().get(pk=case.pk)
        if current.evaluation_id != evaluation.pk:
            raise ServiceError(gettext("이 합동평가의 우수사례가 아닙니다."))
        _case_conflict(current, expected_version)
    clean_title = _case_checks(evaluation, region, indicator, selection, title)
    assert region is not None  # _case_checks refuses None
    summary = summary.strip()
    if current is None:
        last = BestCase.objects.filter(evaluation=evaluation).aggregate(m=Max("position"))["m"]
        current = BestCase(evaluation=evaluation, position=(last or 0) + 1)
    elif (
        current.region_id,
        current.indicator_id,
        current.selection,
        current.title,
        current.summary,
    ) == (region.pk, getattr(indicator, "pk", None), selection, clean_title, summary):
        return current
    else:
        current.version += 1
    current.region = region
    current.group = region.group
    current.indicator = indicator
    current.selection = selection
    current.title = clean_title
    current.summary = summary
    current.full_clean()
    with _acting(user):
        current.save()
    return current


@transaction.atomic
def best_case_delete(*, user: Any, case: BestCase, expected_version: int | None) -> None:
    """Delete a best case (the office), with the version read."""
    current = (
        BestCase.objects.select_for_update()
        .select_related("evaluation__plan__organisation", "region")
        .get(pk=case.pk)
    )
    _check_office(
        user,
        current.evaluation.plan,
        gettext("우수사례는 평가담당관이나 관리자만 지울 수 있습니다."),
    )
    _case_conflict(current, expected_version)
    with _acting(user):
        current.delete()
