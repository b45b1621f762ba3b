from decimal import Decimal

import pytest

from seonggwa.engine.cells import CellStatus
from seonggwa.engine.committee import (
    AggregationMethod,
    committee_aggregate,
    grade_points,
)


def _d(*xs):
    return [Decimal(x) for x in xs]


@pytest.mark.parametrize(
    ("scores", "method", "expected"),
    [
        # one score: every method gives it
        (("80",), "mean", "80.00"),
        (("80",), "trimmed_mean", "80.00"),
        (("80",), "median", "80.00"),
        # two scores: trimmed falls back to the mean; the median is the mean of the two
        (("70", "85"), "mean", "77.50"),
        (("70", "85"), "trimmed_mean", "77.50"),
        (("70", "85"), "median", "77.50"),
        # three scores: trimmed keeps the middle one only
        (("60", "80", "100"), "trimmed_mean", "80.00"),
        (("60", "70", "100"), "trimmed_mean", "70.00"),
        (("60", "70", "100"), "mean", "76.67"),
        (("60", "70", "100"), "median", "70.00"),
        # four scores
        (("50", "80", "90", "100"), "trimmed_mean", "85.00"),
        (("50", "80", "90", "100"), "median", "85.00"),
        (("50", "80", "90", "100"), "mean", "80.00"),
        # ties at the ends drop only one of each
        (("90", "90", "90", "60"), "trimmed_mean", "90.00"),
        (("60", "60", "90"), "trimmed_mean", "60.00"),
        (("100", "100", "100"), "trimmed_mean", "100.00"),
        (("80", "80", "80", "80"), "median", "80.00"),
        # the order of the scores does not matter
        (("100", "60", "70"), "trimmed_mean", "70.00"),
        (("100", "60", "70"), "median", "70.00"),
        # half-up rounding to 2 places
        (("0.005",), "mean", "0.01"),
        (("80", "80", "80.01"), "mean", "80.00"),
        (("85.125", "85.125"), "mean", "85.13"),
        (("70", "75", "76.25", "80", "95"), "trimmed_mean", "77.08"),
        # the bounds are allowed
        (("0", "100"), "mean", "50.00"),
        (("0", "0", "0"), "median", "0.00"),
    ],
)
def test_committee_aggregate_by_method(scores, method, expected):
    cell = committee_aggregate(_d(*scores), method)
    assert cell.status is CellStatus.OK
    assert cell.value == Decimal(expected)
    assert cell.text == expected


@pytest.mark.parametrize("method", list(AggregationMethod))
def test_no_score_is_no_data_never_zero(method):
    cell = committee_aggregate([], method)
    assert cell.status is CellStatus.NO_DATA
    assert cell.value is None
    assert cell.text == "-"


@pytest.mark.parametrize(
    ("scores", "method"),
    [(("101",), "mean"), (("-1", "50"), "median"), (("80",), "mode"), (("80",), "")],
)
def test_out_of_range_score_or_unknown_method_is_an_error_cell(scores, method):
    cell = committee_aggregate(_d(*scores), method)
    assert cell.status is CellStatus.ERROR
    assert cell.value is None


@pytest.mark.parametrize(
    ("scores", "method", "words"),
    [
        (("60", "80", "100"), "trimmed_mean", ["최고·최저", "위원 수=3", "반영 점수=80"]),
        (("60", "80"), "trimmed_mean", ["3명 미만", "위원 수=2"]),
        (("60", "80"), "median", ["중앙값", "점수=60, 80"]),
        (("60",), "mean", ["평균", "위원 수=1"]),
    ],
)
def test_explanation_names_method_and_member_count(scores, method, words):
    text = committee_aggregate(_d(*scores), method).explanation.render()
    for word in words:
        assert word in text


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("S", "100"),
        ("a", "90"),
        ("B", "80"),
        ("C", "70"),
        ("D", "60"),
        ("탁월", "100"),
        ("우수", "90"),
        (" 보통 ", "80"),
        ("미흡", "70"),
        ("부진", "60"),
        ("E", None),
        ("", None),
    ],
)
def test_grade_points_default_table(label, expected):
    got = grade_points(label)
    assert got == (None if expected is None else Decimal(expected))


def test_grade_points_uses_a_given_table():
    assert grade_points("가", {"가": Decimal("95")}) == Decimal("95")
    assert grade_points("A", {"가": Decimal("95")}) is None
