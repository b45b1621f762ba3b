"""The unit managers' approvals page: who reaches it, what each row shows (target, reading,
achievement and grade rounded half-up, who submitted), approving one or many with the
version read (a stale one reported, not overwritten), returning one with a required reason,
and the htmx partials."""

from __future__ import annotations

from html import unescape

import pytest
from django.urls import reverse

from seonggwa.notifications.models import Notification
from seonggwa.plans.models import Indicator
from seonggwa.results.models import IndicatorValue
from seonggwa.results.services import actual_enter, actual_reject, actual_submit

from .conftest import htmx

pytestmark = pytest.mark.django_db


@pytest.fixture
def crisis(plan):  # type: ignore[no-untyped-def]
    """복지정책국's submitted actual in the sample (230(1,942) against 480(2,192))."""
    return IndicatorValue.objects.get(
        indicator__plan=plan, indicator__name="위기가구 발굴 건수 (누계)", kind="actual"
    )


@pytest.fixture
def satisfaction(plan, people):  # type: ignore[no-untyped-def]
    """A second submitted actual of 복지정책국, entered and submitted by welfare_staff."""
    indicator = Indicator.objects.get(plan=plan, name="복지서비스 이용 만족도")
    staff = people["welfare_staff"]
    value = actual_enter(indicator=indicator, year=2026, raw_text="4.2", user=staff)
    return actual_submit(value=value, expected_version=value.version, user=staff)


def url(plan, name="approvals", *args):  # type: ignore[no-untyped-def]
    return reverse(f"web:{name}", args=[plan.pk, *args])


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("admin", 200),
        ("officer", 200),
        ("welfare_head", 200),
        ("welfare_staff", 403),
        ("committee", 403),
        ("outsider", 403),
    ],
)
def test_the_approvals_are_for_managers_and_the_central_roles(as_user, plan, who, status):
    response = as_user(who).get(url(plan))
    assert response.status_code == status
    if who == "anonymous":
        assert response["Location"].startswith("/accounts/login/")


def test_a_draft_plan_of_another_organisation_is_not_found(as_user, draft):
    assert as_user("outsider").get(url(draft)).status_code == 404
    assert as_user("welfare_head").get(url(draft)).status_code == 200


def test_each_row_shows_the_target_the_reading_the_grade_and_who_submitted(as_user, plan, crisis):
    html = as_user("welfare_head").get(url(plan)).content.decode()
    for text in [
        "위기가구 발굴 건수 (누계)",
        "복지정책국",
        "480(2,192)",  # the target
        "230(1,942)",  # the submitted raw text
        "연간 230 · 누계 1942",  # its reading
        "47.9%",  # 230 / 480, half-up to one decimal
        "미달성",
        "welfare_staff",
        f'href="/values/{crisis.pk}/"',
        f'value="{crisis.pk}:{crisis.version}"',
    ]:
        assert text in html, text


def test_a_manager_sees_only_the_units_actuals_the_officer_every_units(as_user, plan):
    head = as_user("welfare_head").get(url(plan)).context["rows"]
    assert {r.value.indicator.owner.unit.name for r in head} == {"복지정책국"}
    every = as_user("officer").get(url(plan)).context["rows"]
    assert (
        len(every)
        == IndicatorValue.objects.filter(
            indicator__plan=plan, kind="actual", status="submitted"
        ).count()
        > len(head)
    )


def test_approving_several_at_once_approves_each_and_tells_the_enterer(
    as_user, plan, crisis, satisfaction
):
    response = as_user("welfare_head").post(
        url(plan, "approvals-approve"),
        {"value": [f"{crisis.pk}:{crisis.version}", f"{satisfaction.pk}:{satisfaction.version}"]},
    )
    assert response.status_code == 302 and response["Location"] == url(plan)
    for value in (crisis, satisfaction):
        value.refresh_from_db()
        assert value.status == "approved" and value.locked
    assert Notification.objects.filter(
        user__username="welfare_staff", kind="approved", link=f"/values/{satisfaction.pk}/"
    ).exists()


def test_a_stale_row_is_reported_with_both_versions_and_the_others_approved(
    as_user, plan, crisis, satisfaction, people
):
    read = satisfaction.version
    actual_reject(
        value=satisfaction, expected_version=read, user=people["officer"], reason="기준 확인"
    )
    response = htmx(
        as_user("welfare_head"),
        "post",
        url(plan, "approvals-approve"),
        {"value": [f"{crisis.pk}:{crisis.version}", f"{satisfaction.pk}:{read}"]},
    )
    html = response.content.decode()
    assert response.status_code == 200  # one approved
    assert 'id="approval-queue"' in html and "<html" not in html  # the partial
    assert "1건을 승인했습니다" in html
    assert f"버전 {read}, 제출" in html  # what the manager read
    assert "반려" in html and "officer" in html  # what it is now, and who changed it
    satisfaction.refresh_from_db()
    crisis.refresh_from_db()
    assert satisfaction.status == "rejected" and crisis.status == "approved"


def test_approving_an_actual_still_submitted_after_a_conflict_uses_the_new_version(
    as_user, plan, satisfaction, people
):
    client = as_user("welfare_head")
    stale = satisfaction.version
    satisfaction.note = "보완"
    satisfaction.version += 1  # someone saved it meanwhile (still submitted)
    satisfaction.save()
    response = client.post(url(plan, "approvals-approve"), {"value": f"{satisfaction.pk}:{stale}"})
    assert response.status_code == 409
    html = response.content.decode()
    again = f'name="value" value="{satisfaction.pk}:{satisfaction.version}"'
    assert again in html and "그대로 두기" in html
    client.post(
        url(plan, "approvals-approve"), {"value": f"{satisfaction.pk}:{satisfaction.version}"}
    )
    satisfaction.refresh_from_db()
    assert satisfaction.status == "approved"


