"""The joint evaluation's timeline drives the workflow's windows (docs/joint-evaluation.md):
the entry step sets the plan's entry window (on import and when the office edits it), the
entry rules then refuse entry outside it; the objection step gives the default objection
deadline; the other steps are milestones, on "my work" while they run."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from seonggwa.accounts.models import Role, RoleAssignment
from seonggwa.audit.models import AuditEvent
from seonggwa.core.errors import ConflictError, PermissionDenied, ServiceError
from seonggwa.engine.joint import StepState
from seonggwa.frameworks.joint_selectors import (
    current_milestones,
    joint_timeline,
    objection_deadline,
)
from seonggwa.frameworks.joint_services import timeline_step_update
from seonggwa.frameworks.models import TimelineStep
from seonggwa.importers.joint.load import joint_import
from seonggwa.plans.models import Period, Plan
from seonggwa.plans.services import plan_set_status
from seonggwa.results.services import actual_enter

SEED = Path(__file__).parents[1] / "fixtures" / "seeds" / "003_80f337656145150c.txt"
pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def _user(name: str) -> Any:
    return get_user_model().objects.get(username=name)


@pytest.fixture
def joint(sample) -> Any:  # type: ignore[no-untyped-def]
    return joint_import(
        user=_user("officer"), organisation_name=sample.name, year=2020, path_or_text=SEED
    ).evaluation


def _step(joint: Any, governs: str = "", label: str = "") -> TimelineStep:
    steps = joint.timeline.filter(governs=governs)
    if label:
        steps = steps.filter(label__startswith=label)
    return steps.get()


def _move(joint: Any, step: TimelineStep, starts: datetime.date, ends: datetime.date) -> Any:
    step.refresh_from_db()
    return timeline_step_update(
        user=_user("officer"),
        step=step,
        starts_on=starts,
        ends_on=ends,
        expected_version=step.version,
    )


def test_the_import_sets_the_entry_window_from_the_entry_step(joint) -> None:  # type: ignore[no-untyped-def]
    period = Period.objects.get(plan=joint.plan)
    assert (period.key, period.opens_on, period.closes_on) == (
        "2020",
        datetime.date(2020, 1, 1),
        datetime.date(2020, 2, 29),
    )
    created = AuditEvent.objects.get(model="plans.Period", object_pk=str(period.pk))
    assert (created.action, created.actor_label) == ("create", "officer")
    assert objection_deadline(joint.plan) == datetime.date(2020, 4, 30)


def test_editing_the_entry_step_moves_the_window_and_is_audited(joint) -> None:  # type: ignore[no-untyped-def]
    step = _step(joint, "entry")
    done = _move(joint, step, datetime.date(2020, 1, 6), datetime.date(2020, 2, 21))
    assert (done.starts_on, done.ends_on, done.version) == (
        datetime.date(2020, 1, 6),
        datetime.date(2020, 2, 21),
        2,
    )
    period = Period.objects.get(plan=joint.plan)
    assert (period.opens_on, period.closes_on) == (done.starts_on, done.ends_on)
    event = AuditEvent.objects.get(model="frameworks.TimelineStep", object_pk=str(step.pk))
    assert event.actor_label == "officer" and event.changes == {
        "starts_on": ["2020-01-01", "2020-01-06"],
        "ends_on": ["2020-02-29", "2020-02-21"],
        "version": [1, 2],
    }
    assert AuditEvent.objects.filter(
        model="plans.Period", object_pk=str(period.pk), action="update", actor_label="officer"
    ).exists()


def test_the_objection_step_gives_the_default_deadline(joint) -> None:  # type: ignore[no-untyped-def]
    step = _step(joint, "objections")
    _move(joint, step, datetime.date(2020, 2, 1), datetime.date(2020, 4, 24))
    assert objection_deadline(joint.plan) == datetime.date(2020, 4, 24)
    assert Period.objects.get(plan=joint.plan).closes_on == datetime.date(2020, 2, 29)  # untouched
    assert objection_deadline(Plan.objects.exclude(pk=joint.plan_id).first()) is None


def test_entry_outside_the_window_is_refused_by_the_entry_rules(joint, sample) -> None:  # type: ignore[no-untyped-def]
    """A unit's staff member of the office unit that owns the joint indicators enters an
    actual: refused outside the window the entry step set, accepted inside it."""
    plan = joint.plan
    plan_set_status(
        user=_user("officer"), plan=plan, status="confirmed", expected_version=plan.version
    )
    indicator = plan.indicators.select_related("owner__unit").order_by("position").first()
    staff = _user("welfare_staff")
    RoleAssignment.objects.create(
        user=staff, organisation=sample, unit=indicator.owner.unit, role=Role.UNIT_STAFF
    )
    today = timezone.localdate()
    step = _step(joint, "entry")
    _move(joint, step, today - 30 * DAY, today - DAY)
    with pytest.raises(ServiceError, match="실적 입력 기간") as refused:
        actual_enter(user=staff, indicator=indicator, year=2020, raw_text="12")
    assert (today - DAY).isoformat() in str(refused.value)
    _move(joint, step, today - DAY, today + 30 * DAY)
    value = actual_enter(user=staff, indicator=indicator, year=2020, raw_text="12")
    assert value.value == 12


def test_bad_dates_stale_versions_and_others_are_refused(joint) -> None:  # type: ignore[no-untyped-def]
    step = _step(joint, "entry")
    officer = _user("officer")
    with pytest.raises(ServiceError, match="종료일") as late:
        timeline_step_update(
            user=officer,
            step=step,
            starts_on=datetime.date(2020, 3, 1),
            ends_on=datetime.date(2020, 2, 1),
            expected_version=step.version,
        )
    assert late.value.field == "ends_on"
    with pytest.raises(ServiceError, match="시작일을 입력") as missing:
        timeline_step_update(
            user=officer, step=step, starts_on=None, ends_on=None, expected_version=step.version
        )
    assert missing.value.field == "starts_on"
    with pytest.raises(ConflictError):
        timeline_step_update(
            user=officer,
            step=step,
            starts_on=datetime.date(2020, 1, 2),
            ends_on=datetime.date(2020, 2, 2),
            expected_version=step.version + 1,
        )
    with pytest.raises(PermissionDenied):
        timeline_step_update(
            user=_user("welfare_head"),
            step=step,
            starts_on=datetime.date(2020, 1, 2),
            ends_on=datetime.date(2020, 2, 2),
            expected_version=step.version,
        )
    step.refresh_from_db()
    assert (step.starts_on, step.version) == (datetime.date(2020, 1, 1), 1)
    assert Period.objects.get(plan=joint.plan).opens_on == datetime.date(2020, 1, 1)


def test_a_locked_period_keeps_its_window_and_the_step_its_dates(joint) -> None:  # type: ignore[no-untyped-def]
    Period.objects.filter(plan=joint.plan).update(locked=True)
    step = _step(joint, "entry")
    with pytest.raises(ServiceError, match="잠겨"):
        _move(joint, step, datetime.date(2020, 1, 2), datetime.date(2020, 2, 2))
    step.refresh_from_db()
    assert step.starts_on == datetime.date(2020, 1, 1)  # one transaction: nothing changed


def test_states_and_the_milestones_of_my_work(joint, sample) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    rows = {r.step.label: r for r in joint_timeline(joint, datetime.date(2020, 4, 15))}
    assert rows["실적입력(정량, 정성)"].state is StepState.ENDED
    assert rows["실적입력(정량, 정성)"].state_label == "종료"
    assert rows["정성평가 실시(합동평가단)"].state is StepState.CURRENT
    assert rows["국민공감 우수사례 선정(국민평가단)"].state_label == "예정"
    assert rows["실적입력(정량, 정성)"].window == (
        datetime.date(2020, 1, 1),
        datetime.date(2020, 2, 29),
    )
    assert not rows["실적입력(정량, 정성)"].window_differs
    assert current_milestones([sample.pk], today) == []
    qualitative = _step(joint, label="정성평가")
    _move(joint, qualitative, today - DAY, today + 5 * DAY)
    _move(joint, _step(joint, "entry"), today - DAY, today + DAY)  # a window, not a milestone
    assert [s.label for s in current_milestones([sample.pk], today)] == [
        "정성평가 실시(합동평가단)"
    ]


def test_one_step_governs_each_window_and_choosing_a_taken_one_is_refused(joint) -> None:  # type: ignore[no-untyped-def]
    officer = _user("officer")
    qualitative = _step(joint, label="정성평가")
    for governs, holder in (
        ("entry", r"'실적입력\(정량, 정성\)' 단계가 이미 입력 기간"),
        ("objections", r"이의신청\(정량\)' 단계가 이미 이의신청 마감"),
    ):
        with pytest.raises(ServiceError, match=holder) as refused:
            timeline_step_update(
                user=officer,
                step=qualitative,
                starts_on=qualitative.starts_on,
                ends_on=qualitative.ends_on,
                governs=governs,
                expected_version=qualitative.version,
            )
        assert refused.value.field == "governs"
    with pytest.raises(ServiceError, match="'weekly'") as unknown:
        timeline_step_update(
            user=officer,
            step=qualitative,
            starts_on=qualitative.starts_on,
            ends_on=qualitative.ends_on,
            governs="weekly",
            expected_version=qualitative.version,
        )
    assert unknown.value.field == "governs"
    qualitative.refresh_from_db()
    assert (qualitative.governs, qualitative.version) == ("", 1)


def test_moving_the_entry_window_to_another_step_reapplies_it(joint) -> None:  # type: ignore[no-untyped-def]
    """The entry step becomes a milestone (the period keeps its window), then the
    qualitative step takes the entry window: the period's window follows its dates; the
    changes are audited as the officer's."""
    officer = _user("officer")
    entry = _step(joint, "entry")
    done = timeline_step_update(
        user=officer,
        step=entry,
        starts_on=entry.starts_on,
        ends_on=entry.ends_on,
        governs="",
        expected_version=entry.version,
    )
    assert (done.governs, done.version) == ("", 2)
    period = Period.objects.get(plan=joint.plan)
    assert (period.opens_on, period.closes_on) == (entry.starts_on, entry.ends_on)
    qualitative = _step(joint, label="정성평가")
    timeline_step_update(
        user=officer,
        step=qualitative,
        starts_on=qualitative.starts_on,
        ends_on=qualitative.ends_on,
        governs="entry",
        expected_version=qualitative.version,
    )
    period.refresh_from_db()
    assert (period.opens_on, period.closes_on) == (
        datetime.date(2020, 4, 1),
        datetime.date(2020, 4, 30),
    )
    event = AuditEvent.objects.get(
        model="frameworks.TimelineStep", object_pk=str(qualitative.pk), action="update"
    )
    assert (event.actor_label, event.changes["governs"]) == ("officer", ["", "entry"])
    rows = {r.step.pk: r for r in joint_timeline(joint)}
    assert rows[qualitative.pk].window == (datetime.date(2020, 4, 1), datetime.date(2020, 4, 30))
    assert rows[entry.pk].window is None


