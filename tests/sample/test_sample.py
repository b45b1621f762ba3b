"""The sample organisation exercises every part of the model."""

import pytest

from seonggwa.organisations.models import OrgUnit, PlanOwner
from seonggwa.plans.models import BudgetProgram, Indicator, Perspective, Plan
from seonggwa.results.models import IndicatorValue
from seonggwa.sample.load import sample_load

pytestmark = pytest.mark.django_db


def test_loading_twice_duplicates_nothing(sample):
    before = Indicator.objects.count(), IndicatorValue.objects.count(), OrgUnit.objects.count()
    assert sample_load().created is False
    assert (
        Indicator.objects.count(),
        IndicatorValue.objects.count(),
        OrgUnit.objects.count(),
    ) == before


def test_sample_has_units_two_years_and_a_renamed_unit(sample):
    units = OrgUnit.objects.filter(organisation=sample)
    assert 5 <= units.filter(valid_to__isnull=True).count() <= 8
    renamed = units.get(name="기후환경국")
    assert renamed.predecessors.get().name == "환경녹지국"
    assert units.exclude(parent=None).exists()
    years = set(
        Plan.objects.filter(organisation=sample, kind="plan").values_list("year", flat=True)
    )
    assert years == {2025, 2026}
    assert set(Plan.objects.filter(organisation=sample).values_list("status", flat=True)) == {
        "draft",
        "confirmed",
        "closed",
    }


def test_sample_has_every_direction_measure_and_qualifier(sample):
    inds = Indicator.objects.filter(plan__organisation=sample)
    assert set(inds.values_list("direction", flat=True)) == set(Indicator.Direction.values)
    assert set(inds.values_list("measure", flat=True)) == set(Indicator.Measure.values)
    assert inds.filter(is_cumulative=True).exists()
    qualifiers = set(
        IndicatorValue.objects.filter(indicator__plan__organisation=sample).values_list(
            "qualifier", flat=True
        )
    )
    for q in [
        "absolute",
        "relative_increase",
        "relative_decrease",
        "baseline",
        "baseline_offset",
        "threshold_min",
        "threshold_max",
        "band",
        "composite",
        "grade",
        "milestone",
    ]:
        assert q in qualifiers, q


def test_sample_has_actuals_in_every_status(sample):
    statuses = set(
        IndicatorValue.objects.filter(
            indicator__plan__organisation=sample, kind="actual"
        ).values_list("status", flat=True)
    )
    assert statuses == set(IndicatorValue.Status.values)


def test_sample_bsc_weights_sum_to_perspective_weights_and_to_100(sample):
    bsc = Plan.objects.get(organisation=sample, kind="bsc")
    owners = PlanOwner.objects.filter(perspectives__plan=bsc).distinct()
    assert {o.kind for o in owners} == {"unit", "head"}
    for owner in owners:
        perspectives = Perspective.objects.filter(plan=bsc, owner=owner)
        assert sum(p.weight for p in perspectives) == 100
        for p in perspectives:
            assert (
                sum(
                    i.weight for i in Indicator.objects.filter(plan=bsc, owner=owner, perspective=p)
                )
                == p.weight
            )
    assert Indicator.objects.filter(plan=bsc).exclude(parent_goal_text="").exists()
    assert Indicator.objects.filter(plan=bsc).exclude(program_codes_raw="").exists()


def test_sample_budget_programs_carry_budgets_and_settlements(sample):
    programs = BudgetProgram.objects.filter(plan__organisation=sample, plan__year=2025)
    assert programs.count() >= 6
    assert all(p.budget is not None and p.settlement is not None for p in programs)
