"""The sustainability framework page (``/plans/<pk>/sustainability/``): the printed figures,
the link from the plan page, and a fixed number of queries however big the framework."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from seonggwa.importers.sustainability.load import sustainability_import

SEED = Path(__file__).parents[1] / "fixtures" / "seeds" / "003_80f337656145150c.txt"
pytestmark = pytest.mark.django_db

SMALL = "\n".join(
    [
        "\t환경",
        "목표\t깨끗한 환경",
        "전략 01 | 기후",
        "- 과제 1 | 온실가스를 줄인다.",
        "<서울시 지속가능발전 핵심지표>",
        "",
        "환경\t",
        "키워드\t지표",
        "기후\t배출량",
        "",
        "<서울시 지속가능발전 지표별 달성도>",
        "",
        "환경\t",
        "지표\t달성도",
        "배출량\t80.0%",
        "",
        "<서울시 지속가능발전 이행계획 - 환경분야 성과지표 달성도>",
        "",
        "전략\t과제\t달성(1)\t일부달성(0)\t미달성(0)",
        "기후\t온실가스를 줄인다\t1\t-\t-",
        "",
    ]
)


def _officer_client() -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username="officer"))
    return client


def _import(text_or_path, year: int):  # type: ignore[no-untyped-def]
    return sustainability_import(
        user=get_user_model().objects.get(username="officer"),
        organisation_name="한빛시",
        year=year,
        path_or_text=text_or_path,
        source_name=f"s{year}.txt",
    ).plan


def test_the_page_shows_the_printed_figures_and_the_plan_page_links_it(sample) -> None:  # type: ignore[no-untyped-def]
    plan = _import(SEED, 2019)
    client = _officer_client()
    url = reverse("web:sustainability", args=[plan.pk])
    html = client.get(url).content.decode()
    for figure in ("79.4", "76.3", "78.1", "77.9", "75 / 110", "274 / 405", "67.7%"):
        assert figure in html, figure
    assert "온실가스 배출량을 줄인다." in html and "행정의 수평적 소통강화" in html
    assert url in client.get(reverse("web:plan-detail", args=[plan.pk])).content.decode()


def test_a_big_framework_costs_no_more_queries_than_a_small_one(sample) -> None:  # type: ignore[no-untyped-def]
    client = _officer_client()
    counts = []
    for plan in (_import(SMALL, 2017), _import(SEED, 2019)):
        client.get(reverse("web:sustainability", args=[plan.pk]))  # warm the session
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("web:sustainability", args=[plan.pk])).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 20, counts
