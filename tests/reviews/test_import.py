"""Importing seed 003's ad-hoc reviews: every review with its rounds (golden), the target
units, the follow-ups opened, provenance, the findings at their lines, one transaction,
refusals, the CLI, and the report of the year in every format."""

from __future__ import annotations

import datetime
import zipfile
from io import BytesIO

import pytest

from seonggwa.audit.models import AuditEvent
from seonggwa.cli import main
from seonggwa.core.errors import PermissionDenied, ServiceError
from seonggwa.importers.load import ImportFileError
from seonggwa.importers.reviews_load import reviews_import
from seonggwa.reports.modules import module_report_build
from seonggwa.reports.render import report_render
from seonggwa.reviews.models import FollowUp, Recommendation, Review, ReviewFinding
from seonggwa.reviews.selectors import review_detail, review_year
from seonggwa.sources.models import StoredFinding

pytestmark = pytest.mark.django_db

ROUNDS = {1: 1, 2: 1, 3: 1, 4: 5, 5: 1, 6: 1, 7: 2, 8: 1, 9: 1, 10: 1}


@pytest.fixture
def officer(django_user_model):
    return django_user_model.objects.get(username="officer")


@pytest.fixture
def imported(sample, seed_text, officer):
    return reviews_import(
        organisation_name="한빛시",
        year=2020,
        path_or_text=seed_text("003"),
        user=officer,
        source_name="003_council_answer.txt",
    )


def test_seed_003_every_review_with_its_rounds(sample, imported):
    assert (imported.reviews, imported.rounds, imported.recommendations) == (10, 15, 40)
    assert imported.findings_stored == 40
    rows = review_year(sample, 2020)
    assert {r.review.number: r.rounds for r in rows} == ROUNDS
    assert sum(r.recommendations for r in rows) == 40
    assert all(r.statuses == {"open": r.recommendations} for r in rows)
    first = rows[0].review
    assert (first.topic, first.method, first.department_label) == (
        "창의 어린이놀이터 조성사업 개선 검토",
        "project",
        "푸른도시국",
    )
    assert (first.timing_start, first.timing_end) == (
        datetime.date(2020, 1, 1),
        datetime.date(2020, 1, 31),
    )
    assert (first.period_start, first.period_end, first.period_ongoing) == (
        datetime.date(2014, 10, 1),
        None,
        True,
    )
    covid = Review.objects.get(organisation=sample, year=2020, number=4)
    assert [(r.number, r.source_line) for r in review_detail(covid)][:2] == [(1, 842), (2, 854)]
    assert covid.period_end == datetime.date(2020, 2, 13)
    tenth = Review.objects.get(organisation=sample, year=2020, number=10)
    assert tenth.record_title == "태풍 '바비' 비상대응 관련 선별진료소 안전점검 및 대응전략 검토"


def test_provenance_findings_and_audit(sample, imported):
    rec = Recommendation.objects.filter(round__review__organisation=sample).order_by("source_line")[
        0
    ]
    assert rec.source_line == 752 and rec.followup.status == "open"
    assert ReviewFinding.objects.filter(round__review__organisation=sample).count() == 40
    stored = StoredFinding.objects.filter(source_document=imported.document)
    assert stored.filter(code="reviews.title_differs").count() == 3
    assert sorted(stored.filter(code="reviews.title_differs").values_list("line", flat=True)) == [
        904,
        933,
        1081,
    ]
    event = AuditEvent.objects.get(model="reviews.Review", action="import")
    assert event.changes["reviews"] == [None, 10]


def test_target_units_found_by_name_without_spaces(sample, seed_text, officer):
    from seonggwa.organisations.services import unit_create

    unit = unit_create(organisation=sample, name="시민건강국")
    reviews_import(
        organisation_name="한빛시", year=2020, path_or_text=seed_text("003"), user=officer
    )
    health = Review.objects.filter(organisation=sample, department=unit)
    assert health.count() == 8
    assert FollowUp.objects.filter(owner_unit=unit).count() == 33


