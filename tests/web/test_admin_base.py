"""Admin saves of a versioned record: the change form carries the version it showed, a save
bumps it under a row lock, and a stale form gets a conflict message instead of overwriting
what someone else saved meanwhile."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from seonggwa.audit.models import AuditEvent
from seonggwa.plans.models import Plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(sample: Any, django_user_model: Any) -> Client:
    client = Client()
    client.force_login(django_user_model.objects.get(username="admin"))
    return client


@pytest.fixture
def plan(sample: Any) -> Plan:
    return Plan.objects.filter(organisation=sample, status=Plan.Status.DRAFT).first()


def change_form(client: Client, plan: Plan) -> tuple[str, dict[str, str]]:
    """The change page's URL and the fields its form would post as shown."""
    url = f"/admin/plans/plan/{plan.pk}/change/"
    html = client.get(url).content.decode()
    seen = re.search(r'name="seen_version" value="(\d+)"', html)
    assert seen, "the change form carries the version it showed"
    return url, {
        "organisation": str(plan.organisation_id),
        "year": str(plan.year),
        "kind": plan.kind,
        "title": plan.title,
        "grading_scheme": plan.grading_scheme,
        "seen_version": seen.group(1),
    }


def test_an_admin_save_bumps_the_version_and_is_audited_with_the_before(
    admin_client: Client, plan: Plan
) -> None:
    before = plan.version
    url, data = change_form(admin_client, plan)
    assert data["seen_version"] == str(before)
    response = admin_client.post(url, {**data, "title": "고친 제목"})
    assert response.status_code == 302, response.content.decode()[:2000]
    plan.refresh_from_db()
    assert (plan.title, plan.version) == ("고친 제목", before + 1)
    event = AuditEvent.objects.filter(model="plans.Plan", object_pk=str(plan.pk)).latest("pk")
    assert event.changes["version"] == [before, before + 1]


def test_a_stale_admin_form_shows_a_conflict_and_overwrites_nothing(
    admin_client: Client, plan: Plan
) -> None:
    url, stale = change_form(admin_client, plan)
    _, fresh = change_form(admin_client, plan)
    assert admin_client.post(url, {**fresh, "title": "먼저 저장한 제목"}).status_code == 302
    response = admin_client.post(url, {**stale, "title": "늦게 저장한 제목"})
    assert response.status_code == 200  # the form again, with the message
    assert "먼저 수정했습니다" in response.content.decode()
    plan.refresh_from_db()
    assert plan.title == "먼저 저장한 제목"
    assert plan.version == int(stale["seen_version"]) + 1


def test_an_admin_form_without_its_version_is_refused(admin_client: Client, plan: Plan) -> None:
    url, data = change_form(admin_client, plan)
    del data["seen_version"]
    response = admin_client.post(url, {**data, "title": "버전 없이"})
    assert response.status_code == 200 and "먼저 수정했습니다" in response.content.decode()
    assert Plan.objects.get(pk=plan.pk).title != "버전 없이"
