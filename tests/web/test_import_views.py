"""Importing a legacy document in the browser: the evaluation office uploads a file, sees
what would be created and every finding (nothing written), confirms, and lands on the new
plan — the same importer and transaction as ``seonggwa import``. Refusals (type, size, an
unreadable file, a plan that exists) name the file field or say why, and write nothing."""

from __future__ import annotations

import io
import zipfile
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from seonggwa.plans.models import Plan

from ..conftest import SEEDS

pytestmark = pytest.mark.django_db

NEW, CONFIRM = reverse("web:import-new"), reverse("web:import-confirm")


@pytest.fixture(autouse=True)
def _var_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path  # uploads wait under VAR_DIR/imports
    settings.SEONGGWA_BACKUP_DIR = tmp_path / "backups"  # written before a replace


@pytest.fixture
def seed() -> bytes:
    (path,) = SEEDS.glob("000_*.txt")
    return path.read_bytes()


def text(response) -> str:  # type: ignore[no-untyped-def]
    return unescape(response.content.decode())


def upload(client, sample, data: bytes, name: str = "2022_plan.txt", **extra):  # type: ignore[no-untyped-def]
    return client.post(
        NEW,
        {
            "organisation": sample.pk,
            "year": 2022,
            "format": "auto",
            "file": SimpleUploadedFile(name, data),
            **extra,
        },
    )


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("admin", 200),
        ("officer", 200),
        ("outsider", 200),  # the office of its own organisation
        ("welfare_head", 403),
        ("welfare_staff", 403),
        ("committee", 403),
    ],
)
def test_importing_is_for_the_central_roles(as_user, who, status):
    assert as_user(who).get(NEW).status_code == status


def test_the_form_offers_only_the_users_organisations(as_user, sample):
    form = as_user("officer").get(NEW).context["form"]
    assert list(form.fields["organisation"].queryset) == [sample]
    outsider = as_user("outsider").get(NEW).context["form"]
    assert [o.name for o in outsider.fields["organisation"].queryset] == ["다른시"]


def test_a_preview_shows_counts_and_every_finding_and_writes_nothing(
    as_user, sample, seed, settings
):
    before = Plan.objects.count()
    response = upload(as_user("officer"), sample, seed)
    html = text(response)
    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview.kind == "plan" and preview.counts["indicators"] == 416
    assert "416" in html and "detail.count_mismatch" in html
    assert len(response.context["preview"].findings) == html.count("<code>")
    assert Plan.objects.count() == before
    token = response.context["token"]
    assert (settings.VAR_DIR / "imports" / token).read_bytes() == seed


def test_confirming_imports_as_the_user_and_lands_on_the_new_plan(as_user, sample, seed, settings):
    from seonggwa.audit.models import AuditEvent

    client = as_user("officer")
    token = upload(client, sample, seed).context["token"]
    response = client.post(CONFIRM, {"token": token})
    plan = Plan.objects.get(organisation=sample, year=2022, kind="plan")
    assert response["Location"] == reverse("web:plan-detail", args=[plan.pk])
    assert plan.indicators.count() == 416
    assert AuditEvent.objects.filter(action="import", object_pk=str(plan.pk))[0].actor_label == (
        "officer"
    )
    assert "가져왔습니다" in text(client.get(response["Location"]))
    assert not (settings.VAR_DIR / "imports" / token).exists()
    again = client.post(CONFIRM, {"token": token})  # the upload is gone
    assert again["Location"] == NEW


def test_an_existing_plan_is_replaced_only_when_asked(as_user, sample, seed, settings):
    client = as_user("officer")
    first = upload(client, sample, seed).context["token"]
    client.post(CONFIRM, {"token": first})
    changed = seed.replace("성과계획".encode(), "성과 계획".encode(), 1)
    preview = upload(client, sample, changed)
    assert preview.context["blocked"] and "이미 있습니다" in text(preview)
    token = preview.context["token"]
    refused = client.post(CONFIRM, {"token": token})
    assert refused.status_code == 400 and "이미" in text(refused)
    assert "화면은" in text(refused)  # the refusal names the screen's checkbox, not only --replace
    assert "아무것도 저장하지 않았습니다." in text(refused)
    done = client.post(CONFIRM, {"token": token, "replace": "on"})
    assert done.status_code == 302
    assert Plan.objects.filter(organisation=sample, year=2022, kind="plan").count() == 1
    assert len(list((settings.SEONGGWA_BACKUP_DIR / "replace").glob("*.json"))) == 1


def test_a_plan_with_locked_actuals_is_not_replaced_from_the_browser(
    as_user, sample, seed, settings
):
    from seonggwa.results.models import IndicatorValue

    client = as_user("officer")
    client.post(CONFIRM, {"token": upload(client, sample, seed).context["token"]})
    plan = Plan.objects.get(organisation=sample, year=2022, kind="plan")
    indicator = plan.indicators.order_by("pk").first()
    IndicatorValue.objects.create(
        indicator=indicator, kind="actual", year=2022, raw_text="1", value=1, locked=True
    )
    changed = seed.replace("성과계획".encode(), "성과 계획".encode(), 1)
    token = upload(client, sample, changed).context["token"]
    refused = client.post(CONFIRM, {"token": token, "replace": "on"})
    assert refused.status_code == 400 and "잠긴 실적 1건" in text(refused)
    assert Plan.objects.filter(pk=plan.pk).exists()
    assert not (settings.SEONGGWA_BACKUP_DIR / "replace").exists()


