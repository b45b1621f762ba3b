"""Signing in on the site itself (every role, not only staff), signing out, changing one's
password, the session's lifetime and the login throttle (django-axes)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORDS = {
    "admin": "hanbit-admin-2026",
    "officer": "hanbit-officer-2026",
    "welfare_head": "hanbit-manager-2026",
    "welfare_staff": "hanbit-staff-2026",
    "committee": "hanbit-committee-2026",
}
LOGIN = "/accounts/login/"
WRONG = "아이디 또는 비밀번호가 올바르지 않습니다."
LOCKED = "로그인이 잠시 중지되었습니다"


def sign_in(client: Client, username: str, password: str, **extra: str):  # type: ignore[no-untyped-def]
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def test_the_urls_of_signing_in_are_the_sites_own():
    assert reverse("web:login") == LOGIN
    assert reverse("web:logout") == "/accounts/logout/"
    assert reverse("web:password-change") == "/accounts/password/"
    assert reverse("web:password-change-done") == "/accounts/password/done/"
    assert settings.LOGIN_URL == "web:login" and settings.LOGIN_REDIRECT_URL == "web:my-work"


def test_the_login_page_is_a_korean_krds_form(client):
    html = client.get(LOGIN).content.decode()
    for text in ['<html lang="ko">', "krds-input", "아이디", "비밀번호", 'id="krds-header"']:
        assert text in html, text
    assert client.get(LOGIN, headers={"accept-language": "en"}).content.decode().count("Username")


@pytest.mark.parametrize("username", list(PASSWORDS))
def test_every_role_signs_in_here_and_lands_on_my_work(client, sample, username):
    response = sign_in(client, username, PASSWORDS[username])
    assert response.status_code == 302 and response["Location"] == "/my/"
    assert client.get("/my/").status_code == 200


def test_signing_in_goes_back_to_the_page_asked_for(client, sample):
    assert client.get("/my/")["Location"] == "/accounts/login/?next=/my/"
    response = sign_in(client, "welfare_staff", PASSWORDS["welfare_staff"], next="/plans/1/")
    assert response["Location"] == "/plans/1/"
    foreign = sign_in(Client(), "committee", PASSWORDS["committee"], next="https://evil.example/")
    assert foreign["Location"] == "/my/"


def test_a_wrong_password_and_an_unknown_user_get_the_same_plain_message(client, sample):
    wrong = sign_in(client, "welfare_staff", "not-the-password")
    unknown = sign_in(client, "nobody-here", "not-the-password")
    assert wrong.status_code == unknown.status_code == 200
    for response in (wrong, unknown):
        html = response.content.decode()
        assert WRONG in html and 'role="alert"' in html
        assert "nobody-here" not in html.replace('value="nobody-here"', "")
    en = client.post(
        LOGIN, {"username": "nobody", "password": "x"}, headers={"accept-language": "en"}
    ).content.decode()
    assert "Incorrect username or password." in en


def test_an_inactive_account_reads_like_a_wrong_password(client, sample, django_user_model):
    user = django_user_model.objects.get(username="committee")
    user.is_active = False
    user.save()
    assert WRONG in sign_in(client, "committee", PASSWORDS["committee"]).content.decode()


def test_signing_out_is_a_post_that_says_so(client, sample):
    sign_in(client, "welfare_staff", PASSWORDS["welfare_staff"])
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/", follow=True)
    assert response.redirect_chain[-1][0] == "/"
    html = response.content.decode()
    assert "로그아웃했습니다." in html and 'role="status"' in html
    assert client.get("/my/").status_code == 302


def test_the_header_shows_the_signed_in_user_and_a_sign_out_form(client, sample, django_user_model):
    html = client.get("/").content.decode()
    assert 'href="/accounts/login/"' in html and "welfare_staff" not in html
    sign_in(client, "welfare_staff", PASSWORDS["welfare_staff"])
    html = client.get("/").content.decode()
    assert "welfare_staff" in html and 'action="/accounts/logout/"' in html
    assert 'href="/admin/"' not in html  # the admin link is for staff only
    client.force_login(django_user_model.objects.get(username="officer"))  # staff
    assert 'href="/admin/"' in client.get("/").content.decode()


def test_a_user_changes_the_password_here(client, sample, django_user_model):
    assert client.get("/accounts/password/")["Location"].startswith(LOGIN)
    sign_in(client, "welfare_staff", PASSWORDS["welfare_staff"])
    form = client.get("/accounts/password/").content.decode()
    assert "기존 비밀번호" in form and "krds-input" in form
    bad = client.post(
        "/accounts/password/",
        {"old_password": "wrong", "new_password1": "x", "new_password2": "y"},
    ).content.decode()
    assert "form-hint-invalid" in bad and 'aria-invalid="true"' in bad
    done = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORDS["welfare_staff"],
            "new_password1": "a-new-long-passphrase-7",
            "new_password2": "a-new-long-passphrase-7",
        },
        follow=True,
    )
    assert done.redirect_chain[-1][0] == "/accounts/password/done/"
    assert "비밀번호가 바뀌었습니다" in done.content.decode()
    user = django_user_model.objects.get(username="welfare_staff")
    assert user.check_password("a-new-long-passphrase-7")


def test_a_session_lasts_a_working_day_and_ends_with_the_browser(client, sample):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    response = sign_in(client, "welfare_staff", PASSWORDS["welfare_staff"])
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["expires"] and not cookie["max-age"]  # a browser-session cookie
    assert client.session.get_expiry_age() == 8 * 3600


def test_the_session_hours_come_from_the_environment(monkeypatch):
    import importlib

    import seonggwa.config.settings.base as base

    monkeypatch.setenv("SEONGGWA_SESSION_HOURS", "2")
    monkeypatch.setenv("SEONGGWA_LOGIN_FAILURE_LIMIT", "7")
    monkeypatch.setenv("SEONGGWA_LOGIN_COOLOFF_MINUTES", "30")
    try:
        reloaded = importlib.reload(base)
        assert reloaded.SESSION_COOKIE_AGE == 2 * 3600
        assert reloaded.AXES_FAILURE_LIMIT == 7
        assert reloaded.AXES_COOLOFF_TIME.total_seconds() == 30 * 60
    finally:
        monkeypatch.undo()
        importlib.reload(base)


@override_settings(AXES_FAILURE_LIMIT=3)
@pytest.mark.parametrize("username", ["welfare_head", "no-such-user"])
def test_repeated_failures_pause_signing_in_for_that_name_and_address(client, sample, username):
    for _ in range(2):
        assert sign_in(client, username, "guess").status_code == 200
    locked = sign_in(client, username, "guess")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert LOCKED in html and "3번" in html and "15분" in html
    assert username not in html  # the page names no account, known or not
    # while locked even the right password is refused; another name from the same address
    # and the same name from another address are not affected
    again = sign_in(client, username, PASSWORDS.get(username, "x"))
    assert again.status_code == 429 and "_auth_user_id" not in client.session
    assert sign_in(Client(), "committee", PASSWORDS["committee"]).status_code == 302
    elsewhere = Client(REMOTE_ADDR="10.0.0.9")
    if username in PASSWORDS:
        assert sign_in(elsewhere, username, PASSWORDS[username]).status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_success_resets_the_count_of_failures(client, sample):
    for _ in range(2):
        sign_in(client, "welfare_staff", "guess")
    assert sign_in(client, "welfare_staff", PASSWORDS["welfare_staff"]).status_code == 302
    client.post("/accounts/logout/")
    for _ in range(2):
        assert sign_in(client, "welfare_staff", "guess").status_code == 200


def test_the_admin_login_stays_staff_only(client, sample):
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "welfare_staff", "password": PASSWORDS["welfare_staff"]},
    )
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    ok = client.post(
        "/admin/login/?next=/admin/",
        {"username": "officer", "password": PASSWORDS["officer"]},
    )
    assert ok.status_code == 302 and ok["Location"] == "/admin/"
