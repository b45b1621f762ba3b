import pytest

from seonggwa.plans.models import Plan


@pytest.fixture
def plans(sample):
    return {(p.year, p.kind): p for p in Plan.objects.filter(organisation=sample)}


@pytest.fixture
def build(plans):
    from seonggwa.reports.build import report_build

    def make(kind: str, year: int, plan_kind: str, **kw):
        return report_build(plans[(year, plan_kind)], kind, **kw)

    return make
