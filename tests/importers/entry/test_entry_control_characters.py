"""The entry sheet upload refuses a row whose 실적 or 비고 holds a control character (saying
the row, the column and the position); the other rows still go through."""

from __future__ import annotations

import pytest

from seonggwa.importers.entry_load import entry_sheet_preview

from .test_entry_load import download, edit, people, period, plan  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_row_with_an_esc_in_its_note_or_actual_is_refused_and_the_others_go_through(
    plan,  # noqa: F811
    period,  # noqa: F811
    people,  # noqa: F811
):
    staff = people["welfare_staff"]
    # "_x001B_" is how a spreadsheet stores an ESC in the file (openpyxl will not write one)
    data = edit(
        download(plan, period, staff),
        {
            "긴급복지 지원 결정 기간": {"비고": "6월_x001B_기준"},
            "복지서비스 이용 만족도": {"실적": "8_x000B_0"},
            "공공 돌봄시설 확충 (누적)": {"실적": "35"},
        },
    )
    preview = entry_sheet_preview(plan=plan, period=period, user=staff, data=data)
    refused = {r.indicator: (r.column, r.reason) for r in preview.refusals}
    assert refused["긴급복지 지원 결정 기간"] == (
        "비고",
        "3번째 글자에 제어 문자 U+001B (ESC)가 있습니다.",
    )
    assert refused["복지서비스 이용 만족도"] == (
        "실적",
        "2번째 글자에 제어 문자 U+000B (VT)가 있습니다.",
    )
    assert [c.new_text for c in preview.changes] == ["35"]
