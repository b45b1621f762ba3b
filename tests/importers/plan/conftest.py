from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.fixture(scope="session")
def seed_000_text() -> str:
    return (FIXTURES / "seeds" / "000_76922f4da6b1e6cf.txt").read_text(encoding="utf-8")
