"""Reads over stored plans in the importers' terms: the rows as tables, and the summary
(declared vs computed).

:func:`plan_tables` turns a stored plan back into
:class:`~seonggwa.importers.tables.PlanTables` (the workbook export and ``seonggwa check``
start from it); :func:`plan_summary` is the JSON of ``seonggwa summary``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from seonggwa.engine.grading import PERFORMANCE_REPORT
from seonggwa.engine.reconciliation import count_grades, shares
from seonggwa.engine.rounding import round_half_up
from seonggwa.importers.rules import COUNT_KEYS, MONEY_KEYS, OwnerRows, owner_rows
from seonggwa.importers.tables import (
    DeclaredRow,
    DocumentInfo,
    FindingRow,
    GoalRow,
    IndicatorRow,
    OwnerRow,
    PerspectiveRow,
    PlanTables,
    PolicyGoalRow,
    UnitRow,
    ValueRow,
    indicator_plain_fields,
)
from seonggwa.organisations.models import OrgUnit
from seonggwa.plans.models import Indicator, Perspective, Plan, PolicyGoal, StrategicGoal
from seonggwa.results.models import IndicatorValue
from seonggwa.sources.models import DeclaredFigure, StoredFinding
from seonggwa.sources.selectors import plan_document, stored_findings

__all__ = ["SUMMARY_KEYS", "plan_summary", "plan_tables"]

SUMMARY_KEYS = {kind: COUNT_KEYS[kind] + MONEY_KEYS[kind] for kind in COUNT_KEYS}


def plan_tables(*, plan: Plan) -> PlanTables:
    """The stored plan as table rows, in a fixed order (so export → import → export is exact)."""
    doc = plan_document(plan=plan)
    info = (
        DocumentInfo(
            file_name=doc.file_name,
            sha256=doc.sha256,
            size=doc.size,
            format=doc.format,
            line_count=doc.line_count,
            money_unit=doc.money_unit,
        )
        if doc is not None
        else None
    )
    tables = PlanTables(kind=plan.kind, title=plan.title, document=info)
    declared = list(
        DeclaredFigure.objects.filter(plan=plan).select_related("unit").order_by("position", "pk")
    )
    perspectives = list(
        Perspective.objects.filter(plan=plan)
        .select_related("owner__unit")
        .order_by("position", "pk")
    )
    goals = list(
        StrategicGoal.objects.filter(plan=plan)
        .select_related("owner__unit")
        .order_by("position", "pk")
    )
    policy_goals = list(PolicyGoal.objects.filter(plan=plan).order_by("position", "pk"))
    indicators = list(Indicator.objects.filter(plan=plan).order_by("position", "pk"))
    values = list(
        IndicatorValue.objects.filter(indicator__plan=plan).order_by(
            "indicator__position", "indicator_id", "pk"
        )
    )

    unit_index: dict[int, int] = {}

    def unit_ref(unit: OrgUnit) -> int:
        if unit.pk not in unit_index:
            unit_index[unit.pk] = len(tables.units)
            tables.units.append(
                UnitRow(
                    name=unit.name,
                    unit_type=unit.unit_type,
                    composition=unit.composition,
                    code_prefix=unit.code_prefix,
                )
            )
        return unit_index[unit.pk]

    for fig in declared:
        if fig.unit is not None:
            unit_ref(fig.unit)
    owner_index: dict[int, int] = {}
    for owner in [g.owner for g in goals] + [p.owner for p in perspectives]:
        if owner.pk not in owner_index:
            owner_index[owner.pk] = len(tables.owners)
            tables.owners.append(
                OwnerRow(unit=unit_ref(owner.unit), kind=owner.kind, label=owner.label)
            )
    p_index = {p.pk: i for i, p in enumerate(perspectives)}
    g_index = {g.pk: i for i, g in enumerate(goals)}
    pg_index = {g.pk: i for i, g in enumerate(policy_goals)}
    i_index = {ind.pk: i for i, ind in enumerate(indicators)}
    tables.perspectives = [
        PerspectiveRow(
            owner=owner_index[p.owner_id],
            name=p.name,
            weight=p.weight,
            weight_raw=p.weight_raw,
            position=p.position,
            line=p.source_line,
        )
        for p in perspectives
    ]
    tables.goals = [
        GoalRow(
            owner=owner_index[g.owner_id],
            name=g.name,
            code=g.code,
            perspective=p_index[g.perspective_id] if g.perspective_id is not None else None,
            program_amount=g.program_amount,
            program_amount_raw=g.program_amount_raw,
            position=g.position,
            line=g.source_line,
        )
        for g in goals
    ]
    tables.policy_goals = [
        PolicyGoalRow(
            goal=g_index[p.strategic_goal_id],
            name=p.name,
            code=p.code,
            position=p.position,
            line=p.source_line,
        )
        for p in policy_goals
    ]
    tables.indicators = [
        IndicatorRow(
            goal=g_index[i.strategic_goal_id],
            policy_goal=pg_index[i.policy_goal_id] if i.policy_goal_id is not None else None,
            perspective=p_index.get(i.perspective_id) if i.perspective_id is not None else None,
            name=i.name,
            position=i.position,
            line=i.source_line,
            composite_parts=list(i.composite_parts or []),
            **indicator_plain_fields(i),
        )
        for i in indicators
    ]
    tables.values = [
        ValueRow(
            indicator=i_index[v.indicator_id],
            kind=v.kind,
            year=v.year,
            raw_text=v.raw_text,
            value=v.value,
            parts=list(v.parts or []),
            qualifier=v.qualifier,
            status=v.status,
            line=v.source_line,
            quarter=v.quarter,
            month=v.month,
            note=v.note,
        )
        for v in values
    ]
    tables.declared = [
        DeclaredRow(
            unit=unit_ref(d.unit) if d.unit is not None else None,
            unit_label=d.unit_label,
            table=d.table,
            key=d.key,
            raw_text=d.raw_text,
            value=d.value,
            money_unit=d.money_unit,
            line=d.source_line,
            position=d.position,
        )
        for d in declared
    ]
    tables.findings = [
        FindingRow(
            severity=f.severity,
            code=f.code,
            message=f.message,
            unit_label=f.unit_label,
            line=f.line,
            position=f.position,
            from_document=f.stage == StoredFinding.Stage.PARSE,
            details=dict(f.details),
        )
        for f in stored_findings(plan=plan)
    ]
    return tables


def _int(value: Decimal | None) -> int | None:
    return None if value is None else int(value)


def _pct(value: Decimal | None) -> str | None:
    return None if value is None else str(round_half_up(value, 2))


def _with_alias(figures: dict[str, Any]) -> dict[str, Any]:
    """``program_goals``: the deprecated name of ``policy_goals`` in the JSON (until 1.0)."""
    if "policy_goals" in figures:
        figures["program_goals"] = figures["policy_goals"]
    return figures


def plan_summary(*, plan: Plan) -> dict[str, Any]:
    """The ``seonggwa summary --json`` document: per unit what the summary table declares
    and what the stored detail adds up to, the totals, and the stored findings.

    Computed figures come from the detail only: counts of strategic goals, policy goals and
    indicator rows (and report marks, counted per band by the engine's ``count_grades``, with
    "-" and missing marks under 미달성, R5), the resource share (R3, the engine's ``shares``:
    the unit's detail amount ÷ the sum of the detail amounts). Figures the detail cannot
    give (단위사업수, 예산액, 결산액) are null; ``change`` is recomputed from the declared
    money of the same row (R2). The totals' computed figures are the column sums of the unit
    rows (R1). ``program_goals`` repeats ``policy_goals`` (deprecated name)."""
    kind = plan.kind
    tables = plan_tables(plan=plan)
    count_keys, money_keys = COUNT_KEYS[kind], MONEY_KEYS[kind]
    first_money, second_money = (money_keys[0], money_keys[1]) if money_keys else ("", "")

    declared: dict[int | None, dict[str, Any]] = {}
    for fig in tables.declared:
        if fig.table == "summary":
            cells = declared.setdefault(fig.unit, {"_label": fig.unit_label})
            if fig.key in count_keys or fig.key in money_keys:
                cells.setdefault(fig.key, _int(fig.value))
        elif fig.table == "detail" and fig.key == "share_pct" and fig.unit is not None:
            cells = declared.setdefault(fig.unit, {"_label": fig.unit_label, "_detail_only": True})
            cells.setdefault("share_pct", _pct(fig.value))

    owners_of: dict[int, list[OwnerRows]] = {}
    for owner in owner_rows(tables):
        owners_of.setdefault(owner.unit, []).append(owner)
    amounts: dict[int, Decimal] = {}
    for g in tables.goals:
        if g.program_amount is not None:
            unit = tables.owners[g.owner].unit
            amounts[unit] = amounts.get(unit, Decimal(0)) + g.program_amount
    unit_shares = shares({str(u): a for u, a in amounts.items()}, 2)

    order: list[int] = [u for u in declared if u is not None and "_detail_only" not in declared[u]]
    order += [
        u for u in range(len(tables.units)) if u not in order and (u in owners_of or u in declared)
    ]

    units_out: list[dict[str, Any]] = []
    for u in order:
        computed: dict[str, Any] = dict.fromkeys(count_keys)
        computed.update(dict.fromkeys(money_keys))
        owners = owners_of.get(u, [])
        indicators = [i for o in owners for i in o.indicators]
        computed.update(
            strategic_goals=sum(len(o.goals) for o in owners),
            policy_goals=sum(len(g.policy_goals) for o in owners for g in o.goals),
            indicators=len(indicators),
        )
        if kind == "report":
            graded = count_grades([i.mark_raw or None for i in indicators], PERFORMANCE_REPORT)
            marks = {k: graded.counts.get(k, 0) for k in ("exceeded", "achieved", "not_achieved")}
            marks["not_achieved"] += graded.missing  # a missing mark counts as 미달성 here
            computed.update(marks)
        row = declared.get(u)
        has_summary = row is not None and "_detail_only" not in row
        if money_keys and has_summary and row is not None:
            a, b = row.get(first_money), row.get(second_money)
            computed["change"] = a - b if a is not None and b is not None else None
        share = unit_shares.get(str(u))
        computed["share_pct"] = (
            _pct(share.value) if share is not None and isinstance(share.value, Decimal) else None
        )
        out_declared: dict[str, Any] | None = None
        if has_summary and row is not None:
            out_declared = {k: row.get(k) for k in (*count_keys, *money_keys)}
            out_declared["share_pct"] = row.get("share_pct")
            _with_alias(out_declared)
        label = row["_label"] if has_summary and row is not None else tables.units[u].name
        units_out.append(
            {"unit": label, "declared": out_declared, "computed": _with_alias(computed)}
        )

    total_row = declared.get(None)
    total_declared: dict[str, Any] | None = None
    if total_row is not None:
        total_declared = {k: total_row.get(k) for k in (*count_keys, *money_keys)}
        total_declared["share_pct"] = None
        _with_alias(total_declared)
    total_computed: dict[str, Any] = {}
    for key in (*count_keys, *money_keys):
        if key == "change":
            continue
        column = [u["computed"][key] for u in units_out]
        if all(v is None for v in column):  # not derivable from the detail: sum declared rows
            column = [u["declared"][key] if u["declared"] else None for u in units_out]
        present = [v for v in column if v is not None]
        total_computed[key] = sum(present) if present else None
    if money_keys:
        a, b = total_computed.get(first_money), total_computed.get(second_money)
        total_computed["change"] = a - b if a is not None and b is not None else None
    percents = [
        Decimal(u["computed"]["share_pct"]) for u in units_out if u["computed"]["share_pct"]
    ]
    total_computed["share_pct"] = _pct(sum(percents, Decimal(0))) if percents else None

    findings = [
        {
            "severity": f.severity,
            "code": f.code,
            "message": f.message,
            "unit": f.unit_label or None,
            "line": f.line,
        }
        for f in stored_findings(plan=plan)
    ]
    return {
        "org": plan.organisation.name,
        "year": plan.year,
        "kind": kind,
        "units": units_out,
        "total": {"declared": total_declared, "computed": _with_alias(total_computed)},
        "findings": findings,
    }
