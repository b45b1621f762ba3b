"""Golden test on seed 000 imported: the 총괄 reproduces the seed's own table (000:12-57)."""

import io
import shutil
import subprocess

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

load = pytest.importorskip("seonggwa.importers.load")


def seed_summary_rows(seed_text) -> list[list[str]]:
    lines = seed_text("000").split("\n")
    rows = [line.split("\t")[:8] for line in lines[11:57]]  # 000:12-57
    return [r for r in rows if len(r) == 8 and r[1].isdigit()]  # without the repeated header


def number(text: str) -> int:
    return int(text.replace(",", ""))


@pytest.fixture
def seed_report(seed_text):
    from seonggwa.reports.build import report_build

    result = load.document_import(
        organisation_name="서울특별시",
        year=2021,
        path_or_text=seed_text("000").encode(),
        source_name="000.txt",
    )
    plan = getattr(result, "plan", result)
    return report_build(plan, "plan")


def test_seed000_summary_has_the_seeds_41_unit_rows_and_numbers(seed_report, seed_text):
    expected = seed_summary_rows(seed_text)
    assert len(expected) == 42 and expected[0][0] == "계"
    table = seed_report.tables[0]
    got = [[r.cells[0].text, *(r.cells[i].value for i in range(1, 8))] for r in table.rows]
    assert got == [[row[0], *(number(c) for c in row[1:])] for row in expected]


def test_seed000_xlsx_and_pdf_show_the_same_rows(seed_report, seed_text, tmp_path):
    from python_calamine import CalamineWorkbook

    from seonggwa.reports.pdf import report_pdf
    from seonggwa.reports.xlsx import report_xlsx

    expected = seed_summary_rows(seed_text)
    book = CalamineWorkbook.from_filelike(io.BytesIO(report_xlsx(seed_report, charts=False)))
    grid = [row for row in book.get_sheet_by_index(0).to_python()[7:] if row and row[0]][
        : len(expected)
    ]
    assert [[row[0], *(int(v) for v in row[1:8])] for row in grid] == [
        [r[0], *(number(c) for c in r[1:])] for r in expected
    ]
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    path = tmp_path / "seed000.pdf"
    path.write_bytes(report_pdf(seed_report, charts=False))
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = {" ".join(line.split()) for line in text.splitlines()}
    for row in expected:
        assert " ".join(row) in lines, row
