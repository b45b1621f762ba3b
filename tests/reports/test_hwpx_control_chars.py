"""An ESC or VT stored in a name (from before text was cleaned at the boundary, or written
around it) no longer breaks the HWPX report: characters XML 1.0 forbids are left out."""

from __future__ import annotations

from decimal import Decimal

import pytest

from seonggwa.reports.hwpx import hwpx_validate, report_hwpx
from seonggwa.reports.model import CellKind, Column, HeaderCell, Report, Row, Table, TableCell

HOSTILE = ["가\x1b나", "다\x0b라", "마\x00바", "사\x7f아", "자\ufffe차"]


def _report() -> Report:
    cols = [Column("name", "지표\x1b명"), Column("value", "값", CellKind.INT)]
    rows = [
        Row([TableCell(t, t), TableCell(Decimal(i), str(i), CellKind.INT)])
        for i, t in enumerate(HOSTILE)
    ]
    header = [[HeaderCell("지표\x1b명", 0), HeaderCell("값", 1)]]
    table = Table("t", "표\x1b제목", "(단위:\x0b개)", cols, header, rows, footnotes=["주\x1b"])
    table.heading = "머리\x1b"
    return Report("plan", "보고서\x1b", "부제\x0b", "기관", 2026, tables=[table])


def _texts(data: bytes) -> str:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "".join(
            z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("Contents/section")
        )


def test_the_writer_leaves_out_what_xml_forbids_and_keeps_the_rest():
    data = report_hwpx(_report(), charts=False)
    assert hwpx_validate(data) == []
    body = _texts(data)
    for text in ("가나", "다라", "마바", "자차", "표제목", "보고서", "머리", "지표명"):
        assert text in body
    assert "\x1b" not in body and "\x0b" not in body


@pytest.mark.django_db
def test_the_hwpx_download_of_a_plan_with_an_esc_in_a_name_is_not_a_server_error(
    sample, admin_client
):
    from django.urls import reverse

    from seonggwa.plans.models import Indicator, Plan

    plan = Plan.objects.filter(organisation=sample, kind="plan").order_by("-year").first()
    first, second = Indicator.objects.filter(plan=plan).order_by("pk")[:2]
    Indicator.objects.filter(pk=first.pk).update(name="이스케이프\x1b지표")
    Indicator.objects.filter(pk=second.pk).update(name="세로탭\x0b지표")
    response = admin_client.get(reverse("web:report-download", args=[plan.pk, "plan", "hwpx"]))
    assert response.status_code == 200
    data = response.content
    assert hwpx_validate(data) == []
    body = _texts(data)
    assert "이스케이프지표" in body and "세로탭지표" in body
