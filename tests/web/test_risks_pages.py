"""The risk register's pages: the office opens a month, adds an issue with a press item,
escalates it; the unit finds it on "my work" and answers; the office closes it; the monthly
report and its downloads; and the list pages' query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from seonggwa.organisations.models import OrgUnit
from seonggwa.risks.models import RiskIssue, RiskMonth
from seonggwa.risks.services import (
    issue_create,
    issue_escalate,
    month_get_or_create,
    press_item_add,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(django_user_model):
    return {u.username: u for u in django_user_model.objects.all()}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_office_and_the_unit_walk_an_issue_through_the_cycle(sample, users):
    office, staff = _client(users["officer"]), _client(users["welfare_staff"])
    welfare = OrgUnit.objects.get(organisation=sample, name="복지정책국")
    opened = office.post(reverse("web:risks-months", args=[sample.pk]), {"year": 2026, "month": 6})
    assert opened.status_code == 302 and opened["Location"].endswith(f"/risks/{sample.pk}/2026/6/")
    added = office.post(
        opened["Location"],
        {
            "title": "폭염 대비 취약계층 보호",
            "summary": "폭염일수 증가",
            "risks": "쪽방촌 온열질환\n무더위쉼터 부족",
            "requests_short": "쉼터 연장 운영",
            "requests_long": "폭염 종합대책 수립",
            "importance": "high",
            "press_headline": "폭염 특보 확대",
            "press_outlet": "KBS",
            "press_date": "2026-05-20",
        },
    )
    issue = RiskIssue.objects.get(title="폭염 대비 취약계층 보호")
    assert added.status_code == 302 and added["Location"].endswith(f"/issues/{issue.pk}/")
    page = office.get(added["Location"]).content.decode()
    assert "▶ 폭염 특보 확대 (KBS &#x27;26. 5. 20.)" in page and "무더위쉼터 부족" in page
    # the unit may not escalate, the office does
    url = reverse("web:risks-issue-escalate", args=[sample.pk, issue.pk])
    assert staff.post(url, {"escalate-unit": welfare.pk}).status_code == 403
    assert office.post(url, {"escalate-unit": welfare.pk, "version": 1}).status_code == 302
    my = staff.get("/my/").content.decode()
    assert 'id="work-risks"' in my and "대응할 리스크 이슈" in my
    respond = reverse("web:risks-issue-respond", args=[sample.pk, issue.pk])
    stale = staff.post(respond, {"response-response": "쉼터 확대", "version": 1})
    assert stale.status_code == 400 and "먼저 바꿨습니다" in stale.content.decode()
    assert staff.post(respond, {"response-response": "쉼터 확대", "version": 2}).status_code == 302
    assert 'id="work-risks"' not in staff.get("/my/").content.decode()
    assert 'id="work-risks-office"' in office.get("/my/").content.decode()  # to close
    close = reverse("web:risks-issue-close", args=[sample.pk, issue.pk])
    assert staff.post(close, {}).status_code == 403
    assert office.post(close, {"close-note": "완료"}).status_code == 302
    issue.refresh_from_db()
    assert (issue.status, issue.response, issue.closed_by) == (
        "closed",
        "쉼터 확대",
        users["officer"],
    )


def test_the_stage_needs_an_importance_from_stage_three(sample, users):
    month = month_get_or_create(user=users["officer"], organisation=sample, year=2026, month=6)
    issue = issue_create(user=users["officer"], month=month, title="도로 침하")
    url = reverse("web:risks-issue-review", args=[sample.pk, issue.pk])
    refused = _client(users["officer"]).post(url, {"review-status": "directed"})
    assert refused.status_code == 400 and "중요도를 정해야" in refused.content.decode()


def test_the_monthly_report_page_and_downloads(sample, users):
    month = month_get_or_create(user=users["officer"], organisation=sample, year=2026, month=6)
    issue = issue_create(user=users["officer"], month=month, title="도로 침하")
    press_item_add(user=users["officer"], issue=issue, headline="싱크홀 잇따라", outlet="뉴스1")
    client = _client(users["committee"])
    url = reverse("web:risks-report", args=[sample.pk, 2026, 6])
    page = client.get(url).content.decode()
    assert "2026년 6월 리스크 이슈 리포트" in page and "▶ 싱크홀 잇따라 (뉴스1)" in page
    pdf = client.get(url + "?format=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf["Content-Disposition"]


def _queries(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _fill(sample, officer, months: int, issues: int) -> None:
    welfare = OrgUnit.objects.get(organisation=sample, name="복지정책국")
    for m in range(1, months + 1):
        month = month_get_or_create(user=officer, organisation=sample, year=2027, month=m)
        for n in range(issues):
            issue = issue_create(user=officer, month=month, title=f"이슈 {m}-{n}")
            press_item_add(user=officer, issue=issue, headline=f"보도 {n}")
            issue_escalate(user=officer, issue=issue, unit=welfare)


def test_list_pages_ask_a_fixed_number_of_queries(sample, users):
    client = _client(users["officer"])
    months_url = reverse("web:risks-months", args=[sample.pk])
    month_url = reverse("web:risks-month", args=[sample.pk, 2027, 1])
    _fill(sample, users["officer"], 1, 1)
    small = (_queries(client, months_url), _queries(client, month_url))
    RiskMonth.objects.filter(organisation=sample, year=2027).delete()
    _fill(sample, users["officer"], 6, 8)
    big = (_queries(client, months_url), _queries(client, month_url))
    assert small == big
    assert big[0] <= 12 and big[1] <= 16
