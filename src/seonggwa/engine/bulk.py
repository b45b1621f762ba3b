"""Columnar path: the same rules as the Decimal modules, on int64 numpy arrays, exactly.

Used for nation-scale runs (benchmarks/engine_bench.py). Every value is a scaled integer,
so nothing is ever rounded by floating point:

* actuals: ``a`` at 10^scale (2 decimals -> scale 2), shape (orgs, months, indicators);
* resolved targets: ``T`` at 10^(scale+4), so ``prior × (100 + p)/100`` with ``p`` in
  hundredths of a percent is exact;
* grades: for each threshold θ the indicator gets a threshold on the actual axis
  (e.g. higher-is-better: ``a ≥ ceil(θ·T / 10^8)``), so grading a cell is one integer
  comparison and 130.00 % is ◎, 99.995 % is × exactly as in Decimal;
* indicator scores: the capped rate half-up to hundredths, ``(2N + D) // (2D)``;
* weighted sums: integer-valued float64 matrix products, exact below 2^53 (checked).

:meth:`BulkResult.explain` recomputes any cell through the Decimal modules and returns
explained cells; tests check that both paths agree everywhere, boundaries included.

Preconditions (checked, ``ValueError`` otherwise): actuals ≥ 0 and < 10^9 scaled units;
targets < 10^9 scaled units; weights in tenths ≤ 10^4.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt

from seonggwa.engine.achievement import (
    Achievement,
    AchievementRule,
    Direction,
    LowerFormula,
    achievement_rate,
)
from seonggwa.engine.cells import Cell, CellStatus
from seonggwa.engine.grading import PERFORMANCE_REPORT, Grade, GradingScheme, grade
from seonggwa.engine.scoring import indicator_score
from seonggwa.engine.targets import resolve_target
from seonggwa.engine.values import ParsedValue, Qualifier

__all__ = [
    "DIR_COMPLEMENT",
    "DIR_HIGHER",
    "DIR_LOWER",
    "TK_ABSOLUTE",
    "TK_BASELINE",
    "TK_REL_DEC",
    "TK_REL_INC",
    "TK_THRESHOLD_MAX",
    "TK_THRESHOLD_MIN",
    "BulkIndicators",
    "BulkInput",
    "BulkResult",
    "run_bulk",
]

I64 = npt.NDArray[np.int64]
I8 = npt.NDArray[np.int8]
B = npt.NDArray[np.bool_]
F64 = npt.NDArray[np.float64]

DIR_HIGHER, DIR_LOWER, DIR_COMPLEMENT = 0, 1, 2
TK_ABSOLUTE, TK_REL_INC, TK_REL_DEC, TK_BASELINE, TK_THRESHOLD_MIN, TK_THRESHOLD_MAX = range(6)
_NEVER = np.int64(np.iinfo(np.int64).max)
_LIMIT = 10**9
_TARGET_EXTRA = 10**4  # T is at 10^(scale+4)
_SCORE_CAP = 10_000  # 100.00 % in hundredths


@dataclass(frozen=True)
class BulkIndicators:
    """Per (organisation, indicator) arrays, shape (O, I)."""

    target_kind: I8  # TK_*
    target: I64  # absolute/threshold: at 10^scale; relative: percent in hundredths
    prior: I64  # prior-year actual at 10^scale (relative targets)
    prior_confirmed: B
    direction: I8  # DIR_*
    cumulative: B  # evaluate the running total over months (누계)
    weight: I64  # tenths
    perspective: I8  # index into BulkInput.perspectives
    strategic_goal: npt.NDArray[np.int32]
    policy_goal: npt.NDArray[np.int32]
    unit_program: npt.NDArray[np.int32]


@dataclass(frozen=True)
class BulkInput:
    actual: I64  # (O, M, I) at 10^scale
    indicators: BulkIndicators
    budget: I64  # (O,) in the table's unit (백만원)
    previous_budget: I64
    perspectives: tuple[str, ...]
    scale: int = 2
    scheme: GradingScheme = PERFORMANCE_REPORT


@dataclass
class BulkResult:
    inp: BulkInput
    target: I64  # (O, I) resolved, at 10^(scale+4); 0 where unresolved/not evaluated
    status: I8  # (O, I): 0 ok, 1 not evaluated, 2 unresolved
    at_least: dict[Decimal, B]  # θ -> (O, M, I) rate ≥ θ
    score_h: I64  # (O, M, I) indicator score in hundredths (capped at 100 %)
    grade_counts: dict[str, I64]  # band code -> (O, M); "-" folded into its bucket
    not_rated: I64  # (O, M)
    owner_score_h: I64  # (O, M) weighted score in hundredths, -1 when nothing scored
    perspective_score_h: I64  # (O, M, P)
    share_met_t: I64  # (O, M) share of evaluated indicators at ≥ 100 %, in tenths of %
    nation_counts: dict[str, I64]  # band -> (M,)
    nation_mean_score_h: I64  # (M,) mean of the organisations' scores (hundredths)
    budget_total: int
    budget_change: I64  # (O,)
    budget_share_h: I64  # (O,) hundredths of % of the budget column's own sum
    structure: dict[str, I64]  # strategic_goals / policy_goals / indicators / unit_programs (O,)

    def explain(self, org: int, month: int, indicator: int) -> dict[str, Any]:
        """Recompute one cell through the Decimal modules (target, achievement, grade,
        score) with full explanations."""
        ind = self.inp.indicators
        o, m, i = org, month, indicator
        q = Decimal(10) ** self.inp.scale
        kind = int(ind.target_kind[o, i])
        direction = int(ind.direction[o, i])
        raw_target = Decimal(int(ind.target[o, i])) / q
        parsed = {
            TK_ABSOLUTE: ParsedValue(str(raw_target), Qualifier.ABSOLUTE, raw_target),
            TK_THRESHOLD_MIN: ParsedValue(f"{raw_target}이상", Qualifier.THRESHOLD_MIN, raw_target),
            TK_THRESHOLD_MAX: ParsedValue(f"{raw_target}이하", Qualifier.THRESHOLD_MAX, raw_target),
            TK_BASELINE: ParsedValue("기준점", Qualifier.BASELINE),
        }.get(kind)
        if parsed is None:
            pct = Decimal(int(ind.target[o, i])) / 100
            word = "증가" if kind == TK_REL_INC else "감축"
            kind_enum = (
                Qualifier.RELATIVE_INCREASE if kind == TK_REL_INC else Qualifier.RELATIVE_DECREASE
            )
            parsed = ParsedValue(f"전년대비 {pct}% {word}", kind_enum, pct, "%")
        target = resolve_target(
            parsed,
            prior_actual=Decimal(int(ind.prior[o, i])) / q,
            prior_confirmed=bool(ind.prior_confirmed[o, i]),
        )
        rule = AchievementRule(
            name="bulk",
            direction=Direction.HIGHER if direction == DIR_HIGHER else Direction.LOWER,
            lower_formula=LowerFormula.COMPLEMENT
            if direction == DIR_COMPLEMENT
            else LowerFormula.TARGET_OVER_ACTUAL,
        )
        months = (
            self.inp.actual[o, : m + 1, i] if ind.cumulative[o, i] else self.inp.actual[o, m, i]
        )
        actual = Decimal(int(np.sum(months))) / q
        achievement: Achievement = achievement_rate(actual, target, rule)
        graded: Grade = grade(achievement, self.inp.scheme)
        score: Cell = indicator_score(achievement)
        return {
            "target": target,
            "achievement": achievement,
            "grade": graded,
            "score": score,
            "bulk_score": Decimal(int(self.score_h[o, m, i])) / 100
            if target.status is CellStatus.OK
            else None,
            "bulk_at_least": {t: bool(a[o, m, i]) for t, a in self.at_least.items()},
        }


def _check(name: str, arr: I64, low: int, high: int) -> None:
    if arr.size and (int(arr.min()) < low or int(arr.max()) >= high):
        raise ValueError(
            f"{name}: values must lie in [{low}, {high}) for the columnar path; "
            "use the Decimal modules for this data"
        )


def _resolve_targets(ind: BulkIndicators) -> tuple[I64, I8]:
    """R12 on (O, I): T at 10^(scale+4) and a status (0 ok, 1 not evaluated, 2 unresolved)."""
    kind = ind.target_kind
    t = ind.target.astype(np.int64)
    prior = ind.prior.astype(np.int64)
    T = t * _TARGET_EXTRA
    inc = kind == TK_REL_INC
    dec = kind == TK_REL_DEC
    T = np.where(inc, prior * (_TARGET_EXTRA + t), T)
    T = np.where(dec, prior * (_TARGET_EXTRA - t), T)
    status = np.zeros(kind.shape, dtype=np.int8)
    status[kind == TK_BASELINE] = 1
    status[(inc | dec) & ~ind.prior_confirmed] = 2
    T = np.where(status == 0, T, 0)
    return T.astype(np.int64), status


def _thresholds(T: I64, direction: I8, status: I8, theta_h: int) -> I64:
    """Per (O, I) threshold on the signed actual (a for higher, −a for lower) such that
    ``signed ≥ threshold`` exactly when rate ≥ θ (θ in hundredths of a percent)."""
    scaled = theta_h * T
    higher = -((-scaled) // 10**8)  # a ≥ ceil(θ·T / 10^8)
    lower = -(T // theta_h) if theta_h > 0 else np.full_like(T, -_NEVER)  # a ≤ floor(T / θ)
    complement = -((20_000 * T - scaled) // 10**8)  # a ≤ floor((2 − θ)·T / 10^8)
    thr = np.select([direction == DIR_HIGHER, direction == DIR_LOWER], [higher, lower], complement)
    # zero target: met (100 %) only when the actual reaches 0 in its direction
    met_at_zero = np.int64(0) if theta_h <= _SCORE_CAP else _NEVER
    thr = np.where(T == 0, met_at_zero, thr)
    result: I64 = np.where(status == 0, thr, _NEVER).astype(np.int64)
    return result


def run_bulk(inp: BulkInput) -> BulkResult:
    """Resolve targets, compute achievement, grades, indicator and weighted scores and every
    roll-up for all organisations and months."""
    a = inp.actual
    ind = inp.indicators
    n_org, n_month, n_ind = a.shape
    _check("actual", a, 0, _LIMIT)
    _check("target", ind.target, 0, _LIMIT)
    _check("prior", ind.prior, 0, _LIMIT)
    _check("weight", ind.weight, 0, 10_001)

    T, status = _resolve_targets(ind)
    _check("resolved target", T, 0, 10**14)

    direction = ind.direction
    higher = direction == DIR_HIGHER
    lower = direction == DIR_LOWER
    if bool((lower & (T > 0) & (T < 5_000)).any()):
        raise ValueError("lower-is-better target below 0.005 % of a unit; use the Decimal path")
    # signed actual: a for higher-is-better, −a for lower, so that "better" is always "≥"
    sign = np.where(higher, 1, -1).astype(np.int64)
    signed = np.multiply(a, sign[:, None, :])

    # R11: cumulative indicators are evaluated on the running total (in place, by month)
    cumulative = ind.cumulative
    if bool(cumulative.any()):
        carry = cumulative.astype(np.int64)
        step = np.empty((n_org, n_ind), dtype=np.int64)
        for m in range(1, n_month):
            np.multiply(signed[:, m - 1, :], carry, out=step)
            signed[:, m, :] += step
        last = signed[:, -1, :]
        if int(np.abs(last[cumulative]).max(initial=0)) >= _LIMIT:
            raise ValueError("cumulative actual out of range for the columnar path")

    scheme = inp.scheme
    at_least: dict[Decimal, B] = {}
    for theta in scheme.thresholds():
        theta_h = int(theta * 100)
        if theta_h != theta * 100:
            raise ValueError(f"threshold {theta} has more than 2 decimals")
        thr = _thresholds(T, direction, status, theta_h)
        at_least[theta] = signed >= thr[:, None, :]
    cap_theta = Decimal(100)
    met100 = (
        at_least[cap_theta]
        if cap_theta in at_least
        else signed >= _thresholds(T, direction, status, _SCORE_CAP)[:, None, :]
    )

    # indicator score = half-up hundredths of the capped rate, computed as
    # (alpha·s + beta) // (gamma·s + delta) on the signed actual s (coefficients per indicator):
    #   higher      rate_h = 10^8·a / T            -> (2·10^8·a + T) // (2T)
    #   lower       rate_h = T / a                 -> (2T + a) // max(2a, 1)   (a = 0: capped)
    #   complement  rate_h = 20000 − 10^8·a / T    -> (40001·T − 2·10^8·a) // (2T)
    #   zero target 100 % when the actual is 0 (or any actual ≥ 0 for higher), else 0
    zero = T == 0
    zero_higher = zero & higher
    alpha = np.select([zero, higher, lower], [0, 2 * 10**8, -1], 2 * 10**8).astype(np.int64)
    beta = np.select([zero, higher, lower], [_SCORE_CAP, T, 2 * T], 40_001 * T).astype(np.int64)
    gamma = np.select([zero_higher, zero, lower], [0, -10_001, -2], 0).astype(np.int64)
    delta = np.select([zero, lower], [1, 0], 2 * T).astype(np.int64)
    denom = np.multiply(signed, gamma[:, None, :])
    denom += delta[:, None, :]
    if bool(lower.any()):
        np.maximum(denom, 1, out=denom)
    score = np.multiply(signed, alpha[:, None, :], out=signed)
    score += beta[:, None, :]
    np.floor_divide(score, denom, out=score)
    np.clip(score, 0, _SCORE_CAP, out=score)
    del denom

    # weighted sums: one matrix product gives Σ w·s per perspective and in total
    n_persp = len(inp.perspectives)
    evaluated = status == 0
    w = np.where(evaluated, ind.weight, 0).astype(np.float64)
    wmat = np.empty((n_org, n_persp + 1, n_ind), dtype=np.float64)
    for p in range(n_persp):
        np.multiply(w, ind.perspective == p, out=wmat[:, p, :])
    wmat[:, n_persp, :] = w
    wsum = wmat.sum(axis=2)  # (O, P+1)
    if float(wsum[:, n_persp].max(initial=0.0)) * _SCORE_CAP >= 2**53:
        raise ValueError("weights too large for the exact float64 product")
    # (O, M, I) @ (O, I, P+1): integer-valued, exact below 2^53
    sums = np.matmul(score.astype(np.float64), wmat.transpose(0, 2, 1))
    num = sums.astype(np.int64)
    den = wsum.astype(np.int64)[:, None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        weighted = np.where(den > 0, (2 * num + den) // np.maximum(2 * den, 1), -1)
    owner_score_h = weighted[:, :, n_persp]
    perspective_score_h = weighted[:, :, :n_persp]

    # grade counts per organisation and month (R5: "-" into the scheme's bucket)
    n_eval = evaluated.sum(axis=1).astype(np.int64)  # (O,)
    not_rated = np.repeat((~evaluated).sum(axis=1).astype(np.int64)[:, None], n_month, axis=1)
    counts: dict[str, I64] = {}
    previous: I64 = np.zeros((n_org, n_month), dtype=np.int64)
    for band in scheme.bands:
        if band.lower is None:
            counts[band.code] = n_eval[:, None] - previous
        else:
            at = at_least[band.lower].sum(axis=2, dtype=np.int64)
            counts[band.code] = at - previous
            previous = at
    counts[scheme.not_rated_bucket] = counts.get(scheme.not_rated_bucket, 0) + not_rated
    met = (
        at_least[cap_theta].sum(axis=2, dtype=np.int64)
        if cap_theta in at_least
        else met100.sum(axis=2, dtype=np.int64)
    )
    share_met_t = np.where(
        n_eval[:, None] > 0,
        (2 * met * 1000 + n_eval[:, None]) // np.maximum(2 * n_eval[:, None], 1),
        -1,
    )

    # roll-ups: nation = Σ organisations; overall score = mean of the organisations' means
    nation_counts = {k: v.sum(axis=0) for k, v in counts.items()}
    scored = owner_score_h >= 0
    n_scored = scored.sum(axis=0)
    total_h = np.where(scored, owner_score_h, 0).sum(axis=0)
    nation_mean = np.where(
        n_scored > 0, (2 * total_h + n_scored) // np.maximum(2 * n_scored, 1), -1
    )

    budget_total = int(inp.budget.sum())
    budget_change = (inp.budget - inp.previous_budget).astype(np.int64)
    budget_share_h = (
        (2 * inp.budget * 10_000 + budget_total) // (2 * budget_total)
        if budget_total
        else np.full(n_org, -1, dtype=np.int64)
    ).astype(np.int64)

    structure = {
        "strategic_goals": _distinct_per_row(ind.strategic_goal),
        "policy_goals": _distinct_per_row(ind.policy_goal),
        "indicators": np.full(n_org, n_ind, dtype=np.int64),
        "unit_programs": _distinct_per_row(ind.unit_program),
    }

    return BulkResult(
        inp=inp,
        target=T,
        status=status,
        at_least=at_least,
        score_h=score,
        grade_counts=counts,
        not_rated=not_rated,
        owner_score_h=owner_score_h.astype(np.int64),
        perspective_score_h=perspective_score_h.astype(np.int64),
        share_met_t=share_met_t.astype(np.int64),
        nation_counts=nation_counts,
        nation_mean_score_h=nation_mean.astype(np.int64),
        budget_total=budget_total,
        budget_change=budget_change,
        budget_share_h=budget_share_h,
        structure=structure,
    )


def _distinct_per_row(ids: npt.NDArray[np.int32]) -> I64:
    """Distinct non-negative ids per row (negative = none)."""
    rows = ids.shape[0]
    top = int(ids.max(initial=0)) + 1
    flat = (np.arange(rows, dtype=np.int64)[:, None] * top + ids).ravel()
    seen = np.zeros(rows * top, dtype=bool)
    seen[flat[ids.ravel() >= 0]] = True
    seen = seen.reshape(rows, top)
    counted: I64 = seen.sum(axis=1).astype(np.int64)
    return counted


def synthetic_input(
    orgs: int, indicators: int, months: int = 12, *, seed: int = 0, scale: int = 2
) -> BulkInput:
    """A reproducible generated dataset (benchmarks, tests): every target kind, direction,
    zero targets, cumulative indicators, unconfirmed priors and exact-boundary actuals."""
    rng = np.random.default_rng(seed)
    shape = (orgs, indicators)
    q = 10**scale
    level = rng.integers(10 * q, 10_000 * q, size=shape, dtype=np.int64)
    kind = rng.choice(
        np.array(
            [TK_ABSOLUTE, TK_REL_INC, TK_REL_DEC, TK_BASELINE, TK_THRESHOLD_MIN, TK_THRESHOLD_MAX],
            dtype=np.int8,
        ),
        size=shape,
        p=[0.70, 0.10, 0.08, 0.04, 0.04, 0.04],
    )
    pct = rng.integers(1, 11, size=shape, dtype=np.int64) * 100  # 1–10 % in hundredths
    relative = (kind == TK_REL_INC) | (kind == TK_REL_DEC)
    target = np.where(relative, pct, level).astype(np.int64)
    target[rng.random(shape) < 0.005] = 0  # zero targets (zero-accident style)
    direction = rng.choice(
        np.array([DIR_HIGHER, DIR_LOWER, DIR_COMPLEMENT], dtype=np.int8),
        size=shape,
        p=[0.75, 0.15, 0.10],
    )
    cumulative = rng.random(shape) < 0.2
    per_month = np.where(cumulative, level // months, level)
    factor = rng.random((orgs, months, indicators)) + 0.5
    actual = (per_month[:, None, :] * factor).astype(np.int64)
    # exact boundaries: 130 % and 100 % of an absolute higher-is-better target
    exact = (kind == TK_ABSOLUTE) & (direction == DIR_HIGHER) & ~cumulative
    pick = exact & (rng.random(shape) < 0.1)
    o_idx, i_idx = np.nonzero(pick)
    m_idx = rng.integers(0, months, size=o_idx.size)
    t = level[o_idx, i_idx]
    actual[o_idx, m_idx, i_idx] = np.where(m_idx % 2 == 0, t * 13 // 10, t)
    return BulkInput(
        actual=actual,
        indicators=BulkIndicators(
            target_kind=kind,
            target=target,
            prior=level,
            prior_confirmed=rng.random(shape) > 0.02,
            direction=direction,
            cumulative=cumulative,
            weight=rng.integers(5, 200, size=shape, dtype=np.int64),
            perspective=rng.integers(0, 4, size=shape, dtype=np.int8),
            strategic_goal=rng.integers(0, 3, size=shape, dtype=np.int32),
            policy_goal=rng.integers(0, 20, size=shape, dtype=np.int32),
            unit_program=rng.integers(0, 40, size=shape, dtype=np.int32),
        ),
        budget=rng.integers(1_000, 10_000_000, size=orgs, dtype=np.int64),
        previous_budget=rng.integers(1_000, 10_000_000, size=orgs, dtype=np.int64),
        perspectives=("시민고객", "정책성과", "창의", "조직역량"),
        scale=scale,
    )
