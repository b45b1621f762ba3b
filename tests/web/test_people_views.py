"""The people and units pages of the evaluation office: each form calls its service, a refusal
is shown beside its field (400), a generated password is shown once, and the delegate finds
whom they stand in for on "my work" and is told of submissions."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from seonggwa.accounts.models import Delegation, RoleAssignment
from seonggwa.accounts.services import delegation_create
from seonggwa.notifications.models import Notification
from seonggwa.organisations.models import Organisation, OrgUnit

pytestmark = pytest.mark.django_db


def _today() -> datetime.date:
    """Today in the application's time zone, read when a test runs (a module constant
    went stale when a run crossed midnight in Seoul)."""
    return timezone.localdate()


@pytest.fixture
def org(sample: Organisation) -> Organisation:
    return sample


def _unit(org: Organisation, name: str) -> OrgUnit:
    return OrgUnit.objects.get(organisation=org, name=name)


def test_creating_an_account_shows_the_generated_password_once(as_user, org) -> None:
    client = as_user("officer")
    url = f"/organisations/{org.pk}/people/"
    response = client.post(
        url, {"username": "kim", "role": "unit_staff", "unit": _unit(org, "교통건설국").pk}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert 'class="new-password"' in text
    kim = get_user_model().objects.get(username="kim")
    again = client.get(f"{url}{kim.pk}/").content.decode()
    assert 'class="new-password"' not in again and "교통건설국" in again


def test_a_refused_account_names_the_field(as_user, org) -> None:
    response = as_user("officer").post(
        f"/organisations/{org.pk}/people/", {"username": "kim", "role": "unit_staff"}
    )
    assert response.status_code == 400
    assert "부서를 지정하세요" in response.content.decode()
    assert not get_user_model().objects.filter(username="kim").exists()


def test_the_office_transfers_ends_a_role_and_deactivates_from_the_persons_page(
    as_user, people, org
) -> None:
    client = as_user("officer")
    staff = people["welfare_staff"]
    base = f"/organisations/{org.pk}/people/{staff.pk}/"
    response = client.post(
        base + "transfer/",
        {
            "transfer-from_unit": _unit(org, "복지정책국").pk,
            "transfer-to_unit": _unit(org, "교통건설국").pk,
            "transfer-on": (_today() + datetime.timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 302
    new = RoleAssignment.objects.get(user=staff, unit__name="교통건설국")
    response = client.post(base + "role-end/", {"assignment": new.pk})
    assert response.status_code == 302 and not RoleAssignment.objects.filter(pk=new.pk).exists()
    assert client.post(base + "deactivate/").status_code == 302
    staff.refresh_from_db()
    assert not staff.is_active
    page = client.get(base).content.decode()
    assert "다시 로그인 허용" in page


def test_a_transfer_the_service_refuses_is_shown_beside_its_field(as_user, people, org) -> None:
    staff = people["welfare_staff"]
    response = as_user("officer").post(
        f"/organisations/{org.pk}/people/{staff.pk}/transfer/",
        {
            "transfer-from_unit": _unit(org, "복지정책국").pk,
            "transfer-to_unit": _unit(org, "복지정책국").pk,
            "transfer-on": _today().isoformat(),
        },
    )
    assert response.status_code == 400
    assert "옮길 부서가 지금 부서와 같습니다" in response.content.decode()


def test_the_office_reads_no_person_of_another_organisation(as_user, people, org) -> None:
    outsider = people["outsider"]
    other = RoleAssignment.objects.get(user=outsider).organisation
    # the outsider's organisation page does not list 한빛시's people, nor opens them
    assert as_user("outsider").get(f"/organisations/{other.pk}/people/").status_code == 200
    staff = people["welfare_staff"]
    response = as_user("outsider").get(f"/organisations/{other.pk}/people/{staff.pk}/")
    assert response.status_code == 404


def test_a_merge_in_the_browser_moves_the_roles_with_the_unit(as_user, people, org) -> None:
    on = datetime.date(_today().year + 1, 1, 1)
    response = as_user("officer").post(
        f"/organisations/{org.pk}/units/merge/",
        {
            "merge-units": [_unit(org, "복지정책국").pk, _unit(org, "안전총괄과").pk],
            "merge-new_name": "복지안전국",
            "merge-on": on.isoformat(),
        },
    )
    assert response.status_code == 302
    merged = _unit(org, "복지안전국")
    assert RoleAssignment.objects.filter(
        user=people["welfare_staff"], unit=merged, valid_from=on
    ).exists()


def test_the_delegate_sees_whom_they_stand_in_for_and_is_told_of_submissions(
    as_user, people, org
) -> None:
    from seonggwa.results.services import actual_enter, actual_submit

    committee = people["committee"]
    delegation_create(
        user=people["officer"],
        delegator=people["welfare_head"],
        delegate=committee,
        unit=_unit(org, "복지정책국"),
        kind=Delegation.Kind.APPROVAL,
        starts_on=_today(),
        ends_on=_today() + datetime.timedelta(days=6),
    )
    page = as_user("committee").get("/my/").content.decode()
    assert "welfare_head" in page and "/approvals/" in page
    from seonggwa.plans.models import Indicator

    indicator = Indicator.objects.get(
        plan__year=2026, plan__kind="plan", name="복지서비스 이용 만족도"
    )
    staff = people["welfare_staff"]
    entered = actual_enter(indicator=indicator, year=2026, raw_text="4.2", user=staff)
    actual_submit(value=entered, expected_version=entered.version, user=staff)
    assert Notification.objects.filter(user=committee, kind="submitted").exists()
    queue = as_user("committee").get(f"/plans/{indicator.plan_id}/approvals/")
    assert queue.status_code == 200 and "welfare_head" in queue.content.decode()


def test_a_value_entered_under_a_delegation_reads_by_whom_for_whom(as_user, people, org) -> None:
    from seonggwa.plans.models import Indicator
    from seonggwa.results.services import actual_enter, actual_submit

    staff, committee = people["welfare_staff"], people["committee"]
    delegation_create(
        user=staff,
        delegator=staff,
        delegate=committee,
        unit=_unit(org, "복지정책국"),
        kind=Delegation.Kind.ENTRY,
        starts_on=_today(),
        ends_on=_today(),
    )
    indicator = Indicator.objects.get(
        plan__year=2026, plan__kind="plan", name="복지서비스 이용 만족도"
    )
    delegate = get_user_model().objects.get(pk=committee.pk)
    value = actual_enter(indicator=indicator, year=2026, raw_text="4.1", user=delegate)
    actual_submit(value=value, expected_version=value.version, user=delegate)
    queue = as_user("welfare_head").get(f"/plans/{indicator.plan_id}/approvals/").content.decode()
    assert "welfare_staff 대리" in queue
    history = as_user("welfare_head").get(f"/values/{value.pk}/").content.decode()
    assert "committee (welfare_staff 대리)" in history


def test_a_manager_delegates_their_own_approvals_and_revokes_them(as_user, people, org) -> None:
    client = as_user("welfare_head")
    assert "/my/delegations/" in client.get("/my/").content.decode()
    response = client.post(
        "/my/delegations/",
        {
            "kind": "approval",
            "unit": _unit(org, "복지정책국").pk,
            "delegate": people["welfare_staff"].pk,
            "starts_on": _today().isoformat(),
            "ends_on": (_today() + datetime.timedelta(days=2)).isoformat(),
        },
    )
    assert response.status_code == 302
    delegation = Delegation.objects.get(delegator=people["welfare_head"])
    assert delegation.delegate == people["welfare_staff"]
    # a unit the manager does not hold is not offered
    refused = client.post(
        "/my/delegations/",
        {
            "kind": "approval",
            "unit": _unit(org, "교통건설국").pk,
            "delegate": people["welfare_staff"].pk,
            "starts_on": _today().isoformat(),
            "ends_on": _today().isoformat(),
        },
    )
    assert refused.status_code == 400
    # nobody else revokes it from here
    other = as_user("welfare_staff").post(f"/my/delegations/{delegation.pk}/revoke/")
    assert other.status_code == 404
    assert client.post(f"/my/delegations/{delegation.pk}/revoke/").status_code == 302
    delegation.refresh_from_db()
    assert delegation.revoked


def test_a_new_account_form_offers_unit_staff_first_not_a_central_role(as_user, org) -> None:
    page = as_user("officer").get(f"/organisations/{org.pk}/people/").content.decode()
    assert '<option value="unit_staff" selected>' in page
    assert '<option value="administrator" selected>' not in page


def test_the_merge_form_offers_only_units_that_exist_and_the_service_names_a_missing_one(
    as_user, org
) -> None:
    from seonggwa.core.errors import ServiceError
    from seonggwa.organisations.services import unit_create, unit_merge

    later = unit_create(
        organisation=org, name="미래전략국", valid_from=_today() + datetime.timedelta(days=30)
    )
    ending = unit_create(
        organisation=org, name="임시대응단", valid_to=_today() + datetime.timedelta(days=5)
    )
    client = as_user("officer")
    page = client.get(f"/organisations/{org.pk}/units/").content.decode()
    form = page[page.index(f'action="/organisations/{org.pk}/units/merge/"') :]
    form = form[: form.index("</form>")]
    assert "임시대응단" in form and "복지정책국" in form
    assert "미래전략국" not in form  # it starts next month: nothing to merge yet
    on = _today() + datetime.timedelta(days=10)
    refused = client.post(
        f"/organisations/{org.pk}/units/merge/",
        {
            "merge-units": [_unit(org, "복지정책국").pk, ending.pk],
            "merge-new_name": "복지대응국",
            "merge-on": on.isoformat(),
        },
    )
    assert refused.status_code == 400
    assert "&#x27;임시대응단&#x27;은(는)" in refused.content.decode()
    assert not OrgUnit.objects.filter(organisation=org, name="복지대응국").exists()
    with pytest.raises(ServiceError, match=r"'미래전략국'은\(는\) .*에 생기는 부서라"):
        unit_merge(
            user=_officer(),
            units=[_unit(org, "복지정책국"), later],
            new_name="복지미래국",
            on=on,
        )
    later.refresh_from_db()
    assert later.valid_to is None and _unit(org, "복지정책국").valid_to is None


def _officer():  # type: ignore[no-untyped-def]
    return get_user_model().objects.get(username="officer")


def test_a_persons_roles_and_delegation_dates_read_start_and_end(as_user, people, org) -> None:
    staff = people["welfare_staff"]
    page = as_user("officer").get(f"/organisations/{org.pk}/people/{staff.pk}/").content.decode()
    assert "시작일" in page and "종료일" in page
    assert ">기준<" not in page and ">비교<" not in page  # the versions page's words
