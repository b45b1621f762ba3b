"""The sustainability framework's settings page (…/sustainability/settings/): the office opens
it from a link on the sustainability page and saves a new cycle, which the page's cycle line
then shows; a refusal is shown beside its field (400); a stale save answers 409; the
departments and committee members get no link and 403."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from seonggwa.frameworks.models import SustainabilityFramework
from seonggwa.importers.sustainability.load import sustainability_import
from seonggwa.plans.models import Plan

SEED = Path(__file__).parents[1] / "fixtures" / "seeds" / "003_80f337656145150c.txt"
pytestmark = pytest.mark.django_db


@pytest.fixture
def sust(people, sample):  # type: ignore[no-untyped-def]
    return sustainability_import(
        user=people["officer"], organisation_name=sample.name, year=2019, path_or_text=SEED
    ).plan


def _form(**kw: object) -> dict[str, object]:
    data: dict[str, object] = {
        "cycle_years": "3",
        "cycle_start_year": "2016",
        "status_year": "2018",
        "committee": "지속가능발전위원회",
        "title": "2019년 지속가능성 평가",
        "version": "1",
    }
    return data | kw


def _cycle_line(html: str) -> str:
    line = html[html.index('data-testid="sustainability-cycle"') :]
    return line[: line.index("</p>")]


@pytest.mark.parametrize("who", ["officer", "admin"])
def test_the_office_sees_the_link(sust, as_user, who) -> None:  # type: ignore[no-untyped-def]
    html = as_user(who).get(reverse("web:sustainability", args=[sust.pk])).content.decode()
    assert 'data-testid="sustainability-settings-link"' in html
    assert reverse("web:sustainability-settings", args=[sust.pk]) in html


@pytest.mark.parametrize("who", ["welfare_head", "welfare_staff", "committee"])
def test_others_see_no_link_and_get_403(sust, as_user, who) -> None:  # type: ignore[no-untyped-def]
    client = as_user(who)
    url = reverse("web:sustainability-settings", args=[sust.pk])
    html = client.get(reverse("web:sustainability", args=[sust.pk])).content.decode()
    assert url not in html
    assert client.get(url).status_code == 403
    assert client.post(url, _form()).status_code == 403
    assert SustainabilityFramework.objects.get().version == 1


def test_the_office_saves_a_new_cycle_and_the_page_shows_it(sust, as_user) -> None:  # type: ignore[no-untyped-def]
    client = as_user("officer")
    url = reverse("web:sustainability-settings", args=[sust.pk])
    before = _cycle_line(client.get(reverse("web:sustainability", args=[sust.pk])).content.decode())
    assert "평가 주기 2년" in before and "2019–2020 주기 중 1년차" in before
    form = client.get(url)
    assert form.status_code == 200
    html = form.content.decode()
    assert 'name="version" value="1"' in html and 'name="cycle_start_year" value="2017"' in html
    response = client.post(url, _form())
    assert response.status_code == 302
    assert response["Location"] == reverse("web:sustainability", args=[sust.pk])
    page = client.get(response["Location"]).content.decode()
    line = _cycle_line(page)
    assert "평가 주기 3년" in line and "2019–2021 주기 중 1년차" in line
    assert "올해 2016–2018 주기 평가" in line and "다음 평가 2022년" in line
    stored = SustainabilityFramework.objects.get()
    assert (stored.cycle_years, stored.cycle_start_year, stored.version) == (3, 2016, 2)
    assert 'name="version" value="2"' in client.get(url).content.decode()


def test_a_blank_first_year_says_the_position_is_unknown(sust, as_user) -> None:  # type: ignore[no-untyped-def]
    client = as_user("officer")
    url = reverse("web:sustainability-settings", args=[sust.pk])
    assert client.post(url, _form(cycle_start_year="")).status_code == 302
    line = _cycle_line(client.get(reverse("web:sustainability", args=[sust.pk])).content.decode())
    assert "알 수 없습니다" in line


@pytest.mark.parametrize(
    ("kw", "field", "says"),
    [
        ({"cycle_years": "12"}, "cycle_years", "1년부터 10년 사이"),
        ({"cycle_start_year": "2030"}, "cycle_start_year", "주기 시작 연도 2030년은"),
        ({"status_year": "18"}, "status_year", "핵심지표 현황 연도 18년은"),
        ({"committee": ""}, "committee", "위원회의 이름을 적으세요"),
        ({"cycle_years": "two"}, "cycle_years", "whole number|정수"),
    ],
)
def test_a_refusal_is_shown_beside_its_field(sust, as_user, kw, field, says) -> None:  # type: ignore[no-untyped-def]
    response = as_user("officer").post(
        reverse("web:sustainability-settings", args=[sust.pk]), _form(**kw)
    )
    assert response.status_code == 400
    html = response.content.decode()
    error = html[html.index(f'id="id_{field}_error"') :]
    assert re.search(says, error[: error.index("</div>")])
    assert SustainabilityFramework.objects.get().version == 1


def test_a_stale_save_answers_409_and_keeps_the_newer_settings(sust, as_user) -> None:  # type: ignore[no-untyped-def]
    url = reverse("web:sustainability-settings", args=[sust.pk])
    assert as_user("officer").post(url, _form(cycle_years="3")).status_code == 302
    response = as_user("admin").post(url, _form(cycle_years="4", version="1"))
    assert response.status_code == 409
    assert "먼저 바꿨습니다" in response.content.decode()
    assert SustainabilityFramework.objects.get().cycle_years == 3


def test_a_closed_plan_has_no_link_and_no_form(sust, as_user) -> None:  # type: ignore[no-untyped-def]
    Plan.objects.filter(pk=sust.pk).update(status=Plan.Status.CLOSED)
    client = as_user("officer")
    url = reverse("web:sustainability-settings", args=[sust.pk])
    assert url not in client.get(reverse("web:sustainability", args=[sust.pk])).content.decode()
    assert client.get(url).status_code == 403
