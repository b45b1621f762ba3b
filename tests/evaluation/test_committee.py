"""Committee scoring of qualitative indicators: the office's round, the members' scores, who
sees what, and the run that uses the aggregated points."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from seonggwa.accounts.models import Role, RoleAssignment
from seonggwa.audit.models import AuditEvent
from seonggwa.core.errors import ConflictError, PermissionDenied, ServiceError
from seonggwa.evaluation import committee_services as cs
from seonggwa.evaluation.committee_selectors import (
    committee_cells,
    member_indicators,
    round_aggregates,
    scores_visible,
)
from seonggwa.evaluation.models import CommitteeRound, IndicatorResult
from seonggwa.evaluation.services import run_start
from seonggwa.organisations.models import OrgUnit
from seonggwa.plans.models import Indicator, Plan

pytestmark = pytest.mark.django_db

QUALITATIVE = "재난안전 훈련 평가 등급"  # 안전총괄과, direction and measure qualitative
MILESTONE = "교통안전시설 정비 공정"  # measured 정성 but graded by its stages


@pytest.fixture
def plan(sample: Any) -> Plan:
    return Plan.objects.get(organisation=sample, year=2025, kind="plan")


@pytest.fixture
def users(sample: Any, django_user_model: Any) -> dict[str, Any]:
    found = {u.username: u for u in django_user_model.objects.all()}
    for name in ("judge2", "judge3"):
        user = django_user_model.objects.create_user(name, password="x")
        RoleAssignment.objects.create(user=user, organisation=sample, role=Role.COMMITTEE_MEMBER)
        found[name] = user
    return found


def _fresh(user: Any) -> Any:
    """The user without cached roles (a new request)."""
    return type(user).objects.get(pk=user.pk)


def _open_round(plan: Plan, users: dict[str, Any], method: str = "mean") -> CommitteeRound:
    officer = users["officer"]
    rnd = cs.committee_round_get_or_create(user=officer, plan=plan, method=method)
    for name in ("committee", "judge2", "judge3"):
        cs.committee_member_appoint(user=officer, round=rnd, person=users[name])
    rnd.refresh_from_db()
    return cs.committee_scoring_open(user=officer, round=rnd, expected_version=rnd.version)


def _indicator(plan: Plan, name: str) -> Indicator:
    return Indicator.objects.get(plan=plan, name=name)


def test_the_assigned_indicators_are_the_qualitative_ones_not_the_milestone(plan, users):
    rnd = _open_round(plan, users)
    member = rnd.members.get(user=users["committee"])
    names = [i.name for i in member_indicators(member=member)]
    assert names == [QUALITATIVE]
    assert MILESTONE not in names


def test_only_the_office_sets_up_the_round(plan, users):
    for who in ("committee", "welfare_head", "welfare_staff"):
        with pytest.raises(PermissionDenied):
            cs.committee_round_get_or_create(user=users[who], plan=plan)
    rnd = cs.committee_round_get_or_create(user=users["officer"], plan=plan, method="median")
    assert (rnd.method, rnd.status, rnd.period_key) == ("median", "preparing", "2025")
    # a second call returns the same round
    assert cs.committee_round_get_or_create(user=users["officer"], plan=plan).pk == rnd.pk
    with pytest.raises(PermissionDenied):
        cs.committee_member_appoint(user=users["committee"], round=rnd, person=users["judge2"])


def test_only_people_with_the_committee_role_are_appointed_once(plan, users):
    officer = users["officer"]
    rnd = cs.committee_round_get_or_create(user=officer, plan=plan)
    with pytest.raises(ServiceError, match="평가위원 역할이 없어"):
        cs.committee_member_appoint(user=officer, round=rnd, person=users["welfare_staff"])
    cs.committee_member_appoint(user=officer, round=rnd, person=users["committee"])
    with pytest.raises(ServiceError, match="이미 위촉된"):
        cs.committee_member_appoint(user=officer, round=rnd, person=users["committee"])
    with pytest.raises(ServiceError, match="한 명 이상"):
        empty = cs.committee_round_get_or_create(
            user=officer,
            plan=Plan.objects.get(organisation=plan.organisation, year=2026, kind="plan"),
        )
        cs.committee_scoring_open(user=officer, round=empty, expected_version=empty.version)


def test_a_member_scores_by_points_or_grade_and_a_stale_save_is_refused(plan, users):
    rnd = _open_round(plan, users)
    ind = _indicator(plan, QUALITATIVE)
    judge = users["committee"]
    score = cs.committee_score_save(
        user=judge, round=rnd, indicator=ind, points="85.5", comment="훈련 충실"
    )
    assert (score.points, score.grade, score.version) == (Decimal("85.5"), "", 1)
    score = cs.committee_score_save(
        user=judge, round=rnd, indicator=ind, grade="우수", expected_version=1
    )
    score.refresh_from_db()
    assert (score.points, score.grade, score.version) == (Decimal("90"), "우수", 2)
    with pytest.raises(ConflictError, match="다른 창에서 먼저"):
        cs.committee_score_save(
            user=judge, round=rnd, indicator=ind, points="70", expected_version=1
        )
    assert AuditEvent.objects.filter(model="evaluation.CommitteeScore", actor=judge).count() == 2


@pytest.mark.parametrize(
    ("points", "grade", "message"),
    [
        ("101", "", "0~100"),
        ("-1", "", "0~100"),
        ("abc", "", "0~100"),
        ("80.123", "", "둘째 자리"),
        ("", "", "점수나 등급"),
        ("", "Z", "알 수 없는 등급"),
    ],
)
def test_a_bad_score_is_refused_with_a_message(plan, users, points, grade, message):
    rnd = _open_round(plan, users)
    with pytest.raises(ServiceError, match=message):
        cs.committee_score_save(
            user=users["committee"],
            round=rnd,
            indicator=_indicator(plan, QUALITATIVE),
            points=points,
            grade=grade,
        )


def test_a_member_never_scores_an_indicator_of_their_own_unit(plan, users, sample):
    rnd = _open_round(plan, users)
    safety = OrgUnit.objects.get(organisation=sample, name="안전총괄과")
    RoleAssignment.objects.create(
        user=users["judge2"], organisation=sample, unit=safety, role=Role.UNIT_STAFF
    )
    judge = _fresh(users["judge2"])
    member = rnd.members.get(user=judge)
    assert member_indicators(member=member) == []
    with pytest.raises(PermissionDenied, match="소속 부서\\(안전총괄과\\)"):
        cs.committee_score_save(
            user=judge, round=rnd, indicator=_indicator(plan, QUALITATIVE), points="80"
        )


def test_scores_outside_the_scope_the_plan_or_the_open_window_are_refused(plan, users, sample):
    officer = users["officer"]
    rnd = cs.committee_round_get_or_create(user=officer, plan=plan)
    traffic = OrgUnit.objects.get(organisation=sample, name="교통건설국")
    cs.committee_member_appoint(user=officer, round=rnd, person=users["committee"], unit=traffic)
    ind = _indicator(plan, QUALITATIVE)
    with pytest.raises(ServiceError, match="열리지 않았습니다"):
        cs.committee_score_save(user=users["committee"], round=rnd, indicator=ind, points="80")
    rnd.refresh_from_db()
    rnd = cs.committee_scoring_open(user=officer, round=rnd, expected_version=rnd.version)
    with pytest.raises(PermissionDenied, match="범위 밖"):
        cs.committee_score_save(user=users["committee"], round=rnd, indicator=ind, points="80")
    with pytest.raises(ServiceError, match="정성지표만"):
        cs.committee_score_save(
            user=users["committee"], round=rnd, indicator=_indicator(plan, MILESTONE), points="80"
        )
    with pytest.raises(PermissionDenied, match="위원만"):
        cs.committee_score_save(user=users["judge2"], round=rnd, indicator=ind, points="80")
    rnd = cs.committee_scoring_close(user=officer, round=rnd, expected_version=rnd.version)
    with pytest.raises(ServiceError, match="마감되어"):
        cs.committee_score_save(user=users["committee"], round=rnd, indicator=ind, points="80")


def test_a_member_sees_only_their_own_scores_until_scoring_closes(plan, users):
    rnd = _open_round(plan, users)
    ind = _indicator(plan, QUALITATIVE)
    for name, points in (("committee", "70"), ("judge2", "80"), ("judge3", "95")):
        cs.committee_score_save(user=users[name], round=rnd, indicator=ind, points=points)
    mine = scores_visible(user=users["committee"], round=rnd)
    assert [s.points for s in mine] == [Decimal("70")]
    assert scores_visible(user=users["officer"], round=rnd).count() == 3
    assert scores_visible(user=users["welfare_head"], round=rnd).count() == 0
    rnd.refresh_from_db()
    rnd = cs.committee_scoring_close(user=users["officer"], round=rnd, expected_version=rnd.version)
    assert scores_visible(user=users["committee"], round=rnd).count() == 3


def test_a_stale_round_change_is_refused(plan, users):
    rnd = _open_round(plan, users)
    with pytest.raises(ConflictError, match="먼저 바꿨습니다"):
        cs.committee_scoring_close(
            user=users["officer"], round=rnd, expected_version=rnd.version - 1
        )
    rnd = cs.committee_scoring_close(user=users["officer"], round=rnd, expected_version=rnd.version)
    with pytest.raises(ServiceError, match="집계 방법을 바꿀 수 없습니다"):
        cs.committee_method_set(
            user=users["officer"], round=rnd, method="median", expected_version=rnd.version
        )
    with pytest.raises(ServiceError, match="해촉할 수 없습니다"):
        cs.committee_member_remove(user=users["officer"], member=rnd.members.first())


def test_removing_a_member_removes_their_scores(plan, users):
    rnd = _open_round(plan, users)
    ind = _indicator(plan, QUALITATIVE)
    cs.committee_score_save(user=users["judge3"], round=rnd, indicator=ind, points="10")
    cs.committee_member_remove(user=users["officer"], member=rnd.members.get(user=users["judge3"]))
    assert not rnd.scores.exists()
    assert AuditEvent.objects.filter(
        model="evaluation.CommitteeMember", action="delete", actor=users["officer"]
    ).exists()


@pytest.mark.parametrize(
    ("method", "expected", "mark"),
    [
        # 70, 80, 95: mean 81.67, without the highest and lowest 80, median 80
        ("mean", Decimal("81.67"), "×"),
        ("trimmed_mean", Decimal("80.00"), "×"),
        ("median", Decimal("80.00"), "×"),
    ],
)
def test_a_run_uses_the_aggregated_points_of_a_closed_round(plan, users, method, expected, mark):
    rnd = _open_round(plan, users, method=method)
    ind = _indicator(plan, QUALITATIVE)
    for name, points in (("committee", "70"), ("judge2", "80"), ("judge3", "95")):
        cs.committee_score_save(user=users[name], round=rnd, indicator=ind, points=points)
    # while scoring is open the run does not use the scores
    assert committee_cells(plan=plan, period_key="2025") == {}
    open_run = run_start(user=users["officer"], plan=plan)
    assert IndicatorResult.objects.get(run=open_run, indicator=ind).status == "unresolved"
    rnd.refresh_from_db()
    cs.committee_scoring_close(user=users["officer"], round=rnd, expected_version=rnd.version)
    run = run_start(user=users["officer"], plan=plan)
    result = IndicatorResult.objects.get(run=run, indicator=ind)
    assert result.status == "ok"
    assert result.achievement == expected and result.score == expected
    assert result.grade_mark == mark
    assert "위원 수=3" in result.explanation
    assert "위원회" in result.explanation and "위원 수" in result.explanation
    assert "3명" in result.rule
    (agg,) = [a for a in round_aggregates(round=rnd) if a.indicator.pk == ind.pk]
    assert agg.cell.value == expected and len(agg.scores) == 3
    # the milestone indicator measured 정성 keeps its own rule
    other = IndicatorResult.objects.get(run=run, indicator=_indicator(plan, MILESTONE))
    assert other.status == "unresolved"


def test_a_closed_round_without_scores_leaves_the_indicator_as_it_was(plan, users):
    rnd = _open_round(plan, users)
    rnd = cs.committee_scoring_close(user=users["officer"], round=rnd, expected_version=rnd.version)
    run = run_start(user=users["officer"], plan=plan)
    result = IndicatorResult.objects.get(run=run, indicator=_indicator(plan, QUALITATIVE))
    assert result.status == "unresolved" and result.score is None


def test_a_backup_keeps_the_committee_its_members_and_scores(plan, users):
    from seonggwa.backup.services import organisation_dump, organisation_restore

    rnd = _open_round(plan, users, method="median")
    ind = _indicator(plan, QUALITATIVE)
    cs.committee_score_save(
        user=users["committee"], round=rnd, indicator=ind, grade="A", comment="근거 충분"
    )
    organisation_restore(payload=organisation_dump(organisation=plan.organisation), replace=True)
    restored = CommitteeRound.objects.get(plan__organisation__name="한빛시", period_key="2025")
    assert (restored.method, restored.status) == ("median", "open")
    assert sorted(restored.members.values_list("user__username", flat=True)) == [
        "committee",
        "judge2",
        "judge3",
    ]
    (score,) = restored.scores.all()
    assert (score.points, score.grade, score.comment) == (Decimal("90"), "A", "근거 충분")
    assert score.indicator.name == QUALITATIVE and score.member.user.username == "committee"
