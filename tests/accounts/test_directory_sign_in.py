"""Directory sign-in: people of the organisation's directory (LDAP) sign in at the site's own
form with their directory password, and the directory's groups give them their roles at each
sign-in (``SEONGGWA_LDAP_ROLE_MAP``); the local accounts sign in beside them. Against a real
OpenLDAP server (``directory`` in conftest.py), set up from the environment as a deployment
is (``seonggwa.config.directory``)."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, override_settings
from django.utils import timezone

from seonggwa.accounts.checks import role_map_check
from seonggwa.accounts.directory import role_map_parse
from seonggwa.accounts.models import RoleAssignment
from seonggwa.audit.models import AuditEvent
from seonggwa.config.directory import BACKEND, directory_settings

from .conftest import PEOPLE, Directory, group_dn

LOGIN = "/accounts/login/"
WRONG = "아이디 또는 비밀번호가 올바르지 않습니다."
ROLE_MAP = [
    {
        "group": group_dn("welfare-staff"),
        "organisation": "한빛시",
        "role": "unit_staff",
        "unit": "복지정책국",
    },
    {
        "group": group_dn("welfare-managers"),
        "organisation": "한빛시",
        "role": "unit_manager",
        "unit": "복지정책국",
    },
    # spelled as a person would type it: the comparison ignores case and spaces
    {
        "group": "CN=Evaluation-Office, OU=Groups, DC=hanbit, DC=example",
        "organisation": "한빛시",
        "role": "evaluation_officer",
    },
    {
        "group": group_dn("climate-staff"),
        "organisation": "한빛시",
        "role": "unit_staff",
        "unit": "기후환경국",
    },
    # 환경녹지국 became 기후환경국 on 2026-01-01: no unit of that name is valid today
    {
        "group": group_dn("hiking-club"),
        "organisation": "한빛시",
        "role": "unit_staff",
        "unit": "환경녹지국",
    },
]


@pytest.fixture
def ldap_on(directory: Directory, sample) -> Iterator[Directory]:  # type: ignore[no-untyped-def]
    """Directory sign-in switched on, as SEONGGWA_LDAP_* in the environment would."""
    environ = directory.environ(SEONGGWA_LDAP_ROLE_MAP=json.dumps(ROLE_MAP))
    with override_settings(**directory_settings(environ, settings.AUTHENTICATION_BACKENDS)):
        yield directory


def sign_in(client: Client, username: str, password: str):  # type: ignore[no-untyped-def]
    return client.post(LOGIN, {"username": username, "password": password})


def password(uid: str) -> str:
    return PEOPLE[uid][3]


def my_roles(client: Client) -> list[tuple[str, str]]:
    """(role, where) of each card of "내 역할" on /my/."""
    html = client.get("/my/").content.decode()
    section = re.search(r'<section[^>]*id="work-roles".*?</section>', html, re.S)
    assert section is not None
    return re.findall(
        r'<p class="c-tit"><span class="span">(.*?)</span></p>\s*<p class="c-txt">(.*?)</p>',
        section.group(0),
    )


def test_a_directory_user_signs_in_and_lands_on_my_work_with_the_mapped_role(
    ldap_on, django_user_model
):
    client = Client()
    response = sign_in(client, "minji.kim", password("minji.kim"))
    assert response.status_code == 302 and response["Location"] == "/my/"
    assert my_roles(client) == [("부서 담당자", "한빛시 · 복지정책국")]
    user = django_user_model.objects.get(username="minji.kim")
    # the person comes from the directory; seonggwa keeps no password of theirs
    assert (user.first_name, user.last_name, user.email) == (
        "민지",
        "김",
        "minji.kim@hanbit.example",
    )
    assert not user.has_usable_password() and not user.is_staff
    assert "김" in client.get("/my/").content.decode()
    # the hiking club maps to a unit that no longer exists: left out, the rest still applies
    assert [(a.role, a.unit.name) for a in RoleAssignment.objects.filter(user=user)] == [
        ("unit_staff", "복지정책국")
    ]
    assignment = RoleAssignment.objects.get(user=user)
    event = AuditEvent.objects.get(model="accounts.RoleAssignment", object_pk=str(assignment.pk))
    assert (event.action, event.actor_label) == ("create", "ldap")


def test_the_officer_of_the_directory_reaches_the_admin_site(ldap_on, django_user_model):
    client = Client()
    assert sign_in(client, "junho.lee", password("junho.lee"))["Location"] == "/my/"
    assert my_roles(client) == [("평가담당관", "한빛시")]
    assert django_user_model.objects.get(username="junho.lee").is_staff
    assert client.get("/admin/").status_code == 200


def test_a_wrong_directory_password_is_refused_with_the_usual_message(ldap_on, django_user_model):
    response = sign_in(Client(), "minji.kim", "not-the-directory-password")
    assert response.status_code == 200 and WRONG in response.content.decode()
    unknown = sign_in(Client(), "nobody.here", "whatever-password")
    assert unknown.status_code == 200 and WRONG in unknown.content.decode()
    assert not django_user_model.objects.filter(username__in=["minji.kim", "nobody.here"]).exists()


def test_leaving_a_group_takes_the_role_away_at_the_next_sign_in(ldap_on, django_user_model):
    client = Client()
    sign_in(client, "junho.lee", password("junho.lee"))
    assert my_roles(client) == [("평가담당관", "한빛시")]
    ldap_on.group_remove("evaluation-office", "junho.lee")
    ldap_on.group_add("climate-staff", "junho.lee")
    try:
        client = Client()
        assert sign_in(client, "junho.lee", password("junho.lee"))["Location"] == "/my/"
        # the directory moved him: the office's role is gone, the new unit's is there
        assert my_roles(client) == [("부서 담당자", "한빛시 · 기후환경국")]
        user = django_user_model.objects.get(username="junho.lee")
        assert not user.is_staff
        assert client.get("/admin/").status_code == 302
        removed = AuditEvent.objects.get(model="accounts.RoleAssignment", action="delete")
        assert removed.actor_label == "ldap" and "평가담당관" in removed.object_repr
    finally:
        ldap_on.group_add("evaluation-office", "junho.lee")
        ldap_on.group_remove("climate-staff", "junho.lee")


def test_a_role_held_before_today_ends_yesterday_and_comes_back_from_today(
    ldap_on, django_user_model
):
    """Leaving a group ends the role (history stays); joining it again gives it anew."""
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    client = Client()
    sign_in(client, "junho.lee", password("junho.lee"))
    user = django_user_model.objects.get(username="junho.lee")
    first = RoleAssignment.objects.get(user=user)
    assert first.valid_from == today  # the directory gives a role from the day it says so
    RoleAssignment.objects.filter(pk=first.pk).update(
        valid_from=today - datetime.timedelta(days=90)  # as if given in the spring
    )
    ldap_on.group_remove("evaluation-office", "junho.lee")
    try:
        client = Client()
        sign_in(client, "junho.lee", password("junho.lee"))
        assert my_roles(client) == []
        first.refresh_from_db()
        assert first.valid_to == yesterday  # ended, not deleted: who held it stays readable
        ended = AuditEvent.objects.get(
            model="accounts.RoleAssignment", object_pk=str(first.pk), action="update"
        )
        assert ended.actor_label == "ldap"
        assert ended.changes == {"valid_to": [None, str(yesterday)]}
        user.refresh_from_db()
        assert not user.is_staff and client.get("/admin/").status_code == 302
        # signing in again changes nothing more
        sign_in(Client(), "junho.lee", password("junho.lee"))
        assert RoleAssignment.objects.filter(user=user).count() == 1
    finally:
        ldap_on.group_add("evaluation-office", "junho.lee")
    client = Client()
    sign_in(client, "junho.lee", password("junho.lee"))
    assert my_roles(client) == [("평가담당관", "한빛시")]
    again = RoleAssignment.objects.filter(user=user).order_by("pk")
    assert [(a.valid_from, a.valid_to) for a in again] == [
        (today - datetime.timedelta(days=90), yesterday),
        (today, None),
    ]
    user.refresh_from_db()
    assert user.is_staff


def test_a_directory_session_ends_when_the_office_deactivates_the_account(
    ldap_on, sample, django_user_model
):
    from seonggwa.accounts.services import user_deactivate

    client = Client()
    sign_in(client, "minji.kim", password("minji.kim"))
    assert client.get("/my/").status_code == 200
    user_deactivate(
        user=django_user_model.objects.get(username="officer"),
        person=django_user_model.objects.get(username="minji.kim"),
        organisation=sample,
    )
    refused = client.get("/my/")
    assert refused.status_code == 302 and refused["Location"].startswith(LOGIN)
    # the directory still knows the password, but seonggwa keeps the account off
    again = sign_in(Client(), "minji.kim", password("minji.kim"))
    assert again.status_code == 200


def test_a_directory_sign_in_is_not_held_by_a_temporary_password(
    ldap_on, sample, django_user_model
):
    """The office made a local account of the same name: its temporary password is for the
    local sign-in only; signing in with the directory's password goes straight to work."""
    from seonggwa.accounts.services import user_create

    user_create(
        user=django_user_model.objects.get(username="officer"),
        username="minji.kim",
        password="temp-pass-2026!",
        organisation=sample,
        role="committee_member",
    )
    client = Client()
    assert sign_in(client, "minji.kim", password("minji.kim"))["Location"] == "/my/"
    assert client.get("/my/").status_code == 200
    local = Client()
    sign_in(local, "minji.kim", "temp-pass-2026!")
    assert local.get("/my/")["Location"] == "/accounts/password/"


