"""Each format shows the same figures as the report model."""

import io
import shutil
import subprocess
import zipfile

import pytest

from seonggwa.reports.csv import BOM, report_csv_files, report_csv_zip
from seonggwa.reports.hwpx import hwpx_validate, report_hwpx
from seonggwa.reports.model import CellKind, Row, TableCell
from seonggwa.reports.pdf import report_pdf
from seonggwa.reports.xlsx import display_width, report_xlsx

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils not installed"
)


def test_xlsx_reread_gives_the_same_values_and_cached_formula_results(build):
    from python_calamine import CalamineWorkbook

    report = build("plan", 2026, "plan")
    data = report_xlsx(report, charts=False)
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    assert book.sheet_names[:2] == ["가. 총괄", "나. 성과계획 및 자원비중"]
    grid = book.get_sheet_by_index(0).to_python()
    body = {row[0]: row[1:] for row in grid[7:] if row and row[0]}
    summary = report.tables[0]
    for r in summary.rows:
        assert [int(v) for v in body[r.cells[0].text][:7]] == [c.value for c in r.cells[1:]]
    assert body["계"][4] == 85_970  # a formula: calamine reads the cached value


def test_xlsx_totals_are_formulas_with_cached_values_and_text_is_never_a_formula(build):
    from openpyxl import load_workbook

    report = build("report", 2025, "plan")
    report.tables[1].rows[0].cells[2] = TableCell(
        '=HYPERLINK("http://x")', '=HYPERLINK("http://x")', CellKind.TEXT
    )
    report.tables[1].rows.append(
        Row([TableCell(t, t) for t in ("+1", "-2", "@SUM(A1)", "", "", "")])
    )
    data = report_xlsx(report, charts=False)
    formulas = load_workbook(io.BytesIO(data))
    values = load_workbook(io.BytesIO(data), data_only=True)
    ws, wv = formulas["가. 총괄"], values["가. 총괄"]
    total_row = next(r for r in range(1, 20) if ws.cell(r, 1).value == "계")
    assert ws.cell(total_row, 8).value.startswith("=SUM(H")
    assert wv.cell(total_row, 8).value == 93_418_310_000
    assert ws.cell(total_row + 1, 10).value == f"=H{total_row + 1}-I{total_row + 1}"
    assert wv.cell(total_row + 1, 10).value == 62_700_000
    assert ws.freeze_panes is not None and ws.print_title_rows is not None
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    detail = formulas["나. 성과목표 및 재원비중"]
    texts = [c.value for row in detail.iter_rows() for c in row if isinstance(c.value, str)]
    assert '=HYPERLINK("http://x")' in texts and "+1" in texts and "@SUM(A1)" in texts
    cell = next(c for row in detail.iter_rows() for c in row if c.value == '=HYPERLINK("http://x")')
    assert cell.data_type == "s"  # a string, not a formula
    share = next(
        c
        for row in detail.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("=ROUND(")
    )
    assert values["나. 성과목표 및 재원비중"][share.coordinate].value == 1.61


def test_column_widths_count_hangul_as_two():
    assert display_width("실국명") == 6 and display_width("abc") == 3


@needs_poppler
def test_pdf_text_fonts_and_tagging(build, tmp_path):
    report = build("report", 2025, "plan")
    path = tmp_path / "r.pdf"
    path.write_bytes(report_pdf(report))
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    for s in [
        "가. 총괄",
        "기획조정실",
        "환경녹지국",
        "93,418,310,000",
        "1,501,120,000",
        "초과달성(130% 이상)",
        "57.88",
    ]:
        assert s in text, s
    fonts = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout
    font_rows = fonts.splitlines()[2:]
    assert font_rows and all(" yes " in row for row in font_rows)  # every font embedded
    assert any("Nanum" in row or "Noto" in row for row in font_rows)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info
    assert "Page size:       841.89 x 595.276 pts (A4)" in info  # landscape


@needs_poppler
def test_pdf_repeats_the_header_rows_and_numbers_every_page(build, tmp_path):
    report = build("report", 2025, "plan")
    report.tables = [report.tables[0]]
    report.tables[0].rows = report.tables[0].rows * 20  # long enough for several pages
    path = tmp_path / "long.pdf"
    path.write_bytes(report_pdf(report, charts=False))
    out = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = [p for p in out.split("\f") if p.strip()]
    assert len(pages) >= 3
    for i, page in enumerate(pages, start=1):
        assert "성과달성도" in page and "전년도 결산액" in page, i  # the 3 header rows again
        assert f"{i}/{len(pages)}" in page.replace(" ", ""), i


def test_hwpx_passes_schema_validation_and_holds_the_same_text(build):
    from hwpx.document import HwpxDocument

    report = build("report", 2025, "plan")
    data = report_hwpx(report)
    assert hwpx_validate(data) == []
    doc = HwpxDocument.open(io.BytesIO(data))
    text = doc.text.plain()
    for s in [
        "가. 총괄",
        "나. 성과목표 및 재원비중",
        "기획조정실",
        "93,418,310,000",
        "◎",
        "57.88",
        "초과달성(130% 이상)",
    ]:
        assert s in text, s
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        section = z.read("Contents/section0.xml").decode()
        assert 'repeatHeader="1"' in section and 'landscape="NARROWLY"' in section
        assert any(n.startswith("BinData/") for n in z.namelist())  # the charts


