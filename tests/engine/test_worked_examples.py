"""Worked examples from domain.md (R1–R3, R6, R13, R15, R17) and the seed documents."""

from decimal import ROUND_HALF_EVEN, Decimal

import pytest

from seonggwa.engine.achievement import JOINT_EVALUATION_RULE, achievement_rate
from seonggwa.engine.aggregation import mean, mean_of_means, share_meeting_target
from seonggwa.engine.findings import Severity
from seonggwa.engine.grading import PERFORMANCE_REPORT, grade
from seonggwa.engine.reconciliation import MoneyUnit, check_change, check_total, shares

from .seeds import consignment_scores, line, num, plan_summary_rows

D = Decimal


@pytest.mark.parametrize(
    ("actual", "target", "printed", "places"),
    [
        ("99099", "75426", "130%", 0),  # 003:1800, capped at 130
        ("54098", "68593", "78.9%", 1),  # 003:1817
        ("2564", "2568", "99.8%", 1),  # 003:1797
    ],
)
def test_joint_evaluation_rates_match_print(actual, target, printed, places):
    assert (
        achievement_rate(D(actual), D(target), JOINT_EVALUATION_RULE).cell(places).text == printed
    )


def test_joint_evaluation_seed_lines_state_the_inputs():
    assert "75,426" in line("003", 1800) and "99,099" in line("003", 1800)
    assert "2,568" in line("003", 1797) and "2,564" in line("003", 1797)


def test_joint_evaluation_capped_rate_still_grades_exceeded():
    result = achievement_rate(D("99099"), D("75426"), JOINT_EVALUATION_RULE)
    assert grade(result, PERFORMANCE_REPORT).mark == "◎"


def _field_values():
    """003:241-250: the 지표 | 달성도 × 3 table; "-" is excluded (None), R13."""
    fields = {"환경": [], "사회문화": [], "경제": []}
    for number in range(241, 251):
        cells = line("003", number).split("\t")
        for i, name in enumerate(fields):
            raw = cells[2 * i + 1].strip()
            fields[name].append(None if raw == "-" else num(raw.rstrip("%")))
    return fields


def test_sustainability_table_has_28_values_10_8_10():
    counts = {k: sum(v is not None for v in vs) for k, vs in _field_values().items()}
    assert counts == {"환경": 10, "사회문화": 8, "경제": 10}


def test_sustainability_field_means_and_overall_are_mean_of_means():
    fields, overall = mean_of_means(_field_values(), places=1)
    assert {k: c.text for k, c in fields.items()} == {
        "환경": "79.4",
        "사회문화": "76.3",
        "경제": "78.1",
    }
    assert overall.text == "77.9"
    assert overall.explanation is not None and "분야별 평균의 평균" in overall.explanation.formula


def test_pooled_mean_differs_from_printed_overall():
    pooled = mean([v for vs in _field_values().values() for v in vs], places=2)
    assert pooled.text == "78.06"


def test_social_field_mean_rounds_half_up_not_bankers():
    exact = mean(_field_values()["사회문화"]).value
    assert exact == D("76.25")
    assert exact.quantize(D("0.1"), rounding=ROUND_HALF_EVEN) == D("76.2")  # the wrong figure
    assert mean_of_means(_field_values())[0]["사회문화"].text == "76.3"


@pytest.mark.parametrize(
    ("first", "last", "rows", "total", "average"),
    [
        (462, 525, 44, "3542.42", "80.51"),
        (526, 596, 51, "4107.34", "80.54"),
        (597, 658, 38, "3053.02", "80.34"),
    ],
)
def test_consignment_yearly_averages_half_up(first, last, rows, total, average):
    scores = consignment_scores(first, last)
    assert len(scores) == rows
    assert sum(scores) == D(total)
    assert mean(scores, places=2).text == average


def test_consignment_average_is_printed_in_seed():
    assert "평균 80.51점" in line("003", 470)


@pytest.mark.parametrize(
    ("met", "applicable", "printed"),
    [
        (12, 13, "92.3%"),
        (16, 17, "94.1%"),
        (18, 19, "94.7%"),
        (17, 19, "89.5%"),
        (14, 15, "93.3%"),
        (44, 47, "93.6%"),
        (43, 47, "91.5%"),
    ],
)
def test_joint_evaluation_share_of_indicators_meeting_target(met, applicable, printed):
    results = (
        [True] * met
        + [False] * (applicable - met)
        + [None] * (19 - applicable if applicable < 19 else 0)
    )
    assert share_meeting_target(results).text == printed


def test_plan_summary_totals_are_within_million_won_rounding():
    rows = plan_summary_rows()
    assert len(rows) == 41
    total = line("000", 12).split("\t")
    for col, name in [(5, "예산액"), (6, "전년도예산액"), (7, "비교증감")]:
        findings = check_total(
            label=name,
            stated=num(total[col]),
            stated_text=total[col],
            values=[num(c[col]) for _, c in rows],
            money_unit=MoneyUnit.MILLION_WON,
            line=12,
        )
        assert [(f.severity, f.code) for f in findings] == [
            (Severity.INFO, "summary.total_rounding")
        ]
    for col, name in [(1, "전략목표수"), (2, "개수"), (3, "지표수"), (4, "단위사업수")]:
        stated = num(total[col])
        values = [num(c[col]) for _, c in rows]
        assert check_total(label=name, stated=stated, stated_text="", values=values) == []


def test_same_gap_in_won_is_an_error():
    findings = check_total(
        label="결산액",
        stated=42535641,
        stated_text="42,535,641",
        values=[42535642],
        money_unit=MoneyUnit.WON,
    )
    assert [(f.severity, f.code) for f in findings] == [(Severity.ERROR, "summary.total_mismatch")]


def test_gap_larger_than_row_count_is_an_error_in_million_won():
    findings = check_total(
        label="예산액",
        stated=100,
        stated_text="100",
        values=[10, 20, 30],
        money_unit=MoneyUnit.MILLION_WON,
    )
    assert findings[0].severity is Severity.ERROR


def test_plan_summary_changes_off_by_one_on_eight_lines():
    flagged = []
    for number, cells in plan_summary_rows():
        findings = check_change(
            unit=cells[0],
            current=num(cells[5]),
            previous=num(cells[6]),
            stated=num(cells[7]),
            stated_text=cells[7],
            money_unit=MoneyUnit.MILLION_WON,
            line=number,
        )
        assert all(f.severity is Severity.INFO for f in findings)
        flagged += [f.line for f in findings]
    assert flagged == [14, 16, 18, 19, 26, 38, 46, 48]


def test_change_in_won_must_be_exact():
    def change(stated):  # type: ignore[no-untyped-def]
        return check_change(
            unit="x",
            current=100,
            previous=50,
            stated=stated,
            stated_text=str(stated),
            money_unit=MoneyUnit.WON,
        )

    assert change(49)[0].code == "summary.change_mismatch"
    assert change(D(-50))[0].severity is Severity.ERROR


def test_share_uses_the_detail_tables_own_denominator():
    # 000:203 복지정책실 7,960,420 of the detail total 29,965,434 -> 26.57 (not 18.71)
    cells = shares({"복지정책실": D(7960420), "기타": D(29965434 - 7960420)})
    assert cells["복지정책실"].text == "26.57"
    assert "7960420" in line("000", 203).replace(",", "")