def test_the_same_file_again_changes_nothing(as_user, sample, seed):
    client = as_user("officer")
    client.post(CONFIRM, {"token": upload(client, sample, seed).context["token"]})
    again = upload(client, sample, seed)
    assert again.context["preview"].already_imported
    done = client.post(CONFIRM, {"token": again.context["token"]})
    assert done.status_code == 302
    assert "아무것도 바꾸지 않았습니다" in text(client.get(done["Location"]))


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("plan.docx", b"PK\x03\x04", "가져올 수 없는 파일 형식"),
        ("plan.pdf", b"not a pdf", "파일 내용이 .pdf 형식이 아닙니다"),
        ("plan.hwpx", b"%PDF-1.4", "파일 내용이 .hwpx 형식이 아닙니다"),
        ("plan.txt", b"\x00\x01binary", "텍스트 파일이 아닙니다"),
        ("plan.txt", "아무 표도 없는 글".encode(), "plan.txt"),
        ("plan.xlsx", b"not a zip", ".xlsx 통합문서가 아닙니다"),
    ],
)
def test_a_file_that_cannot_be_imported_is_refused_beside_the_file_field(
    as_user, sample, name, data, message
):
    before = Plan.objects.count()
    response = upload(as_user("officer"), sample, data, name=name)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "file" in errors and message in " ".join(errors["file"]), errors
    assert Plan.objects.count() == before


def test_a_zip_bomb_is_refused_before_it_is_read(as_user, sample):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (8 * 1024 * 1024))
    response = upload(as_user("officer"), sample, buffer.getvalue(), name="bomb.xlsx")
    assert response.status_code == 400
    assert "비정상적으로 크게 풀립니다" in " ".join(response.context["form"].errors["file"])


def test_an_upload_past_an_import_limit_is_refused_in_korean_naming_the_limit(
    as_user, sample, settings
):
    from django.apps import apps

    def counts() -> dict[str, int]:
        return {m._meta.label: m._default_manager.count() for m in apps.get_models()}

    settings.SEONGGWA_MAX_INFLATED_BYTES = 1024 * 1024
    settings.SEONGGWA_MAX_COMPRESSION_RATIO = 10**6
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", '<sheet name="정보"/>')
        archive.writestr("xl/worksheets/sheet1.xml", b"<row/>" * 1_000_000)
    client = as_user("officer")
    before = counts()
    response = upload(client, sample, buffer.getvalue(), name="bomb.xlsx")
    assert response.status_code == 400
    page = text(response)
    assert "'bomb.xlsx': 압축을 풀면 너무 큽니다" in page
    assert "SEONGGWA_MAX_INFLATED_BYTES" in page
    assert counts() == before
    assert not list((settings.VAR_DIR / "imports").glob("*"))  # nothing staged either
    settings.SEONGGWA_MAX_TEXT_BYTES = 100
    response = upload(client, sample, "가".encode() * 100)
    assert response.status_code == 400 and "SEONGGWA_MAX_TEXT_BYTES" in text(response)


def test_an_upload_over_the_limit_is_refused_with_both_sizes(as_user, sample, settings):
    settings.SEONGGWA_MAX_UPLOAD_BYTES = 100
    response = upload(as_user("officer"), sample, b"x" * 101)
    assert "101바이트, 최대 100바이트" in " ".join(response.context["form"].errors["file"])


def test_missing_fields_are_named(as_user):
    response = as_user("officer").post(NEW, {})
    errors = response.context["form"].errors
    assert response.status_code == 400
    assert errors["year"] == ["'계획 연도' 항목을 입력하세요."]
    assert errors["file"] == ["'문서' 항목을 입력하세요."]


def test_another_organisation_cannot_be_chosen(as_user, sample, seed):
    response = upload(as_user("outsider"), sample, seed)
    assert response.status_code == 400 and "organisation" in response.context["form"].errors


def test_an_upload_of_another_session_is_not_confirmed(as_user, sample, seed):
    token = upload(as_user("officer"), sample, seed).context["token"]
    response = as_user("admin").post(CONFIRM, {"token": token})
    assert response["Location"] == NEW
    assert not Plan.objects.filter(organisation=sample, year=2022).exists()


@pytest.mark.slow
def test_an_hwpx_document_is_previewed_with_where_each_finding_sits_in_the_file(
    as_user, sample, seed
):
    from seonggwa.importers.load import document_import
    from seonggwa.reports.build import report_build
    from seonggwa.reports.render import report_render

    client = as_user("officer")
    assert 'accept=".hwpx,.pdf,.xlsx,.txt,.hwp,.xls"' in text(client.get(NEW))
    source = document_import(organisation_name="원본시", year=2022, path_or_text=seed).plan
    data = report_render(report_build(source, "plan"), "hwpx", charts=False)
    before = Plan.objects.count()
    response = upload(client, sample, data, name="2022_계획서.hwpx")
    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview.kind == "plan" and preview.counts["indicators"] == 416
    assert preview.read.detection.startswith("HWPX 파일에서 표 3개")
    html = text(response)
    mismatch = next(f for f in preview.findings if f.code == "detail.count_mismatch")
    assert mismatch.details["where"].startswith("표 1 ")
    assert f'<span class="finding-where">{mismatch.details["where"]}</span>' in html
    assert Plan.objects.count() == before


def test_a_binary_hwp_upload_is_refused_with_how_to_save_it_as_hwpx(as_user, sample):
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100 + b"HWP Document File"
    response = upload(as_user("officer"), sample, data, name="계획.hwp")
    assert response.status_code == 400
    assert "다른 이름으로 저장" in text(response) and "HWPX" in text(response)
