"""The sustainability report says where the plan's year sits in its cycle and where the
committee's review stands (status, date, committee, resolution), in the report model and in
every format it is written in."""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from seonggwa.frameworks.services import sustainability_review_save
from seonggwa.importers.sustainability.load import sustainability_import
from seonggwa.reports.build import report_build
from seonggwa.reports.render import report_render

SEED = Path(__file__).parents[1] / "fixtures" / "seeds" / "003_80f337656145150c.txt"
pytestmark = [pytest.mark.django_db, pytest.mark.slow]
CYCLE = "2019–2020 주기 중 1년차"
REVIEW = "위원회 검토: 검토 완료(2019-12-10, 모니터링 분과위원회)"


@pytest.fixture
def imported(people, sample):  # type: ignore[no-untyped-def]
    return sustainability_import(
        user=people["officer"], organisation_name=sample.name, year=2019, path_or_text=SEED
    )


def test_before_a_review_the_notes_say_not_reviewed_and_the_cycle(imported) -> None:  # type: ignore[no-untyped-def]
    report = report_build(imported.plan, "sustainability")
    notes = " ".join(report.footnotes)
    assert "평가 주기: 2년마다" in notes and CYCLE in notes and "다음 평가 2021년" in notes
    assert "위원회 검토: 검토 전(검토: 지속가능발전위원회)." in report.footnotes


def test_without_a_first_year_the_note_says_the_position_is_unknown(imported) -> None:  # type: ignore[no-untyped-def]
    imported.framework.__class__.objects.filter(pk=imported.framework.pk).update(
        cycle_start_year=None
    )
    notes = " ".join(report_build(imported.plan, "sustainability").footnotes)
    assert "주기 중 위치를 알 수 없습니다" in notes and "년차" not in notes


def _texts(data: bytes, fmt: str) -> str:
    if fmt in ("html",):
        return data.decode("utf-8")
    if fmt == "xlsx":
        book = load_workbook(io.BytesIO(data), read_only=True)
        return " ".join(
            str(c)
            for ws in book.worksheets
            for row in ws.iter_rows(values_only=True)
            for c in row
            if c is not None
        )
    if fmt in ("hwpx", "csv"):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    out = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode("utf-8")
    return " ".join(out.split())


def test_a_recorded_review_prints_its_status_date_and_resolution_in_every_format(
    imported, people
) -> None:  # type: ignore[no-untyped-def]
    sustainability_review_save(
        user=people["committee"],
        framework=imported.framework,
        status="completed",
        reviewed_on=datetime.date(2019, 12, 10),
        committee="모니터링 분과위원회",
        comments="이행계획 평가 결과를 원안대로 의결",
    )
    report = report_build(imported.plan, "sustainability")
    line = next(n for n in report.footnotes if n.startswith("위원회 검토"))
    assert line == f"{REVIEW}. 의결 내용: 이행계획 평가 결과를 원안대로 의결"
    assert shutil.which("pdftotext") is not None
    for fmt in ("xlsx", "pdf", "hwpx", "html", "csv"):
        text = _texts(report_render(report, fmt), fmt)
        assert REVIEW in text, fmt
        assert CYCLE in text, fmt
