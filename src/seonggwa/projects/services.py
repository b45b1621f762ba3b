"""Writes of the major projects, each with the acting user and the policy's check: the
evaluation office (``policy.can_edit_plan``) registers a project or changes it, and sets
its 공정률 계획 for a period. The departments report the 실행 through the entry workflow:
it is an actual of the project's progress indicator (``results.services.actual_enter``,
``actual_submit``, ``actual_approve``), in the windows of the plan's periods
(docs/workflow.md) — no second workflow. Audited as the acting user by the audit signals.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext

from seonggwa.audit.context import acting_as
from seonggwa.core.errors import ConflictError, PermissionDenied, ServiceError
from seonggwa.engine.projects import (
    AmountRow,
    amount_read,
    counted_total,
    period_join,
    period_read,
    period_split,
)
from seonggwa.organisations.models import OrgUnit, PlanOwner
from seonggwa.organisations.services import owner_get_or_create
from seonggwa.plans.models import Indicator, Period, Plan, StrategicGoal
from seonggwa.policy import can_edit_plan
from seonggwa.results.models import IndicatorValue
from seonggwa.results.services import value_set

from .models import Project

__all__ = ["progress_indicator_name", "progress_target_set", "project_delete", "project_save"]


#: 총사업비 and 편성액 are stored in 원 with 18 digits at most.
MAX_WON = Decimal(10) ** 18


def progress_indicator_name(title: str) -> str:
    """The name of a project's progress indicator (its 공정률)."""
    return f"{title} 공정률"


def _check(user: Any, plan: Plan) -> None:
    if plan.kind != Plan.Kind.MAJOR_PROJECTS:
        raise ServiceError(
            gettext("%(plan)s은(는) 주요 역점사업 계획이 아닙니다.") % {"plan": plan}
        )
    if plan.status == Plan.Status.CLOSED:
        raise ServiceError(gettext("%(plan)s은(는) 마감되어 바꿀 수 없습니다.") % {"plan": plan})
    if not can_edit_plan(user, plan):
        raise PermissionDenied(
            gettext("주요 역점사업은 평가담당관이나 관리자만 등록하거나 바꿀 수 있습니다.")
        )


def _goal(plan: Plan, owner: PlanOwner) -> StrategicGoal:
    """The department's goal of the plan that holds its progress indicators."""
    goal = StrategicGoal.objects.filter(plan=plan, owner=owner).order_by("position").first()
    if goal is None:
        goal = StrategicGoal(
            plan=plan,
            owner=owner,
            code=f"역점-{plan.strategic_goals.count() + 1:02d}",
            name=f"{owner.unit.name} 주요 역점사업",
            position=plan.strategic_goals.count(),
        )
        goal.full_clean()
        goal.save()
    return goal


