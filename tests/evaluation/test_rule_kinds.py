"""The evaluation service with each kind of rule (issue 9, "rules as data"): qualitative
grade scores, milestone stages, caps, relative and baseline targets, tolerance bands and
grade bands, score steps, the evaluated part and the not-rated bucket; the grading scheme's
version chosen by the plan year's date; a rules change audited and used by the next run.

Every expected figure is worked out by hand from the sample's 2025 values
(src/seonggwa/sample/data.py), not from seonggwa's own output."""

from __future__ import annotations

import datetime
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest

from seonggwa.audit.models import AuditEvent
from seonggwa.core.errors import ConflictError, PermissionDenied, ServiceError
from seonggwa.engine.grading import PERFORMANCE_REPORT, REGISTRY, GradeBand
from seonggwa.evaluation.compute import scheme_of_plan
from seonggwa.evaluation.models import IndicatorResult, OwnerResult
from seonggwa.evaluation.selectors import run_changes
from seonggwa.evaluation.services import run_start
from seonggwa.plans.models import Indicator, Plan
from seonggwa.plans.services import indicator_rules_update, plan_create, plan_rules_update
from seonggwa.results.models import IndicatorValue

pytestmark = pytest.mark.django_db


def _plan(sample: Any, year: int = 2025) -> Plan:
    return Plan.objects.get(organisation=sample, year=year, kind="plan")


def _user(django_user_model: Any, name: str = "officer") -> Any:
    return django_user_model.objects.get(username=name)


def _indicator(plan: Plan, name: str) -> Indicator:
    return Indicator.objects.get(plan=plan, name=name)


def _rules(user: Any, indicator: Indicator, **rules: Any) -> Indicator:
    return indicator_rules_update(
        user=user, indicator=indicator, expected_version=indicator.rules_version, **rules
    )


def _result(run: Any, name: str) -> IndicatorResult:
    return IndicatorResult.objects.get(run=run, indicator_name=name)


def _set(plan: Plan, name: str, kind: str, raw: str, value: Decimal | None) -> None:
    IndicatorValue.objects.filter(
        indicator__plan=plan, indicator__name=name, kind=kind, year=plan.year, quarter=0, month=0
    ).update(raw_text=raw, value=value)


def test_qualitative_grade_scores_grade_a_judgement(sample, django_user_model):
    officer = _user(django_user_model)
    plan = _plan(sample)
    name = "재난안전 훈련 평가 등급"  # target 우수이상, actual 우수
    before = _result(run_start(user=officer, plan=plan), name)
    assert (before.status, before.grade_mark, before.score) == ("unresolved", "-", None)
    ind = _rules(
        officer,
        _indicator(plan, name),
        grade_scores=[("탁월", "120"), ("우수", "100"), ("보통", "80")],
    )
    r = _result(run_start(user=officer, plan=plan), name)
    # 우수 100 ÷ target 우수 100 × 100 = 100 → ○ 달성, score 100
    assert (r.status, r.achievement, r.grade_mark, r.score) == (
        "ok",
        Decimal("100"),
        "○",
        Decimal("100.00"),
    )
    assert r.rules_version == ind.rules_version == 2
    assert r.rule.startswith("indicator_rules v2 (qualitative")
    assert "등급 점수" in r.explanation and "indicator_rules v2" in r.explanation


def test_milestone_stages_turn_a_stage_into_its_percent(sample, django_user_model):
    officer = _user(django_user_model)
    plan = _plan(sample)
    name = "교통안전시설 정비 공정"  # target 공사착공, actual 설계완료
    _rules(
        officer,
        _indicator(plan, name),
        milestone_stages=[("설계완료", "40"), ("공사착공", "60"), ("준공", "100")],
    )
    r = _result(run_start(user=officer, plan=plan), name)
    # 40 ÷ 60 × 100 = 66.666… → × 미달성, score 66.67 (half-up)
    assert r.status == "ok" and r.grade_mark == "×"
    assert r.achievement == Decimal("66.6666666667")
    assert r.score == Decimal("66.67")
    assert "단계 점수 ÷ 목표 단계 점수 × 100" in r.explanation


def test_a_cap_keeps_the_raw_rate_beside_the_capped_one(sample, django_user_model):
    officer = _user(django_user_model)
    plan = _plan(sample)
    name = "시민 제안 채택 건수"  # 163 ÷ 120 × 100 = 135.83… → ◎ uncapped
    _rules(officer, _indicator(plan, name), cap="120")
    r = _result(run_start(user=officer, plan=plan), name)
    assert r.achievement_raw == Decimal("135.8333333333")
    assert r.achievement == Decimal("120")
    assert r.grade_mark == "○"  # 120 < 130
    assert "min(실적 ÷ 목표 × 100, 120)" in r.explanation
    assert "상한 120%" in r.rule


