import re

import pytest
from django.test import Client
from django.urls import reverse

from seonggwa.plans.models import Plan

pytestmark = pytest.mark.django_db


def _admin():  # type: ignore[no-untyped-def]
    """The sample's administrator: services take the acting user."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="admin")


@pytest.fixture
def plans(sample):
    return {(p.year, p.kind): p for p in Plan.objects.filter(organisation=sample)}


def test_home_lists_only_published_plans_to_the_public(client, plans):
    html = client.get("/").content.decode()
    assert reverse("web:plan-detail", args=[plans[(2025, "plan")].pk]) in html
    assert reverse("web:plan-detail", args=[plans[(2026, "bsc")].pk]) not in html  # a draft


def test_plan_page_shows_the_tree_with_targets_actuals_and_statuses(
    client, plans, django_user_model
):
    client.force_login(django_user_model.objects.get(username="officer"))
    response = client.get(reverse("web:plan-detail", args=[plans[(2026, "plan")].pk]))
    html = response.content.decode()
    assert response.status_code == 200
    for text in [
        "기후환경국",
        "IV. 탄소중립 실천으로",
        "IV-1. 대기질 개선",
        "초미세먼지 연평균 농도",
        "전년대비 5% 증가",
        "기준점",
    ]:
        assert text in html, text
    assert "status-submitted" in html and "status-rejected" in html and "status-draft" in html


def test_the_public_sees_approved_actuals_of_published_periods_only(client, plans):
    from seonggwa.results.models import IndicatorValue

    current = client.get(reverse("web:plan-detail", args=[plans[(2026, "plan")].pk]))
    html = current.content.decode()
    assert current.status_code == 200 and "초미세먼지 연평균 농도" in html
    assert "status-" not in html  # no statuses: the 2026 period is not published
    unpublished = IndicatorValue.objects.filter(
        indicator__plan=plans[(2026, "plan")], kind="actual", year=2026
    ).exclude(raw_text="")
    assert unpublished.exists()
    past = client.get(reverse("web:plan-detail", args=[plans[(2025, "plan")].pk]))
    approved = IndicatorValue.objects.filter(
        indicator__plan=plans[(2025, "plan")], kind="actual", status="approved"
    ).first()
    assert approved is not None and approved.raw_text in past.content.decode()
    # graded documents reach the public only from published evaluation runs: not yet
    from seonggwa.reports.kinds import REPORT_KINDS

    graded = [k for k in REPORT_KINDS if k.graded and "plan" in k.offered_for]
    assert graded
    for year in (2026, 2025):
        page = client.get(reverse("web:plan-detail", args=[plans[(year, "plan")].pk]))
        for kind in graded:
            url = reverse("web:report-page", args=[plans[(year, "plan")].pk, kind.key])
            assert url not in page.content.decode()
            assert client.get(url).status_code == 404
    # the plan document itself: figures as printed, no rules, versions or raw decimals
    text = client.get(
        reverse("web:report-page", args=[plans[(2025, "plan")].pk, "plan"])
    ).content.decode()
    # a rule code as a word (the page's random CSRF token may hold the letters "R3")
    assert not re.search(r"(?<![A-Za-z0-9])R3(?![A-Za-z0-9])", text) and "v1)" not in text
    assert not re.search(r"\d\.\d{5,}", text)


def test_draft_plan_is_hidden_from_the_public_and_shown_to_its_staff(
    client, plans, django_user_model
):
    url = reverse("web:plan-detail", args=[plans[(2026, "bsc")].pk])
    assert client.get(url).status_code == 404
    client.force_login(django_user_model.objects.get(username="welfare_staff"))
    page = client.get(url)
    assert page.status_code == 200 and "시민고객 (20)" in page.content.decode()


def test_staff_of_another_organisation_cannot_see_a_draft(plans, django_user_model):
    from seonggwa.accounts.services import role_assign
    from seonggwa.organisations.models import Organisation

    other = Organisation.objects.create(name="다른시")
    outsider = django_user_model.objects.create_user("outsider", password="x-long-password-1")
    role_assign(user=outsider, organisation=other, role="evaluation_officer")
    c = Client()
    c.force_login(outsider)
    assert c.get(reverse("web:plan-detail", args=[plans[(2026, "bsc")].pk])).status_code == 404


def test_plan_page_query_count_does_not_grow_with_indicators(
    client, plans, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        client.get(reverse("web:plan-detail", args=[plans[(2025, "plan")].pk]))


def test_pages_are_korean_by_default_and_english_on_request(client, plans):
    url = reverse("web:plan-detail", args=[plans[(2025, "plan")].pk])
    assert '<html lang="ko">' in client.get(url).content.decode()
    english = client.get(url, headers={"accept-language": "en"}).content.decode()
    assert '<html lang="en">' in english and "status" in english


def test_admin_is_korean_and_scoped_to_the_officers_organisation(client, sample, django_user_model):
    from seonggwa.organisations.models import Organisation

    Organisation.objects.create(name="다른시")
    client.force_login(django_user_model.objects.get(username="officer"))
    page = client.get("/admin/organisations/organisation/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "한빛시" in html and "다른시" not in html
    assert "로그아웃" in client.get("/admin/").content.decode()


def test_unit_staff_cannot_open_the_admin(client, django_user_model, sample):
    client.force_login(django_user_model.objects.get(username="welfare_staff"))
    assert client.get("/admin/plans/plan/").status_code in (302, 403)


def test_admin_forms_offer_and_accept_only_the_officers_organisation(
    client, sample, django_user_model
):
    from seonggwa.organisations.models import Organisation
    from seonggwa.organisations.services import owner_get_or_create, unit_create
    from seonggwa.plans.models import Perspective
    from seonggwa.plans.services import plan_create

    other = Organisation.objects.create(name="다른시")
    foreign_plan = plan_create(user=_admin(), organisation=other, year=2026, kind="bsc")
    foreign_owner = owner_get_or_create(unit=unit_create(organisation=other, name="비밀국"))
    client.force_login(django_user_model.objects.get(username="officer"))
    form = client.get("/admin/plans/perspective/add/").content.decode()
    assert "한빛시" in form and "다른시" not in form and "비밀국" not in form
    response = client.post(
        "/admin/plans/perspective/add/",
        {
            "plan": foreign_plan.pk,
            "owner": foreign_owner.pk,
            "name": "침입",
            "weight": "10",
            "position": "0",
        },
    )
    assert response.status_code == 200  # the form comes back with errors
    assert not Perspective.objects.filter(name="침입").exists()
