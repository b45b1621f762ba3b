"""The sustainability page's steps (실적 제출 → 담당관 확인 → 위원회 검토) and cycle line, and
the committee's review form: a committee member records the review and sees it on the page;
a refusal is shown beside its field (400); a stale save answers 409; departments get no form."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.urls import reverse

from seonggwa.frameworks.models import SustainabilityReview
from seonggwa.importers.sustainability.load import sustainability_import

SEED = Path(__file__).parents[1] / "fixtures" / "seeds" / "003_80f337656145150c.txt"
pytestmark = pytest.mark.django_db


@pytest.fixture
def sust(people, sample):  # type: ignore[no-untyped-def]
    return sustainability_import(
        user=people["officer"], organisation_name=sample.name, year=2019, path_or_text=SEED
    ).plan


def _form(**kw: object) -> dict[str, object]:
    data: dict[str, object] = {
        "status": "completed",
        "reviewed_on": "2019-12-10",
        "committee": "모니터링 분과위원회",
        "comments": "원안 의결",
        "run": "",
        "version": "0",
    }
    return data | kw


def test_the_page_shows_the_cycle_and_the_three_steps_before_a_review(sust, as_user) -> None:  # type: ignore[no-untyped-def]
    page = as_user("committee").get(reverse("web:sustainability", args=[sust.pk]))
    html = page.content.decode()
    assert "2019–2020 주기 중 1년차" in html and "다음 평가 2021년" in html
    steps = html[html.index('data-testid="sustainability-steps"') :]
    assert steps.index("1.") < steps.index("2.") < steps.index("3.")
    assert 'data-testid="review-status">검토 전<' in steps
    assert reverse("web:sustainability-review", args=[sust.pk]) in steps


def test_departments_see_the_step_without_the_form_link(sust, as_user) -> None:  # type: ignore[no-untyped-def]
    html = as_user("welfare_staff").get(reverse("web:sustainability", args=[sust.pk])).content
    assert "검토 전".encode() in html
    assert reverse("web:sustainability-review", args=[sust.pk]).encode() not in html


def test_a_committee_member_records_the_review_and_the_page_shows_it(sust, as_user) -> None:  # type: ignore[no-untyped-def]
    client = as_user("committee")
    url = reverse("web:sustainability-review", args=[sust.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _form())
    assert response.status_code == 302
    assert response["Location"].endswith("/sustainability/#review-step")
    html = client.get(response["Location"]).content.decode()
    step = html[html.index('data-testid="review-step"') :]
    step = step[: step.index("</tr>")]
    assert "검토 완료" in step and "2019-12-10" in step and "원안 의결" in step
    assert "모니터링 분과위원회" in step
    review = SustainabilityReview.objects.get()
    assert review.recorded_by.username == "committee" and review.version == 1
    # the form now reads the recorded review and its version
    form = client.get(url).content.decode()
    assert 'name="version" value="1"' in form and "원안 의결" in form


def test_a_completed_review_without_a_date_is_refused_beside_the_date(sust, as_user) -> None:  # type: ignore[no-untyped-def]
    response = as_user("officer").post(
        reverse("web:sustainability-review", args=[sust.pk]), _form(reviewed_on="")
    )
    assert response.status_code == 400
    html = response.content.decode()
    error = html[html.index('id="id_reviewed_on_error"') :]
    assert "검토일" in error[: error.index("</div>")]
    assert not SustainabilityReview.objects.exists()


def test_a_future_date_is_refused(sust, as_user) -> None:  # type: ignore[no-untyped-def]
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    response = as_user("officer").post(
        reverse("web:sustainability-review", args=[sust.pk]), _form(reviewed_on=tomorrow)
    )
    assert response.status_code == 400 and "아직 오지 않은 날" in response.content.decode()


def test_a_stale_save_answers_409_and_keeps_the_newer_review(sust, as_user) -> None:  # type: ignore[no-untyped-def]
    url = reverse("web:sustainability-review", args=[sust.pk])
    assert as_user("officer").post(url, _form(comments="먼저")).status_code == 302
    response = as_user("committee").post(url, _form(comments="나중", version="0"))
    assert response.status_code == 409
    assert "먼저 기록했습니다" in response.content.decode()
    assert SustainabilityReview.objects.get().comments == "먼저"


def test_the_department_may_not_open_or_post_the_form(sust, as_user) -> None:  # type: ignore[no-untyped-def]
    url = reverse("web:sustainability-review", args=[sust.pk])
    client = as_user("welfare_head")
    assert client.get(url).status_code == 403
    assert client.post(url, _form()).status_code == 403
    assert not SustainabilityReview.objects.exists()
