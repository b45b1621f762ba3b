"""The planning round's rules, through the services: opening next year's plan from this
year's (copied, linked to last year's), the live checks (caps, weights, required fields,
unreadable targets, the cascade, budget programs without a goal), submitting, returning,
accepting and confirming (version 1), and mid-year change requests (a new version keeping
the old values). Every change is audited."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from seonggwa.audit.models import AuditEvent
from seonggwa.core.errors import ConflictError, PermissionDenied, ServiceError

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\n"


@pytest.fixture
def people(sample: Any, django_user_model: Any) -> dict[str, Any]:
    return {u.username: u for u in django_user_model.objects.all()}


@pytest.fixture
def rnd(sample: Any, people: dict[str, Any]) -> Any:
    from seonggwa.organisations.models import OrgUnit
    from seonggwa.planning.services import round_open
    from seonggwa.plans.models import Plan

    source = Plan.objects.get(organisation=sample, year=2026, kind="plan")
    return round_open(
        user=people["officer"],
        source_plan=source,
        deadline=datetime.date.today() + datetime.timedelta(days=30),
        max_goals=1,
        max_indicators=4,
        required_fields=["definition", "target"],
        city_unit=OrgUnit.objects.get(organisation=sample, name="기획조정실"),
        city_goals=["모두가 누리는 복지도시", "깨끗한 환경도시"],
    )


def _welfare(rnd: Any) -> Any:
    return rnd.drafts.get(owner__unit__name="복지정책국", owner__kind="unit")


def _fill(rnd: Any, user: Any, draft: Any) -> Any:
    """Fill every required field, a readable target, and the cascade of a unit's draft."""
    from seonggwa.planning.selectors import city_goals
    from seonggwa.planning.services import draft_goal_save, draft_indicator_save
    from seonggwa.plans.models import Indicator, StrategicGoal

    for goal in StrategicGoal.objects.filter(plan=rnd.plan, owner=draft.owner):
        draft.refresh_from_db()
        draft_goal_save(
            user=user,
            goal=goal,
            expected_version=draft.version,
            name=goal.name,
            parent=city_goals(rnd)[0],
        )
    for ind in Indicator.objects.filter(plan=rnd.plan, owner=draft.owner):
        draft.refresh_from_db()
        draft_indicator_save(
            user=user,
            indicator=ind,
            expected_version=draft.version,
            name=ind.name,
            target="100",
            definition="정의",
        )
    draft.refresh_from_db()
    return draft


def test_opening_copies_this_years_plan_linked_to_last_years(rnd: Any, sample: Any) -> None:
    from seonggwa.plans.models import Indicator, Plan

    source = Plan.objects.get(organisation=sample, year=2026, kind="plan")
    assert rnd.plan.year == 2027 and rnd.plan.status == "draft"
    copied = Indicator.objects.filter(plan=rnd.plan)
    assert copied.count() == source.indicators.count()
    assert {i.previous.plan_id for i in copied} == {source.pk}
    assert {i.previous.name for i in copied} == {i.name for i in copied}
    assert rnd.drafts.count() == 6  # every unit with goals; not the city goals' owner
    assert AuditEvent.objects.filter(model="planning.PlanningRound", action="create").exists()


def test_opening_refuses_a_second_round_and_bad_rules(rnd: Any, people: dict[str, Any]) -> None:
    from seonggwa.planning.services import round_open

    with pytest.raises(ServiceError, match="이미 있습니다"):
        round_open(user=people["officer"], source_plan=rnd.source_plan, deadline=rnd.deadline)
    with pytest.raises(ServiceError, match="100이 되게"):
        round_open(
            user=people["officer"],
            source_plan=rnd.plan.__class__.objects.get(year=2025, kind="plan"),
            deadline=rnd.deadline,
            perspective_weights={"재무": 30, "고객": 30},  # type: ignore[dict-item]
        )
    with pytest.raises(PermissionDenied):
        round_open(user=people["welfare_head"], source_plan=rnd.source_plan, deadline=rnd.deadline)


