"""Writes for plans and their contents. Keyword-only, validated, atomic."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext

from seonggwa.core.errors import ConflictError, ServiceError
from seonggwa.engine.grading import REGISTRY
from seonggwa.organisations.models import Organisation, PlanOwner

from .models import Indicator, Perspective, Plan, PolicyGoal, StrategicGoal

STATUS_FLOW = {
    Plan.Status.DRAFT: {Plan.Status.CONFIRMED},
    Plan.Status.CONFIRMED: {Plan.Status.CLOSED, Plan.Status.DRAFT},
    Plan.Status.CLOSED: set(),
}


@transaction.atomic
def plan_create(
    *, organisation: Organisation, year: int, kind: str, title: str = "", grading_scheme: str = ""
) -> Plan:
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
        organisation=organisation, year=year, kind=kind, title=title, grading_scheme=grading_scheme
    )
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def plan_set_status(*, plan: Plan, status: str, expected_version: int) -> Plan:
    """Move a plan along draft → confirmed → closed (confirmed may return to draft).

    The row is locked and saved normally, so the audit trail records the change."""
    current = Plan.objects.select_for_update().get(pk=plan.pk)
    if current.version != expected_version:
        raise ConflictError(
            gettext("다른 사용자가 이 계획을 먼저 수정했습니다. 새로 고친 뒤 다시 시도하세요.")
        )
    if status not in STATUS_FLOW[Plan.Status(current.status)]:
        raise ServiceError(
            gettext("계획 상태를 '%(current)s'에서 '%(new)s'(으)로 바꿀 수 없습니다.")
            % {"current": current.get_status_display(), "new": Plan.Status(status).label}
        )
    current.status = status
    current.version += 1
    current.save(update_fields=["status", "version", "updated_at"])
    return current


def _check_editable(plan: Plan) -> None:
    if plan.status == Plan.Status.CLOSED:
        raise ServiceError(gettext("%(plan)s은(는) 마감되어 수정할 수 없습니다.") % {"plan": plan})


@transaction.atomic
def perspective_create(
    *,
    plan: Plan,
    owner: PlanOwner,
    name: str,
    weight: Decimal | None,
    position: int = 0,
    weight_raw: str = "",
) -> Perspective:
    _check_editable(plan)
    obj = Perspective(
        plan=plan, owner=owner, name=name, weight=weight, position=position, weight_raw=weight_raw
    )
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def strategic_goal_create(
    *,
    plan: Plan,
    owner: PlanOwner,
    name: str,
    code: str = "",
    perspective: Perspective | None = None,
    program_amount: Decimal | None = None,
    position: int = 0,
) -> StrategicGoal:
    _check_editable(plan)
    obj = StrategicGoal(
        plan=plan,
        owner=owner,
        name=name,
        code=code,
        perspective=perspective,
        program_amount=program_amount,
        position=position,
    )
    obj.name_key = ""
    obj.full_clean(exclude=["name_key"])
    obj.save()
    return obj


@transaction.atomic
def policy_goal_create(
    *, strategic_goal: StrategicGoal, name: str, code: str = "", position: int = 0
) -> PolicyGoal:
    _check_editable(strategic_goal.plan)
    obj = PolicyGoal(
        plan=strategic_goal.plan,
        strategic_goal=strategic_goal,
        name=name,
        code=code,
        position=position,
    )
    obj.full_clean(exclude=["name_key"])
    obj.save()
    return obj


@transaction.atomic
def indicator_create(*, strategic_goal: StrategicGoal, name: str, **fields: object) -> Indicator:
    """Create an indicator under a strategic goal (and optionally ``policy_goal=``)."""
    _check_editable(strategic_goal.plan)
    obj = Indicator(
        plan=strategic_goal.plan,
        owner=strategic_goal.owner,
        strategic_goal=strategic_goal,
        name=name,
        **fields,
    )
    obj.full_clean(exclude=["name_key"])
    obj.save()
    return obj


@transaction.atomic
def indicator_update(
    *, indicator: Indicator, expected_updated_at: object, **fields: object
) -> Indicator:
    """Update fields of an indicator unless someone changed it since ``expected_updated_at``."""
    _check_editable(indicator.plan)
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
    current.save()
    return current
