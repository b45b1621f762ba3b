"""The entry grid: who may open it, what a row shows, the live reading, saving drafts (and
the conflict page when someone else saved first), submitting, and evidence."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from seonggwa.plans.models import Indicator, Period, Plan
from seonggwa.plans.services import indicator_create, period_create, period_lock, period_window_set
from seonggwa.results.models import Evidence, IndicatorValue
from seonggwa.results.services import actual_enter, evidence_attach, value_set

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def users(sample, django_user_model):
    from seonggwa.accounts.services import role_assign
    from seonggwa.organisations.models import Organisation

    people = {u.username: u for u in django_user_model.objects.all()}
    other = Organisation.objects.create(name="다른시")
    outsider = django_user_model.objects.create_user("outsider", password="x-long-password-1")
    role_assign(user=outsider, organisation=other, role="evaluation_officer")
    people["outsider"] = outsider
    return people


@pytest.fixture
def plan(sample):
    return Plan.objects.get(organisation=sample, year=2026, kind="plan")


@pytest.fixture
def period(plan):
    return Period.objects.get(plan=plan, key="2026")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path
    return tmp_path


def ind(plan: Plan, name: str) -> Indicator:
    return Indicator.objects.get(plan=plan, name=name)


def actual(plan: Plan, name: str) -> IndicatorValue | None:
    return IndicatorValue.objects.filter(
        indicator=ind(plan, name), kind="actual", year=2026
    ).first()


def client_of(user) -> Client:  # type: ignore[no-untyped-def]
    c = Client()
    c.force_login(user)
    return c


def grid(plan: Plan) -> str:
    return reverse("web:entry-grid", args=[plan.pk])


# --- access -----------------------------------------------------------------------------------


def test_the_grid_needs_a_signed_in_user(client, plan):
    response = client.get(grid(plan))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("who", "status", "units"),
    [
        ("admin", 200, {"복지정책국", "기후환경국", "기획조정실"}),
        ("officer", 200, {"복지정책국", "기후환경국", "기획조정실"}),
        ("welfare_head", 200, {"복지정책국"}),
        ("welfare_staff", 200, {"복지정책국"}),
        ("committee", 403, set()),
        ("outsider", 403, set()),  # a confirmed plan is public, but not theirs to enter
    ],
)
def test_who_opens_the_grid_and_which_units_they_see(users, plan, who, status, units):
    response = client_of(users[who]).get(grid(plan))
    assert response.status_code == status
    html = response.content.decode()
    for unit in units:
        assert unit in html
    if who.startswith("welfare"):
        assert "초미세먼지 연평균 농도" not in html  # another unit's indicator


def test_a_draft_plan_of_another_organisation_is_not_found(users, sample):
    draft = Plan.objects.get(organisation=sample, kind="bsc")
    assert client_of(users["outsider"]).get(grid(draft)).status_code == 404
    assert client_of(users["officer"]).get(grid(draft)).status_code == 200


def test_an_unknown_period_is_not_found(users, plan):
    response = client_of(users["welfare_staff"]).get(grid(plan) + "?period=2026-Q3")
    assert response.status_code == 404


# --- what a row shows ---------------------------------------------------------------------------


def test_a_row_shows_target_last_years_actual_status_and_why_it_is_closed(users, plan):
    html = client_of(users["welfare_staff"]).get(grid(plan)).content.decode()
    for text in [
        "위기가구 발굴 건수 (누계)",
        "건 (누계)",  # unit of measure
        "480(2,192)",  # target as printed
        "512(1,712)",  # last year's actual, from the linked 2025 indicator
        "230(1,942)",
        "제출되어 승인을 기다리고 있습니다",  # the refusal of a submitted row
        "전년대비 10% 증가",
        "증빙자료(집계표) 누락",  # the review comment of the returned row
        "낮을수록 좋음",  # direction
    ]:
        assert text in html, text
    assert html.count('name="raw_text"') == 3  # the submitted row has no input
    assert 'id="entry-period"' not in html  # one period: no selector


def test_several_periods_get_a_selector_and_a_locked_one_says_so(users, plan, period):
    officer = users["officer"]
    quarter = period_create(
        user=officer,
        plan=plan,
        key="2026-Q3",
        opens_on=datetime.date(2026, 7, 1),
        closes_on=datetime.date(2026, 10, 15),
    )
    period_lock(user=officer, period=quarter, reason="3분기 점검 끝", expected_version=1)
    c = client_of(users["welfare_staff"])
    html = c.get(grid(plan)).content.decode()
    assert 'id="entry-period"' in html and '<option value="2026-Q3"' in html
    locked = c.get(grid(plan) + "?period=2026-Q3").content.decode()
    assert "2026-Q3 기간은 잠겨 있어 바꿀 수 없습니다" in locked
    assert 'name="raw_text"' not in locked


def test_outside_the_window_staff_see_the_dates_and_cannot_type(users, plan, period):
    period_window_set(
        user=users["officer"],
        period=period,
        opens_on=datetime.date(2026, 1, 1),
        closes_on=datetime.date(2026, 1, 31),
        expected_version=period.version,
    )
    html = client_of(users["welfare_staff"]).get(grid(plan)).content.decode()
    assert "2026-01-01 ~ 2026-01-31" in html and 'name="raw_text"' not in html


def test_the_closed_plan_refuses_every_row(users, sample):
    closed = Plan.objects.get(organisation=sample, year=2025, kind="plan")
    html = client_of(users["welfare_staff"]).get(grid(closed)).content.decode()
    assert "마감되어 바꿀 수 없습니다" in html and 'name="raw_text"' not in html


def test_the_grid_costs_the_same_queries_however_many_rows(
    users, plan, period, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = client_of(users["officer"])
    c.get(grid(plan))
    with CaptureQueriesContext(connection) as few:
        c.get(grid(plan))
    goal = ind(plan, "긴급복지 지원 결정 기간").strategic_goal
    officer = users["officer"]
    for n in range(8):
        extra = indicator_create(
            user=officer, strategic_goal=goal, name=f"추가 지표 {n}", unit_of_measure="건"
        )
        value_set(user=officer, indicator=extra, kind="target", year=2026, raw_text="10")
        v = actual_enter(indicator=extra, year=2026, raw_text=str(n), user=officer)
        evidence_attach(value=v, file_name=f"{n}.pdf", content=PDF, user=officer)
    with CaptureQueriesContext(connection) as many:
        html = c.get(grid(plan)).content.decode()
    assert "추가 지표 7" in html
    assert len(many) <= len(few), (len(few), len(many))
    with django_assert_max_num_queries(20):
        c.get(grid(plan))


# --- the live reading ---------------------------------------------------------------------------


def reading(c: Client, plan: Plan, indicator: Indicator, text: str) -> str:
    response = c.get(
        reverse("web:entry-reading", args=[plan.pk]),
        {"indicator": indicator.pk, "period": "2026", "raw_text": text},
        headers=HX,
    )
    assert response.status_code == 200
    return response.content.decode()


def test_the_reading_resolves_last_years_actual_and_rounds_the_rate(users, plan):
    c = client_of(users["welfare_staff"])
    html = reading(c, plan, ind(plan, "공공 돌봄시설 확충 (누적)"), "33")
    # 전년대비 10% 증가 from last year's approved 31 -> 34.1; 33 / 34.1 = 96.774...%
    assert "목표값=34.1" in html and "96.8%" in html and "96.77" not in html
    assert "×" in html and "미달성" in html


def test_the_reading_names_the_parts_and_says_why_text_cannot_be_read(users, plan):
    c = client_of(users["welfare_staff"])
    crisis = ind(plan, "위기가구 발굴 건수 (누계)")
    html = reading(c, plan, crisis, "240(1,952)")
    assert "연간 240" in html and "누계 1,952" in html
    unreadable = reading(c, plan, crisis, "많음")
    assert "읽을 수 없는 값입니다" in unreadable and "달성" not in unreadable.split("읽을")[0]
    assert "△1.2" in reading(c, plan, ind(plan, "긴급복지 지원 결정 기간"), "△1.2")


def test_the_reading_of_another_units_row_is_refused(users, plan):
    c = client_of(users["welfare_staff"])
    response = c.get(
        reverse("web:entry-reading", args=[plan.pk]),
        {"indicator": ind(plan, "초미세먼지 연평균 농도").pk, "period": "2026", "raw_text": "1"},
    )
    assert response.status_code == 403


# --- saving drafts and conflicts --------------------------------------------------------------


def save(c: Client, plan: Plan, indicator: Indicator, text: str, version, htmx=True, **more):  # type: ignore[no-untyped-def]
    data = {
        "indicator": indicator.pk,
        "period": "2026",
        "version": "" if version is None else version,
        "raw_text": text,
        "note": more.pop("note", ""),
        **more,
    }
    return c.post(reverse("web:entry-save", args=[plan.pk]), data, headers=HX if htmx else {})


def test_saving_a_new_actual_makes_a_draft_and_answers_the_row(users, plan):
    c = client_of(users["welfare_staff"])
    satisfaction = ind(plan, "복지서비스 이용 만족도")
    response = save(c, plan, satisfaction, "81.2", None, note="설문 1,200명")
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith("<tbody")
    v = actual(plan, "복지서비스 이용 만족도")
    assert v is not None and (v.raw_text, v.status, v.version, v.note) == (
        "81.2",
        "draft",
        1,
        "설문 1,200명",
    )
    assert v.entered_by == users["welfare_staff"] and v.value == Decimal("81.2")
    assert "임시 저장했습니다" in html or "Saved as a draft" in html
    assert f'value="{v.pk}:1"' in html  # now it can be ticked for submission


def test_a_blank_or_unreadable_actual_is_refused_beside_the_field(users, plan):
    c = client_of(users["welfare_staff"])
    satisfaction = ind(plan, "복지서비스 이용 만족도")
    blank = save(c, plan, satisfaction, "  ", None).content.decode()
    assert "실적: 실적을 입력하세요" in blank
    unreadable = save(c, plan, satisfaction, "많음", None).content.decode()
    assert "실적: &#x27;많음&#x27;은(는) 읽을 수 없는 값입니다" in unreadable
    assert 'aria-invalid="true"' in unreadable
    assert actual(plan, "복지서비스 이용 만족도") is None
    page = save(c, plan, satisfaction, "많음", None, htmx=False)
    assert page.status_code == 400 and "읽을 수 없는 값입니다" in page.content.decode()


def test_two_people_edit_the_same_value_and_nothing_is_lost(users, plan):
    draft = actual(plan, "긴급복지 지원 결정 기간")
    assert draft is not None
    read = draft.version
    staff, head = client_of(users["welfare_staff"]), client_of(users["welfare_head"])
    deadline = ind(plan, "긴급복지 지원 결정 기간")
    # both opened the grid at version `read`; the manager saves first
    save(head, plan, deadline, "5.9", read, note="부서장 확인")
    # the staff's save from the older version is not written: both versions are shown
    response = save(staff, plan, deadline, "6.0", read)
    html = response.content.decode()
    v = actual(plan, "긴급복지 지원 결정 기간")
    assert v is not None and v.raw_text == "5.9"  # theirs kept
    assert "6.0" in html and "5.9" in html and "welfare_head" in html
    assert f'name="version" value="{v.version}"' in html  # "save mine" carries the new one
    # the staff choose to save theirs over the new version
    save(staff, plan, deadline, "6.0", v.version)
    v.refresh_from_db()
    assert v.raw_text == "6.0" and v.version == read + 2
    # and the manager's change is still in the history
    from seonggwa.results.selectors import value_history

    texts = [e.changes.get("raw_text", [None, None])[1] for e in value_history(value=v)]
    assert "5.9" in texts and "6.0" in texts


def test_without_htmx_a_stale_save_shows_the_conflict_page(users, plan):
    deadline = ind(plan, "긴급복지 지원 결정 기간")
    draft = actual(plan, "긴급복지 지원 결정 기간")
    assert draft is not None
    actual_enter(
        indicator=deadline,
        year=2026,
        raw_text="5.5",
        user=users["officer"],
        expected_version=draft.version,
    )
    response = save(
        client_of(users["welfare_staff"]), plan, deadline, "7", draft.version, htmx=False
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "5.5" in html and ">7<" in html and "officer" in html
    keep = reverse("web:entry-grid", args=[plan.pk]) + "?period=2026#entry-"
    assert keep in html


def test_a_new_actual_saved_by_two_people_at_once_conflicts(users, plan):
    satisfaction = ind(plan, "복지서비스 이용 만족도")
    save(client_of(users["welfare_head"]), plan, satisfaction, "80", None)
    html = save(client_of(users["welfare_staff"]), plan, satisfaction, "82", None).content.decode()
    assert "82" in html and "80" in html and actual(plan, "복지서비스 이용 만족도").raw_text == "80"


def test_keep_theirs_answers_the_current_row(users, plan, period):
    deadline = ind(plan, "긴급복지 지원 결정 기간")
    c = client_of(users["welfare_staff"])
    url = reverse("web:entry-row", args=[plan.pk])
    response = c.get(url, {"indicator": deadline.pk, "period": "2026"}, headers=HX)
    assert response.status_code == 200 and "6.2" in response.content.decode()
    assert c.get(url, {"indicator": deadline.pk, "period": "2026"}).status_code == 302


def test_staff_cannot_save_another_units_row(users, plan):
    c = client_of(users["welfare_staff"])
    assert save(c, plan, ind(plan, "초미세먼지 연평균 농도"), "17", 1).status_code == 403
    assert client_of(users["committee"]).get(grid(plan)).status_code == 403


def test_a_submitted_row_cannot_be_saved_over(users, plan):
    crisis = ind(plan, "위기가구 발굴 건수 (누계)")
    submitted = actual(plan, "위기가구 발굴 건수 (누계)")
    assert submitted is not None
    html = save(client_of(users["welfare_staff"]), plan, crisis, "1", submitted.version).content
    assert "제출되어 승인을 기다리는 실적은 수정할 수 없습니다" in html.decode()
    submitted.refresh_from_db()
    assert submitted.raw_text == "230(1,942)"


# --- submitting ---------------------------------------------------------------------------------


def test_submitting_the_chosen_rows(users, plan):
    c = client_of(users["welfare_staff"])
    returned, draft = (
        actual(plan, "공공 돌봄시설 확충 (누적)"),
        actual(plan, "긴급복지 지원 결정 기간"),
    )
    assert returned is not None and draft is not None
    response = c.post(
        reverse("web:entry-submit", args=[plan.pk]),
        {
            "period": "2026",
            "selected": [f"{returned.pk}:{returned.version}", f"{draft.pk}:{draft.version}"],
        },
    )
    assert response.status_code == 302
    returned.refresh_from_db()
    draft.refresh_from_db()
    assert returned.status == draft.status == "submitted"
    page = c.get(response["Location"]).content.decode()
    assert "2" in page and "긴급복지 지원 결정 기간" in page  # the message names them


def test_a_stale_submission_shows_the_error_beside_its_row(users, plan):
    c = client_of(users["welfare_staff"])
    draft = actual(plan, "긴급복지 지원 결정 기간")
    assert draft is not None
    response = c.post(
        reverse("web:entry-submit", args=[plan.pk]),
        {"period": "2026", "selected": [f"{draft.pk}:{draft.version - 1 or 99}"]},
    )
    assert response.status_code == 400
    assert "먼저 수정했습니다" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_submitting_nothing_says_how(users, plan):
    c = client_of(users["welfare_staff"])
    response = c.post(reverse("web:entry-submit", args=[plan.pk]), {"period": "2026"}, follow=True)
    assert "제출할 실적을 고르세요" in response.content.decode() or "Choose the actuals" in (
        response.content.decode()
    )


# --- evidence -----------------------------------------------------------------------------------


def upload(c: Client, value: IndicatorValue, files, htmx=True, place="grid"):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    return c.post(
        reverse("web:evidence-upload", args=[value.pk]),
        {"place": place, "files": [SimpleUploadedFile(n, b) for n, b in files]},
        headers=HX if htmx else {},
    )


def test_several_files_are_attached_and_each_refusal_is_named(users, plan, media, settings):
    settings.SEONGGWA_MAX_UPLOAD_BYTES = 1000
    draft = actual(plan, "긴급복지 지원 결정 기간")
    assert draft is not None
    response = upload(
        client_of(users["welfare_staff"]),
        draft,
        [
            ("집계표.pdf", PDF),
            ("현장사진.png", PNG),
            ("실행.exe", b"MZ\x90\x00"),
            ("가짜.pdf", b"<html>"),
            ("큰파일.pdf", PDF + b"0" * 2000),
        ],
    )
    html = response.content.decode()
    assert sorted(Evidence.objects.filter(value=draft).values_list("original_name", flat=True)) == [
        "집계표.pdf",
        "현장사진.png",
    ]
    assert "허용되지 않는 파일 형식" in html and "실행.exe" in html
    assert "파일 내용이 .pdf 형식이 아닙니다" in html
    assert "파일이 너무 큽니다" in html and "큰파일.pdf" in html
    assert html.count("is-error") == 3


def test_evidence_is_refused_once_submitted_and_without_files(users, plan, media):
    submitted = actual(plan, "위기가구 발굴 건수 (누계)")
    assert submitted is not None
    c = client_of(users["welfare_staff"])
    html = upload(c, submitted, [("a.pdf", PDF)]).content.decode()
    assert "증빙을 붙일 수 없습니다" in html
    draft = actual(plan, "긴급복지 지원 결정 기간")
    assert draft is not None
    none = upload(c, draft, []).content.decode()
    assert "Files: choose" in none or "파일: 붙일 파일을" in none
    assert (
        client_of(users["committee"])
        .post(reverse("web:evidence-upload", args=[draft.pk]))
        .status_code
        == 403
    )


def test_without_htmx_the_upload_comes_back_to_the_grid_with_messages(users, plan, media):
    draft = actual(plan, "긴급복지 지원 결정 기간")
    assert draft is not None
    response = upload(client_of(users["welfare_staff"]), draft, [("a.pdf", PDF)], htmx=False)
    assert response.status_code == 302 and f"#entry-{draft.indicator_id}-" in response["Location"]


def test_evidence_downloads_for_the_organisation_only(users, plan, media, client):
    draft = actual(plan, "긴급복지 지원 결정 기간")
    assert draft is not None
    evidence = evidence_attach(
        value=draft, file_name="집계표.pdf", content=PDF, user=users["welfare_staff"]
    )
    url = reverse("web:evidence-download", args=[evidence.pk])
    response = client_of(users["committee"]).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]
    assert client_of(users["outsider"]).get(url).status_code == 404
    assert client.get(url).status_code == 302  # the public signs in first


# --- my work and the navigation -------------------------------------------------------------


def test_enter_actuals_in_the_navigation_leads_to_the_one_plan(users, plan):
    c = client_of(users["welfare_staff"])
    html = c.get("/my/").content.decode()
    assert reverse("web:entry-start") in html
    response = c.get(reverse("web:entry-start"))
    assert response.status_code == 302 and response["Location"] == grid(plan)
    assert (
        reverse("web:entry-start") not in client_of(users["committee"]).get("/my/").content.decode()
    )
    officer = client_of(users["officer"]).get(reverse("web:entry-start"))
    assert officer.status_code == 200 and grid(plan) in officer.content.decode()


def test_a_saved_draft_updates_the_grid_count_of_rows_to_submit(users, plan):
    c = client_of(users["welfare_staff"])
    before = c.get(grid(plan), {"period": "2026"}).context["submittable"]
    html = save(c, plan, ind(plan, "복지서비스 이용 만족도"), "81.2", None).content.decode()
    oob = re.search(r'<span[^>]*id="submittable-count"[^>]*hx-swap-oob="true"[^>]*>([^<]*)<', html)
    assert oob is not None and re.findall(r"\d+", oob.group(1)) == [str(before + 1)]
    plain = save(c, plan, ind(plan, "복지서비스 이용 만족도"), "82", 1, htmx=False)
    assert plain.status_code == 302  # a whole page comes back: no fragment to swap
