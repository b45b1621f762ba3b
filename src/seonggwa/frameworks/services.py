"""Writes of the sustainability framework, each with the acting user and the policy's check.

An implementation indicator is a ``plans.Indicator`` of the framework's plan owned by the
department that runs its project, so departments enter its actuals through the entry
workflow (docs/workflow.md), the office approves them, and the evaluation run grades them
달성 / 일부달성 / 미달성 with R8 overrides (the plan's scheme ``sustainability_plan``).

The framework's own settings (cycle, status year, committee, title) come from the import and
may be changed by the office with ``framework_settings_save`` (versioned, audited)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from seonggwa.audit.context import acting_as
from seonggwa.core.errors import ConflictError, PermissionDenied, ServiceError
from seonggwa.engine.values import parse_number
from seonggwa.frameworks.models import (
    FrameworkIndicator,
    Project,
    SustainabilityFramework,
    SustainabilityReview,
    Task,
)
from seonggwa.organisations.models import OrgUnit, PlanOwner
from seonggwa.organisations.services import owner_get_or_create
from seonggwa.plans.models import Indicator, Plan
from seonggwa.plans.services import indicator_update
from seonggwa.policy import can_edit_plan, can_manage_plan, can_record_sustainability_review
from seonggwa.results.models import IndicatorValue
from seonggwa.results.services import value_set

__all__ = [
    "framework_settings_save",
    "implementation_indicator_create",
    "implementation_indicator_delete",
    "implementation_indicator_update",
    "sustainability_review_save",
]

# the directions an implementation indicator may take (a yearly target met or not)
DIRECTIONS = (Indicator.Direction.HIGHER, Indicator.Direction.LOWER)


def _check_office(user: Any, plan: Plan) -> None:
    """The office (``policy.can_edit_plan``) while the plan is not closed."""
    if plan.status == Plan.Status.CLOSED:
        raise ServiceError(gettext("%(plan)s은(는) 마감되어 바꿀 수 없습니다.") % {"plan": plan})
    if not can_edit_plan(user, plan):
        raise PermissionDenied(
            gettext("이행계획 성과지표는 평가담당관이나 관리자만 추가하거나 바꿀 수 있습니다.")
        )


def _check_direction(direction: str) -> None:
    if direction not in DIRECTIONS:
        raise ServiceError(
            gettext("방향 '%(direction)s'은(는) 쓸 수 없습니다: higher 또는 lower를 고르세요.")
            % {"direction": direction},
            field="direction",
        )


def _targets_set(user: Any, indicator: Indicator, targets: dict[int, str]) -> None:
    """Set the yearly targets given (``{2019: "100"}``); a blank text leaves a year alone."""
    for year, raw in sorted(targets.items()):
        if not raw.strip():
            continue
        number: Decimal | None = parse_number(raw)
        if number is None:
            raise ServiceError(
                gettext("%(year)s년 목표치 '%(raw)s'이(가) 숫자가 아닙니다.")
                % {"year": year, "raw": raw},
                field=f"target_{year}",
            )
        value_set(
            user=user,
            indicator=indicator,
            kind=IndicatorValue.Kind.TARGET,
            year=year,
            raw_text=raw.strip(),
            value=number,
        )


def _implementation_link(indicator: Indicator) -> FrameworkIndicator:
    link = (
        FrameworkIndicator.objects.select_related("project", "field__framework__plan")
        .filter(indicator_id=indicator.pk, role=FrameworkIndicator.Role.IMPLEMENTATION)
        .first()
    )
    if link is None:
        raise ServiceError(
            gettext("'%(indicator)s'은(는) 이행계획 성과지표가 아닙니다.")
            % {"indicator": indicator.name}
        )
    return link


@transaction.atomic
def implementation_indicator_create(
    *,
    user: Any,
    task: Task,
    project_name: str,
    unit: OrgUnit,
    name: str,
    targets: dict[int, str],
    unit_of_measure: str = "",
    direction: str = Indicator.Direction.HIGHER,
) -> Indicator:
    """Add an implementation indicator (성과지표) of project ``project_name`` (세부사업, run by
    ``unit``) under ``task``, with its yearly targets as printed (``{2018: "100"}``). The
    office only, while the plan is not closed."""
    field = task.strategy.field
    plan = Plan.objects.select_for_update().get(pk=field.framework.plan_id)
    _check_office(user, plan)
    _check_direction(direction)
    if unit.organisation_id != plan.organisation_id:
        raise ServiceError(
            gettext("부서 '%(unit)s'은(는) %(organisation)s의 부서가 아닙니다.")
            % {"unit": unit.name, "organisation": plan.organisation.name},
            field="unit",
        )
    if not name.strip() or not project_name.strip():
        raise ServiceError(gettext("세부사업과 성과지표의 이름을 적으세요."), field="name")
    if not any(raw.strip() for raw in targets.values()):
        raise ServiceError(gettext("목표치를 한 해 이상 적으세요."), field="targets")
    project = Project.objects.filter(task=task, name=project_name.strip()).first()
    if project is None:
        project = Project(
            task=task, name=project_name.strip(), unit=unit, position=task.projects.count()
        )
        project.full_clean()
        with acting_as(user):
            project.save()
    owner = owner_get_or_create(unit=unit, kind=PlanOwner.Kind.UNIT)
    # numbered after the highest so far: a removed indicator's number is not given again
    count = (
        FrameworkIndicator.objects.filter(
            field=field, role=FrameworkIndicator.Role.IMPLEMENTATION
        ).aggregate(Max("position"))["position__max"]
        or 0
    )
    indicator = Indicator(
        plan=plan,
        owner=owner,
        strategic_goal=field.goal,
        code=f"{field.name}-이행-{count + 1:03d}",
        name=name.strip(),
        unit_of_measure=unit_of_measure.strip(),
        direction=direction,
        position=plan.indicators.count(),
    )
    indicator.full_clean(exclude=["name_key"])
    with acting_as(user):
        indicator.save()
        FrameworkIndicator.objects.create(
            indicator=indicator,
            field=field,
            role=FrameworkIndicator.Role.IMPLEMENTATION,
            project=project,
            position=count + 1,
        )
    _targets_set(user, indicator, targets)
    return indicator


@transaction.atomic
def implementation_indicator_update(
    *,
    user: Any,
    indicator: Indicator,
    expected_updated_at: object,
    name: str,
    targets: dict[int, str],
    unit_of_measure: str = "",
    direction: str = Indicator.Direction.HIGHER,
) -> Indicator:
    """Change an implementation indicator's name, unit, direction and yearly targets (a
    blank target leaves that year as it is). The office only, while the plan is not
    closed, unless someone changed the indicator since ``expected_updated_at``; its project
    and department stay (remove it and add it again to move it)."""
    link = _implementation_link(indicator)
    plan = Plan.objects.select_for_update().get(pk=link.field.framework.plan_id)
    _check_office(user, plan)
    _check_direction(direction)
    if not name.strip():
        raise ServiceError(gettext("성과지표의 이름을 적으세요."), field="name")
    updated = indicator_update(
        user=user,
        indicator=indicator,
        expected_updated_at=expected_updated_at,
        name=name.strip(),
        unit_of_measure=unit_of_measure.strip(),
        direction=direction,
    )
    _targets_set(user, updated, targets)
    return updated


@transaction.atomic
def implementation_indicator_delete(*, user: Any, indicator: Indicator) -> None:
    """Remove an implementation indicator with its targets (and its project when it was the
    project's last). The office only, while the plan is not closed, no actual has been
    entered for it and no evaluation run of the plan has stored results (they keep it)."""
    link = _implementation_link(indicator)
    plan = Plan.objects.select_for_update().get(pk=link.field.framework.plan_id)
    _check_office(user, plan)
    if indicator.values.filter(kind=IndicatorValue.Kind.ACTUAL).exists():
        raise ServiceError(
            gettext("'%(indicator)s'에는 입력한 실적이 있어 지울 수 없습니다.")
            % {"indicator": indicator.name}
        )
    if plan.runs.exists():
        raise ServiceError(
            gettext("%(plan)s은(는) 이미 평가해 결과가 저장되어 있어 지표를 지울 수 없습니다.")
            % {"plan": plan}
        )
    project = link.project
    with acting_as(user):
        Indicator.objects.get(pk=indicator.pk).delete()
        if project is not None and not project.indicators.exists():
            project.delete()


# --- the committee's review (위원회 검토) ---------------------------------------------------

# a review with an outcome carries the day it was held
DATED = (SustainabilityReview.Status.COMPLETED, SustainabilityReview.Status.REVISION)


@transaction.atomic
def sustainability_review_save(
    *,
    user: Any,
    framework: SustainabilityFramework,
    status: str,
    reviewed_on: datetime.date | None = None,
    comments: str = "",
    committee: str = "",
    run: Any = None,
    expected_version: int = 0,
) -> SustainabilityReview:
    """Record (``expected_version`` 0: the first time) or update the committee's review of
    ``framework``: its status (검토 전 / 검토 중 / 검토 완료 / 보완 요청), the date it was held,
    what it resolved, which committee reviewed (the framework's by default) and the
    evaluation run it read (an ``evaluation.EvaluationRun`` of the plan; this app sits beside
    the evaluation app and names it only by its fields). The office and the organisation's committee members
    (``policy.can_record_sustainability_review``), while the plan is not closed; a completed
    review and a request for revision need a date not in the future, a request for revision
    says what to revise; a save over someone else's newer one is refused (ConflictError)."""
    plan = Plan.objects.select_for_update().get(pk=framework.plan_id)
    if plan.status == Plan.Status.CLOSED:
        raise ServiceError(
            gettext("%(plan)s은(는) 마감되어 위원회 검토를 기록할 수 없습니다.") % {"plan": plan}
        )
    if not can_record_sustainability_review(user, plan):
        raise PermissionDenied(
            gettext("위원회 검토는 평가담당관이나 지속가능발전위원회 위원만 기록할 수 있습니다.")
        )
    if status not in SustainabilityReview.Status.values:
        raise ServiceError(
            gettext("검토 상태 '%(status)s'은(는) 쓸 수 없습니다: %(choices)s 중에서 고르세요.")
            % {
                "status": status,
                "choices": ", ".join(str(label) for label in SustainabilityReview.Status.labels),
            },
            field="status",
        )
    if status in DATED and reviewed_on is None:
        raise ServiceError(
            gettext("검토 완료나 보완 요청에는 위원회가 검토한 날짜(검토일)를 적으세요."),
            field="reviewed_on",
        )
    if reviewed_on is not None and reviewed_on > timezone.localdate():
        raise ServiceError(
            gettext("검토일 %(day)s은(는) 아직 오지 않은 날입니다. 검토한 날짜를 적으세요.")
            % {"day": reviewed_on.isoformat()},
            field="reviewed_on",
        )
    if status == SustainabilityReview.Status.REVISION and not comments.strip():
        raise ServiceError(
            gettext("보완 요청에는 무엇을 보완할지 의결 내용을 적으세요."), field="comments"
        )
    if run is not None and run.plan_id != plan.pk:
        raise ServiceError(
            gettext("평가 회차 %(run)s은(는) 이 계획의 회차가 아닙니다.") % {"run": run.pk},
            field="run",
        )
    review = SustainabilityReview.objects.select_for_update().filter(framework=framework).first()
    read = review.version if review is not None else 0
    if read != expected_version:
        raise ConflictError(
            gettext(
                "다른 사용자가 위원회 검토를 먼저 기록했습니다(읽은 버전 %(read)s, 현재 버전 "
                "%(current)s). 새로 고친 뒤 다시 기록하세요."
            )
            % {"read": expected_version, "current": read}
        )
    if review is None:
        review = SustainabilityReview(framework=framework)
    else:
        review.version += 1
    review.status = status
    review.reviewed_on = reviewed_on
    review.comments = comments.strip()
    review.committee = committee.strip() or framework.committee
    review.run = run
    review.recorded_by = user if getattr(user, "pk", None) else None
    review.full_clean()
    with acting_as(user):
        review.save()
    return review


# --- the framework's settings (평가 주기, 위원회) -------------------------------------------------

# the cycle's length in years (the ordinance says two; a longer one is still plausible)
CYCLE_YEARS = (1, 10)
# the earliest year a cycle may start or the core indicators' status may be taken from (local
# sustainable development began in the 1990s); the latest is the plan's own year
FIRST_YEAR = 1990
TITLE_MAX = SustainabilityFramework._meta.get_field("title").max_length or 300
COMMITTEE_MAX = SustainabilityFramework._meta.get_field("committee").max_length or 200


def _check_year(year: int | None, plan: Plan, message: str, field: str) -> None:
    """A year between ``FIRST_YEAR`` and the plan's year, or None (unknown)."""
    if year is not None and not FIRST_YEAR <= year <= plan.year:
        raise ServiceError(
            message % {"year": year, "first": FIRST_YEAR, "last": plan.year}, field=field
        )


def _check_text(text: str, most: int, message: str, field: str) -> str:
    """``text`` with its runs of white space made one space, refused beyond ``most``."""
    clean = " ".join(text.split())
    if len(clean) > most:
        raise ServiceError(message % {"max": most, "length": len(clean)}, field=field)
    return clean


@transaction.atomic
def framework_settings_save(
    *,
    user: Any,
    framework: SustainabilityFramework,
    expected_version: int,
    cycle_years: int,
    cycle_start_year: int | None,
    status_year: int | None,
    committee: str,
    title: str = "",
) -> SustainabilityFramework:
    """Change the settings the import read from the document: the cycle's length (1–10
    years), the first year of a cycle (None: unknown, so the plan's place in its cycle is
    not told), the status year of the core indicators (None: not printed), the reviewing
    committee and the title (blank: the plan's). The office (``policy.can_manage_plan``)
    while the plan is not closed, with the ``version`` read: a save over someone else's newer
    one is refused (ConflictError). Each refusal names its field; the change is audited as
    ``user`` (``frameworks.SustainabilityFramework`` is an audited model)."""
    plan = Plan.objects.select_for_update().select_related("organisation").get(pk=framework.plan_id)
    if plan.status == Plan.Status.CLOSED:
        raise ServiceError(gettext("%(plan)s은(는) 마감되어 바꿀 수 없습니다.") % {"plan": plan})
    if not can_manage_plan(user, plan):
        raise PermissionDenied(
            gettext("지속가능성 평가의 설정은 평가담당관이나 관리자만 바꿀 수 있습니다.")
        )
    current = SustainabilityFramework.objects.select_for_update().get(pk=framework.pk)
    if current.version != expected_version:
        raise ConflictError(
            gettext(
                "다른 사용자가 지속가능성 평가의 설정을 먼저 바꿨습니다(읽은 버전 %(read)s, "
                "현재 버전 %(current)s). 새로 고친 뒤 다시 시도하세요."
            )
            % {"read": expected_version, "current": current.version}
        )
    low, high = CYCLE_YEARS
    if not low <= cycle_years <= high:
        raise ServiceError(
            gettext("평가 주기는 %(low)s년부터 %(high)s년 사이로 적으세요(입력: %(value)s년).")
            % {"low": low, "high": high, "value": cycle_years},
            field="cycle_years",
        )
    _check_year(
        cycle_start_year,
        plan,
        gettext(
            "주기 시작 연도 %(year)s년은 맞지 않습니다. %(first)s년부터 이 계획의 연도인 "
            "%(last)s년 사이로 적거나, 모르면 비워 두세요."
        ),
        "cycle_start_year",
    )
    _check_year(
        status_year,
        plan,
        gettext(
            "핵심지표 현황 연도 %(year)s년은 맞지 않습니다. %(first)s년부터 이 계획의 연도인 "
            "%(last)s년 사이로 적거나, 없으면 비워 두세요."
        ),
        "status_year",
    )
    clean_committee = _check_text(
        committee,
        COMMITTEE_MAX,
        gettext("위원회 이름은 %(max)s자까지입니다(입력: %(length)s자). 줄여서 적으세요."),
        "committee",
    )
    if not clean_committee:
        raise ServiceError(
            gettext("검토하는 위원회의 이름을 적으세요(예: 지속가능발전위원회)."),
            field="committee",
        )
    clean_title = _check_text(
        title,
        TITLE_MAX,
        gettext("제목은 %(max)s자까지입니다(입력: %(length)s자). 줄여서 적으세요."),
        "title",
    )
    wanted = (cycle_years, cycle_start_year, status_year, clean_committee, clean_title)
    if (
        current.cycle_years,
        current.cycle_start_year,
        current.status_year,
        current.committee,
        current.title,
    ) == wanted:
        return current
    (
        current.cycle_years,
        current.cycle_start_year,
        current.status_year,
        current.committee,
        current.title,
    ) = wanted
    current.version += 1
    current.full_clean()
    with acting_as(user):
        current.save()
    current.plan = plan
    return current
