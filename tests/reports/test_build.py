"""Golden report models for the sample organisation 한빛시: the figures are the engine's or
hand-computed from the sample data (src/seonggwa/sample/data.py)."""

from decimal import Decimal

import pytest

from seonggwa.engine.grading import REPORT_MARKS
from seonggwa.reports.build import ReportError, report_build
from seonggwa.reports.model import RowKind

pytestmark = pytest.mark.django_db


def rows_by_unit(table):
    return {r.cells[0].text: [c.value for c in r.cells[1:]] for r in table.rows}


def test_plan_summary_2026_golden(build):
    report = build("plan", 2026, "plan")
    summary = report.tables[0]
    assert summary.title == "가. 총괄" and summary.unit_line == "(단위:개, 백만원)"
    assert [len(r) for r in summary.header_rows] == [3, 6, 2]
    assert summary.rows[0].kind is RowKind.TOTAL and summary.rows[0].cells[0].text == "계"
    rows = rows_by_unit(summary)
    assert rows["기획조정실"] == [1, 1, 2, 1, 325, 310, 15]
    assert rows["복지정책국"] == [1, 2, 4, 1, 50_100, 48_200, 1_900]
    assert rows["기후환경국"] == [1, 1, 2, 1, 10_200, 9_800, 400]
    assert rows["계"] == [6, 7, 12, 6, 85_970, 82_830, 3_140]


def test_total_row_is_the_column_sum_and_change_is_budget_minus_previous(build):
    for kind, year in (("plan", 2026), ("plan", 2025), ("report", 2025)):
        table = build(kind, year, "plan").tables[0]
        total, data = table.rows[0], table.data_rows()
        for i, col in enumerate(table.columns[1:], start=1):
            assert total.cells[i].value == sum(r.cells[i].value for r in data), col.label
            assert total.cells[i].formula is not None
        change = table.column_index("change")
        for r in [total, *data]:
            assert r.cells[change].value == r.cells[change - 2].value - r.cells[change - 1].value


def test_plan_detail_shares_use_the_tables_own_total_half_up(build):
    detail = build("plan", 2026, "plan").tables[1]
    assert detail.title == "나. 성과계획 및 자원비중"
    shares = {
        r.cells[0].text: r.cells[4].value for r in detail.rows if r.cells[4].value is not None
    }
    # 325 / 85,970 × 100 = 0.3780... -> 0.38; 50,100 / 85,970 × 100 = 58.2761... -> 58.28
    assert shares["I. 데이터 기반 성과관리로 시정 신뢰 제고 (기획조정실)"] == Decimal("0.38")
    assert shares["III. 촘촘한 복지 안전망으로 모두가 누리는 복지 (복지정책국)"] == Decimal("58.28")
    assert abs(sum(shares.values()) - 100) <= Decimal("0.05")
    # one row per indicator; the amount only on the unit's first row
    assert len(detail.rows) == 12
    assert [r.cells[2].text for r in detail.rows[:2]] == [
        "성과지표 목표 달성률",
        "성과정보 공개 만족도",
    ]
    assert detail.rows[1].cells[3].value is None and detail.rows[1].cells[0].text == ""


EXPECTED_MARKS_2025 = {
    # indicator: mark (hand-computed from target/actual per R6/R7)
    "성과지표 목표 달성률": "○",  # 88.4 / 85 = 104.0 %
    "재정사업 자율평가 우수 등급 사업 수": "◎",  # 16 / 12 = 133.3 %
    "예산 집행률": "○",  # 96.7 / 95 = 101.8 %
    "시민 제안 채택 건수": "◎",  # 163 / 120 = 135.8 %
    "민원 처리 지연율": "○",  # lower: 3.0 / 2.7 = 111.1 %
    "위기가구 발굴 건수 (누계)": "○",  # composite, annual part: 512 / 450 = 113.8 %
    "복지서비스 이용 만족도": "×",  # 79.1 / 80 = 98.9 %
    "공공 돌봄시설 확충 (누적)": "○",  # 31 / 24 = 129.2 %
    "초미세먼지 연평균 농도": "×",  # lower: 18 / 19 = 94.7 %
    "온실가스 배출량": "○",  # 1% 감축 of 2,480 = 2,455.2; 2,455.2 / 2,430 = 101.0 %
    "1인당 생활권 녹지 면적": "○",  # 9.6 / 9.5 = 101.1 %
    "시내버스 정시 운행률": "×",  # 91.2 / 92 = 99.1 %
    "교통안전시설 정비 공정": "-",  # milestone without a stage table: not evaluated
    "재난안전 훈련 평가 등급": "-",  # grade without a score table: not evaluated
    "하천 수위 관리 편차": "○",  # band ±7, deviation 5
}


