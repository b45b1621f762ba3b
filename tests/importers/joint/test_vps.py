"""VPS import: a region's indicator results from CSV / xlsx, with findings for unknown
regions and indicators and out-of-range values; one transaction; then the comparison (R17)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from openpyxl import Workbook

from seonggwa.audit.models import AuditEvent
from seonggwa.core.errors import PermissionDenied
from seonggwa.frameworks.joint_selectors import region_comparison
from seonggwa.frameworks.models import RegionResult
from seonggwa.importers.joint.vps import read_sheet
from seonggwa.importers.joint.vps_load import vps_import
from seonggwa.importers.load import ImportFileError
from seonggwa.sources.models import StoredFinding

from .conftest import SEOUL_CSV

pytestmark = pytest.mark.django_db


def _officer():  # type: ignore[no-untyped-def]
    return get_user_model().objects.get(username="officer")


def test_seoul_sheet_gives_12_of_13_and_92_3(joint_plan) -> None:  # type: ignore[no-untyped-def]
    result = vps_import(
        user=_officer(), plan=joint_plan, path_or_bytes=SEOUL_CSV.encode(), source_name="vps.csv"
    )
    assert (result.rows, result.written, result.skipped, result.regions) == (15, 15, 0, ["서울"])
    # row 14 (연번 19) had no 달성여부: judged from 실적 600 < 목표 650
    assert [(f.code, f.line) for f in result.findings] == [("vps.met_computed", 14)]
    seoul = RegionResult.objects.get(region__name="서울", indicator__number=19)
    assert (seoul.met, seoul.actual, seoul.target_raw, seoul.source_line) == (
        False,
        Decimal("600"),
        "650",
        14,
    )
    assert RegionResult.objects.get(region__name="서울", indicator__number=1).best_cases == 3
    comparison = region_comparison(joint_plan.joint_evaluation, "city")
    row = next(r for r in comparison.rows if r.region.name == "서울")
    assert (row.applicable, row.met, row.achievement.text, row.rank) == (13, 12, "92.3%", 1)
    assert row.printed is None and row.best_cases == 11  # printed: 서울(11건)
    assert comparison.average.text == "92.3%"  # the only region with results
    assert comparison.printed_average == Decimal("81.7")
    event = AuditEvent.objects.filter(model="frameworks.JointEvaluation").get()
    assert event.changes["written"] == [None, 15]


def test_bad_rows_are_skipped_with_findings_at_their_lines(joint_plan) -> None:  # type: ignore[no-untyped-def]
    sheet = "\n".join(
        [
            "시도\t연번\t지표명\t목표\t실적\t달성여부",
            "부산\t5\t\t10\t12\t달성",  # 2: fine
            "평양\t5\t\t10\t12\t달성",  # 3: unknown region
            "부산\t999\t\t10\t12\t달성",  # 4: unknown indicator
            "부산\t6\t\t10\t-5\t달성",  # 5: out of range
            "부산\t8\t\t10\t열둘\t달성",  # 6: not a number
            "부산\t9\t\t10\t12\t아마도",  # 7: 달성여부 unreadable
            "부산\t\t없는 지표\t10\t12\t달성",  # 8: unknown name
            "부산\t99\t\t10\t12\t달성",  # 9: 임도시설: 시부 not evaluated (stored, not counted)
            "부산\t10\t다른 이름\t10\t12\t미달성",  # 10: name differs, number wins
        ]
    )
    result = vps_import(
        user=None, plan=joint_plan, path_or_bytes=sheet.encode(), source_name="b.txt"
    )
    assert [(f.code, f.line) for f in result.findings] == [
        ("vps.region_unknown", 3),
        ("vps.indicator_unknown", 4),
        ("vps.value_out_of_range", 5),
        ("vps.value_unreadable", 6),
        ("vps.met_unreadable", 7),
        ("vps.indicator_unknown", 8),
        ("vps.not_in_scope", 9),
        ("vps.name_differs", 10),
    ]
    assert (result.written, result.skipped) == (3, 6)
    stored = StoredFinding.objects.filter(plan=joint_plan, code__startswith="vps.")
    assert stored.count() == 8
    row = next(
        r
        for r in region_comparison(joint_plan.joint_evaluation, "city").rows
        if r.region.name == "부산"
    )
    assert (row.applicable, row.met) == (2, 1)


def test_missing_columns_and_unreadable_files_write_nothing(joint_plan) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ImportFileError, match="시도"):
        vps_import(
            user=None,
            plan=joint_plan,
            path_or_bytes="연번,실적\n5,1\n".encode(),
            source_name="a.csv",
        )
    with pytest.raises(ImportFileError, match="열"):
        vps_import(user=None, plan=joint_plan, path_or_bytes=b"a,b\n1,2\n", source_name="a.csv")
    with pytest.raises(ImportFileError):
        vps_import(user=None, plan=joint_plan, path_or_bytes=b"x", source_name="a.pdf")
    assert not RegionResult.objects.exists()
    assert not AuditEvent.objects.filter(model="frameworks.JointEvaluation").exists()


def test_region_option_and_xlsx(joint_plan) -> None:  # type: ignore[no-untyped-def]
    wb = Workbook()
    ws = wb.active
    ws.append(["VPS 실적 내려받기"])
    ws.append(["연번", "지표명", "목표", "실적", "달성여부"])
    ws.append([5, "빅데이터 활용 활성화", 68, 79, "Y"])
    ws.append([6, None, 10, 9, "N"])
    buf = io.BytesIO()
    wb.save(buf)
    result = vps_import(
        user=_officer(), plan=joint_plan, path_or_bytes=buf.getvalue(), source_name="경기.xlsx",
        region="경기도",
    )  # fmt: skip
    assert (result.written, result.findings) == (2, [])
    row = next(
        r
        for r in region_comparison(joint_plan.joint_evaluation, "province").rows
        if r.region.name == "경기"
    )
    assert (row.applicable, row.met, row.achievement.text, row.printed) == (
        2,
        1,
        "50.0%",
        Decimal("87.40"),
    )


def test_only_the_office_imports(joint_plan) -> None:  # type: ignore[no-untyped-def]
    outsider = get_user_model().objects.create_user("outsider", password="x")
    with pytest.raises(PermissionDenied):
        vps_import(
            user=outsider, plan=joint_plan, path_or_bytes=SEOUL_CSV.encode(), source_name="v.csv"
        )


def test_read_sheet_is_pure() -> None:
    sheet = read_sheet("v.csv", "\ufeff시·도,연번,실적\n서울,5,1\n\n".encode())
    assert [(r.line, r.region, r.number, r.actual) for r in sheet.rows] == [(2, "서울", "5", "1")]


def test_upload_checks_size_and_type(settings) -> None:  # type: ignore[no-untyped-def]
    from seonggwa.importers.joint.vps_load import vps_upload_check
    from seonggwa.importers.uploads import UploadError

    vps_upload_check(name="v.csv", data=SEOUL_CSV.encode())
    for name, data in (
        ("v.xlsx", b"not a zip"),
        ("v.csv", b"PK\x03\x04zip"),
        ("v.exe", b"MZ"),
        ("v.csv", b""),
    ):
        with pytest.raises(UploadError):
            vps_upload_check(name=name, data=data)
    settings.SEONGGWA_MAX_UPLOAD_BYTES = 10
    with pytest.raises(UploadError, match="너무 큽니다"):
        vps_upload_check(name="v.csv", data=SEOUL_CSV.encode())