def test_a_person_in_no_mapped_group_signs_in_with_no_role(ldap_on):
    ldap_on.group_remove("welfare-staff", "jiwoo.choi")
    try:
        client = Client()
        assert sign_in(client, "jiwoo.choi", password("jiwoo.choi"))["Location"] == "/my/"
        assert my_roles(client) == []
        assert "아직 맡은 역할이 없습니다" in client.get("/my/").content.decode()
    finally:
        ldap_on.group_add("welfare-staff", "jiwoo.choi")


def test_roles_given_in_seonggwa_stay_beside_the_directorys(ldap_on, sample, django_user_model):
    from seonggwa.accounts.services import role_assign

    client = Client()
    sign_in(client, "seoyeon.park", password("seoyeon.park"))
    user = django_user_model.objects.get(username="seoyeon.park")
    role_assign(user=user, organisation=sample, role="committee_member")  # by the office
    client = Client()
    sign_in(client, "seoyeon.park", password("seoyeon.park"))
    assert sorted(my_roles(client)) == [
        ("부서 담당자", "한빛시 · 기후환경국"),
        ("부서장", "한빛시 · 복지정책국"),
        ("평가위원", "한빛시"),
    ]


@pytest.mark.parametrize(
    ("username", "secret"),
    [("welfare_staff", "hanbit-staff-2026"), ("officer", "hanbit-officer-2026")],
)
def test_local_accounts_still_sign_in_beside_the_directory(ldap_on, username, secret):
    client = Client()
    response = sign_in(client, username, secret)
    assert response.status_code == 302 and response["Location"] == "/my/"
    assert my_roles(client)  # their roles, given in seonggwa, untouched
    assert WRONG in sign_in(Client(), username, "wrong-password").content.decode()