def test_report_detail_marks_match_target_and_actual(build):
    report = build("report", 2025, "plan")
    detail = report.tables[1]
    marks = {r.cells[2].text: r.cells[3].text for r in detail.rows}
    assert marks == EXPECTED_MARKS_2025
    assert (
        detail.legend
        == REPORT_MARKS
        == "※ ◎ : 초과달성(130% 이상), ○ : 달성(100~130% 미만), × : 미달성(100% 미만)"
    )
    explained = next(
        r.cells[3] for r in detail.rows if r.cells[2].text == "재정사업 자율평가 우수 등급 사업 수"
    )
    assert "실적 ÷ 목표 × 100" in explained.explanation and "130%" in explained.explanation


def test_report_summary_counts_not_evaluated_under_not_achieved(build):
    summary = build("report", 2025, "plan").tables[0]
    assert summary.unit_line == "(단위: 개, 원)"
    rows = rows_by_unit(summary)
    # 지표수, 초과달성, 달성, 미달성, 결산액, 전년도 결산액, 비교증감
    assert rows["기획조정실"][2:] == [3, 1, 2, 0, 1_501_120_000, 1_438_420_000, 62_700_000]
    assert rows["교통건설국"][2:6] == [2, 0, 0, 2]  # × and "-" (R5)
    assert rows["안전총괄과"][2:6] == [2, 0, 1, 1]
    for name, values in rows.items():
        assert values[2] == values[3] + values[4] + values[5], name
    assert rows["계"][3:6] == [2, 8, 5]


def test_report_money_in_won_and_negatives_with_triangle(build, plans):
    from seonggwa.plans.models import BudgetProgram

    program = BudgetProgram.objects.filter(plan=plans[(2025, "plan")], name="도시숲 조성").get()
    program.settlement = Decimal("1000")
    program.save()
    rows = {r.cells[0].text: r for r in build("report", 2025, "plan").tables[0].rows}
    change = rows["환경녹지국"].cells[9]
    assert change.value == 9_512_300_000 + 1000 - 13_391_000_000
    assert change.text.startswith("△") and "-" not in change.text


def test_unit_filter_keeps_whole_plan_shares(build):
    report = build("plan", 2026, "plan", unit="복지정책국")
    assert [r.cells[0].text for r in report.tables[0].rows] == ["계", "복지정책국"]
    assert report.tables[1].rows[0].cells[4].value == Decimal("58.28")
    with pytest.raises(ReportError):
        build("plan", 2026, "plan", unit="없는국")


def test_bsc_sheet_per_owner_with_perspectives_and_weights(build):
    report = build("bsc", 2026, "bsc")
    sheets = [t for t in report.tables if t.key.startswith("bsc_")]
    assert [t.title for t in sheets] == ["기획조정실 균형성과계획", "기획조정실실장 균형성과계획"]
    sheet = sheets[0]
    assert len(sheet.columns) == 13 and len(sheet.header_rows) == 3
    first = [c.text for c in sheet.rows[0].cells]
    assert first == [
        "시민고객 (20)",
        "시민이 체감하는 성과 행정",
        "시정 만족도",
        "75점",
        "시정 신뢰 제고",
        "시정 만족도",
        "",  # no value for that year: blank, as the printed sheets (a printed "-" stays "-")
        "72.8",
        "75",
        "",
        "점",
        "20",
        "기조-1",
    ]
    assert sum(r.cells[11].value for r in sheet.rows) == 100
    assert "비중 합계 100" in sheet.footnotes[0]


def test_indicator_cards_explain_achievement_and_grade(build):
    report = build("indicator-cards", 2025, "plan")
    card = next(t for t in report.tables if t.title.endswith("시민 제안 채택 건수"))
    row_2025 = next(r for r in card.rows if r.cells[0].text == "2025")
    assert row_2025.cells[4].value == Decimal("135.8") and row_2025.cells[5].text == "◎"
    assert "163" in row_2025.cells[6].text and "120" in row_2025.cells[6].text
    assert any(f.startswith("증빙:") for f in card.footnotes)
    assert any(c.key.startswith("trend_") for c in report.charts)


def test_result_sheet_scores_by_perspective(build):
    report = build("result", 2026, "bsc")
    table = report.tables[0]
    assert [r.cells[1].text for r in table.rows[:3]] == ["시민고객", "정책성과", "내부역량"]
    # 2026 has no approved actuals yet: nothing is scored, all indicators not rated
    assert all(r.cells[4].value is None for r in table.rows[:3])
    assert sum(r.cells[8].value for r in table.rows[:3]) == 6


