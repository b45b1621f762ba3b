"""The evaluation office's pages of a plan: the status board and its reminders, the periods
(create, window, lock, reopen, publish) and the plan's status — who reaches them, the happy
paths, the refusals with their field named, and the conflict page when the period or the plan
changed after it was read."""

from __future__ import annotations

import datetime
from html import unescape

import pytest
from django.urls import reverse

from seonggwa.notifications.models import Notification
from seonggwa.plans.models import Period, Plan
from seonggwa.plans.services import period_create, period_lock

from .conftest import htmx

pytestmark = pytest.mark.django_db

OFFICE = [
    ("anonymous", 302),
    ("admin", 200),
    ("officer", 200),
    ("welfare_head", 403),
    ("welfare_staff", 403),
    ("committee", 403),
    ("outsider", 403),
]


def url(name, plan, *args):  # type: ignore[no-untyped-def]
    return reverse(f"web:{name}", args=[plan.pk, *args])


def text(response) -> str:  # type: ignore[no-untyped-def]
    return unescape(response.content.decode())


@pytest.fixture
def period(plan):  # type: ignore[no-untyped-def]
    return Period.objects.get(plan=plan, key="2026")


@pytest.fixture
def quarter(plan, people):  # type: ignore[no-untyped-def]
    return period_create(user=people["officer"], plan=plan, key="2026-Q1")


@pytest.mark.parametrize(("who", "status"), OFFICE)
@pytest.mark.parametrize("page", ["board", "periods"])
def test_the_offices_pages_are_for_the_central_roles(as_user, plan, page, who, status):
    assert as_user(who).get(url(page, plan)).status_code == status


@pytest.mark.parametrize(("who", "status"), OFFICE)
def test_a_periods_page_is_for_the_central_roles(as_user, plan, period, who, status):
    assert as_user(who).get(url("period-detail", plan, period.pk)).status_code == status


def test_a_draft_of_another_organisation_is_not_found(as_user, draft):
    assert as_user("outsider").get(url("board", draft)).status_code == 404
    assert as_user("outsider").get(url("periods", draft)).status_code == 404


# --- the board -----------------------------------------------------------------------------------


def test_the_board_counts_each_units_actuals_by_state_with_totals(as_user, plan):
    response = as_user("officer").get(url("board", plan))
    rows = {r.status.unit.name: r for r in response.context["rows"]}
    assert rows["복지정책국"].counts == [1, 1, 1, 0, 1]  # not started, draft, submitted, …
    assert response.context["totals"] == [sum(r.counts[i] for r in rows.values()) for i in range(5)]
    assert response.context["total_indicators"] == plan.indicators.count()
    html = text(response)
    assert "복지정책국" in html and "미제출 3" in html and "독촉" in html


def test_a_row_whose_window_closed_with_actuals_waiting_is_overdue(as_user, plan, period):
    period.opens_on = datetime.date(2026, 1, 1)
    period.closes_on = datetime.date(2026, 1, 31)
    period.save()
    response = as_user("officer").get(url("board", plan))
    overdue = {r.status.unit.name for r in response.context["rows"] if r.overdue}
    assert "복지정책국" in overdue and "교통건설국" not in overdue  # all submitted there
    assert "기한 지남" in text(response)


def test_the_board_shows_one_period_when_asked(as_user, plan, quarter):
    client = as_user("officer")
    both = client.get(url("board", plan)).context["rows"]
    assert {r.status.period.key for r in both} == {"2026", "2026-Q1"}
    one = client.get(url("board", plan) + "?period=2026-Q1").context["rows"]
    assert {r.status.period.key for r in one} == {"2026-Q1"}


def test_reminding_a_unit_tells_its_people_and_a_second_time_today_is_refused(
    as_user, plan, period
):
    from seonggwa.organisations.models import OrgUnit

    welfare = OrgUnit.objects.get(organisation=plan.organisation, name="복지정책국")
    client = as_user("officer")
    data = {"unit": welfare.pk, "period": period.pk}
    first = htmx(client, "post", url("board-remind", plan), data)
    assert first.status_code == 200
    html = text(first)
    assert html.lstrip().startswith(f'<tr id="board-{welfare.pk}-{period.pk}"')
    assert 'hx-swap-oob="true"' in html and "2명에게" in html
    assert set(
        Notification.objects.filter(kind="reminder").values_list("user__username", flat=True)
    ) == {"welfare_staff", "welfare_head"}
    again = client.post(url("board-remind", plan), data)
    assert again.status_code == 302
    follow = text(client.get(again["Location"]))
    assert "오늘 이미 2026 실적 입력을 독촉했습니다" in follow
    assert Notification.objects.filter(kind="reminder").count() == 2


def test_a_unit_that_has_submitted_everything_is_not_reminded(as_user, plan, period):
    from seonggwa.organisations.models import OrgUnit

    buses = OrgUnit.objects.get(organisation=plan.organisation, name="교통건설국")
    client = as_user("officer")
    response = client.post(url("board-remind", plan), {"unit": buses.pk, "period": period.pk})
    assert "모두 제출했습니다" in text(client.get(response["Location"]))