def test_the_objection_deadline_moves_with_its_step(joint) -> None:  # type: ignore[no-untyped-def]
    officer = _user("officer")
    old = _step(joint, "objections")
    timeline_step_update(
        user=officer,
        step=old,
        starts_on=old.starts_on,
        ends_on=old.ends_on,
        governs="",
        expected_version=old.version,
    )
    assert objection_deadline(joint.plan) is None
    final = _step(joint, label="합동평가단 최종검증")
    timeline_step_update(
        user=officer,
        step=final,
        starts_on=final.starts_on,
        ends_on=final.ends_on,
        governs="objections",
        expected_version=final.version,
    )
    assert objection_deadline(joint.plan) == final.ends_on
    assert Period.objects.get(plan=joint.plan).closes_on == datetime.date(2020, 2, 29)


def test_the_command_line_sets_the_window_through_the_period_services(sample) -> None:  # type: ignore[no-untyped-def]
    """Without a user (the CLI), the window is set by ``plans.services`` as the system: a
    locked period refuses it as for the office, and a change is the period's audited update
    under the import's label."""
    from seonggwa.audit.context import acting_as
    from seonggwa.frameworks.joint_services import entry_window_apply

    with acting_as(None, "cli:import-joint-evaluation"):
        evaluation = joint_import(
            user=None, organisation_name=sample.name, year=2020, path_or_text=SEED
        ).evaluation
    period = Period.objects.get(plan=evaluation.plan)
    evaluation.timeline.filter(governs="entry").update(starts_on=datetime.date(2020, 1, 6))
    with acting_as(None, "cli:import-joint-evaluation"):
        entry_window_apply(user=None, evaluation=evaluation)
    period.refresh_from_db()
    assert (period.opens_on, period.version) == (datetime.date(2020, 1, 6), 2)
    update = AuditEvent.objects.get(model="plans.Period", object_pk=str(period.pk), action="update")
    assert update.actor is None and update.actor_label == "cli:import-joint-evaluation"
    Period.objects.filter(pk=period.pk).update(locked=True)
    evaluation.timeline.filter(governs="entry").update(starts_on=datetime.date(2020, 1, 9))
    with pytest.raises(ServiceError, match="잠겨"):
        entry_window_apply(user=None, evaluation=evaluation)
    Plan.objects.filter(pk=evaluation.plan_id).update(status=Plan.Status.CLOSED)
    with pytest.raises(ServiceError, match="마감"):
        entry_window_apply(user=None, evaluation=evaluation)
