"""Writes of the planning round (docs/workflow.md, "Planning a year"). Keyword-only, atomic;
each takes the acting user, asks the policy and is audited as that user.

The office opens a round (next year's draft plan copied from this year's, with the rules of
the year); unit staff and managers edit their unit's part while it is drafting or returned,
managers submit it (refused while a live check finds an error); the office comments, returns
it with requests (the unit is told) or accepts it, and confirms the plan when every unit is
accepted (version 1). A unit asks for a mid-year change of a confirmed plan's indicator; the
office approves it (it applies and makes a new version keeping the old values) or rejects it.
Every edit of a unit's draft checks the draft's ``version`` (two people may edit one unit)."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from seonggwa.accounts.models import Role
from seonggwa.accounts.selectors import users_with_role
from seonggwa.audit.context import acting_as
from seonggwa.core.errors import ConflictError, PermissionDenied, ServiceError
from seonggwa.engine.grading import REGISTRY
from seonggwa.engine.values import Qualifier, parse_value
from seonggwa.notifications.services import notify
from seonggwa.organisations.models import OrgUnit, PlanOwner
from seonggwa.plans.models import (
    BudgetProgram,
    Indicator,
    Perspective,
    Plan,
    PolicyGoal,
    StrategicGoal,
)
from seonggwa.plans.services import plan_set_status, scheme_version_for
from seonggwa.policy import (
    can_comment_plan,
    can_draft_plan,
    can_submit_plan,
    is_central,
    roles_of,
)
from seonggwa.results.models import IndicatorValue
from seonggwa.results.services import (
    evidence_check,
    evidence_store,
    read_value,
    value_for_update,
    value_save,
)

from .models import (
    ChangeRequest,
    PlanningRound,
    PlanVersion,
    ReviewComment,
    RoundReviewer,
    UnitDraft,
)
from .selectors import REQUIRED_FIELDS, decimal_or_none, draft_view, plan_snapshot, targets_of

EDITABLE = (UnitDraft.Status.DRAFTING, UnitDraft.Status.RETURNED)


def _central(user: Any, organisation_id: int, message: str) -> None:
    if not is_central(user, organisation_id):
        raise PermissionDenied(message)


# --- opening a round ---------------------------------------------------------------------------


@transaction.atomic
def round_open(
    *,
    user: Any,
    source_plan: Plan,
    deadline: datetime.date,
    max_goals: int | None = None,
    max_indicators: int | None = None,
    required_fields: Sequence[str] = (),
    perspective_weights: dict[str, Decimal] | None = None,
    grading_scheme: str = "",
    city_unit: OrgUnit | None = None,
    city_goals: Sequence[str] = (),
) -> PlanningRound:
    """Open next year's planning round: a draft plan of ``source_plan.year + 1`` holding a
    copy of ``source_plan`` (indicators keep their link to last year's), a draft per unit,
    and the rules of the year. ``city_goals`` become goals of ``city_unit`` that units'
    goals carry (with the city goals copied from ``source_plan``)."""
    _central(
        user, source_plan.organisation_id, gettext("계획 수립은 평가담당관만 시작할 수 있습니다.")
    )
    source = Plan.objects.select_related("organisation").get(pk=source_plan.pk)
    if source.status == Plan.Status.DRAFT:
        raise ServiceError(
            gettext("%(plan)s은(는) 아직 작성 중입니다. 확정된 계획에서 다음 해 계획을 시작하세요.")
            % {"plan": source}
        )
    if deadline < timezone.localdate():
        raise ServiceError(gettext("제출 마감일은 오늘 이후로 정하세요."), field="deadline")
    unknown = [f for f in required_fields if f not in REQUIRED_FIELDS]
    if unknown:
        raise ServiceError(
            gettext("필수 항목 %(fields)s은(는) 없는 항목입니다.") % {"fields": ", ".join(unknown)},
            field="required_fields",
        )
    for cap, name in ((max_goals, "max_goals"), (max_indicators, "max_indicators")):
        if cap is not None and cap < 1:
            raise ServiceError(gettext("상한은 1 이상이어야 합니다."), field=name)
    weights = perspective_weights or {}
    if weights and sum(weights.values(), Decimal(0)) != Decimal(100):
        raise ServiceError(
            gettext("관점 가중치의 합계가 %(total)s입니다. 100이 되게 정하세요.")
            % {"total": format(sum(weights.values(), Decimal(0)).normalize(), "f")},
            field="perspective_weights",
        )
    scheme = grading_scheme or source.grading_scheme
    if scheme and scheme not in REGISTRY.names():
        raise ServiceError(
            gettext("평가 기준 '%(scheme)s'이(가) 없습니다. 사용할 수 있는 기준: %(names)s")
            % {"scheme": scheme, "names": ", ".join(sorted(REGISTRY.names()))},
            field="grading_scheme",
        )
    year = source.year + 1
    if Plan.objects.filter(organisation=source.organisation, year=year, kind=source.kind).exists():
        raise ServiceError(
            gettext("%(year)s년 계획이 이미 있습니다. 그 계획의 수립 화면에서 이어 가세요.")
            % {"year": year}
        )
    names = [n.strip() for n in city_goals if n.strip()]
    if names and city_unit is None:
        raise ServiceError(gettext("시 목표를 가질 부서를 고르세요."), field="city_unit")
    with acting_as(user):
        plan = Plan(
            organisation=source.organisation,
            year=year,
            kind=source.kind,
            title=source.title.replace(str(source.year), str(year)),
            grading_scheme=scheme,
            # the rules of the year: the scheme's version in force for it, last year's steps
            grading_scheme_version=scheme_version_for(scheme, year),
            score_steps=source.score_steps,
            default_cap=source.default_cap,
        )
        plan.full_clean()
        plan.save()
        city_owner = None
        if city_unit is not None:
            city_owner, _ = PlanOwner.objects.get_or_create(
                unit=city_unit,
                kind=PlanOwner.Kind.OFFICE,
                defaults={"label": source.organisation.name},
            )
        _copy(source, plan)
        if city_owner is not None:
            for position, name in enumerate(names, start=1000):
                StrategicGoal.objects.create(
                    plan=plan, owner=city_owner, name=name, position=position
                )
        if weights:
            owners = PlanOwner.objects.filter(strategic_goals__plan=plan).distinct()
            for owner in owners:
                for position, (name, weight) in enumerate(weights.items()):
                    Perspective.objects.update_or_create(
                        plan=plan,
                        owner=owner,
                        name=name,
                        defaults={"weight": weight, "position": position},
                    )
        rnd = PlanningRound.objects.create(
            organisation=source.organisation,
            plan=plan,
            source_plan=source,
            city_owner=city_owner,
            deadline=deadline,
            max_goals=max_goals,
            max_indicators=max_indicators,
            required_fields=list(required_fields),
            perspective_weights={k: str(v) for k, v in weights.items()},
        )
        drafting = PlanOwner.objects.filter(strategic_goals__plan=plan).distinct()
        for owner in drafting:
            if city_owner is None or owner.pk != city_owner.pk:
                UnitDraft.objects.create(round=rnd, owner=owner)
    return rnd


def _copy(source: Plan, plan: Plan) -> None:
    """Copy the source plan's perspectives, goals (their cascade), policy goals, indicators
    (linked to last year's by ``previous``) and budget programs into ``plan``; targets are
    next year's to set."""
    perspectives: dict[int, Perspective] = {}
    for p in Perspective.objects.filter(plan=source):
        old = p.pk
        p.pk = None
        p.plan = plan
        p.source_document = None
        p.save()
        perspectives[old] = p
    goals: dict[int, StrategicGoal] = {}
    parents: dict[int, int] = {}
    for g in StrategicGoal.objects.filter(plan=source).order_by("position", "pk"):
        old = g.pk
        if g.parent_id is not None:
            parents[old] = g.parent_id
        g.pk = None
        g.plan = plan
        g.parent = None
        g.source_document = None
        g.perspective = perspectives.get(g.perspective_id) if g.perspective_id else None
        g.save()
        goals[old] = g
    for old, parent in parents.items():
        if parent in goals:
            goals[old].parent = goals[parent]
            goals[old].save(update_fields=["parent"])
    policies: dict[int, PolicyGoal] = {}
    for pg in PolicyGoal.objects.filter(plan=source):
        old = pg.pk
        pg.pk = None
        pg.plan = plan
        pg.source_document = None
        pg.strategic_goal = goals[pg.strategic_goal_id]
        pg.save()
        policies[old] = pg
    for ind in Indicator.objects.filter(plan=source).order_by("position", "pk"):
        old = ind.pk
        ind.pk = None
        ind.plan = plan
        ind.source_document = None
        ind.previous_id = old
        ind.parent = None
        ind.strategic_goal = goals[ind.strategic_goal_id]
        ind.policy_goal = policies.get(ind.policy_goal_id) if ind.policy_goal_id else None
        ind.perspective = perspectives.get(ind.perspective_id) if ind.perspective_id else None
        ind.mark_raw = ""
        ind.save()
    for bp in BudgetProgram.objects.filter(plan=source):
        bp.pk = None
        bp.plan = plan
        bp.source_document = None
        bp.program_code = None
        bp.previous_budget, bp.budget = bp.budget, None
        bp.previous_settlement, bp.settlement = bp.settlement, None
        bp.strategic_goal = goals.get(bp.strategic_goal_id) if bp.strategic_goal_id else None
        bp.policy_goal = policies.get(bp.policy_goal_id) if bp.policy_goal_id else None
        bp.save()


@transaction.atomic
def round_caps_set(
    *,
    user: Any,
    rnd: PlanningRound,
    caps: dict[int, tuple[int | None, int | None]],
    expected_version: int,
) -> PlanningRound:
    """The 상한표: per unit draft (by id), its caps on strategic goals and indicators (None:
    the round's cap)."""
    current = PlanningRound.objects.select_for_update().get(pk=rnd.pk)
    _central(user, current.organisation_id, gettext("상한표는 평가담당관만 정할 수 있습니다."))
    if current.status != PlanningRound.Status.OPEN:
        raise ServiceError(gettext("이 계획은 이미 확정되었습니다."))
    if current.version != expected_version:
        raise ConflictError(
            gettext("계획 수립 상태가 그사이 바뀌었습니다. 새로 고친 뒤 다시 하세요.")
        )
    drafts = {d.pk: d for d in current.drafts.all()}
    unknown = [pk for pk in caps if pk not in drafts]
    if unknown:
        raise ServiceError(
            gettext("이 계획 수립에 없는 부서가 있습니다. 새로 고친 뒤 다시 하세요.")
        )
    for pk, (goals, indicators) in caps.items():
        for cap, name in ((goals, "max_goals"), (indicators, "max_indicators")):
            if cap is not None and cap < 1:
                raise ServiceError(gettext("상한은 1 이상이어야 합니다."), field=name)
        draft = drafts[pk]
        if (draft.max_goals, draft.max_indicators) != (goals, indicators):
            draft.max_goals, draft.max_indicators = goals, indicators
            with acting_as(user):
                draft.save(update_fields=["max_goals", "max_indicators", "updated_at"])
    current.version += 1
    with acting_as(user):
        current.save(update_fields=["version", "updated_at"])
    return current


@transaction.atomic
def round_reviewer_invite(*, user: Any, rnd: PlanningRound, reviewer: Any) -> RoundReviewer:
    """The office invites a person of the organisation (e.g. an evaluation committee
    member) to review the round: to read every unit's draft and comment on it. The person
    is told."""
    current = PlanningRound.objects.select_for_update().select_related("plan").get(pk=rnd.pk)
    _central(user, current.organisation_id, gettext("검토자는 평가담당관만 초대할 수 있습니다."))
    if current.status != PlanningRound.Status.OPEN:
        raise ServiceError(gettext("이 계획은 이미 확정되었습니다."))
    if not getattr(reviewer, "is_active", False) or not roles_of(reviewer, current.organisation_id):
        raise ServiceError(
            gettext(
                "%(person)s은(는) 이 기관에서 역할이 없어 초대할 수 없습니다. 먼저 역할을 주세요."
            )
            % {"person": reviewer},
            field="reviewer",
        )
    if RoundReviewer.objects.filter(round=current, user=reviewer).exists():
        raise ServiceError(
            gettext("%(person)s은(는) 이미 검토자입니다.") % {"person": reviewer},
            field="reviewer",
        )
    with acting_as(user):
        invited = RoundReviewer.objects.create(
            round=current,
            user=reviewer,
            invited_by=user if getattr(user, "pk", None) else None,
        )
    notify(
        users=[reviewer],
        kind="review_invited",
        params={"plan": str(current.plan)},
        link=f"/planning/{current.pk}/",
        organisation_id=current.organisation_id,
    )
    return invited


@transaction.atomic
def round_reviewer_remove(*, user: Any, rnd: PlanningRound, reviewer: Any) -> PlanningRound:
    """The office ends a reviewer's invitation (their comments stay)."""
    current = PlanningRound.objects.select_for_update().get(pk=rnd.pk)
    _central(user, current.organisation_id, gettext("검토자는 평가담당관만 초대할 수 있습니다."))
    found = RoundReviewer.objects.filter(round=current, user_id=reviewer.pk).first()
    if found is None:
        raise ServiceError(gettext("%(person)s은(는) 검토자가 아닙니다.") % {"person": reviewer})
    with acting_as(user):
        found.delete()
    return current


# --- a unit's draft ----------------------------------------------------------------------------


def _draft_for_edit(draft: UnitDraft, user: Any, expected_version: int) -> UnitDraft:
    current = (
        UnitDraft.objects.select_for_update()
        .select_related("round__plan", "owner__unit")
        .get(pk=draft.pk)
    )
    plan = current.round.plan
    if not can_draft_plan(user, plan, current.owner.unit):
        raise PermissionDenied(
            gettext("%(unit)s의 계획은 그 부서의 담당자, 부서장과 평가담당관만 작성할 수 있습니다.")
            % {"unit": current.owner.unit.name}
        )
    if plan.status != Plan.Status.DRAFT or current.round.status != PlanningRound.Status.OPEN:
        raise ServiceError(
            gettext("%(plan)s은(는) 확정되어 더 작성할 수 없습니다. 변경은 변경 신청으로 하세요.")
            % {"plan": plan}
        )
    if current.status not in EDITABLE:
        raise ServiceError(
            gettext(
                "%(unit)s 계획은 %(status)s 상태라 고칠 수 없습니다. 평가담당관이 돌려보내면 고칠 수 있습니다."
            )
            % {"unit": current.owner, "status": current.get_status_display()}
        )
    if current.version != expected_version:
        raise ConflictError(
            gettext("다른 사용자가 %(unit)s 계획을 먼저 고쳤습니다. 새로 고친 뒤 다시 입력하세요.")
            % {"unit": current.owner}
        )
    return current


def _bump(draft: UnitDraft, user: Any) -> None:
    draft.version += 1
    with acting_as(user):
        draft.save(update_fields=["version", "updated_at"])


def _target_write(indicator: Indicator, raw_text: str, user: Any) -> None:
    """Set (or clear) the plan year's target of ``indicator`` as typed; the reading of the
    value grammar is stored beside it (an unreadable target is kept and flagged by the
    checks). Through the one locked write path of values (``results.services``): the row is
    locked, its version goes up by one, and the audited "before" is what was stored."""
    plan = indicator.plan
    existing = value_for_update(
        indicator=indicator, kind=IndicatorValue.Kind.TARGET, year=plan.year
    )
    raw = raw_text.strip()
    if not raw:
        if existing is not None:
            with acting_as(user):
                existing.delete()
        return
    reading = read_value(raw)
    obj = existing or IndicatorValue(
        indicator=indicator,
        kind=IndicatorValue.Kind.TARGET,
        year=plan.year,
        entered_by=user if getattr(user, "pk", None) else None,
        status=IndicatorValue.Status.APPROVED,
    )
    obj.raw_text = raw
    obj.value = reading["value"]
    obj.parts = [{"name": n, "value": str(v)} for n, v in reading["parts"]]
    obj.qualifier = reading["qualifier"]
    value_save(obj, user=user)


def _weight(text: str) -> Decimal | None:
    try:
        weight = decimal_or_none(text)
    except ValueError:
        raise ServiceError(
            gettext("가중치 '%(text)s'은(는) 숫자가 아닙니다. 예: 30, 12.5") % {"text": text},
            field="weight",
        ) from None
    if weight is not None and not Decimal(0) <= weight <= Decimal(100):
        raise ServiceError(gettext("가중치는 0에서 100 사이로 입력하세요."), field="weight")
    return weight


def _due_month(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= 12:
        raise ServiceError(
            gettext("최종실적월은 1에서 12 사이의 월로 입력하세요."), field="due_month"
        )
    return int(text)


def _draft_of(plan: Plan, owner_id: int) -> UnitDraft:
    return UnitDraft.objects.get(round__plan=plan, owner_id=owner_id)


@transaction.atomic
def draft_indicator_save(
    *,
    user: Any,
    indicator: Indicator,
    expected_version: int,
    name: str,
    target: str = "",
    weight: str = "",
    due_month: str = "",
    definition: str = "",
    formula: str = "",
    data_source: str = "",
    unit_of_measure: str = "",
) -> Indicator:
    """Save an indicator of a unit's draft as typed (weight and due month as text; the
    target in the value grammar)."""
    draft = _draft_for_edit(_draft_of(indicator.plan, indicator.owner_id), user, expected_version)
    current = Indicator.objects.select_for_update().get(pk=indicator.pk)
    if not name.strip():
        raise ServiceError(gettext("지표 이름을 입력하세요."), field="name")
    current.name = name.strip()
    current.weight = _weight(weight)
    current.weight_raw = weight.strip()
    current.due_month = _due_month(due_month)
    current.definition = definition.strip()
    current.formula = formula.strip()
    current.data_source = data_source.strip()[:200]
    current.unit_of_measure = unit_of_measure.strip()[:50]
    current.full_clean(exclude=["name_key"])
    with acting_as(user):
        current.save()
    _target_write(current, target, user)
    _bump(draft, user)
    return current


@transaction.atomic
def draft_indicator_add(
    *, user: Any, goal: StrategicGoal, name: str, expected_version: int
) -> Indicator:
    """A new indicator under a goal of a unit's draft."""
    draft = _draft_for_edit(_draft_of(goal.plan, goal.owner_id), user, expected_version)
    if not name.strip():
        raise ServiceError(gettext("지표 이름을 입력하세요."), field="name")
    last = Indicator.objects.filter(plan=goal.plan).order_by("-position").first()
    obj = Indicator(
        plan=goal.plan,
        owner=goal.owner,
        strategic_goal=goal,
        perspective=goal.perspective,
        name=name.strip(),
        position=(last.position + 1) if last else 0,
    )
    obj.full_clean(exclude=["name_key"])
    with acting_as(user):
        obj.save()
    _bump(draft, user)
    return obj


@transaction.atomic
def draft_indicator_remove(*, user: Any, indicator: Indicator, expected_version: int) -> UnitDraft:
    """Take an indicator out of a unit's draft (with its targets)."""
    draft = _draft_for_edit(_draft_of(indicator.plan, indicator.owner_id), user, expected_version)
    with acting_as(user):
        Indicator.objects.get(pk=indicator.pk).delete()
    _bump(draft, user)
    return draft


@transaction.atomic
def draft_goal_save(
    *,
    user: Any,
    goal: StrategicGoal,
    expected_version: int,
    name: str,
    parent: StrategicGoal | None,
) -> StrategicGoal:
    """Rename a goal of a unit's draft and link it to the city goal it supports."""
    draft = _draft_for_edit(_draft_of(goal.plan, goal.owner_id), user, expected_version)
    rnd = draft.round
    if parent is not None and (
        parent.plan_id != rnd.plan_id or parent.owner_id != rnd.city_owner_id
    ):
        raise ServiceError(
            gettext("상위 목표는 이 계획의 시 목표 중에서 고르세요."), field="parent"
        )
    if not name.strip():
        raise ServiceError(gettext("전략목표 이름을 입력하세요."), field="name")
    current = StrategicGoal.objects.select_for_update().get(pk=goal.pk)
    current.name = name.strip()
    current.parent = parent
    with acting_as(user):
        current.save()
    _bump(draft, user)
    return current


def _owned_by(draft: UnitDraft, *items: Any) -> None:
    """Refuse an item (goal, policy goal, perspective, budget program) of another unit's
    part or another plan."""
    for item in items:
        if item is None:
            continue
        if item.plan_id != draft.round.plan_id or item.owner_id != draft.owner_id:
            raise ServiceError(
                gettext("%(unit)s 계획의 항목만 고를 수 있습니다. 새로 고친 뒤 다시 하세요.")
                % {"unit": draft.owner}
            )


@transaction.atomic
def draft_goal_add(
    *, user: Any, draft: UnitDraft, name: str, expected_version: int
) -> StrategicGoal:
    """A new strategic goal in a unit's draft (the checks then ask for its city goal and
    its indicators)."""
    current = _draft_for_edit(draft, user, expected_version)
    if not name.strip():
        raise ServiceError(gettext("전략목표 이름을 입력하세요."), field="name")
    plan = current.round.plan
    last = (
        StrategicGoal.objects.filter(plan=plan, owner=current.owner).order_by("-position").first()
    )
    goal = StrategicGoal(
        plan=plan,
        owner=current.owner,
        name=name.strip(),
        position=(last.position + 1) if last else 0,
    )
    with acting_as(user):
        goal.save()
    _bump(current, user)
    return goal


@transaction.atomic
def draft_goal_remove(*, user: Any, goal: StrategicGoal, expected_version: int) -> UnitDraft:
    """Take a strategic goal out of a unit's draft, with its policy goals; refused while
    indicators are under it (move or take them out first). Budget programs linked to it
    lose the link (the checks then ask for a new one)."""
    draft = _draft_for_edit(_draft_of(goal.plan, goal.owner_id), user, expected_version)
    current = StrategicGoal.objects.select_for_update().get(pk=goal.pk)
    count = Indicator.objects.filter(strategic_goal=current).count()
    if count:
        raise ServiceError(
            gettext(
                "전략목표 '%(goal)s' 아래에 성과지표가 %(count)s개 있습니다. 지표를 다른 목표로 옮기거나 뺀 뒤 목표를 빼세요."
            )
            % {"goal": current.name, "count": count},
            field="goal",
        )
    with acting_as(user):
        for program in BudgetProgram.objects.filter(strategic_goal=current):
            program.strategic_goal = None
            program.policy_goal = None
            program.save()
        for policy in PolicyGoal.objects.filter(strategic_goal=current):
            policy.delete()
        current.delete()
    _bump(draft, user)
    return draft


@transaction.atomic
def draft_policy_goal_add(
    *, user: Any, goal: StrategicGoal, name: str, expected_version: int
) -> PolicyGoal:
    """A new policy goal (정책사업목표·성과목표) under a strategic goal of a unit's draft."""
    draft = _draft_for_edit(_draft_of(goal.plan, goal.owner_id), user, expected_version)
    if not name.strip():
        raise ServiceError(gettext("정책사업목표 이름을 입력하세요."), field="name")
    last = PolicyGoal.objects.filter(strategic_goal=goal).order_by("-position").first()
    policy = PolicyGoal(
        plan=goal.plan,
        strategic_goal=goal,
        name=name.strip(),
        position=(last.position + 1) if last else 0,
    )
    with acting_as(user):
        policy.save()
    _bump(draft, user)
    return policy


@transaction.atomic
def draft_policy_goal_save(
    *, user: Any, policy_goal: PolicyGoal, name: str, expected_version: int
) -> PolicyGoal:
    """Rename a policy goal of a unit's draft."""
    current = (
        PolicyGoal.objects.select_for_update()
        .select_related("strategic_goal")
        .get(pk=policy_goal.pk)
    )
    draft = _draft_for_edit(
        _draft_of(current.plan, current.strategic_goal.owner_id), user, expected_version
    )
    if not name.strip():
        raise ServiceError(gettext("정책사업목표 이름을 입력하세요."), field="name")
    current.name = name.strip()
    with acting_as(user):
        current.save()
    _bump(draft, user)
    return current


@transaction.atomic
def draft_policy_goal_remove(
    *, user: Any, policy_goal: PolicyGoal, expected_version: int
) -> UnitDraft:
    """Take a policy goal out of a unit's draft: its indicators and budget programs stay
    under the strategic goal."""
    current = (
        PolicyGoal.objects.select_for_update()
        .select_related("strategic_goal")
        .get(pk=policy_goal.pk)
    )
    draft = _draft_for_edit(
        _draft_of(current.plan, current.strategic_goal.owner_id), user, expected_version
    )
    with acting_as(user):
        for ind in Indicator.objects.filter(policy_goal=current):
            ind.policy_goal = None
            ind.save()
        for program in BudgetProgram.objects.filter(policy_goal=current):
            program.policy_goal = None
            program.save()
        current.delete()
    _bump(draft, user)
    return draft


@transaction.atomic
def draft_indicator_place(
    *,
    user: Any,
    indicator: Indicator,
    expected_version: int,
    goal: StrategicGoal,
    policy_goal: PolicyGoal | None = None,
    perspective: Perspective | None = None,
) -> Indicator:
    """Put an indicator of a unit's draft under a strategic goal (and a policy goal of that
    goal) and in a BSC perspective of the unit."""
    draft = _draft_for_edit(_draft_of(indicator.plan, indicator.owner_id), user, expected_version)
    _owned_by(draft, goal, perspective)
    if policy_goal is not None and policy_goal.strategic_goal_id != goal.pk:
        raise ServiceError(
            gettext("정책사업목표 '%(policy)s'은(는) 전략목표 '%(goal)s' 아래에 없습니다.")
            % {"policy": policy_goal.name, "goal": goal.name},
            field="policy_goal",
        )
    current = Indicator.objects.select_for_update().get(pk=indicator.pk)
    current.strategic_goal = goal
    current.policy_goal = policy_goal
    current.perspective = perspective
    with acting_as(user):
        current.save()
    _bump(draft, user)
    return current


@transaction.atomic
def draft_program_link(
    *,
    user: Any,
    program: BudgetProgram,
    expected_version: int,
    goal: StrategicGoal | None,
    policy_goal: PolicyGoal | None = None,
) -> BudgetProgram:
    """Link a budget program (단위사업·주요사업) of a unit's draft to the strategic goal (and
    policy goal) it serves; None unlinks it (the checks then flag it)."""
    draft = _draft_for_edit(_draft_of(program.plan, program.owner_id), user, expected_version)
    _owned_by(draft, goal)
    if policy_goal is not None and (goal is None or policy_goal.strategic_goal_id != goal.pk):
        raise ServiceError(
            gettext("정책사업목표는 고른 전략목표 아래의 것을 고르세요."), field="policy_goal"
        )
    current = BudgetProgram.objects.select_for_update().get(pk=program.pk)
    current.strategic_goal = goal
    current.policy_goal = policy_goal
    with acting_as(user):
        current.save()
    _bump(draft, user)
    return current


@transaction.atomic
def draft_submit(*, user: Any, draft: UnitDraft, expected_version: int) -> UnitDraft:
    """Submit a unit's draft to the office (a unit manager): refused while a check finds an
    error. The office is told."""
    current = UnitDraft.objects.select_related("round__plan", "owner__unit").get(pk=draft.pk)
    if not can_submit_plan(user, current.round.plan, current.owner.unit):
        raise PermissionDenied(
            gettext("%(unit)s 계획은 그 부서의 부서장이 제출합니다.")
            % {"unit": current.owner.unit.name}
        )
    current = _draft_for_edit(current, user, expected_version)
    errors = draft_view(draft=current).errors
    if errors:
        raise ServiceError(
            gettext("확인할 항목이 %(count)s개 있어 제출할 수 없습니다. 첫 항목: %(first)s")
            % {"count": len(errors), "first": errors[0].message}
        )
    current.status = UnitDraft.Status.SUBMITTED
    current.submitted_at = timezone.now()
    current.submitted_by = user if getattr(user, "pk", None) else None
    current.version += 1
    with acting_as(user):
        current.save()
    plan = current.round.plan
    notify(
        users=users_with_role(
            organisation_id=plan.organisation_id, roles=[Role.EVALUATION_OFFICER]
        ),
        kind="plan_submitted",
        params={"plan": str(plan), "unit": str(current.owner)},
        link=f"/planning/{current.round_id}/units/{current.pk}/",
        organisation_id=plan.organisation_id,
    )
    return current


def _review_target(draft: UnitDraft, user: Any, expected_version: int | None) -> UnitDraft:
    current = (
        UnitDraft.objects.select_for_update()
        .select_related("round__plan", "owner__unit")
        .get(pk=draft.pk)
    )
    _central(
        user,
        current.round.organisation_id,
        gettext("계획 검토는 평가담당관만 할 수 있습니다."),
    )
    if current.round.status != PlanningRound.Status.OPEN:
        raise ServiceError(
            gettext("확정된 계획은 검토할 수 없습니다. 변경은 변경 신청으로 하세요.")
        )
    if expected_version is not None and current.version != expected_version:
        raise ConflictError(
            gettext("%(unit)s 계획이 그사이 바뀌었습니다. 새로 고친 뒤 다시 하세요.")
            % {"unit": current.owner}
        )
    return current


@transaction.atomic
def draft_comment(
    *,
    user: Any,
    draft: UnitDraft,
    text: str,
    goal: StrategicGoal | None = None,
    indicator: Indicator | None = None,
) -> ReviewComment:
    """A comment on a goal or an indicator of a unit's draft: the office, or a reviewer
    it invited to the round."""
    current = (
        UnitDraft.objects.select_for_update()
        .select_related("round__plan", "owner__unit")
        .get(pk=draft.pk)
    )
    invited = RoundReviewer.objects.filter(round_id=current.round_id).values_list(
        "user_id", flat=True
    )
    if not can_comment_plan(user, current.round.plan, invited):
        raise PermissionDenied(
            gettext("계획 검토 의견은 평가담당관과 그가 초대한 검토자만 남길 수 있습니다.")
        )
    if current.round.status != PlanningRound.Status.OPEN:
        raise ServiceError(
            gettext("확정된 계획은 검토할 수 없습니다. 변경은 변경 신청으로 하세요.")
        )
    if not text.strip():
        raise ServiceError(gettext("의견을 입력하세요."), field="text")
    for item in (goal, indicator):
        if item is not None and (
            item.plan_id != current.round.plan_id or item.owner_id != current.owner_id
        ):
            raise ServiceError(gettext("이 부서 계획의 목표나 지표에만 의견을 남길 수 있습니다."))
    with acting_as(user):
        return ReviewComment.objects.create(
            draft=current,
            goal=goal,
            indicator=indicator,
            text=text.strip(),
            author=user if getattr(user, "pk", None) else None,
        )


def _unit_people(draft: UnitDraft) -> list[Any]:
    return users_with_role(
        organisation_id=draft.round.organisation_id,
        roles=[Role.UNIT_STAFF, Role.UNIT_MANAGER],
        unit=draft.owner.unit,
    )


@transaction.atomic
def draft_return(*, user: Any, draft: UnitDraft, note: str, expected_version: int) -> UnitDraft:
    """Return a submitted draft to the unit with the office's requests; its people are told."""
    current = _review_target(draft, user, expected_version)
    if not note.strip():
        raise ServiceError(gettext("돌려보내는 요청 사항을 입력하세요."), field="note")
    if current.status != UnitDraft.Status.SUBMITTED:
        raise ServiceError(
            gettext("제출된 계획만 돌려보낼 수 있습니다(지금: %(status)s).")
            % {"status": current.get_status_display()}
        )
    current.status = UnitDraft.Status.RETURNED
    current.request_note = note.strip()
    current.version += 1
    with acting_as(user):
        current.save()
    plan = current.round.plan
    notify(
        users=_unit_people(current),
        kind="plan_returned",
        params={"plan": str(plan), "unit": str(current.owner), "note": current.request_note},
        link=f"/planning/{current.round_id}/units/{current.pk}/",
        organisation_id=plan.organisation_id,
    )
    return current


@transaction.atomic
def draft_accept(*, user: Any, draft: UnitDraft, expected_version: int) -> UnitDraft:
    """Accept a submitted draft (it waits for the plan's confirmation)."""
    current = _review_target(draft, user, expected_version)
    if current.status != UnitDraft.Status.SUBMITTED:
        raise ServiceError(
            gettext("제출된 계획만 승인할 수 있습니다(지금: %(status)s).")
            % {"status": current.get_status_display()}
        )
    current.status = UnitDraft.Status.ACCEPTED
    current.version += 1
    with acting_as(user):
        current.save()
    return current


def _version_make(plan: Plan, user: Any, note: str) -> PlanVersion:
    last = PlanVersion.objects.filter(plan=plan).order_by("-number").first()
    with acting_as(user):
        return PlanVersion.objects.create(
            plan=plan,
            number=(last.number + 1) if last else 1,
            snapshot=plan_snapshot(plan),
            note=note[:300],
            created_by=user if getattr(user, "pk", None) else None,
        )


@transaction.atomic
def round_confirm(*, user: Any, rnd: PlanningRound, expected_version: int) -> PlanVersion:
    """Confirm the round's plan once every unit's draft is accepted: the plan is confirmed
    and its first version stored."""
    current = PlanningRound.objects.select_for_update().select_related("plan").get(pk=rnd.pk)
    _central(user, current.organisation_id, gettext("계획 확정은 평가담당관만 할 수 있습니다."))
    if current.version != expected_version:
        raise ConflictError(
            gettext("계획 수립 상태가 그사이 바뀌었습니다. 새로 고친 뒤 다시 하세요.")
        )
    if current.status != PlanningRound.Status.OPEN:
        raise ServiceError(gettext("이 계획은 이미 확정되었습니다."))
    waiting = [
        str(d.owner)
        for d in current.drafts.select_related("owner__unit")
        if d.status != UnitDraft.Status.ACCEPTED
    ]
    if waiting:
        raise ServiceError(
            gettext("승인하지 않은 부서 계획이 있어 확정할 수 없습니다: %(units)s")
            % {"units": ", ".join(waiting)}
        )
    plan_set_status(
        user=user,
        plan=current.plan,
        status=Plan.Status.CONFIRMED,
        expected_version=current.plan.version,
    )
    current.status = PlanningRound.Status.CONFIRMED
    current.version += 1
    with acting_as(user):
        current.save()
    return _version_make(current.plan, user, gettext("계획 확정"))


# --- mid-year change requests ------------------------------------------------------------------


def _current_text(indicator: Indicator, field: str) -> str:
    if field == ChangeRequest.Field.TARGET:
        return targets_of(indicator.plan, [indicator.pk]).get(indicator.pk, "")
    if field == ChangeRequest.Field.WEIGHT:
        return "" if indicator.weight is None else format(indicator.weight.normalize(), "f")
    if field == ChangeRequest.Field.DUE_MONTH:
        return str(indicator.due_month or "")
    return indicator.definition


@transaction.atomic
def change_request_create(
    *,
    user: Any,
    indicator: Indicator,
    field: str,
    new_text: str,
    reason: str,
    file_name: str = "",
    content: bytes = b"",
    content_type: str | None = None,
    size: int | None = None,
) -> ChangeRequest:
    """지표·목표 변경 신청: a unit asks to change one field of an indicator of a confirmed
    plan, with a reason and an evidence file (the evidence upload limits apply)."""
    current = Indicator.objects.select_related("plan", "owner__unit").get(pk=indicator.pk)
    plan = current.plan
    if not can_draft_plan(user, plan, current.owner.unit):
        raise PermissionDenied(
            gettext("%(unit)s 지표의 변경은 그 부서의 담당자나 부서장이 신청합니다.")
            % {"unit": current.owner.unit.name}
        )
    if plan.status != Plan.Status.CONFIRMED:
        raise ServiceError(
            gettext("확정된 계획의 지표만 변경 신청할 수 있습니다(%(plan)s: %(status)s).")
            % {"plan": plan, "status": plan.get_status_display()}
        )
    if field not in ChangeRequest.Field.values:
        raise ServiceError(gettext("무엇을 바꿀지 고르세요."), field="field")
    new = new_text.strip()
    if not new:
        raise ServiceError(gettext("바꿀 값을 입력하세요."), field="new_text")
    if field == ChangeRequest.Field.TARGET:
        if parse_value(new).kind is Qualifier.TEXT:
            raise ServiceError(
                gettext(
                    "목표 '%(text)s'을(를) 읽을 수 없습니다. 80.5, 12.5%%, △1.2 처럼 입력하세요."
                )
                % {"text": new},
                field="new_text",
            )
    elif field == ChangeRequest.Field.WEIGHT:
        _weight(new)
    elif field == ChangeRequest.Field.DUE_MONTH:
        _due_month(new)
    old = _current_text(current, field)
    if new == old:
        raise ServiceError(gettext("지금 값과 같습니다. 바꿀 값을 입력하세요."), field="new_text")
    if not reason.strip():
        raise ServiceError(gettext("변경 사유를 입력하세요."), field="reason")
    if not content:
        raise ServiceError(gettext("변경 근거 파일을 붙이세요."), field="evidence")
    evidence_check(file_name=file_name, content=content, content_type=content_type, size=size)
    request = ChangeRequest(
        plan=plan,
        indicator=current,
        field=field,
        old_text=old,
        new_text=new,
        reason=reason.strip(),
        evidence_name=file_name[:255],
        evidence_file=evidence_store(content),
        evidence_sha256=hashlib.sha256(content).hexdigest(),
        requested_by=user if getattr(user, "pk", None) else None,
    )
    with acting_as(user):
        request.save()
    notify(
        users=users_with_role(
            organisation_id=plan.organisation_id, roles=[Role.EVALUATION_OFFICER]
        ),
        kind="change_requested",
        params={"plan": str(plan), "indicator": current.name, "field": request.get_field_display()},
        link=f"/plans/{plan.pk}/changes/",
        organisation_id=plan.organisation_id,
    )
    return request


@transaction.atomic
def change_request_decide(
    *,
    user: Any,
    request: ChangeRequest,
    approve: bool,
    note: str = "",
    expected_version: int,
) -> ChangeRequest:
    """Approve (the change applies and the plan gets a new version; the old values stay in
    the earlier version and the request) or reject (with a note) a change request; the
    person who asked is told."""
    current = (
        ChangeRequest.objects.select_for_update()
        .select_related("plan", "indicator__plan")
        .get(pk=request.pk)
    )
    plan = current.plan
    _central(user, plan.organisation_id, gettext("변경 신청은 평가담당관이 결정합니다."))
    if current.version != expected_version:
        raise ConflictError(
            gettext("이 변경 신청이 그사이 바뀌었습니다. 새로 고친 뒤 다시 하세요.")
        )
    if current.status != ChangeRequest.Status.PENDING:
        raise ServiceError(
            gettext("이미 %(status)s된 신청입니다.") % {"status": current.get_status_display()}
        )
    if plan.status != Plan.Status.CONFIRMED:
        raise ServiceError(
            gettext("%(plan)s은(는) 확정 상태가 아니라 변경을 적용할 수 없습니다.") % {"plan": plan}
        )
    if not approve and not note.strip():
        raise ServiceError(gettext("반려 사유를 입력하세요."), field="note")
    now = timezone.now()
    if approve:
        if _current_text(current.indicator, current.field) != current.old_text:
            raise ConflictError(
                gettext(
                    "신청 뒤에 지표 값이 바뀌었습니다(신청 때 '%(old)s'). 반려하고 다시 신청받으세요."
                )
                % {"old": current.old_text}
            )
        _apply(current, user)
        version = _version_make(
            plan,
            user,
            gettext("변경 승인: %(indicator)s %(field)s")
            % {"indicator": current.indicator.name, "field": current.get_field_display()},
        )
        current.plan_version = version
    current.status = ChangeRequest.Status.APPROVED if approve else ChangeRequest.Status.REJECTED
    current.decided_by = user if getattr(user, "pk", None) else None
    current.decided_at = now
    current.decision_note = note.strip()
    current.version += 1
    with acting_as(user):
        current.save()
    if current.requested_by is not None:
        notify(
            users=[current.requested_by],
            kind="change_decided",
            params={
                "indicator": current.indicator.name,
                "field": current.get_field_display(),
                "status": current.get_status_display(),
                "note": current.decision_note or "-",
            },
            link=f"/plans/{plan.pk}/changes/",
            organisation_id=plan.organisation_id,
        )
    return current


def _apply(request: ChangeRequest, user: Any) -> None:
    ind = Indicator.objects.select_for_update().get(pk=request.indicator_id)
    if request.field == ChangeRequest.Field.TARGET:
        _target_write(ind, request.new_text, user)
        return
    if request.field == ChangeRequest.Field.WEIGHT:
        ind.weight = _weight(request.new_text)
        ind.weight_raw = request.new_text
    elif request.field == ChangeRequest.Field.DUE_MONTH:
        ind.due_month = _due_month(request.new_text)
    else:
        ind.definition = request.new_text
    ind.full_clean(exclude=["name_key"])
    with acting_as(user):
        ind.save()