def test_approving_nothing_says_what_to_tick(as_user, plan):
    response = as_user("welfare_head").post(url(plan, "approvals-approve"), {})
    assert response.status_code == 400
    assert "'선택' 열에서 승인할 실적을 체크한 뒤" in unescape(response.content.decode())


def test_a_unit_staff_member_cannot_approve(as_user, plan, crisis):
    response = as_user("welfare_staff").post(
        url(plan, "approvals-approve"), {"value": f"{crisis.pk}:{crisis.version}"}
    )
    assert response.status_code == 403
    crisis.refresh_from_db()
    assert crisis.status == "submitted"


def test_returning_needs_a_reason_and_names_the_field(as_user, plan, crisis):
    response = htmx(
        as_user("welfare_head"),
        "post",
        url(plan, "approval-reject", crisis.pk),
        {"reason": "  ", "version": crisis.version},
    )
    html = unescape(response.content.decode())
    assert response.status_code == 400
    assert response["HX-Retarget"] == f"#reject-slot-{crisis.pk}"
    assert "'반려 사유' 항목을 입력하세요." in html
    crisis.refresh_from_db()
    assert crisis.status == "submitted"


def test_returning_with_a_reason_tells_the_enterer_and_refreshes_the_queue(as_user, plan, crisis):
    response = htmx(
        as_user("welfare_head"),
        "post",
        url(plan, "approval-reject", crisis.pk),
        {"reason": "증빙 누락: 집계표를 붙여 주세요", "version": crisis.version},
    )
    assert response.status_code == 200 and response["HX-Retarget"] == "#approval-queue"
    assert "반려했습니다" in response.content.decode()
    crisis.refresh_from_db()
    assert crisis.status == "rejected" and crisis.review_note == "증빙 누락: 집계표를 붙여 주세요"
    note = Notification.objects.filter(user__username="welfare_staff", kind="rejected").latest("pk")
    assert note.params["reason"] == "증빙 누락: 집계표를 붙여 주세요"
    assert note.params["indicator"] == crisis.indicator.name


def test_the_return_form_is_a_row_with_htmx_and_a_page_without(as_user, plan, crisis):
    client = as_user("welfare_head")
    row = htmx(client, "get", url(plan, "approval-reject", crisis.pk))
    assert row.content.decode().lstrip().startswith(f'<tr id="reject-slot-{crisis.pk}"')
    page = client.get(url(plan, "approval-reject", crisis.pk))
    assert page.status_code == 200 and "<html" in page.content.decode()
    done = client.post(
        url(plan, "approval-reject", crisis.pk), {"reason": "보완", "version": crisis.version}
    )
    assert done.status_code == 302 and done["Location"] == url(plan)


def test_returning_a_value_changed_meanwhile_shows_both_and_offers_the_new_version(
    as_user, plan, crisis
):
    stale = crisis.version
    crisis.version += 1
    crisis.save()
    response = as_user("welfare_head").post(
        url(plan, "approval-reject", crisis.pk), {"reason": "다시 확인", "version": stale}
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "다시 확인" in html and f'name="version" value="{crisis.version}"' in html
    crisis.refresh_from_db()
    assert crisis.status == "submitted"


def test_an_actual_of_another_plan_is_not_found(as_user, plan, closed):
    other = IndicatorValue.objects.filter(indicator__plan=closed, kind="actual").first()
    response = as_user("welfare_head").get(url(plan, "approval-reject", other.pk))
    assert response.status_code == 404


def test_a_closed_plan_shows_its_queue_without_actions(as_user, closed):
    response = as_user("officer").get(url(closed))
    assert response.status_code == 200
    assert 'id="approve-form"' not in response.content.decode()


def test_the_queue_asks_as_many_queries_for_many_rows_as_for_few(as_user, plan, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_user("officer")

    def count() -> int:
        client.get(url(plan))
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(plan)).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    officer = people["officer"]
    for indicator in Indicator.objects.filter(plan=plan).exclude(values__kind="actual"):
        actual_enter(indicator=indicator, year=2026, raw_text="3", user=officer)
    for value in IndicatorValue.objects.filter(
        indicator__plan=plan, kind="actual", status__in=["draft", "rejected"]
    ):
        actual_submit(value=value, expected_version=value.version, user=officer)
    many = count()
    assert len(client.get(url(plan)).context["rows"]) >= 6
    assert many == few <= 14


def test_an_actual_of_a_unit_the_manager_does_not_review_is_not_found(as_user, plan):
    other = IndicatorValue.objects.get(
        indicator__plan=plan, indicator__name="성과지표 목표 달성률", kind="actual"
    )
    client = as_user("welfare_head")
    assert client.get(url(plan, "approval-reject", other.pk)).status_code == 404
    response = client.post(
        url(plan, "approval-reject", other.pk), {"reason": "x", "version": other.version}
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == "submitted"


def test_a_crafted_approval_of_another_units_actual_is_refused_and_reported(as_user, plan):
    other = IndicatorValue.objects.get(
        indicator__plan=plan, indicator__name="성과지표 목표 달성률", kind="actual"
    )
    response = as_user("welfare_head").post(
        url(plan, "approvals-approve"), {"value": f"{other.pk}:{other.version}"}
    )
    assert response.status_code == 400
    assert "승인하거나 반려할 권한이 없습니다" in unescape(response.content.decode())
    other.refresh_from_db()
    assert other.status == "submitted"
