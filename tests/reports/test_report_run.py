"""Graded documents read an evaluation run's stored results (``reports.selectors.report_run``),
carry a stamp naming the run, and the public reads published runs only."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from seonggwa.evaluation.models import EvaluationRun
from seonggwa.evaluation.services import run_finalise, run_publish, run_start
from seonggwa.plans.models import Plan
from seonggwa.reports.build import COMPUTED_STAMP, ReportError, report_build, report_for
from seonggwa.reports.selectors import RunNotReadable, report_run
from seonggwa.results.models import IndicatorValue

pytestmark = pytest.mark.django_db

SATISFACTION = "복지서비스 이용 만족도"  # 79.1 of 80 in the sample: ×, score 98.88


def _users(django_user_model: Any) -> dict[str, Any]:
    return {u.username: u for u in django_user_model.objects.all()}


def _plan(sample: Any, year: int = 2025) -> Plan:
    return Plan.objects.get(organisation=sample, year=year, kind="plan")


def _correct_actual() -> None:
    """After the run: the approved actual becomes 81 (○ if computed now)."""
    updated = IndicatorValue.objects.filter(
        indicator__plan__year=2025,
        indicator__plan__kind="plan",
        indicator__name=SATISFACTION,
        kind="actual",
        year=2025,
    ).update(raw_text="81", value=Decimal("81"))
    assert updated == 1


def _published(run: EvaluationRun, officer: Any) -> EvaluationRun:
    run = run_finalise(user=officer, run=run, expected_version=run.version)
    return run_publish(user=officer, run=run, expected_version=run.version)


def _indicator_row(report: Any, name: str) -> dict[str, str]:
    table = next(t for t in report.tables if t.key == "result_indicators")
    row = next(r for r in table.rows if r.cells[table.column_index("indicator")].text == name)
    return {c.key: cell.text for c, cell in zip(table.columns, row.cells, strict=True)}


def _detail_mark(report: Any, name: str) -> str:
    table = next(t for t in report.tables if t.key == "report_detail")
    row = next(r for r in table.rows if r.cells[table.column_index("indicator")].text == name)
    return row.cells[table.column_index("mark")].text


def test_the_documents_show_the_runs_figures_after_an_actual_changes(sample, django_user_model):
    officer = _users(django_user_model)["officer"]
    plan = _plan(sample)
    run = run_start(user=officer, plan=plan)
    _correct_actual()

    row = _indicator_row(report_build(plan, "result", run=run), SATISFACTION)
    assert (row["target"], row["actual"], row["rate"], row["grade"], row["score"]) == (
        "80",
        "79.1",
        "98.9",
        "×",
        "98.88",
    )
    assert _detail_mark(report_build(plan, "report", run=run), SATISFACTION) == "×"
    # computed now (no run), the same documents show the corrected actual
    assert _detail_mark(report_build(plan, "report"), SATISFACTION) == "○"
    live = report_build(plan, "result")
    assert all(t.key != "result_indicators" for t in live.tables)
    assert live.stamp == COMPUTED_STAMP


def test_the_result_sheet_of_a_run_equals_the_one_computed_before_any_change(
    sample, django_user_model
):
    """Before anything changes, the stored sheet and the computed one agree row by row (the
    weighted BSC plan, with approved actuals at 90 % of each numeric target)."""
    officer = _users(django_user_model)["officer"]
    plan = Plan.objects.get(organisation=sample, year=2026, kind="bsc")
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.CONFIRMED)
    plan.refresh_from_db()
    targets = IndicatorValue.objects.filter(
        indicator__plan=plan, kind="target", year=2026, quarter=0, month=0, value__isnull=False
    ).order_by("pk")
    for n, target in enumerate(targets[1:]):
        actual = target.value * Decimal("0.9") + n
        IndicatorValue.objects.update_or_create(
            indicator=target.indicator,
            kind="actual",
            year=2026,
            quarter=0,
            month=0,
            defaults={"raw_text": str(actual), "value": actual, "status": "approved"},
        )
    run = run_start(user=officer, plan=plan)
    stored = report_build(plan, "result", run=run).tables[0]
    computed = report_build(plan, "result").tables[0]
    assert [[c.text for c in r.cells] for r in stored.rows] == [
        [c.text for c in r.cells] for r in computed.rows
    ]
    assert any(c.text not in ("", "-", "0") for r in stored.rows for c in r.cells[4:5])


def test_every_document_of_a_run_is_stamped_with_its_number_status_and_publication(
    sample, django_user_model
):
    officer = _users(django_user_model)["officer"]
    plan = _plan(sample)
    run = run_start(user=officer, plan=plan)
    report = report_build(plan, "result", run=run)
    assert report.stamp == "평가 결과: 2025 평가 제1회차 · 잠정(미확정) · 미공개"
    assert report.file_stem.endswith("_result_run1")
    run = _published(run, officer)
    stamp = report_build(plan, "report", run=run).stamp
    assert stamp == (
        "평가 결과: 2025 평가 제1회차 · 공개 · "
        f"공개일 {timezone.localdate(run.published_at).isoformat()}"
    )
    # a document without grades carries no stamp
    assert report_build(plan, "plan", run=run).stamp == ""


def test_report_run_gives_the_office_the_newest_run_and_the_public_the_published_one(
    sample, django_user_model
):
    users = _users(django_user_model)
    officer, staff, anonymous = users["officer"], users["welfare_staff"], AnonymousUser()
    plan = _plan(sample)
    assert report_run(plan, officer) is None and report_run(plan, anonymous) is None
    first = run_start(user=officer, plan=plan)
    assert report_run(plan, officer) == first
    assert report_run(plan, anonymous) is None and report_run(plan, staff) is None
    first = _published(first, officer)
    second = run_start(user=officer, plan=plan)
    assert report_run(plan, officer) == second
    assert report_run(plan, anonymous) == first and report_run(plan, staff) == first
    # ?run=N: the office reads any run of this plan, others a published one only
    assert report_run(plan, officer, first.pk) == first
    with pytest.raises(RunNotReadable):
        report_run(plan, anonymous, second.pk)
    other = run_start(user=officer, plan=_plan(sample, 2026))
    with pytest.raises(RunNotReadable):
        report_run(plan, officer, other.pk)


def test_report_for_refuses_results_to_the_public_until_a_run_is_published(
    sample, django_user_model
):
    users = _users(django_user_model)
    officer, staff, anonymous = users["officer"], users["welfare_staff"], AnonymousUser()
    plan = _plan(sample)
    # no run: the organisation's people get computed figures, the public none
    assert report_for(plan, "result", user=staff, public=False).stamp == COMPUTED_STAMP
    with pytest.raises(ReportError):
        report_for(plan, "result", user=anonymous, public=True)
    run = run_start(user=officer, plan=plan)
    # a run exists: nothing computed any more; unpublished results for the office only
    with pytest.raises(ReportError):
        report_for(plan, "result", user=staff, public=False)
    with pytest.raises(ReportError):
        report_for(plan, "report", user=anonymous, public=True)
    assert "제1회차" in report_for(plan, "result", user=officer, public=False).stamp
    _published(run, officer)
    public = report_for(plan, "result", user=anonymous, public=True)
    assert "공개일" in public.stamp
    # the public reads no explanations unless it asks; signed-in readers get them by default
    assert all(t.key != "explanations" for t in public.tables)
    assert all(not c.explanation for t in public.tables for r in t.rows for c in r.cells)
    asked = report_for(plan, "result", user=anonymous, public=True, explain=True)
    assert any(t.key == "explanations" for t in asked.tables)
    assert any(
        t.key == "explanations" for t in report_for(plan, "result", user=staff, public=False).tables
    )
    assert all(
        t.key != "explanations"
        for t in report_for(plan, "result", user=staff, public=False, explain=False).tables
    )


def test_the_explanations_appendix_holds_the_runs_stored_explanation(sample, django_user_model):
    officer = _users(django_user_model)["officer"]
    plan = _plan(sample)
    run = run_start(user=officer, plan=plan)
    stored = run.results.get(indicator_name=SATISFACTION).explanation
    report = report_build(plan, "report", run=run, explain=True)
    appendix = next(t for t in report.tables if t.key == "explanations")
    assert [t.key for t in report.tables][-2:] == ["explanations", "findings"]
    rows = [[c.text for c in r.cells] for r in appendix.rows]
    assert any(SATISFACTION in row[1] and row[3] == "×" and row[4] == stored for row in rows)
    # every computed cell with an explanation has its row
    explained = sum(
        1
        for t in report.tables
        if t.key not in ("explanations", "findings")
        for r in t.rows
        for c in r.cells
        if c.kind.value != "text" and c.explanation
    )
    assert len(appendix.rows) == explained


@pytest.mark.parametrize("fmt", ["xlsx", "pdf", "hwpx", "html", "csv"])
def test_each_writer_prints_the_stamp_and_the_explanations_appendix(
    sample, django_user_model, fmt, tmp_path
):
    """The writers only read the report: the appendix is a table, the stamp a line."""
    import io
    import shutil
    import subprocess
    import zipfile

    from seonggwa.reports.render import report_render

    officer = _users(django_user_model)["officer"]
    plan = _plan(sample)
    run = run_start(user=officer, plan=plan)
    stored = run.results.get(indicator_name=SATISFACTION).explanation
    report = report_build(plan, "report", run=run, explain=True)
    data = report_render(report, fmt, charts=False)
    if fmt == "xlsx":
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        assert "부록. 산출 근거" in book.sheet_names
        sheet = book.get_sheet_by_name("부록. 산출 근거").to_python()
        assert any(stored in [str(v) for v in row] for row in sheet)
        first = book.get_sheet_by_index(0).to_python()
        assert report.stamp in str(first[1][0])
        return
    if fmt == "pdf":
        if shutil.which("pdftotext") is None:
            pytest.skip("poppler-utils not installed")
        path = tmp_path / "r.pdf"
        path.write_bytes(data)
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        flat = "".join(text.split())
        assert "부록.산출근거" in flat and "".join(report.stamp.split()) in flat
        assert "".join(["실적", "÷", "목표", "×", "100"]) in flat
        return
    if fmt == "hwpx":
        from hwpx.document import HwpxDocument

        from seonggwa.reports.hwpx import hwpx_validate

        assert hwpx_validate(data) == []
        text = HwpxDocument.open(io.BytesIO(data)).text.plain()
    elif fmt == "html":
        from html import unescape

        text = unescape(data.decode("utf-8"))
    else:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = z.namelist()
            assert names[0] == "00_stamp.txt" and any(
                n.endswith("_explanations.csv") for n in names
            )
            text = "부록. 산출 근거" + "".join(z.read(n).decode("utf-8-sig") for n in names)
    assert "부록. 산출 근거" in text
    assert report.stamp in text and stored in text


def test_the_report_command_reads_the_run_it_is_given(sample, django_user_model, tmp_path, capsys):
    from seonggwa.cli import main

    officer = _users(django_user_model)["officer"]
    plan = _plan(sample)
    run_start(user=officer, plan=plan)
    _correct_actual()
    run_start(user=officer, plan=plan)  # run 2 grades the corrected 81: ○
    base = ["report", "--org", "한빛시", "--year", "2025", "--kind", "result", "--format", "html"]

    def indicator_line(path: Any) -> str:
        html = path.read_text(encoding="utf-8")
        row = html[html.index(SATISFACTION) :]
        return row[: row.index("</tr>")]

    first = tmp_path / "first.html"
    assert main([*base, "--out", str(first), "--run", "1"]) == 0
    assert "평가 제1회차" in capsys.readouterr().out
    assert "79.1" in indicator_line(first) and "×" in indicator_line(first)
    newest = tmp_path / "newest.html"
    assert main([*base, "--out", str(newest)]) == 0  # the newest run by default
    assert "평가 제2회차" in newest.read_text(encoding="utf-8")
    assert "81" in indicator_line(newest) and "○" in indicator_line(newest)
    assert "부록. 산출 근거" in newest.read_text(encoding="utf-8")  # on for results
    bare = tmp_path / "bare.html"
    assert main([*base, "--out", str(bare), "--no-explain"]) == 0
    assert "부록. 산출 근거" not in bare.read_text(encoding="utf-8")
    capsys.readouterr()
    assert main([*base, "--out", str(tmp_path / "x.html"), "--run", "9"]) == 1
    assert "제9회차가 없습니다" in capsys.readouterr().err
