"""The entry sheet writer: a protected sheet whose only unlocked cells are the actual and
note of rows that may change, numbers as numbers, and text that never becomes a formula."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.utils import timezone

from seonggwa.importers.entry_sheet import sheet_parse
from seonggwa.plans.models import Indicator, Period, Plan
from seonggwa.reports.entry_sheet import entry_sheet_name, entry_sheet_xlsx
from seonggwa.results.selectors import entry_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(sample):
    return Plan.objects.get(organisation=sample, year=2026, kind="plan")


def written(plan: Plan, user) -> bytes:  # type: ignore[no-untyped-def]
    period = Period.objects.get(plan=plan, key="2026")
    return entry_sheet_xlsx(
        plan=plan,
        period=period,
        rows=entry_rows(plan=plan, user=user, period=period),
        user_label=user.get_username(),
        now=timezone.make_aware(datetime.datetime(2026, 12, 1, 9, 0)),
    )


def test_text_that_looks_like_a_formula_stays_text(plan, django_user_model):
    officer = django_user_model.objects.get(username="officer")
    Indicator.objects.filter(plan=plan, name="긴급복지 지원 결정 기간").update(
        name='=HYPERLINK("http://evil","클릭")'
    )
    data = written(plan, officer)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["실적입력"]
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    evil = next(c for c in cells if "HYPERLINK" in c.value)
    assert evil.data_type == "s" and evil.quotePrefix
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)


def test_what_is_written_is_read_back_unchanged(plan, django_user_model):
    staff = django_user_model.objects.get(username="welfare_staff")
    parsed = sheet_parse(written(plan, staff), max_bytes=10**7)
    assert parsed.info.plan_id == plan.pk and parsed.info.period == "2026"
    assert all(r.actual == r.original or r.actual == "" for r in parsed.rows)
    assert [r.actual for r in parsed.rows] == ["230(1,942)", "", "33", "6.2"]


def test_decimals_keep_their_places_as_a_number_format(plan, django_user_model):
    from seonggwa.results.models import IndicatorValue

    IndicatorValue.objects.filter(indicator__name="긴급복지 지원 결정 기간", kind="actual").update(
        raw_text="6.20"
    )
    ws = openpyxl.load_workbook(
        io.BytesIO(written(plan, django_user_model.objects.get(username="welfare_staff")))
    )["실적입력"]
    cell = next(c for row in ws.iter_rows(min_row=4) for c in row if c.value == 6.2)
    assert cell.number_format == "#,##0.00"


def test_the_file_name_says_plan_and_period(plan):
    assert entry_sheet_name(plan, Period.objects.get(plan=plan, key="2026")) == (
        "2026_성과계획서_2026_실적입력.xlsx"
    )
