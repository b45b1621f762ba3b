"""The framework's settings changed by hand (frameworks.services.framework_settings_save):
only the evaluation office, never on a closed plan; each refusal names its field; a save
over a newer one is refused; each change is one audit event of the acting user; the cycle
position follows (seed 003: the ordinance of 2017, every two years)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from seonggwa.audit.models import AuditEvent
from seonggwa.core.errors import ConflictError, PermissionDenied, ServiceError
from seonggwa.frameworks.models import SustainabilityFramework
from seonggwa.frameworks.selectors import framework_cycle
from seonggwa.frameworks.services import framework_settings_save
from seonggwa.importers.sustainability.load import sustainability_import
from seonggwa.plans.models import Plan

SEED = Path(__file__).parents[1] / "fixtures" / "seeds" / "003_80f337656145150c.txt"
pytestmark = pytest.mark.django_db
MODEL = "frameworks.SustainabilityFramework"


@pytest.fixture
def framework(people, sample) -> SustainabilityFramework:  # type: ignore[no-untyped-def]
    return sustainability_import(
        user=people["officer"], organisation_name=sample.name, year=2019, path_or_text=SEED
    ).framework


def _save(user: Any, framework: SustainabilityFramework, **kw: Any) -> SustainabilityFramework:
    args: dict[str, Any] = {
        "expected_version": 1,
        "cycle_years": 3,
        "cycle_start_year": 2016,
        "status_year": 2018,
        "committee": "  지속가능발전위원회   모니터링분과 ",
        "title": "2019년 지속가능성 평가",
    }
    return framework_settings_save(user=user, framework=framework, **(args | kw))


def test_the_import_writes_no_settings_event_and_starts_at_version_one(framework) -> None:  # type: ignore[no-untyped-def]
    assert framework.version == 1
    assert not AuditEvent.objects.filter(model=MODEL).exists()


@pytest.mark.parametrize("who", ["officer", "admin"])
def test_the_office_changes_the_settings_and_the_cycle_follows(framework, people, who) -> None:  # type: ignore[no-untyped-def]
    saved = _save(people[who], framework)
    stored = SustainabilityFramework.objects.get(pk=framework.pk)
    assert (stored.cycle_years, stored.cycle_start_year, stored.status_year) == (3, 2016, 2018)
    assert stored.committee == "지속가능발전위원회 모니터링분과" and stored.version == 2
    assert saved.version == 2
    cycle = framework_cycle(stored)
    # cycles of three years from 2016: 2019 opens the 2019–2021 cycle and 2016–2018 is evaluated
    assert (cycle.first_year, cycle.last_year, cycle.year_in_cycle) == (2019, 2021, 1)
    assert cycle.evaluated_cycle == (2016, 2018) and cycle.next_evaluation_year == 2022
    event = AuditEvent.objects.get(model=MODEL)
    assert event.action == "update" and event.actor == people[who]
    assert event.organisation_id_ref == framework.plan.organisation_id
    assert event.changes["cycle_years"] == [2, 3]
    assert event.changes["cycle_start_year"] == [2017, 2016]
    assert event.changes["version"] == [1, 2]


def test_an_unknown_first_year_makes_the_position_unknown(framework, people) -> None:  # type: ignore[no-untyped-def]
    saved = _save(people["officer"], framework, cycle_start_year=None, status_year=None)
    assert saved.cycle_start_year is None and saved.status_year is None
    assert not framework_cycle(saved).known


def test_an_unchanged_save_keeps_the_version_and_writes_no_event(framework, people) -> None:  # type: ignore[no-untyped-def]
    same = _save(
        people["officer"],
        framework,
        cycle_years=framework.cycle_years,
        cycle_start_year=framework.cycle_start_year,
        status_year=framework.status_year,
        committee=framework.committee,
        title=framework.title,
    )
    assert same.version == 1
    assert not AuditEvent.objects.filter(model=MODEL).exists()


@pytest.mark.parametrize("who", ["welfare_staff", "welfare_head", "committee", "outsider"])
def test_departments_committee_and_other_organisations_are_refused(framework, people, who) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied, match="평가담당관이나 관리자만"):
        _save(people[who], framework)
    stored = SustainabilityFramework.objects.get(pk=framework.pk)
    assert (stored.cycle_years, stored.version) == (2, 1)
    assert not AuditEvent.objects.filter(model=MODEL).exists()


def test_a_closed_plan_is_refused_even_for_the_office(framework, people) -> None:  # type: ignore[no-untyped-def]
    Plan.objects.filter(pk=framework.plan_id).update(status=Plan.Status.CLOSED)
    with pytest.raises(ServiceError, match="마감되어 바꿀 수 없습니다"):
        _save(people["officer"], framework)
    assert SustainabilityFramework.objects.get(pk=framework.pk).version == 1


@pytest.mark.parametrize(
    ("kw", "field", "says"),
    [
        ({"cycle_years": 0}, "cycle_years", r"1년부터 10년 사이.*입력: 0년"),
        ({"cycle_years": 11}, "cycle_years", r"1년부터 10년 사이.*입력: 11년"),
        ({"cycle_start_year": 1989}, "cycle_start_year", "주기 시작 연도 1989년은 맞지 않습니다"),
        ({"cycle_start_year": 2020}, "cycle_start_year", "2019년 사이로 적거나, 모르면 비워"),
        ({"status_year": 20180}, "status_year", "핵심지표 현황 연도 20180년은"),
        ({"committee": "   "}, "committee", "위원회의 이름을 적으세요"),
        ({"committee": "위" * 201}, "committee", r"위원회 이름은 200자까지.*201자"),
        ({"title": "제" * 301}, "title", r"제목은 300자까지.*301자"),
    ],
)
def test_refusals_name_their_field(framework, people, kw, field, says) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError, match=says) as refused:
        _save(people["officer"], framework, **kw)
    assert refused.value.field == field
    assert SustainabilityFramework.objects.get(pk=framework.pk).version == 1


def test_a_blank_title_falls_back_to_the_plan(framework, people) -> None:  # type: ignore[no-untyped-def]
    saved = _save(people["officer"], framework, title="  ")
    assert saved.title == "" and str(saved) == str(saved.plan)


def test_a_stale_save_is_refused_and_the_newer_one_stays(framework, people) -> None:  # type: ignore[no-untyped-def]
    _save(people["officer"], framework, cycle_years=3)
    with pytest.raises(ConflictError, match="읽은 버전 1, 현재 버전 2"):
        _save(people["admin"], framework, cycle_years=4, expected_version=1)
    stored = SustainabilityFramework.objects.get(pk=framework.pk)
    assert (stored.cycle_years, stored.version) == (3, 2)
    assert AuditEvent.objects.filter(model=MODEL).count() == 1
