"""The joint-evaluation pages: the plan's page with its goals and the office's VPS upload
form, the upload itself (good rows saved, bad rows listed, a bad file refused beside the
field), and the region comparison with a fixed number of queries however many results."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from seonggwa.frameworks.models import RegionResult
from seonggwa.importers.joint.load import joint_import
from seonggwa.importers.joint.vps_load import vps_import

SEED = Path(__file__).parents[1] / "fixtures" / "seeds" / "003_80f337656145150c.txt"
pytestmark = pytest.mark.django_db

SHEET = "\n".join(
    ["시도,연번,목표,실적,달성여부"]
    + [f"서울,{n},100,120,달성" for n in (5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18)]
    + ["서울,19,650,600,미달성", "평양,5,1,1,달성", "서울,5,1,-1,달성"]
)


@pytest.fixture
def joint(sample):  # type: ignore[no-untyped-def]
    officer = get_user_model().objects.get(username="officer")
    return joint_import(
        user=officer, organisation_name=sample.name, year=2020, path_or_text=SEED
    ).plan


def _client(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_joint_page_shows_goals_and_the_upload_form_to_the_office(joint) -> None:  # type: ignore[no-untyped-def]
    page = _client("officer").get(reverse("web:joint", args=[joint.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "내 삶을 책임지는 국가" in html and 'data-testid="joint-goals"' in html
    assert reverse("web:joint-vps", args=[joint.pk]) in html
    plan_page = _client("officer").get(reverse("web:plan-detail", args=[joint.pk])).content.decode()
    assert reverse("web:joint-regions", args=[joint.pk]) in plan_page
    other = get_user_model().objects.filter(username="welfare_staff").first()
    if other is not None:
        html = _client("welfare_staff").get(reverse("web:joint", args=[joint.pk])).content.decode()
        assert reverse("web:joint-vps", args=[joint.pk]) not in html


def test_upload_saves_good_rows_lists_bad_ones_and_shows_the_comparison(joint) -> None:  # type: ignore[no-untyped-def]
    client = _client("officer")
    upload = SimpleUploadedFile("seoul.csv", SHEET.encode(), content_type="text/csv")
    response = client.post(reverse("web:joint-vps", args=[joint.pk]), {"file": upload}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0].endswith("?group=city")
    assert "13 rows saved, 2 skipped" in html or "13행" in html or "13" in html
    assert "평양" in html  # the finding of the unknown region
    assert RegionResult.objects.filter(region__name="서울").count() == 13
    row = html.split('data-region="서울"', 1)[1].split("</tr>", 1)[0]
    assert "92.3%" in row


def test_a_refused_file_is_shown_beside_the_field_and_writes_nothing(joint) -> None:  # type: ignore[no-untyped-def]
    client = _client("officer")
    upload = SimpleUploadedFile("seoul.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = client.post(reverse("web:joint-vps", args=[joint.pk]), {"file": upload})
    assert response.status_code == 400
    assert ".xlsx" in response.content.decode()
    assert not RegionResult.objects.exists()


def test_comparison_queries_do_not_grow_with_results(  # type: ignore[no-untyped-def]
    joint, django_assert_max_num_queries
) -> None:
    client = _client("officer")
    url = reverse("web:joint-regions", args=[joint.pk]) + "?group=city"
    client.get(url)
    rows = "\n".join(
        ["시도,연번,달성여부"]
        + [f"{r},{n},달성" for r in ("서울", "부산", "대구", "인천") for n in range(5, 60)]
    )
    vps_import(user=None, plan=joint, path_or_bytes=rows.encode(), source_name="many.csv")
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200


def _entry_step(joint):  # type: ignore[no-untyped-def]
    return joint.joint_evaluation.timeline.get(governs="entry")


def _step_post(client: Client, joint, step, starts: str, ends: str):  # type: ignore[no-untyped-def]
    prefix = f"step{step.pk}"
    return client.post(
        reverse("web:joint-timeline-step", args=[joint.pk, step.pk]),
        {
            f"{prefix}-starts_on": starts,
            f"{prefix}-ends_on": ends,
            f"{prefix}-version": step.version,
        },
    )


def test_the_timeline_shows_states_windows_and_the_best_cases(joint) -> None:  # type: ignore[no-untyped-def]
    html = _client("officer").get(reverse("web:joint", args=[joint.pk])).content.decode()
    assert 'data-testid="joint-timeline"' in html and "종료" in html
    assert "입력 기간" in html and "이의신청 마감" in html and "평가 결과 발표" in html
    step = _entry_step(joint)
    assert reverse("web:joint-timeline-step", args=[joint.pk, step.pk]) in html
    assert 'data-testid="joint-cases-city"' in html and 'data-testid="joint-cases-province"' in html
    assert "기억이 꽃피는 치매보듬마을" in html and "대구광역시" in html
    staff = _client("welfare_staff").get(reverse("web:joint", args=[joint.pk])).content.decode()
    assert "기억이 꽃피는 치매보듬마을" in staff
    assert reverse("web:joint-timeline-step", args=[joint.pk, step.pk]) not in staff


def test_the_office_moves_the_entry_step_and_the_window_follows(joint) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from seonggwa.plans.models import Period

    today = timezone.localdate()
    ends = today + datetime.timedelta(days=10)
    step = _entry_step(joint)
    client = _client("officer")
    response = _step_post(client, joint, step, str(today), str(ends))
    assert response.status_code == 302
    period = Period.objects.get(plan=joint)
    assert (period.opens_on, period.closes_on) == (today, ends)
    page = client.get(reverse("web:joint", args=[joint.pk])).content.decode()
    assert "진행 중" in page


def test_bad_dates_are_shown_beside_the_step_and_change_nothing(joint) -> None:  # type: ignore[no-untyped-def]
    step = _entry_step(joint)
    response = _step_post(_client("officer"), joint, step, "2020-03-01", "2020-02-01")
    assert response.status_code == 400
    html = response.content.decode()
    assert "종료일(2020-02-01)이 시작일(2020-03-01)보다 앞섭니다" in html
    assert (
        f'id="id_step{step.pk}-ends_on_error"' in html and "<details" in html and " open>" in html
    )
    empty = _step_post(_client("officer"), joint, step, "", "")
    assert empty.status_code == 400
    step.refresh_from_db()
    assert step.starts_on.isoformat() == "2020-01-01"


def test_a_run_of_the_joint_plan_proposes_the_objection_step_as_deadline(joint) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from seonggwa.evaluation.services import run_start
    from seonggwa.frameworks.joint_services import timeline_step_update

    officer = get_user_model().objects.get(username="officer")
    step = joint.joint_evaluation.timeline.get(governs="objections")
    until = timezone.localdate() + datetime.timedelta(days=20)
    timeline_step_update(
        user=officer,
        step=step,
        starts_on=timezone.localdate(),
        ends_on=until,
        expected_version=step.version,
    )
    from seonggwa.plans.services import plan_set_status

    plan_set_status(user=officer, plan=joint, status="confirmed", expected_version=joint.version)
    run = run_start(user=officer, plan=joint)
    client = _client("officer")
    page = client.get(reverse("web:evaluation-run", args=[joint.pk, run.pk])).content.decode()
    assert f'value="{until.isoformat()}"' in page
    client.post(
        reverse("web:evaluation-run-share", args=[joint.pk, run.pk]),
        {"version": run.version, "objections_until": ""},
    )
    run.refresh_from_db()
    assert run.objections_until == until


def test_my_work_shows_a_milestone_under_way(joint) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from seonggwa.frameworks.joint_services import timeline_step_update

    officer = get_user_model().objects.get(username="officer")
    step = joint.joint_evaluation.timeline.get(label__startswith="정성평가")
    assert "정성평가 실시" not in _client("officer").get(reverse("web:my-work")).content.decode()
    today = timezone.localdate()
    timeline_step_update(
        user=officer, step=step, starts_on=today, ends_on=today, expected_version=step.version
    )
    html = _client("officer").get(reverse("web:my-work")).content.decode()
    assert "정성평가 실시(합동평가단)" in html
    assert reverse("web:joint", args=[joint.pk]) in html
    assert (
        "정성평가 실시" not in _client("welfare_staff").get(reverse("web:my-work")).content.decode()
    )
