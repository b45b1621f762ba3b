"""The consignment rules (R15, R16) of seonggwa.engine.consignment."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from seonggwa.engine.consignment import (
    consent_decision,
    consent_due_from,
    eligibility,
    exclusion_reason,
    is_excluded,
    service_score,
    yearly_average,
)

D = Decimal


@pytest.mark.parametrize(
    ("cost", "separate", "eligible", "words"),
    [
        (D("500000000"), False, True, "5억원 이상"),
        (D("499999999"), False, False, "5억원 미만"),
        (D("2500000000"), True, False, "별도 평가체계"),
        (None, False, None, "입력되지 않아"),
        (None, True, False, "별도 평가체계"),
    ],
)
def test_eligibility_r15(cost, separate, eligible, words):
    result = eligibility(cost, separate_statutory=separate)
    assert result.eligible is eligible
    assert words in result.reason


def test_average_is_half_up_to_two_decimals():
    # 80.005 is a half: half-up gives 80.01 where banker's rounding would give 80.00
    assert yearly_average([D("80.00"), D("80.01")]) == D("80.01")
    assert yearly_average([]) is None
    assert service_score([D("70.10"), D("70.11"), D("70.11")]) == D("70.11")


def test_seed_sums_give_the_printed_averages():
    # domain.md Appendix B: Σ scores / rows
    for total, rows, printed in [
        ("3542.42", 44, "80.51"),
        ("4107.34", 51, "80.54"),
        ("3053.02", 38, "80.34"),
    ]:
        scores = [D(total) / rows] * rows
        assert yearly_average(scores) == D(printed)


def test_cutoff_is_strictly_below_sixty():
    assert is_excluded(D("59.99"))
    assert is_excluded(D("50.65"))
    assert not is_excluded(D("60.00"))
    assert not is_excluded(None)
    assert "재계약에서 배제" in exclusion_reason(D("58.96"))
    assert "60점 이상" in exclusion_reason(D("60"))


def test_consent_clock_r16():
    consent = datetime.date(2014, 5, 20)
    assert consent_due_from(consent) == datetime.date(2020, 5, 20)
    before = consent_decision(consent, datetime.date(2020, 5, 19))
    assert not before.needs_consent and "상임위원회 보고" in before.reason
    on_day = consent_decision(consent, datetime.date(2020, 5, 20))
    assert on_day.needs_consent and on_day.due_from == datetime.date(2020, 5, 20)
    unknown = consent_decision(None, datetime.date(2020, 1, 1))
    assert unknown.needs_consent and unknown.due_from is None


def test_consent_clock_leap_day():
    assert consent_due_from(datetime.date(2016, 2, 29)) == datetime.date(2022, 2, 28)
