"""A deactivated account: its open sessions are refused at their next request, and the
delegations it gave or holds stop counting (rights, "my work", who is told), until the
office allows the account again."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from seonggwa.accounts.selectors import delegations_held, users_with_role
from seonggwa.accounts.services import delegation_create, user_deactivate
from seonggwa.core.errors import ServiceError
from seonggwa.organisations.models import Organisation, OrgUnit
from seonggwa.plans.models import Plan
from seonggwa.policy import acting_for, roles_of

pytestmark = pytest.mark.django_db

WEEK = datetime.timedelta(days=6)


def _today() -> datetime.date:
    """Today in the application's time zone, read when a test runs (a module constant
    went stale when a run crossed midnight in Seoul)."""
    return timezone.localdate()


@pytest.fixture
def w(sample: Organisation, django_user_model: Any) -> dict[str, Any]:
    users = {u.username: u for u in django_user_model.objects.all()}
    return {
        "org": sample,
        "users": users,
        "welfare": OrgUnit.objects.get(organisation=sample, name="복지정책국"),
    }


def _fresh(person: Any) -> Any:
    return type(person).objects.get(pk=person.pk)  # no cached roles


def test_a_signed_in_session_of_a_deactivated_account_is_refused(w) -> None:
    client = Client()
    client.post("/accounts/login/", {"username": "welfare_staff", "password": "hanbit-staff-2026"})
    assert client.get("/my/").status_code == 200
    user_deactivate(
        user=w["users"]["officer"], person=w["users"]["welfare_staff"], organisation=w["org"]
    )
    refused = client.get("/my/")
    assert refused.status_code == 302 and refused["Location"].startswith("/accounts/login/")
    # allowed again, the old session stays ended: the person signs in anew
    user_deactivate(
        user=w["users"]["officer"],
        person=w["users"]["welfare_staff"],
        organisation=w["org"],
        active=True,
    )
    assert client.get("/my/").status_code == 302
    client.post("/accounts/login/", {"username": "welfare_staff", "password": "hanbit-staff-2026"})
    assert client.get("/my/").status_code == 200


@pytest.mark.parametrize("who", ["welfare_head", "welfare_staff"])
def test_a_deactivated_delegator_or_delegate_ends_what_the_delegation_lends(w, who) -> None:
    officer, head, staff = (w["users"][n] for n in ("officer", "welfare_head", "welfare_staff"))
    delegation_create(
        user=officer,
        delegator=head,
        delegate=staff,
        unit=w["welfare"],
        kind="approval",
        starts_on=_today(),
        ends_on=_today() + WEEK,
    )

    def lent() -> list[Any]:
        return [r for r in roles_of(_fresh(staff), w["org"]) if hasattr(r, "delegation")]

    assert [r.role for r in lent()] == ["unit_manager"]
    plan = Plan.objects.get(organisation=w["org"], year=2026, kind="plan")
    assert acting_for(_fresh(staff), plan, w["welfare"], ["unit_manager"]) == head
    assert len(delegations_held(user_id=staff.pk)) == 1
    managers = users_with_role(
        organisation_id=w["org"].pk, roles=["unit_manager"], unit=w["welfare"]
    )
    assert staff in managers

    user_deactivate(user=officer, person=w["users"][who], organisation=w["org"])
    assert lent() == []
    assert delegations_held(user_id=staff.pk) == []
    managers = users_with_role(
        organisation_id=w["org"].pk, roles=["unit_manager"], unit=w["welfare"]
    )
    assert staff not in managers

    user_deactivate(user=officer, person=w["users"][who], organisation=w["org"], active=True)
    assert [r.role for r in lent()] == ["unit_manager"]  # allowed again: it counts again


def test_a_deactivated_account_cannot_lend_its_rights(w) -> None:
    officer, head, staff = (w["users"][n] for n in ("officer", "welfare_head", "welfare_staff"))
    user_deactivate(user=officer, person=head, organisation=w["org"])
    with pytest.raises(ServiceError, match="비활성화되어 있어 위임할 수 없습니다"):
        delegation_create(
            user=officer,
            delegator=_fresh(head),
            delegate=staff,
            unit=w["welfare"],
            kind="approval",
            starts_on=_today(),
            ends_on=_today() + WEEK,
        )


def test_the_pages_mark_a_delegation_of_a_deactivated_account(w) -> None:
    officer, head, staff = (w["users"][n] for n in ("officer", "welfare_head", "welfare_staff"))
    delegation_create(
        user=officer,
        delegator=head,
        delegate=staff,
        unit=w["welfare"],
        kind="approval",
        starts_on=_today(),
        ends_on=_today() + WEEK,
    )
    user_deactivate(user=officer, person=staff, organisation=w["org"])
    client = Client()
    client.force_login(officer)
    page = client.get(f"/organisations/{w['org'].pk}/people/{head.pk}/").content.decode()
    assert 'bg-light-gray">비활성 계정</span>' in page
