"""The pages of objections (이의신청) and R8 overrides: the officer shares a run and overrides a
grade on its page, a unit reads its shared results and objects with evidence, the officer
accepts or rejects on the objections page — with the refusals shown, not raised."""

from __future__ import annotations

import csv
import datetime
import io
from html import unescape
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from seonggwa.evaluation.models import EvaluationRun, IndicatorResult, Objection
from seonggwa.evaluation.services import objection_raise, run_share, run_start

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\n"
SATISFACTION = "복지서비스 이용 만족도"
DUST = "초미세먼지 연평균 농도"


def text(response: Any) -> str:
    return unescape(response.content.decode())


@pytest.fixture
def run(closed: Any, people: dict[str, Any]) -> EvaluationRun:
    return run_start(user=people["officer"], plan=closed)


def _share(run: EvaluationRun, officer: Any, days: int = 7) -> EvaluationRun:
    return run_share(
        user=officer,
        run=run,
        objections_until=timezone.localdate() + datetime.timedelta(days=days),
        expected_version=run.version,
    )


def _result(run: EvaluationRun, name: str) -> IndicatorResult:
    return IndicatorResult.objects.get(run=run, indicator_name=name)


def _url(name: str, run: EvaluationRun, *more: Any) -> str:
    return reverse(f"web:{name}", args=[run.plan_id, run.pk, *more])


def test_the_officer_shares_the_run_from_its_page(run, as_user):
    officer = as_user("officer")
    page = text(officer.get(_url("evaluation-run", run)))
    assert "부서에 공유" in page and 'name="objections_until"' in page
    until = timezone.localdate() + datetime.timedelta(days=5)
    response = officer.post(
        _url("evaluation-run-share", run),
        {"objections_until": until.isoformat(), "version": run.version},
        follow=True,
    )
    run.refresh_from_db()
    assert run.objections_until == until
    assert until.isoformat() in text(response)
    # a missing date is refused with why
    response = officer.post(
        _url("evaluation-run-share", run), {"version": run.version}, follow=True
    )
    assert "마지막 날" in text(response)


