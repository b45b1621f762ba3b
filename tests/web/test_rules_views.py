"""The evaluation rules pages (web/rules_views.py): the plan's rules and an indicator's —
who reaches them, a save that the next run uses, refusals shown beside their field, and the
conflict page when the rules changed after they were read."""

from __future__ import annotations

from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from seonggwa.evaluation.models import IndicatorResult
from seonggwa.evaluation.services import run_start
from seonggwa.plans.models import Indicator, Plan
from seonggwa.plans.services import indicator_rules_update

pytestmark = pytest.mark.django_db

OFFICE = [
    ("anonymous", 302),
    ("admin", 200),
    ("officer", 200),
    ("welfare_head", 403),
    ("welfare_staff", 403),
    ("committee", 403),
    ("outsider", 403),
]


def text(response) -> str:  # type: ignore[no-untyped-def]
    return unescape(response.content.decode())


@pytest.fixture
def grade_indicator(closed):  # type: ignore[no-untyped-def]
    return Indicator.objects.get(plan=closed, name="재난안전 훈련 평가 등급")


def rules_url(plan: Plan) -> str:
    return reverse("web:evaluation-rules", args=[plan.pk])


def indicator_url(ind: Indicator) -> str:
    return reverse("web:evaluation-indicator-rules", args=[ind.plan_id, ind.pk])


@pytest.mark.parametrize(("who", "status"), OFFICE)
def test_the_rules_pages_are_for_the_evaluation_office(
    as_user, closed, grade_indicator, who, status
):
    assert as_user(who).get(rules_url(closed)).status_code == status
    assert as_user(who).get(indicator_url(grade_indicator)).status_code == status


def test_the_rules_page_lists_the_indicators_in_korean(as_user, closed):
    page = text(as_user("officer").get(rules_url(closed)))
    assert "평가 규칙" in page
    assert "재난안전 훈련 평가 등급" in page
    assert "performance_report v1" in page


def test_an_officer_saves_grade_scores_and_the_next_run_uses_them(
    as_user, people, closed, grade_indicator
):
    client = as_user("officer")
    response = client.post(
        indicator_url(grade_indicator),
        {
            "grade_scores": "우수 = 100\n보통 = 80",
            "milestone_stages": "",
            "cap": "",
            "evaluated_part": "",
            "not_rated_bucket": "",
            "version": grade_indicator.rules_version,
        },
    )
    assert response.status_code == 302
    grade_indicator.refresh_from_db()
    assert grade_indicator.grade_scores == [["우수", "100"], ["보통", "80"]]
    assert grade_indicator.rules_version == 2
    run = run_start(user=people["officer"], plan=closed)
    result = IndicatorResult.objects.get(run=run, indicator=grade_indicator)
    assert (result.grade_mark, result.score, result.rules_version) == ("○", Decimal("100.00"), 2)
    # the page shows the saved rules back
    page = text(client.get(indicator_url(grade_indicator)))
    assert "우수 = 100" in page


def test_a_malformed_line_is_refused_beside_its_field(as_user, grade_indicator):
    response = as_user("officer").post(
        indicator_url(grade_indicator),
        {"grade_scores": "우수 100", "version": grade_indicator.rules_version},
    )
    assert response.status_code == 400
    assert "grade_scores" in response.context["form"].errors


def test_a_service_refusal_is_shown_beside_its_field(as_user, grade_indicator):
    response = as_user("officer").post(
        indicator_url(grade_indicator),
        {"grade_scores": "우수 = 100\n우수 = 90", "version": grade_indicator.rules_version},
    )
    assert response.status_code == 400
    assert "두 번" in str(response.context["form"].errors["grade_scores"])


def test_stale_indicator_rules_get_the_conflict_page(as_user, people, grade_indicator):
    indicator_rules_update(
        user=people["admin"], indicator=grade_indicator, expected_version=1, cap="120"
    )
    response = as_user("officer").post(
        indicator_url(grade_indicator), {"cap": "110", "version": "1"}
    )
    assert response.status_code == 409
    assert response.context["conflict"].fields["version"] == 2
    assert "admin" in text(response)  # who changed it last


def test_the_plans_rules_are_saved_with_the_version_read(as_user, closed):
    client = as_user("officer")
    response = client.post(
        rules_url(closed),
        {
            "grading_scheme": "traffic_light",
            "grading_scheme_version": "",
            "score_steps": "130 = 100\n100 = 90\n0 = 50",
            "default_cap": "130",
            "version": closed.version,
        },
    )
    assert response.status_code == 302
    closed.refresh_from_db()
    assert closed.grading_scheme == "traffic_light"
    assert closed.grading_scheme_version == 1
    assert closed.score_steps == [["130", "100"], ["100", "90"], ["0", "50"]]
    assert closed.default_cap == Decimal("130")
    stale = client.post(rules_url(closed), {"grading_scheme": "", "version": closed.version - 1})
    assert stale.status_code == 409


def test_a_version_of_another_scheme_is_refused(as_user, closed):
    response = as_user("officer").post(
        rules_url(closed),
        {
            "grading_scheme": "traffic_light",
            "grading_scheme_version": "performance_report:1",
            "version": closed.version,
        },
    )
    assert response.status_code == 400
    assert "grading_scheme_version" in response.context["form"].errors