def test_the_plans_default_cap_applies_where_the_indicator_names_none(sample, django_user_model):
    officer = _user(django_user_model)
    plan = _plan(sample)
    plan_rules_update(
        user=officer,
        plan=plan,
        expected_version=plan.version,
        grading_scheme=plan.grading_scheme,
        default_cap="100",
    )
    run = run_start(user=officer, plan=plan)
    r = _result(run, "재정사업 자율평가 우수 등급 사업 수")  # 16 ÷ 12 = 133.33…
    assert (r.achievement_raw, r.achievement, r.grade_mark) == (
        Decimal("133.3333333333"),
        Decimal("100"),
        "○",
    )
    assert "계획의 기본 상한" in r.explanation
    # below the cap nothing changes: 79.1 ÷ 80 = 98.875
    assert _result(run, "복지서비스 이용 만족도").achievement == Decimal("98.875")


def test_a_relative_target_resolves_from_last_years_approved_actual(sample, django_user_model):
    officer = _user(django_user_model)
    plan = _plan(sample)
    name = "시내버스 정시 운행률"  # 2024 actual 90.5 (approved), 2025 actual 91.2
    _set(plan, name, "target", "전년대비 1% 증가", None)
    r = _result(run_start(user=officer, plan=plan), name)
    # target = 90.5 × 1.01 = 91.405; 91.2 ÷ 91.405 × 100 = 99.775… → ×
    assert r.prior_actual == Decimal("90.5")
    assert r.achievement.quantize(Decimal("0.001")) == Decimal("99.776")
    assert r.grade_mark == "×" and r.status == "ok"


def test_a_baseline_offset_adds_to_the_first_actual(sample, django_user_model):
    officer = _user(django_user_model)
    plan = _plan(sample)
    name = "시내버스 정시 운행률"
    _set(plan, name, "target", "기준점 +0.5", None)
    r = _result(run_start(user=officer, plan=plan), name)
    # baseline 90.5 (2024) + 0.5 = 91.0; 91.2 ÷ 91 × 100 = 100.219… → ○
    assert r.baseline == Decimal("90.5")
    assert r.achievement.quantize(Decimal("0.01")) == Decimal("100.22")
    assert r.grade_mark == "○"


@pytest.mark.parametrize(
    ("actual", "rate", "mark"),
    [
        ("5", Decimal("100"), "○"),  # |5 − 0| = 5 ≤ 7
        ("7", Decimal("100"), "○"),  # on the edge of the band
        ("10", Decimal("70"), "×"),  # 7 ÷ |10 − 0| × 100 = 70
    ],
)
def test_a_tolerance_band_is_met_within_its_width(sample, django_user_model, actual, rate, mark):
    officer = _user(django_user_model)
    plan = _plan(sample)
    name = "하천 수위 관리 편차"  # ±7
    _set(plan, name, "actual", actual, Decimal(actual))
    r = _result(run_start(user=officer, plan=plan), name)
    assert (r.achievement, r.grade_mark) == (rate, mark)


def test_grade_bands_follow_the_plans_scheme(sample, django_user_model):
    """The same rates graded with the traffic-light scheme: ≥ 100 green, ≥ 80 amber."""
    officer = _user(django_user_model)
    plan = _plan(sample)
    plan_rules_update(
        user=officer, plan=plan, expected_version=plan.version, grading_scheme="traffic_light"
    )
    run = run_start(user=officer, plan=plan)
    assert (run.scheme_name, run.scheme_version) == ("traffic_light", 1)
    assert _result(run, "복지서비스 이용 만족도").grade_code == "amber"  # 98.875
    assert _result(run, "예산 집행률").grade_code == "green"  # 101.79
    assert _result(run, "복지서비스 이용 만족도").scheme_version == 1


def test_score_steps_replace_the_linear_score(sample, django_user_model):
    officer = _user(django_user_model)
    plan = _plan(sample)
    plan_rules_update(
        user=officer,
        plan=plan,
        expected_version=plan.version,
        grading_scheme=plan.grading_scheme,
        score_steps=[("100", "90"), ("130", "100"), ("0", "50")],  # sorted highest first
    )
    plan.refresh_from_db()
    assert plan.score_steps == [["130", "100"], ["100", "90"], ["0", "50"]]
    run = run_start(user=officer, plan=plan)
    assert _result(run, "복지서비스 이용 만족도").score == Decimal("50.00")  # 98.875
    assert _result(run, "예산 집행률").score == Decimal("90.00")  # 101.79
    assert _result(run, "시민 제안 채택 건수").score == Decimal("100.00")  # 135.83
    assert "130% 이상 100점" in _result(run, "예산 집행률").explanation


