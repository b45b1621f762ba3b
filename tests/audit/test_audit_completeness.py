"""Every kind of change the trail must hold (issue 16, item 5): accounts (superuser granted,
password set or changed, roles given, ended and changed, delegations), sign-ins and failed
sign-ins, findings and source documents — from the services, the admin and plain saves."""

from __future__ import annotations

import datetime
import json

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from seonggwa.accounts.services import (
    delegation_create,
    password_change,
    role_end,
    role_grant,
    user_password_reset,
)
from seonggwa.audit.context import acting_as
from seonggwa.audit.models import AuditEvent
from seonggwa.core.errors import ServiceError
from seonggwa.importers.check import plan_check
from seonggwa.importers.load import document_import
from seonggwa.organisations.models import OrgUnit
from seonggwa.plans.models import Plan
from seonggwa.sources.models import StoredFinding

pytestmark = pytest.mark.django_db

USER = "auth.User"
NEW_PASSWORD = "a-fresh-Secret-4471"


def _person_events(person, **filters):  # type: ignore[no-untyped-def]
    return AuditEvent.objects.filter(model=USER, object_pk=str(person.pk), **filters)


def _no_secret_in_trail(*secrets: str) -> None:
    text = json.dumps(list(AuditEvent.objects.values("changes", "object_repr")), default=str)
    for secret in secrets:
        assert secret not in text


def test_superuser_granted_by_a_plain_save_is_recorded_in_the_persons_organisation(
    sample, django_user_model
):
    admin = django_user_model.objects.get(username="admin")
    staff = django_user_model.objects.get(username="welfare_staff")
    with acting_as(admin):
        staff.is_superuser = True
        staff.is_staff = True
        staff.save()
    event = _person_events(staff, action="update").latest("id")
    assert event.changes["is_superuser"] == [False, True]
    assert event.actor == admin and event.organisation_id_ref == sample.pk


def test_a_password_set_outside_the_services_is_recorded_without_the_hash(
    sample, django_user_model
):
    staff = django_user_model.objects.get(username="welfare_staff")
    old_hash = staff.password
    with acting_as(None, "shell"):
        staff.set_password(NEW_PASSWORD)
        staff.save()
    event = _person_events(staff, action="update").latest("id")
    assert event.changes == {"password": [None, "changed"]} and event.actor_label == "shell"
    _no_secret_in_trail(NEW_PASSWORD, old_hash, staff.password)


def test_the_password_services_record_one_event_each(sample, django_user_model):
    officer = django_user_model.objects.get(username="officer")
    staff = django_user_model.objects.get(username="welfare_staff")
    before = _person_events(staff).count()
    temporary = user_password_reset(user=officer, person=staff, organisation=sample)
    assert _person_events(staff).count() == before + 1
    staff.refresh_from_db()
    password_change(user=staff, person=staff, password=NEW_PASSWORD)
    assert _person_events(staff).count() == before + 2
    changed = _person_events(staff).latest("id")
    assert changed.changes["password"] == [None, "changed by the person"]
    assert changed.organisation_id_ref == sample.pk  # seen by the person's own office
    _no_secret_in_trail(NEW_PASSWORD, temporary)


def test_django_groups_given_in_the_admin_are_recorded(sample, django_user_model):
    staff = django_user_model.objects.get(username="welfare_staff")
    group = Group.objects.create(name="auditors")
    staff.groups.add(group)
    assert _person_events(staff).latest("id").changes == {"groups": [None, [group.pk]]}


def test_roles_given_changed_and_ended_are_recorded(sample, django_user_model):
    officer = django_user_model.objects.get(username="officer")
    committee = django_user_model.objects.get(username="committee")
    unit = OrgUnit.objects.get(organisation=sample, name="복지정책국")
    given = role_grant(
        user=officer,
        person=committee,
        organisation=sample,
        role="unit_staff",
        unit=unit,
        valid_from=timezone.localdate() - datetime.timedelta(days=10),
    )
    events = AuditEvent.objects.filter(model="accounts.RoleAssignment", object_pk=str(given.pk))
    assert events.get(action="create").changes["role"] == [None, "unit_staff"]
    with acting_as(officer):  # changed in place (the admin's role page)
        given.role = "unit_manager"
        given.save()
    assert events.get(action="update").changes["role"] == ["unit_staff", "unit_manager"]
    role_end(user=officer, assignment=given)
    ended = events.filter(action="update").latest("id")
    assert ended.changes["valid_to"][0] is None and ended.actor == officer
    assert all(e.organisation_id_ref == sample.pk for e in events)


