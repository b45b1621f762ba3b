"""A value's page (/values/<pk>/): the organisation sees status, people, the review comment,
evidence and history and may correct and resubmit; the public sees a public value only."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from seonggwa.plans.models import Plan
from seonggwa.results.models import IndicatorValue
from seonggwa.results.services import actual_enter, evidence_attach

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def users(sample, django_user_model):
    from seonggwa.accounts.services import role_assign
    from seonggwa.organisations.models import Organisation

    people = {u.username: u for u in django_user_model.objects.all()}
    outsider = django_user_model.objects.create_user("outsider", password="x-long-password-1")
    role_assign(
        user=outsider,
        organisation=Organisation.objects.create(name="다른시"),
        role="evaluation_officer",
    )
    people["outsider"] = outsider
    return people


def value_of(year: int, name: str) -> IndicatorValue:
    return IndicatorValue.objects.get(
        indicator__plan__year=year,
        indicator__plan__kind="plan",
        indicator__name=name,
        kind="actual",
        year=year,
    )


def page(user, value: IndicatorValue):  # type: ignore[no-untyped-def]
    c = Client()
    if user is not None:
        c.force_login(user)
    return c.get(reverse("web:value-detail", args=[value.pk]))


def test_staff_see_why_it_was_returned_who_did_what_and_can_resubmit(users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    returned = value_of(2026, "공공 돌봄시설 확충 (누적)")
    evidence_attach(
        value=returned, file_name="집계표.pdf", content=PDF, user=users["welfare_staff"]
    )
    response = page(users["welfare_staff"], returned)
    html = response.content.decode()
    assert response.status_code == 200
    for text in [
        "증빙자료(집계표) 누락: 보완 후 재제출",  # the review comment
        "welfare_staff",  # entered by
        "welfare_head",  # returned by, in the history
        "집계표.pdf",
        "전년대비 10% 증가",
        "96.8%",  # what 33 achieves against 34.1
        f'name="selected" value="{returned.pk}:{returned.version}"',  # submit again
        'name="raw_text"',
    ]:
        assert text in html, text
    # the history says from what to what
    assert "→" in html and "33" in html


def test_resubmitting_from_the_value_page_comes_back_to_it(users):
    returned = value_of(2026, "공공 돌봄시설 확충 (누적)")
    c = Client()
    c.force_login(users["welfare_staff"])
    url = reverse("web:value-detail", args=[returned.pk])
    saved = c.post(
        reverse("web:entry-save", args=[returned.indicator.plan_id]),
        {
            "indicator": returned.indicator_id,
            "period": "2026",
            "version": returned.version,
            "raw_text": "35",
            "note": "집계표 첨부",
            "next": url,
        },
    )
    assert saved.status_code == 302 and saved["Location"] == url
    returned.refresh_from_db()
    assert (returned.raw_text, returned.status) == ("35", "draft")
    submitted = c.post(
        reverse("web:entry-submit", args=[returned.indicator.plan_id]),
        {"period": "2026", "selected": f"{returned.pk}:{returned.version}", "next": url},
    )
    assert submitted.status_code == 302 and submitted["Location"] == url
    returned.refresh_from_db()
    assert returned.status == "submitted"


def test_an_approved_value_shows_who_approved_and_cannot_be_changed(users):
    approved = value_of(2026, "시내버스 정시 운행률")
    html = page(users["officer"], approved).content.decode()
    assert "officer" in html and 'name="raw_text"' not in html
    assert "승인되어 잠긴 실적입니다" in html


@pytest.mark.parametrize("who", ["committee", "admin", "welfare_head"])
def test_the_organisations_people_see_statuses(users, who):
    html = page(users[who], value_of(2026, "위기가구 발굴 건수 (누계)")).content.decode()
    assert "230(1,942)" in html and "krds-badge" in html


@pytest.mark.parametrize("who", [None, "outsider"])
def test_the_public_sees_a_public_value_without_status_or_history(users, who):
    public = value_of(2025, "복지서비스 이용 만족도")  # approved, 2025 published
    response = page(users.get(who) if who else None, public)
    html = response.content.decode()
    assert response.status_code == 200 and "79.1" in html
    assert "krds-badge" not in html and "welfare" not in html and "→" not in html
    unapproved = value_of(2026, "위기가구 발굴 건수 (누계)")
    assert page(users.get(who) if who else None, unapproved).status_code == 404


def test_a_draft_plans_value_is_hidden_from_the_public(users, sample):
    bsc = Plan.objects.get(organisation=sample, kind="bsc")
    value = IndicatorValue.objects.filter(indicator__plan=bsc).first()
    assert value is not None
    assert page(None, value).status_code == 404
    assert page(users["outsider"], value).status_code == 404


def test_history_lists_each_change_with_its_author(users):
    draft = value_of(2026, "긴급복지 지원 결정 기간")
    actual_enter(
        indicator=draft.indicator,
        year=2026,
        raw_text="5.8",
        user=users["welfare_head"],
        expected_version=draft.version,
    )
    html = page(users["welfare_staff"], draft).content.decode()
    assert "6.2 → 5.8" in html and "welfare_head" in html
