"""The state a cached read depends on (``core.readcache``): small tuples read fresh on each
request, whose change means the cached answer is stale.

* :func:`run_state` — a run's id, number, status and version. A run's figures never change
  after it is computed except through an override or an accepted objection, which raise its
  version; sharing and publishing raise it too, and a status changed in bulk is read as it
  is.
* :func:`plans_state` — in **one query** (a row of aggregates per table, ``UNION ALL``: a
  join of one-row tables would cost PostgreSQL more to plan than to run):
  of some plans, their status and versions; their periods (how many, which are published or
  locked, the newest change and publication); their runs (how many, which are published,
  final or shared, the sums of numbers and versions); their indicators (how many, the
  newest change, the largest id); goals and perspectives (how many, the largest id, the
  newest change: a goal renamed in place shows at once) and budget programs. Optionally one plan's values — the sum of its indicators' *value stamps*,
  counters the database's triggers raise on every insert, update or delete of a value (so a
  bulk update or a raw statement counts as well as a service; results migration 0004) — and
  an organisation's units (a rename, a merge).

Sums of ids per status tell *which* rows hold a status, not only how many.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.db import connection
from django.db.models import Model

from seonggwa.organisations.models import Organisation, OrgUnit
from seonggwa.plans.models import (
    BudgetProgram,
    Indicator,
    Period,
    Perspective,
    Plan,
    PolicyGoal,
    StrategicGoal,
)

from .models import EvaluationRun

WIDTH = 12  # the most aggregates read of one table
STAMPS = "results_valuestamp"  # a counter per indicator, raised by triggers (results 0004)


def run_state(run: EvaluationRun | None) -> tuple[Any, ...] | None:
    """What identifies a run's figures: id, number, status and version."""
    if run is None:
        return None
    return (run.pk, run.number, run.status, run.version)


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _ids_where(column: str, ids: list[int]) -> tuple[str, list[Any]]:
    if not ids:
        return "WHERE 1 = 0", []
    return f"WHERE {column} IN ({', '.join(['%s'] * len(ids))})", list(ids)


def _ids_if(condition: str) -> str:
    return f"SUM(CASE WHEN {condition} THEN id ELSE 0 END)"


def plans_state(
    *,
    plan_ids: Collection[int],
    values_of: int | Collection[int] | None = None,
    year: int | None = None,
    units_of: int | None = None,
    public_values: bool = False,
) -> tuple[Any, ...]:
    """The state of ``plan_ids`` (see the module) in one query; with the values of the plan
    ``values_of`` (one plan or several) and the units of the organisation ``units_of``. ``year`` only names the
    key (the stamps count the values of every year of the plan: a change of another year
    computes once more, never too little). ``public_values``: only the values the public may
    see some day — targets, baselines and approved actuals — so that a draft saved or
    submitted leaves a public page's key alone (an actual approved, or no longer approved,
    changes it)."""
    ids = sorted(set(plan_ids))
    parts: list[tuple[str, list[Any]]] = []

    def add(model: type[Model], exprs: list[str], where: str, params: list[Any]) -> None:
        # every row has WIDTH columns of text (UNION ALL needs one type per column)
        cells = [f"CAST({e} AS TEXT)" for e in exprs] + ["NULL"] * (WIDTH - len(exprs))
        parts.append((f"SELECT {', '.join(cells)} FROM {_table(model)} {where}", params))

    where, params = _ids_where("id", ids)
    plan_exprs = ["COUNT(*)", "SUM(version)", "MAX(updated_at)"]
    plan_exprs += [_ids_if(f"status = '{s}'") for s in Plan.Status.values]
    add(Plan, plan_exprs, where, params)
    where, params = _ids_where("plan_id", ids)
    add(
        Period,
        [
            "COUNT(*)",
            "MAX(updated_at)",
            _ids_if("published"),
            "MAX(published_at)",
            _ids_if("locked"),
            "SUM(version)",
        ],
        where,
        params,
    )
    run_exprs = ["COUNT(*)", "MAX(id)", "SUM(number)", "SUM(version)", "MAX(shared_at)"]
    run_exprs += [_ids_if(f"status = '{s}'") for s in EvaluationRun.Status.values]
    add(EvaluationRun, run_exprs, where, params)
    add(Indicator, ["COUNT(*)", "MAX(updated_at)", "MAX(id)"], where, params)
    for model in (StrategicGoal, PolicyGoal, Perspective):
        add(model, ["COUNT(*)", "MAX(id)", "MAX(updated_at)"], where, params)
    add(BudgetProgram, ["COUNT(*)", "MAX(updated_at)", "SUM(budget)"], where, params)
    if values_of is not None:
        value_plans = [values_of] if isinstance(values_of, int) else sorted(set(values_of))
        values_of = tuple(value_plans)
        # the value stamps the database's triggers raise (results migration 0004): a plan's
        # few hundred stamps instead of its thousands of values
        column = "s.public" if public_values else "s.total"
        parts.append(
            (
                f"SELECT CAST(SUM({column}) AS TEXT)"
                + ", NULL" * (WIDTH - 1)
                + f" FROM {STAMPS} s JOIN {_table(Indicator)} i ON s.indicator_id = i.id "
                + _ids_where("i.plan_id", value_plans)[0],
                value_plans,
            )
        )
    if units_of is not None:
        add(
            OrgUnit,
            ["COUNT(*)", "MAX(updated_at)", "MAX(id)"],
            "WHERE organisation_id = %s",
            [units_of],
        )
    sql = " UNION ALL ".join(sub for sub, _p in parts)
    with connection.cursor() as cursor:
        cursor.execute(sql, [p for _sub, ps in parts for p in ps])
        rows = cursor.fetchall()
    return (ids, values_of, year, units_of, public_values, tuple(tuple(r) for r in rows))


def organisations_state() -> tuple[Any, ...]:
    """What the list of organisations with their public plans reads (the portal's home), in
    one query: every plan's organisation, year and status (sums of ids per status, of
    organisation ids and years, the versions, the newest change) and the organisations (how
    many, the newest change, the largest id)."""
    plan_exprs = [
        "COUNT(*)",
        "SUM(version)",
        "MAX(updated_at)",
        "SUM(organisation_id)",
        "SUM(year)",
    ]
    plan_exprs += [_ids_if(f"status = '{s}'") for s in Plan.Status.values]
    org_exprs = ["COUNT(*)", "MAX(updated_at)", "MAX(id)"]
    parts = []
    for model, exprs in ((Plan, plan_exprs), (Organisation, org_exprs)):
        cells = [f"CAST({e} AS TEXT)" for e in exprs] + ["NULL"] * (WIDTH - len(exprs))
        parts.append(f"SELECT {', '.join(cells)} FROM {_table(model)}")
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        return tuple(tuple(r) for r in cursor.fetchall())
