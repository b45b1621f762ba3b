"""Reviewers the office invites to a planning round (e.g. evaluation committee members):
they read every unit's draft and comment per goal or indicator, but do not return, accept
or confirm; an uninvited committee member does none of it. Invitations are audited and the
invited person is told."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from seonggwa.audit.models import AuditEvent
from seonggwa.core.errors import PermissionDenied, ServiceError

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(sample: Any, django_user_model: Any) -> dict[str, Any]:
    return {u.username: u for u in django_user_model.objects.all()}


@pytest.fixture
def rnd(sample: Any, people: dict[str, Any]) -> Any:
    from seonggwa.planning.services import round_open
    from seonggwa.plans.models import Plan

    return round_open(
        user=people["officer"],
        source_plan=Plan.objects.get(organisation=sample, year=2026, kind="plan"),
        deadline=datetime.date.today() + datetime.timedelta(days=30),
    )


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_invited_reviewer_reads_every_draft_and_comments(
    rnd: Any, people: dict[str, Any]
) -> None:
    from seonggwa.notifications.models import Notification
    from seonggwa.planning.services import draft_comment, round_reviewer_invite

    committee = people["committee"]
    draft = rnd.drafts.exclude(owner__unit__name="복지정책국").first()
    page = reverse("web:planning-draft", args=[rnd.pk, draft.pk])
    assert _client(committee).get(page).status_code == 403  # not invited yet
    assert f"/planning/{rnd.pk}/" not in _client(committee).get("/my/").content.decode()
    with pytest.raises(PermissionDenied):
        draft_comment(user=committee, draft=draft, text="의견")
    round_reviewer_invite(user=people["officer"], rnd=rnd, reviewer=committee)
    assert Notification.objects.filter(user=committee, kind="review_invited").exists()
    assert AuditEvent.objects.filter(
        model="planning.RoundReviewer", action="create", actor=people["officer"]
    ).exists()
    client = _client(committee)
    assert f"/planning/{rnd.pk}/" in client.get("/my/").content.decode()  # on "my work"
    assert client.get(reverse("web:planning-round", args=[rnd.pk])).status_code == 200
    response = client.get(page)
    assert response.status_code == 200
    html = response.content.decode()
    assert "'return'" not in html and f"/units/{draft.pk}/return/" not in html
    assert f"/units/{draft.pk}/comment/" in html
    goal = rnd.plan.strategic_goals.filter(owner=draft.owner).first()
    client.post(
        reverse("web:planning-draft-action", args=[rnd.pk, draft.pk, "comment"]),
        {"goal": goal.pk, "text": "목표 수준을 높이세요"},
    )
    assert draft.comments.get().author == committee


def test_an_invited_reviewer_does_not_return_accept_or_confirm(
    rnd: Any, people: dict[str, Any]
) -> None:
    from seonggwa.planning.services import (
        draft_accept,
        draft_return,
        draft_submit,
        round_confirm,
        round_reviewer_invite,
    )

    committee = people["committee"]
    round_reviewer_invite(user=people["officer"], rnd=rnd, reviewer=committee)
    draft = rnd.drafts.first()
    draft = draft_submit(user=people["admin"], draft=draft, expected_version=draft.version)
    with pytest.raises(PermissionDenied):
        draft_return(user=committee, draft=draft, note="보완", expected_version=draft.version)
    with pytest.raises(PermissionDenied):
        draft_accept(user=committee, draft=draft, expected_version=draft.version)
    rnd.refresh_from_db()
    with pytest.raises(PermissionDenied):
        round_confirm(user=committee, rnd=rnd, expected_version=rnd.version)
    url = reverse("web:planning-draft-action", args=[rnd.pk, draft.pk, "accept"])
    assert _client(committee).post(url, {"version": draft.version}).status_code == 403
    # nor edit a unit's draft
    url = reverse("web:planning-draft-action", args=[rnd.pk, draft.pk, "add-goal"])
    assert _client(committee).post(url, {"version": draft.version, "name": "x"}).status_code == 403


def test_the_office_invites_and_removes_on_the_round_page(rnd: Any, people: dict[str, Any]) -> None:
    from seonggwa.planning.models import RoundReviewer

    office = _client(people["officer"])
    url = reverse("web:planning-reviewers", args=[rnd.pk])
    page = office.get(reverse("web:planning-round", args=[rnd.pk])).content.decode()
    assert f'value="{people["committee"].pk}"' in page  # a candidate
    office.post(url, {"action": "invite", "user": people["committee"].pk})
    assert RoundReviewer.objects.filter(round=rnd, user=people["committee"]).exists()
    response = office.post(url, {"action": "invite", "user": people["committee"].pk}, follow=True)
    assert "이미 검토자입니다" in response.content.decode()
    office.post(url, {"action": "remove", "user": people["committee"].pk})
    assert not RoundReviewer.objects.filter(round=rnd).exists()
    # a unit's staff may not invite
    staff = _client(people["welfare_staff"])
    assert staff.post(url, {"action": "invite", "user": people["committee"].pk}).status_code == 403


def test_only_people_of_the_organisation_are_invited(
    rnd: Any, people: dict[str, Any], django_user_model: Any
) -> None:
    from seonggwa.planning.services import round_reviewer_invite, round_reviewer_remove

    stranger = django_user_model.objects.create_user("stranger", password="x-12345-pw-long")
    with pytest.raises(ServiceError, match="역할이 없어"):
        round_reviewer_invite(user=people["officer"], rnd=rnd, reviewer=stranger)
    with pytest.raises(PermissionDenied):
        round_reviewer_invite(user=people["welfare_head"], rnd=rnd, reviewer=people["committee"])
    with pytest.raises(ServiceError, match="검토자가 아닙니다"):
        round_reviewer_remove(user=people["officer"], rnd=rnd, reviewer=people["committee"])
