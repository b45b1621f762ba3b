from decimal import Decimal

import pytest

from seonggwa.engine.achievement import achievement_rate
from seonggwa.engine.cells import CellStatus
from seonggwa.engine.scoring import (
    DeclaredWeight,
    MissingPolicy,
    ScoreRule,
    TotalRow,
    WeightedItem,
    WeightRow,
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
    rows = [
        WeightRow(f"{p}{i}", D(w), perspective=p)
        for p, ws in weights.items()
        for i, w in enumerate(ws)
    ]
    declared = {"시민고객": D(20), "정책성과": D(60), "창의": D(10), "조직역량": D(10)}
    perspectives = [DeclaredWeight(k, k, w) for k, w in declared.items()]
    assert check_weights(rows, owner="대변인", perspectives=perspectives) == []


def test_weight_gaps_are_findings_not_crashes():
    # 문화시설사업단 001:711: 정책성과 90 against 70 declared, total 120
    rows = [
        WeightRow("a", D(90), perspective="정책성과"),
        WeightRow("b", D(30), perspective="시민고객"),
        WeightRow("c", None, perspective="시민고객", printed=False),
    ]
    declared = {"정책성과": D(70), "시민고객": D(20), "창의": D(10)}
    findings = check_weights(
        rows,
        owner="문화시설사업단",
        perspectives=[DeclaredWeight(k, k, w) for k, w in declared.items()],
    )
    codes = sorted(f.code for f in findings)
    assert codes == [
        "weights.missing",
        "weights.perspective_sum",
        "weights.perspective_sum",
        "weights.perspective_sum",
        "weights.sum",
    ]
    assert "가중치가 유실된 행이 1개" in next(
        f.message for f in findings if f.code == "weights.sum"
    )


def test_declared_perspectives_not_summing_to_100_are_flagged():
    rows = [WeightRow("a", D(10), perspective="p"), WeightRow("b", D(90), perspective="q")]
    declared = [DeclaredWeight("p", "p", D(10)), DeclaredWeight("q", "q", D(80))]
    findings = check_weights(rows, owner="x", perspectives=declared)
    assert "weights.perspective_declared_sum" in [f.code for f in findings]


def test_a_perspective_declared_again_with_the_rows_sum_is_not_a_gap():
    # 도시기반시설본부 001:1039/1057 declares 정책 성과 as (68) and later (69); rows give 69
    rows = [WeightRow("a", D(69), perspective="p"), WeightRow("b", D(31), perspective="q")]
    declared = [DeclaredWeight("p", "p", D(68), again=(D(69),)), DeclaredWeight("q", "q", D(31))]
    codes = [f.code for f in check_weights(rows, owner="x", perspectives=declared)]
    assert codes == ["weights.perspective_declared_sum"]  # 68 + 31; no gap inside 정책 성과


WELFARE = [16, 10, 10, 12, 12, 10, 10, 12]  # 003:1287-1295, 92 in all


@pytest.mark.parametrize(
    ("weights", "total_row", "codes"),
    [
        ([60, 40], None, ["weights.total_missing"]),  # no "가중치 합계" row; rows total 100
        (WELFARE, None, ["weights.total_missing", "weights.sum"]),
        ([60, 40], TotalRow("", 9), ["weights.total_blank"]),  # 003-2: blank, rows total 100
        (WELFARE, TotalRow("100", 9), ["weights.declared_total_differs"]),  # 003-1
        (WELFARE, TotalRow("92", 9), ["weights.sum"]),  # printed as summed, but not 100
        ([60, 40], TotalRow("100", 9), []),
    ],
)
def test_the_printed_weight_total_of_a_2020_block(weights, total_row, codes):  # type: ignore[no-untyped-def]
    rows = [WeightRow(f"지표{i}", D(w)) for i, w in enumerate(weights)]
    found = check_weights(rows, owner="복지정책실", total_row=total_row, expects_total_row=True)
    assert [f.code for f in found] == codes
