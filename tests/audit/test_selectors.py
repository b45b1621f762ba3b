"""Reading the audit trail: the latest change of one object (who, when) for conflict pages."""

import pytest

from seonggwa.audit.selectors import last_change
from seonggwa.plans.models import Plan
from seonggwa.plans.services import period_lock

pytestmark = pytest.mark.django_db


def test_the_last_change_of_an_object_names_who_made_it(sample, django_user_model):
    officer = django_user_model.objects.get(username="officer")
    period = Plan.objects.get(organisation=sample, year=2026, kind="plan").periods.get()
    period_lock(user=officer, period=period, reason="점검", expected_version=period.version)
    event = last_change(model="plans.Period", object_pk=period.pk)
    assert event is not None and event.actor == officer
    assert event.changes["locked"] == [False, True]
    assert last_change(model="plans.Period", object_pk=-1) is None
