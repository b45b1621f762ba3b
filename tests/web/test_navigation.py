"""The fixed part of every signed-in page (docs/deploy.md "What every signed-in page
costs"): the user's roles, unread count and delegations are read in one query
(``accounts.selectors.standing``), shared by the policy, the side navigation and the header
badge, and the navigation's links are worked out once per process for each set of roles.
Neither may go stale — a notification, a role granted or ended, a delegation shows on the
next page — nor leak from one person to another."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from seonggwa.accounts.models import Delegation, RoleAssignment
from seonggwa.accounts.selectors import standing
from seonggwa.accounts.services import delegation_create, role_end, role_grant
from seonggwa.notifications.services import notification_mark_read, notify
from seonggwa.organisations.models import OrgUnit
from seonggwa.policy import roles_of

pytestmark = pytest.mark.django_db

ENTRY = reverse("web:entry-start")
IMPORT = reverse("web:import-new")


def _today() -> datetime.date:
    """Today in the application's time zone, read when a test runs (a module constant
    goes stale when a run crosses midnight in Seoul)."""
    return timezone.localdate()


def nav(client: Client, path: str = "/my/") -> list[str]:
    response = client.get(path)
    assert response.status_code == 200
    return [item.url for item in response.context["site_nav"]]


def badge(client: Client) -> int:
    """The count the header shows (none: 0)."""
    found = re.search(r'unread-badge">(\d+)<', client.get("/my/").content.decode())
    return int(found.group(1)) if found else 0


def signed_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def tell(user) -> None:  # type: ignore[no-untyped-def]
    notify(users=[user], kind="submitted", params={"indicator": "새 알림"})


def test_a_signed_in_page_reads_roles_unread_count_and_delegations_in_one_query(people):
    client = signed_in(people["welfare_staff"])
    client.get("/my/")
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("web:notifications"))
    fixed = [
        q["sql"]
        for q in ctx.captured_queries
        if "accounts_roleassignment" in q["sql"] or "accounts_delegation" in q["sql"]
    ]
    assert len(fixed) == 1, fixed
    assert "notifications_notification" in fixed[0] and "COUNT(" in fixed[0].upper()
    # the session, the user, that query, and the page's own list and its count
    assert len(ctx.captured_queries) <= 5, [q["sql"][:80] for q in ctx.captured_queries]


def test_a_new_notification_shows_in_the_count_on_the_next_page(people):
    staff = people["welfare_staff"]
    client = signed_in(staff)
    before = badge(client)
    tell(staff)
    assert badge(client) == before + 1
    notification_mark_read(user=staff)
    assert badge(client) == 0
    assert "unread-badge" not in client.get("/my/").content.decode()


def test_marking_read_is_seen_by_a_page_rendered_in_the_same_request(people):
    staff = people["welfare_staff"]
    tell(staff)
    assert standing(staff).unread >= 1
    notification_mark_read(user=staff)
    assert standing(staff).unread == 0  # the same user object: read again, not kept


def test_a_user_without_roles_is_counted_too(people, django_user_model):
    lonely = django_user_model.objects.create_user("lonely", password="x-long-password-1")
    client = signed_in(lonely)
    assert badge(client) == 0
    assert ENTRY not in nav(client)
    tell(lonely)
    assert badge(client) == 1


def test_a_role_granted_or_ended_changes_the_navigation_at_once(people, sample):
    committee = people["committee"]
    client = signed_in(committee)
    assert ENTRY not in nav(client)
    assignment = role_grant(
        user=people["officer"],
        person=committee,
        organisation=sample,
        role="unit_staff",
        unit=OrgUnit.objects.get(organisation=sample, name="복지정책국"),
    )
    assert ENTRY in nav(client)
    role_end(user=people["officer"], assignment=assignment, on=_today())
    assert ENTRY not in nav(client)
    RoleAssignment.objects.filter(user=committee).update(valid_to=_today() - datetime.timedelta(1))
    assert nav(client) == [reverse("web:my-work"), reverse("web:home")]


def test_the_navigation_and_count_do_not_leak_between_people(people):
    officer, staff = signed_in(people["officer"]), signed_in(people["welfare_staff"])
    tell(people["officer"])
    tell(people["officer"])
    for _ in range(2):  # in turn, in one process: each sees their own
        assert IMPORT in nav(officer)
        assert IMPORT not in nav(staff)
        assert ENTRY in nav(staff)
    officer_count, staff_count = badge(officer), badge(staff)
    tell(people["welfare_staff"])
    assert (badge(officer), badge(staff)) == (officer_count, staff_count + 1)


def test_the_current_link_is_the_page_being_read(people):
    client = signed_in(people["welfare_staff"])
    for path, url_name in (("/my/", "web:my-work"), ("/", "web:home")):
        current = [i.url for i in client.get(path).context["site_nav"] if i.current]
        assert current == [reverse(url_name)]


def test_a_delegation_lends_its_rights_on_the_next_request(people, sample):
    committee = people["committee"]
    fresh = type(committee).objects.get(pk=committee.pk)
    assert standing(fresh).delegated is False
    assert not any(r.role.endswith("delegate") for r in roles_of(fresh, sample))
    delegation = delegation_create(
        user=people["officer"],
        delegator=people["welfare_staff"],
        delegate=committee,
        unit=OrgUnit.objects.get(organisation=sample, name="복지정책국"),
        kind=Delegation.Kind.ENTRY,
        starts_on=_today(),
        ends_on=_today() + datetime.timedelta(days=3),
    )
    later = type(committee).objects.get(pk=committee.pk)  # the next request's user
    assert standing(later).delegated is True
    lent = [r for r in roles_of(later, sample) if hasattr(r, "delegation")]
    assert [r.delegation for r in lent] == [delegation]
    Delegation.objects.filter(pk=delegation.pk).update(revoked=True)
    gone = type(committee).objects.get(pk=committee.pk)
    assert standing(gone).delegated is False
    assert not [r for r in roles_of(gone, sample) if hasattr(r, "delegation")]
