"""The entry rules underneath the grid and the sheet: an actual is never blank or unreadable,
a submitted one waits for its review, evidence content is checked beyond its name, the grid's
rows carry last year's actual, and the backlog my work shows."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest

from seonggwa.core.errors import ServiceError
from seonggwa.plans.models import Indicator, Period, Plan
from seonggwa.plans.services import period_window_set
from seonggwa.policy import enters_for_plan
from seonggwa.results.models import Evidence
from seonggwa.results.selectors import entry_backlog, entry_plans, entry_rows, evidence_by_value
from seonggwa.results.services import actual_enter, actual_submit, evidence_attach, reading_refusal

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(sample, django_user_model):
    return {u.username: u for u in django_user_model.objects.all()}


@pytest.fixture
def plan(sample):
    return Plan.objects.get(organisation=sample, year=2026, kind="plan")


@pytest.fixture
def satisfaction(plan):
    return Indicator.objects.get(plan=plan, name="복지서비스 이용 만족도")


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("230(1,942)", False),
        ("△1.2", False),
        ("기준점", False),
        ("-", False),
        ("12.5%", False),
        ("우수", False),
        ("", True),
        ("   ", True),
        ("많음", True),
        ("1,2,3", True),
    ],
)
def test_what_an_actual_may_say(text, refused):
    assert (reading_refusal(text) is not None) is refused


def test_a_blank_or_unreadable_actual_is_refused_and_nothing_stored(satisfaction, people):
    for text, message in (("", "입력하세요"), ("대략 80", "읽을 수 없는")):
        with pytest.raises(ServiceError, match=message):
            actual_enter(
                indicator=satisfaction, year=2026, raw_text=text, user=people["welfare_staff"]
            )
    assert not satisfaction.values.filter(kind="actual").exists()


def test_explicit_numbers_bypass_the_reading_as_importers_do(satisfaction, people):
    from decimal import Decimal

    v = actual_enter(
        indicator=satisfaction,
        year=2026,
        raw_text="설문 결과 보고서 참조",
        value=Decimal("80.1"),
        user=people["officer"],
    )
    assert v.value == Decimal("80.1")


def test_a_submitted_actual_waits_for_its_review(satisfaction, people):
    staff = people["welfare_staff"]
    v = actual_enter(indicator=satisfaction, year=2026, raw_text="80", user=staff)
    v = actual_submit(value=v, expected_version=v.version, user=staff)
    for who in (staff, people["officer"]):
        with pytest.raises(ServiceError, match="제출되어 승인을 기다리는"):
            actual_enter(
                indicator=satisfaction,
                year=2026,
                raw_text="81",
                user=who,
                expected_version=v.version,
            )


PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "ok"),
    [
        ("표.xlsx", _zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<w/>"}), True),
        ("표.xlsx", _zip({"word/document.xml": b"<d/>"}), False),  # a docx named xlsx
        ("문서.docx", _zip({"word/document.xml": b"<d/>"}), True),
        ("문서.hwpx", _zip({"mimetype": b"application/hwp+zip"}), True),
        ("문서.hwpx", b"PK\x03\x04 broken", False),
        ("집계.csv", "구분,건수\n발굴,230\n".encode(), True),
        ("집계.csv", "구분,건수\n발굴,230\n".encode("cp949"), True),
        ("집계.csv", b"\x00\x01\x02binary", False),
        ("메모.txt", b"\xff\xfe\xfd not text", False),
    ],
)
def test_evidence_content_must_be_what_its_name_says(
    satisfaction, people, settings, tmp_path, name, content, ok
):
    settings.MEDIA_ROOT = tmp_path
    staff = people["welfare_staff"]
    v = actual_enter(indicator=satisfaction, year=2026, raw_text="80", user=staff)
    if ok:
        assert evidence_attach(value=v, file_name=name, content=content, user=staff).size == len(
            content
        )
    else:
        with pytest.raises(ServiceError, match=name):
            evidence_attach(value=v, file_name=name, content=content, user=staff)


def test_the_whole_size_counts_when_only_the_start_was_read(
    satisfaction, people, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.SEONGGWA_MAX_UPLOAD_BYTES = 100
    staff = people["welfare_staff"]
    v = actual_enter(indicator=satisfaction, year=2026, raw_text="80", user=staff)
    with pytest.raises(ServiceError, match="5,000,000바이트"):
        evidence_attach(value=v, file_name="a.pdf", content=PDF[:101], size=5_000_000, user=staff)
    assert not Evidence.objects.filter(value=v).exists()


def test_entry_rows_carry_last_years_actual(plan, people):
    rows = {r.indicator.name: r for r in entry_rows(plan=plan, user=people["welfare_staff"])}
    care = rows["공공 돌봄시설 확충 (누적)"].previous_actual
    assert care is not None and care.raw_text == "31" and care.year == 2025
    assert rows["긴급복지 지원 결정 기간"].previous_actual is None  # no previous indicator
    one = entry_rows(
        plan=plan,
        user=people["welfare_staff"],
        indicator_ids={rows["긴급복지 지원 결정 기간"].indicator.pk},
    )
    assert [r.indicator.name for r in one] == ["긴급복지 지원 결정 기간"]


def test_evidence_by_value_groups_the_files(satisfaction, people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    staff = people["welfare_staff"]
    v = actual_enter(indicator=satisfaction, year=2026, raw_text="80", user=staff)
    evidence_attach(value=v, file_name="a.pdf", content=PDF, user=staff)
    evidence_attach(value=v, file_name="b.pdf", content=PDF, user=staff)
    grouped = evidence_by_value(value_ids={v.pk})
    assert [e.original_name for e in grouped[v.pk]] == ["a.pdf", "b.pdf"]


def test_the_backlog_is_the_open_windows_waiting_actuals(plan, people):
    [entry] = entry_backlog(user=people["welfare_staff"])
    assert entry.plan == plan and entry.status.unit.name == "복지정책국"
    assert entry.status.waiting == 3 and not entry.overdue
    period = Period.objects.get(plan=plan, key="2026")
    period_window_set(
        user=people["officer"],
        period=period,
        opens_on=datetime.date(2026, 1, 1),
        closes_on=datetime.date(2026, 1, 31),
        expected_version=period.version,
    )
    [late] = entry_backlog(user=people["welfare_staff"], today=datetime.date(2026, 3, 1))
    assert late.overdue
    assert entry_backlog(user=people["welfare_staff"], today=datetime.date(2025, 12, 1)) == []
    assert entry_backlog(user=people["committee"]) == []


def test_who_enters_for_a_plan_and_which_plans_they_are(plan, people, sample):
    assert enters_for_plan(people["welfare_staff"], plan)
    assert enters_for_plan(people["officer"], plan)
    assert not enters_for_plan(people["committee"], plan)
    assert entry_plans(user=people["welfare_staff"]) == [plan]  # not the BSC: no indicator
    assert plan in entry_plans(user=people["officer"])
    assert entry_plans(user=people["committee"]) == []
