from decimal import Decimal

import pytest

from seonggwa.engine.achievement import achievement_rate
from seonggwa.engine.cells import CellStatus
from seonggwa.engine.scoring import (
    MissingPolicy,
    ScoreRule,
    WeightedItem,
    check_weights,
    indicator_score,
    perspective_scores,
    weighted_score,
)

D = Decimal


@pytest.mark.parametrize(
    ("rate", "score"),
    [("131.4", "100.00"), ("99.995", "100.00"), ("78.944", "78.94"), ("-5", "0.00")],
)
def test_indicator_score_is_capped_rate_half_up(rate, score):
    assert indicator_score(D(rate)).value == D(score)


def test_step_score_mapping():
    rule = ScoreRule(
        name="steps", steps=((D(130), D(100)), (D(100), D(90)), (D(80), D(70))), floor=D(0)
    )
    assert [indicator_score(D(r), rule).value for r in ("130", "100", "85", "10")] == [
        D(100),
        D(90),
        D(70),
        D(0),
    ]


def test_indicator_score_passes_status_through():
    cell = indicator_score(achievement_rate(None, D(10)))
    assert (cell.value, cell.status) == (None, CellStatus.NO_DATA)


def test_owner_score_is_weighted_mean():
    items = [
        WeightedItem("a", D(20), D(100)),
        WeightedItem("b", D("7.5"), D(50)),
        WeightedItem("c", D("72.5"), D(80)),
    ]
    cell = weighted_score(items)
    assert cell.value == D("81.75")  # (2000 + 375 + 5800) / 100
    assert cell.explanation is not None and cell.explanation.inputs["Σ가중치"] == "100.0"


def test_unscored_items_are_excluded_or_zero_by_policy():
    items = [WeightedItem("a", D(50), D(100)), WeightedItem("b", D(50), None)]
    assert weighted_score(items).value == D(100)
    assert weighted_score(items, missing=MissingPolicy.ZERO).value == D(50)
    assert weighted_score([WeightedItem("b", D(50), None)]).status is CellStatus.NO_DATA


def test_perspective_subtotals():
    items = [
        WeightedItem("청렴도", D(20), D(90), "시민주인"),
        WeightedItem("x", D(40), D(100), "정책성과"),
        WeightedItem("y", D(40), D(50), "정책성과"),
    ]
    result = perspective_scores(items)
    assert {k: v.value for k, v in result.items()} == {"시민주인": D(90), "정책성과": D(75)}


def test_seed_001_spokesperson_weights_balance():
    # 001:15-26 대변인: 20 = 20; 60 = 25+15+10+10; 10 = 2+6+2; 10 = 2+1+3+4
    weights = {
        "시민고객": [20],
        "정책성과": [25, 15, 10, 10],
        "창의": [2, 6, 2],
        "조직역량": [2, 1, 3, 4],
    }
    items = [
        WeightedItem(f"{p}{i}", D(w), D(100), p)
        for p, ws in weights.items()
        for i, w in enumerate(ws)
    ]
    declared = {"시민고객": D(20), "정책성과": D(60), "창의": D(10), "조직역량": D(10)}
    assert check_weights(items, declared) == []


def test_weight_gaps_are_findings_not_crashes():
    # 문화시설사업단 001:711: 정책성과 90 against 70 declared, total 120
    items = [
        WeightedItem("a", D(90), None, "정책성과"),
        WeightedItem("b", D(30), None, "시민고객"),
        WeightedItem("c", None, None, "시민고객"),
    ]
    findings = check_weights(
        items, {"정책성과": D(70), "시민고객": D(20), "창의": D(10)}, owner="문화시설사업단"
    )
    codes = sorted(f.code for f in findings)
    assert codes == [
        "R10.perspective_sum",
        "R10.perspective_sum",
        "R10.perspective_sum",
        "R10.weight_missing",
        "R9.weight_total",
    ]


def test_declared_perspectives_not_summing_to_100_are_flagged():
    items = [WeightedItem("a", D(10), None, "p"), WeightedItem("b", D(90), None, "q")]
    findings = check_weights(items, {"p": D(10), "q": D(80)})
    assert "R10.perspective_total" in [f.code for f in findings]
