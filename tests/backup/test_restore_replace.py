"""`restore --replace` and the audit trail: the dump's events come back, the events recorded
after the dump are kept, and the restore's own event in the restored organisation says what
was replaced."""

from __future__ import annotations

import pytest

from seonggwa.audit.context import acting_as
from seonggwa.audit.models import AuditEvent
from seonggwa.backup.services import organisation_dump, organisation_restore
from seonggwa.organisations.models import Organisation
from seonggwa.plans.models import Indicator, Plan

pytestmark = pytest.mark.django_db


def test_restore_replace_keeps_earlier_and_later_events_and_records_what_it_replaced(sample):
    payload = organisation_dump(organisation=sample)
    in_dump = len(payload["tables"]["audit.AuditEvent"])
    assert in_dump > 10
    plans = sorted(str(p) for p in Plan.objects.filter(organisation=sample))
    indicators = Indicator.objects.filter(plan__organisation=sample).count()
    indicator = Indicator.objects.filter(plan__organisation=sample).order_by("pk").first()
    with acting_as(None, "cli:after-the-dump"):  # a change the dump does not hold
        indicator.name = indicator.name + " (고침)"
        indicator.save()
    later = AuditEvent.objects.get(actor_label="cli:after-the-dump")

    with acting_as(None, "cli:restore"):
        restored = organisation_restore(payload=payload, source="백업.json", replace=True)

    trail = AuditEvent.objects.filter(organisation_id_ref=restored.pk)
    assert trail.count() == in_dump + 2  # the dump's, the later one, the restore's
    kept = trail.get(pk=later.pk)  # the later event itself, now in the restored organisation
    assert kept.changes["name"][1].endswith("(고침)")
    event = trail.get(action="restore")
    assert event.actor_label == "cli:restore" and event.object_pk == str(restored.pk)
    replaced = event.changes["replaced"][0]
    assert replaced["rows"]["plans.Indicator"] == indicators
    assert sorted(replaced["plans"]) == plans
    assert event.changes["replaced_organisation_id"] == [sample.pk, None]
    assert event.changes["kept_events"] == [None, 1]
    assert not Organisation.objects.filter(pk=sample.pk).exists()


def test_a_second_restore_of_the_same_dump_duplicates_no_event(sample):
    payload = organisation_dump(organisation=sample)
    first = organisation_restore(payload=payload, replace=True)
    count = AuditEvent.objects.filter(organisation_id_ref=first.pk).count()
    second = organisation_restore(payload=payload, replace=True)
    # the first restore's own event is kept (not in the dump); one more for the second
    assert AuditEvent.objects.filter(organisation_id_ref=second.pk).count() == count + 1
