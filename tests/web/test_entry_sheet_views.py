"""The entry sheet round trip in the browser's terms: download, fill with openpyxl (as a
spreadsheet program would), upload, preview every change and refusal, confirm — all or
nothing."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from seonggwa.plans.models import Period, Plan
from seonggwa.results.models import IndicatorValue
from seonggwa.results.services import actual_enter

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(sample, django_user_model):
    return {u.username: u for u in django_user_model.objects.all()}


@pytest.fixture
def plan(sample):
    return Plan.objects.get(organisation=sample, year=2026, kind="plan")


@pytest.fixture
def staff(users, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    c = Client()
    c.force_login(users["welfare_staff"])
    return c


def actual(plan: Plan, name: str) -> IndicatorValue:
    return IndicatorValue.objects.get(indicator__plan=plan, indicator__name=name, kind="actual")


def download(c: Client, plan: Plan, period: str = "2026") -> bytes:
    response = c.get(reverse("web:entry-sheet-download", args=[plan.pk]), {"period": period})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    return response.content


def fill(data: bytes, values: dict[str, tuple[object, str | None]]) -> bytes:
    """Type into the 실적 (and 비고) cells of the rows named, as a person would."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["실적입력"]
    header = [c.value for c in ws[3]]
    name_col, actual_col, note_col = (header.index(h) + 1 for h in ("성과지표", "실적", "비고"))
    for row in range(4, ws.max_row + 1):
        name = ws.cell(row, name_col).value
        if name in values:
            text, note = values[name]
            ws.cell(row, actual_col).value = text
            if note is not None:
                ws.cell(row, note_col).value = note
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(c: Client, plan: Plan, data: bytes, name: str = "실적.xlsx", period: str = "2026"):  # type: ignore[no-untyped-def]
    return c.post(
        reverse("web:entry-sheet", args=[plan.pk]) + f"?period={period}",
        {"file": SimpleUploadedFile(name, data)},
    )


def test_the_sheet_holds_the_units_rows_locked_but_for_actual_and_note(staff, plan):
    wb = openpyxl.load_workbook(io.BytesIO(download(staff, plan)))
    ws = wb["실적입력"]
    assert ws.protection.sheet
    header = [c.value for c in ws[3]]
    names = [ws.cell(r, header.index("성과지표") + 1).value for r in range(4, ws.max_row + 1)]
    assert names == [
        "위기가구 발굴 건수 (누계)",
        "복지서비스 이용 만족도",
        "공공 돌봄시설 확충 (누적)",
        "긴급복지 지원 결정 기간",
    ]
    col = {h: header.index(h) + 1 for h in header}
    rows = {ws.cell(r, col["성과지표"]).value: r for r in range(4, ws.max_row + 1)}
    returned = rows["공공 돌봄시설 확충 (누적)"]
    assert ws.cell(returned, col["실적"]).value == 33  # a plain number is a number
    assert not ws.cell(returned, col["실적"]).protection.locked
    assert not ws.cell(returned, col["비고"]).protection.locked
    assert ws.cell(returned, col["성과지표"]).protection.locked
    submitted = rows["위기가구 발굴 건수 (누계)"]
    assert ws.cell(submitted, col["실적"]).value == "230(1,942)"  # the grammar as text
    assert ws.cell(submitted, col["실적"]).protection.locked  # cannot be changed now
    assert "승인" in ws.cell(submitted, col["입력 안내"]).value
    hidden = {
        i
        for dim in ws.column_dimensions.values()
        if dim.hidden
        for i in range(dim.min, dim.max + 1)
    }
    assert hidden == {col[h] for h in ("지표ID", "버전", "받은 실적", "받은 비고")}
    assert wb["정보"].sheet_state == "hidden"


def test_the_sheet_is_for_those_who_enter(users, plan, client):
    url = reverse("web:entry-sheet-download", args=[plan.pk])
    c = Client()
    c.force_login(users["committee"])
    assert c.get(url).status_code == 403
    assert client.get(url).status_code == 302
    assert c.get(reverse("web:entry-sheet", args=[plan.pk])).status_code == 403


def test_round_trip_preview_lists_changes_and_refusals_then_confirm_saves_all(staff, plan):
    before = {
        name: actual(plan, name).version
        for name in ("공공 돌봄시설 확충 (누적)", "긴급복지 지원 결정 기간")
    }
    filled = fill(
        download(staff, plan),
        {
            "공공 돌봄시설 확충 (누적)": (35, "집계표 보완"),  # a number cell
            "긴급복지 지원 결정 기간": ("5.8", None),
            "복지서비스 이용 만족도": ("많이 좋아짐", None),  # unreadable
            "위기가구 발굴 건수 (누계)": ("240(1,952)", None),  # submitted: refused
        },
    )
    response = upload(staff, plan, filled)
    assert response.status_code == 302
    preview_url = response["Location"]
    page = staff.get(preview_url)
    html = page.content.decode()
    assert page.status_code == 200
    for text in ["33", "35", "집계표 보완", "6.2", "5.8"]:  # old -> new
        assert text in html, text
    assert "읽을 수 없는 값입니다" in html and "많이 좋아짐" in html
    assert "제출되어 승인을 기다리고 있습니다" in html and "240(1,952)" in html
    assert "부서장이 반려하면" in html  # how to fix
    digest = html.split('name="digest" value="')[1].split('"')[0]
    # nothing written by the preview
    assert actual(plan, "공공 돌봄시설 확충 (누적)").raw_text == "33"
    done = staff.post(preview_url, {"digest": digest})
    assert done.status_code == 302
    care, deadline = (
        actual(plan, "공공 돌봄시설 확충 (누적)"),
        actual(plan, "긴급복지 지원 결정 기간"),
    )
    assert (care.raw_text, care.note, care.status) == ("35", "집계표 보완", "draft")
    assert care.version == before["공공 돌봄시설 확충 (누적)"] + 1
    assert deadline.raw_text == "5.8"
    assert actual(plan, "위기가구 발굴 건수 (누계)").raw_text == "230(1,942)"
    assert not IndicatorValue.objects.filter(
        indicator__plan=plan, indicator__name="복지서비스 이용 만족도", kind="actual"
    ).exists()
    # the upload is gone once confirmed
    assert staff.get(preview_url).status_code in (302, 404)