def test_a_delegation_is_recorded(sample, django_user_model):
    users = {u.username: u for u in django_user_model.objects.all()}
    delegation = delegation_create(
        user=users["officer"],
        delegator=users["welfare_head"],
        delegate=users["welfare_staff"],
        unit=OrgUnit.objects.get(organisation=sample, name="복지정책국"),
        kind="approval",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + datetime.timedelta(days=3),
    )
    event = AuditEvent.objects.get(
        model="accounts.Delegation", object_pk=str(delegation.pk), action="create"
    )
    assert event.actor == users["officer"] and event.changes["kind"] == [None, "approval"]


def test_a_sign_in_is_recorded_with_the_address(sample, client, django_user_model):
    response = client.post(
        reverse("web:login"),
        {"username": "welfare_staff", "password": "hanbit-staff-2026"},
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 302
    staff = django_user_model.objects.get(username="welfare_staff")
    event = _person_events(staff, action="login").get()
    assert event.changes == {"ip": [None, "203.0.113.7"]}
    assert event.actor == staff and event.organisation_id_ref == sample.pk
    assert event.get_action_display() != "login"  # shown by its label


@pytest.mark.parametrize("username", ["welfare_staff", "nobody-here"])
def test_a_failed_sign_in_keeps_the_name_tried_and_the_address_never_the_password(
    sample, client, username
):
    wrong = "wrong-password-98765"
    response = client.post(
        reverse("web:login"), {"username": username, "password": wrong}, REMOTE_ADDR="198.51.100.2"
    )
    assert response.status_code in (200, 403, 429)
    event = AuditEvent.objects.filter(action="login_failed").latest("id")
    assert event.changes == {"username": [None, username], "ip": [None, "198.51.100.2"]}
    assert event.actor is None and event.object_repr == username
    _no_secret_in_trail(wrong)


@pytest.fixture
def imported(seed_text):  # type: ignore[no-untyped-def]
    return document_import(organisation_name="출처시", year=2022, path_or_text=seed_text("001"))


def test_a_changed_sha256_is_recorded_and_reimport_no_longer_counts_as_already_imported(
    imported, seed_text
):
    document = imported.document
    original = document.sha256
    with acting_as(None, "shell"):
        document.sha256 = "0" * 64
        document.save()
    event = AuditEvent.objects.get(
        model="sources.SourceDocument", object_pk=str(document.pk), action="update"
    )
    assert event.changes["sha256"] == [original, "0" * 64]
    assert event.organisation_id_ref == imported.organisation.pk
    # the tampering defeats "already imported": the same file is now "another file" — the
    # trail above is how it is found out
    with pytest.raises(ServiceError, match="--replace"):
        document_import(organisation_name="출처시", year=2022, path_or_text=seed_text("001"))


def test_findings_edited_or_deleted_are_recorded(imported):
    finding = StoredFinding.objects.filter(plan=imported.plan).order_by("pk").first()
    with acting_as(None, "shell"):
        finding.message = "고침"
        finding.save()
        pk = finding.pk
        finding.delete()
    events = AuditEvent.objects.filter(model="sources.StoredFinding", object_pk=str(pk))
    assert events.get(action="update").changes["message"][1] == "고침"
    assert events.get(action="delete").changes["message"] == ["고침", None]


def test_seonggwa_check_records_one_event_for_the_replaced_rule_findings(imported):
    plan = Plan.objects.get(pk=imported.plan.pk)
    before = AuditEvent.objects.count()
    with acting_as(None, "cli:check"):
        plan_check(plan=plan)
        plan_check(plan=plan)
    events = AuditEvent.objects.order_by("id")[before:]
    assert [e.action for e in events] == ["check", "check"]
    first, second = (e.changes["check_findings"] for e in events)
    assert second[0] == second[1] == first[1]


def test_superuser_granted_in_the_admin_is_recorded_as_the_admin(sample, client, django_user_model):
    admin = django_user_model.objects.get(username="admin")
    staff = django_user_model.objects.get(username="welfare_staff")
    client.force_login(admin)
    url = reverse("admin:auth_user_change", args=[staff.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "username": staff.username,
            "first_name": "",
            "last_name": "",
            "email": "",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": staff.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": staff.date_joined.strftime("%H:%M:%S"),
        },
    )
    assert response.status_code == 302, response.content[:2000]
    event = _person_events(staff, action="update").latest("id")
    assert event.changes["is_superuser"] == [False, True]
    assert event.actor == admin and event.actor_label == "admin"


def test_the_admin_trail_shows_the_sign_in_actions_in_korean(sample, client, django_user_model):
    client.post(reverse("web:login"), {"username": "welfare_staff", "password": "not-it-12345"})
    client.force_login(django_user_model.objects.get(username="admin"))
    page = client.get(reverse("admin:audit_auditevent_changelist"), {"action": "login_failed"})
    assert page.status_code == 200
    assert "로그인 실패" in page.content.decode()