def test_result_sheet_scores_come_from_the_engine(build, plans):
    """Indicator score = min(rate, 100) (engine.scoring default rule); perspective and owner
    scores = Σ weight × score ÷ Σ weight over the scored indicators (R9, R10)."""
    from seonggwa.plans.models import Indicator
    from seonggwa.results.models import IndicatorValue

    actuals = {  # 2026 targets: 75, 88, 40, 40, 8.5
        "시정 만족도": "78.75",  # 105 % -> 100
        "성과지표 목표 달성률": "79.2",  # 90 % -> 90
        "재정사업 평가 우수 비율": "30",  # 75 % -> 75
        "1인당 교육시간": "44",  # 110 % -> 100
        "공무원 청렴도": "8.5",  # 100 % -> 100
    }
    for ind in Indicator.objects.filter(
        plan=plans[(2026, "bsc")], owner__kind="unit", name__in=actuals
    ):
        IndicatorValue.objects.create(
            indicator=ind,
            kind="actual",
            year=2026,
            raw_text=actuals[ind.name],
            value=Decimal(actuals[ind.name]),
            status="approved",
        )
    table = build("result", 2026, "bsc").tables[0]
    rows = {r.cells[1].text: r for r in table.rows[:4]}  # 기획조정실 and its 종합 row
    values = {k: [c.value for c in r.cells[3:]] for k, r in rows.items()}
    # 지표수, 점수, 양호, 주의, 위험, 미평가
    assert values["시민고객"] == [1, Decimal("100.00"), 1, 0, 0, 0]
    # (30 × 90 + 20 × 75) ÷ 50; the milestone without an actual is left out, counted "-"
    assert values["정책성과"] == [3, Decimal("84.00"), 0, 1, 1, 1]
    assert values["내부역량"] == [2, Decimal("100.00"), 2, 0, 0, 0]
    # (20 × 100 + 30 × 90 + 20 × 75 + 10 × 100 + 10 × 100) ÷ 90 = 91.11
    assert rows["기획조정실 종합"].cells[4].value == Decimal("91.11")
    assert "Σ(가중치 × 점수) ÷ Σ가중치" in rows["정책성과"].cells[4].explanation
    assert not any("임시" in f for f in table.footnotes)
    assert "min(max(달성률, 0), 100)" in table.footnotes[0]


def test_plans_name_engine_schemes_and_an_unknown_name_is_a_report_error(build, plans):
    plan = plans[(2025, "plan")]
    plan.grading_scheme = ""  # empty: the performance report's marks
    plan.save()
    assert build("indicator-cards", 2025, "plan").legend.startswith("※ ◎ : 초과달성")
    plan.grading_scheme = "sustainability_plan"
    plan.save()
    report = build("indicator-cards", 2025, "plan")
    assert "일부달성" in report.legend
    plan.grading_scheme = "report-marks"  # the old alias is gone
    plan.save()
    with pytest.raises(ReportError, match="report-marks"):
        build("indicator-cards", 2025, "plan")


def test_findings_appendix_lists_stored_findings(build, plans):
    from seonggwa.sources.models import StoredFinding

    StoredFinding.objects.create(
        plan=plans[(2026, "plan")],
        severity="warning",
        code="R4.count",
        message="지표수가 다릅니다.",
        unit_label="복지정책국",
        line=12,
    )
    appendix = build("plan", 2026, "plan").tables[-1]
    assert appendix.key == "findings"
    assert [c.text for c in appendix.rows[0].cells] == [
        "경고",
        "R4.count",
        "복지정책국",
        "12",
        "지표수가 다릅니다.",
    ]


def test_a_kind_without_its_plan_is_an_error(sample):
    from seonggwa.reports.build import plan_for_report

    with pytest.raises(ReportError, match="bsc"):
        plan_for_report(sample, 2025, "bsc")
    with pytest.raises(ReportError):
        report_build(plan_for_report(sample, 2026, "plan"), "nonsense")


def test_a_report_for_the_public_shows_no_findings_and_no_grades(sample):
    from seonggwa.plans.models import Plan
    from seonggwa.reports.build import ReportError, report_build
    from seonggwa.reports.kinds import report_kinds_for

    plan = Plan.objects.get(organisation=sample, year=2026, kind="plan")
    public = report_build(plan, "plan", public=True)
    assert [t.key for t in public.tables] == ["plan_summary", "plan_detail"]
    assert [t.key for t in report_build(plan, "plan").tables][-1] == "findings"
    assert any(
        c.explanation for t in report_build(plan, "plan").tables for r in t.rows for c in r.cells
    )
    assert not any(c.explanation for t in public.tables for r in t.rows for c in r.cells)
    closed = Plan.objects.get(organisation=sample, year=2025, kind="plan")
    assert closed.status == Plan.Status.CLOSED
    for p in (plan, closed):  # grades only from published evaluation runs, even when closed
        with pytest.raises(ReportError, match="공개된 평가 결과"):
            report_build(p, "report", public=True)
    assert [k.key for k in report_kinds_for("plan", public=True)] == ["plan"]


def test_the_public_form_of_a_report_drops_its_internal_columns(sample):
    """What a published evaluation run will show the public: no status or explanation
    column (the cards mark them internal)."""
    from seonggwa.plans.models import Plan
    from seonggwa.reports.build import _without_explanations, report_build

    closed = Plan.objects.get(organisation=sample, year=2025, kind="plan")
    report = report_build(closed, "indicator-cards")
    _without_explanations(report)
    cards = report.tables[0]
    assert [c.key for c in cards.columns] == ["year", "target", "actual", "rate", "mark"]
    assert [h.text for h in cards.header_rows[-1]][-2:] == ["달성률(%)", "등급"]
    assert all(len(r.cells) == 5 for r in cards.rows)
    assert not any(c.explanation for t in report.tables for r in t.rows for c in r.cells)
