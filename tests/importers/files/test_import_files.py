"""`seonggwa import` of document files that cannot be imported: refused with exit 2, the
file named, what to do said, nothing written."""

from __future__ import annotations

import pytest

from seonggwa.cli import main
from seonggwa.organisations.models import Organisation
from seonggwa.plans.models import Plan
from seonggwa.sources.models import SourceDocument

pytestmark = pytest.mark.django_db

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("계획.hwp", OLE + b"HWP Document File", "'HWPX 문서(*.hwpx)'로 골라 저장한 뒤"),
        ("계획.xls", OLE + "Workbook".encode("utf-16-le"), "'Excel 통합 문서(*.xlsx)'로"),
        ("계획.doc", OLE + "WordDocument".encode("utf-16-le"), "알 수 없는 OLE 복합 문서"),
    ],
)
def test_a_binary_office_file_is_refused_with_exit_2_and_nothing_written(
    capsys, tmp_path, name, data, says
):
    path = tmp_path / name
    path.write_bytes(data)
    before = [m.objects.count() for m in (Organisation, Plan, SourceDocument)]
    code = main(["import", str(path), "--org", "새기관", "--year", "2022"])
    err = capsys.readouterr().err
    assert code == 2
    assert f"{name}: " in err and says in err and "아무것도 저장하지 않았습니다" in err
    assert [m.objects.count() for m in (Organisation, Plan, SourceDocument)] == before
    assert not Organisation.objects.filter(name="새기관").exists()