def test_directory_sign_in_is_off_without_its_uri():
    assert directory_settings({}, ["x"]) == {}
    assert BACKEND not in settings.AUTHENTICATION_BACKENDS
    assert settings.SEONGGWA_LDAP_ROLE_MAP == ()


@pytest.mark.parametrize(
    ("environ", "says"),
    [
        ({"SEONGGWA_LDAP_URI": "ldap://x"}, "SEONGGWA_LDAP_USER_SEARCH_BASE"),
        (
            {
                "SEONGGWA_LDAP_URI": "ldap://x",
                "SEONGGWA_LDAP_USER_DN_TEMPLATE": "uid=%(user)s,dc=x",
                "SEONGGWA_LDAP_ROLE_MAP": '[{"group": "cn=a"}]',
                "SEONGGWA_LDAP_GROUP_SEARCH_BASE": "dc=x",
            },
            "1번째 항목에 'organisation'",
        ),
        (
            {
                "SEONGGWA_LDAP_URI": "ldap://x",
                "SEONGGWA_LDAP_USER_DN_TEMPLATE": "uid=%(user)s,dc=x",
                "SEONGGWA_LDAP_ROLE_MAP": '[{"group": "cn=a", "organisation": "o", "role": "r"}]',
            },
            "SEONGGWA_LDAP_GROUP_SEARCH_BASE",
        ),
        (
            {
                "SEONGGWA_LDAP_URI": "ldap://x",
                "SEONGGWA_LDAP_USER_DN_TEMPLATE": "uid=%(user)s,dc=x",
                "SEONGGWA_LDAP_GROUP_TYPE": "fancyGroup",
            },
            "가능한 값: groupOfNames",
        ),
        (
            {
                "SEONGGWA_LDAP_URI": "ldap://x",
                "SEONGGWA_LDAP_USER_DN_TEMPLATE": "uid=%(user)s,dc=x",
                "SEONGGWA_LDAP_ROLE_MAP_FILE": "/nonexistent/roles.json",
            },
            "/nonexistent/roles.json",
        ),
    ],
)
def test_a_wrong_directory_setting_says_what_to_fix(directory, environ, says):
    with pytest.raises(ImproperlyConfigured, match=re.escape(says)):
        directory_settings(environ, [])


