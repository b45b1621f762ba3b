"""The joint-evaluation pages: the plan's page with its goals and the office's VPS upload
form, the upload itself (good rows saved, bad rows listed, a bad file refused beside the
field), and the region comparison with a fixed number of queries however many results."""

from __future__ import annotations

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