def test_the_checks_find_caps_missing_fields_targets_and_the_cascade(
    rnd: Any, people: dict[str, Any]
) -> None:
    from seonggwa.planning.selectors import draft_view
    from seonggwa.planning.services import draft_indicator_add, draft_indicator_save
    from seonggwa.plans.models import StrategicGoal

    draft = _welfare(rnd)
    messages = [c.message for c in draft_view(draft=draft).errors]
    assert any("정의, 목표" in m for m in messages)  # required fields
    assert any("시 목표를 고르세요" in m for m in messages)  # the cascade
    staff = people["welfare_staff"]
    goal = StrategicGoal.objects.get(plan=rnd.plan, owner=draft.owner)
    draft_indicator_add(user=staff, goal=goal, name="새 지표", expected_version=draft.version)
    draft.refresh_from_db()
    assert any("상한(4개)" in c.message for c in draft_view(draft=draft).errors)
    ind = rnd.plan.indicators.get(name="새 지표")
    draft_indicator_save(
        user=staff,
        indicator=ind,
        expected_version=draft.version,
        name="새 지표",
        target="많이",
        weight="60",
    )
    draft.refresh_from_db()
    messages = [c.message for c in draft_view(draft=draft).errors]
    assert any("'많이'을(를) 읽을 수 없습니다" in m for m in messages)
    assert any("가중치 합계가 60" in m for m in messages)
    with pytest.raises(ConflictError):  # an edit of a version read before the last save
        draft_indicator_save(
            user=staff, indicator=ind, expected_version=draft.version - 1, name="x"
        )
    with pytest.raises(ServiceError, match="0에서 100"):
        draft_indicator_save(
            user=staff, indicator=ind, expected_version=draft.version, name="x", weight="120"
        )


def test_budget_programs_without_a_goal_are_found(rnd: Any) -> None:
    from seonggwa.planning.selectors import draft_view
    from seonggwa.plans.models import BudgetProgram

    draft = _welfare(rnd)
    BudgetProgram.objects.create(plan=rnd.plan, owner=draft.owner, name="목표 없는 사업")
    assert any("목표 없는 사업" in c.message for c in draft_view(draft=draft).errors)


def test_the_goal_cap_is_checked(rnd: Any, people: dict[str, Any]) -> None:
    from seonggwa.planning.selectors import draft_view
    from seonggwa.plans.models import StrategicGoal

    draft = _welfare(rnd)
    StrategicGoal.objects.create(plan=rnd.plan, owner=draft.owner, name="둘째 목표")
    assert any("상한(1개)" in c.message for c in draft_view(draft=draft).errors)


def test_submit_return_fix_accept_confirm(rnd: Any, people: dict[str, Any]) -> None:
    from seonggwa.notifications.models import Notification
    from seonggwa.planning.models import PlanVersion
    from seonggwa.planning.services import (
        draft_accept,
        draft_comment,
        draft_return,
        draft_submit,
        round_confirm,
    )

    draft = _welfare(rnd)
    head, staff, officer = people["welfare_head"], people["welfare_staff"], people["officer"]
    with pytest.raises(ServiceError, match="제출할 수 없습니다"):
        draft_submit(user=head, draft=draft, expected_version=draft.version)
    draft = _fill(rnd, staff, draft)
    with pytest.raises(PermissionDenied):  # staff draft, managers submit
        draft_submit(user=staff, draft=draft, expected_version=draft.version)
    draft = draft_submit(user=head, draft=draft, expected_version=draft.version)
    assert draft.status == "submitted"
    with pytest.raises(ServiceError, match="고칠 수 없습니다"):
        _fill(rnd, staff, draft)
    ind = rnd.plan.indicators.filter(owner=draft.owner).first()
    draft_comment(user=officer, draft=draft, text="목표를 높이세요", indicator=ind)
    with pytest.raises(ServiceError, match="요청 사항"):
        draft_return(user=officer, draft=draft, note=" ", expected_version=draft.version)
    draft = draft_return(
        user=officer, draft=draft, note="목표 상향", expected_version=draft.version
    )
    assert Notification.objects.filter(user=staff, kind="plan_returned").exists()
    draft = _fill(rnd, staff, draft)
    draft = draft_submit(user=head, draft=draft, expected_version=draft.version)
    draft = draft_accept(user=officer, draft=draft, expected_version=draft.version)
    rnd.refresh_from_db()
    with pytest.raises(ServiceError, match="승인하지 않은 부서"):
        round_confirm(user=officer, rnd=rnd, expected_version=rnd.version)
    for other in rnd.drafts.exclude(pk=draft.pk):
        other = _fill(rnd, officer, other)
        other = draft_submit(user=officer, draft=other, expected_version=other.version)
        draft_accept(user=officer, draft=other, expected_version=other.version)
    with pytest.raises(PermissionDenied):
        round_confirm(user=head, rnd=rnd, expected_version=rnd.version)
    version = round_confirm(user=officer, rnd=rnd, expected_version=rnd.version)
    rnd.plan.refresh_from_db()
    assert rnd.plan.status == "confirmed" and version.number == 1
    assert version.created_by == officer
    assert (
        PlanVersion.objects.get(plan=rnd.plan).snapshot["indicators"][str(ind.pk)]["target"]
        == "100"
    )