@transaction.atomic
def project_save(
    *,
    user: Any,
    plan: Plan,
    name: str,
    department: OrgUnit,
    number: int | None,
    parent: Project | None = None,
    sub_number: int | None = None,
    period_raw: str = "",
    total_cost_raw: str = "",
    budget_raw: str = "",
    progress_text: str | None = None,
    financing: str | None = None,
    project: Project | None = None,
    expected_version: int | None = None,
) -> Project:
    """Register a project (or change ``project``): its period and amounts are read as the
    table prints them (백만원; blank, ``-``, ``계속사업``, ``미정`` are no number). A numbered
    project gets its progress indicator, owned by ``department``; a parent (no number)
    groups sub-projects and has none — its amounts are its sub-projects' (R18), so none is
    given. A sub-project without ``sub_number`` comes after its siblings. ``financing``
    (재원) is printed in brackets after the period (``2016 ~ 2028 (민자사업)``); ``None``
    takes it from the period. ``progress_text`` (추진사항) ``None`` keeps the project's.
    ``expected_version``: the version of ``project`` the form showed; a change made since
    is refused (``ConflictError``), not overwritten.

    A 편성액 over its 총사업비 is not refused: it is an R18 finding the table shows
    (``engine.projects.amount_checks``)."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    _check(user, plan)
    if project is not None:
        project = Project.objects.select_for_update().get(pk=project.pk)
        if project.plan_id != plan.pk:
            raise ServiceError(gettext("다른 계획의 사업입니다."), field="project")
        _check_version(project, expected_version)
    if not name.strip():
        raise ServiceError(gettext("과제명을 적으세요."), field="name")
    if len(name.strip()) > 300:
        raise ServiceError(gettext("과제명이 너무 깁니다(300자까지)."), field="name")
    if department.organisation_id != plan.organisation_id:
        raise ServiceError(
            gettext("부서 '%(unit)s'은(는) %(organisation)s의 부서가 아닙니다.")
            % {"unit": department.name, "organisation": plan.organisation.name},
            field="department",
        )
    _check_number(plan, number, project)
    if parent is not None and (parent.plan_id != plan.pk or parent.number is not None):
        raise ServiceError(
            gettext("상위 과제는 같은 계획의 번호 없는 과제여야 합니다."), field="parent"
        )
    if parent is not None and number is None:
        raise ServiceError(
            gettext("상위 과제 아래에 다시 상위 과제를 둘 수 없습니다. 연번을 적으세요."),
            field="parent",
        )
    total, budget = amount_read(total_cost_raw), amount_read(budget_raw)
    for reading, label, key in (
        (total, "총사업비", "total_cost_raw"),
        (budget, "편성액", "budget_raw"),
    ):
        if not reading.readable:
            raise ServiceError(
                gettext("%(what)s '%(raw)s'은(는) 백만원 단위 숫자가 아닙니다.")
                % {"what": label, "raw": reading.raw},
                field=key,
            )
        if reading.won is not None and (reading.won >= MAX_WON or len(reading.raw.strip()) > 50):
            raise ServiceError(
                gettext("%(what)s '%(raw)s'이(가) 너무 큽니다.")
                % {"what": label, "raw": reading.raw.strip()},
                field=key,
            )
        if number is None and reading.raw.strip():
            raise ServiceError(
                gettext("상위 과제의 %(what)s은(는) 세부사업 금액으로 셉니다(R18). 비워 두세요.")
                % {"what": label},
                field=key,
            )
    period_raw = _period_text(period_raw, financing, project)
    period = period_read(period_raw)
    if not period.readable and (project is None or period_raw != project.period_raw):
        raise ServiceError(
            gettext(
                "사업기간 '%(raw)s'을(를) 읽을 수 없습니다. 2018~, ~2025, 계속, 2020.7.~2021.6., "
                "2016 ~ 2028 (민자사업)처럼 적으세요."
            )
            % {"raw": period_raw},
            field="period_raw",
        )
    if len(period_raw) > Project._meta.get_field("period_raw").max_length:  # type: ignore[operator]
        raise ServiceError(gettext("사업기간이 너무 깁니다(100자까지)."), field="period_raw")
    old_parent_id = project.parent_id if project is not None else None
    target = project or Project(plan=plan, position=Project.objects.filter(plan=plan).count())
    if parent is None:
        target.sub_number = None
    elif sub_number is not None:
        target.sub_number = sub_number
    elif project is None or old_parent_id != parent.pk or target.sub_number is None:
        last = parent.children.exclude(pk=target.pk).aggregate(m=Max("sub_number"))["m"]
        target.sub_number = (last or 0) + 1
    target.name = name.strip()
    target.title_raw = (
        f"{parent.name} - {target.sub_number or ''}. {target.name}" if parent else target.name
    )[:400]
    target.department = department
    target.number = number
    target.parent = parent
    target.period_raw = period_raw
    target.start_year, target.start_month = period.start_year, period.start_month
    target.end_year, target.end_month = period.end_year, period.end_month
    target.continuing = period.continuing
    target.financing = period.financing[:100]
    target.total_cost, target.total_cost_raw = total.won, total_cost_raw.strip()
    target.budget, target.budget_raw = budget.won, budget_raw.strip()
    target.budget_year = target.budget_year or plan.year
    if progress_text is not None:  # None: keep what the project says
        target.progress_text = progress_text
    if target.pk is not None:
        target.version += 1
    with acting_as(user):
        target.full_clean(exclude=["progress_indicator"])
        target.save()
        if number is not None:
            _progress_indicator(target, plan)
        if parent is not None:
            _parent_totals(parent)
        if old_parent_id is not None and old_parent_id != target.parent_id:
            _parent_totals(Project.objects.get(pk=old_parent_id))
        if number is None and target.children.exists():
            _parent_totals(target)  # a parent's amounts stay its sub-projects'
    return target


def _check_version(project: Project, expected_version: int | None) -> None:
    if expected_version is not None and project.version != expected_version:
        raise ConflictError(
            gettext(
                "다른 사용자가 '%(name)s'을(를) 먼저 바꿨습니다. 새로 고쳐 바뀐 내용을 보고 "
                "다시 하세요."
            )
            % {"name": project.name}
        )


def _check_number(plan: Plan, number: int | None, project: Project | None) -> None:
    """연번: a parent has none and keeps none; a numbered row keeps one, unique in the plan."""
    if project is not None and project.is_parent and number is not None:
        raise ServiceError(
            gettext("상위 과제(세부사업을 묶는 과제)에는 연번을 두지 않습니다."), field="number"
        )
    if project is not None and not project.is_parent and number is None:
        raise ServiceError(gettext("연번을 적으세요."), field="number")
    if number is None:
        return
    if not 1 <= number <= 9999:
        raise ServiceError(gettext("연번은 1~9999 사이의 정수여야 합니다."), field="number")
    taken = Project.objects.filter(plan=plan, number=number)
    if project is not None:
        taken = taken.exclude(pk=project.pk)
    other = taken.first()
    if other is not None:
        raise ServiceError(
            gettext("연번 %(number)s은(는) 이미 '%(name)s'의 번호입니다.")
            % {"number": number, "name": other.name},
            field="number",
        )


def _period_text(period_raw: str, financing: str | None, project: Project | None) -> str:
    """The printed 사업기간: the period with ``financing`` in brackets (``None``: as typed).
    A tag in the period that differs from ``financing`` is refused; a period that says the
    same as the project's keeps the project's own spelling."""
    if financing is None:
        return period_raw.strip()
    text, tag = period_split(period_raw)
    financing = financing.strip().removeprefix("(").removesuffix(")").strip()
    if tag and financing and tag != financing:
        raise ServiceError(
            gettext(
                "사업기간의 재원 '(%(tag)s)'과 재원 '%(financing)s'이 다릅니다. 한 곳에만 적으세요."
            )
            % {"tag": tag, "financing": financing},
            field="financing",
        )
    if project is not None and period_split(project.period_raw) == (text, financing or tag):
        return project.period_raw
    return period_join(text, financing or tag)


@transaction.atomic
def project_delete(*, user: Any, project: Project, expected_version: int | None = None) -> None:
    """Delete a project with its progress indicator and 계획 (its parent's amounts follow
    the sub-projects left). Refused while the plan is closed, for a parent that still has
    sub-projects, and for a project whose 공정률 실행 has been reported (the department's
    report is kept) or whose plan has stored evaluation results."""
    plan = Plan.objects.select_for_update().get(pk=project.plan_id)
    _check(user, plan)
    project = Project.objects.select_for_update().get(pk=project.pk)
    _check_version(project, expected_version)
    children = project.children.count()
    if children:
        raise ServiceError(
            gettext("'%(name)s'에는 세부사업 %(count)s개가 있습니다. 세부사업을 먼저 지우세요.")
            % {"name": project.name, "count": children}
        )
    indicator = project.progress_indicator
    if indicator is not None:
        if indicator.values.filter(kind=IndicatorValue.Kind.ACTUAL).exists():
            raise ServiceError(
                gettext("'%(name)s'에는 보고된 공정률 실행이 있어 지울 수 없습니다.")
                % {"name": project.name}
            )
        if plan.runs.exists():
            raise ServiceError(
                gettext("%(plan)s은(는) 이미 평가해 결과가 저장되어 있어 사업을 지울 수 없습니다.")
                % {"plan": plan}
            )
    parent = project.parent
    with acting_as(user):
        project.delete()
        if indicator is not None:
            indicator.delete()
        if parent is not None:
            _parent_totals(parent)


def _parent_totals(parent: Project) -> None:
    """A parent's amounts are its sub-projects', a repeated amount counted once (R18)."""
    rows = [
        AmountRow(key=c.pk, name=c.name, total=c.total_cost, budget=c.budget, group="")
        for c in parent.children.filter(number__isnull=False)
    ]
    parent.total_cost = counted_total(rows, "total")
    parent.budget = counted_total(rows, "budget")
    parent.save(update_fields=["total_cost", "budget", "updated_at"])


def _progress_indicator(project: Project, plan: Plan) -> Indicator:
    owner = owner_get_or_create(unit=project.department, kind=PlanOwner.Kind.UNIT)
    indicator = project.progress_indicator or Indicator(plan=plan)
    indicator.owner = owner
    indicator.strategic_goal = _goal(plan, owner)
    indicator.code = f"역점-{project.number:03d}"
    indicator.name = progress_indicator_name(project.title_raw or project.name)
    indicator.unit_of_measure = "%"
    indicator.position = project.number or 0
    indicator.full_clean(exclude=["name_key"])
    indicator.save()
    if project.progress_indicator_id != indicator.pk:
        project.progress_indicator = indicator
        project.save(update_fields=["progress_indicator"])
    return indicator


def _rate(raw: str) -> Decimal:
    text = raw.strip().rstrip("%").strip()
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or not Decimal(0) <= value <= Decimal(100):
        raise ServiceError(
            gettext("공정률 '%(raw)s'은(는) 0~100 사이의 숫자(%%)가 아닙니다.") % {"raw": raw},
            field="planned",
        )
    return value


def progress_target_set(*, user: Any, project: Project, period: Period, raw: str) -> IndicatorValue:
    """Set the project's 공정률 계획 for ``period`` (a target of its progress indicator)."""
    _check(user, project.plan)
    if project.progress_indicator is None:
        raise ServiceError(gettext("상위 과제에는 공정률을 두지 않습니다. 세부사업에 입력하세요."))
    if period.plan_id != project.plan_id:
        raise ServiceError(gettext("다른 계획의 기간입니다."), field="period")
    value = _rate(raw)
    return value_set(
        user=user,
        indicator=project.progress_indicator,
        kind=IndicatorValue.Kind.TARGET,
        year=period.year,
        quarter=period.quarter,
        month=period.month,
        raw_text=raw.strip(),
        value=value,
    )
