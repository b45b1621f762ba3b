"""The planning parts of "my work": a unit's staff sees its draft of an open round (status,
deadline, link; the office's requests when returned) and its pending change requests; the
officer sees each open round's progress. The page asks a fixed number of queries whatever
the number of units and drafts."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\n"


@pytest.fixture
def people(sample: Any, django_user_model: Any) -> dict[str, Any]:
    return {u.username: u for u in django_user_model.objects.all()}


@pytest.fixture
def rnd(sample: Any, people: dict[str, Any]) -> Any:
    from seonggwa.planning.services import round_open
    from seonggwa.plans.models import Plan

    return round_open(
        user=people["officer"],
        source_plan=Plan.objects.get(organisation=sample, year=2026, kind="plan"),
        deadline=datetime.date.today() + datetime.timedelta(days=30),
    )


def _page(user: Any) -> str:
    client = Client()
    client.force_login(user)
    return client.get("/my/").content.decode()


def _keys(user: Any) -> list[str]:
    from seonggwa.web.my_work import work_sections

    return [s.key for s in work_sections(user)]


def test_a_unit_sees_its_draft_and_the_offices_requests(rnd: Any, people: dict[str, Any]) -> None:
    from seonggwa.planning.services import draft_return, draft_submit

    staff = people["welfare_staff"]
    assert "planning-drafts" in _keys(staff)
    draft = rnd.drafts.get(owner__unit__name="복지정책국", owner__kind="unit")
    html = _page(staff)
    assert f"/planning/{rnd.pk}/units/{draft.pk}/" in html
    assert rnd.deadline.isoformat() in html
    other = rnd.drafts.exclude(owner__unit__name="복지정책국").first()
    assert f"/units/{other.pk}/" not in html  # only the unit's own
    draft = draft_submit(user=people["admin"], draft=draft, expected_version=draft.version)
    draft_return(
        user=people["officer"], draft=draft, note="목표를 높이세요", expected_version=draft.version
    )
    html = _page(staff)
    assert "목표를 높이세요" in html
    assert "planning-drafts" not in _keys(people["committee"])


def test_a_unit_sees_its_pending_change_requests(sample: Any, people: dict[str, Any]) -> None:
    from seonggwa.planning.services import change_request_create
    from seonggwa.plans.models import Indicator

    indicator = Indicator.objects.filter(
        plan__year=2026, plan__kind="plan", owner__unit__name="복지정책국"
    ).first()
    change_request_create(
        user=people["welfare_staff"],
        indicator=indicator,
        field="definition",
        new_text="새 정의",
        reason="보완",
        file_name="근거.pdf",
        content=PDF,
    )
    assert "planning-changes" in _keys(people["welfare_head"])
    assert indicator.name in _page(people["welfare_staff"])
    # the office has it to decide, with the unit that asked
    assert "planning-changes-to-decide" in _keys(people["officer"])
    office = _page(people["officer"])
    assert indicator.name in office and "복지정책국" in office
    assert "planning-changes-to-decide" not in _keys(people["committee"])


def test_the_officer_sees_each_open_rounds_progress(rnd: Any, people: dict[str, Any]) -> None:
    from seonggwa.planning.services import draft_accept, draft_submit

    total = rnd.drafts.count()
    draft = rnd.drafts.first()
    draft = draft_submit(user=people["admin"], draft=draft, expected_version=draft.version)
    draft_accept(user=people["officer"], draft=draft, expected_version=draft.version)
    second = rnd.drafts.exclude(pk=draft.pk).first()
    draft_submit(user=people["admin"], draft=second, expected_version=second.version)
    from seonggwa.web.my_work import work_sections

    section = next(s for s in work_sections(people["officer"]) if s.key == "planning-rounds")
    assert [str(i.label) for i in section.items] == [str(rnd.plan)]
    detail = str(section.items[0].detail)
    assert f"2 of {total}" in detail or f"{total}개 부서 중 2개" in detail
    assert section.items[0].url == f"/planning/{rnd.pk}/"


def _count(user: Any) -> int:
    client = Client()
    client.force_login(user)
    client.get("/my/")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/my/").status_code == 200
    return len(ctx.captured_queries)


def test_my_work_asks_as_many_queries_with_more_units(rnd: Any, people: dict[str, Any]) -> None:
    from seonggwa.organisations.models import OrgUnit, PlanOwner
    from seonggwa.planning.models import UnitDraft

    before = {who: _count(people[who]) for who in ("officer", "welfare_staff", "welfare_head")}
    welfare = OrgUnit.objects.get(organisation=rnd.organisation, name="복지정책국")
    for i in range(5):
        unit = OrgUnit.objects.create(
            organisation=rnd.organisation, name=f"복지과{i}", parent=welfare
        )
        owner = PlanOwner.objects.create(unit=unit, kind=PlanOwner.Kind.UNIT, label=unit.name)
        UnitDraft.objects.create(round=rnd, owner=owner)
    after = {who: _count(people[who]) for who in before}
    assert after == before
    # the staff's unit and the five below it: six drafts on the page
    assert _page(people["welfare_staff"]).count(f"/planning/{rnd.pk}/units/") >= 6
