"""The Typst PDF writer: hostile text prints as it is, the header rows repeat on the next
page, every page carries "page / total", fonts are embedded, the PDF is tagged PDF/UA-1
with the document's metadata, and charts are vectors."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from seonggwa.reports.model import (
    CellKind,
    Chart,
    ChartKind,
    Column,
    HeaderCell,
    Report,
    Row,
    RowKind,
    Series,
    Table,
    TableCell,
)
from seonggwa.reports.pdf import report_pdf
from seonggwa.reports.typst import FONT_FILES

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils not installed"
)

HOSTILE = [
    "#set page(fill: red) 주석",
    "*굵게* _기울임_ $x^2$ 수식",
    "역슬래시 \\ 와 ] 닫는 괄호 [",
    "// 주석처럼 보이는 글 /* 이것도 */",
    '#{"코드"} @참조 <라벨> `원문` = 제목',
]


def _report(rows: int = 3, texts: list[str] | None = None) -> Report:
    table = Table(
        key="t",
        title="가. 총괄 #제목 *별표*",
        unit_line="(단위: 원)",
        columns=[Column("name", "실국명"), Column("amount", "예산액", CellKind.INT)],
        header_rows=[
            [HeaderCell("실국명", 0, rowspan=2), HeaderCell("재원 $", 1)],
            [HeaderCell("예산액", 1)],
        ],
    )
    table.rows.append(Row([TableCell("계", "계"), TableCell(0, "0", CellKind.INT)], RowKind.TOTAL))
    for i in range(rows):
        name = (texts or [f"실국{i:03d}"])[i % len(texts or [""])]
        table.rows.append(
            Row([TableCell(name, name), TableCell(i * 1000, f"{i * 1000:,}", CellKind.INT)])
        )
    table.footnotes.append("※ 각주 // 와 # 그대로")
    return Report(
        kind="plan",
        title="성과계획서 #제목",
        subtitle="한빛시 · 2026년",
        organisation="한빛시",
        year=2026,
        tables=[table],
    )


def _pdf(tmp_path: Path, report: Report, **kw: object) -> Path:
    path = tmp_path / "r.pdf"
    path.write_bytes(report_pdf(report, engine="typst", **kw))  # type: ignore[arg-type]
    return path


def _run(*args: str) -> str:
    return subprocess.run(list(args), capture_output=True, text=True, check=True).stdout


def test_hostile_text_prints_as_it_is(tmp_path):
    path = _pdf(tmp_path, _report(len(HOSTILE), HOSTILE))
    flat = "".join(_run("pdftotext", str(path), "-").split())
    for text in [
        *HOSTILE,
        "가. 총괄 #제목 *별표*",
        "성과계획서 #제목",
        "재원 $",
        "※ 각주 // 와 # 그대로",
    ]:
        assert "".join(text.split()) in flat, text
    info = _run("pdfinfo", str(path))
    assert "Pages:           1" in info  # "#set page(...)" did not run


def test_header_rows_repeat_and_every_page_says_page_of_total(tmp_path):
    path = _pdf(tmp_path, _report(120))
    pages = [p for p in _run("pdftotext", str(path), "-").split("\f") if p.strip()]
    assert len(pages) >= 3
    for i, page in enumerate(pages, start=1):
        assert "재원 $" in page and "예산액" in page and "실국명" in page, i
        assert f"{i}/{len(pages)}" in page.replace(" ", ""), i
    assert "실국119" in pages[-1] and "실국000" in pages[0]


def test_fonts_embedded_tagged_pdf_ua_and_metadata(tmp_path):
    path = _pdf(tmp_path, _report())
    fonts = _run("pdffonts", str(path)).splitlines()[2:]
    assert fonts and all(" yes " in row for row in fonts)
    assert any("Nanum" in row or "Noto" in row for row in fonts)
    info = _run("pdfinfo", str(path))
    assert "Tagged:          yes" in info
    assert "Page size:       841.89 x 595.276 pts (A4)" in info
    assert "Title:           성과계획서 #제목 — 한빛시 · 2026년" in info
    assert "Author:          한빛시" in info
    raw = path.read_bytes()
    assert b"pdfuaid" in raw  # the PDF/UA-1 identification in the XMP metadata
    assert b"/Lang (ko" in raw or b"<dc:language>" in raw


def test_charts_are_vectors_with_their_text(tmp_path):
    report = _report()
    report.charts = [
        Chart(
            "bars",
            "실국별 # 예산",
            ChartKind.STACKED_BAR,
            ["기획조정실", "복지정책국"],
            [Series("달성", [Decimal(2), Decimal(1)]), Series("미달성", [Decimal(1), None])],
            unit="개",
        ),
        Chart(
            "trend",
            "추세 ] 지표",
            ChartKind.LINE,
            ["2024", "2025"],
            [Series("목표", [Decimal(80), Decimal(85)]), Series("실적", [Decimal(70), None])],
        ),
    ]
    path = _pdf(tmp_path, report)
    flat = "".join(_run("pdftotext", str(path), "-").split())
    for text in ("실국별#예산", "추세]지표", "기획조정실", "미달성", "2025"):
        assert text in flat, text
    assert _run("pdfimages", "-list", str(path)).splitlines()[2:] == []  # no raster image
    without = "".join(_run("pdftotext", str(_pdf(tmp_path, report, charts=False)), "-").split())
    assert "실국별#예산" not in without


def test_weasyprint_stays_selectable_and_prints_the_same_text(tmp_path):
    report = _report(5)
    path = tmp_path / "w.pdf"
    path.write_bytes(report_pdf(report, engine="weasyprint", charts=False))
    flat = "".join(_run("pdftotext", str(path), "-").split())
    assert "실국004" in flat and "1/1" in flat
    with pytest.raises(ValueError):
        report_pdf(report, engine="latex")


@pytest.mark.skipif(
    not all(Path(f).is_file() for f in FONT_FILES),
    reason="fonts-nanum or fonts-noto-cjk not installed",
)
def test_typst_reads_only_its_font_files_and_prints_the_same_as_with_every_font(tmp_path):
    """Typst scans a directory of links to the four font files (not Debian's whole nanum and
    noto directories): the same families of the template, and byte for byte the same PDF."""
    import json

    import typst

    from seonggwa.reports.typst import TEMPLATE, report_fonts, report_typst_data

    families = set(report_fonts().families())
    assert {"NanumGothic", "Noto Sans CJK KR"} <= families
    assert not any("Serif CJK" in f or "Myeongjo" in f for f in families)
    report = _report(rows=60, texts=[*HOSTILE, "가나다 ※ · – ① ㈜ 漢字 ½ € 한글"])
    (tmp_path / "data.json").write_text(
        json.dumps(report_typst_data(report, []), ensure_ascii=False), encoding="utf-8"
    )
    (tmp_path / "main.typ").write_text(TEMPLATE, encoding="utf-8")
    every = typst.Fonts(
        include_system_fonts=False,
        include_embedded_fonts=True,
        font_paths=["/usr/share/fonts/truetype/nanum", "/usr/share/fonts/opentype/noto"],
    )

    def pdf(fonts: object) -> bytes:
        compiler = typst.Compiler(str(tmp_path / "main.typ"), root=str(tmp_path), font_paths=fonts)
        out = compiler.compile(format="pdf", pdf_standards=["ua-1"], timestamp=0)
        assert isinstance(out, bytes)
        return out

    assert pdf(report_fonts()) == pdf(every)


def test_the_font_links_are_made_again_when_their_directory_has_gone():
    """A long-running worker whose /tmp was cleaned finds its fonts again."""
    from seonggwa.reports.typst import _report_fonts, report_fonts

    first = report_fonts()
    _, directory = _report_fonts()
    assert directory is not None  # scripts/system-deps.sh installs the font files
    assert report_fonts() is first  # found once per process
    shutil.rmtree(directory)
    again = report_fonts()
    _, new_directory = _report_fonts()
    assert again is not first and new_directory is not None and new_directory.is_dir()
    assert "NanumGothic" in set(again.families())
    assert report_pdf(_report(rows=3), engine="typst").startswith(b"%PDF")