def test_the_unit_sees_only_its_results_and_objects_with_evidence(run, as_user, people):
    _share(run, people["officer"])
    staff = as_user("welfare_staff")
    page = text(staff.get(_url("evaluation-run-shared", run)))
    assert SATISFACTION in page and DUST not in page
    assert "이의신청" in page
    result = _result(run, SATISFACTION)
    response = staff.post(
        _url("objection-new", run, result.pk),
        {"reason": "표본 오류", "files": SimpleUploadedFile("근거.pdf", PDF, "application/pdf")},
        follow=True,
    )
    assert "이의신청을 평가담당관에게 보냈습니다" in text(response)
    objection = Objection.objects.get(result=result)
    assert objection.raised_by == people["welfare_staff"]
    assert objection.evidence.get().original_name == "근거.pdf"
    download = staff.get(reverse("web:objection-evidence", args=[objection.evidence.get().pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    # the open objection is shown, and no second form for that result
    page = text(staff.get(_url("evaluation-run-shared", run)))
    assert "처리 대기" in page and "표본 오류" in page


def test_a_unit_cannot_object_for_another_unit_or_after_the_window(run, as_user, people):
    _share(run, people["officer"])
    staff = as_user("welfare_staff")
    response = staff.post(
        _url("objection-new", run, _result(run, DUST).pk), {"reason": "x"}, follow=True
    )
    assert "자기 부서 지표" in text(response)
    assert not Objection.objects.exists()
    EvaluationRun.objects.filter(pk=run.pk).update(
        objections_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    page = text(staff.get(_url("evaluation-run-shared", run)))
    assert "이의신청 기간이" in page and 'name="reason"' not in page


def test_an_unshared_run_is_not_found_by_the_units(run, as_user):
    assert as_user("welfare_staff").get(_url("evaluation-run-shared", run)).status_code == 404
    assert as_user("officer").get(_url("evaluation-run-shared", run)).status_code == 200


def test_the_officer_accepts_with_a_grade_and_the_run_shows_both(run, as_user, people):
    _share(run, people["officer"])
    result = _result(run, SATISFACTION)
    objection = objection_raise(user=people["welfare_staff"], result=result, reason="조기 달성")
    officer = as_user("officer")
    listing = text(officer.get(_url("evaluation-objections", run)))
    assert SATISFACTION in listing and "조기 달성" in listing and "이의신청 인용" in listing
    response = officer.post(
        _url("objection-decide", run, objection.pk, "accept"),
        {
            "version": objection.version,
            "correction": "grade",
            "choice": "achieved|조기달성",
            "reason": "다년도 목표 조기 달성",
        },
        follow=True,
    )
    assert "인용" in text(response)
    objection.refresh_from_db()
    assert objection.status == "accepted"
    page = text(officer.get(_url("evaluation-run", run)))
    assert "산출 ×" in page and "조기달성: 이의신청 인용" in page
    # the unit reads the decision
    shared = text(as_user("welfare_staff").get(_url("evaluation-run-shared", run)))
    assert "다년도 목표 조기 달성" in shared and "산출 ×" in shared


def test_the_officer_rejects_with_a_reason_or_is_told_to_give_one(run, as_user, people):
    _share(run, people["officer"])
    objection = objection_raise(
        user=people["welfare_staff"], result=_result(run, SATISFACTION), reason="x"
    )
    officer = as_user("officer")
    url = _url("objection-decide", run, objection.pk, "reject")
    response = officer.post(url, {"version": objection.version, "reason": ""}, follow=True)
    assert "기각 사유를 입력하세요" in text(response)
    officer.post(url, {"version": objection.version, "reason": "근거 부족"})
    objection.refresh_from_db()
    assert (objection.status, objection.decision_reason) == ("rejected", "근거 부족")


def test_the_override_form_applies_or_names_the_allowed_reasons(run, as_user):
    officer = as_user("officer")
    result = _result(run, SATISFACTION)
    page = text(officer.get(_url("evaluation-run", run)))
    assert "등급 조정" in page and 'value="achieved|조기달성"' in page
    assert 'value="exceeded|' not in page  # no R8 reason leads to ◎
    response = officer.post(
        _url("evaluation-override", run, result.pk),
        {"version": run.version, "choice": "achieved|지연·중단(불가피한 사유)"},
        follow=True,
    )
    assert "가능한 사유: 조기달성" in text(response)
    officer.post(
        _url("evaluation-override", run, result.pk),
        {"version": run.version, "choice": "achieved|조기달성", "note": "2024년 달성"},
    )
    result.refresh_from_db()
    assert (result.grade_mark, result.computed_grade_mark) == ("○", "×")
    assert result.grade_reason == "조기달성: 2024년 달성"


def test_finalising_with_an_open_objection_is_refused_on_the_page(run, as_user, people):
    run = _share(run, people["officer"])
    objection_raise(user=people["welfare_staff"], result=_result(run, SATISFACTION), reason="x")
    response = as_user("officer").post(
        _url("evaluation-run-action", run, "finalise"), {"version": run.version}, follow=True
    )
    assert "처리하지 않은 이의신청이 1건" in text(response)
    run.refresh_from_db()
    assert run.status == "provisional"


def test_the_results_download_shows_the_computed_grade_beside_the_applied(run, as_user, people):
    from seonggwa.evaluation.services import grade_override_apply

    grade_override_apply(
        user=people["officer"],
        result=_result(run, SATISFACTION),
        band="achieved",
        reason="조기달성",
        expected_version=run.version,
    )
    response = as_user("officer").get(_url("evaluation-run-csv", run))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][5:8] == ["산출 등급", "적용 등급", "조정 사유"]
    row = next(r for r in rows if r[1] == SATISFACTION)
    assert row[5:8] == ["×", "○", "조기달성"]
    same = next(r for r in rows if r[1].startswith("위기가구"))
    assert same[5] == same[6] == "○" and same[7] == ""


def test_the_officer_withdraws_an_override_from_the_row(run, as_user, people):
    from seonggwa.evaluation.services import grade_override_apply

    result = _result(run, SATISFACTION)
    grade_override_apply(
        user=people["officer"],
        result=result,
        band="achieved",
        reason="조기달성",
        expected_version=run.version,
    )
    run.refresh_from_db()
    officer = as_user("officer")
    assert "조정 취소" in text(officer.get(_url("evaluation-run", run)))
    response = officer.post(
        _url("evaluation-override-remove", run, result.pk), {"version": run.version}, follow=True
    )
    assert "산출 등급을 다시 적용합니다" in text(response)
    result.refresh_from_db()
    assert (result.grade_mark, result.grade_reason) == ("×", "")
