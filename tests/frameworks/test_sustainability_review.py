"""The committee's review of a sustainability evaluation (frameworks.services
.sustainability_review_save): who may record it (the office and committee members, not the
departments nor another organisation), the closed plan, the refusals that name their field,
a stale save, the audit trail; and where the plan's year sits in its cycle (seed 003: the
ordinance of 2017, every two years)."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

from seonggwa.audit.models import AuditEvent
from seonggwa.core.errors import ConflictError, PermissionDenied, ServiceError
from seonggwa.evaluation.services import run_start
from seonggwa.frameworks.models import SustainabilityFramework, SustainabilityReview
from seonggwa.frameworks.selectors import framework_cycle, sustainability_review
from seonggwa.frameworks.services import sustainability_review_save
from seonggwa.importers.sustainability.load import sustainability_import
from seonggwa.plans.models import Plan
from seonggwa.plans.services import period_create, plan_set_status

SEED = Path(__file__).parents[1] / "fixtures" / "seeds" / "003_80f337656145150c.txt"
pytestmark = pytest.mark.django_db
DAY = datetime.date(2019, 12, 10)


@pytest.fixture
def framework(people, sample) -> SustainabilityFramework:  # type: ignore[no-untyped-def]
    return sustainability_import(
        user=people["officer"], organisation_name=sample.name, year=2019, path_or_text=SEED
    ).framework


def _save(user: Any, framework: SustainabilityFramework, **kw: Any) -> SustainabilityReview:
    args: dict[str, Any] = {"status": "completed", "reviewed_on": DAY, "comments": "원안 의결"}
    return sustainability_review_save(user=user, framework=framework, **(args | kw))


def test_the_import_reads_the_cycle_from_the_ordinance_and_places_2019(framework) -> None:  # type: ignore[no-untyped-def]
    assert (framework.cycle_years, framework.cycle_start_year) == (2, 2017)
    cycle = framework_cycle(framework)
    assert (cycle.first_year, cycle.last_year, cycle.year_in_cycle) == (2019, 2020, 1)
    assert cycle.evaluated_cycle == (2017, 2018) and cycle.next_evaluation_year == 2021


def test_without_a_first_year_the_cycle_position_is_unknown(framework) -> None:  # type: ignore[no-untyped-def]
    framework.cycle_start_year = None
    cycle = framework_cycle(framework)
    assert not cycle.known and "알 수 없습니다" in cycle.text


def test_nothing_recorded_reads_as_not_reviewed_by_the_framework_committee(framework) -> None:  # type: ignore[no-untyped-def]
    line = sustainability_review(framework)
    assert (line.status_label, line.committee, line.version) == ("검토 전", "지속가능발전위원회", 0)


@pytest.mark.parametrize("who", ["officer", "admin", "committee"])
def test_the_office_and_committee_members_record_the_review(framework, people, who) -> None:  # type: ignore[no-untyped-def]
    review = _save(people[who], framework, committee="모니터링 분과위원회")
    assert (review.status, review.reviewed_on, review.version) == ("completed", DAY, 1)
    assert review.recorded_by == people[who]
    line = sustainability_review(framework)
    assert line.text == "위원회 검토: 검토 완료(2019-12-10, 모니터링 분과위원회)"
    event = AuditEvent.objects.get(model="frameworks.SustainabilityReview")
    assert event.action == "create" and event.actor == people[who]
    assert event.organisation_id_ref == framework.plan.organisation_id


@pytest.mark.parametrize("who", ["welfare_staff", "welfare_head", "outsider"])
def test_departments_and_other_organisations_are_refused(framework, people, who) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied, match="평가담당관이나 지속가능발전위원회 위원만"):
        _save(people[who], framework)
    assert not SustainabilityReview.objects.exists()


def test_a_closed_plan_is_refused_even_for_the_office(framework, people) -> None:  # type: ignore[no-untyped-def]
    Plan.objects.filter(pk=framework.plan_id).update(status=Plan.Status.CLOSED)
    with pytest.raises(ServiceError, match="마감되어 위원회 검토를 기록할 수 없습니다"):
        _save(people["officer"], framework)


@pytest.mark.parametrize(
    ("kw", "field", "says"),
    [
        ({"status": "completed", "reviewed_on": None}, "reviewed_on", "검토일"),
        ({"status": "revision_requested", "reviewed_on": None}, "reviewed_on", "검토일"),
        (
            {"reviewed_on": datetime.date.today() + datetime.timedelta(days=1)},
            "reviewed_on",
            "아직 오지 않은 날",
        ),
        ({"status": "revision_requested", "comments": "  "}, "comments", "무엇을 보완할지"),
        ({"status": "approved"}, "status", "검토 상태 'approved'"),
    ],
)
def test_refusals_name_their_field(framework, people, kw, field, says) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError, match=says) as refused:
        _save(people["officer"], framework, **kw)
    assert refused.value.field == field


def test_under_review_needs_no_date_and_falls_back_to_the_framework_committee(
    framework, people
) -> None:  # type: ignore[no-untyped-def]
    review = _save(
        people["committee"], framework, status="in_review", reviewed_on=None, comments=""
    )
    assert review.committee == "지속가능발전위원회" and review.reviewed_on is None


def test_a_stale_save_is_refused_and_the_newer_one_stays(framework, people) -> None:  # type: ignore[no-untyped-def]
    _save(people["committee"], framework, status="in_review", reviewed_on=None)
    _save(people["officer"], framework, expected_version=1, comments="보완 후 의결")
    with pytest.raises(ConflictError, match="읽은 버전 1, 현재 버전 2"):
        _save(people["committee"], framework, expected_version=1, status="revision_requested")
    review = SustainabilityReview.objects.get()
    assert (review.status, review.comments, review.version) == ("completed", "보완 후 의결", 2)
    assert AuditEvent.objects.filter(model="frameworks.SustainabilityReview").count() == 2


def test_a_first_save_over_an_existing_review_is_stale(framework, people) -> None:  # type: ignore[no-untyped-def]
    _save(people["officer"], framework)
    with pytest.raises(ConflictError):
        _save(people["committee"], framework, expected_version=0)


def test_the_run_read_belongs_to_the_plan(framework, people, sample) -> None:  # type: ignore[no-untyped-def]
    plan = framework.plan
    today = datetime.date.today()
    period = period_create(
        user=people["officer"],
        plan=plan,
        key="2019",
        opens_on=today - datetime.timedelta(days=10),
        closes_on=today + datetime.timedelta(days=30),
    )
    plan.refresh_from_db()
    plan_set_status(
        user=people["officer"], plan=plan, status="confirmed", expected_version=plan.version
    )
    run = run_start(user=people["officer"], plan=plan, period=period)
    review = _save(people["officer"], framework, run=run)
    assert sustainability_review(framework).run_label == f"2019 평가 제{run.number}회차"
    other = Plan.objects.exclude(pk=plan.pk).filter(organisation=sample).first()
    run.plan_id = other.pk  # a run of another plan, as a caller could pass one
    with pytest.raises(ServiceError, match="이 계획의 회차가 아닙니다") as refused:
        _save(people["officer"], framework, run=run, expected_version=review.version)
    assert refused.value.field == "run"