def test_the_same_file_again_and_another_file_and_a_missing_year(sample, imported, seed_text):
    again = reviews_import(organisation_name="한빛시", year=2020, path_or_text=seed_text("003"))
    assert again.already_imported
    with pytest.raises(ServiceError, match="이미 있습니다"):
        reviews_import(organisation_name="한빛시", year=2020, path_or_text=seed_text("003") + "\n")
    with pytest.raises(ImportFileError, match="2019년 행이 없습니다"):
        reviews_import(organisation_name="한빛시", year=2019, path_or_text=seed_text("003"))


def test_a_failed_import_writes_nothing(sample, seed_text, monkeypatch):
    import seonggwa.importers.reviews_load as load

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(load.FollowUp.objects, "create", boom)
    with pytest.raises(RuntimeError):
        reviews_import(organisation_name="한빛시", year=2020, path_or_text=seed_text("003"))
    assert not Review.objects.filter(organisation=sample).exists()
    with pytest.raises(ImportFileError, match="수시평가 목록"):
        reviews_import(
            organisation_name="한빛시",
            year=2020,
            path_or_text=b"\xeb\xb9\x88 \xeb\xac\xb8\xec\x84\x9c",
        )


def test_only_the_office_imports(sample, seed_text, django_user_model):
    staff = django_user_model.objects.get(username="welfare_staff")
    with pytest.raises(PermissionDenied):
        reviews_import(
            organisation_name="한빛시", year=2020, path_or_text=seed_text("003"), user=staff
        )


def test_cli_import_and_report(sample, tmp_path, seed_text, capsys):
    path = tmp_path / "003.txt"
    path.write_text(seed_text("003"), encoding="utf-8")
    assert main(["import-reviews", str(path), "--org", "한빛시", "--year", "2020"]) == 0
    out = capsys.readouterr().out
    assert "2020년 수시평가 10건 (차수 15개" in out and "reviews.title_differs" in out
    bad = tmp_path / "bad.txt"
    bad.write_text("없음", encoding="utf-8")
    assert main(["import-reviews", str(bad), "--org", "한빛시", "--year", "2020"]) == 2
    target = tmp_path / "reviews.xlsx"
    args = ["report", "--org", "한빛시", "--year", "2020", "--kind", "reviews"]
    assert main([*args, "--format", "xlsx", "--out", str(target)]) == 0
    assert target.read_bytes()[:2] == b"PK"
    assert main([*args, "--year", "2019", "--format", "xlsx", "--out", str(target)]) == 1


@pytest.mark.slow
def test_report_of_the_year_in_every_format(sample, imported):
    report = module_report_build(sample, 2020, "reviews")
    assert [t.key for t in report.tables][:3] == ["reviews", "review_1", "review_2"]
    listing = report.tables[0]
    assert [r.cells[1].text for r in listing.rows][:2] == ["2020 (10)", ""]
    assert listing.rows[9].cells[2].text == "태풍바비관련 선별진료소 안전점검 및 대응전략 검토"
    covid = report.tables[4]
    assert covid.title == "4. 신종 코로나바이러스 확산 방지 현장점검(1~5차)"
    overview = [r.cells[2].text for r in covid.rows if r.cells[1].text == "개요"]
    assert overview[:2] == ["점검 개요", "▶ 점검기간 : '20. 2. 3.(월) ~ 13.(목)"]
    assert covid.rows[len(overview)].cells[2].text == "1차 점검 : 대중교통 방역, 안내상태 등 점검"
    assert sum(1 for r in covid.rows if r.cells[1].text == "검토의견") == 11
    for fmt in ("xlsx", "pdf", "hwpx", "html", "csv"):
        data = report_render(report, fmt)
        assert data, fmt
    html = report_render(report, "html").decode()
    assert "코로나19 관련 종합적인 내용을 홍보할 경우" in html
    names = zipfile.ZipFile(BytesIO(report_render(report, "csv"))).namelist()
    assert len(names) == 11