def test_the_evaluated_part_of_a_composite_value(sample, django_user_model):
    officer = _user(django_user_model)
    plan = _plan(sample)
    name = "위기가구 발굴 건수 (누계)"  # 연간 450, 누계 1,650 → 512(1,712)
    first = _result(run_start(user=officer, plan=plan), name)
    assert first.achievement.quantize(Decimal("0.01")) == Decimal("113.78")  # 512 ÷ 450
    _rules(officer, _indicator(plan, name), evaluated_part="누계")
    r = _result(run_start(user=officer, plan=plan), name)
    # 1,712 ÷ 1,650 × 100 = 103.757…
    assert r.achievement.quantize(Decimal("0.01")) == Decimal("103.76")
    assert "평가 부분: 누계" in r.explanation


def test_not_rated_keeps_apart_or_counts_in_its_bucket(sample, django_user_model):
    officer = _user(django_user_model)
    plan = _plan(sample)
    ind = _rules(officer, _indicator(plan, "복지서비스 이용 만족도"), not_rated=True)
    run = run_start(user=officer, plan=plan)
    r = _result(run, "복지서비스 이용 만족도")
    assert (r.status, r.grade_mark, r.score) == ("not_evaluated", "-", None)
    welfare = OwnerResult.objects.get(run=run, owner_name__startswith="복지정책국")
    assert welfare.grade_counts == {"exceeded": 0, "achieved": 2, "not_achieved": 0}
    assert welfare.not_rated == 1
    _rules(officer, ind, not_rated=True, not_rated_bucket="not_achieved")
    run = run_start(user=officer, plan=plan)
    welfare = OwnerResult.objects.get(run=run, owner_name__startswith="복지정책국")
    assert welfare.grade_counts == {"exceeded": 0, "achieved": 2, "not_achieved": 1}
    assert welfare.not_rated == 0
    assert "미달성(으)로 셈" in _result(run, "복지서비스 이용 만족도").explanation


def test_indicators_without_rules_are_evaluated_as_before(sample, django_user_model):
    run = run_start(user=_user(django_user_model), plan=_plan(sample))
    r = _result(run, "복지서비스 이용 만족도")
    assert r.rule == "default v1 (higher)"
    assert r.rules_version == 1 and r.scheme_version == 1
    assert r.explanation.startswith("실적 ÷ 목표 × 100 [")


# --- the grading scheme's version, chosen by the plan year's date -------------------------------

_V2 = replace(
    PERFORMANCE_REPORT,
    version=2,
    effective_from=datetime.date(2026, 1, 1),
    bands=(
        GradeBand("exceeded", "◎", "초과달성", Decimal(120)),
        GradeBand("achieved", "○", "달성", Decimal(100)),
        GradeBand("not_achieved", "×", "미달성", None),
    ),
)


@pytest.fixture
def scheme_v2(monkeypatch):  # type: ignore[no-untyped-def]
    """performance_report v1 (from 2000) and a v2 in force from 2026-01-01 (◎ from 120 %)."""
    monkeypatch.setitem(REGISTRY._schemes, "performance_report", [PERFORMANCE_REPORT, _V2])
    return _V2


def test_a_plan_uses_the_scheme_version_effective_for_its_year(
    sample, django_user_model, scheme_v2
):
    officer = _user(django_user_model)
    plan = _plan(sample)  # 2025: v1, although v2 is the newest
    Plan.objects.filter(pk=plan.pk).update(grading_scheme_version=None)  # as imported
    plan.refresh_from_db()
    assert scheme_of_plan(plan).version == 1
    run = run_start(user=officer, plan=plan)
    assert run.scheme_version == 1
    plan.refresh_from_db()
    assert plan.grading_scheme_version == 1  # recorded at its first evaluation
    # 163 ÷ 120 = 135.83 is ◎ under both; 16 ÷ 12 = 133.33 too; the v2 bound shows on 2026
    new = plan_create(user=officer, organisation=sample, year=2027, kind="plan", grading_scheme="")
    assert new.grading_scheme_version == 2  # recorded when created
    assert scheme_of_plan(new).bands[0].lower == Decimal(120)
    # a plan that records v1 keeps it whatever the date
    new.grading_scheme_version = 1
    assert scheme_of_plan(new).version == 1


