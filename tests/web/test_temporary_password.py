"""A temporary password set by the evaluation office (a new account, a reset) is changed at
the first sign-in: until then every page sends the person to the password change; the
change lifts it. The operator's accounts (``createuser``, the sample) are not affected."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from seonggwa.accounts.models import TemporaryPassword
from seonggwa.accounts.selectors import password_change_required
from seonggwa.accounts.services import (
    password_change,
    user_create,
    user_password_reset,
)
from seonggwa.audit.models import AuditEvent
from seonggwa.core.errors import PermissionDenied
from seonggwa.organisations.models import Organisation, OrgUnit

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
CHANGE = "/accounts/password/"
NEW = "my-own-pass-2026!"


def _staff(sample: Organisation, officer: Any) -> Any:
    return user_create(
        user=officer,
        username="kim",
        password="temp-pass-2026!",
        organisation=sample,
        role="unit_staff",
        unit=OrgUnit.objects.get(organisation=sample, name="교통건설국"),
    )


def test_the_offices_password_is_temporary_the_operators_is_not(sample, people) -> None:
    kim = _staff(sample, people["officer"])
    assert password_change_required(user_id=kim.pk)
    by_operator = user_create(username="op", password="operator-pass-2026!")
    assert not password_change_required(user_id=by_operator.pk)
    for name in ("admin", "officer", "welfare_head", "welfare_staff", "committee"):
        assert not password_change_required(user_id=people[name].pk), name
    created = AuditEvent.objects.get(model="auth.User", object_pk=str(kim.pk), action="create")
    assert created.changes["password_change_required"] == [None, True]
    assert created.actor == people["officer"]


def test_a_reset_makes_the_password_temporary_and_the_persons_change_lifts_it(
    sample, people
) -> None:
    staff = people["welfare_staff"]
    user_password_reset(user=people["officer"], person=staff, organisation=sample)
    assert password_change_required(user_id=staff.pk)
    with pytest.raises(PermissionDenied):  # nobody changes another person's password here
        password_change(user=people["officer"], person=staff, password=NEW)
    assert password_change_required(user_id=staff.pk)
    password_change(user=staff, person=staff, password=NEW)
    staff.refresh_from_db()
    assert staff.check_password(NEW) and not password_change_required(user_id=staff.pk)
    event = AuditEvent.objects.filter(model="auth.User", object_pk=str(staff.pk)).latest("pk")
    assert event.actor == staff
    assert event.changes == {
        "password": [None, "changed by the person"],
        "password_change_required": [True, False],
    }


def test_the_first_sign_in_leads_to_the_password_change_and_nowhere_else(sample, people) -> None:
    kim = _staff(sample, people["officer"])
    client = Client()
    response = client.post(LOGIN, {"username": "kim", "password": "temp-pass-2026!"})
    assert response.status_code == 302
    for url in ("/my/", "/entry/", "/notifications/", "/admin/", "/plans/1/"):
        refused = client.get(url)
        assert (refused.status_code, refused["Location"]) == (302, CHANGE), url
    page = client.get(CHANGE)
    text = page.content.decode()
    assert page.status_code == 200 and "임시 비밀번호" in text
    assert 'href="/my/" class="krds-btn large tertiary"' not in text  # no way around it
    weak = client.post(
        CHANGE, {"old_password": "temp-pass-2026!", "new_password1": "1", "new_password2": "1"}
    )
    assert weak.status_code == 200 and client.get("/my/").status_code == 302
    done = client.post(
        CHANGE, {"old_password": "temp-pass-2026!", "new_password1": NEW, "new_password2": NEW}
    )
    assert (done.status_code, done["Location"]) == (302, "/accounts/password/done/")
    assert client.get("/my/").status_code == 200  # still signed in, every page open
    assert not TemporaryPassword.objects.filter(user=kim).exists()
    again = Client()
    again.post(LOGIN, {"username": "kim", "password": NEW})
    assert again.get("/my/").status_code == 200


def test_signing_out_stays_open_and_the_sample_accounts_go_straight_to_work(people) -> None:
    client = Client()
    client.post(LOGIN, {"username": "officer", "password": "hanbit-officer-2026"})
    assert client.get("/my/").status_code == 200
    get_user_model()  # the sample's passwords are the operator's, never temporary
    staff = people["welfare_staff"]
    TemporaryPassword.objects.create(user=staff)
    forced = Client()
    forced.post(LOGIN, {"username": "welfare_staff", "password": "hanbit-staff-2026"})
    assert forced.get("/my/").status_code == 302
    assert forced.post("/accounts/logout/").status_code == 302
    assert forced.get("/my/")["Location"].startswith(LOGIN)
