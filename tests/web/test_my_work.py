"""The "my work" page: sections per role (a seam each workflow fills), the user's roles and
the plans they may see; the site navigation; the error pages."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.views import defaults

from seonggwa.accounts.models import Role
from seonggwa.plans.models import Plan
from seonggwa.web import my_work
from seonggwa.web.my_work import WorkItem, WorkSection, section_builder, work_sections
from seonggwa.web.navigation import site_navigation
from seonggwa.web.selectors import user_plan_list, user_role_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(sample, django_user_model):
    return {u.username: u for u in django_user_model.objects.all()}


def page(user) -> str:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    response = client.get("/my/")
    assert response.status_code == 200
    return response.content.decode()


def test_my_work_needs_a_signed_in_user(client):
    assert client.get("/my/")["Location"] == "/accounts/login/?next=/my/"


def test_unit_staff_see_their_role_with_organisation_and_unit_and_their_plans(users):
    html = page(users["welfare_staff"])
    for text in ["내 업무", "내 역할", "부서 담당자", "한빛시 · 복지정책국", "볼 수 있는 계획"]:
        assert text in html, text
    for plan in Plan.objects.all():  # the draft BSC plan too: staff of the organisation
        assert reverse("web:plan-detail", args=[plan.pk]) in html


def test_each_role_is_listed_with_its_organisation(users):
    assert "평가담당관" in page(users["officer"])
    assert "평가위원" in page(users["committee"])
    assert "부서장" in page(users["welfare_head"])


def test_a_user_without_a_role_is_told_whom_to_ask(django_user_model, sample):
    nobody = django_user_model.objects.create_user("newcomer", password="x-long-password-1")
    html = page(nobody)
    assert "아직 맡은 역할이 없습니다" in html
    draft = Plan.objects.get(status=Plan.Status.DRAFT)
    assert reverse("web:plan-detail", args=[draft.pk]) not in html  # only published plans


def test_selectors_read_roles_and_visible_plans(users):
    roles = list(user_role_list(user=users["welfare_staff"]))
    assert [(r.role, r.unit.name) for r in roles] == [("unit_staff", "복지정책국")]
    years = [p.year for p in user_plan_list(user=users["welfare_staff"])]
    assert years == sorted(years, reverse=True)


def test_a_registered_builder_adds_a_section_for_its_role_only(users, monkeypatch):
    monkeypatch.setattr(my_work, "BUILDERS", {role: [] for role in Role.values})

    @section_builder(Role.UNIT_STAFF)
    def values_to_enter(user, assignments):  # type: ignore[no-untyped-def]
        units = ", ".join(a.unit.name for a in assignments)
        return [
            WorkSection(
                key="entry",
                title="입력할 실적",
                items=[WorkItem(label=f"{units} 실적", url="/plans/1/", badge="3건")],
            )
        ]

    keys = [s.key for s in work_sections(users["welfare_staff"])]
    assert keys == ["entry", "roles", "plans"]
    assert [s.key for s in work_sections(users["officer"])] == ["roles", "plans"]
    html = page(users["welfare_staff"])
    assert "입력할 실적" in html and "복지정책국 실적" in html and "3건" in html


def test_my_work_asks_a_fixed_number_of_queries(users):
    from seonggwa.organisations.services import organisation_get_or_create
    from seonggwa.plans.services import plan_create, plan_set_status

    def count() -> int:
        client = Client()
        client.force_login(users["officer"])
        client.get("/my/")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/my/").status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for i in range(6):
        plan = plan_create(
            organisation=organisation_get_or_create(name=f"목록시{i}"),
            year=2000 + i,
            kind="plan",
            user=users["admin"],
        )
        plan_set_status(
            plan=plan,
            status=Plan.Status.CONFIRMED,
            expected_version=plan.version,
            user=users["admin"],
        )
    # session, user, roles, plans; the office's units still to submit (3: web.office_sections),
    # the unread notifications (section and header badge), the side navigation's import link
    # the delegations the user holds today (web.people_sections) and the open planning
    # rounds and the change requests to decide (web.planning_sections), the risk issues
    # answered and waiting to be closed (web.risks_sections), the open follow-ups of ad-hoc
    # reviews (web.reviews_sections), the council questions due (web.council_sections), the
    # joint-evaluation milestones under way (web.joint_sections)
    assert count() == few <= 17


def test_the_side_navigation_marks_the_current_page_and_shows_the_admin_to_staff(users):
    rf = RequestFactory()
    request = rf.get("/my/")
    request.user = users["welfare_staff"]
    from django.urls import resolve

    request.resolver_match = resolve("/my/")
    items = site_navigation(request)
    assert [(str(i.label), i.url, i.current) for i in items] == [
        ("내 업무", "/my/", True),
        ("실적 입력", "/entry/", False),  # who enters actuals
        ("계획 목록", "/", False),
        ("민간위탁 종합성과평가", "/consignment/", False),  # everyone with a role reads it
        ("시정 리스크 관리", "/risks/", False),  # everyone with a role reads it
        ("수시평가", "/reviews/", False),  # so are the ad-hoc reviews
        ("대시보드", "/dashboard/", False),  # the office and the units
    ]
    request.user = users["committee"]
    assert [str(i.label) for i in site_navigation(request)] == [
        "내 업무",
        "계획 목록",
        "민간위탁 종합성과평가",
        "시정 리스크 관리",
        "수시평가",
    ]
    request.user = users["officer"]  # staff
    assert [i.url for i in site_navigation(request)][-1] == "/admin/"
    request.user = AnonymousUser()
    request.resolver_match = resolve("/portal/search/")
    assert [(str(i.label), i.url, i.current) for i in site_navigation(request)] == [
        ("공개 포털", "/portal/", True),  # every portal page is within the portal
        ("공공데이터", "/open/", False),
        ("계획 목록", "/", False),
        ("API 설명서", "/api/v1/docs", False),
    ]
    html = page(users["welfare_staff"])
    assert 'class="krds-side-navigation"' in html and 'aria-current="page">내 업무</a>' in html


def test_every_page_has_the_krds_shell_and_a_skip_link(client, sample, users):
    plan = Plan.objects.get(year=2025)
    for url in ["/", reverse("web:plan-detail", args=[plan.pk]), "/accounts/login/"]:
        html = client.get(url).content.decode()
        for part in [
            'href="#main-content"',
            'id="main-content"',
            'id="krds-header"',
            'id="krds-footer"',
            "krds-breadcrumb-wrap",
            "vendor/krds/css/component/output.css",
            "vendor/htmx/htmx.min.js",
            "seonggwa 성과관리",
        ]:
            assert part in html, (url, part)
        assert "<style>" not in html  # no page-specific inline CSS


def test_a_missing_page_is_the_sites_korean_404(client, sample):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "페이지를 찾을 수 없습니다." in html and 'id="krds-header"' in html
    assert (
        "Page not found"
        in client.get("/no-such-page/", headers={"accept-language": "en"}).content.decode()
    )


def test_a_forbidden_page_is_the_sites_korean_403(sample):
    request = RequestFactory().get("/somewhere/")
    request.user = AnonymousUser()
    response = defaults.permission_denied(request, PermissionDenied())
    html = response.content.decode()
    assert response.status_code == 403
    assert "접근 권한이 없습니다" in html and "krds-btn" in html


def test_a_server_error_page_needs_no_request_context(sample):
    response = defaults.server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "서버 오류" in html and "vendor/krds/css/component/output.css" in html
