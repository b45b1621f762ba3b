"""The sustainability report's count tables beside the counts computed from an evaluation
run's grades (R14, with R8 overrides): seed 003 imported, the 405 implementation indicators
of its count tables registered under their tasks and graded by a run as printed — printed and
computed agree everywhere (75/110, 103/152, 55/84, 41/59, 274/405) — then one grade
overridden: the computed column differs with ※, in the report model, xlsx and the PDF's text.
Without a run the report prints the printed counts and says why nothing is computed."""

from __future__ import annotations

import csv
import datetime
import io
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from seonggwa.cli import main
from seonggwa.evaluation.models import EvaluationRun
from seonggwa.evaluation.services import (
    grade_override_apply,
    run_finalise,
    run_publish,
    run_start,
)
from seonggwa.frameworks.models import Task
from seonggwa.frameworks.services import implementation_indicator_create
from seonggwa.importers.sustainability.load import sustainability_import
from seonggwa.organisations.models import OrgUnit
from seonggwa.plans.services import period_create, plan_set_status
from seonggwa.reports.build import report_build, report_for
from seonggwa.reports.model import Report
from seonggwa.reports.render import report_render
from seonggwa.results.services import actual_approve, actual_enter, actual_submit

SEED = Path(__file__).parents[1] / "fixtures" / "seeds" / "003_80f337656145150c.txt"
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# an actual of this much against a target of 100 grades 달성 / 일부달성 / 미달성 (R8)
ACTUALS = ("100", "60", "10")
HOUSING = "주거복지 지원을 강화한다."


@pytest.fixture
def graded(people, sample) -> tuple[Any, EvaluationRun]:  # type: ignore[no-untyped-def]
    """Seed 003 imported, every printed count registered as an implementation indicator of
    its task with an approved actual that grades as printed, and one run of 2019."""
    officer, staff = people["officer"], people["welfare_staff"]
    plan = sustainability_import(
        user=officer, organisation_name=sample.name, year=2019, path_or_text=SEED
    ).plan
    today = datetime.date.today()
    period_create(
        user=officer,
        plan=plan,
        key="2019",
        opens_on=today - datetime.timedelta(days=10),
        closes_on=today + datetime.timedelta(days=30),
    )
    welfare = OrgUnit.objects.get(organisation=sample, name="복지정책국")
    made: list[tuple[Any, str]] = []
    tasks = Task.objects.filter(strategy__field__framework__plan=plan).exclude(count_line=None)
    for task in tasks.order_by("pk"):
        printed = (task.declared_achieved, task.declared_partly, task.declared_not_achieved)
        for grade, n in enumerate(printed):
            for i in range(n or 0):
                indicator = implementation_indicator_create(
                    user=officer,
                    task=task,
                    project_name=f"사업 {grade}",
                    unit=welfare,
                    name=f"{task.pk}-{grade}-{i}",
                    targets={2019: "100"},
                )
                made.append((indicator, ACTUALS[grade]))
    plan.refresh_from_db()
    plan_set_status(user=officer, plan=plan, status="confirmed", expected_version=plan.version)
    for indicator, raw in made:
        value = actual_enter(indicator=indicator, year=2019, raw_text=raw, user=staff)
        value = actual_submit(value=value, expected_version=value.version, user=staff)
        actual_approve(value=value, expected_version=value.version, user=officer)
    return plan, run_start(user=officer, plan=plan)


def _texts(report: Report, key: str) -> list[list[str]]:
    table = next(t for t in report.tables if t.key == key)
    return [[c.text for c in row.cells] for row in table.rows]


def _override_one(run: EvaluationRun, people: dict[str, Any]) -> str:
    """Override one 일부달성 of the housing task to 달성 (R8: 조기달성); its name."""
    result = next(
        r
        for r in run.results.select_related("indicator").order_by("position")
        if r.grade_code == "partly_achieved"
        and r.indicator is not None
        and r.indicator.framework_link.project.task.name == HOUSING
    )
    run.refresh_from_db()
    grade_override_apply(
        user=people["officer"],
        result=result,
        band="achieved",
        reason="조기달성",
        note="18년에 달성",
        expected_version=run.version,
    )
    return result.indicator_name


