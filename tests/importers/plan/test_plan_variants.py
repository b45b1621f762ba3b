"""Layouts other organisations print that seed 000 does not show: several strategic goals per
unit, and 기초 governments' "부서명" headers."""

from __future__ import annotations

import pytest

from seonggwa.importers.plan import detect, parse, validate


def _plan(unit_header: str) -> str:
    rows = [
        "3. 성과계획 총괄표", "", "가. 총괄", "", "(단위:개, 백만원)", "",
        f"{unit_header}\t성과계획\t\t\t\t예산액\t\t",
        "\t전략목표수\t정책사업목표\t\t단위사업수\t예산액\t전년도예산액\t비교증감",
        "\t\t개수\t지표수\t\t\t\t",
        "계\t3\t4\t6\t7\t3,000\t2,500\t500",
        "행정지원국\t2\t3\t4\t5\t2,000\t1,500\t500",
        "문화관광과\t1\t1\t2\t2\t1,000\t1,000\t0",
        "", "나. 성과계획 및 자원비중", "",
        f"전략목표명 ({unit_header})\t정책사업목표명\t성과지표명\t예산액 (백만원)\t비중(%)",
        "열린 행정 구현 (행정지원국)\t민원 서비스 개선\t민원 처리 기간 단축률\t1,200\t40.00",
        "\t\t민원 만족도\t\t",
        "\t정보 공개 확대\t사전공개 건수\t\t",
        "튼튼한 재정 운용 (행정지원국)\t세입 확충\t체납액 징수율\t800\t26.67",
        "문화로 행복한 도시 (문화관광과)\t문화 향유 확대\t문화행사 참여자 수\t1,000\t33.33",
        "\t\t관광객 만족도\t\t",
    ]  # fmt: skip
    return "\n".join(rows)


@pytest.mark.parametrize("unit_header", ["실국명", "부서명", "기관명"])
def test_units_with_several_strategic_goals_reconcile_without_findings(unit_header: str) -> None:
    text = _plan(unit_header)
    assert detect(text)
    doc = parse(text)
    admin, culture = doc.owners
    assert (admin.name, culture.name) == ("행정지원국", "문화관광과")
    assert [g.name for g in admin.strategic_goals] == ["열린 행정 구현", "튼튼한 재정 운용"]
    assert [len(g.policy_goals) for g in admin.strategic_goals] == [2, 1]
    assert [g.share.raw for g in admin.strategic_goals if g.share] == ["40.00", "26.67"]
    assert validate(doc) == []


def test_a_wrong_count_in_a_several_goal_unit_is_found() -> None:
    text = (
        _plan("실국명")
        .replace("행정지원국\t2\t3\t4", "행정지원국\t2\t3\t5")
        .replace("계\t3\t4\t6", "계\t3\t4\t7")
    )
    codes = [(f.code, f.unit) for f in validate(parse(text))]
    assert ("detail.count_mismatch", "행정지원국") in codes
