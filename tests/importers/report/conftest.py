from __future__ import annotations

from pathlib import Path

import pytest

REPORT_FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "report"


@pytest.fixture(scope="session")
def consistent_text() -> str:
    return (REPORT_FIXTURES / "report_consistent.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def defects_text() -> str:
    return (REPORT_FIXTURES / "report_defects.txt").read_text(encoding="utf-8")
