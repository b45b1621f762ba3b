"""The office's 평가위원 page and the member's 정성평가 채점 page (web/committee_views.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from seonggwa.accounts.models import Role, RoleAssignment
from seonggwa.evaluation.models import CommitteeRound, CommitteeScore
from seonggwa.plans.models import Indicator, Plan

pytestmark = pytest.mark.django_db

QUALITATIVE = "재난안전 훈련 평가 등급"


@pytest.fixture
def plan(sample: Any) -> Plan:
    return Plan.objects.get(organisation=sample, year=2025, kind="plan")


def _as(django_user_model: Any, username: str) -> Client:
    client = Client()
    client.force_login(django_user_model.objects.get(username=username))
    return client


def _text(response: Any) -> str:
    return response.content.decode()


def _set_up_and_open(office: Client, plan: Plan, django_user_model: Any) -> CommitteeRound:
    office.post(reverse("web:committee-setup", args=[plan.pk]), {"method": "trimmed_mean"})
    committee = django_user_model.objects.get(username="committee")
    office.post(reverse("web:committee-appoint", args=[plan.pk]), {"person": committee.pk})
    rnd = CommitteeRound.objects.get(plan=plan)
    office.post(reverse("web:committee-status", args=[plan.pk, "open"]), {"version": rnd.version})
    rnd.refresh_from_db()
    return rnd


def test_the_officer_sets_up_appoints_and_opens_scoring(plan, django_user_model):
    office = _as(django_user_model, "officer")
    page = office.get(reverse("web:committee", args=[plan.pk]))
    assert page.status_code == 200
    assert "평가위원회 구성" in _text(page) and "최고·최저 점수 제외 평균" in _text(page)
    rnd = _set_up_and_open(office, plan, django_user_model)
    assert (rnd.method, rnd.status) == ("trimmed_mean", "open")
    page = _text(office.get(reverse("web:committee", args=[plan.pk])))
    assert "채점 마감" in page and "committee" in page and QUALITATIVE in page
    # the plan's side navigation links the page
    assert reverse("web:committee", args=[plan.pk]) in _text(
        office.get(reverse("web:evaluation-runs", args=[plan.pk]))
    )


def test_a_member_scores_from_my_work_and_a_stale_save_shows_the_conflict(plan, django_user_model):
    rnd = _set_up_and_open(_as(django_user_model, "officer"), plan, django_user_model)
    member = _as(django_user_model, "committee")
    my = _text(member.get(reverse("web:my-work")))
    url = reverse("web:scoring", args=[rnd.pk])
    assert "정성평가 채점" in my and url in my
    page = _text(member.get(url))
    assert QUALITATIVE in page and "점수 저장" in page
    ind = Indicator.objects.get(plan=plan, name=QUALITATIVE)
    save = reverse("web:scoring-save", args=[rnd.pk, ind.pk])
    done = member.post(save, {"points": "87.5", "comment": "충실", "version": "0"}, follow=True)
    assert "점수를 저장했습니다" in _text(done) and "내 점수: 87.50" in _text(done)
    conflict = member.post(save, {"grade": "A", "comment": "", "version": "0"})
    assert conflict.status_code == 409
    assert "다른 창에서 먼저 저장되었습니다" in _text(conflict)
    assert "내 점수로 덮어 저장" in _text(conflict)
    member.post(save, {"grade": "A", "comment": "", "version": "1"})
    score = CommitteeScore.objects.get(indicator=ind)
    assert (str(score.points), score.grade, score.version) == ("90.00", "A", 2)
    bad = member.post(save, {"points": "120", "version": "2"}, follow=True)
    assert "0~100 사이의 숫자" in _text(bad)


def test_the_officer_sees_scores_only_as_counts_until_closing(plan, django_user_model, sample):
    office = _as(django_user_model, "officer")
    rnd = _set_up_and_open(office, plan, django_user_model)
    judge = django_user_model.objects.create_user("judge2", password="x")
    RoleAssignment.objects.create(user=judge, organisation=sample, role=Role.COMMITTEE_MEMBER)
    office.post(reverse("web:committee-appoint", args=[plan.pk]), {"person": judge.pk})
    ind = Indicator.objects.get(plan=plan, name=QUALITATIVE)
    for who, points in (("committee", "70"), ("judge2", "85")):
        _as(django_user_model, who).post(
            reverse("web:scoring-save", args=[rnd.pk, ind.pk]),
            {"points": points, "comment": f"{who} 의견", "version": "0"},
        )
    page = _text(office.get(reverse("web:committee", args=[plan.pk])))
    assert "점수 2개" in page and "judge2 의견" not in page
    # the member's own page shows their score only
    mine = _text(_as(django_user_model, "committee").get(reverse("web:scoring", args=[rnd.pk])))
    assert "70.00" in mine and "85.00" not in mine
    rnd.refresh_from_db()
    office.post(reverse("web:committee-status", args=[plan.pk, "close"]), {"version": rnd.version})
    page = _text(office.get(reverse("web:committee", args=[plan.pk])))
    # two scores: without the highest and lowest falls back to the mean, 77.50
    assert "judge2 의견" in page and "77.50" in page and "위원 수=2" in page
    closed = _text(_as(django_user_model, "committee").get(reverse("web:scoring", args=[rnd.pk])))
    assert "채점이 마감되어" in closed and "점수 저장" not in closed


def test_a_person_without_a_seat_gets_403_on_the_scoring_page(plan, django_user_model):
    rnd = _set_up_and_open(_as(django_user_model, "officer"), plan, django_user_model)
    response = _as(django_user_model, "welfare_staff").get(reverse("web:scoring", args=[rnd.pk]))
    assert response.status_code == 403
