"""importers.files.pdf: a published PDF read into rows of cells, and the PDFs seonggwa writes
(성과계획서, 성과보고서, BSC sheets) imported back to the same plan and summary (issue 13,
items 1 and 6)."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from seonggwa.core.limits import Limits
from seonggwa.importers.detect import TEXT_FORMATS, detect_format
from seonggwa.importers.files.cells import CellDocument, FileFormatError
from seonggwa.importers.files.pdf import read_pdf
from seonggwa.importers.records import DocumentFormat, ParsedDocument
from seonggwa.importers.tables import PlanTables, tables_from_document

LIMITS = Limits()


def _html_pdf(body: str) -> bytes:
    from weasyprint import HTML

    css = '<style>html { font-family: "NanumGothic", "Noto Sans CJK KR", sans-serif; }</style>'
    pdf: bytes = HTML(string=f"<html><head>{css}</head><body>{body}</body></html>").write_pdf()
    return pdf


def _parse(text: str, source: str) -> tuple[DocumentFormat, ParsedDocument]:
    fmt = detect_format(text, source=source).format
    return fmt, TEXT_FORMATS[fmt][0].parse(text, source=source)


# --- refusals ---------------------------------------------------------------------------------


def test_a_scanned_pdf_is_refused_saying_to_import_the_hwpx_or_text() -> None:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (800, 400), "white")
    ImageDraw.Draw(image).rectangle((40, 40, 760, 360), outline="black", width=3)
    buffer = io.BytesIO()
    image.save(buffer, format="PDF", resolution=100)
    with pytest.raises(FileFormatError) as caught:
        read_pdf(name="스캔본.pdf", data=buffer.getvalue(), limits=LIMITS)
    message = str(caught.value)
    assert message.startswith("스캔본.pdf: ")
    assert "스캔" in message and "OCR" in message and "HWPX" in message


def test_a_damaged_pdf_is_refused_naming_the_file() -> None:
    data = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ngarbage\x00\xff" * 3
    with pytest.raises(FileFormatError) as caught:
        read_pdf(name="깨진.pdf", data=data, limits=LIMITS)
    assert str(caught.value).startswith("깨진.pdf: PDF를 읽을 수 없습니다")


def _encrypted_pdf() -> bytes:
    """A one-page PDF locked with a password (the standard security handler, revision 2)
    that is not the empty one."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <"
        + b"11" * 32
        + b"> /U <"
        + b"22" * 32
        + b"> /P -4 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<%s> <%s>] >>\n" % (
        len(objects) + 1,
        b"ab" * 16,
        b"ab" * 16,
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def test_an_encrypted_pdf_is_refused_naming_the_file() -> None:
    with pytest.raises(FileFormatError) as caught:
        read_pdf(name="잠긴.pdf", data=_encrypted_pdf(), limits=LIMITS)
    assert str(caught.value).startswith("잠긴.pdf: 암호가 걸린 PDF")


def test_a_truncated_pdf_is_refused_naming_the_file() -> None:
    whole = _html_pdf("<h1>3. 성과계획 총괄표</h1>")
    with pytest.raises(FileFormatError, match=r"^반쪽\.pdf: "):
        read_pdf(name="반쪽.pdf", data=whole[: len(whole) // 3], limits=LIMITS)


# --- tables, paragraphs, headers and footers --------------------------------------------------

_TABLE = """
<h2>가. 총괄</h2>
<p>(단위:개, 백만원)</p>
<style>td, th { border: 0.5pt solid black; padding: 1mm; white-space: WS }</style>
<table style="border-collapse: collapse; width: 60%; table-layout: fixed">
<col style="width: 2.6em"><col><col>
<tr><th rowspan="2">실국명</th><th colspan="2">성과계획</th></tr>
<tr><th>전략목표수</th><th>지표수</th></tr>
<tr><td>계</td><td>2</td><td>5</td></tr>
<tr><td>대변인 본부</td><td>1</td><td>2</td></tr>
<tr><td>시민소통기획관</td><td>1</td><td>3</td></tr>
</table>
<p>※ 각주</p>
"""


def test_ruled_tables_and_paragraphs_in_reading_order() -> None:
    """A PDF that keeps the space where a line breaks between words (seonggwa's own,
    ``white-space: pre-wrap``): a word broken inside its cell is joined back as one."""
    doc = read_pdf(name="t.pdf", data=_html_pdf(_TABLE.replace("WS", "pre-wrap")), limits=LIMITS)
    assert doc.format == "pdf" and doc.pages == 1
    assert doc.lines() == [
        "가. 총괄",
        "(단위:개, 백만원)",
        "실국명\t성과계획\t",  # the merged header cell: text in its first cell, the rest empty
        "\t전략목표수\t지표수",
        "계\t2\t5",
        "대변인 본부\t1\t2",  # printed on two lines (a break between words)
        "시민소통기획관\t1\t3",  # printed on three lines (a word broken inside)
        "",
        "※ 각주",
    ]
    assert doc.where(7) == "1쪽 표 1 5행"
    assert doc.where(1) == "1쪽" and doc.where(8) == ""


def test_without_the_spaces_at_line_ends_every_break_is_a_space() -> None:
    """A PDF that drops the space at a line break (most do): a cell's lines are joined with
    a space, as text extractions join them."""
    doc = read_pdf(name="t.pdf", data=_html_pdf(_TABLE.replace("WS", "normal")), limits=LIMITS)
    name = doc.lines()[6].split("\t")[0]
    assert name != "시민소통기획관" and name.replace(" ", "") == "시민소통기획관"


def test_page_numbers_and_running_headers_are_dropped() -> None:
    css = (
        "<style>@page { size: A5; @top-center { content: '한빛시 성과계획서' }"
        " @bottom-center { content: counter(page) ' / ' counter(pages) } }</style>"
    )
    body = css + "".join(f'<p style="break-after: page">{n}. 본문 {n}쪽</p>' for n in range(1, 5))
    doc = read_pdf(name="p.pdf", data=_html_pdf(body), limits=LIMITS)
    assert doc.pages == 4
    lines = doc.lines()
    assert [line for line in lines if line] == [f"{n}. 본문 {n}쪽" for n in range(1, 5)]
    assert [doc.where(n) for n, line in enumerate(lines, start=1) if line] == [
        "1쪽",
        "2쪽",
        "3쪽",
        "4쪽",
    ]


def test_a_table_without_its_left_and_right_sides_keeps_its_outer_columns() -> None:
    body = (
        "<style>table { border-collapse: collapse; width: 70% }"
        " td { border: 0.5pt solid black; padding: 1mm }"
        " td:first-child { border-left: none } td:last-child { border-right: none }</style>"
        "<table><tr><td>실국명</td><td>전략목표수</td><td>지표수</td></tr>"
        "<tr><td>대변인</td><td></td><td>2</td></tr></table>"
    )
    doc = read_pdf(name="o.pdf", data=_html_pdf(body), limits=LIMITS)
    assert doc.lines() == ["실국명\t전략목표수\t지표수", "대변인\t\t2"]
    assert doc.where(2) == "1쪽 표 1 2행"


def test_an_unruled_table_reads_as_rows_split_at_wide_gaps() -> None:
    body = (
        '<table style="width: 90%"><tr><td>실국명</td><td>전략목표수</td><td>지표수</td></tr>'
        "<tr><td>대변인</td><td>1</td><td>2</td></tr></table>"
    )
    doc = read_pdf(name="u.pdf", data=_html_pdf(body), limits=LIMITS)
    assert doc.lines() == ["실국명\t전략목표수\t지표수", "대변인\t1\t2"]


# --- round trips: the PDFs seonggwa writes, read back -----------------------------------------

SEEDS = Path(__file__).resolve().parents[2] / "fixtures" / "seeds"


def _tree(tables: PlanTables, *, amounts: bool = True) -> dict[str, list[Any]]:
    """Per unit, in order: each strategic goal with its amount, its policy goals with their
    indicators, and the goal's own indicators (BSC), by name."""
    tree: dict[str, list[Any]] = {u.name: [] for u in tables.units}
    owner_unit = [tables.units[o.unit].name for o in tables.owners]
    for g, goal in enumerate(tables.goals):
        policies = [
            (p.name, [i.name for i in tables.indicators if i.policy_goal == k])
            for k, p in enumerate(tables.policy_goals)
            if p.goal == g
        ]
        own = [i.name for i in tables.indicators if i.goal == g and i.policy_goal is None]
        amount = goal.program_amount if amounts else None
        tree[owner_unit[goal.owner]].append((goal.name, amount, policies, own))
    return tree


def _counts(tables: PlanTables) -> dict[str, tuple[int, int, int]]:
    """Per unit: strategic goals, policy goals, indicators."""
    return {
        unit: (
            len(goals),
            sum(len(p) for _, _, p, _ in goals),
            sum(len(i) for _, _, p, _ in goals for _, i in p) + sum(len(o) for *_, o in goals),
        )
        for unit, goals in _tree(tables).items()
    }


def _declared(tables: PlanTables) -> list[tuple[str, str, str, Any]]:
    """The figures the document declares about itself, but not how it printed them: a
    goal's amount printed again on the next page (``*_again``) and the owners' names and
    titles as printed are layout, not plan."""
    return sorted(
        (d.unit_label, d.table, d.key, d.value if d.value is not None else d.raw_text)
        for d in tables.declared
        if "_again" not in d.key and (d.table, d.key) not in (("owner", "name"), ("owner", "title"))
    )


def _indicators(tables: PlanTables) -> list[tuple[str, str, Decimal | None, str]]:
    return [(i.name, i.unit_of_measure, i.weight, i.mark_raw) for i in tables.indicators]


def _read(text: str, source: str) -> tuple[DocumentFormat, PlanTables]:
    fmt, doc = _parse(text, source)
    return fmt, tables_from_document(doc, year=2021, document=None)


@pytest.fixture(scope="module")
def written(django_db_setup, django_db_blocker) -> dict[str, dict[str, Any]]:  # type: ignore[no-untyped-def]
    """Seeds 000 (성과계획서) and 001 (BSC) imported, and what seonggwa writes of them:
    kind -> the seed's text, the PDF and the printed summary (unit, column) -> value."""
    from django.db import transaction

    from seonggwa.importers.load import document_import
    from seonggwa.reports.build import report_build
    from seonggwa.reports.render import report_render

    out: dict[str, dict[str, Any]] = {}
    with django_db_blocker.unblock(), transaction.atomic():
        for prefix, org, year, kinds in (
            ("000", "서울특별시", 2021, ("plan", "report")),
            ("001", "서울시", 2009, ("bsc",)),
        ):
            (path,) = SEEDS.glob(f"{prefix}_*.txt")
            plan = document_import(organisation_name=org, year=year, path_or_text=path).plan
            for kind in kinds:
                report = report_build(plan, kind)
                summary = report.tables[0]
                out[kind] = {
                    "seed": path.read_text(encoding="utf-8"),
                    "pdf": report_render(report, "pdf", charts=False),
                    "summary": {
                        (row.cells[0].text, column.key): row.cells[c].value
                        for row in summary.rows
                        for c, column in enumerate(summary.columns)
                        if c
                    },
                }
        transaction.set_rollback(True)
    return out


@pytest.fixture(scope="module")
def read(written) -> dict[str, CellDocument]:  # type: ignore[no-untyped-def]
    """The PDFs seonggwa wrote, read back (kind -> document)."""
    return {
        kind: read_pdf(name=f"{kind}.pdf", data=parts["pdf"], limits=LIMITS)
        for kind, parts in written.items()
    }


@pytest.mark.slow
@pytest.mark.django_db  # the test database is made for the module's imports (written)
def test_the_plan_pdf_reads_back_to_the_same_plan_and_summary(written, read) -> None:  # type: ignore[no-untyped-def]
    fmt, source = _read(written["plan"]["seed"], "000.txt")
    got_fmt, got = _read(read["plan"].text(), "plan.pdf")
    assert fmt == got_fmt == DocumentFormat.PLAN
    assert [u.name for u in got.units] == [u.name for u in source.units]
    assert len(got.units) == 41 and len(got.indicators) == len(source.indicators) == 416
    assert _counts(got) == _counts(source)
    assert _tree(got) == _tree(source)  # names, order and the goals' amounts
    assert _indicators(got) == _indicators(source)
    assert _declared(got) == _declared(source)  # the 총괄 and the detail's amounts and shares
    assert got.kind == source.kind


@pytest.mark.slow
@pytest.mark.django_db  # the test database is made for the module's imports (written)
def test_the_report_pdf_reads_back_to_the_same_plan_and_printed_summary(written, read) -> None:  # type: ignore[no-untyped-def]
    """The 성과보고서 of a plan: the same goals and indicators; its 총괄 (counts by mark,
    결산액 "-" while the plan has none) as printed."""
    _, source = _read(written["report"]["seed"], "000.txt")
    fmt, got = _read(read["report"].text(), "report.pdf")
    assert fmt == DocumentFormat.REPORT
    assert [u.name for u in got.units] == [u.name for u in source.units]
    assert _counts(got) == _counts(source)
    assert _tree(got, amounts=False) == _tree(source, amounts=False)
    printed = written["report"]["summary"]
    declared = {(d.unit_label, d.key): d.value for d in got.declared if d.table == "summary"}
    assert declared == printed
    assert len(printed) == 42 * 9


@pytest.mark.slow
@pytest.mark.django_db  # the test database is made for the module's imports (written)
def test_the_bsc_pdf_reads_back_to_the_same_sheets_and_weights(written, read) -> None:  # type: ignore[no-untyped-def]
    fmt, source = _read(written["bsc"]["seed"], "001.txt")
    got_fmt, got = _read(read["bsc"].text(), "bsc.pdf")
    assert fmt == got_fmt == DocumentFormat.BSC2009
    assert [u.name for u in got.units] == [u.name for u in source.units]
    assert _counts(got) == _counts(source)
    assert _tree(got) == _tree(source)
    assert [(i.name, i.weight) for i in got.indicators] == [
        (i.name, i.weight) for i in source.indicators
    ]
    assert len(got.indicators) == 1031
    assert _declared(got) == _declared(source)  # perspectives' weights, parents


@pytest.mark.slow
@pytest.mark.django_db  # the test database is made for the module's imports (written)
def test_where_names_the_page_table_and_row_of_a_finding(read) -> None:  # type: ignore[no-untyped-def]
    """A finding of the plan PDF's text names the line; ``where`` turns it into the page,
    table and row it was printed on."""
    doc = read["plan"]
    text = doc.text()
    _, parsed = _parse(text, "plan.pdf")
    fused = [f for f in parsed.findings if f.code == "detail.fused_goals"]
    assert fused and fused[0].line is not None
    place = doc.where(fused[0].line)
    line = text.split("\n")[fused[0].line - 1]
    assert "○" in line  # the fused goals' cell
    page = next(r.page for r in doc.rows if "\t".join(r.cells) == line)
    assert place.startswith(f"{page}쪽 표 ") and place.endswith("행")
    assert page > 1
