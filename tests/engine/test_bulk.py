"""The columnar path agrees with the Decimal modules everywhere, boundaries included."""

from decimal import Decimal

import numpy as np
import pytest

from seonggwa.engine.bulk import (
    DIR_COMPLEMENT,
    DIR_HIGHER,
    DIR_LOWER,
    TK_ABSOLUTE,
    BulkIndicators,
    BulkInput,
    run_bulk,
    synthetic_input,
)
from seonggwa.engine.cells import CellStatus
from seonggwa.engine.reconciliation import count_grades
from seonggwa.engine.scoring import WeightedItem, weighted_score

D = Decimal


@pytest.fixture(scope="module")
def result():
    return run_bulk(synthetic_input(3, 60, 12, seed=7))


def _decimal_cells(result):
    o_n, m_n, i_n = result.inp.actual.shape
    for o in range(o_n):
        for m in range(m_n):
            for i in range(i_n):
                yield o, m, i, result.explain(o, m, i)


def test_every_cell_grades_and_scores_like_the_decimal_path(result):
    checked = 0
    for o, m, i, cell in _decimal_cells(result):
        bulk_code = (
            "exceeded"
            if result.at_least[D(130)][o, m, i]
            else "achieved"
            if result.at_least[D(100)][o, m, i]
            else "not_achieved"
        )
        if cell["target"].status is CellStatus.OK:
            assert cell["grade"].code == bulk_code, (
                o,
                m,
                i,
                cell["achievement"].explanation.render(),
            )
            assert cell["score"].value == cell["bulk_score"], (o, m, i)
            checked += 1
        else:
            assert cell["grade"].mark == "-"
            assert bulk_code == "not_achieved"
    assert checked > 1500


def test_owner_scores_and_grade_counts_match_the_decimal_path(result):
    ind = result.inp.indicators
    o_n, _, i_n = result.inp.actual.shape
    for o in range(o_n):
        for m in (0, 5, 11):
            items, marks = [], []
            for i in range(i_n):
                cell = result.explain(o, m, i)
                marks.append(cell["grade"].mark)
                items.append(
                    WeightedItem(
                        str(i),
                        D(int(ind.weight[o, i])) / 10,
                        cell["score"],
                        str(int(ind.perspective[o, i])),
                    )
                )
            expected = weighted_score(items)
            assert D(int(result.owner_score_h[o, m])) / 100 == expected.value
            counts = count_grades(marks)
            assert {k: int(v[o, m]) for k, v in result.grade_counts.items()} == counts.counts


def _single(actual, target, direction, months=1):
    shape = (1, len(actual))
    return BulkInput(
        actual=np.array([actual], dtype=np.int64).reshape(1, months, -1),
        indicators=BulkIndicators(
            target_kind=np.full(shape, TK_ABSOLUTE, dtype=np.int8),
            target=np.array([target], dtype=np.int64),
            prior=np.zeros(shape, dtype=np.int64),
            prior_confirmed=np.ones(shape, dtype=bool),
            direction=np.full(shape, direction, dtype=np.int8),
            cumulative=np.zeros(shape, dtype=bool),
            weight=np.full(shape, 10, dtype=np.int64),
            perspective=np.zeros(shape, dtype=np.int8),
            strategic_goal=np.zeros(shape, dtype=np.int32),
            policy_goal=np.zeros(shape, dtype=np.int32),
            unit_program=np.zeros(shape, dtype=np.int32),
        ),
        budget=np.array([1], dtype=np.int64),
        previous_budget=np.array([1], dtype=np.int64),
        perspectives=("p",),
        scale=3,
    )


@pytest.mark.parametrize(
    ("actual", "target", "direction", "code", "score_h"),
    [
        (130_000, 100_000, DIR_HIGHER, "exceeded", 10_000),  # 130.000 %
        (129_999, 100_000, DIR_HIGHER, "achieved", 10_000),
        (99_995, 100_000, DIR_HIGHER, "not_achieved", 10_000),  # 99.995 % is ×, scores 100.00
        (99_994, 100_000, DIR_HIGHER, "not_achieved", 9_999),
        (100_000, 130_000, DIR_LOWER, "exceeded", 10_000),
        (100_001, 100_000, DIR_LOWER, "not_achieved", 10_000),  # 99.999 %
        (70_000, 100_000, DIR_COMPLEMENT, "exceeded", 10_000),
        (250_000, 100_000, DIR_COMPLEMENT, "not_achieved", 0),
        (0, 0, DIR_LOWER, "achieved", 10_000),  # zero target met
        (1, 0, DIR_LOWER, "not_achieved", 0),
        (0, 100, DIR_LOWER, "exceeded", 10_000),  # zero actual against a positive ceiling
    ],
)
def test_boundaries_are_exact_in_the_columnar_path(actual, target, direction, code, score_h):
    res = run_bulk(_single([actual], [target], direction))
    got = (
        "exceeded"
        if res.at_least[D(130)][0, 0, 0]
        else "achieved"
        if res.at_least[D(100)][0, 0, 0]
        else "not_achieved"
    )
    assert (got, int(res.score_h[0, 0, 0])) == (code, score_h)
    cell = res.explain(0, 0, 0)
    assert (cell["grade"].code, cell["score"].value) == (code, D(score_h) / 100)


def test_cumulative_indicators_use_running_totals():
    inp = synthetic_input(2, 30, 12, seed=3)
    res = run_bulk(inp)
    o, i = np.argwhere(
        inp.indicators.cumulative
        & (inp.indicators.direction == DIR_HIGHER)
        & (inp.indicators.target_kind == TK_ABSOLUTE)
    )[0]
    cell = res.explain(int(o), 11, int(i))
    assert cell["achievement"].explanation.inputs["실적"] == str(
        D(int(inp.actual[o, :, i].sum())) / 100
    )


def test_out_of_range_data_is_refused_with_a_reason():
    with pytest.raises(ValueError, match="Decimal"):
        run_bulk(_single([-1], [100], DIR_HIGHER))


def test_rollups_structure_and_budget_shares(result):
    inp = result.inp
    assert result.budget_total == int(inp.budget.sum())
    assert int(result.budget_share_h.sum()) in range(9_990, 10_010)
    assert (result.structure["strategic_goals"] <= 3).all()
    nation = {k: int(v.sum()) for k, v in result.nation_counts.items()}
    assert sum(nation.values()) == inp.actual.size
    month_means = D(int(result.owner_score_h[:, 0].sum())) / 3
    assert abs(D(int(result.nation_mean_score_h[0])) - month_means) <= D("0.5")
