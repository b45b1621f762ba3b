"""``seonggwa import-joint-evaluation`` and ``seonggwa import-vps``: what they print and their
exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from seonggwa.cli import main
from seonggwa.frameworks.models import RegionResult

from .conftest import SEED, SEOUL_CSV

pytestmark = pytest.mark.django_db


def test_import_then_vps(sample, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code = main(["import-joint-evaluation", str(SEED), "--org", "한빛시", "--year", "2020"])
    out = capsys.readouterr().out
    assert code == 0
    assert "국정목표 5, 지표 122(정량 87, 정성 35), 시·도 17" in out
    assert "joint.number_missing" in out or "연번 칸이 비어" in out
    sheet = tmp_path / "seoul.csv"
    sheet.write_text(SEOUL_CSV, encoding="utf-8")
    assert main(["import-vps", str(sheet), "--org", "한빛시", "--year", "2020"]) == 0
    out = capsys.readouterr().out
    assert "행 15, 저장 15, 건너뜀 0 (서울)" in out
    assert RegionResult.objects.filter(region__name="서울").count() == 15


def test_exit_codes(sample, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    empty = tmp_path / "x.txt"
    empty.write_text("합동평가 없음\n", encoding="utf-8")
    assert main(["import-joint-evaluation", str(empty), "--org", "한빛시", "--year", "2020"]) == 2
    sheet = tmp_path / "v.csv"
    sheet.write_text("연번,실적\n5,1\n", encoding="utf-8")
    assert main(["import-vps", str(sheet), "--org", "한빛시", "--year", "2020"]) == 1  # no plan
    assert main(["import-joint-evaluation", str(SEED), "--org", "한빛시", "--year", "2020"]) == 0
    assert main(["import-vps", str(sheet), "--org", "한빛시", "--year", "2020"]) == 2  # no 시도
    assert (
        main(["import-vps", str(sheet), "--org", "한빛시", "--year", "2020", "--region", "서울"])
        == 0
    )
