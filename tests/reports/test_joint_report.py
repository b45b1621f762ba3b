"""The joint-evaluation report (kind ``joint-evaluation``): built from seed 003's joint
evaluation and a VPS sheet, rendered by every writer, from the CLI too (R17)."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from seonggwa.cli import main
from seonggwa.importers.joint.load import joint_import
from seonggwa.importers.joint.vps_load import vps_import
from seonggwa.organisations.models import Organisation
from seonggwa.reports.build import ReportError, plan_for_report, report_build
from seonggwa.reports.model import Report, RowKind
from seonggwa.reports.render import report_render

SEED = Path(__file__).parents[1] / "fixtures" / "seeds" / "003_80f337656145150c.txt"
pytestmark = pytest.mark.django_db
SHEET = "\n".join(
    ["시도,연번,달성여부"]
    + [f"서울,{n},달성" for n in (5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18)]
    + ["서울,19,미달성", "부산,5,달성", "부산,6,미달성"]
)


@pytest.fixture
def report(sample) -> Report:  # type: ignore[no-untyped-def]
    officer = get_user_model().objects.get(username="officer")
    plan = joint_import(user=officer, organisation_name="한빛시", year=2020, path_or_text=SEED).plan
    vps_import(user=officer, plan=plan, path_or_bytes=SHEET.encode(), source_name="v.csv")
    plan = plan_for_report(Organisation.objects.get(name="한빛시"), 2020, "joint-evaluation")
    return report_build(plan, "joint-evaluation")


def _texts(report: Report, key: str) -> list[list[str]]:
    table = next(t for t in report.tables if t.key == key)
    return [[c.text for c in row.cells] for row in table.rows]


def test_goals_table(report: Report) -> None:
    rows = _texts(report, "joint_goals")
    assert [r[1:4] for r in rows] == [
        ["8", "3", "5"],
        ["17", "15", "2"],
        ["62", "47", "15"],
        ["29", "19", "10"],
        ["6", "3", "3"],
        ["122", "87", "35"],
    ]
    assert rows[3][4:] == ["83.7", "87.1"]


def test_city_comparison(report: Report) -> None:
    rows = _texts(report, "joint_regions_city")
    assert rows[0] == ["서울특별시", "13", "12", "92.3", "1", "-"]
    assert rows[1][:5] == ["부산광역시", "2", "1", "50.0", "2"]
    assert rows[-1][0] == "시부 평균" and rows[-1][3] == "71.2" and rows[-1][5] == "81.7"
    table = next(t for t in report.tables if t.key == "joint_regions_city")
    assert table.rows[-1].kind is RowKind.TOTAL
    assert "R17" in table.rows[0].cells[3].explanation


def test_a_group_keeps_one_comparison(sample, report: Report) -> None:  # type: ignore[no-untyped-def]
    plan = plan_for_report(Organisation.objects.get(name="한빛시"), 2020, "joint-evaluation")
    one = report_build(plan, "joint-evaluation", unit="도부")
    keys = [t.key for t in one.tables]
    assert "joint_regions_province" in keys and "joint_regions_city" not in keys
    with pytest.raises(ReportError, match="그룹이 없습니다"):
        report_build(plan, "joint-evaluation", unit="군부")


@pytest.mark.parametrize("fmt", ["xlsx", "pdf", "hwpx", "html", "csv"])
def test_every_writer_renders_it(report: Report, fmt: str) -> None:
    data = report_render(report, fmt)
    assert len(data) > 1000
    if fmt == "html":
        assert "92.3" in data.decode("utf-8")
    if fmt == "csv":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            name = next(n for n in z.namelist() if "joint_goals" in n)
            rows = list(csv.reader(io.StringIO(z.read(name).decode("utf-8-sig"))))
        assert rows[-1][:4] == ["계", "122", "87", "35"]


def test_cli_report_kind_joint_evaluation(report: Report, tmp_path: Path) -> None:
    out = tmp_path / "j.html"
    code = main(
        ["report", "--org", "한빛시", "--year", "2020", "--kind", "joint-evaluation",
         "--format", "html", "--out", str(out)]
    )  # fmt: skip
    assert code == 0 and "목표달성도" in out.read_text(encoding="utf-8")


def test_best_cases_per_group_and_the_timeline_windows(report: Report) -> None:
    cases = _texts(report, "joint_best_cases")
    assert [r[:2] for r in cases] == [
        ["시부", "대구광역시"],
        ["도부", "충청북도"],
        ["도부", "충청남도"],
        ["도부", "경상북도"],
        ["도부", "경상북도"],
    ]
    assert cases[0][2] == "식품산업과 연계한 농업 활성화로 지역농산물 소비 증대"
    assert cases[0][3:5] == ["-", "국민공감"] and cases[0][5].startswith("지역농산물")
    keys = [t.key for t in report.tables]
    assert keys.index("joint_best_cases") < keys.index("joint_indicators")
    timeline = _texts(report, "joint_timeline")
    governs = {r[1]: r[4] for r in timeline}
    assert governs["실적입력(정량, 정성)"] == "실적 입력 기간"
    assert governs["중앙부처, 시·도 실적확인 및 이의신청(정량)"] == "이의신청 마감"
    assert governs["정성평가 실시(합동평가단)"] == "-"
    assert timeline[-1][:4] == ["결과발표", "평가 결과 발표", "2020-07-01", "2020-07-31"]
