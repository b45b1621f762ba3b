"""R8 overrides: the office applies a grade with a reason the run's scheme allows for that
grade; it is kept as data and applied by every later run of the period, and the run keeps
the computed grade beside the applied one."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from seonggwa.audit.models import AuditEvent
from seonggwa.core.errors import ConflictError, PermissionDenied, ServiceError
from seonggwa.engine.grading import PERFORMANCE_REPORT, SUSTAINABILITY_PLAN, TRAFFIC_LIGHT
from seonggwa.evaluation.models import EvaluationRun, GradeOverride, IndicatorResult, OwnerResult
from seonggwa.evaluation.selectors import run_json
from seonggwa.evaluation.services import (
    grade_override_apply,
    grade_override_remove,
    override_refusal,
    run_finalise,
    run_start,
)
from seonggwa.plans.models import Plan

pytestmark = pytest.mark.django_db

SATISFACTION = "복지서비스 이용 만족도"  # computed × (98.875 %)
WELFARE_CASES = "위기가구 발굴 건수 (누계)"  # computed ○ (113.78 %)


@pytest.fixture
def users(django_user_model: Any) -> dict[str, Any]:
    return {u.username: u for u in django_user_model.objects.all()}


@pytest.fixture
def run(sample: Any, users: dict[str, Any]) -> EvaluationRun:
    plan = Plan.objects.get(organisation=sample, year=2025, kind="plan")
    return run_start(user=users["officer"], plan=plan)


def _result(run: EvaluationRun, name: str) -> IndicatorResult:
    return IndicatorResult.objects.get(run=run, indicator_name=name)


def _apply(run: EvaluationRun, user: Any, name: str, band: str, reason: str, **kw: Any) -> Any:
    run.refresh_from_db()
    return grade_override_apply(
        user=user,
        result=_result(run, name),
        band=band,
        reason=reason,
        expected_version=kw.pop("version", run.version),
        **kw,
    )


# which reasons may carry a grade to which band, per scheme (R8, domain.md; 003:260-266)
@pytest.mark.parametrize(
    ("scheme", "band", "reason", "allowed"),
    [
        (PERFORMANCE_REPORT, "achieved", "조기달성", True),
        (PERFORMANCE_REPORT, "achieved", "사업 변경 후 완료", True),
        (PERFORMANCE_REPORT, "achieved", "지표 통합 후 달성", True),
        (PERFORMANCE_REPORT, "achieved", "지연·중단(불가피한 사유)", False),
        (PERFORMANCE_REPORT, "not_achieved", "실적 산출 불가", True),
        (PERFORMANCE_REPORT, "not_achieved", "예산 미확보로 종료", True),
        (PERFORMANCE_REPORT, "not_achieved", "과다 비용으로 중단", True),
        (PERFORMANCE_REPORT, "not_achieved", "조기달성", False),
        (PERFORMANCE_REPORT, "exceeded", "조기달성", False),  # no reason leads to ◎
        (PERFORMANCE_REPORT, "not_rated", "조기달성", False),
        (PERFORMANCE_REPORT, "achieved", "그냥", False),  # not an R8 reason at all
        (SUSTAINABILITY_PLAN, "achieved", "조기달성", True),
        (SUSTAINABILITY_PLAN, "partly_achieved", "지연·중단(불가피한 사유)", True),
        (SUSTAINABILITY_PLAN, "partly_achieved", "조기달성", False),
        (SUSTAINABILITY_PLAN, "not_achieved", "과다 비용으로 중단", True),
        (TRAFFIC_LIGHT, "green", "조기달성", False),  # R8 says nothing of traffic lights
        (PERFORMANCE_REPORT, "partly_achieved", "지연·중단(불가피한 사유)", False),  # no such band
    ],
)
def test_the_reasons_allowed_per_grade(scheme, band, reason, allowed):
    assert (override_refusal(scheme, band, reason) is None) is allowed


def test_a_refusal_names_the_allowed_reasons():
    message = override_refusal(PERFORMANCE_REPORT, "not_achieved", "조기달성")
    assert message is not None
    assert all(r in message for r in ("실적 산출 불가", "예산 미확보로 종료", "과다 비용으로 중단"))
    assert "초과달성" in (override_refusal(PERFORMANCE_REPORT, "exceeded", "조기달성") or "")


def test_an_override_applies_to_the_run_beside_the_computed_grade(run, users):
    stored = _apply(run, users["officer"], SATISFACTION, "achieved", "조기달성", note="2024년 달성")
    assert (stored.band, stored.reason, stored.note) == ("achieved", "조기달성", "2024년 달성")
    assert stored.decided_by == users["officer"] and stored.period_key == "2025"
    result = _result(run, SATISFACTION)
    assert (result.grade_code, result.grade_mark) == ("achieved", "○")
    assert (result.computed_grade_code, result.computed_grade_mark) == ("not_achieved", "×")
    assert result.grade_reason == "조기달성: 2024년 달성"
    assert result.score == Decimal("98.88")
    owner = OwnerResult.objects.get(run=run, owner_id=result.owner_id)
    assert owner.grade_counts == {"exceeded": 0, "achieved": 3, "not_achieved": 0}
    # audited: the stored override (model signals) and the run's result (its own event)
    assert AuditEvent.objects.filter(model="evaluation.GradeOverride", action="create").exists()
    event = AuditEvent.objects.get(model="evaluation.IndicatorResult", object_pk=str(result.pk))
    assert event.changes["computed_grade_mark"] == ["", "×"]
    assert event.actor == users["officer"]
    run.refresh_from_db()
    assert run.version == 2  # the run's results changed


def test_the_next_run_applies_the_stored_override(run, users):
    _apply(run, users["officer"], SATISFACTION, "achieved", "조기달성")
    again = run_start(user=users["officer"], plan=run.plan)
    result = _result(again, SATISFACTION)
    assert (result.grade_mark, result.computed_grade_mark) == ("○", "×")
    assert result.grade_reason == "조기달성"
    assert "조정 → ○ (사유: 조기달성)" in result.explanation
    owner = OwnerResult.objects.get(run=again, owner_id=result.owner_id)
    assert owner.grade_counts["not_achieved"] == 0
    row = next(r for r in run_json(run=again)["results"] if r["indicator"] == SATISFACTION)
    assert (row["grade"], row["grade_computed"], row["grade_reason"]) == ("○", "×", "조기달성")
    other = next(r for r in run_json(run=again)["results"] if r["indicator"] == WELFARE_CASES)
    assert other["grade_computed"] is None and other["grade_reason"] is None


def test_overriding_again_keeps_the_first_computed_grade(run, users):
    _apply(run, users["officer"], SATISFACTION, "achieved", "조기달성")
    _apply(run, users["officer"], SATISFACTION, "not_achieved", "실적 산출 불가")
    result = _result(run, SATISFACTION)
    # back to the computed grade: nothing differs, the reason stays
    assert (result.grade_mark, result.computed_grade_mark) == ("×", "")
    assert result.grade_reason == "실적 산출 불가"
    assert result.explanation.count("조정 →") == 1
    assert GradeOverride.objects.count() == 1


def test_a_refused_override_changes_nothing(run, users):
    with pytest.raises(ServiceError, match="가능한 사유: 조기달성"):
        _apply(run, users["officer"], SATISFACTION, "achieved", "지연·중단(불가피한 사유)")
    assert _result(run, SATISFACTION).grade_mark == "×"
    assert not GradeOverride.objects.exists()


def test_only_the_office_overrides_a_provisional_run_it_read(run, users):
    for who in ("welfare_head", "welfare_staff", "committee"):
        with pytest.raises(PermissionDenied):
            _apply(run, users[who], SATISFACTION, "achieved", "조기달성")
    with pytest.raises(ConflictError):
        _apply(run, users["officer"], SATISFACTION, "achieved", "조기달성", version=99)
    run_finalise(user=users["officer"], run=run, expected_version=run.version)
    with pytest.raises(ServiceError, match="확정되어"):
        _apply(run, users["officer"], SATISFACTION, "achieved", "조기달성")


def test_withdrawing_an_override_restores_the_computed_grade_now_and_later(run, users):
    _apply(run, users["officer"], SATISFACTION, "achieved", "조기달성")
    run.refresh_from_db()
    grade_override_remove(
        user=users["officer"], result=_result(run, SATISFACTION), expected_version=run.version
    )
    result = _result(run, SATISFACTION)
    assert (result.grade_mark, result.computed_grade_mark, result.grade_reason) == ("×", "", "")
    assert "조정" not in result.explanation
    assert OwnerResult.objects.get(run=run, owner_id=result.owner_id).grade_counts == {
        "exceeded": 0,
        "achieved": 2,
        "not_achieved": 1,
    }
    assert not GradeOverride.objects.exists()
    assert AuditEvent.objects.filter(model="evaluation.GradeOverride", action="delete").exists()
    again = run_start(user=users["officer"], plan=run.plan)
    assert _result(again, SATISFACTION).grade_mark == "×"
    run.refresh_from_db()
    with pytest.raises(ServiceError, match="조정한 등급이 없습니다"):
        grade_override_remove(
            user=users["officer"], result=_result(run, SATISFACTION), expected_version=run.version
        )
