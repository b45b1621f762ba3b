import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from seonggwa.core.errors import ServiceError
from seonggwa.organisations.models import Organisation, OrgUnit, PlanOwner
from seonggwa.organisations.selectors import unit_lineage
from seonggwa.organisations.services import owner_get_or_create, unit_create, unit_find, unit_rename

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return Organisation.objects.create(name="시험시")


def test_unit_validity_end_before_start_is_rejected_by_clean_and_database(org):
    with pytest.raises(ValidationError):
        unit_create(
            organisation=org,
            name="가국",
            valid_from=datetime.date(2024, 1, 1),
            valid_to=datetime.date(2023, 1, 1),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        OrgUnit.objects.create(
            organisation=org,
            name="나국",
            valid_from=datetime.date(2024, 1, 1),
            valid_to=datetime.date(2023, 12, 31),
        )


def test_unit_names_are_unique_per_start_date_ignoring_whitespace(org):
    unit_create(organisation=org, name="기획조정실", valid_from=datetime.date(2020, 1, 1))
    with pytest.raises(ValidationError):
        unit_create(organisation=org, name="기획 조정실", valid_from=datetime.date(2020, 1, 1))


def test_unit_find_matches_a_name_split_by_a_line_wrap(org):
    unit = unit_create(organisation=org, name="기획조정실")
    assert unit_find(organisation=org, name="기 획조정실") == unit


def test_rename_closes_the_old_unit_and_links_the_successor(org):
    old = unit_create(organisation=org, name="맑은환경본부", valid_from=datetime.date(2009, 1, 1))
    new = unit_rename(unit=old, new_name="기후환경본부", on=datetime.date(2020, 1, 1))
    old.refresh_from_db()
    assert old.valid_to == datetime.date(2019, 12, 31)
    assert new.valid_from == datetime.date(2020, 1, 1)
    assert list(new.predecessors.all()) == [old]
    assert unit_lineage(unit=new) == [new, old]
    assert unit_find(organisation=org, name="맑은환경본부", on=datetime.date(2021, 1, 1)) is None
    assert old.is_valid_on(datetime.date(2019, 6, 1)) and not old.is_valid_on(
        datetime.date(2020, 6, 1)
    )


def test_rename_refuses_a_date_before_the_unit_started(org):
    old = unit_create(organisation=org, name="주택국", valid_from=datetime.date(2009, 1, 1))
    with pytest.raises(ServiceError, match="시작일"):
        unit_rename(unit=old, new_name="주택건축본부", on=datetime.date(2008, 1, 1))


def test_merge_keeps_several_predecessors(org):
    a = unit_create(organisation=org, name="교통기획관")
    b = unit_create(organisation=org, name="도로기획관")
    merged = unit_create(organisation=org, name="도시교통실")
    merged.predecessors.add(a, b)
    assert {u.name for u in unit_lineage(unit=merged)} == {"도시교통실", "교통기획관", "도로기획관"}
    assert set(a.successors.all()) == {merged}


def test_parent_must_belong_to_the_same_organisation(org):
    other = Organisation.objects.create(name="다른시")
    foreign = unit_create(organisation=other, name="기획실")
    with pytest.raises(ValidationError):
        unit_create(organisation=org, name="기획관", parent=foreign)


def test_a_unit_has_one_owner_per_kind(org):
    unit = unit_create(organisation=org, name="경쟁력강화본부")
    head = owner_get_or_create(unit=unit, kind=PlanOwner.Kind.HEAD, label="경쟁력강화본부본부장")
    assert owner_get_or_create(unit=unit, kind=PlanOwner.Kind.HEAD) == head
    assert str(head) == "경쟁력강화본부본부장"
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanOwner.objects.create(unit=unit, kind=PlanOwner.Kind.HEAD)


def test_deleting_an_organisation_removes_its_unit_tree(org):
    parent = unit_create(organisation=org, name="경영기획실")
    unit_create(organisation=org, name="정책기획관", parent=parent)
    org.delete()
    assert not OrgUnit.objects.filter(name__in=["경영기획실", "정책기획관"]).exists()
