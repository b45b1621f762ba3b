"""The sustainability report (kind ``sustainability``): built from the imported framework of
seed 003 as a report model every writer renders, with the printed figures (R13, R14)."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from seonggwa.cli import main
from seonggwa.importers.sustainability.load import sustainability_import
from seonggwa.organisations.models import Organisation
from seonggwa.reports.build import ReportError, plan_for_report, report_build
from seonggwa.reports.model import Report, RowKind
from seonggwa.reports.render import report_render

SEED = Path(__file__).parents[1] / "fixtures" / "seeds" / "003_80f337656145150c.txt"
pytestmark = pytest.mark.django_db


@pytest.fixture
def report(sample) -> Report:  # type: ignore[no-untyped-def]
    officer = get_user_model().objects.get(username="officer")
    sustainability_import(user=officer, organisation_name="한빛시", year=2019, path_or_text=SEED)
    plan = plan_for_report(Organisation.objects.get(name="한빛시"), 2019, "sustainability")
    return report_build(plan, "sustainability")


def _texts(report: Report, key: str) -> list[list[str]]:
    table = next(t for t in report.tables if t.key == key)
    return [[c.text for c in row.cells] for row in table.rows]


def test_the_core_means_table_is_the_mean_of_field_means(report: Report) -> None:
    assert _texts(report, "sustainability_core_means") == [
        ["환경", "10", "0", "79.4"],
        ["사회문화", "8", "2", "76.3"],
        ["경제", "10", "0", "78.1"],
        ["전체", "28", "2", "77.9"],
    ]
    overall = next(t for t in report.tables if t.key == "sustainability_core_means").rows[-1]
    assert overall.kind is RowKind.TOTAL
    assert "분야별 평균의 평균" in overall.cells[3].explanation


def test_the_field_counts_table_has_the_totals(report: Report) -> None:
    assert _texts(report, "sustainability_fields") == [
        ["환경", "75", "31", "4", "110", "68.2"],
        ["사회문화", "103", "36", "13", "152", "67.8"],
        ["경제", "55", "21", "8", "84", "65.5"],
        ["추진기반", "41", "14", "4", "59", "69.5"],
        ["계", "274", "102", "29", "405", "67.7"],
    ]


def test_each_count_table_carries_its_totals_in_the_header_cells(report: Report) -> None:
    env = next(t for t in report.tables if t.key == "sustainability_counts_1")
    assert [c.label for c in env.columns][2:] == ["달성(75)", "일부달성(31)", "미달성(4)"]
    assert [c.text for c in env.rows[-1].cells] == ["계", "", "75", "31", "4"]
    assert env.heading == "이행계획 구성: 4대 전략 9개 과제 85개 세부사업 110개 성과지표"
    core = _texts(report, "sustainability_core")
    assert len(core) == 30
    assert ["사회문화", "사회적 양극화", "적정 소득기준 보장률", "-", "-"] in core


def test_a_unit_keeps_one_field_and_an_unknown_one_is_refused(sample, report: Report) -> None:  # type: ignore[no-untyped-def]
    plan = plan_for_report(Organisation.objects.get(name="한빛시"), 2019, "sustainability")
    one = report_build(plan, "sustainability", unit="경제")
    assert {r[0] for r in _texts(one, "sustainability_core")} == {"경제"}
    assert [t.key for t in one.tables].count("sustainability_counts_3") == 1
    assert "sustainability_counts_1" not in [t.key for t in one.tables]
    with pytest.raises(ReportError, match="분야가 없습니다"):
        report_build(plan, "sustainability", unit="우주")


@pytest.mark.parametrize("fmt", ["xlsx", "pdf", "hwpx", "html", "csv"])
def test_every_writer_renders_it(report: Report, fmt: str) -> None:
    data = report_render(report, fmt)
    assert len(data) > 1000
    if fmt == "html":
        assert "77.9" in data.decode("utf-8") and "미달성(4)" in data.decode("utf-8")
    if fmt == "csv":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            name = next(n for n in z.namelist() if "sustainability_fields" in n)
            rows = list(csv.reader(io.StringIO(z.read(name).decode("utf-8-sig"))))
        assert rows[-1] == ["계", "274", "102", "29", "405", "67.7"]


def test_cli_report_kind_sustainability(report: Report, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "s.xlsx"
    code = main(
        [
            "report",
            "--org",
            "한빛시",
            "--year",
            "2019",
            "--kind",
            "sustainability",
            "--format",
            "xlsx",
            "--out",
            str(out),
        ]
    )
    assert code == 0 and out.stat().st_size > 1000
