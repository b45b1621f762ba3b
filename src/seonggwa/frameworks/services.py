"""Writes of the sustainability framework, each with the acting user and the policy's check.

An implementation indicator is a ``plans.Indicator`` of the framework's plan owned by the
department that runs its project, so departments enter its actuals through the entry
workflow (docs/workflow.md), the office approves them, and the evaluation run grades them
달성 / 일부달성 / 미달성 with R8 overrides (the plan's scheme ``sustainability_plan``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from seonggwa.audit.context import acting_as
from seonggwa.core.errors import PermissionDenied, ServiceError
from seonggwa.engine.values import parse_number
from seonggwa.frameworks.models import FrameworkIndicator, Project, Task
from seonggwa.organisations.models import OrgUnit, PlanOwner
from seonggwa.organisations.services import owner_get_or_create
from seonggwa.plans.models import Indicator, Plan
from seonggwa.policy import can_edit_plan
from seonggwa.results.models import IndicatorValue
from seonggwa.results.services import value_set

__all__ = ["implementation_indicator_create"]


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
) -> Indicator:
    """Add an implementation indicator (성과지표) of project ``project_name`` (세부사업, run by
    ``unit``) under ``task``, with its yearly targets as printed (``{2018: "100"}``). The
    office only, while the plan is not closed."""
    field = task.strategy.field
    plan = Plan.objects.select_for_update().get(pk=field.framework.plan_id)
    if plan.status == Plan.Status.CLOSED:
        raise ServiceError(gettext("%(plan)s은(는) 마감되어 바꿀 수 없습니다.") % {"plan": plan})
    if not can_edit_plan(user, plan):
        raise PermissionDenied(
            gettext("이행계획 성과지표는 평가담당관이나 관리자만 추가할 수 있습니다.")
        )
    if unit.organisation_id != plan.organisation_id:
        raise ServiceError(
            gettext("부서 '%(unit)s'은(는) %(organisation)s의 부서가 아닙니다.")
            % {"unit": unit.name, "organisation": plan.organisation.name},
            field="unit",
        )
    if not name.strip() or not project_name.strip():
        raise ServiceError(gettext("세부사업과 성과지표의 이름을 적으세요."), field="name")
    project = Project.objects.filter(task=task, name=project_name.strip()).first()
    if project is None:
        project = Project(
            task=task, name=project_name.strip(), unit=unit, position=task.projects.count()
        )
        project.full_clean()
        project.save()
    owner = owner_get_or_create(unit=unit, kind=PlanOwner.Kind.UNIT)
    count = FrameworkIndicator.objects.filter(
        field=field, role=FrameworkIndicator.Role.IMPLEMENTATION
    ).count()
    indicator = Indicator(
        plan=plan,
        owner=owner,
        strategic_goal=field.goal,
        code=f"{field.name}-이행-{count + 1:03d}",
        name=name.strip(),
        unit_of_measure=unit_of_measure,
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
    for year, raw in sorted(targets.items()):
        number: Decimal | None = parse_number(raw)
        if number is None:
            raise ServiceError(
                gettext("%(year)s년 목표치 '%(raw)s'이(가) 숫자가 아닙니다.")
                % {"year": year, "raw": raw},
                field="targets",
            )
        value_set(
            user=user,
            indicator=indicator,
            kind=IndicatorValue.Kind.TARGET,
            year=year,
            raw_text=raw,
            value=number,
        )
    return indicator
