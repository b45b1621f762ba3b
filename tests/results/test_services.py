from decimal import Decimal

import pytest
from django.core.files.storage import default_storage

from seonggwa.core.errors import ConflictError, ServiceError
from seonggwa.plans.models import Indicator
from seonggwa.results.models import Evidence, IndicatorValue
from seonggwa.results.services import (
    actual_approve,
    actual_enter,
    actual_reject,
    actual_submit,
    evidence_attach,
    value_set,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator(sample):
    return Indicator.objects.get(plan__year=2026, plan__kind="plan", name="초미세먼지 연평균 농도")


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.get(username="welfare_staff")


@pytest.fixture
def manager(django_user_model):
    return django_user_model.objects.get(username="officer")


def test_raw_text_is_kept_beside_the_parsed_parts(indicator):
    v = value_set(
        indicator=indicator,
        kind="target",
        year=2027,
        raw_text="21(22)",
        value=Decimal(21),
        parts=[("연간", Decimal(21)), ("누계", Decimal(22))],
        qualifier="composite",
    )
    v.refresh_from_db()
    assert v.raw_text == "21(22)"
    assert v.parts == [{"name": "연간", "value": "21"}, {"name": "누계", "value": "22"}]


def test_no_data_is_kept_apart_from_zero(indicator):
    none = value_set(
        indicator=indicator, kind="target", year=2027, raw_text="-", value=None, qualifier="none"
    )
    zero = value_set(
        indicator=indicator, kind="baseline", year=2027, raw_text="0", value=Decimal(0)
    )
    none.refresh_from_db()
    zero.refresh_from_db()
    assert none.value is None and zero.value == Decimal(0)


def test_actual_workflow_draft_submit_approve_locks(indicator, staff, manager):
    v = actual_enter(
        indicator=indicator, year=2027, raw_text="17.5", value=Decimal("17.5"), user=staff
    )
    assert (v.status, v.version) == ("draft", 1)
    v = actual_submit(value=v, expected_version=v.version, user=staff)
    v = actual_approve(value=v, expected_version=v.version, user=manager)
    assert v.status == "approved" and v.locked and v.approved_by == manager and v.version == 3
    with pytest.raises(ServiceError, match="잠겨"):
        actual_enter(
            indicator=indicator,
            year=2027,
            raw_text="18",
            value=Decimal(18),
            user=staff,
            expected_version=3,
        )


def test_rejected_actual_needs_a_reason_and_can_be_reentered(indicator, staff, manager):
    v = actual_enter(indicator=indicator, year=2027, raw_text="17", value=Decimal(17), user=staff)
    v = actual_submit(value=v, expected_version=v.version, user=staff)
    with pytest.raises(ServiceError, match="사유"):
        actual_reject(value=v, expected_version=v.version, user=manager, reason=" ")
    v = actual_reject(value=v, expected_version=v.version, user=manager, reason="증빙 누락")
    v = actual_enter(
        indicator=indicator,
        year=2027,
        raw_text="16.9",
        value=Decimal("16.9"),
        user=staff,
        expected_version=v.version,
    )
    assert v.status == "draft" and v.raw_text == "16.9"


def test_two_people_editing_the_same_actual_the_second_gets_a_conflict(indicator, staff, manager):
    v = actual_enter(indicator=indicator, year=2027, raw_text="17", value=Decimal(17), user=staff)
    read_version = v.version
    actual_enter(
        indicator=indicator,
        year=2027,
        raw_text="17.2",
        value=Decimal("17.2"),
        user=staff,
        expected_version=read_version,
    )
    with pytest.raises(ConflictError, match="먼저 수정"):
        actual_enter(
            indicator=indicator,
            year=2027,
            raw_text="99",
            value=Decimal(99),
            user=manager,
            expected_version=read_version,
        )
    assert IndicatorValue.objects.get(pk=v.pk).raw_text == "17.2"


def test_entering_over_an_existing_actual_without_a_version_is_refused(indicator, staff):
    actual_enter(indicator=indicator, year=2027, raw_text="17", value=Decimal(17), user=staff)
    with pytest.raises(ConflictError):
        actual_enter(indicator=indicator, year=2027, raw_text="18", value=Decimal(18), user=staff)


def test_approving_a_draft_is_refused(indicator, staff, manager):
    v = actual_enter(indicator=indicator, year=2027, raw_text="17", value=Decimal(17), user=staff)
    with pytest.raises(ServiceError):
        actual_approve(value=v, expected_version=v.version, user=manager)


def test_a_closed_plan_takes_no_actuals(sample, staff):
    closed = Indicator.objects.filter(plan__year=2025, plan__kind="plan").first()
    with pytest.raises(ServiceError, match="마감"):
        actual_enter(indicator=closed, year=2025, raw_text="1", value=Decimal(1), user=staff)


PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_evidence_is_stored_by_content_with_its_hash(indicator, staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    v = actual_enter(indicator=indicator, year=2027, raw_text="17", value=Decimal(17), user=staff)
    ev = evidence_attach(value=v, file_name="집계표.pdf", content=PDF, user=staff)
    assert ev.size == len(PDF) and ev.content_type == "application/pdf"
    assert default_storage.open(ev.file.name).read() == PDF
    again = evidence_attach(value=v, file_name="사본.pdf", content=PDF, user=staff)
    assert again.file.name == ev.file.name  # the same bytes are stored once


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("run.exe", b"MZ\x90\x00", "허용되지 않는"),
        ("fake.pdf", b"<html>not a pdf</html>", "내용이"),
        ("empty.pdf", b"", "빈 파일"),
        ("data.xlsx", PDF, "내용이"),
    ],
)
def test_evidence_of_the_wrong_type_is_refused(
    indicator, staff, settings, tmp_path, name, content, message
):
    settings.MEDIA_ROOT = tmp_path
    v = actual_enter(indicator=indicator, year=2027, raw_text="17", value=Decimal(17), user=staff)
    with pytest.raises(ServiceError, match=message):
        evidence_attach(value=v, file_name=name, content=content, user=staff)
    assert not Evidence.objects.filter(value=v).exists()


def test_evidence_over_the_size_limit_is_refused(indicator, staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SEONGGWA_MAX_UPLOAD_BYTES = 100
    v = actual_enter(indicator=indicator, year=2027, raw_text="17", value=Decimal(17), user=staff)
    with pytest.raises(ServiceError, match="너무 큽니다"):
        evidence_attach(value=v, file_name="big.pdf", content=PDF + b"0" * 200, user=staff)
