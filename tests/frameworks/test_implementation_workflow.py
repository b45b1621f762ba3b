"""Implementation indicators go through the one entry workflow and the one evaluation run:
a department enters and submits an actual, the office approves it, the run grades it
달성 / 일부달성 / 미달성 (R8) and the office overrides one grade with an allowed reason."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from seonggwa.core.errors import PermissionDenied, ServiceError
from seonggwa.evaluation.services import grade_override_apply, run_start
from seonggwa.frameworks.models import FrameworkIndicator, Task
from seonggwa.frameworks.services import implementation_indicator_create
from seonggwa.importers.sustainability.load import sustainability_import
from seonggwa.organisations.models import OrgUnit
from seonggwa.plans.services import period_create, plan_set_status
from seonggwa.results.services import actual_approve, actual_enter, actual_submit

SEED = Path(__file__).parents[1] / "fixtures" / "seeds" / "003_80f337656145150c.txt"
pytestmark = pytest.mark.django_db


def _user(name: str):  # type: ignore[no-untyped-def]
    return get_user_model().objects.get(username=name)


@pytest.fixture
def setup(sample):  # type: ignore[no-untyped-def]
    officer = _user("officer")
    plan = sustainability_import(
        user=officer, organisation_name="한빛시", year=2019, path_or_text=SEED
    ).plan
    assert plan.grading_scheme == "sustainability_plan"
    task = Task.objects.get(strategy__field__framework__plan=plan, name="주거복지 지원을 강화한다.")
    welfare = OrgUnit.objects.get(organisation=sample, name="복지정책국")
    indicators = [
        implementation_indicator_create(
            user=officer,
            task=task,
            project_name="희망의 집수리",
            unit=welfare,
            name=name,
            targets={2019: "100"},
            unit_of_measure="가구",
        )
        for name in ("집수리 가구 수", "주거상담 건수")
    ]
    today = datetime.date.today()
    period = period_create(
        user=officer,
        plan=plan,
        key="2019",
        opens_on=today - datetime.timedelta(days=10),
        closes_on=today + datetime.timedelta(days=30),
    )
    plan.refresh_from_db()
    plan = plan_set_status(
        user=officer, plan=plan, status="confirmed", expected_version=plan.version
    )
    return plan, indicators, period


def test_department_submits_office_approves_run_grades_and_one_override(setup) -> None:  # type: ignore[no-untyped-def]
    plan, indicators, _period = setup
    staff, officer = _user("welfare_staff"), _user("officer")
    for indicator, raw in zip(indicators, ("60", "30"), strict=True):
        value = actual_enter(indicator=indicator, year=2019, raw_text=raw, user=staff)
        value = actual_submit(value=value, expected_version=value.version, user=staff)
        actual_approve(value=value, expected_version=value.version, user=officer)
    run = run_start(user=officer, plan=plan)
    results = {r.indicator.name: r for r in run.results.select_related("indicator")}
    assert results["집수리 가구 수"].grade_code == "partly_achieved"  # 60 % ≥ 50 %
    assert results["주거상담 건수"].grade_code == "not_achieved"  # 30 % < 50 %
    with pytest.raises(ServiceError):  # 조기달성 is a reason for 달성 only
        grade_override_apply(
            user=officer,
            result=results["주거상담 건수"],
            band="partly_achieved",
            reason="조기달성",
            expected_version=run.version,
        )
    run.refresh_from_db()
    grade_override_apply(
        user=officer,
        result=results["집수리 가구 수"],
        band="achieved",
        reason="조기달성",
        expected_version=run.version,
        note="17년에 100% 달성",
    )
    overridden = run.results.get(indicator=indicators[0])
    assert overridden.grade_code == "achieved"


def test_only_the_office_adds_implementation_indicators(setup) -> None:  # type: ignore[no-untyped-def]
    _plan, indicators, _period = setup
    link = indicators[0].framework_link
    assert link.role == FrameworkIndicator.Role.IMPLEMENTATION
    assert (link.project.name, link.project.unit.name) == ("희망의 집수리", "복지정책국")
    assert indicators[0].owner.unit.name == "복지정책국"
    with pytest.raises(PermissionDenied):
        implementation_indicator_create(
            user=_user("welfare_staff"),
            task=link.project.task,
            project_name="다른 사업",
            unit=link.project.unit,
            name="지표",
            targets={2019: "1"},
        )
    assert indicators[0].values.get(kind="target", year=2019).value == Decimal(100)
