"""runs_start, the bulk entry point of the evaluation run (a national evaluation), stores
exactly what run_start stores plan by plan, on a small generated dataset."""

from __future__ import annotations

from typing import Any

import pytest

from seonggwa.audit.context import acting_as
from seonggwa.core.errors import PermissionDenied
from seonggwa.evaluation.models import EvaluationRun, IndicatorResult, OwnerResult
from seonggwa.evaluation.services import run_start, runs_start
from seonggwa.plans.models import Plan
from seonggwa.sample.demo import generate_demo

pytestmark = pytest.mark.django_db

SKIP = {"id", "run"}


def _stored(model: Any, run: EvaluationRun) -> list[tuple[Any, ...]]:
    names = [f.attname for f in model._meta.concrete_fields if f.name not in SKIP]
    return list(model.objects.filter(run=run).order_by("position").values_list(*names))


@pytest.fixture
def plans(django_user_model: Any) -> list[Plan]:
    with acting_as(None, "test:demo"):
        # two closed years: the second year's indicators link to the first's (last year's
        # actual read from another plan); one actual in thirty never came (no data)
        generate_demo(
            orgs=3,
            indicators=40,
            months=12,
            years=2,
            last_year=2025,
            seed=5,
            evaluate=False,
            close_last=True,
        )
    return list(Plan.objects.filter(organisation__demo=True).order_by("pk"))


def test_the_bulk_entry_point_stores_what_the_per_plan_run_stores(plans, django_user_model):
    admin = django_user_model.objects.create_user("national-admin", is_superuser=True)
    assert len(plans) == 6 and {p.status for p in plans} == {Plan.Status.CLOSED}
    one_by_one = [run_start(user=admin, plan=p) for p in plans]
    # chunks of 4 plans: one chunk holds plans of several organisations and both years
    together = runs_start(user=admin, plans=plans, chunk=4)
    assert [r.plan_id for r in together] == [p.pk for p in plans]
    assert [r.number for r in together] == [2] * len(plans)
    statuses: set[str] = set()
    for single, bulk in zip(one_by_one, together, strict=True):
        results = _stored(IndicatorResult, single)
        assert results and results == _stored(IndicatorResult, bulk)
        assert _stored(OwnerResult, single) == _stored(OwnerResult, bulk)
        statuses |= set(IndicatorResult.objects.filter(run=bulk).values_list("status", flat=True))
    # the comparison covers rated indicators and indicators without data
    assert {"ok", "no_data"} <= statuses
    # the linked indicators of the second year read last year's actual
    assert IndicatorResult.objects.filter(run__in=together, prior_actual__isnull=False).exists()


def test_a_refusal_of_one_plan_stores_nothing(plans, django_user_model):
    admin = django_user_model.objects.create_user("national-admin", is_superuser=True)
    nobody = django_user_model.objects.create_user("national-nobody")
    with pytest.raises(PermissionDenied):
        runs_start(user=nobody, plans=plans)
    assert not EvaluationRun.objects.filter(plan__in=plans).exists()
    # the acting user is checked for every plan, each run recorded as started by them
    runs = runs_start(user=admin, plans=plans)
    assert {r.started_by_label for r in runs} == {"national-admin"}
