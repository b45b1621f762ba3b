"""``seonggwa report --kind projects``: the major-project table (003 layout) with sub-projects,
money in 백만원, 공정률 계획 / 실행 and the R18 notes, in every format, from the imported seed;
and ``seonggwa import-projects``."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from openpyxl import load_workbook

from seonggwa.cli import build_parser, main
from seonggwa.importers.projects_load import projects_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(sample, seed_text):
    return projects_import(
        user=None, organisation_name="한빛시", year=2020, path_or_text=seed_text("003")
    )


def _report(tmp_path, fmt: str, *more: str) -> bytes:
    out = tmp_path / f"p.{fmt}" if fmt != "csv" else tmp_path / "p.zip"
    argv = ["report", "--org", "한빛시", "--year", "2020", "--kind", "projects", *more]
    assert main([*argv, "--format", fmt, "--out", str(out)]) == 0
    return out.read_bytes()


def test_every_format_carries_the_table(imported, tmp_path):
    html = _report(tmp_path, "html").decode("utf-8")
    assert "2020년 주요 역점사업 정기평가" in html
    assert "20년 편성액 (단위:백만원)" in html
    assert "핀테크산업 생태계 지원" in html and "10,681" in html
    assert "편성액 &gt; 총사업비(2,224)" in html or "편성액 > 총사업비(2,224)" in html

    with zipfile.ZipFile(io.BytesIO(_report(tmp_path, "csv"))) as archive:
        name = next(n for n in archive.namelist() if n.endswith("projects.csv"))
        rows = list(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
    numbered = [r for r in rows if r and r[0].isdigit()]
    assert len(numbered) == 170
    flagged = [r[0] for r in numbered if "편성액 >" in r[8]]
    assert flagged == ["6", "65"]
    row153 = next(r for r in numbered if r[0] == "153")
    assert (row153[6], row153[7]) == ("72.3", "70.3")
    assert rows[-1][0] == "계"

    book = load_workbook(io.BytesIO(_report(tmp_path, "xlsx")))
    values = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert "로봇과학관 건립" in values

    with zipfile.ZipFile(io.BytesIO(_report(tmp_path, "hwpx"))) as archive:
        body = "".join(
            archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml")
        )
    assert "반포천 유역분리 터널공사" in body and "48,400" in body


def test_one_department(imported, tmp_path):
    html = _report(tmp_path, "html", "--unit", "상수도사업본부").decode("utf-8")
    assert "노후 상수도관 정비" in html and "핀테크산업" not in html


@pytest.mark.slow
def test_pdf(imported, tmp_path):
    assert _report(tmp_path, "pdf").startswith(b"%PDF")


def test_no_plan_is_a_korean_error(sample, tmp_path, capsys):
    argv = ["report", "--org", "한빛시", "--year", "2020", "--kind", "projects"]
    assert main([*argv, "--format", "html", "--out", str(tmp_path / "x.html")]) == 1
    assert "projects" in capsys.readouterr().err


def test_help_names_the_kind_and_the_import(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["report", "--help"])
    assert "projects" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        build_parser().parse_args(["import-projects", "--help"])
    assert "--year" in capsys.readouterr().out


def test_import_command(sample, seed_text, tmp_path, capsys):
    path = tmp_path / "003.txt"
    path.write_text(seed_text("003"), encoding="utf-8")
    argv = ["import-projects", str(path), "--org", "한빛시", "--year", "2020"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "사업 170개(상위 과제 17개)" in out
    assert "2412행 projects.budget_over_total" in out and "2477행 projects.budget_over_total" in out
    assert main(argv) == 0
    assert "이미 불러온 파일" in capsys.readouterr().out
    empty = tmp_path / "empty.txt"
    empty.write_text("아무 표도 없음\n", encoding="utf-8")
    assert main(["import-projects", str(empty), "--org", "한빛시", "--year", "2020"]) == 2
