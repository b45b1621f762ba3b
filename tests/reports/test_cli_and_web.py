import zipfile

import pytest
from django.urls import reverse

from seonggwa.cli import build_parser, main

pytestmark = pytest.mark.django_db


def test_report_help_names_every_kind_and_format(capsys):
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args(["report", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for word in [
        "plan",
        "report",
        "bsc",
        "indicator-cards",
        "result",
        "xlsx",
        "pdf",
        "hwpx",
        "html",
        "csv",
        "--unit",
        "BOM",
    ]:
        assert word in out, word


@pytest.mark.parametrize(
    "fmt", ["xlsx", pytest.param("pdf", marks=pytest.mark.slow), "hwpx", "html"]
)
def test_report_command_writes_each_format(sample, tmp_path, fmt, capsys):
    out = tmp_path / f"r.{fmt}"
    code = main(
        [
            "report",
            "--org",
            "한빛시",
            "--year",
            "2025",
            "--kind",
            "report",
            "--format",
            fmt,
            "--out",
            str(out),
            "--no-charts",
        ]
    )
    assert code == 0 and out.stat().st_size > 1000
    magic = {"xlsx": b"PK", "hwpx": b"PK", "pdf": b"%PDF", "html": b"<!doctype html>"}[fmt]
    assert out.read_bytes().startswith(magic)


def test_report_command_csv_to_a_directory_or_a_zip(sample, tmp_path):
    assert (
        main(
            [
                "report",
                "--org",
                "한빛시",
                "--year",
                "2026",
                "--kind",
                "plan",
                "--format",
                "csv",
                "--out",
                str(tmp_path / "d"),
            ]
        )
        == 0
    )
    assert sorted(p.name for p in (tmp_path / "d").iterdir()) == [
        "01_plan_summary.csv",
        "02_plan_detail.csv",
        "03_findings.csv",
    ]
    assert (
        main(
            [
                "report",
                "--org",
                "한빛시",
                "--year",
                "2026",
                "--kind",
                "bsc",
                "--format",
                "csv",
                "--out",
                str(tmp_path / "b.zip"),
            ]
        )
        == 0
    )
    assert zipfile.ZipFile(tmp_path / "b.zip").namelist() == [
        "01_bsc_1.csv",
        "02_bsc_2.csv",
        "03_findings.csv",
    ]


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--org", "없는시", "--year", "2025", "--kind", "plan"], "기관 '없는시'"),
        (["--org", "한빛시", "--year", "2025", "--kind", "bsc"], "bsc"),
        (["--org", "한빛시", "--year", "2026", "--kind", "plan", "--unit", "없는국"], "없는국"),
    ],
)
def test_report_command_errors_exit_1_with_a_korean_message(
    sample, tmp_path, capsys, argv, message
):
    assert main(["report", *argv, "--format", "pdf", "--out", str(tmp_path / "x.pdf")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("오류:") and message in err


def test_report_command_rejects_unknown_format_with_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(
            [
                "report",
                "--org",
                "한빛시",
                "--year",
                "2025",
                "--kind",
                "plan",
                "--format",
                "docx",
                "--out",
                "x",
            ]
        )
    assert exc.value.code == 2


def _plans(sample):
    from seonggwa.plans.models import Plan

    return {(p.year, p.kind): p for p in Plan.objects.filter(organisation=sample)}


def test_plan_page_links_to_reports_and_report_page_shows_tables_and_charts(
    client, sample, django_user_model
):
    client.force_login(django_user_model.objects.get(username="committee"))
    plan = _plans(sample)[(2025, "plan")]
    html = client.get(reverse("web:plan-detail", args=[plan.pk])).content.decode()
    page_url = reverse("web:report-page", args=[plan.pk, "report"])
    assert page_url in html
    response = client.get(page_url)
    html = response.content.decode()
    assert response.status_code == 200
    for s in [
        "가. 총괄",
        "93,418,310,000",
        "초과달성(130% 이상)",
        "vendor/echarts/echarts.min.js",
        'id="opt-grades"',
    ]:
        assert s in html, s
    assert reverse("web:report-download", args=[plan.pk, "report", "pdf"]) in html


def test_csv_download_of_one_table_has_a_bom(client, sample, django_user_model):
    client.force_login(django_user_model.objects.get(username="committee"))
    plan = _plans(sample)[(2025, "plan")]
    url = reverse("web:report-download", args=[plan.pk, "report", "csv"]) + "?table=report_summary"
    response = client.get(url)
    assert response.status_code == 200
    assert response.content.startswith("\ufeff실국명".encode())
    assert "attachment" in response["Content-Disposition"]


@pytest.mark.slow
def test_xlsx_download(client, sample):
    plan = _plans(sample)[(2026, "plan")]
    response = client.get(reverse("web:report-download", args=[plan.pk, "plan", "xlsx"]))
    assert response.status_code == 200 and response.content.startswith(b"PK")


@pytest.mark.slow
def test_report_of_a_draft_plan_needs_permission(client, sample, django_user_model):
    bsc = _plans(sample)[(2026, "bsc")]  # a draft: hidden from the public
    for url in [
        reverse("web:report-page", args=[bsc.pk, "bsc"]),
        reverse("web:report-download", args=[bsc.pk, "bsc", "xlsx"]),
        reverse("web:report-download", args=[bsc.pk, "bsc", "csv"]) + "?table=bsc_1",
    ]:
        assert client.get(url).status_code == 404
    client.force_login(django_user_model.objects.get(username="welfare_staff"))
    assert client.get(reverse("web:report-page", args=[bsc.pk, "bsc"])).status_code == 200
    assert client.get(
        reverse("web:report-download", args=[bsc.pk, "bsc", "pdf"])
    ).content.startswith(b"%PDF")


def test_unknown_kind_or_format_is_404(client, sample):
    plan = _plans(sample)[(2026, "plan")]
    assert client.get(reverse("web:report-page", args=[plan.pk, "bsc"])).status_code == 404
    assert (
        client.get(reverse("web:report-download", args=[plan.pk, "plan", "docx"])).status_code
        == 404
    )