@pytest.fixture
def confirmed(rnd: Any, people: dict[str, Any]) -> Any:
    from seonggwa.planning.services import draft_accept, draft_submit, round_confirm

    officer = people["officer"]
    for draft in rnd.drafts.all():
        draft = _fill(rnd, officer, draft)
        draft = draft_submit(user=officer, draft=draft, expected_version=draft.version)
        draft_accept(user=officer, draft=draft, expected_version=draft.version)
    rnd.refresh_from_db()
    round_confirm(user=officer, rnd=rnd, expected_version=rnd.version)
    rnd.plan.refresh_from_db()
    return rnd.plan


def test_an_approved_change_applies_and_makes_a_version(
    confirmed: Any, people: dict[str, Any]
) -> None:
    from seonggwa.planning.models import PlanVersion
    from seonggwa.planning.selectors import target_changes, targets_of, versions_compare
    from seonggwa.planning.services import change_request_create, change_request_decide

    ind = confirmed.indicators.get(owner__unit__name="복지정책국", name__startswith="복지서비스")
    staff, officer = people["welfare_staff"], people["officer"]
    with pytest.raises(ServiceError, match="근거 파일"):
        change_request_create(
            user=staff, indicator=ind, field="target", new_text="90", reason="예산 감액"
        )
    with pytest.raises(ServiceError, match="읽을 수 없습니다"):
        change_request_create(
            user=staff,
            indicator=ind,
            field="target",
            new_text="많이",
            reason="r",
            file_name="a.pdf",
            content=PDF,
        )
    with pytest.raises(ServiceError, match="허용되지 않는"):
        change_request_create(
            user=staff,
            indicator=ind,
            field="target",
            new_text="90",
            reason="r",
            file_name="a.exe",
            content=b"MZ",
        )
    request = change_request_create(
        user=staff,
        indicator=ind,
        field="target",
        new_text="90",
        reason="예산 감액",
        file_name="근거.pdf",
        content=PDF,
    )
    assert request.old_text == "100"
    with pytest.raises(PermissionDenied):
        change_request_decide(
            user=people["welfare_head"],
            request=request,
            approve=True,
            expected_version=request.version,
        )
    done = change_request_decide(
        user=officer, request=request, approve=True, expected_version=request.version
    )
    assert done.status == "approved" and done.plan_version.number == 2
    assert targets_of(confirmed)[ind.pk] == "90"
    v1, v2 = PlanVersion.objects.filter(plan=confirmed).order_by("number")
    assert v1.snapshot["indicators"][str(ind.pk)]["target"] == "100"  # the old value is kept
    diff = versions_compare(v1, v2)
    assert [(d.name, d.field, d.before, d.after) for d in diff] == [(ind.name, "목표", "100", "90")]
    assert target_changes(plan=confirmed) == [done]
    with pytest.raises(ServiceError, match="이미"):
        change_request_decide(
            user=officer, request=done, approve=True, expected_version=done.version
        )


def test_a_rejected_change_needs_a_reason_and_changes_nothing(
    confirmed: Any, people: dict[str, Any]
) -> None:
    from seonggwa.planning.services import change_request_create, change_request_decide

    ind = confirmed.indicators.get(owner__unit__name="복지정책국", name__startswith="복지서비스")
    request = change_request_create(
        user=people["welfare_head"],
        indicator=ind,
        field="weight",
        new_text="40",
        reason="조정",
        file_name="근거.pdf",
        content=PDF,
    )
    with pytest.raises(ServiceError, match="반려 사유"):
        change_request_decide(
            user=people["officer"],
            request=request,
            approve=False,
            expected_version=request.version,
        )
    done = change_request_decide(
        user=people["officer"],
        request=request,
        approve=False,
        note="근거 부족",
        expected_version=request.version,
    )
    ind.refresh_from_db()
    assert done.status == "rejected" and ind.weight is None and done.plan_version is None


