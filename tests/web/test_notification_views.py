"""The notifications page: the user's own, newest first, unread marked, 20 to a page with
KRDS pagination; marking one (htmx or not) or all read; and the unread count in the header,
read in one query."""

from __future__ import annotations

from html import unescape

import pytest
from django.urls import reverse

from seonggwa.notifications.models import Notification
from seonggwa.notifications.services import notify

from .conftest import htmx

pytestmark = pytest.mark.django_db

LIST = reverse("web:notifications")


@pytest.fixture
def staff_notes(people):  # type: ignore[no-untyped-def]
    staff = people["welfare_staff"]
    Notification.objects.filter(user=staff).delete()
    for i in range(25):
        notify(
            users=[staff],
            kind="rejected",
            params={
                "indicator": f"지표 {i}",
                "period": "2026",
                "value": "1",
                "by": "welfare_head",
                "reason": "증빙 누락",
            },
            link=f"/values/{i + 1}/",
        )
    return list(Notification.objects.filter(user=staff).order_by("-created_at", "-id"))


def text(response) -> str:  # type: ignore[no-untyped-def]
    return unescape(response.content.decode())


def test_notifications_need_a_signed_in_user(as_user):
    assert as_user("anonymous").get(LIST)["Location"].startswith("/accounts/login/")


def test_the_list_is_the_users_own_newest_first_in_pages(as_user, staff_notes, people):
    notify(users=[people["welfare_head"]], kind="submitted", params={"indicator": "남의 알림"})
    first = as_user("welfare_staff").get(LIST)
    html = text(first)
    assert [i.notification for i in first.context["items"]] == staff_notes[:20]
    assert "남의 알림" not in html
    assert "실적이 반려되었습니다: 지표 24" in html and "사유: 증빙 누락" in html
    assert 'href="/values/25/"' in html
    assert "krds-pagination" in html and 'aria-current="page"' in html
    second = as_user("welfare_staff").get(LIST + "?page=2")
    assert [i.notification for i in second.context["items"]] == staff_notes[20:]


def test_marking_one_read_with_htmx_swaps_the_item(as_user, staff_notes):
    note = staff_notes[0]
    response = htmx(
        as_user("welfare_staff"), "post", reverse("web:notification-read", args=[note.pk])
    )
    html = text(response)
    assert html.lstrip().startswith(f'<li id="notification-{note.pk}" class="notification">')
    assert 'role="status"' in html
    note.refresh_from_db()
    assert note.read_at is not None


def test_marking_one_read_without_htmx_returns_to_its_page(as_user, staff_notes):
    note = staff_notes[21]
    response = as_user("welfare_staff").post(
        reverse("web:notification-read", args=[note.pk]), {"page": "2"}
    )
    assert response["Location"] == LIST + "?page=2"


def test_another_persons_notification_is_not_found(as_user, staff_notes):
    response = as_user("welfare_head").post(
        reverse("web:notification-read", args=[staff_notes[0].pk])
    )
    assert response.status_code == 404
    assert Notification.objects.get(pk=staff_notes[0].pk).read_at is None


def test_marking_all_read(as_user, staff_notes):
    client = as_user("welfare_staff")
    response = client.post(LIST)
    assert "알림 25건을 읽음으로 표시했습니다." in text(client.get(response["Location"]))
    assert not Notification.objects.filter(user__username="welfare_staff", read_at=None).exists()
    again = client.post(LIST)
    assert "읽지 않은 알림이 없습니다." in text(client.get(again["Location"]))


def test_marking_read_is_a_post(as_user, staff_notes):
    assert (
        as_user("welfare_staff")
        .get(reverse("web:notification-read", args=[staff_notes[0].pk]))
        .status_code
        == 405
    )


def test_the_header_shows_the_unread_count(as_user, staff_notes):
    html = text(as_user("welfare_staff").get("/my/"))
    assert 'unread-badge">25<span class="sr-only"> 읽지 않은 알림' in html
    assert f'href="{LIST}"' in html
    Notification.objects.update(read_at="2026-01-01T00:00:00Z")
    assert "unread-badge" not in text(as_user("welfare_staff").get("/my/"))


def test_the_unread_count_is_one_query_however_many(as_user, staff_notes, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_user("welfare_staff")
    client.get("/")
    with CaptureQueriesContext(connection) as ctx:
        client.get("/")
    counts = [q["sql"] for q in ctx.captured_queries if "notifications_notification" in q["sql"]]
    assert len(counts) == 1 and "COUNT(" in counts[0].upper()


def test_the_list_asks_as_many_queries_for_a_full_page_as_for_one_notification(
    as_user, staff_notes
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_user("welfare_staff")

    def count() -> int:
        client.get(LIST)
        with CaptureQueriesContext(connection) as ctx:
            client.get(LIST)
        return len(ctx.captured_queries)

    full = count()
    Notification.objects.exclude(pk=staff_notes[0].pk).delete()
    assert count() == full <= 8