def test_printed_and_computed_agree_then_an_override_is_marked(graded, people, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """One test over the 405 graded indicators (their setup takes the time): the golden,
    then an override, then every writer."""
    plan, run = graded
    report = report_for(plan, "sustainability", user=people["officer"], public=False)
    assert report.stamp.startswith("평가 결과: 2019 평가 제1회차")
    fields = _texts(report, "sustainability_fields")
    assert fields == [
        ["환경", "75", "31", "4", "110", "68.2", "75", "31", "4", "110", "68.2", ""],
        ["사회문화", "103", "36", "13", "152", "67.8", "103", "36", "13", "152", "67.8", ""],
        ["경제", "55", "21", "8", "84", "65.5", "55", "21", "8", "84", "65.5", ""],
        ["추진기반", "41", "14", "4", "59", "69.5", "41", "14", "4", "59", "69.5", ""],
        ["계", "274", "102", "29", "405", "67.7", "274", "102", "29", "405", "67.7", ""],
    ]
    for n, (achieved, total) in enumerate([(75, 110), (103, 152), (55, 84), (41, 59)], 1):
        rows = _texts(report, f"sustainability_counts_{n}")
        assert all(r[-1] == "" for r in rows), rows  # no ※: every task agrees
        last = rows[-1]
        assert last[2] == last[5] == str(achieved)
        assert sum(int(x) for x in last[2:5]) == sum(int(x) for x in last[5:8]) == total
    env = next(t for t in report.tables if t.key == "sustainability_counts_1")
    assert [h.text for h in env.header_rows[0]] == [
        "전략",
        "과제",
        "인쇄",
        "계산(2019 평가 제1회차)",
        "차이",
    ]
    assert [h.text for h in env.header_rows[1]] == [
        "달성(75)",
        "일부달성(31)",
        "미달성(4)",
        "달성(75)",
        "일부달성(31)",
        "미달성(4)",
    ]
    assert any("※" in note and "다릅니다" in note for note in env.footnotes)

    # R8: the office overrides one grade; the computed counts now differ, with ※
    _override_one(run, people)
    report = report_for(plan, "sustainability", user=people["officer"], public=False)
    fields = _texts(report, "sustainability_fields")
    assert fields[1] == [
        "사회문화", "103", "36", "13", "152", "67.8", "104", "35", "13", "152", "68.4", "※"
    ]  # fmt: skip
    assert fields[0][-1] == "" and fields[-1][6:9] == ["275", "101", "29"]
    assert fields[-1][-1] == "※"
    social = _texts(report, "sustainability_counts_2")
    marked = [r for r in social if r[-1] == "※"]
    assert [r[1] for r in marked] == [HOUSING, ""]  # the task and the 계 row
    housing = marked[0]
    assert int(housing[5]) == int(housing[2]) + 1 and int(housing[6]) == int(housing[3]) - 1
    table = next(t for t in report.tables if t.key == "sustainability_counts_2")
    mark = table.rows[social.index(housing)].cells[-1]
    assert mark.explanation.startswith("인쇄 ") and "≠ 계산" in mark.explanation
    # the other fields are untouched
    assert all(r[-1] == "" for r in _texts(report, "sustainability_counts_1"))

    # xlsx: the computed column and the mark in the cells
    data = report_render(report, "xlsx")
    book = load_workbook(io.BytesIO(data), read_only=True)
    cells = [
        [c for c in row if c is not None]
        for ws in book.worksheets
        for row in ws.iter_rows(values_only=True)
    ]
    social_xlsx = next(r for r in cells if r[:1] == ["사회문화"] and "※" in r)
    assert social_xlsx[:11] == ["사회문화", 103, 36, 13, 152, 67.8, 104, 35, 13, 152, 68.4]
    assert any(HOUSING in r and "※" in r for r in cells)

    # every writer renders the compared tables
    for fmt in ("xlsx", "pdf", "hwpx", "html", "csv"):
        data = report_render(report, fmt)
        assert len(data) > 1000, fmt
        if fmt == "html":
            html = data.decode("utf-8")
            assert "계산(2019 평가 제1회차)" in html and "※" in html
        if fmt == "hwpx":
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                body = "".join(z.read(n).decode("utf-8") for n in z.namelist() if "section" in n)
            assert "계산(2019 평가 제1회차)" in body and "※" in body
        if fmt == "csv":
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                name = next(n for n in z.namelist() if "sustainability_fields" in n)
                rows = list(csv.reader(io.StringIO(z.read(name).decode("utf-8-sig"))))
            assert rows[0][:2] == ["분야", "인쇄 달성"] and rows[0][6] == "계산 달성"
            assert rows[-1] == [
                "계", "274", "102", "29", "405", "67.7", "275", "101", "29", "405", "67.9", "※"
            ]  # fmt: skip

    # the CLI reads the newest run as the office does
    out_dir = tmp_path / "s.xlsx"
    code = main(["report", "--org", plan.organisation.name, "--year", "2019", "--kind",
                 "sustainability", "--format", "xlsx", "--out", str(out_dir)])  # fmt: skip
    assert code == 0
    book = load_workbook(out_dir, read_only=True)
    assert any(
        "※" in row and "사회문화" in row
        for ws in book.worksheets
        for row in ws.iter_rows(values_only=True)
    )

    # PDF: the same row in the text
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed (poppler-utils)")
    pdf = report_render(report, "pdf")
    out = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")
    line = next(x for x in out.splitlines() if x.strip().startswith("사회문화") and "※" in x)
    assert line.split() == [
        "사회문화", "103", "36", "13", "152", "67.8", "104", "35", "13", "152", "68.4", "※"
    ]  # fmt: skip
    assert "계산(2019 평가 제1회차)" in out and "※: 계산한 수가 인쇄된 수와 다릅니다" in out


@pytest.fixture
def small(people, sample) -> Any:  # type: ignore[no-untyped-def]
    """Seed 003 imported with one implementation indicator graded 일부달성, not yet run."""
    officer, staff = people["officer"], people["welfare_staff"]
    plan = sustainability_import(
        user=officer, organisation_name=sample.name, year=2019, path_or_text=SEED
    ).plan
    today = datetime.date.today()
    period_create(
        user=officer,
        plan=plan,
        key="2019",
        opens_on=today - datetime.timedelta(days=10),
        closes_on=today + datetime.timedelta(days=30),
    )
    indicator = implementation_indicator_create(
        user=officer,
        task=Task.objects.get(strategy__field__framework__plan=plan, name=HOUSING),
        project_name="희망의 집수리",
        unit=OrgUnit.objects.get(organisation=sample, name="복지정책국"),
        name="집수리 가구 수",
        targets={2019: "100"},
    )
    plan.refresh_from_db()
    plan_set_status(user=officer, plan=plan, status="confirmed", expected_version=plan.version)
    value = actual_enter(indicator=indicator, year=2019, raw_text="60", user=staff)
    value = actual_submit(value=value, expected_version=value.version, user=staff)
    actual_approve(value=value, expected_version=value.version, user=officer)
    return plan


def test_without_a_run_the_printed_counts_stand_alone_and_say_why(small) -> None:  # type: ignore[no-untyped-def]
    report = report_build(small, "sustainability")
    fields = next(t for t in report.tables if t.key == "sustainability_fields")
    assert len(fields.columns) == 6 and not report.stamp
    assert any("평가 회차가 없어" in note for note in fields.footnotes)


def test_the_public_reads_the_computed_counts_only_from_a_published_run(small, people) -> None:  # type: ignore[no-untyped-def]
    officer = people["officer"]
    run = run_start(user=officer, plan=small)
    # the office reads the provisional run: only 1 indicator graded, so every field differs
    office = report_for(small, "sustainability", user=officer, public=False)
    fields = _texts(office, "sustainability_fields")
    assert fields[1][6:10] == ["0", "1", "0", "1"] and fields[1][-1] == "※"
    assert fields[0][6:11] == ["0", "0", "0", "0", "-"] and fields[0][-1] == "※"
    # the public: the printed counts alone while the run is not published
    public = report_build(small, "sustainability", run=run, public=True)
    assert len(_texts(public, "sustainability_fields")[0]) == 6 and not public.stamp
    run = run_finalise(user=officer, run=run, expected_version=run.version)
    run = run_publish(user=officer, run=run, expected_version=run.version)
    public = report_for(small, "sustainability", user=None, public=True)
    assert _texts(public, "sustainability_fields")[1][-1] == "※"
    assert "공개일" in public.stamp
