"""A joint evaluation imported from seed 003 by the evaluation officer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model

SEED = Path(__file__).parents[2] / "fixtures" / "seeds" / "003_80f337656145150c.txt"

#: 서울's made-up results: 13 공통 quantitative indicators, 12 met; a 부분 one not evaluated.
SEOUL_CSV = "\n".join(
    ["시도,연번,지표명,목표,실적,달성여부,우수사례"]
    + [f"서울,{n},,100,120,달성," for n in (5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18)]
    + ["서울특별시,19,,650,600,,", "서울,102,,,,해당없음,", "서울,1,,,,,3"]
)


@pytest.fixture
def joint_plan(sample) -> Any:  # type: ignore[no-untyped-def]
    from seonggwa.importers.joint.load import joint_import

    officer = get_user_model().objects.get(username="officer")
    return joint_import(user=officer, organisation_name="한빛시", year=2020, path_or_text=SEED).plan
