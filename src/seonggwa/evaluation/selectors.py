"""Reads of evaluation runs: a plan's runs, a run's stored results, what changed since the
run before, and the JSON that ``seonggwa evaluate --json`` prints (docs/evaluation.md)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from seonggwa.engine.cells import plain_decimal
from seonggwa.plans.models import Plan

from .compute import UnknownScheme, scheme_for
from .models import EvaluationRun, GradeOverride, IndicatorResult, Objection, OwnerResult


def plan_runs(*, plan: Plan) -> QuerySet[EvaluationRun]:
    """A plan's runs, newest first within each period."""
    return EvaluationRun.objects.filter(plan=plan).order_by("-period_key", "-number")


def run_results(*, run: EvaluationRun) -> list[IndicatorResult]:
    return list(IndicatorResult.objects.filter(run=run).order_by("position"))


def run_owner_results(*, run: EvaluationRun) -> list[OwnerResult]:
    return list(OwnerResult.objects.filter(run=run).order_by("position"))


def run_previous(*, run: EvaluationRun) -> EvaluationRun | None:
    """The run before ``run`` of the same plan and period."""
    return (
        EvaluationRun.objects.filter(
            plan_id=run.plan_id, period_key=run.period_key, number__lt=run.number
        )
        .order_by("-number")
        .first()
    )


def latest_published_run(*, plan: Plan, period_key: str | None = None) -> EvaluationRun | None:
    """The newest published run of a plan (of its year unless ``period_key`` says): what
    the public may see."""
    return (
        EvaluationRun.objects.filter(
            plan=plan,
            period_key=period_key or str(plan.year),
            status=EvaluationRun.Status.PUBLISHED,
        )
        .order_by("-number")
        .first()
    )


# the stored fields a change is reported on, with their Korean names
COMPARED: tuple[tuple[str, str], ...] = (
    ("target_raw", "목표"),
    ("actual_raw", "실적"),
    ("achievement", "달성률"),
    ("grade_mark", "등급"),
    ("score", "점수"),
    ("status", "상태"),
)


@dataclass(frozen=True)
class Change:
    """One indicator's difference between two runs: ``field`` is a key of :data:`COMPARED`,
    or ``added`` / ``removed`` for an indicator only one run has."""

    indicator_id: int
    indicator: str
    unit: str
    field: str
    label: str
    before: str
    after: str


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, Decimal):
        return plain_decimal(value)
    return str(value)


def run_changes(*, run: EvaluationRun, previous: EvaluationRun) -> list[Change]:
    """What changed per indicator from ``previous`` to ``run`` (two queries)."""
    before = {r.indicator_id: r for r in run_results(run=previous)}
    after = run_results(run=run)
    changes: list[Change] = []
    for r in after:
        old = before.pop(r.indicator_id, None)
        if old is None:
            changes.append(
                Change(r.indicator_id, r.indicator_name, r.unit_name, "added", "지표", "-", "추가")
            )
            continue
        for name, label in COMPARED:
            a, b = getattr(old, name), getattr(r, name)
            if a != b:
                changes.append(
                    Change(
                        r.indicator_id,
                        r.indicator_name,
                        r.unit_name,
                        name,
                        label,
                        _shown(a),
                        _shown(b),
                    )
                )
    for old in before.values():
        changes.append(
            Change(
                old.indicator_id, old.indicator_name, old.unit_name, "removed", "지표", "있음", "-"
            )
        )
    return changes


def _number(value: Decimal | None) -> str | None:
    return None if value is None else plain_decimal(value)


def _grade_order(run: EvaluationRun, counts: dict[str, int]) -> dict[str, int]:
    """Counts per grade in the scheme's order (JSON objects keep no order on PostgreSQL)."""
    try:
        codes = [b.code for b in scheme_for(run.scheme_name, version=run.scheme_version).bands]
    except UnknownScheme:
        codes = sorted(counts)
    return {code: counts.get(code, 0) for code in codes}


def run_json(*, run: EvaluationRun) -> dict[str, Any]:
    """A run and its stored results, as ``seonggwa evaluate --json`` prints them: numbers
    as exact decimal strings, ``null`` where there is no figure (no data is not 0)."""
    return {
        "plan": {
            "organisation": run.plan.organisation.name,
            "year": run.plan.year,
            "kind": run.plan.kind,
        },
        "run": run.number,
        "period": run.period_key,
        "status": run.status,
        "scheme": {"name": run.scheme_name, "version": run.scheme_version},
        "started_at": run.started_at.isoformat(),
        "started_by": run.started_by_label,
        "results": [
            {
                "indicator": r.indicator_name,
                "unit": r.unit_name,
                "perspective": r.perspective,
                "weight": _number(r.weight),
                "target": r.target_raw or None,
                "actual": r.actual_raw or None,
                "prior_actual": _number(r.prior_actual),
                "rate": _number(r.achievement),
                "rate_uncapped": _number(r.achievement_raw),
                "grade": r.grade_mark,
                "grade_code": r.grade_code,
                # R8: the computed grade when an override changed it, and the reason
                "grade_computed": r.computed_grade_mark or None,
                "grade_reason": r.grade_reason or None,
                "score": _number(r.score),
                "status": r.status,
                "rule": r.rule,
                "explanation": r.explanation,
            }
            for r in run_results(run=run)
        ],
        "owners": [
            {
                "owner": o.owner_name,
                "score": _number(o.score),
                "perspectives": {p["perspective"]: p["score"] for p in o.perspective_scores},
                "grades": _grade_order(run, o.grade_counts),
                "not_rated": o.not_rated,
                "indicators": o.indicators,
                "rank": o.rank,
            }
            for o in run_owner_results(run=run)
        ],
    }


def run_objections(*, run: EvaluationRun, unit_ids: set[int] | None = None) -> list[Objection]:
    """A run's objections, oldest first (of the units ``unit_ids`` only, unless None), with
    their result, unit, people and evidence."""
    qs = (
        Objection.objects.filter(run=run)
        .select_related("result", "unit", "raised_by", "decided_by")
        .prefetch_related("evidence")
        .order_by("created_at", "id")
    )
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    return list(qs)


def open_objection_count(*, run: EvaluationRun) -> int:
    """Objections of the run's plan and period still awaiting a decision (finalising waits
    for them)."""
    return Objection.objects.filter(
        run__plan_id=run.plan_id, run__period_key=run.period_key, status=Objection.Status.OPEN
    ).count()


def plan_overrides(*, plan: Plan, period_key: str) -> dict[int, GradeOverride]:
    """The R8 overrides the runs of a plan's period apply, by indicator id."""
    return {
        o.indicator_id: o
        for o in GradeOverride.objects.filter(plan=plan, period_key=period_key).select_related(
            "decided_by"
        )
    }


def shared_runs(*, plan: Plan) -> QuerySet[EvaluationRun]:
    """A plan's provisional runs shared with the units, newest first."""
    return EvaluationRun.objects.filter(
        plan=plan, shared_at__isnull=False, status=EvaluationRun.Status.PROVISIONAL
    ).order_by("-period_key", "-number")