def test_a_change_after_the_preview_makes_the_confirm_write_nothing(staff, plan, users):
    filled = fill(
        download(staff, plan),
        {"공공 돌봄시설 확충 (누적)": ("35", None), "긴급복지 지원 결정 기간": ("5.8", None)},
    )
    preview_url = upload(staff, plan, filled)["Location"]
    html = staff.get(preview_url).content.decode()
    digest = html.split('name="digest" value="')[1].split('"')[0]
    deadline = actual(plan, "긴급복지 지원 결정 기간")
    actual_enter(
        indicator=deadline.indicator,
        year=2026,
        raw_text="6.0",
        user=users["welfare_head"],
        expected_version=deadline.version,
    )
    response = staff.post(preview_url, {"digest": digest})
    assert response.status_code == 409
    again = response.content.decode()
    assert "시트를 받은 뒤 다른 사용자가 이 실적을 바꿨습니다" in again
    assert actual(plan, "공공 돌봄시설 확충 (누적)").raw_text == "33"  # all or nothing
    assert actual(plan, "긴급복지 지원 결정 기간").raw_text == "6.0"


def test_a_confirm_that_fails_in_the_middle_writes_nothing(staff, plan, monkeypatch):
    from seonggwa.core.errors import ServiceError
    from seonggwa.importers import entry_load

    filled = fill(
        download(staff, plan),
        {"공공 돌봄시설 확충 (누적)": ("35", None), "긴급복지 지원 결정 기간": ("5.8", None)},
    )
    preview_url = upload(staff, plan, filled)["Location"]
    html = staff.get(preview_url).content.decode()
    digest = html.split('name="digest" value="')[1].split('"')[0]
    real = entry_load.actual_enter
    calls = []

    def second_fails(**kwargs):  # type: ignore[no-untyped-def]
        calls.append(kwargs["raw_text"])
        if len(calls) == 2:
            raise ServiceError("디스크가 가득 찼습니다.")
        return real(**kwargs)

    monkeypatch.setattr(entry_load, "actual_enter", second_fails)
    response = staff.post(preview_url, {"digest": digest})
    assert response.status_code == 400 and "디스크가 가득 찼습니다" in response.content.decode()
    assert len(calls) == 2
    assert actual(plan, "공공 돌봄시설 확충 (누적)").raw_text == "33"  # the first was undone


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "빈.xlsx", "빈 파일"),
        (b"%PDF-1.4 not a sheet", "문서.pdf", "엑셀 통합문서(.xlsx)가 아닙니다"),
    ],
)
def test_a_file_that_is_no_entry_sheet_is_refused_beside_the_field(
    staff, plan, data, name, message
):
    response = upload(staff, plan, data, name=name)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html or "Choose the filled" in html


def test_another_workbook_is_refused(staff, plan):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "아무 표"
    out = io.BytesIO()
    wb.save(out)
    html = upload(staff, plan, out.getvalue()).content.decode()
    assert "seonggwa의 실적 입력 시트가 아닙니다" in html


def test_another_periods_sheet_is_refused(staff, plan, users):
    import datetime

    from seonggwa.plans.services import period_create

    period_create(
        user=users["officer"],
        plan=plan,
        key="2026-Q4",
        opens_on=datetime.date(2026, 10, 1),
        closes_on=datetime.date(2027, 1, 31),
    )
    sheet = download(staff, plan, "2026-Q4")
    html = upload(staff, plan, sheet, period="2026").content.decode()
    assert "2026-Q4 기간의 입력 시트입니다" in html


def test_a_sheet_over_the_size_limit_is_refused(staff, plan, settings):
    sheet = download(staff, plan)
    settings.SEONGGWA_MAX_UPLOAD_BYTES = 1000
    html = upload(staff, plan, sheet).content.decode()
    assert "파일이 너무 큽니다" in html and f"{len(sheet):,}바이트" in html


def test_someone_elses_upload_cannot_be_previewed_or_confirmed(staff, plan, users):
    filled = fill(download(staff, plan), {"긴급복지 지원 결정 기간": ("5.8", None)})
    preview_url = upload(staff, plan, filled)["Location"]
    head = Client()
    head.force_login(users["welfare_head"])
    assert head.get(preview_url).status_code == 404
    assert head.post(preview_url, {"digest": "x"}).status_code == 404
    assert actual(plan, "긴급복지 지원 결정 기간").raw_text == "6.2"


def test_an_untouched_sheet_changes_nothing(staff, plan):
    preview_url = upload(staff, plan, download(staff, plan))["Location"]
    html = staff.get(preview_url).content.decode()
    assert 'name="digest"' not in html  # nothing to confirm
    assert Period.objects.filter(plan=plan).count() == 1
