"""Notifications: said in the reader's language, once per key, e-mailed after commit."""

import pytest
from django.core import mail
from django.utils import translation

from seonggwa.notifications.messages import notification_subject, notification_text
from seonggwa.notifications.models import Notification
from seonggwa.notifications.selectors import notification_list, unread_count
from seonggwa.notifications.services import notification_mark_read, notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(sample, django_user_model):
    user = django_user_model.objects.get(username="welfare_staff")
    user.email = "staff@hanbit.example"
    user.save()
    return user


def test_a_key_is_told_once_and_mail_goes_after_commit(staff, django_capture_on_commit_callbacks):
    params = {
        "plan": "한빛시 2026",
        "period": "2026",
        "unit": "복지정책국",
        "count": 2,
        "closes": "2026-12-31",
    }
    with django_capture_on_commit_callbacks(execute=True):
        first = notify(users=[staff], kind="reminder", params=params, dedupe_key="k1")
        again = notify(users=[staff], kind="reminder", params=params, dedupe_key="k1")
    assert len(first) == 1 and again == []
    assert len(mail.outbox) == 1 and "복지정책국" in mail.outbox[0].body
    assert Notification.objects.get(pk=first[0].pk).emailed_at is not None


def test_inactive_people_are_not_told(staff):
    staff.is_active = False
    staff.save()
    assert notify(users=[staff], kind="reminder", params={}) == []


def test_the_text_follows_the_language_and_unknown_facts_show_a_dash():
    params = {
        "indicator": "지표",
        "by": "welfare_head",
        "period": "2026",
        "value": "4",
        "reason": "누락",
    }
    with translation.override("ko"):
        assert "반려" in notification_subject("rejected", params)
        assert "사유: 누락" in notification_text("rejected", params)
    with translation.override("en"):
        assert "returned" in notification_subject("rejected", params).lower()
    assert "-" in notification_text("reminder", {})


def test_unread_count_and_marking_read(staff):
    before = unread_count(user=staff)
    notify(users=[staff], kind="reminder", params={})
    assert unread_count(user=staff) == before + 1
    assert notification_mark_read(user=staff) == before + 1
    assert unread_count(user=staff) == 0
    assert notification_list(user=staff).count() >= 1


def test_a_once_only_key_reads_as_sent_after_its_first_notification(staff):
    from seonggwa.notifications.selectors import notification_sent

    assert not notification_sent(dedupe_key="reminder:1:2:2026-03-02")
    notify(users=[staff], kind="reminder", params={}, dedupe_key="reminder:1:2:2026-03-02")
    assert notification_sent(dedupe_key="reminder:1:2:2026-03-02")
    assert not notification_sent(dedupe_key="")
