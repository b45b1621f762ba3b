"""``seonggwa report --kind consignment``: the year's consignment table (003 layout) with its
average, the exclusions and the disclosure list, in every format, from the imported seed."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from openpyxl import load_workbook

from seonggwa.cli import build_parser, main
from seonggwa.importers.consignment_load import consignment_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(sample, seed_text):
    return consignment_import(organisation_name="한빛시", path_or_text=seed_text("003"))


def _report(tmp_path, fmt: str, year: int = 2019) -> bytes:
    out = tmp_path / f"c{year}.{fmt}" if fmt != "csv" else tmp_path / f"c{year}.zip"
    argv = ["report", "--org", "한빛시", "--year", str(year), "--kind", "consignment"]
    assert main([*argv, "--format", fmt, "--out", str(out)]) == 0
    return out.read_bytes()


def test_every_format_carries_the_year_table(imported, tmp_path):
    html = _report(tmp_path, "html", 2020).decode("utf-8")
    assert "2020년 민간위탁 사업별 종합성과평가 결과" in html
    assert "80.34" in html and html.count("재계약 배제") >= 3 + 3  # table, summary, disclosure
    assert "정보소통광장 - 사전공표 - 사전정보공표 - 행정 - 민간위탁" in html
    assert "○ 평가결과 : 총 38개 사무, 평균 80.34점" in html  # the report's overview notes

    book = load_workbook(io.BytesIO(_report(tmp_path, "xlsx", 2019)))
    values = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert "산학연 협력지원 사업" in values
    assert any(str(v) in ("80.54", "=ROUND(AVERAGE(F2:F52),2)") for v in values if v is not None)

    with zipfile.ZipFile(io.BytesIO(_report(tmp_path, "csv", 2018))) as archive:
        name = next(n for n in archive.namelist() if n.endswith("consignment.csv"))
        rows = list(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
    data = [r for r in rows if r and r[0].isdigit()]
    assert len(data) == 44
    assert rows[-1][5] == "80.51"
    assert sum(1 for r in data if r[6] == "재계약 배제") == 2

    hwpx = _report(tmp_path, "hwpx", 2019)
    with zipfile.ZipFile(io.BytesIO(hwpx)) as archive:
        body = "".join(
            archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml")
        )
    assert "80.54" in body and "이음피움 봉제역사관 운영" in body
    assert "○ 평가결과 : 총 51개 사무, 평균 80.54점" in body


@pytest.mark.slow
def test_pdf(imported, tmp_path):
    assert _report(tmp_path, "pdf", 2020).startswith(b"%PDF")


def test_no_year_is_a_korean_error(sample, tmp_path, capsys):
    argv = ["report", "--org", "한빛시", "--year", "2017", "--kind", "consignment"]
    assert main([*argv, "--format", "html", "--out", str(tmp_path / "x.html")]) == 1
    assert "2017년 민간위탁 종합성과평가가 없습니다" in capsys.readouterr().err


def test_help_names_the_kind(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["report", "--help"])
    assert "consignment" in capsys.readouterr().out


def test_import_command(sample, seed_text, tmp_path, capsys):
    path = tmp_path / "003.txt"
    path.write_text(seed_text("003"), encoding="utf-8")
    assert main(["import-consignment", str(path), "--org", "한빛시"]) == 0
    out = capsys.readouterr().out
    assert "2018년 44개 사무, 2019년 51개 사무, 2020년 38개 사무" in out
    assert "674행 consignment.exclusion_name_differs" in out
    assert main(["import-consignment", str(path), "--org", "한빛시"]) == 0
    assert "이미 불러온 파일입니다" in capsys.readouterr().out
    bad = tmp_path / "bad.txt"
    bad.write_text("연번\t성과지표\n1\t가\n", encoding="utf-8")
    assert main(["import-consignment", str(bad), "--org", "한빛시"]) == 2