def test_only_the_office_reminds(as_user, plan, period):
    from seonggwa.organisations.models import OrgUnit

    welfare = OrgUnit.objects.get(organisation=plan.organisation, name="복지정책국")
    data = {"unit": welfare.pk, "period": period.pk}
    assert as_user("welfare_head").post(url("board-remind", plan), data).status_code == 403
    assert as_user("officer").get(url("board-remind", plan)).status_code == 405
    assert as_user("officer").post(url("board-remind", plan), {"unit": "x"}).status_code == 400
    assert not Notification.objects.filter(kind="reminder").exists()


def test_the_board_asks_a_fixed_number_of_queries(
    as_user, plan, people, django_assert_max_num_queries
):
    client = as_user("officer")
    client.get(url("board", plan))
    with django_assert_max_num_queries(12):
        client.get(url("board", plan))
    for key in ("2026-Q1", "2026-Q2", "2026-03", "2026-04"):
        period_create(user=people["officer"], plan=plan, key=key)
    with django_assert_max_num_queries(12):
        assert len(client.get(url("board", plan)).context["rows"]) == 6 * 5


# --- periods ---------------------------------------------------------------------------------------


def test_the_periods_page_lists_each_period_with_its_window_lock_and_publication(
    as_user, plan, closed
):
    html = text(as_user("officer").get(url("periods", plan)))
    assert "2026-01-01 ~" in html and "수집 중" in html and "새 기간" in html
    closed_html = text(as_user("officer").get(url("periods", closed)))
    assert "잠김" in closed_html and "공개" in closed_html
    assert "새 기간" not in closed_html  # a closed plan changes no more


def test_creating_a_quarter_lands_on_its_page(as_user, plan):
    client = as_user("officer")
    response = client.post(
        url("periods", plan),
        {"key": "2026-q2", "opens_on": "2026-07-01", "closes_on": "2026-07-15"},
    )
    created = Period.objects.get(plan=plan, key="2026-Q2")
    assert response["Location"] == url("period-detail", plan, created.pk)
    assert (created.opens_on, created.closes_on) == (
        datetime.date(2026, 7, 1),
        datetime.date(2026, 7, 15),
    )
    assert "2026-Q2 기간을 만들었습니다." in text(client.get(response["Location"]))


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"key": "2026-Q5"}, "key", "기간 '2026-Q5'을(를) 읽을 수 없습니다"),
        ({"key": ""}, "key", "'기간' 항목을 입력하세요."),
        ({"key": "2027-Q1"}, "key", "2026년 안에 있어야 합니다"),
        ({"key": "2026"}, "key", "2026 기간이 이미 있습니다."),
        (
            {"key": "2026-Q3", "opens_on": "2026-09-30", "closes_on": "2026-09-01"},
            "closes_on",
            "앞섭니다",
        ),
        ({"key": "2026-Q3", "closes_on": "2026-09-01"}, "opens_on", "함께 정하세요"),
        ({"key": "2026-Q3", "opens_on": "2026-13-01"}, "opens_on", "날짜가 아닙니다"),
    ],
)
def test_a_bad_period_is_refused_beside_its_field(as_user, plan, data, field, message):
    response = as_user("officer").post(url("periods", plan), data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field]), errors
    assert message in text(response)
    assert not Period.objects.filter(plan=plan, key="2026-Q3").exists()


def test_setting_the_window_locking_reopening_and_publishing(as_user, plan, quarter):
    client = as_user("officer")
    action = lambda name: url("period-action", plan, quarter.pk, name)  # noqa: E731
    version = quarter.version
    done = client.post(
        action("window"),
        {
            "window-opens_on": "2026-04-01",
            "window-closes_on": "2026-04-20",
            "window-version": version,
        },
    )
    assert done.status_code == 302
    quarter.refresh_from_db()
    assert quarter.closes_on == datetime.date(2026, 4, 20) and quarter.version == version + 1
    client.post(action("lock"), {"lock-reason": "", "lock-version": quarter.version})
    quarter.refresh_from_db()
    assert quarter.locked
    refused = client.post(
        action("reopen"), {"reopen-reason": " ", "reopen-version": quarter.version}
    )
    assert refused.status_code == 400
    assert "'재개 사유' 항목을 입력하세요." in text(refused)
    client.post(action("reopen"), {"reopen-reason": "실적 정정", "reopen-version": quarter.version})
    quarter.refresh_from_db()
    assert not quarter.locked and quarter.lock_note == "실적 정정"
    early = client.post(action("publish"), {"publish-version": quarter.version})
    assert early.status_code == 400 and "먼저 잠근 뒤 공개하세요" in text(early)
    client.post(action("lock"), {"lock-reason": "수집 완료", "lock-version": quarter.version})
    quarter.refresh_from_db()
    published = client.post(action("publish"), {"publish-version": quarter.version})
    quarter.refresh_from_db()
    assert quarter.published and "공개했습니다" in text(client.get(published["Location"]))


