"""The cascade page (``/plans/<pk>/cascade/``): each city goal with what carries it, and what
carries none, linked from the plan page; whoever may see the plan sees it, and the public
reads only the confirmed and closed plans (the access matrix has the statuses)."""

from __future__ import annotations

import re

import pytest

from seonggwa.plans.models import Plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans(sample) -> dict[str, Plan]:  # type: ignore[no-untyped-def]
    return {
        "city": Plan.objects.get(organisation=sample, year=2026, kind="plan"),
        "bsc": Plan.objects.get(organisation=sample, year=2026, kind="bsc"),
    }


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_plan_page_links_to_its_cascade(as_user, plans):
    for who in ("anonymous", "officer"):
        html = as_user(who).get(f"/plans/{plans['city'].pk}/").content.decode()
        assert f'href="/plans/{plans["city"].pk}/cascade/"' in html
        assert "목표 연계: 시정 목표와 연계된 부서 목표·지표" in html


def test_the_office_sees_the_department_goals_under_the_city_goal(as_user, plans):
    html = as_user("officer").get(f"/plans/{plans['bsc'].pk}/cascade/").content.decode()
    text = _text(html)
    assert "<h1" in html and "한빛시 2026 목표 연계" in text
    city = html[html.index('id="city-goals-title"') : html.index('id="no-parent-title"')]
    first = city[: city.index('id="city-goal-', city.index('id="city-goal-') + 1)]
    assert "I. 데이터 기반 성과관리로 시정 신뢰 제고" in first
    assert _text(first).count("시정 신뢰 제고 기획조정실 · 성과관리계획") == 1
    assert "성과 기반 시정 운영" in first and "→" not in first  # the arrow is CSS
    assert "성과지표 목표 달성률에 연계" in _text(first)
    assert "연계된 부서 목표가 아직 없습니다." in city  # goals II..VI
    orphans = _text(html[html.index('id="no-parent-title"') :])
    assert "일하는 방식 혁신" in orphans and "1인당 교육시간" in orphans
    # the printed parent of an indicator not linked yet, for the office to link it
    assert "시민이 체감하는 성과 행정 · 시정 만족도 (75점)" in orphans


def test_the_public_sees_the_city_goals_without_the_draft_departments(as_user, plans):
    html = as_user("anonymous").get(f"/plans/{plans['city'].pk}/cascade/").content.decode()
    assert "I. 데이터 기반 성과관리로 시정 신뢰 제고" in html
    assert "성과관리계획" not in html and "일하는 방식 혁신" not in html
    assert as_user("anonymous").get(f"/plans/{plans['bsc'].pk}/cascade/").status_code == 404


def test_the_cascade_page_reads_in_a_fixed_number_of_queries(
    as_user, plans, django_assert_max_num_queries
):
    client = as_user("officer")
    client.get(f"/plans/{plans['bsc'].pk}/cascade/")  # warm the session and the caches
    with django_assert_max_num_queries(12):
        assert client.get(f"/plans/{plans['bsc'].pk}/cascade/").status_code == 200