def test_changes_are_refused_on_a_draft_plan(rnd: Any, people: dict[str, Any]) -> None:
    from seonggwa.planning.services import change_request_create

    ind = rnd.plan.indicators.filter(owner__unit__name="복지정책국").first()
    with pytest.raises(ServiceError, match="확정된 계획"):
        change_request_create(
            user=people["welfare_staff"],
            indicator=ind,
            field="target",
            new_text="1",
            reason="r",
            file_name="a.pdf",
            content=PDF,
        )


def test_the_performance_report_notes_a_changed_target(
    confirmed: Any, people: dict[str, Any]
) -> None:
    from seonggwa.planning.services import change_request_create, change_request_decide
    from seonggwa.reports.build import report_build

    ind = confirmed.indicators.get(owner__unit__name="복지정책국", name__startswith="복지서비스")
    request = change_request_create(
        user=people["welfare_staff"],
        indicator=ind,
        field="target",
        new_text="85",
        reason="예산 감액",
        file_name="근거.pdf",
        content=PDF,
    )
    before = report_build(confirmed, "report")
    assert not any("목표 변경" in f for t in before.tables for f in t.footnotes)
    change_request_decide(
        user=people["officer"], request=request, approve=True, expected_version=request.version
    )
    notes = [f for t in report_build(confirmed, "report").tables for f in t.footnotes]
    assert any(
        f"목표 변경({datetime.date.today().isoformat()} 승인): {ind.name} 100 → 85" in f
        for f in notes
    ), notes


def test_a_backup_keeps_rounds_versions_and_change_requests(
    confirmed: Any, people: dict[str, Any], sample: Any
) -> None:
    from seonggwa.backup.services import organisation_dump, organisation_restore
    from seonggwa.planning.models import ChangeRequest, PlanningRound, PlanVersion, UnitDraft
    from seonggwa.planning.services import change_request_create

    ind = confirmed.indicators.get(owner__unit__name="복지정책국", name__startswith="복지서비스")
    change_request_create(
        user=people["welfare_staff"],
        indicator=ind,
        field="definition",
        new_text="새 정의",
        reason="보완",
        file_name="근거.pdf",
        content=PDF,
    )
    counts = [m.objects.count() for m in (PlanningRound, UnitDraft, PlanVersion, ChangeRequest)]
    payload = organisation_dump(organisation=sample)
    restored = organisation_restore(payload=payload, replace=True)
    assert [
        m.objects.count() for m in (PlanningRound, UnitDraft, PlanVersion, ChangeRequest)
    ] == counts
    request = ChangeRequest.objects.get(plan__organisation=restored)
    assert request.requested_by == people["welfare_staff"]
    assert request.indicator.previous.plan.year == 2026


def test_every_change_is_audited_as_the_acting_user(confirmed: Any, people: dict[str, Any]) -> None:
    from seonggwa.planning.services import change_request_create, change_request_decide

    ind = confirmed.indicators.get(owner__unit__name="복지정책국", name__startswith="복지서비스")
    last = AuditEvent.objects.order_by("-pk").first()
    request = change_request_create(
        user=people["welfare_staff"],
        indicator=ind,
        field="target",
        new_text="70",
        reason="r",
        file_name="a.pdf",
        content=PDF,
    )
    change_request_decide(
        user=people["officer"], request=request, approve=True, expected_version=request.version
    )
    events = AuditEvent.objects.filter(pk__gt=last.pk if last else 0)
    seen = {(e.model, e.action, e.actor_label) for e in events}
    assert ("planning.ChangeRequest", "create", "welfare_staff") in seen
    assert ("results.IndicatorValue", "update", "officer") in seen
    assert ("planning.PlanVersion", "create", "officer") in seen
    assert ("planning.ChangeRequest", "update", "officer") in seen


