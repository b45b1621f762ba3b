"""Drift tests of plans and reports (issue 13, item 5): the kinds selected for them and the
minimal documents of drift once misread (tests/fixtures/drift/). The property loop over
thousands of variants, shared with the BSC sheets, is in test_drift_common.py.

Every drift kind runs by default but those ``drift.DISABLED`` names, each with why.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from seonggwa.engine.findings import Severity
from seonggwa.importers import drift


def test_drift_kinds_from_the_environment() -> None:
    assert drift.enabled_kinds("plan", "all") == drift.ALL_KINDS
    assert drift.enabled_kinds("report", "page_break, page_number") == (
        "page_break",
        "page_number",
    )
    assert "similar_siblings" not in drift.enabled_kinds("plan", "")
    assert drift.enabled_kinds("report", "") == drift.ALL_KINDS
    assert "drop_leading_1" in drift.enabled_kinds("report", "")
    with pytest.raises(ValueError, match="nonsense"):
        drift.enabled_kinds("plan", "nonsense")


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "drift"
#: kinds the parser misread before issue 13's content reading, page-number lines and
#: reconciliation with the 총괄 landed: their minimal documents now read with no error
FIXED = [
    ("plan", "page_number"),
    ("plan", "repeat_policy_typo"),
    ("report", "page_number"),
    ("report", "drop_leading_1"),
    ("plan", "similar_siblings"),
]


@pytest.mark.parametrize(("doc_kind", "kind"), FIXED)
def test_the_documents_of_kinds_once_misread_now_read_without_error(
    doc_kind: str, kind: str
) -> None:
    text = (FIXTURES / f"{doc_kind}_{kind}.txt").read_text(encoding="utf-8")
    tables, findings = drift.read(text)
    assert [(f.code, f.line) for f in findings if f.severity == Severity.ERROR] == []
    assert not any(i.name.strip("- 0123456789") == "" for i in tables.indicators)  # "- 8 -"
    assert not any(i.name.strip() in ("○", "◎", "×", "-") for i in tables.indicators)
    if kind == "repeat_policy_typo":  # merged with the 총괄, and said so
        assert "detail.read_as_repeat" in {f.code for f in findings}


def test_the_silent_misreading_found_with_all_kinds_is_still_there() -> None:
    """DRIFT_KINDS=all found a silent wrong reading (plan seed 44): a merged goal cell
    repeated on a row whose policy goal is one syllable from the one before
    (similar_siblings + merged_repeat), then that policy goal repeated with a typo at the
    next page top (repeat_policy_typo). The usual reading agrees with the 총괄, so it
    stands, and an indicator is put under the wrong policy goal (warnings only at line 18).
    Flagging every unit that another reading would also fit gave false errors on documents
    read right, so similar_siblings stays out of the default mixed set (drift.DISABLED)."""
    text = (FIXTURES / "plan_similar_siblings_merged_repeat_typo.txt").read_text(encoding="utf-8")
    tables, findings = drift.read(text)
    assert not [f for f in findings if f.severity == Severity.ERROR]
    under = {
        i.name: tables.policy_goals[i.policy_goal].name
        for i in tables.indicators
        if i.policy_goal is not None
    }
    assert under["다염병 공동 점검 횟수"] == "감염병 관리체계 고도화"


def test_a_new_goal_alike_the_one_before_is_read_as_new_when_only_that_agrees() -> None:
    text = (FIXTURES / "plan_similar_siblings.txt").read_text(encoding="utf-8")
    tables, findings = drift.read(text)
    assert [(f.code, f.line) for f in findings if f.severity != Severity.INFO] == [
        ("detail.read_as_new", 21)
    ]
    assert [p.name for p in tables.policy_goals] == [
        "보육시설 참여 기반 조성",
        "사육시설 참여 기반 조성",
    ]
