"""The office keeps the joint evaluation's best cases on the web: "add a best case" per group
on the joint page, the form (region of the group, indicator, selection, title, summary) with
refusals beside their fields, change with the version read, delete after confirming; and the
window a timeline step governs chosen in the step's form, a taken window refused beside the
field. The others see the cases as before and no links to change them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from seonggwa.frameworks.models import BestCase, JointIndicator
from seonggwa.importers.joint.load import joint_import
from seonggwa.plans.models import Period

SEED = Path(__file__).parents[1] / "fixtures" / "seeds" / "003_80f337656145150c.txt"
pytestmark = pytest.mark.django_db
QUERIES = 16  # the page reads a fixed set (14 today); a query per case would add 35


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


def _case_data(joint: Any, **more: Any) -> dict[str, Any]:
    evaluation = joint.joint_evaluation
    data = {
        "region": evaluation.regions.get(name="부산").pk,
        "selection": "panel",
        "title": "찾아가는 마을 돌봄",
        "indicator": JointIndicator.objects.get(goal__evaluation=evaluation, number=99).pk,
        "summary": "동 주민센터가\n돌봄 대상자를 찾아간다.",
    }
    data.update(more)
    return data


def test_the_office_adds_a_case_from_its_group_and_sees_it_on_the_page(joint) -> None:  # type: ignore[no-untyped-def]
    client = _client("officer")
    page = client.get(reverse("web:joint", args=[joint.pk])).content.decode()
    new = reverse("web:joint-case-new", args=[joint.pk])
    assert f'href="{new}?group=city"' in page and f'href="{new}?group=province"' in page
    form = client.get(f"{new}?group=city").content.decode()
    assert "부산광역시" in form and "충청북도" not in form  # the regions of the group
    response = client.post(f"{new}?group=city", _case_data(joint), follow=True)
    assert response.redirect_chain[-1][0].endswith(f"/plans/{joint.pk}/joint/#cases-city")
    html = response.content.decode()
    table = html.split('data-testid="joint-cases-city"', 1)[1].split("</table>", 1)[0]
    assert "찾아가는 마을 돌봄" in table and "부산광역시" in table and "임도시설 실적률" in table
    assert "동 주민센터가<br>돌봄 대상자를 찾아간다." in table
    case = BestCase.objects.get(title="찾아가는 마을 돌봄")
    assert (case.group, case.selection) == ("city", "panel")
    assert reverse("web:joint-case-edit", args=[joint.pk, case.pk]) in table


def test_refusals_are_shown_beside_their_fields_and_write_nothing(joint) -> None:  # type: ignore[no-untyped-def]
    client = _client("officer")
    new = reverse("web:joint-case-new", args=[joint.pk])
    before = BestCase.objects.count()
    empty = client.post(new, {"selection": "panel", "title": ""})
    assert empty.status_code == 400
    html = empty.content.decode()
    assert 'id="id_region_error"' in html and 'id="id_title_error"' in html
    province = joint.joint_evaluation.regions.get(name="충북").pk
    other_group = client.post(f"{new}?group=city", _case_data(joint, region=province))
    assert other_group.status_code == 400 and 'id="id_region_error"' in other_group.content.decode()
    assert BestCase.objects.count() == before


def test_a_stale_edit_is_refused_and_a_current_one_saved(joint) -> None:  # type: ignore[no-untyped-def]
    client = _client("officer")
    case = joint.joint_evaluation.best_cases.get(region__name="대구")
    url = reverse("web:joint-case-edit", args=[joint.pk, case.pk])
    form = client.get(url).content.decode()
    assert case.title in form and 'name="version" value="1"' in form
    data = _case_data(joint, region=case.region_id, title="새 제목", version=1)
    assert client.post(url, data).status_code == 302
    stale = client.post(url, _case_data(joint, region=case.region_id, title="늦은 제목", version=1))
    assert stale.status_code == 400
    assert "읽은 버전 1, 현재 버전 2" in stale.content.decode()
    case.refresh_from_db()
    assert (case.title, case.version) == ("새 제목", 2)


def test_delete_needs_the_version_read(joint) -> None:  # type: ignore[no-untyped-def]
    client = _client("officer")
    case = joint.joint_evaluation.best_cases.get(region__name="대구")
    url = reverse("web:joint-case-delete", args=[joint.pk, case.pk])
    stale = client.post(url, {"version": "7"})
    assert stale.status_code == 409 and 'data-testid="delete-error"' in stale.content.decode()
    assert BestCase.objects.filter(pk=case.pk).exists()
    done = client.post(url, {"version": str(case.version)}, follow=True)
    assert not BestCase.objects.filter(pk=case.pk).exists()
    assert case.title in done.content.decode()  # "deleted …" message


def test_others_see_the_cases_but_no_links_to_change_them(joint) -> None:  # type: ignore[no-untyped-def]
    case = joint.joint_evaluation.best_cases.first()
    for who in ("welfare_staff", "committee"):
        html = _client(who).get(reverse("web:joint", args=[joint.pk])).content.decode()
        assert case.title in html
        assert reverse("web:joint-case-new", args=[joint.pk]) not in html
        assert reverse("web:joint-case-edit", args=[joint.pk, case.pk]) not in html


def _step_post(client: Client, joint: Any, step: Any, governs: str) -> Any:
    prefix = f"step{step.pk}"
    return client.post(
        reverse("web:joint-timeline-step", args=[joint.pk, step.pk]),
        {
            f"{prefix}-starts_on": step.starts_on.isoformat(),
            f"{prefix}-ends_on": step.ends_on.isoformat(),
            f"{prefix}-governs": governs,
            f"{prefix}-version": step.version,
        },
    )


def test_the_step_form_chooses_the_window_and_a_taken_one_is_refused_beside_it(joint) -> None:  # type: ignore[no-untyped-def]
    client = _client("officer")
    timeline = joint.joint_evaluation.timeline
    qualitative = timeline.get(label__startswith="정성평가")
    page = client.get(reverse("web:joint", args=[joint.pk])).content.decode()
    assert f'name="step{qualitative.pk}-governs"' in page
    taken = _step_post(client, joint, qualitative, "entry")
    assert taken.status_code == 400
    html = taken.content.decode()
    assert f'id="id_step{qualitative.pk}-governs_error"' in html
    assert "실적입력(정량, 정성)&#x27; 단계가 이미 입력 기간을(를) 정합니다" in html
    entry = timeline.get(governs="entry")
    assert _step_post(client, joint, entry, "").status_code == 302
    assert _step_post(client, joint, qualitative, "entry").status_code == 302
    qualitative.refresh_from_db()
    assert qualitative.governs == "entry"
    period = Period.objects.get(plan=joint)
    assert (period.opens_on, period.closes_on) == (qualitative.starts_on, qualitative.ends_on)


def test_the_joint_page_queries_do_not_grow_with_best_cases(  # type: ignore[no-untyped-def]
    joint, django_assert_max_num_queries
) -> None:
    client = _client("officer")
    url = reverse("web:joint", args=[joint.pk])
    evaluation = joint.joint_evaluation
    indicator = JointIndicator.objects.filter(goal__evaluation=evaluation).first()
    region = evaluation.regions.first()
    BestCase.objects.bulk_create(
        BestCase(
            evaluation=evaluation,
            region=region,
            group=region.group,
            indicator=indicator,
            title=f"사례 {n}",
            position=100 + n,
        )
        for n in range(30)
    )
    with django_assert_max_num_queries(QUERIES):
        response = client.get(url)
    assert response.status_code == 200 and "사례 29" in response.content.decode()