def test_hwpx_right_aligns_numbers_and_numbers_pages_with_a_field(build):
    import re

    data = report_hwpx(build("report", 2025, "plan"), charts=False)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        section = z.read("Contents/section0.xml").decode()
        header = z.read("Contents/header.xml").decode()
    aligns = {
        m.group(1): re.search(r'<hh:align horizontal="(\w+)"', m.group(0)).group(1)  # type: ignore[union-attr]
        for m in re.finditer(r'<hh:paraPr\b[^>]*\bid="(\d+)".*?</hh:paraPr>', header, re.S)
    }

    def alignment_of(text: str) -> str:
        para = re.findall(
            r'<hp:p paraPrIDRef="(\d+)"[^>]*><hp:run[^>]*><hp:t>([^<]*)</hp:t>', section
        )
        return next(aligns[pid] for pid, t in para if t == text)

    assert alignment_of("93,418,310,000") == "RIGHT"  # money
    assert alignment_of("57.88") == "RIGHT"  # a share
    assert alignment_of("◎") == "CENTER"  # a mark
    assert alignment_of("성과달성도") == "CENTER"  # a header cell
    assert alignment_of("기획조정실") not in ("RIGHT", "CENTER")  # text keeps the default
    footer = section[section.index("<hp:footer") : section.index("</hp:footer>")]
    assert 'numType="PAGE"' in footer and 'numType="TOTAL_PAGE"' in footer  # "n/N" as fields


def test_csv_has_bom_one_file_per_table_and_plain_numbers(build):
    report = build("plan", 2026, "plan")
    files = report_csv_files(report)
    assert list(files) == ["01_plan_summary.csv", "02_plan_detail.csv", "03_findings.csv"]
    summary = files["01_plan_summary.csv"].decode("utf-8")
    assert summary.startswith(BOM)
    lines = summary[1:].splitlines()
    assert (
        lines[0]
        == "실국명,전략목표수,정책사업목표 개수,지표수,단위사업수,예산액,전년도예산액,비교증감"
    )
    assert lines[1] == "계,6,7,12,6,85970,82830,3140"
    with zipfile.ZipFile(io.BytesIO(report_csv_zip(report))) as z:
        assert sorted(z.namelist()) == sorted(files)


def test_card_trends_are_svg_in_the_pdf_and_one_year_gives_no_chart(build):
    from xml.etree import ElementTree

    from seonggwa.reports.charts import chart_svg

    report = build("indicator-cards", 2025, "plan")
    trends = [c for c in report.charts if c.key.startswith("trend_")]
    assert trends and all(
        sum(1 for i in range(len(c.categories)) if any(s.values[i] is not None for s in c.series))
        >= 2
        for c in trends
    )
    svg = chart_svg(trends[0])
    root = ElementTree.fromstring(svg)  # well-formed
    assert root.tag.endswith("svg") and trends[0].title in svg
    assert report_pdf(report).startswith(b"%PDF")


@needs_poppler
def test_the_reports_own_notes_are_in_every_document_format(build, tmp_path):
    """Report.footnotes (e.g. the consignment overview) under the subtitle in HTML, PDF and
    HWPX, under the first table in xlsx (as text, never a formula)."""
    from hwpx.document import HwpxDocument
    from openpyxl import load_workbook

    from seonggwa.reports.html import report_html_document

    report = build("plan", 2026, "plan")
    notes = ["○ 대 상 : 총 44개 사무", "=1+1 평가점수 60점 미만 재계약 배제"]
    report.footnotes = list(notes)

    html = report_html_document(report)
    assert all(n in html for n in notes)
    assert html.index(notes[0]) < html.index(report.tables[0].title)

    text = HwpxDocument.open(io.BytesIO(report_hwpx(report, charts=False))).text.plain()
    assert all(n in text for n in notes)
    assert text.index(notes[0]) < text.index(report.tables[0].title)

    path = tmp_path / "r.pdf"
    path.write_bytes(report_pdf(report))
    pdf = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "총 44개 사무" in pdf and "60점 미만 재계약 배제" in pdf

    book = load_workbook(io.BytesIO(report_xlsx(report, charts=False)))
    first, second = book.worksheets[0], book.worksheets[1]
    cells = [c.value for row in first.iter_rows() for c in row if isinstance(c.value, str)]
    assert notes[0] in cells and notes[1] in cells  # text: stored as written, not a formula
    assert first.cell(*_find(first, notes[1])).data_type == "s"
    assert notes[0] not in [c.value for row in second.iter_rows() for c in row]


def _find(ws, value):
    return next((c.row, c.column) for row in ws.iter_rows() for c in row if c.value == value)
