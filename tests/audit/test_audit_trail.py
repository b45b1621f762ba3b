from decimal import Decimal

import pytest

from seonggwa.audit.context import acting_as
from seonggwa.audit.models import AuditEvent
from seonggwa.plans.models import Indicator
from seonggwa.results.services import actual_enter

pytestmark = pytest.mark.django_db


def test_every_change_records_who_when_and_before_after(sample, django_user_model):
    staff = django_user_model.objects.get(username="welfare_staff")
    ind = Indicator.objects.get(plan__year=2026, plan__kind="plan", name="복지서비스 이용 만족도")
    with acting_as(None, "cli:someone-else"):  # the service acts as the user it is given
        v = actual_enter(indicator=ind, year=2026, raw_text="17", value=Decimal(17), user=staff)
        actual_enter(
            indicator=ind,
            year=2026,
            raw_text="16",
            value=Decimal(16),
            user=staff,
            expected_version=v.version,
        )
    events = list(
        AuditEvent.objects.filter(model="results.IndicatorValue", object_pk=str(v.pk)).order_by(
            "id"
        )
    )
    assert [e.action for e in events] == ["create", "update"]
    assert events[1].actor == staff and events[1].actor_label == "welfare_staff"
    assert events[1].changes["raw_text"] == ["17", "16"]
    assert events[1].changes["value"] == ["17", "16"]
    assert "status" not in events[1].changes  # unchanged fields are not recorded
    assert events[1].organisation_id_ref == sample.pk


def test_deleting_records_the_deleted_values(sample):
    ind = Indicator.objects.filter(plan__organisation=sample).first()
    pk, name = ind.pk, ind.name
    with acting_as(None, "cli:test"):
        ind.delete()
    event = AuditEvent.objects.get(model="plans.Indicator", object_pk=str(pk), action="delete")
    assert event.changes["name"] == [name, None] and event.actor_label == "cli:test"


def test_the_sample_is_attributed_to_the_people_who_did_each_step(sample):
    events = AuditEvent.objects.filter(organisation_id_ref=sample.pk)
    # the organisation and its units are set up by the loader itself
    assert events.filter(actor_label="sample-loader", model="organisations.OrgUnit").exists()
    values = events.filter(model="results.IndicatorValue")
    approved = values.filter(changes__status__1="approved")
    assert set(approved.values_list("actor_label", flat=True)) == {"officer"}
    submitted = values.filter(changes__status__1="submitted")
    assert set(submitted.values_list("actor_label", flat=True)) == {"welfare_staff", "officer"}
    entered = values.filter(action="create", changes__kind__1="actual")
    assert set(entered.values_list("actor_label", flat=True)) == {"welfare_staff", "officer"}
    assert not values.filter(actor_label="sample-loader").exists()
    assert events.filter(model="plans.Period", actor_label="officer").exists()


def test_deleting_a_whole_organisation_records_every_deleted_row_by_name(sample):
    from seonggwa.organisations.models import Organisation, PlanOwner
    from seonggwa.plans.models import Plan

    owners = {str(o) for o in PlanOwner.objects.filter(unit__organisation=sample)}
    plans = Plan.objects.filter(organisation=sample).count()
    indicators = Indicator.objects.filter(plan__organisation=sample).count()
    with acting_as(None, "cli:test"):
        Organisation.objects.get(pk=sample.pk).delete()  # the admin's delete: audit on, cascades
    deleted = AuditEvent.objects.filter(action="delete", actor_label="cli:test")
    assert {e.object_repr for e in deleted.filter(model="organisations.PlanOwner")} == owners
    assert deleted.filter(model="plans.Plan").count() == plans
    assert (
        deleted.filter(model="plans.Indicator", organisation_id_ref=sample.pk).count() == indicators
    )
