"""Load the sample organisation through the services. Idempotent: a second run changes nothing."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from seonggwa.accounts.services import role_assign, user_create
from seonggwa.audit.context import acting_as
from seonggwa.organisations.models import Organisation, OrgUnit
from seonggwa.organisations.services import owner_get_or_create, unit_create, unit_rename
from seonggwa.plans.models import BudgetProgram, Plan, StrategicGoal
from seonggwa.plans.services import (
    indicator_create,
    period_create,
    period_lock,
    period_publish,
    perspective_create,
    plan_create,
    plan_set_status,
    policy_goal_create,
    strategic_goal_create,
)
from seonggwa.results.services import (
    actual_approve,
    actual_enter,
    actual_reject,
    actual_submit,
    value_set,
)

from . import data
from .data import Ind, Q


@dataclass
class SampleResult:
    organisation: Organisation
    created: bool


def _value(spec: str | Q) -> dict[str, Any]:
    if isinstance(spec, Q):
        return {
            "raw_text": spec.raw,
            "value": Decimal(spec.value) if spec.value is not None else None,
            "parts": [(n, Decimal(v)) for n, v in spec.parts],
            "qualifier": spec.qualifier,
        }
    return {
        "raw_text": spec,
        "value": Decimal(spec.replace(",", "")),
        "parts": [],
        "qualifier": "absolute",
    }


def _indicator(
    goal: StrategicGoal, ind: Ind, *, code: str, position: int, users: dict[str, Any], **extra: Any
) -> Any:
    officer = users["officer"]
    obj = indicator_create(
        user=officer,
        strategic_goal=goal,
        name=ind.name,
        code=code,
        position=position,
        unit_of_measure=ind.unit,
        direction=ind.direction,
        measure=ind.measure,
        is_cumulative=ind.cumulative,
        weight=Decimal(ind.weight) if ind.weight else None,
        weight_raw=ind.weight or "",
        composite_parts=list(ind.composite_parts),
        definition=ind.definition,
        data_source=ind.source,
        due_month=ind.due_month,
        program_codes_raw=ind.program_codes,
        parent_owner_label=data.ORGANISATION["name"] if ind.parent else "",
        parent_goal_text=ind.parent[0] if ind.parent else "",
        parent_kpi_text=ind.parent[1] if ind.parent else "",
        parent_target_text=ind.parent[2] if ind.parent else "",
        **extra,
    )
    for year, spec in ind.targets.items():
        value_set(user=officer, indicator=obj, kind="target", year=year, **_value(spec))
    for year, spec in ind.baseline.items():
        value_set(user=officer, indicator=obj, kind="baseline", year=year, **_value(spec))
    users["pending"].append((obj, goal, ind))  # actuals are entered once the plan is confirmed
    return obj


def _enter_actuals(users: dict[str, Any]) -> None:
    """The actuals of the indicators built so far. The unit's own people enter and approve
    this year's actuals of a confirmed plan where the sample has accounts for the unit
    (복지정책국); elsewhere, for past years and in a draft, the officer records them."""
    officer = users["officer"]
    statuses = dict(
        Plan.objects.filter(pk__in={obj.plan_id for obj, _g, _i in users["pending"]}).values_list(
            "pk", "status"
        )
    )
    for obj, goal, ind in users["pending"]:
        own_unit = goal.owner.unit.name == data.ACCOUNT_UNIT
        for year, (spec, status) in ind.actuals.items():
            this_year = year == goal.plan.year == data.CURRENT_YEAR
            theirs = own_unit and this_year and statuses[obj.plan_id] == Plan.Status.CONFIRMED
            staff = users["staff"] if theirs else officer
            manager = users["manager"] if theirs else officer
            v = actual_enter(indicator=obj, year=year, user=staff, **_value(spec))
            if status == "draft":
                continue
            v = actual_submit(value=v, expected_version=v.version, user=staff)
            if status == "approved":
                actual_approve(value=v, expected_version=v.version, user=manager)
            elif status == "rejected":
                actual_reject(
                    value=v,
                    expected_version=v.version,
                    user=manager,
                    reason="증빙자료(집계표) 누락: 보완 후 재제출",
                )
    users["pending"] = []


def _period(plan: Plan, users: dict[str, Any]) -> None:
    """The plan's yearly period. This year's entry window is open (it runs at least two
    months from the day the sample is loaded, so the sample stays usable); past years'
    windows are closed."""
    today = timezone.localdate()
    closes = datetime.date(plan.year + 1, 1, 31)
    if plan.year >= today.year:
        closes = max(closes, today + datetime.timedelta(days=60))
    period_create(
        user=users["officer"],
        plan=plan,
        key=str(plan.year),
        opens_on=datetime.date(plan.year, 1, 1),
        closes_on=closes,
    )


def _performance_plan(
    org: Organisation,
    year: int,
    content: dict[str, Any],
    units: dict[str, OrgUnit],
    users: dict[str, Any],
    previous: dict[str, Any] | None = None,
) -> Plan:
    plan = plan_create(
        user=users["officer"],
        organisation=org,
        year=year,
        kind=Plan.Kind.PERFORMANCE_PLAN,
        title=f"{year}년 {org.name} 성과계획서",
        grading_scheme="performance_report",
    )
    _period(plan, users)
    officer = users["officer"]
    for pos, (unit_name, (code, goal_name, policies, programs)) in enumerate(content.items()):
        owner = owner_get_or_create(unit=units[unit_name])
        amount = sum((Decimal(p[1]) for p in programs), Decimal(0))
        goal = strategic_goal_create(
            user=officer,
            plan=plan,
            owner=owner,
            name=goal_name,
            code=code,
            program_amount=amount,
            position=pos,
        )
        n = 0
        for ppos, (pcode, pname, indicators) in enumerate(policies):
            policy = policy_goal_create(
                user=officer, strategic_goal=goal, name=pname, code=pcode, position=ppos
            )
            for ind in indicators:
                n += 1
                _indicator(
                    goal,
                    ind,
                    code=f"{pcode}-{n}",
                    position=pos * 100 + n,
                    users=users,
                    policy_goal=policy,
                    previous=(previous or {}).get(ind.name),
                )
        for bpos, (name, budget, prev, settlement, prev_settlement) in enumerate(programs):
            program = BudgetProgram(
                plan=plan,
                owner=owner,
                strategic_goal=goal,
                name=name,
                position=bpos,
                budget=Decimal(budget),
                previous_budget=Decimal(prev),
                settlement=Decimal(settlement) if settlement is not None else None,
                previous_settlement=Decimal(prev_settlement)
                if prev_settlement is not None
                else None,
            )
            program.full_clean()
            program.save()
    return plan


def _bsc_plan(
    org: Organisation, year: int, units: dict[str, OrgUnit], users: dict[str, Any], city: Plan
) -> Plan:
    """The BSC sheets; their goals and indicators carry those of ``city``, the year's
    performance plan, as ``data.BSC_CASCADE_*`` say."""
    city_goals = {g.code: g for g in city.strategic_goals.all()}
    city_indicators = {i.name: i for i in city.indicators.all()}
    plan = plan_create(
        user=users["officer"],
        organisation=org,
        year=year,
        kind=Plan.Kind.BSC,
        title=f"{year}년 {org.name} 균형성과계획",
        grading_scheme="traffic_light",
    )
    _period(plan, users)
    officer = users["officer"]
    for (unit_name, kind), sheet in data.BSC_2026.items():
        label = unit_name + ("실장" if kind == "head" and unit_name.endswith("실") else "")
        owner = owner_get_or_create(
            unit=units[unit_name], kind=kind, label=label if kind != "unit" else ""
        )
        perspectives = {
            name: perspective_create(
                user=officer,
                plan=plan,
                owner=owner,
                name=name,
                weight=Decimal(w),
                weight_raw=w,
                position=i,
            )
            for i, (name, w) in enumerate(sheet["perspectives"])  # type: ignore[index]
        }
        for gpos, (pname, goal_name, indicators) in enumerate(sheet["goals"]):  # type: ignore[index]
            goal = strategic_goal_create(
                user=officer,
                plan=plan,
                owner=owner,
                name=goal_name,
                perspective=perspectives[pname],
                position=gpos,
                parent=city_goals.get(data.BSC_CASCADE_GOALS.get(goal_name, "")),
            )
            for ipos, ind in enumerate(indicators):
                _indicator(
                    goal,
                    ind,
                    code="",
                    position=gpos * 100 + ipos,
                    users=users,
                    perspective=perspectives[pname],
                    parent=city_indicators.get(data.BSC_CASCADE_INDICATORS.get(ind.name, "")),
                )
    return plan


@transaction.atomic
def sample_load() -> SampleResult:
    existing = Organisation.objects.filter(name=data.ORGANISATION["name"]).first()
    if existing is not None:
        return SampleResult(existing, created=False)
    User = get_user_model()
    with acting_as(None, "sample-loader"):
        org = Organisation(name=data.ORGANISATION["name"], kind=data.ORGANISATION["kind"])
        org.full_clean()
        org.save()
        units: dict[str, OrgUnit] = {}
        for name, utype, parent, prefix, valid_from in data.UNITS:
            units[name] = unit_create(
                organisation=org,
                name=name,
                unit_type=utype,
                parent=units.get(parent) if parent else None,
                code_prefix=prefix,
                valid_from=datetime.date.fromisoformat(valid_from),
            )
        for old, new, on in data.RENAMES:
            units[new] = unit_rename(
                unit=units[old], new_name=new, on=datetime.date.fromisoformat(on)
            )
        people: dict[str, Any] = {}
        for username, password, role, unit_name, superuser in data.SAMPLE_USERS:
            user = User.objects.filter(username=username).first() or user_create(
                username=username, password=password, is_superuser=superuser
            )
            role_assign(
                user=user, organisation=org, role=role, unit=units[unit_name] if unit_name else None
            )
            people[username] = user
        officer = people["officer"]
        users = {
            "officer": officer,
            "staff": people["welfare_staff"],
            "manager": people["welfare_head"],
            "pending": [],
        }
        plan_2025 = _performance_plan(org, 2025, data.PLAN_2025, units, users)
        plan_2025 = plan_set_status(
            user=officer,
            plan=plan_2025,
            status=Plan.Status.CONFIRMED,
            expected_version=plan_2025.version,
        )
        _enter_actuals(users)
        last_year = {i.name: i for i in plan_2025.indicators.all()}
        plan_2026 = _performance_plan(org, 2026, data.PLAN_2026, units, users, last_year)
        plan_2026 = plan_set_status(
            user=officer,
            plan=plan_2026,
            status=Plan.Status.CONFIRMED,
            expected_version=plan_2026.version,
        )
        _enter_actuals(users)
        _bsc_plan(org, 2026, units, users, city=plan_2026)
        _enter_actuals(users)  # a draft: the office records the sheet's figures
        # 2025 is over: its period is locked and published, and the plan closed
        period = plan_2025.periods.get()
        period = period_lock(
            user=officer,
            period=period,
            reason="2025년 실적 수집 완료",
            expected_version=period.version,
        )
        period_publish(user=officer, period=period, expected_version=period.version)
        plan_set_status(
            user=officer,
            plan=plan_2025,
            status=Plan.Status.CLOSED,
            expected_version=plan_2025.version,
        )
    return SampleResult(org, created=True)


def sample_accounts() -> list[tuple[str, str, str]]:
    """(username, password, role) of the sample accounts, for `make run` to print."""
    return [(u, p, r) for u, p, r, _unit, _su in data.SAMPLE_USERS]
