"""Objections (이의신청): the office shares a provisional run, a unit objects to one of its
results with a reason and evidence, the office accepts (correcting the actual or the grade)
or rejects with a reason, the unit is told, and the run is final only when none is open."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from seonggwa.audit.models import AuditEvent
from seonggwa.core.errors import ConflictError, PermissionDenied, ServiceError
from seonggwa.evaluation.models import (
    EvaluationRun,
    GradeOverride,
    IndicatorResult,
    Objection,
    OwnerResult,
)
from seonggwa.evaluation.services import (
    Upload,
    objection_accept,
    objection_raise,
    objection_reject,
    run_finalise,
    run_share,
    run_start,
)
from seonggwa.notifications.models import Notification
from seonggwa.plans.models import Plan
from seonggwa.results.models import IndicatorValue

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\n"
SATISFACTION = "복지서비스 이용 만족도"  # 복지정책국, 79.1 ÷ 80 → 98.875 % → ×
DUST = "초미세먼지 연평균 농도"  # another unit's indicator


@pytest.fixture
def users(django_user_model: Any) -> dict[str, Any]:
    return {u.username: u for u in django_user_model.objects.all()}


@pytest.fixture
def shared(sample: Any, users: dict[str, Any]) -> EvaluationRun:
    """A run of the closed 2025 plan, shared with the units until a week from today."""
    plan = Plan.objects.get(organisation=sample, year=2025, kind="plan")
    run = run_start(user=users["officer"], plan=plan)
    return run_share(
        user=users["officer"],
        run=run,
        objections_until=timezone.localdate() + datetime.timedelta(days=7),
        expected_version=run.version,
    )


def _result(run: EvaluationRun, name: str) -> IndicatorResult:
    return IndicatorResult.objects.select_related("owner__unit").get(run=run, indicator_name=name)


def _raise(run: EvaluationRun, user: Any, name: str = SATISFACTION, **kw: Any) -> Objection:
    return objection_raise(
        user=user, result=_result(run, name), reason=kw.pop("reason", "조사 표본 오류"), **kw
    )


# --- sharing ---------------------------------------------------------------------------------


def test_sharing_sets_the_window_and_tells_the_units(shared, users):
    assert shared.shared_by == users["officer"] and shared.shared_at is not None
    assert shared.objections_until == timezone.localdate() + datetime.timedelta(days=7)
    told = Notification.objects.filter(kind="run_shared")
    assert {"welfare_staff", "welfare_head"} <= {n.user.username for n in told}
    assert not told.filter(user__username__in=["committee", "officer"]).exists()
    note = told.get(user=users["welfare_staff"])
    assert note.link == f"/plans/{shared.plan_id}/runs/{shared.pk}/results/"
    assert note.params["until"] == shared.objections_until.isoformat()


def test_sharing_is_the_offices_and_needs_a_deadline_not_in_the_past(sample, users):
    plan = Plan.objects.get(organisation=sample, year=2025, kind="plan")
    run = run_start(user=users["officer"], plan=plan)
    with pytest.raises(PermissionDenied):
        run_share(
            user=users["welfare_head"],
            run=run,
            objections_until=timezone.localdate(),
            expected_version=run.version,
        )
    with pytest.raises(ServiceError, match="보다 이릅니다"):
        run_share(
            user=users["officer"],
            run=run,
            objections_until=timezone.localdate() - datetime.timedelta(days=1),
            expected_version=run.version,
        )
    final = run_finalise(user=users["officer"], run=run, expected_version=run.version)
    with pytest.raises(ServiceError, match="확정되어"):
        run_share(
            user=users["officer"],
            run=final,
            objections_until=timezone.localdate(),
            expected_version=final.version,
        )


# --- raising ---------------------------------------------------------------------------------


def test_a_unit_objects_to_its_result_with_evidence(shared, users):
    objection = _raise(shared, users["welfare_staff"], files=[Upload("조사표.pdf", PDF)])
    assert objection.status == "open" and objection.unit.name == "복지정책국"
    assert objection.raised_by == users["welfare_staff"] and objection.reason == "조사 표본 오류"
    [evidence] = objection.evidence.all()
    assert evidence.original_name == "조사표.pdf" and evidence.content_type == "application/pdf"
    assert evidence.file.read() == PDF
    assert AuditEvent.objects.filter(
        model="evaluation.Objection", object_pk=str(objection.pk), actor=users["welfare_staff"]
    ).exists()
    assert Notification.objects.filter(
        kind="objection_raised", user=users["officer"], params__indicator=SATISFACTION
    ).exists()


def test_the_unit_manager_may_object_too(shared, users):
    assert _raise(shared, users["welfare_head"]).status == "open"


@pytest.mark.parametrize("who", ["committee", "officer"])
def test_only_the_units_people_object(shared, users, who):
    with pytest.raises(PermissionDenied, match="복지정책국"):
        _raise(shared, users[who])


def test_another_units_result_is_refused_naming_the_unit(shared, users):
    unit = _result(shared, DUST).owner.unit.name
    with pytest.raises(PermissionDenied, match="자기 부서 지표") as exc:
        _raise(shared, users["welfare_staff"], DUST)
    assert unit in str(exc.value)
    assert not Objection.objects.exists()


def test_objecting_after_the_window_is_refused_with_the_dates(shared, users):
    late = shared.objections_until + datetime.timedelta(days=1)
    with pytest.raises(ServiceError, match="이의신청 기간이") as exc:
        _raise(shared, users["welfare_staff"], today=late)
    assert shared.objections_until.isoformat() in str(exc.value)
    # the last day itself is inside the window
    assert _raise(shared, users["welfare_staff"], today=shared.objections_until).pk


def test_an_unshared_run_takes_no_objection(sample, users):
    plan = Plan.objects.get(organisation=sample, year=2025, kind="plan")
    run = run_start(user=users["officer"], plan=plan)
    with pytest.raises(ServiceError, match="공유되지 않아"):
        _raise(run, users["welfare_staff"])


def test_one_open_objection_per_result_and_a_reason_is_needed(shared, users):
    with pytest.raises(ServiceError, match="사유를 입력"):
        _raise(shared, users["welfare_staff"], reason="  ")
    _raise(shared, users["welfare_staff"])
    with pytest.raises(ServiceError, match="이미 처리를 기다리고"):
        _raise(shared, users["welfare_head"])


def test_evidence_obeys_the_evidence_limits(shared, users, settings):
    with pytest.raises(ServiceError, match="허용되지 않는 파일 형식"):
        _raise(shared, users["welfare_staff"], files=[Upload("run.exe", b"MZ\x90")])
    with pytest.raises(ServiceError, match="형식이 아닙니다"):
        _raise(shared, users["welfare_staff"], files=[Upload("fake.pdf", b"not a pdf")])
    settings.SEONGGWA_MAX_UPLOAD_BYTES = 4
    with pytest.raises(ServiceError, match="너무 큽니다"):
        _raise(shared, users["welfare_staff"], files=[Upload("big.pdf", PDF)])
    assert not Objection.objects.exists()


# --- deciding --------------------------------------------------------------------------------


def test_accepting_with_a_grade_overrides_it_and_tells_the_unit(shared, users):
    objection = _raise(shared, users["welfare_staff"])
    done = objection_accept(
        user=users["officer"],
        objection=objection,
        expected_version=objection.version,
        reason="다년도 목표를 조기에 달성함",
        band="achieved",
        override_reason="조기달성",
    )
    assert done.status == "accepted" and done.correction == "grade"
    assert done.decided_by == users["officer"] and done.decided_at is not None
    result = _result(shared, SATISFACTION)
    assert (result.grade_mark, result.computed_grade_mark) == ("○", "×")
    assert result.grade_reason.startswith("조기달성: 이의신청 인용")
    assert "조정 → ○ (사유: 조기달성)" in result.explanation
    assert result.score == Decimal("98.88")  # the score follows the rate, not the grade
    welfare = OwnerResult.objects.get(run=shared, owner_id=result.owner_id)
    assert welfare.grade_counts == {"exceeded": 0, "achieved": 3, "not_achieved": 0}
    event = AuditEvent.objects.get(model="evaluation.IndicatorResult", object_pk=str(result.pk))
    assert event.actor == users["officer"] and event.changes["grade_mark"] == ["×", "○"]
    assert GradeOverride.objects.get(indicator_id=result.indicator_id).reason == "조기달성"
    told = Notification.objects.get(kind="objection_decided", user=users["welfare_staff"])
    assert told.params["status"] == "인용"
    assert told.params["reason"] == "다년도 목표를 조기에 달성함"


def test_accepting_with_a_grade_needs_a_reason_allowed_for_it(shared, users):
    objection = _raise(shared, users["welfare_staff"])
    with pytest.raises(ServiceError, match="조기달성") as exc:
        objection_accept(
            user=users["officer"],
            objection=objection,
            expected_version=objection.version,
            reason="사업 지연",
            band="achieved",
            override_reason="지연·중단(불가피한 사유)",
        )
    assert "사업 변경 후 완료" in str(exc.value)
    with pytest.raises(ServiceError, match="초과달성"):
        objection_accept(
            user=users["officer"],
            objection=objection,
            expected_version=objection.version,
            reason="우수",
            band="exceeded",
            override_reason="조기달성",
        )
    objection.refresh_from_db()
    assert objection.status == "open"
    assert _result(shared, SATISFACTION).grade_mark == "×"


def test_accepting_with_a_corrected_actual_corrects_it_for_the_next_run(shared, users):
    objection = _raise(shared, users["welfare_staff"])
    done = objection_accept(
        user=users["officer"],
        objection=objection,
        expected_version=objection.version,
        reason="표본 재집계",
        actual="81",
    )
    assert (done.correction, done.corrected_value) == ("actual", "81")
    actual = IndicatorValue.objects.get(
        indicator=_result(shared, SATISFACTION).indicator, kind="actual", year=2025
    )
    assert (actual.raw_text, actual.value, actual.status) == ("81", Decimal("81"), "approved")
    assert "표본 재집계" in actual.review_note
    assert AuditEvent.objects.filter(
        model="results.IndicatorValue", object_pk=str(actual.pk), actor=users["officer"]
    ).exists()
    again = run_start(user=users["officer"], plan=shared.plan)
    assert _result(again, SATISFACTION).grade_mark == "○"  # 81 ÷ 80 = 101.25 %


def test_accepting_needs_exactly_one_correction(shared, users):
    objection = _raise(shared, users["welfare_staff"])
    for more in ({}, {"actual": "81", "band": "achieved", "override_reason": "조기달성"}):
        with pytest.raises(ServiceError, match="하나를 입력"):
            objection_accept(
                user=users["officer"],
                objection=objection,
                expected_version=objection.version,
                reason="x",
                **more,
            )


def test_rejecting_needs_a_reason_and_tells_the_unit(shared, users):
    objection = _raise(shared, users["welfare_staff"])
    with pytest.raises(ServiceError, match="기각 사유"):
        objection_reject(
            user=users["officer"],
            objection=objection,
            expected_version=objection.version,
            reason="",
        )
    done = objection_reject(
        user=users["officer"],
        objection=objection,
        expected_version=objection.version,
        reason="증빙이 실적과 맞지 않음",
    )
    assert done.status == "rejected" and done.decision_reason == "증빙이 실적과 맞지 않음"
    assert _result(shared, SATISFACTION).grade_mark == "×"
    assert Notification.objects.filter(
        kind="objection_decided", user=users["welfare_head"]
    ).exists()


def test_only_the_office_decides_once_on_the_version_it_read(shared, users):
    objection = _raise(shared, users["welfare_staff"])
    with pytest.raises(PermissionDenied):
        objection_reject(
            user=users["welfare_head"],
            objection=objection,
            expected_version=objection.version,
            reason="x",
        )
    with pytest.raises(ConflictError):
        objection_reject(
            user=users["officer"],
            objection=objection,
            expected_version=objection.version + 1,
            reason="x",
        )
    objection_reject(
        user=users["officer"], objection=objection, expected_version=objection.version, reason="x"
    )
    objection.refresh_from_db()
    with pytest.raises(ServiceError, match="이미"):
        objection_reject(
            user=users["officer"],
            objection=objection,
            expected_version=objection.version,
            reason="y",
        )


def test_finalising_waits_for_every_open_objection(shared, users):
    objection = _raise(shared, users["welfare_staff"])
    with pytest.raises(ServiceError, match="1건"):
        run_finalise(user=users["officer"], run=shared, expected_version=shared.version)
    objection_reject(
        user=users["officer"], objection=objection, expected_version=objection.version, reason="x"
    )
    shared.refresh_from_db()
    assert run_finalise(user=users["officer"], run=shared, expected_version=shared.version).status
    with pytest.raises(ServiceError, match="확정되어"):
        _raise(shared, users["welfare_head"])