def test_a_stale_change_shows_both_versions_and_applies_mine_on_request(
    as_user, plan, quarter, people
):
    client = as_user("officer")
    read = quarter.version
    period_lock(user=people["admin"], period=quarter, reason="관리자 점검", expected_version=read)
    data = {
        "window-opens_on": "2026-04-01",
        "window-closes_on": "2026-04-30",
        "window-version": read,
    }
    response = client.post(url("period-action", plan, quarter.pk, "window"), data)
    html = text(response)
    assert response.status_code == 409
    assert "다른 사용자가 2026-Q1 기간을 먼저 바꿨습니다" in html
    assert "2026-04-30" in html and "관리자 점검" in html and "admin" in html
    quarter.refresh_from_db()
    assert quarter.opens_on is None  # nothing overwritten
    again = response.context["conflict"].fields
    assert again["window-version"] == quarter.version
    retry = client.post(
        url("period-action", plan, quarter.pk, "reopen"),
        {"reopen-reason": "다시", "reopen-version": quarter.version},
    )
    assert retry.status_code == 302


def test_an_unknown_action_or_another_plans_period_is_not_found(as_user, plan, closed, period):
    client = as_user("officer")
    assert client.post(url("period-action", plan, period.pk, "delete")).status_code == 404
    other = Period.objects.get(plan=closed)
    assert client.get(url("period-detail", plan, other.pk)).status_code == 404


def test_a_closed_plans_period_shows_no_forms(as_user, closed):
    period = Period.objects.get(plan=closed)
    html = text(as_user("officer").get(url("period-detail", closed, period.pk)))
    assert "마감한 계획이라 기간을 더 바꿀 수 없습니다." in html
    assert "period-action" not in html and "/reopen/" not in html


# --- the plan's status ------------------------------------------------------------------------------


def test_the_status_buttons_are_the_services_transitions(as_user, plan, draft, closed):
    client = as_user("officer")
    assert [t["status"] for t in client.get(url("periods", plan)).context["transitions"]] == [
        "draft",
        "closed",
    ]
    assert [t["status"] for t in client.get(url("periods", draft)).context["transitions"]] == [
        "confirmed"
    ]
    assert client.get(url("periods", closed)).context["transitions"] == []


def test_closing_asks_first_and_is_refused_while_periods_are_unpublished(as_user, plan):
    client = as_user("officer")
    page = text(client.get(url("periods", plan)))
    assert 'class="krds-modal"' in page and "되돌릴 수 없습니다" in page
    confirm = client.get(url("plan-status", plan) + "?to=closed")
    assert confirm.status_code == 200 and "되돌릴 수 없습니다" in text(confirm)
    response = client.post(url("plan-status", plan), {"status": "closed", "version": plan.version})
    assert response["Location"] == url("periods", plan)
    assert "공개하지 않은 기간(2026)이 있어 계획을 마감할 수 없습니다" in text(
        client.get(response["Location"])
    )
    plan.refresh_from_db()
    assert plan.status == "confirmed"


def test_a_draft_is_confirmed_and_a_stale_version_gets_the_conflict_page(as_user, draft):
    client = as_user("officer")
    stale = draft.version
    done = client.post(url("plan-status", draft), {"status": "confirmed", "version": stale})
    assert done.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "confirmed"
    conflict = client.post(url("plan-status", draft), {"status": "draft", "version": stale})
    assert conflict.status_code == 409
    assert conflict.context["conflict"].fields == {"status": "draft", "version": draft.version}
    assert "officer" in text(conflict)  # who changed it last
    assert Plan.objects.get(pk=draft.pk).status == "confirmed"


def test_only_the_office_changes_a_plans_status(as_user, plan):
    response = as_user("welfare_head").post(
        url("plan-status", plan), {"status": "draft", "version": plan.version}
    )
    assert response.status_code == 403
    assert as_user("officer").get(url("plan-status", plan) + "?to=archived").status_code == 404


def test_the_plan_page_links_the_office_and_the_manager_to_their_pages(as_user, plan):
    officer = text(as_user("officer").get(reverse("web:plan-detail", args=[plan.pk])))
    for name in ("board", "periods", "approvals"):
        assert url(name, plan) in officer, name
    assert "/imports/new/?organisation=" in officer
    head = text(as_user("welfare_head").get(reverse("web:plan-detail", args=[plan.pk])))
    assert url("approvals", plan) in head and url("board", plan) not in head
    staff = text(as_user("welfare_staff").get(reverse("web:plan-detail", args=[plan.pk])))
    assert url("approvals", plan) not in staff
    public = text(as_user("anonymous").get(reverse("web:plan-detail", args=[plan.pk])))
    assert "plan-actions" not in public
