"""The entry sheet's loading service: each refused cell says where, why and how to fix it;
confirming enters every change in one transaction or none; the stored upload."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.utils import timezone

from seonggwa.core.errors import ConflictError, PermissionDenied
from seonggwa.importers.entry_load import (
    EntrySheetError,
    entry_sheet_apply,
    entry_sheet_discard,
    entry_sheet_preview,
    entry_sheet_read,
    entry_sheet_store,
)
from seonggwa.plans.models import Indicator, Period, Plan
from seonggwa.reports.entry_sheet import entry_sheet_xlsx
from seonggwa.results.models import IndicatorValue
from seonggwa.results.selectors import entry_rows
from seonggwa.results.services import actual_enter

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(sample, django_user_model):
    return {u.username: u for u in django_user_model.objects.all()}


@pytest.fixture
def plan(sample):
    return Plan.objects.get(organisation=sample, year=2026, kind="plan")


@pytest.fixture
def period(plan):
    return Period.objects.get(plan=plan, key="2026")


def download(plan: Plan, period: Period, user) -> bytes:  # type: ignore[no-untyped-def]
    return entry_sheet_xlsx(
        plan=plan,
        period=period,
        rows=entry_rows(plan=plan, user=user, period=period),
        user_label=user.get_username(),
        now=timezone.now(),
    )


def edit(data: bytes, changes: dict[str, dict[str, object]]) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["실적입력"]
    header = [c.value for c in ws[3]]
    for r in range(4, ws.max_row + 1):
        name = ws.cell(r, header.index("성과지표") + 1).value
        for column, value in changes.get(name, {}).items():
            ws.cell(r, header.index(column) + 1).value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_another_units_row_and_a_made_up_row_are_refused(plan, period, people):
    officer_sheet = download(plan, period, people["officer"])  # every unit's rows
    data = edit(
        officer_sheet,
        {
            "초미세먼지 연평균 농도": {"실적": "17"},
            "긴급복지 지원 결정 기간": {"실적": "5.5"},
            "시정 만족도": {"실적": "70"},
        },
    )
    preview = entry_sheet_preview(plan=plan, period=period, user=people["welfare_staff"], data=data)
    reasons = {r.indicator: r.reason for r in preview.refusals}
    assert "내 부서의 지표가 아니라" in reasons["초미세먼지 연평균 농도"]
    assert [c.indicator.name for c in preview.changes] == ["긴급복지 지원 결정 기간"]
    fixes = {r.fix for r in preview.refusals}
    assert any("시트를 새로 받아" in f for f in fixes)


def test_an_unknown_id_a_duplicate_and_a_date_are_refused(plan, period, people):
    staff = people["welfare_staff"]
    data = download(plan, period, staff)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["실적입력"]
    header = [c.value for c in ws[3]]
    col = {h: header.index(h) + 1 for h in header}
    rows = {ws.cell(r, col["성과지표"]).value: r for r in range(4, ws.max_row + 1)}
    ws.cell(rows["긴급복지 지원 결정 기간"], col["실적"]).value = datetime.date(2026, 5, 1)
    ws.cell(rows["복지서비스 이용 만족도"], col["지표ID"]).value = 999999
    ws.cell(rows["복지서비스 이용 만족도"], col["실적"]).value = "80"
    copy = [
        ws.cell(rows["공공 돌봄시설 확충 (누적)"], c).value for c in range(1, ws.max_column + 1)
    ]
    ws.append(copy)
    ws.cell(ws.max_row, col["실적"]).value = 36
    ws.cell(rows["공공 돌봄시설 확충 (누적)"], col["실적"]).value = 35
    out = io.BytesIO()
    wb.save(out)
    preview = entry_sheet_preview(plan=plan, period=period, user=staff, data=out.getvalue())
    reasons = [r.reason for r in preview.refusals]
    assert any("날짜" in r for r in reasons)
    assert any("이 계획의 지표가 아닙니다" in r for r in reasons)
    assert any("두 번" in r for r in reasons)
    assert [c.new_text for c in preview.changes] == ["35"]
    assert {r.row for r in preview.refusals} >= {ws.max_row}  # rows numbered as shown


def test_a_note_alone_is_a_change(plan, period, people):
    staff = people["welfare_staff"]
    data = edit(download(plan, period, staff), {"긴급복지 지원 결정 기간": {"비고": "6월 기준"}})
    preview = entry_sheet_preview(plan=plan, period=period, user=staff, data=data)
    [change] = preview.changes
    assert (change.old_text, change.new_text, change.new_note) == ("6.2", "6.2", "6월 기준")
    saved = entry_sheet_apply(
        plan=plan, period=period, user=staff, data=data, digest=preview.digest
    )
    assert saved[0].note == "6월 기준"


def test_a_stale_row_is_refused_and_a_changed_outcome_writes_nothing(plan, period, people):
    staff = people["welfare_staff"]
    data = edit(
        download(plan, period, staff),
        {"긴급복지 지원 결정 기간": {"실적": "5.5"}, "공공 돌봄시설 확충 (누적)": {"실적": 34}},
    )
    preview = entry_sheet_preview(plan=plan, period=period, user=staff, data=data)
    assert len(preview.changes) == 2
    draft = IndicatorValue.objects.get(
        indicator__plan=plan, indicator__name="긴급복지 지원 결정 기간", kind="actual"
    )
    actual_enter(
        indicator=draft.indicator,
        year=2026,
        raw_text="5.9",
        user=people["welfare_head"],
        expected_version=draft.version,
    )
    with pytest.raises(ConflictError):
        entry_sheet_apply(plan=plan, period=period, user=staff, data=data, digest=preview.digest)
    again = entry_sheet_preview(plan=plan, period=period, user=staff, data=data)
    [stale] = again.refusals
    assert "받은 버전" in stale.reason and "5.9" in stale.reason
    assert (
        IndicatorValue.objects.get(
            indicator__plan=plan, indicator__name="공공 돌봄시설 확충 (누적)", kind="actual"
        ).raw_text
        == "33"
    )


def test_the_file_must_be_this_plans(plan, period, people, sample):
    staff = people["welfare_staff"]
    other = Plan.objects.get(organisation=sample, year=2025, kind="plan")
    with pytest.raises(EntrySheetError, match="다른 계획"):
        entry_sheet_preview(
            plan=other,
            period=other.periods.get(),
            user=staff,
            data=download(plan, period, staff),
        )


def test_only_those_who_enter_may_load_a_sheet(plan, period, people):
    data = download(plan, period, people["welfare_staff"])
    with pytest.raises(PermissionDenied):
        entry_sheet_preview(plan=plan, period=period, user=people["committee"], data=data)


def test_the_stored_upload_is_read_back_by_its_hash_and_removed(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    sha = entry_sheet_store(data=b"PK\x03\x04 sheet")
    assert entry_sheet_read(sha256=sha) == b"PK\x03\x04 sheet"
    entry_sheet_discard(sha256=sha)
    with pytest.raises(EntrySheetError, match="찾을 수 없습니다"):
        entry_sheet_read(sha256=sha)
    with pytest.raises(EntrySheetError):
        entry_sheet_read(sha256="../../etc/passwd")


def test_uploads_older_than_a_day_are_removed(settings, tmp_path):
    import os

    settings.VAR_DIR = tmp_path
    old = entry_sheet_store(data=b"old")
    path = tmp_path / "entry-sheets" / f"{old}.xlsx"
    day_ago = path.stat().st_mtime - 2 * 86400
    os.utime(path, (day_ago, day_ago))
    entry_sheet_store(data=b"new")
    assert not path.exists()


def test_an_indicator_of_the_plan_is_what_the_preview_enters(plan, period, people):
    staff = people["welfare_staff"]
    data = edit(download(plan, period, staff), {"복지서비스 이용 만족도": {"실적": "81.5"}})
    preview = entry_sheet_preview(plan=plan, period=period, user=staff, data=data)
    [change] = preview.changes
    assert change.value is None and change.expected_version is None
    [saved] = entry_sheet_apply(
        plan=plan, period=period, user=staff, data=data, digest=preview.digest
    )
    assert saved.indicator == Indicator.objects.get(plan=plan, name="복지서비스 이용 만족도")
    assert (saved.raw_text, saved.status, saved.entered_by) == ("81.5", "draft", staff)