def test_a_goal_links_only_to_a_city_goal_of_its_plan(rnd: Any, people: dict[str, Any]) -> None:
    from seonggwa.planning.services import draft_goal_save
    from seonggwa.plans.models import StrategicGoal

    draft = _welfare(rnd)
    goal = StrategicGoal.objects.get(plan=rnd.plan, owner=draft.owner)
    other_unit_goal = StrategicGoal.objects.filter(plan=rnd.plan).exclude(owner=draft.owner)[0]
    with pytest.raises(ServiceError, match="시 목표 중에서"):
        draft_goal_save(
            user=people["welfare_staff"],
            goal=goal,
            expected_version=draft.version,
            name=goal.name,
            parent=other_unit_goal,
        )


def test_taking_out_an_indicator_and_the_deadline(rnd: Any, people: dict[str, Any]) -> None:
    from seonggwa.planning.services import draft_indicator_remove, round_open
    from seonggwa.plans.models import Plan

    draft = _welfare(rnd)
    ind = rnd.plan.indicators.filter(owner=draft.owner).first()
    draft_indicator_remove(
        user=people["welfare_staff"], indicator=ind, expected_version=draft.version
    )
    assert not rnd.plan.indicators.filter(pk=ind.pk).exists()
    assert AuditEvent.objects.filter(
        model="plans.Indicator", action="delete", actor_label="welfare_staff"
    ).exists()
    with pytest.raises(ServiceError, match="오늘 이후"):
        round_open(
            user=people["officer"],
            source_plan=Plan.objects.get(year=2025, kind="plan"),
            deadline=datetime.date(2020, 1, 1),
        )


def test_a_units_line_of_the_cap_table_overrides_the_rounds_cap(
    rnd: Any, people: dict[str, Any]
) -> None:
    from seonggwa.planning.selectors import draft_view
    from seonggwa.planning.services import round_caps_set

    draft = _welfare(rnd)
    other = rnd.drafts.exclude(pk=draft.pk).first()
    assert not any("상한" in c.message for c in draft_view(draft=draft).errors)  # 4 of 4
    with pytest.raises(ServiceError, match="1 이상"):
        round_caps_set(
            user=people["officer"], rnd=rnd, caps={draft.pk: (0, None)}, expected_version=1
        )
    with pytest.raises(PermissionDenied):
        round_caps_set(
            user=people["welfare_head"], rnd=rnd, caps={draft.pk: (1, 3)}, expected_version=1
        )
    rnd = round_caps_set(
        user=people["officer"],
        rnd=rnd,
        caps={draft.pk: (1, 3), other.pk: (None, None)},
        expected_version=rnd.version,
    )
    draft.refresh_from_db()
    other.refresh_from_db()
    assert (draft.indicator_cap, other.indicator_cap) == (3, 4)
    assert any("상한(3개)" in c.message for c in draft_view(draft=draft).errors)
    with pytest.raises(ConflictError):
        round_caps_set(user=people["officer"], rnd=rnd, caps={}, expected_version=1)


def test_a_draft_target_write_bumps_its_version_and_audits_the_stored_before(
    rnd: Any, people: dict[str, Any]
) -> None:
    """Targets written in the round go through the values' locked write path: every write
    a new version, never a reused one; the audited "before" is what was stored."""
    from seonggwa.planning.services import draft_indicator_save
    from seonggwa.plans.models import Indicator
    from seonggwa.results.models import IndicatorValue

    draft = _welfare(rnd)
    ind = Indicator.objects.filter(plan=rnd.plan, owner=draft.owner).first()
    IndicatorValue.objects.filter(indicator=ind, kind="target").delete()
    for text in ("100", "110", "120"):
        draft.refresh_from_db()
        draft_indicator_save(
            user=people["officer"],
            indicator=ind,
            expected_version=draft.version,
            name=ind.name,
            target=text,
        )
    target = IndicatorValue.objects.get(indicator=ind, kind="target")
    assert (target.raw_text, target.version) == ("120", 3)
    events = AuditEvent.objects.filter(
        model="results.IndicatorValue", object_pk=str(target.pk), action="update"
    ).order_by("pk")
    assert [e.changes["version"] for e in events] == [[1, 2], [2, 3]]
    assert [e.changes["raw_text"] for e in events] == [["100", "110"], ["110", "120"]]
