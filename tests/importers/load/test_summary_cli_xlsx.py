"""`seonggwa summary` JSON, the CLI exit codes, and the seonggwa workbook round trip."""

from __future__ import annotations

import json
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from seonggwa.cli import main
from seonggwa.importers import xlsx
from seonggwa.importers.load import document_import
from seonggwa.importers.selectors import plan_summary
from seonggwa.plans.models import Indicator
from seonggwa.results.models import IndicatorValue

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
REPORTS = FIXTURES / "report"


def seed_path(prefix: str) -> Path:
    (path,) = (FIXTURES / "seeds").glob(f"{prefix}_*.txt")
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


# --- summary ---------------------------------------------------------------------------------


def test_summary_json_of_seed_000(capsys):
    assert run(capsys, "import", str(seed_path("000")), "--org", "서울", "--year", "2022")[0] == 0
    code, out, _ = run(capsys, "summary", "--org", "서울", "--year", "2022", "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"org", "year", "kind", "units", "total", "findings"}
    assert (data["org"], data["year"], data["kind"]) == ("서울", 2022, "plan")
    assert data["total"]["declared"] == {
        "strategic_goals": 41,
        "policy_goals": 224,
        "program_goals": 224,  # deprecated alias of policy_goals
        "indicators": 420,
        "unit_programs": 526,
        "budget": 42535641,
        "previous_budget": 38495950,
        "change": 4039691,
        "share_pct": None,
    }
    total = data["total"]["computed"]
    # R1: the 계 row against the column sums of the 41 unit rows (rounded per row in 백만원)
    assert (total["budget"], total["previous_budget"]) == (42535642, 38495951)
    assert total["strategic_goals"] == 41
    assert total["unit_programs"] == 526
    assert total["share_pct"] == "99.99"  # R3: the 41 shares sum to 99.99
    assert len(data["units"]) == 41
    units = {u["unit"]: u for u in data["units"]}
    spokes = units["대변인"]
    assert spokes["declared"] == {
        "strategic_goals": 1,
        "policy_goals": 1,
        "program_goals": 1,  # deprecated alias of policy_goals
        "indicators": 2,
        "unit_programs": 2,
        "budget": 1523,
        "previous_budget": 1621,
        "change": -98,
        "share_pct": "0.00",
    }
    assert spokes["computed"] == {
        "strategic_goals": 1,
        "policy_goals": 1,
        "program_goals": 1,  # deprecated alias of policy_goals
        "indicators": 2,
        "unit_programs": None,  # not derivable from the detail
        "budget": None,  # the detail's policy-program amount is never the budget (R3)
        "previous_budget": None,
        "change": -98,
        "share_pct": "0.00",
    }
    welfare = units["복지정책실"]
    assert (welfare["declared"]["share_pct"], welfare["computed"]["share_pct"]) == (
        "26.57",
        "26.57",
    )
    # every printed share reproduces (Appendix B)
    for unit in data["units"]:
        declared = unit["declared"]["share_pct"]
        assert declared is None or Decimal(declared) == Decimal(unit["computed"]["share_pct"]), unit
    # R2: 000:14 prints -1,883 where budget - previous = -1,882
    assert units["시민소통기획관"]["declared"]["change"] == -1883
    assert units["시민소통기획관"]["computed"]["change"] == -1882
    # R4: 경제정책실 14/22 in the summary, two indicator rows fewer in the detail
    assert units["경제정책실"]["declared"]["indicators"] == 22
    assert units["경제정책실"]["computed"]["indicators"] == 20
    codes = {(f["code"], f["unit"], f["line"]) for f in data["findings"]}
    assert ("summary.total_rounding", "계", 12) in codes
    assert all(set(f) == {"severity", "code", "message", "unit", "line"} for f in data["findings"])


@pytest.mark.parametrize("fixture", ["report_consistent.txt", "report_defects.txt"])
def test_summary_of_a_report_counts_marks_with_dash_and_missing_as_not_achieved(fixture):
    plan = document_import(
        organisation_name="보고기관", year=2023, path_or_text=REPORTS / fixture
    ).plan
    data = plan_summary(plan=plan)
    assert data["kind"] == "report"
    keys = {"strategic_goals", "policy_goals", "program_goals", "indicators", "exceeded"}
    keys |= {"achieved"}
    keys |= {"not_achieved", "settlement", "previous_settlement", "change", "share_pct"}
    assert set(data["total"]["declared"]) == keys
    for unit in data["units"]:
        c = unit["computed"]
        assert c["exceeded"] + c["achieved"] + c["not_achieved"] == c["indicators"], unit
        assert c["settlement"] is None and c["previous_settlement"] is None
    marks = list(Indicator.objects.filter(plan=plan).values_list("mark_raw", flat=True))
    total = data["total"]["computed"]
    assert total["exceeded"] == marks.count("◎")
    assert total["not_achieved"] == marks.count("×") + marks.count("-") + marks.count("")
    if fixture == "report_consistent.txt":
        assert data["total"]["declared"]["settlement"] == 178710987544
        for unit in data["units"]:
            d, c = unit["declared"], unit["computed"]
            for key in ("strategic_goals", "policy_goals", "indicators"):
                assert d[key] == c[key], (unit["unit"], key)
            if c["share_pct"] is not None:
                assert d["share_pct"] == c["share_pct"]
        assert not [f for f in data["findings"] if f["severity"] == "error"]
    else:
        assert any(f["code"] == "detail.mark_missing" for f in data["findings"])


def test_summary_without_json_prints_a_korean_table(capsys):
    document_import(organisation_name="서울", year=2022, path_or_text=seed_path("000"))
    code, out, _ = run(capsys, "summary", "--org", "서울", "--year", "2022")
    assert code == 0
    assert "실국명" in out and "42,535,641/42,535,642 ≠" in out
    assert "대변인\t1/1\t1/1\t2/2\t2/·" in out


# --- CLI exit codes --------------------------------------------------------------------------


@pytest.mark.slow
def test_cli_exit_codes(capsys, tmp_path, row_counts):
    seed = str(seed_path("000"))
    code, out, _ = run(capsys, "import", seed, "--org", "서울", "--year", "2022")
    assert code == 0
    assert "plan 형식으로 판단했습니다" in out
    assert "성과지표 416" in out and "[info] summary.total_rounding (계 12행)" in out
    code, out, _ = run(capsys, "import", seed, "--org", "서울", "--year", "2022")
    assert code == 0 and "이미 불러온 파일입니다" in out

    other = tmp_path / "v2.txt"
    other.write_text(seed_path("000").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    code, _, err = run(capsys, "import", str(other), "--org", "서울", "--year", "2022")
    assert code == 1 and "--replace" in err
    code, out, _ = run(capsys, "import", str(other), "--org", "서울", "--year", "2022", "--replace")
    assert code == 0 and "기존 계획을 지우고" in out

    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\xff\xfe\x00garbage")
    before = row_counts()
    code, _, err = run(capsys, "import", str(broken), "--org", "새기관", "--year", "2022")
    assert code == 2 and "broken.txt" in err
    lines = seed_path("000").read_text(encoding="utf-8").split("\n")
    no_summary = tmp_path / "no_summary.txt"
    no_summary.write_text("\n".join(lines[58:]), encoding="utf-8")
    code, _, err = run(
        capsys, "import", str(no_summary), "--org", "새기관", "--year", "2022", "--format", "plan"
    )
    assert code == 2 and "no_summary.txt:1:" in err and "아무것도 저장하지 않았습니다" in err
    code, _, err = run(
        capsys, "import", str(tmp_path / "missing.txt"), "--org", "x", "--year", "2022"
    )
    assert code == 2 and "파일이 없습니다" in err
    assert row_counts() == before

    code, _, err = run(capsys, "summary", "--org", "없는기관", "--year", "2022", "--json")
    assert code == 1 and "없는기관" in err
    code, _, err = run(capsys, "summary", "--org", "서울", "--year", "1999", "--json")
    assert code == 1 and "1999년 계획이 없습니다" in err
    document_import(
        organisation_name="서울", year=2022, path_or_text=REPORTS / "report_consistent.txt"
    )
    code, _, err = run(capsys, "summary", "--org", "서울", "--year", "2022")
    assert code == 1 and "--kind" in err
    code, out, _ = run(capsys, "summary", "--org", "서울", "--year", "2022", "--kind", "report")
    assert code == 0
    code, out, _ = run(capsys, "check", "--org", "서울", "--year", "2022", "--kind", "plan")
    assert code == 0 and "다시 검사했습니다" in out and "detail.count_mismatch" in out
    code, _, _ = run(capsys, "check", "--org", "없는기관", "--year", "2022")
    assert code == 1


# --- the seonggwa workbook -------------------------------------------------------------------


def _export(capsys, org: str, year: int, kind: str, out: Path) -> dict[str, list[list[object]]]:  # type: ignore[no-untyped-def]
    code, _, err = run(
        capsys, "export-xlsx", "--org", org, "--year", str(year), "--kind", kind, "--out", str(out)
    )
    assert code == 0, err
    return xlsx.read_sheets(out.read_bytes())


@pytest.mark.slow
@pytest.mark.parametrize(("prefix", "year", "kind"), [("000", 2022, "plan"), ("001", 2009, "bsc")])
def test_xlsx_round_trip_is_exact(capsys, tmp_path, prefix, year, kind):
    document_import(organisation_name="원본시", year=year, path_or_text=seed_path(prefix))
    first = _export(capsys, "원본시", year, kind, tmp_path / "a.xlsx")
    assert list(first) == [
        "정보",
        "부서",
        "계획주체",
        "관점",
        "전략목표",
        "정책사업목표",
        "성과지표",
        "지표값",
        "총괄",
        "검토사항",
    ]
    # into another organisation
    code, out, _ = run(
        capsys, "import", str(tmp_path / "a.xlsx"), "--org", "사본시", "--year", str(year)
    )
    assert code == 0 and "xlsx 형식으로 판단했습니다" in out
    second = _export(capsys, "사본시", year, kind, tmp_path / "b.xlsx")
    assert second["정보"] == [
        row if row[0] != "기관" else ["기관", "사본시"] for row in first["정보"]
    ]
    assert {k: v for k, v in second.items() if k != "정보"} == {
        k: v for k, v in first.items() if k != "정보"
    }
    # over the original plan with --replace: identical, 정보 included
    code, _, _ = run(
        capsys,
        "import",
        str(tmp_path / "a.xlsx"),
        "--org",
        "원본시",
        "--year",
        str(year),
        "--replace",
        "--format",
        "xlsx",
    )
    assert code == 0
    assert _export(capsys, "원본시", year, kind, tmp_path / "c.xlsx") == first


@pytest.mark.slow
def test_xlsx_keeps_decimal_weights_raw_texts_statuses_and_lines(capsys, tmp_path):
    document_import(organisation_name="원본시", year=2009, path_or_text=seed_path("001"))
    value = IndicatorValue.objects.filter(indicator__plan__organisation__name="원본시").first()
    assert value is not None
    value.status = IndicatorValue.Status.DRAFT
    value.save()
    _export(capsys, "원본시", 2009, "bsc", tmp_path / "a.xlsx")
    run(capsys, "import", str(tmp_path / "a.xlsx"), "--org", "사본시", "--year", "2009")
    copy = Indicator.objects.get(
        plan__organisation__name="사본시", weight=Decimal("2.5"), source_line=48
    )
    assert copy.weight_raw == "2.5"
    assert copy.source_document is not None and copy.source_document.format == "bsc2009"
    statuses = IndicatorValue.objects.filter(indicator__plan__organisation__name="사본시")
    assert statuses.filter(status="draft").count() == 1
    draft = statuses.get(status="draft")
    assert (draft.raw_text, draft.source_line, draft.kind, draft.year) == (
        value.raw_text,
        value.source_line,
        value.kind,
        value.year,
    )


@pytest.mark.slow
def test_text_that_could_be_a_formula_is_neutralised_and_read_back_exactly(capsys, tmp_path):
    plan = document_import(
        organisation_name="원본시", year=2022, path_or_text=seed_path("000")
    ).plan
    nasty = ['=HYPERLINK("http://x","클릭")', "+1+2", "-3", "@SUM(A1)", "'따옴표"]
    indicators = list(Indicator.objects.filter(plan=plan).order_by("position")[: len(nasty)])
    for ind, text in zip(indicators, nasty, strict=True):
        ind.name = text
        ind.save()
    path = tmp_path / "a.xlsx"
    sheets = _export(capsys, "원본시", 2022, "plan", path)
    names = [row[5] for row in sheets["성과지표"][1 : len(nasty) + 1]]
    assert names == ["'" + t for t in nasty]
    with zipfile.ZipFile(path) as zf:
        for member in zf.namelist():
            if member.startswith("xl/worksheets/"):
                assert b"<f>" not in zf.read(member), member  # no formula cells at all
    run(capsys, "import", str(path), "--org", "사본시", "--year", "2022")
    copied = Indicator.objects.filter(plan__organisation__name="사본시").order_by("position")
    assert [i.name for i in copied[: len(nasty)]] == nasty


def test_a_workbook_that_is_not_ours_is_read_as_sheets_and_refused_when_no_layout_fits(
    capsys, tmp_path, row_counts
):
    import xlsxwriter

    path = tmp_path / "other.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet("Sheet1").write_string(0, 0, "hello")
    wb.close()
    before = row_counts()
    code, _, err = run(capsys, "import", str(path), "--org", "x", "--year", "2022")
    assert code == 2 and "other.xlsx: 형식을 알 수 없습니다" in err
    assert "(엑셀(xlsx) 파일에서 시트 1개를 읽었습니다.)" in err
    code, _, err = run(
        capsys, "import", str(path), "--org", "x", "--year", "2022", "--format", "xlsx"
    )
    assert code == 2 and "seonggwa 통합문서가 아닙니다" in err  # --format xlsx: ours only
    assert row_counts() == before


def test_a_workbook_written_before_the_finding_catalogue_reads_with_todays_codes():
    import io

    from seonggwa.importers.selectors import plan_tables

    plan = document_import(
        organisation_name="원본시", year=2009, path_or_text=seed_path("001")
    ).plan
    tables = plan_tables(plan=plan)
    old_names = {"weights.sum": "BSC_WEIGHT_SUM", "bsc.copy_of": "BSC_COPY_OF"}
    for row in tables.findings:
        row.code = old_names.get(row.code, row.code)
    assert "BSC_WEIGHT_SUM" in {r.code for r in tables.findings}
    for fig in tables.declared:
        if fig.key == "policy_goals":
            fig.key = "program_goals"
    buffer = io.BytesIO()
    xlsx.write(tables, buffer, organisation="원본시", year=2009)
    read = xlsx.parse(buffer.getvalue(), source="old.xlsx")
    codes = {r.code for r in read.findings}
    assert {"weights.sum", "bsc.copy_of"} <= codes and "BSC_WEIGHT_SUM" not in codes
    assert "program_goals" not in {fig.key for fig in read.declared}
