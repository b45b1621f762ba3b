"""Importing seed 003's consignment tables: the golden figures (domain.md Appendix B), the
exclusions, the findings at their lines, provenance, one transaction and refusals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from seonggwa.audit.models import AuditEvent
from seonggwa.consignment.models import ConsignedService, EvaluationYear, ServiceScore
from seonggwa.consignment.selectors import year_table
from seonggwa.core.errors import PermissionDenied, ServiceError
from seonggwa.importers.consignment_load import consignment_import
from seonggwa.importers.load import ImportFileError
from seonggwa.sources.models import StoredFinding

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(sample, seed_text, django_user_model):
    officer = django_user_model.objects.get(username="officer")
    return consignment_import(
        organisation_name="한빛시",
        path_or_text=seed_text("003"),
        user=officer,
        source_name="003_council_answer.txt",
    )


def test_seed_003_golden(sample, imported):
    assert imported.years == {2018: 44, 2019: 51, 2020: 38}
    golden = {2018: D("80.51"), 2019: D("80.54"), 2020: D("80.34")}
    for year, average in golden.items():
        table = year_table(sample, year)
        assert table is not None
        assert len(table.rows) == imported.years[year]
        assert table.average == average == table.evaluation_year.declared_average
        assert [table.round_count(n) for n in (1, 2, 3)] == {
            2018: [11, 27, 6],
            2019: [18, 28, 5],
            2020: [12, 22, 4],
        }[year]
    excluded = sorted(
        (row.line, row.score)
        for year in golden
        for row in year_table(sample, year).rows
        if row.excluded
    )
    assert excluded == [
        (507, D("58.96")),
        (516, D("56.19")),
        (638, D("57.89")),
        (647, D("55.99")),
        (653, D("50.65")),
    ]
    stored = ServiceScore.objects.filter(round__evaluation_year__organisation=sample)
    assert sorted(stored.filter(remark="재계약 배제").values_list("source_line", flat=True)) == [
        507,
        516,
        638,
        647,
        653,
    ]
    windows = year_table(sample, 2019).rounds
    assert [(r.opens_on.isoformat(), r.closes_on.isoformat()) for r in windows] == [
        ("2019-01-01", "2019-04-30"),
        ("2019-03-01", "2019-09-30"),
        ("2019-09-01", "2019-12-31"),
    ]


def test_findings_and_provenance(sample, imported):
    document = imported.document
    assert document.plan is None and document.organisation == sample
    assert document.file_name == "003_council_answer.txt" and len(document.sha256) == 64
    found = sorted(
        StoredFinding.objects.filter(source_document=document).values_list("line", "code")
    )
    assert found == [
        (526, "consignment.year_label_garbled"),
        (556, "consignment.consortium_space"),
        (597, "consignment.year_label_garbled"),
        (650, "consignment.consortium_space"),
        (673, "consignment.exclusion_contractor_differs"),
        (674, "consignment.exclusion_name_differs"),
    ]
    assert EvaluationYear.objects.get(organisation=sample, year=2020).source_document == document
    event = AuditEvent.objects.get(model="consignment.EvaluationYear", action="import")
    assert event.actor.username == "officer" and event.changes["services_created"][1] > 100


def test_a_service_scored_in_several_years_is_one_service(sample, imported):
    service = ConsignedService.objects.get(organisation=sample, name="삼청각 위탁관리")
    assert sorted(service.scores.values_list("round__evaluation_year__year", "score")) == [
        (2018, D("74.30")),
        (2019, D("72.77")),
    ]
    consortium = ConsignedService.objects.get(organisation=sample, name="마포자원회수시설")
    assert consortium.members == ["한중환경기술(주)", "환경시설관리(주)"]


def test_same_file_again_and_another_file(sample, imported, seed_text, django_user_model):
    officer = django_user_model.objects.get(username="officer")
    again = consignment_import(
        organisation_name="한빛시", path_or_text=seed_text("003"), user=officer
    )
    assert again.already_imported and again.document == imported.document
    changed = seed_text("003").replace("82.83", "82.84")
    with pytest.raises(ServiceError, match="이미 있습니다"):
        consignment_import(organisation_name="한빛시", path_or_text=changed, user=officer)
    assert ServiceScore.objects.filter(score=D("82.84")).count() == 0


def test_refusals_write_nothing(sample, django_user_model):
    staff = django_user_model.objects.get(username="welfare_staff")
    before = ConsignedService.objects.count()
    with pytest.raises(PermissionDenied):
        consignment_import(organisation_name="한빛시", path_or_text="연번\t가\n1\t2", user=staff)
    officer = django_user_model.objects.get(username="officer")
    with pytest.raises(ImportFileError, match="찾지 못했습니다"):
        consignment_import(
            organisation_name="한빛시", path_or_text="연번\t성과지표\n1\t가", user=officer
        )
    assert ConsignedService.objects.count() == before
