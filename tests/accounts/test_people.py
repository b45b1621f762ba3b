"""People managed by the evaluation office: accounts, roles with dates, transfers,
delegations ("by X for Y") and the refusals of each rule (docs/workflow.md "People and
units")."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from seonggwa.accounts.models import Delegation, RoleAssignment
from seonggwa.accounts.services import (
    delegation_create,
    delegation_revoke,
    role_assign,
    role_end,
    role_grant,
    user_create,
    user_deactivate,
    user_password_reset,
    user_transfer,
)
from seonggwa.audit.models import AuditEvent
from seonggwa.core.errors import PermissionDenied, ServiceError
from seonggwa.organisations.models import Organisation, OrgUnit
from seonggwa.plans.models import Plan
from seonggwa.policy import (
    acting_for,
    can_approve_actual,
    can_enter_actual,
    roles_of,
    units_for,
)
from seonggwa.results.models import IndicatorValue
from seonggwa.results.services import actual_approve, actual_enter, actual_submit

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _today() -> datetime.date:
    """Today in the application's time zone, read when a test runs (a module constant
    went stale when a run crossed midnight in Seoul)."""
    return timezone.localdate()


@pytest.fixture
def w(sample: Organisation, django_user_model: Any) -> dict[str, Any]:
    users = {u.username: u for u in django_user_model.objects.all()}
    units = {u.name: u for u in OrgUnit.objects.filter(organisation=sample)}
    other = Organisation.objects.create(name="다른시")
    outsider = django_user_model.objects.create_user("outsider", password="outsider-pw-12345")
    role_assign(user=outsider, organisation=other, role="evaluation_officer")
    return {
        "org": sample,
        "other": other,
        "users": {**users, "outsider": outsider},
        "welfare": units["복지정책국"],
        "traffic": units["교통건설국"],
        "plan": Plan.objects.get(organisation=sample, year=2026, kind="plan"),
    }


def _signs_in(username: str, password: str) -> bool:
    from django.test import Client

    response = Client().post("/accounts/login/", {"username": username, "password": password})
    return response.status_code == 302


def _fresh(user: Any) -> Any:
    """The same person as a new object (the policy reads roles once per object and day)."""
    return type(user).objects.get(pk=user.pk)


# --- accounts -----------------------------------------------------------------------------------


def test_the_officer_creates_an_account_with_its_first_role_and_it_is_audited(w) -> None:
    officer = w["users"]["officer"]
    person = user_create(
        user=officer,
        username="kim",
        password="hanbit-kim-2026!",
        organisation=w["org"],
        role="unit_staff",
        unit=w["traffic"],
    )
    assert _signs_in("kim", "hanbit-kim-2026!")
    assert can_enter_actual(_fresh(person), w["plan"], w["traffic"])
    event = AuditEvent.objects.get(model="auth.User", object_pk=str(person.pk), action="create")
    assert event.actor == officer and event.organisation_id_ref == w["org"].pk
    assert "password" not in event.changes  # never a password or its hash
    assert AuditEvent.objects.filter(model="accounts.RoleAssignment", actor=officer).exists()


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"organisation": None}, ServiceError, "기관과 역할"),
        ({"role": "unit_staff", "unit": None}, ServiceError, "부서를 지정"),
        ({"is_superuser": True}, PermissionDenied, "슈퍼유저"),
        ({"password": "1234"}, ServiceError, "비밀번호가 약합니다"),
        ({"username": "welfare_staff"}, ServiceError, "이미 있습니다"),
    ],
)
def test_an_account_the_rules_refuse(w, kwargs, error, message) -> None:
    args = {
        "user": w["users"]["officer"],
        "username": "kim",
        "password": "hanbit-kim-2026!",
        "organisation": w["org"],
        "role": "unit_manager",
        "unit": w["traffic"],
        **kwargs,
    }
    with pytest.raises(error, match=message):
        user_create(**args)


def test_the_cli_and_the_sample_still_create_accounts_without_an_acting_user(w) -> None:
    person = user_create(username="operator_made", password="x", check_password=False)
    assert person.pk and not person.is_superuser


def test_the_officer_of_another_organisation_cannot_manage_our_people(w) -> None:
    outsider, staff = w["users"]["outsider"], w["users"]["welfare_staff"]
    for call in (
        lambda: user_deactivate(user=outsider, person=staff, organisation=w["org"]),
        lambda: user_password_reset(user=outsider, person=staff, organisation=w["org"]),
        # nor reach them through their own organisation
        lambda: user_deactivate(user=outsider, person=staff, organisation=w["other"]),
        lambda: role_grant(
            user=outsider, person=staff, organisation=w["other"], role="committee_member"
        ),
    ):
        with pytest.raises(PermissionDenied):
            call()


def test_deactivating_stops_the_sign_in_and_reactivating_allows_it(w) -> None:
    officer, staff = w["users"]["officer"], w["users"]["welfare_staff"]
    user_deactivate(user=officer, person=staff, organisation=w["org"])
    assert not _signs_in("welfare_staff", "hanbit-staff-2026")
    with pytest.raises(ServiceError, match="이미 비활성화"):
        user_deactivate(user=officer, person=staff, organisation=w["org"])
    user_deactivate(user=officer, person=staff, organisation=w["org"], active=True)
    assert _signs_in("welfare_staff", "hanbit-staff-2026")
    changes = [
        e.changes["is_active"]
        for e in AuditEvent.objects.filter(model="auth.User", object_pk=str(staff.pk))
        if "is_active" in e.changes
    ]
    assert [True, False] in changes and [False, True] in changes


def test_nobody_deactivates_themselves_nor_an_officer_a_superuser_or_a_shared_person(w) -> None:
    officer = w["users"]["officer"]
    with pytest.raises(ServiceError, match="자기 계정"):
        user_deactivate(user=officer, person=officer, organisation=w["org"])
    with pytest.raises(PermissionDenied, match="슈퍼유저"):
        user_deactivate(user=officer, person=w["users"]["admin"], organisation=w["org"])
    shared = w["users"]["committee"]
    role_assign(user=shared, organisation=w["other"], role="committee_member")
    with pytest.raises(PermissionDenied, match="다른시"):
        user_password_reset(user=officer, person=shared, organisation=w["org"])
    # the superuser may
    assert user_password_reset(user=w["users"]["admin"], person=shared, organisation=w["org"])


def test_a_reset_password_is_the_officers_or_a_generated_one_shown_once(w) -> None:
    officer, staff = w["users"]["officer"], w["users"]["welfare_staff"]
    chosen = user_password_reset(
        user=officer, person=staff, organisation=w["org"], password="temporary-pass-2026"
    )
    assert chosen == "temporary-pass-2026"
    assert _signs_in("welfare_staff", chosen)
    generated = user_password_reset(user=officer, person=staff, organisation=w["org"])
    assert generated != chosen and len(generated) >= 12
    assert _signs_in("welfare_staff", generated)
    assert not _signs_in("welfare_staff", chosen)
    with pytest.raises(ServiceError, match="약합니다"):
        user_password_reset(user=officer, person=staff, organisation=w["org"], password="abc")


# --- roles with dates ---------------------------------------------------------------------------


def test_a_role_given_from_a_later_day_holds_from_that_day(w) -> None:
    officer, staff = w["users"]["officer"], w["users"]["welfare_staff"]
    start = _today() + 10 * DAY
    role_grant(
        user=officer,
        person=staff,
        organisation=w["org"],
        role="unit_manager",
        unit=w["traffic"],
        valid_from=start,
    )
    assert not can_approve_actual(_fresh(staff), w["plan"], w["traffic"])
    later = [r.role for r in roles_of(_fresh(staff), w["org"], on=start) if r.unit == w["traffic"]]
    assert later == ["unit_manager"]
    with pytest.raises(ServiceError, match="이미 그 역할"):
        role_grant(
            user=officer,
            person=staff,
            organisation=w["org"],
            role="unit_manager",
            unit=w["traffic"],
        )


def test_only_an_administrator_gives_the_administrator_role(w) -> None:
    with pytest.raises(PermissionDenied, match="관리자 역할"):
        role_grant(
            user=w["users"]["officer"],
            person=w["users"]["welfare_staff"],
            organisation=w["org"],
            role="administrator",
        )


def test_ending_a_role_ends_the_rights_today_and_keeps_the_history(w) -> None:
    officer, staff = w["users"]["officer"], w["users"]["welfare_staff"]
    assignment = RoleAssignment.objects.get(user=staff, unit=w["welfare"])
    ended = role_end(user=officer, assignment=assignment)
    assert ended is not None and ended.valid_to == _today() - DAY
    assert not can_enter_actual(_fresh(staff), w["plan"], w["welfare"])
    assert roles_of(_fresh(staff), w["org"], on=_today() - DAY)  # the past still reads
    with pytest.raises(ServiceError, match="이미 끝났습니다"):
        role_end(user=officer, assignment=ended)
    # a role that has not started yet is removed
    future = role_grant(
        user=officer,
        person=staff,
        organisation=w["org"],
        role="unit_staff",
        unit=w["traffic"],
        valid_from=_today() + 5 * DAY,
    )
    assert role_end(user=officer, assignment=future) is None
    assert not RoleAssignment.objects.filter(pk=future.pk).exists()


def test_an_officer_does_not_end_their_own_central_role(w) -> None:
    officer = w["users"]["officer"]
    own = RoleAssignment.objects.get(user=officer, organisation=w["org"])
    with pytest.raises(ServiceError, match="자기"):
        role_end(user=officer, assignment=own)


# --- transfers ----------------------------------------------------------------------------------


def test_a_transfer_moves_entry_rights_on_its_date(w) -> None:
    officer, staff = w["users"]["officer"], w["users"]["welfare_staff"]
    on = _today() + 7 * DAY
    (moved,) = user_transfer(
        user=officer, person=staff, from_unit=w["welfare"], to_unit=w["traffic"], on=on
    )
    assert moved.valid_from == on and moved.unit == w["traffic"]
    old = RoleAssignment.objects.get(user=staff, unit=w["welfare"])
    assert old.valid_to == on - DAY
    # today: still the old unit; from the date: the new one only
    fresh = _fresh(staff)
    assert can_enter_actual(fresh, w["plan"], w["welfare"])
    assert not can_enter_actual(fresh, w["plan"], w["traffic"])
    then = {r.unit.name for r in roles_of(fresh, w["org"], on=on)}
    assert then == {"교통건설국"}
    assert {r.unit.name for r in roles_of(fresh, w["org"], on=on - DAY)} == {"복지정책국"}
    assert AuditEvent.objects.filter(
        model="accounts.RoleAssignment", object_pk=str(moved.pk), actor=officer, action="create"
    ).exists()


def test_a_transfer_effective_today_changes_what_the_person_may_enter_now(w) -> None:
    staff = w["users"]["welfare_staff"]
    user_transfer(
        user=w["users"]["officer"],
        person=staff,
        from_unit=w["welfare"],
        to_unit=w["traffic"],
        on=_today(),
    )
    fresh = _fresh(staff)
    assert units_for(fresh, w["plan"], {"unit_staff"}) == {w["traffic"].pk}
    assert not can_enter_actual(fresh, w["plan"], w["welfare"])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("same-unit", "같습니다"),
        ("no-role-there", "부서 역할이 없습니다"),
        ("unit-gone", "없는 부서"),
        ("other-organisation", "소속이 아닙니다"),
    ],
)
def test_a_transfer_the_rules_refuse(w, change, message) -> None:
    to_unit = w["traffic"]
    from_unit = w["welfare"]
    if change == "same-unit":
        to_unit = w["welfare"]
    elif change == "no-role-there":
        from_unit = OrgUnit.objects.get(organisation=w["org"], name="안전총괄과")
    elif change == "unit-gone":
        to_unit = OrgUnit.objects.get(organisation=w["org"], name="환경녹지국")  # renamed 2026
    else:
        to_unit = OrgUnit.objects.create(organisation=w["other"], name="복지과")
    with pytest.raises(ServiceError, match=message):
        user_transfer(
            user=w["users"]["officer"],
            person=w["users"]["welfare_staff"],
            from_unit=from_unit,
            to_unit=to_unit,
            on=_today(),
        )


# --- delegation ---------------------------------------------------------------------------------


def _delegate_approvals(w, by: str = "officer", **kwargs: Any) -> Delegation:
    args = {
        "user": w["users"][by],
        "delegator": w["users"]["welfare_head"],
        "delegate": w["users"]["welfare_staff"],
        "unit": w["welfare"],
        "kind": "approval",
        "starts_on": _today(),
        "ends_on": _today() + 6 * DAY,
        **kwargs,
    }
    return delegation_create(**args)


def _submitted(w) -> IndicatorValue:
    return IndicatorValue.objects.get(
        indicator__plan=w["plan"], indicator__name__startswith="위기가구", kind="actual", year=2026
    )


def test_a_delegate_approves_and_the_value_records_by_whom_for_whom(w) -> None:
    staff, head = w["users"]["welfare_staff"], w["users"]["welfare_head"]
    assert not can_approve_actual(staff, w["plan"], w["welfare"])
    _delegate_approvals(w)
    fresh = _fresh(staff)
    assert can_approve_actual(fresh, w["plan"], w["welfare"])
    assert acting_for(fresh, w["plan"], w["welfare"], {"unit_manager"}) == head
    value = _submitted(w)
    done = actual_approve(value=value, expected_version=value.version, user=fresh)
    assert done.approved_by == staff and done.approved_for == head
    event = AuditEvent.objects.filter(
        model="results.IndicatorValue", object_pk=str(value.pk)
    ).latest("pk")
    assert event.actor == staff and event.actor_label == "welfare_staff (welfare_head 대리)"
    assert event.changes["approved_for_id"] == [None, head.pk]


def test_the_managers_own_approval_records_no_stand_in(w) -> None:
    _delegate_approvals(w)
    value = _submitted(w)
    done = actual_approve(
        value=value, expected_version=value.version, user=w["users"]["welfare_head"]
    )
    assert done.approved_for is None


def test_an_entry_delegation_records_the_entry_for_the_delegator(w) -> None:
    officer, staff = w["users"]["officer"], w["users"]["welfare_staff"]
    kim = user_create(
        user=officer,
        username="kim",
        password="hanbit-kim-2026!",
        organisation=w["org"],
        role="unit_staff",
        unit=w["traffic"],
    )
    delegation_create(
        user=staff,  # the delegating person themselves
        delegator=staff,
        delegate=kim,
        unit=w["welfare"],
        kind="entry",
        starts_on=_today(),
        ends_on=_today() + 2 * DAY,
    )
    indicator = w["plan"].indicators.get(name="복지서비스 이용 만족도")
    fresh = _fresh(kim)
    assert not can_approve_actual(fresh, w["plan"], w["welfare"])  # entry rights only
    value = actual_enter(indicator=indicator, year=2026, raw_text="4.0", user=fresh)
    assert value.entered_by == kim and value.entered_for == staff
    submitted = actual_submit(value=value, expected_version=value.version, user=fresh)
    last = AuditEvent.objects.filter(object_pk=str(submitted.pk), model="results.IndicatorValue")
    assert {e.actor_label for e in last} == {"kim (welfare_staff 대리)"}


def test_a_delegation_lapses_when_it_ends_is_revoked_or_the_delegator_moves(w) -> None:
    staff = w["users"]["welfare_staff"]
    delegation = _delegate_approvals(w, starts_on=_today() + DAY, ends_on=_today() + 3 * DAY)
    assert not can_approve_actual(_fresh(staff), w["plan"], w["welfare"])  # not yet
    on = _today() + 2 * DAY
    assert any(r.role == "unit_manager" for r in roles_of(_fresh(staff), w["org"], on=on))
    assert not roles_of(_fresh(staff), w["org"], on=_today() + 4 * DAY)[1:]  # ended
    # the manager moves on the second day: the lent rights go with them
    user_transfer(
        user=w["users"]["officer"],
        person=w["users"]["welfare_head"],
        from_unit=w["welfare"],
        to_unit=w["traffic"],
        on=on,
    )
    assert not any(r.role == "unit_manager" for r in roles_of(_fresh(staff), w["org"], on=on))
    delegation_revoke(user=w["users"]["welfare_head"], delegation=delegation)
    assert Delegation.objects.get(pk=delegation.pk).revoked
    with pytest.raises(ServiceError, match="이미 거둔"):
        delegation_revoke(user=w["users"]["officer"], delegation=delegation)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"ends_on": _today() - DAY, "starts_on": _today() - 3 * DAY}, ServiceError, "지난 기간"),
        ({"ends_on": _today() - DAY}, ServiceError, "앞섭니다"),
        ({"delegate": "welfare_head"}, ServiceError, "자기 자신"),
        # staff cannot lend approvals
        ({"delegator": "welfare_staff", "delegate": "committee"}, ServiceError, "권한이 없어"),
        ({"delegate": "outsider"}, PermissionDenied, "맡은 역할이 없어"),
        ({"unit": "traffic"}, ServiceError, "권한이 없어"),  # not the manager's unit
        ({"kind": "everything"}, ServiceError, "알 수 없는 위임"),
    ],
)
def test_a_delegation_the_rules_refuse(w, kwargs, error, message) -> None:
    for key in ("delegate", "delegator"):
        if key in kwargs:
            kwargs[key] = w["users"][kwargs[key]]
    if "unit" in kwargs:
        kwargs["unit"] = w[kwargs["unit"]]
    with pytest.raises(error, match=message):
        _delegate_approvals(w, **kwargs)


def test_the_same_delegation_twice_and_one_to_a_deactivated_person_are_refused(w) -> None:
    _delegate_approvals(w)
    with pytest.raises(ServiceError, match="이미 있습니다"):
        _delegate_approvals(w, starts_on=_today() + DAY)
    user_deactivate(
        user=w["users"]["officer"], person=w["users"]["committee"], organisation=w["org"]
    )
    with pytest.raises(ServiceError, match="비활성화"):
        _delegate_approvals(w, delegate=_fresh(w["users"]["committee"]))


def test_only_the_office_and_the_delegator_make_or_revoke_a_delegation(w) -> None:
    assert _delegate_approvals(w, by="welfare_head").pk
    for who in ("welfare_staff", "committee", "outsider"):
        with pytest.raises(PermissionDenied):
            _delegate_approvals(
                w, by=who, starts_on=_today() + 10 * DAY, ends_on=_today() + 11 * DAY
            )


def test_delegated_rights_are_not_lent_on(w) -> None:
    _delegate_approvals(w)
    with pytest.raises(ServiceError, match="권한이 없어"):
        delegation_create(
            user=w["users"]["officer"],
            delegator=w["users"]["welfare_staff"],  # holds approvals only by delegation
            delegate=w["users"]["committee"],
            unit=w["welfare"],
            kind="approval",
            starts_on=_today(),
            ends_on=_today() + DAY,
        )


def test_a_closed_plan_refuses_the_delegate_too(w) -> None:
    _delegate_approvals(w)
    closed = Plan.objects.get(organisation=w["org"], year=2025, kind="plan")
    assert closed.status == Plan.Status.CLOSED
    assert not can_approve_actual(_fresh(w["users"]["welfare_staff"]), closed, w["welfare"])


def test_a_person_whose_roles_have_ended_cannot_be_a_delegate(w) -> None:
    officer, committee = w["users"]["officer"], w["users"]["committee"]
    role_end(user=officer, assignment=RoleAssignment.objects.get(user=committee))
    with pytest.raises(PermissionDenied, match="맡은 역할이 없어"):
        _delegate_approvals(w, delegate=_fresh(committee))
