"""Renaming, merging and splitting units from a date, by the evaluation office: the old units
end the day before and stay as predecessors; roles follow a renamed or merged unit."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from seonggwa.accounts.models import RoleAssignment
from seonggwa.accounts.services import roles_follow_unit
from seonggwa.audit.models import AuditEvent
from seonggwa.core.errors import PermissionDenied, ServiceError
from seonggwa.organisations.models import OrgUnit
from seonggwa.organisations.selectors import unit_lineage
from seonggwa.organisations.services import unit_merge, unit_rename, unit_split
from seonggwa.policy import roles_of

pytestmark = pytest.mark.django_db

ON = datetime.date(2027, 1, 1)
EVE = datetime.date(2026, 12, 31)


@pytest.fixture
def w(sample: Any, django_user_model: Any) -> dict[str, Any]:
    units = {u.name: u for u in OrgUnit.objects.filter(organisation=sample)}
    return {
        "org": sample,
        "units": units,
        "users": {u.username: u for u in django_user_model.objects.all()},
    }


def test_a_rename_ends_the_unit_the_day_before_and_links_the_successor(w) -> None:
    officer, traffic = w["users"]["officer"], w["units"]["교통건설국"]
    new = unit_rename(user=officer, unit=traffic, new_name="교통도시국", on=ON)
    traffic.refresh_from_db()
    assert traffic.valid_to == EVE and new.valid_from == ON
    assert unit_lineage(unit=new) == [new, traffic]
    events = AuditEvent.objects.filter(
        model="organisations.OrgUnit", object_pk=str(new.pk), actor=officer
    )
    assert {e.action for e in events} == {"create", "update"}
    assert events.get(action="update").changes == {"predecessors": [[], ["교통건설국"]]}


def test_a_merge_makes_one_unit_with_every_merged_unit_as_predecessor(w) -> None:
    officer = w["users"]["officer"]
    welfare, traffic = w["units"]["복지정책국"], w["units"]["교통건설국"]
    merged = unit_merge(user=officer, units=[welfare, traffic], new_name="복지교통국", on=ON)
    assert set(merged.predecessors.all()) == {welfare, traffic}
    assert merged.unit_type == welfare.unit_type
    for old in (welfare, traffic):
        old.refresh_from_db()
        assert old.valid_to == EVE


def test_a_split_makes_several_successors_of_one_unit(w) -> None:
    officer, traffic = w["users"]["officer"], w["units"]["교통건설국"]
    made = unit_split(user=officer, unit=traffic, new_names=["교통국", " 건설국 ", ""], on=ON)
    assert [u.name for u in made] == ["교통국", "건설국"]
    assert all(list(u.predecessors.all()) == [traffic] for u in made)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda w, u: unit_merge(user=u, units=[w["units"]["복지정책국"]], new_name="x", on=ON), "둘 이상"),
        (lambda w, u: unit_split(user=u, unit=w["units"]["교통건설국"], new_names=["a", "a"], on=ON), "둘 이상"),
        (lambda w, u: unit_rename(user=u, unit=w["units"]["교통건설국"], new_name=" ", on=ON), "이름을 입력"),
        (lambda w, u: unit_rename(user=u, unit=w["units"]["교통건설국"], new_name="복지정책국", on=ON), "이미 있습니다"),
        (lambda w, u: unit_rename(user=u, unit=w["units"]["환경녹지국"], new_name="새국", on=ON), "이미 폐지"),
        (lambda w, u: unit_rename(user=u, unit=w["units"]["안전총괄과"], new_name="새과", on=datetime.date(2021, 7, 1)), "이후여야"),
        (lambda w, u: unit_rename(user=u, unit=w["units"]["기획조정실"], new_name="기획실", on=ON), "하위 부서"),
    ],
    ids=["merge-one", "split-same-names", "empty-name", "name-taken", "already-ended", "not-after-start", "has-children"],
)  # fmt: skip
def test_a_reorganisation_the_rules_refuse(w, call, message) -> None:
    with pytest.raises(ServiceError, match=message):
        call(w, w["users"]["officer"])


@pytest.mark.parametrize("who", ["welfare_head", "welfare_staff", "committee"])
def test_only_the_office_reorganises(w, who) -> None:
    with pytest.raises(PermissionDenied):
        unit_rename(user=w["users"][who], unit=w["units"]["교통건설국"], new_name="x", on=ON)


def test_roles_follow_a_renamed_unit_from_its_date(w) -> None:
    officer, staff = w["users"]["officer"], w["users"]["welfare_staff"]
    welfare = w["units"]["복지정책국"]
    new = unit_rename(user=officer, unit=welfare, new_name="복지국", on=ON)
    moved = roles_follow_unit(user=officer, units=[welfare], successor=new, on=ON)
    assert moved == 2  # welfare_head and welfare_staff
    assert {r.unit.name for r in roles_of(staff, w["org"], on=ON)} == {"복지국"}
    fresh = type(staff).objects.get(pk=staff.pk)
    assert {r.unit.name for r in roles_of(fresh, w["org"], on=EVE)} == {"복지정책국"}
    assert RoleAssignment.objects.get(user=staff, unit=welfare).valid_to == EVE


def test_the_sample_loader_still_renames_without_an_acting_user(w) -> None:
    new = unit_rename(unit=w["units"]["교통건설국"], new_name="교통도시국", on=ON)
    assert new.pk and list(new.predecessors.all()) == [w["units"]["교통건설국"]]