def test_the_role_map_may_come_from_a_file(directory, tmp_path):
    path = tmp_path / "roles.json"
    path.write_text(json.dumps(ROLE_MAP[:1]), encoding="utf-8")
    found = directory_settings(
        directory.environ(SEONGGWA_LDAP_ROLE_MAP_FILE=str(path)), ["django.x.ModelBackend"]
    )
    assert [e.unit for e in found["SEONGGWA_LDAP_ROLE_MAP"]] == ["복지정책국"]
    assert found["AUTHENTICATION_BACKENDS"] == ["django.x.ModelBackend", BACKEND]


def test_the_start_up_check_names_an_unknown_role_and_a_unit_role_without_unit():
    entries = role_map_parse(
        json.dumps(
            [
                {"group": "cn=a", "organisation": "한빛시", "role": "mayor"},
                {"group": "cn=b", "organisation": "한빛시", "role": "unit_staff"},
                {"group": "cn=c", "organisation": "한빛시", "role": "committee_member"},
            ]
        )
    )
    with override_settings(SEONGGWA_LDAP_ROLE_MAP=entries):
        errors = role_map_check()
    assert [e.id for e in errors] == ["accounts.E001", "accounts.E002"]
    assert "mayor" in errors[0].msg and "부서가 필요" in errors[1].msg


def test_with_the_directory_down_local_accounts_still_sign_in(directory, sample):
    environ = directory.environ(SEONGGWA_LDAP_URI="ldap://127.0.0.1:9")  # nobody listens
    with override_settings(**directory_settings(environ, settings.AUTHENTICATION_BACKENDS)):
        assert sign_in(Client(), "welfare_staff", "hanbit-staff-2026")["Location"] == "/my/"
        refused = sign_in(Client(), "minji.kim", password("minji.kim"))
        assert refused.status_code == 200 and WRONG in refused.content.decode()
