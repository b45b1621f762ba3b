"""Importing seed 003's risk register: every risk issue with its press items, the findings
at their lines, provenance, one transaction and refusals."""

from __future__ import annotations

import datetime

import pytest

from seonggwa.audit.models import AuditEvent
from seonggwa.core.errors import PermissionDenied, ServiceError
from seonggwa.importers.load import ImportFileError
from seonggwa.importers.risks_load import risks_import
from seonggwa.risks.models import PressItem, RiskIssue, RiskMonth
from seonggwa.risks.selectors import year_months
from seonggwa.sources.models import StoredFinding

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(django_user_model):
    return django_user_model.objects.get(username="officer")


@pytest.fixture
def imported(sample, seed_text, officer):
    return risks_import(
        organisation_name="한빛시",
        year=2020,
        path_or_text=seed_text("003"),
        user=officer,
        source_name="003_council_answer.txt",
    )


def test_seed_003_golden(sample, imported):
    assert (imported.issues, imported.press_items) == (4, 4)
    ((month, issues),) = year_months(sample, 2020)
    assert month.month is None and month.note == "운영 기간 '20.1월~'20.11월"
    assert [(i.number, i.title, i.source_line) for i in issues] == [
        (1, "플랫폼 노동자 보호를 위한 선도적 정책 수립 필요", 2111),
        (2, "4차 산업 관련 규제 완화 추진 방향", 2126),
        (3, "풍수해 대비 市 대응 철저", 2139),
        (4, "코로나19에 따른 재활용 쓰레기 증가 대책 시급", 2151),
    ]
    first = issues[0]
    assert first.requests_short.startswith("市 기존 노동자 정책")
    assert first.requests_long.startswith("「市 플랫폼 노동자 보호 대책」")
    assert first.response == "서울시 플랫폼노동자 · 프리랜서 실태조사 용역 중"
    assert len(first.risk_lines) == 2
    # answered by a department: stage 4, escalated to a 실·국 the document does not name
    assert {(i.status, i.handling, i.owner_unit_id) for i in issues} == {
        (RiskIssue.Status.FOLLOW_UP, RiskIssue.Handling.ESCALATED, None)
    }
    assert list(
        PressItem.objects.filter(issue__month=month).values_list("outlet", "date", "source_line")
    ) == [
        ("SBS", datetime.date(2019, 12, 19), 2116),
        ("이데일리", datetime.date(2019, 7, 24), 2130),
        ("뉴스1", datetime.date(2019, 9, 5), 2143),
        ("KBS", datetime.date(2020, 4, 23), 2155),
    ]


def test_findings_and_provenance(sample, imported):
    document = imported.document
    assert document.plan is None and document.organisation == sample
    assert document.file_name == "003_council_answer.txt" and len(document.sha256) == 64
    stored = StoredFinding.objects.filter(source_document=document)
    assert stored.count() == 17
    assert (2162, "risks.response_continued") in set(stored.values_list("line", "code"))
    month = RiskMonth.objects.get(organisation=sample, year=2020)
    assert (month.source_document, month.source_line) == (document, 2109)
    event = AuditEvent.objects.get(model="risks.RiskMonth", action="import")
    assert event.actor.username == "officer" and event.changes["issues"][1] == 4


def test_same_file_again_and_another_file(sample, imported, seed_text, officer):
    again = risks_import(
        organisation_name="한빛시", year=2020, path_or_text=seed_text("003"), user=officer
    )
    assert again.already_imported and again.document == imported.document
    changed = seed_text("003").replace("SBS)", "MBC)")
    with pytest.raises(ServiceError, match="이미 있습니다"):
        risks_import(organisation_name="한빛시", year=2020, path_or_text=changed, user=officer)
    assert not PressItem.objects.filter(outlet="MBC").exists()


def test_refusals_write_nothing(sample, django_user_model, officer):
    staff = django_user_model.objects.get(username="welfare_staff")
    with pytest.raises(PermissionDenied):
        risks_import(organisation_name="한빛시", year=2020, path_or_text="x", user=staff)
    with pytest.raises(ImportFileError, match="리스크 이슈 발굴"):
        risks_import(organisation_name="한빛시", year=2020, path_or_text="가\n나\n", user=officer)
    assert not RiskMonth.objects.filter(organisation=sample).exists()
