"""What an indicator's name asks of its unit (A16), for every format's validator."""

from __future__ import annotations

import pytest

from seonggwa.importers.naming import unit_name_mismatch


@pytest.mark.parametrize(
    ("name", "unit", "expected"),
    [
        ("노인 일자리 참여 인원", "%", "명"),
        ("노인 일자리 참여 인원", "명", None),
        ("도보관광 이용객 만족도", "명", "점 또는 %"),
        ("기획전시 관람객 만족도", "%", None),
        ("환자 안전사고 발생 건수", "명", "건"),
        ("마을세무사 상담 건수", "건", None),
        ("액션미팅 워크숍 개최건수", "회", None),
        ("준비자문회의 운영횟수", "%", "회"),
        ("실내공기질 컨설팅 업소수", "대", "개소"),
        ("공공태양광 발전시설 용량", "MW", None),
        # the plan's own cases: a rate counted in a count unit, a count measured in %
        ("정책 제안 반영률", "건", "%"),
        ("정책 제안 반영률(%)", "%", None),
        ("민원 처리 기간 단축 달성도", "개", "%"),
        ("청년 일자리 수", "%", "개수(개·명·건 등)"),
        ("청년 일자리 수", "개", None),
    ],
)
def test_unit_must_fit_the_indicator_name(name: str, unit: str, expected: str | None) -> None:
    assert unit_name_mismatch(name, unit) == expected
