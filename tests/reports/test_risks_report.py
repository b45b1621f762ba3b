"""``seonggwa report --kind risks``: the year's risk register (003 layout: issue, 주요내용,
관련보도, 리스크, 요청사항 단기·장기, 부서대응) in every format, from the imported seed; and
``seonggwa import-risks``."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from openpyxl import load_workbook

from seonggwa.cli import build_parser, main
from seonggwa.importers.risks_load import risks_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(sample, seed_text):
    return risks_import(organisation_name="한빛시", year=2020, path_or_text=seed_text("003"))


def _report(tmp_path, fmt: str, year: int = 2020) -> bytes:
    out = tmp_path / f"r{year}.{fmt}" if fmt != "csv" else tmp_path / f"r{year}.zip"
    argv = ["report", "--org", "한빛시", "--year", str(year), "--kind", "risks"]
    assert main([*argv, "--format", fmt, "--out", str(out)]) == 0
    return out.read_bytes()


def test_every_format_carries_every_issue(imported, tmp_path):
    html = _report(tmp_path, "html").decode("utf-8")
    assert "2020년 시정 리스크 관리 운영 현황" in html
    for text in (
        "① 플랫폼 노동자 보호를 위한 선도적 정책 수립 필요 (&#x27;20)",
        "④ 코로나19에 따른 재활용 쓰레기 증가 대책 시급",
        "▶ 50만 넘어선 플랫폼 노동자, 건당 1천 원도 못 받는다 (SBS &#x27;19. 12. 19.)",
        "서울시 플랫폼노동자 · 프리랜서 실태조사 용역 중",
        "(2단계) 리스크 중요도 분석 및 검토",
    ):
        assert text in html, text

    book = load_workbook(io.BytesIO(_report(tmp_path, "xlsx")))
    values = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert any(isinstance(v, str) and "풍수해 대비 市 대응 철저" in v for v in values)

    with zipfile.ZipFile(io.BytesIO(_report(tmp_path, "csv"))) as archive:
        name = next(n for n in archive.namelist() if n.endswith("risks_2020.csv"))
        rows = list(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
    data = [r for r in rows if r and r[0].isdigit()]
    assert [r[0] for r in data] == ["1", "2", "3", "4"]
    assert data[0][6] == "◦ 「市 플랫폼 노동자 보호 대책」 수립 · 발표, 정부 정책화 노력 필요"
    assert data[1][6] == ""  # 요청사항 not split: read as short-term

    with zipfile.ZipFile(io.BytesIO(_report(tmp_path, "hwpx"))) as archive:
        body = "".join(
            archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml")
        )
    assert "규제샌드박스를 통해 핀테크" in body and "이데일리" in body


@pytest.mark.slow
def test_pdf(imported, tmp_path):
    assert _report(tmp_path, "pdf").startswith(b"%PDF")


def test_no_year_is_a_korean_error(sample, tmp_path, capsys):
    argv = ["report", "--org", "한빛시", "--year", "2017", "--kind", "risks"]
    assert main([*argv, "--format", "html", "--out", str(tmp_path / "x.html")]) == 1
    assert "2017년 시정 리스크 이슈가 없습니다" in capsys.readouterr().err


def test_help_names_the_kind(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["report", "--help"])
    assert "risks" in capsys.readouterr().out


def test_import_command(sample, seed_text, tmp_path, capsys):
    path = tmp_path / "003.txt"
    path.write_text(seed_text("003"), encoding="utf-8")
    assert main(["import-risks", str(path), "--org", "한빛시", "--year", "2020"]) == 0
    out = capsys.readouterr().out
    assert "2020년 리스크 이슈 4개, 관련보도 4건" in out
    assert "2162행 risks.response_continued" in out
    assert main(["import-risks", str(path), "--org", "한빛시", "--year", "2020"]) == 0
    assert "이미 불러온 파일입니다" in capsys.readouterr().out
    bad = tmp_path / "bad.txt"
    bad.write_text("가\n나\n", encoding="utf-8")
    assert main(["import-risks", str(bad), "--org", "한빛시", "--year", "2020"]) == 2
