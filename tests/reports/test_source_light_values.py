"""A report reads the plan tree's values as plain rows (``YearValue``, not model objects):
every report kind of every plan of the sample, for the office and for the public, comes out
the same as from the tree of model objects."""

import pytest

from seonggwa.plans.models import Plan
from seonggwa.reports import selectors
from seonggwa.reports.build import ReportError, report_build
from seonggwa.reports.kinds import report_kinds_for
from seonggwa.results.models import IndicatorValue
from seonggwa.results.selectors import YearValue, plan_tree

pytestmark = pytest.mark.django_db


def _values(tree):  # type: ignore[no-untyped-def]
    return [
        v
        for o in tree.owners
        for g in o.goals
        for p in g.policies
        for n in p.indicators
        for year in n.values_by_year.values()
        for v in year.values()
    ]


def _build(plan, kind, public):  # type: ignore[no-untyped-def]
    try:
        return report_build(plan, kind, public=public, explain=True)
    except ReportError as exc:
        return str(exc)


def test_a_report_source_holds_the_values_as_rows(sample):
    plan = Plan.objects.get(organisation=sample, year=2026, kind="plan")
    values = _values(selectors.report_source(plan=plan).tree)
    assert values
    assert all(type(v) is YearValue for v in values)


@pytest.mark.parametrize("public", [False, True])
def test_every_report_is_the_same_as_from_model_values(sample, monkeypatch, public):
    plans = list(Plan.objects.filter(organisation=sample).order_by("year", "kind"))
    built = 0
    for plan in plans:
        for spec in report_kinds_for(plan.kind):
            light = _build(plan, spec.key, public)
            with monkeypatch.context() as m:
                # the tree as it was read before: every value a model object
                m.setattr(
                    selectors,
                    "plan_tree",
                    lambda *, plan, public=False, light_values=False: plan_tree(
                        plan=plan, public=public
                    ),
                )
                assert all(
                    type(v) is IndicatorValue
                    for v in _values(selectors.report_source(plan=plan).tree)
                )
                models = _build(plan, spec.key, public)
            assert light == models, (plan, spec.key, public)
            built += not isinstance(light, str)
    # the sample's plans give reports, not only refusals (fewer to the public: no grades)
    assert built >= (3 if public else 5)
