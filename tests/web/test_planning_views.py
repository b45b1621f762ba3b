"""The planning pages through the Django client: a unit shapes its draft (goals, policy
goals, placing indicators, linking budget programs) on the draft page; a stale save shows
who changed the draft and when, keeps the typed text and overwrites nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

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
        perspective_weights={"재무": Decimal(50), "고객": Decimal(50)},
    )


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _welfare(rnd: Any) -> Any:
    return rnd.drafts.get(owner__unit__name="복지정책국", owner__kind="unit")


def _post(client: Client, draft: Any, action: str, **data: Any) -> Any:
    draft.refresh_from_db()
    url = reverse("web:planning-draft-action", args=[draft.round_id, draft.pk, action])
    return client.post(url, {"version": draft.version, **data}, follow=True)


def test_a_unit_shapes_its_draft_on_the_page(rnd: Any, people: dict[str, Any]) -> None:
    from seonggwa.plans.models import BudgetProgram, Indicator, Perspective, PolicyGoal

    draft = _welfare(rnd)
    client = _client(people["welfare_staff"])
    page = client.get(reverse("web:planning-draft", args=[rnd.pk, draft.pk])).content.decode()
    assert "새 전략목표" in page or "New strategic goal" in page
    _post(client, draft, "add-goal", name="돌봄 목표")
    goal = rnd.plan.strategic_goals.get(owner=draft.owner, name="돌봄 목표")
    _post(client, draft, "add-policy", goal=goal.pk, name="돌봄 정책")
    policy = PolicyGoal.objects.get(strategic_goal=goal)
    _post(client, draft, "policy", goal=goal.pk, policy_goal=policy.pk, name="돌봄 정책 2")
    policy.refresh_from_db()
    assert policy.name == "돌봄 정책 2"
    ind = Indicator.objects.filter(plan=rnd.plan, owner=draft.owner).first()
    customer = Perspective.objects.get(plan=rnd.plan, owner=draft.owner, name="고객")
    _post(
        client,
        draft,
        "place",
        indicator=ind.pk,
        goal=goal.pk,
        policy_goal=policy.pk,
        perspective=customer.pk,
    )
    ind.refresh_from_db()
    assert (ind.strategic_goal_id, ind.policy_goal_id, ind.perspective_id) == (
        goal.pk,
        policy.pk,
        customer.pk,
    )
    program = BudgetProgram.objects.create(plan=rnd.plan, owner=draft.owner, name="돌봄 사업")
    response = _post(client, draft, "program", program=program.pk, goal=goal.pk)
    program.refresh_from_db()
    assert program.strategic_goal_id == goal.pk
    assert "돌봄 사업" in response.content.decode()
    _post(client, draft, "remove-policy", goal=goal.pk, policy_goal=policy.pk)
    assert not PolicyGoal.objects.filter(pk=policy.pk).exists()
    # a goal with an indicator stays, and the page says why
    response = _post(client, draft, "remove-goal", goal=goal.pk)
    assert "다른 목표로 옮기거나" in response.content.decode()
    assert rnd.plan.strategic_goals.filter(pk=goal.pk).exists()


def test_the_committee_cannot_shape_a_draft(rnd: Any, people: dict[str, Any]) -> None:
    draft = _welfare(rnd)
    url = reverse("web:planning-draft-action", args=[rnd.pk, draft.pk, "add-goal"])
    response = _client(people["committee"]).post(url, {"version": draft.version, "name": "x"})
    assert response.status_code == 403
    assert not rnd.plan.strategic_goals.filter(name="x").exists()


def test_a_stale_save_overwrites_nothing_and_names_who_changed_what(
    rnd: Any, people: dict[str, Any]
) -> None:
    from seonggwa.plans.models import Indicator

    draft = _welfare(rnd)
    ind = Indicator.objects.filter(plan=rnd.plan, owner=draft.owner).first()
    read = draft.version  # both open the page at this version
    url = reverse("web:planning-draft-action", args=[rnd.pk, draft.pk, "indicator"])
    head = _client(people["welfare_head"])
    head.post(url, {"version": read, "indicator": ind.pk, "name": "부서장이 고친 이름"})
    ind.refresh_from_db()
    assert ind.name == "부서장이 고친 이름"
    staff = _client(people["welfare_staff"])
    typed = {"version": read, "indicator": ind.pk, "name": "담당자 이름", "definition": "내 정의"}
    response = staff.post(url, typed)
    assert response.status_code == 409
    page = response.content.decode()
    ind.refresh_from_db()
    assert ind.name == "부서장이 고친 이름"  # nothing overwritten
    head_label = people["welfare_head"].get_full_name() or people["welfare_head"].username
    assert head_label in page  # who
    assert "부서장이 고친 이름" in page and "담당자 이름" in page and "내 정의" in page
    # saving mine over theirs sends the typed values with the current version
    draft.refresh_from_db()
    assert f'name="version" value="{draft.version}"' in page
    staff.post(url, {**typed, "version": draft.version})
    ind.refresh_from_db()
    assert (ind.name, ind.definition) == ("담당자 이름", "내 정의")


def test_a_stale_action_without_a_form_to_compare_still_names_who(
    rnd: Any, people: dict[str, Any]
) -> None:
    draft = _welfare(rnd)
    read = draft.version
    _post(_client(people["welfare_head"]), draft, "add-goal", name="부서장 목표")
    url = reverse("web:planning-draft-action", args=[rnd.pk, draft.pk, "add-goal"])
    response = _client(people["welfare_staff"]).post(url, {"version": read, "name": "내 목표"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "부서장 목표" in page  # what changed: the goal the manager added
    assert 'value="내 목표"' in page  # the typed name is kept
    assert not rnd.plan.strategic_goals.filter(name="내 목표").exists()


def test_a_stale_button_names_who_changed_the_draft_and_when(
    rnd: Any, people: dict[str, Any]
) -> None:
    draft = _welfare(rnd)
    read = draft.version
    _post(_client(people["welfare_staff"]), draft, "add-goal", name="담당자 목표")
    url = reverse("web:planning-draft-action", args=[rnd.pk, draft.pk, "submit"])
    response = _client(people["welfare_head"]).post(url, {"version": read}, follow=True)
    page = response.content.decode()
    staff = people["welfare_staff"]
    label = staff.get_full_name() or staff.username
    assert f"{label}님이" in page or f"{label} changed" in page  # who, in the message
    draft.refresh_from_db()
    assert draft.status == "drafting"


def test_the_admin_shows_planning_rows_read_only_and_only_the_organisations(
    rnd: Any, people: dict[str, Any], django_user_model: Any
) -> None:
    from seonggwa.accounts.services import role_assign
    from seonggwa.organisations.models import Organisation

    officer = people["officer"]
    officer.is_staff = True
    officer.save()
    client = _client(officer)
    url = reverse("admin:planning_unitdraft_changelist")
    draft = _welfare(rnd)
    assert f"/admin/planning/unitdraft/{draft.pk}/change/" in client.get(url).content.decode()
    page = client.get(reverse("admin:planning_unitdraft_change", args=[draft.pk]))
    assert page.status_code == 200 and 'name="status"' not in page.content.decode()
    response = client.post(
        reverse("admin:planning_unitdraft_change", args=[draft.pk]), {"status": "accepted"}
    )
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == "drafting"
    other = django_user_model.objects.create_user("other-officer", password="x-12345-long-pw")
    other.is_staff = True
    other.save()
    role_assign(
        user=other,
        organisation=Organisation.objects.create(name="다른시"),
        role="evaluation_officer",
    )
    html = _client(other).get(url).content.decode()
    assert f"/admin/planning/unitdraft/{draft.pk}/change/" not in html


def test_a_stale_return_keeps_the_offices_requests(rnd: Any, people: dict[str, Any]) -> None:
    from seonggwa.planning.services import draft_comment, draft_submit

    draft = _welfare(rnd)
    draft = draft_submit(user=people["admin"], draft=draft, expected_version=draft.version)
    read = draft.version
    draft_comment(user=people["officer"], draft=draft, text="의견")  # no version change
    url = reverse("web:planning-draft-action", args=[rnd.pk, draft.pk, "return"])
    response = _client(people["officer"]).post(url, {"version": read - 1, "note": "보완하세요"})
    assert response.status_code == 409
    page = response.content.decode()
    assert 'value="보완하세요"' in page and f'name="version" value="{read}"' in page
    draft.refresh_from_db()
    assert draft.status == "submitted"


def test_the_round_form_offers_the_engines_grading_schemes_by_their_legend(
    as_user: Any, sample: Any
) -> None:
    from seonggwa.plans.models import Plan

    plan = Plan.objects.get(organisation=sample, year=2026, kind="plan")
    page = as_user("officer").get(f"/plans/{plan.pk}/planning/new/").content.decode()
    assert '<option value="performance_report">' in page and "초과달성(130% 이상)" in page
    assert '<option value="sustainability_plan">' in page
    refused = as_user("officer").post(
        f"/plans/{plan.pk}/planning/new/", {"deadline": "2027-01-31", "grading_scheme": "made_up"}
    )
    assert refused.status_code == 400 and "made_up" in refused.content.decode()