def test_a_recorded_version_can_be_changed_by_the_officer(sample, django_user_model, scheme_v2):
    officer = _user(django_user_model)
    plan = _plan(sample)
    plan = plan_rules_update(
        user=officer,
        plan=plan,
        expected_version=plan.version,
        grading_scheme="performance_report",
        grading_scheme_version=2,
    )
    run = run_start(user=officer, plan=plan)
    assert run.scheme_version == 2
    # 116 % would be ○ under v1 and v2; 16 ÷ 12 = 133.33 is ◎ under both; 122 % tells them
    # apart: make 시내버스 정시 운행률 112.2 ÷ 92 = 121.95…
    _set(plan, "시내버스 정시 운행률", "actual", "112.2", Decimal("112.2"))
    run = run_start(user=officer, plan=plan)
    assert _result(run, "시내버스 정시 운행률").grade_mark == "◎"
    with pytest.raises(ServiceError, match="버전 9"):
        plan_rules_update(
            user=officer,
            plan=Plan.objects.get(pk=plan.pk),
            expected_version=Plan.objects.get(pk=plan.pk).version,
            grading_scheme="performance_report",
            grading_scheme_version=9,
        )


# --- a rules change: checked, audited, used by the next run -------------------------------------


def test_a_rules_change_is_audited_and_used_by_the_next_run(sample, django_user_model):
    officer = _user(django_user_model)
    plan = _plan(sample)
    name = "재난안전 훈련 평가 등급"
    first = run_start(user=officer, plan=plan)
    ind = _rules(officer, _indicator(plan, name), grade_scores=[("우수", "100"), ("보통", "70")])
    event = AuditEvent.objects.filter(
        model="plans.Indicator", object_pk=str(ind.pk), action="update"
    ).latest("at")
    assert event.actor == officer
    assert event.changes["grade_scores"] == [[], [["우수", "100"], ["보통", "70"]]]
    assert event.changes["rules_version"] == [1, 2]
    second = run_start(user=officer, plan=plan)
    changed = {c.indicator: c for c in run_changes(run=second, previous=first)}
    assert name in changed
    assert _result(first, name).rules_version == 1
    assert _result(second, name).rules_version == 2
    # the stored first run keeps what it computed
    assert _result(first, name).grade_mark == "-"


def test_a_stale_rules_save_is_refused(sample, django_user_model):
    officer = _user(django_user_model)
    ind = _indicator(_plan(sample), "재난안전 훈련 평가 등급")
    _rules(officer, ind, cap="130")
    with pytest.raises(ConflictError, match="먼저 바꿨습니다"):
        indicator_rules_update(user=officer, indicator=ind, expected_version=1, cap="120")


def test_an_unchanged_save_makes_no_new_rules_version(sample, django_user_model):
    officer = _user(django_user_model)
    ind = _rules(officer, _indicator(_plan(sample), "예산 집행률"), cap="130")
    again = _rules(officer, ind, cap="130.00")
    assert again.rules_version == ind.rules_version == 2


@pytest.mark.parametrize("username", ["welfare_head", "welfare_staff", "committee"])
def test_only_the_evaluation_office_edits_rules(sample, django_user_model, username):
    plan = _plan(sample)
    ind = _indicator(plan, "예산 집행률")
    with pytest.raises(PermissionDenied):
        _rules(_user(django_user_model, username), ind, cap="100")
    with pytest.raises(PermissionDenied):
        plan_rules_update(
            user=_user(django_user_model, username),
            plan=plan,
            expected_version=plan.version,
            grading_scheme="",
        )


@pytest.mark.parametrize(
    ("rules", "field"),
    [
        ({"grade_scores": [("우수", "100"), ("우수", "90")]}, "grade_scores"),
        ({"milestone_stages": [("", "10")]}, "milestone_stages"),
        ({"milestone_stages": [("착공", "많이")]}, "milestone_stages"),
        ({"cap": "0"}, "cap"),
        ({"cap": "-5"}, "cap"),
        ({"not_rated_bucket": "green"}, "not_rated_bucket"),
    ],
)
def test_invalid_rules_are_refused_with_the_field(sample, django_user_model, rules, field):
    officer = _user(django_user_model)
    with pytest.raises(ServiceError) as caught:
        _rules(officer, _indicator(_plan(sample), "예산 집행률"), **rules)
    assert caught.value.field == field


def test_score_steps_above_100_points_are_refused(sample, django_user_model):
    officer = _user(django_user_model)
    plan = _plan(sample)
    with pytest.raises(ServiceError) as caught:
        plan_rules_update(
            user=officer,
            plan=plan,
            expected_version=plan.version,
            grading_scheme="",
            score_steps=[("100", "120")],
        )
    assert caught.value.field == "score_steps"
