"""Drift tests of plans and reports (issue 13, item 5): the kinds selected for them and the
minimal documents of drift once misread (tests/fixtures/drift/). The property loop over
thousands of variants, shared with the BSC sheets, is in test_drift_common.py.

Every drift kind runs by default (``drift.DISABLED`` would name one left out, and why); run
some with ``DRIFT_KINDS=page_break,page_number``. ``DRIFT_VARIANTS`` changes the number per kind.
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
    assert drift.enabled_kinds("plan", "") == drift.ALL_KINDS
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


def test_a_document_the_summary_cannot_decide_is_read_the_usual_way_and_flagged() -> None:
    """DRIFT_KINDS=all found a silent wrong reading (plan seed 44): a merged goal cell
    repeated on a row whose policy goal is one syllable from the one before
    (similar_siblings + merged_repeat, line 18), then that policy goal repeated with a typo
    at the next page top (repeat_policy_typo, line 22). Read as the usual repeat (18) and a
    new goal (22) or the other way round, the unit agrees with the 총괄 both ways: the
    reading nearest the usual one is kept (here it puts an indicator under the wrong policy
    goal), and each line where the agreeing readings differ gets the warning
    detail.reading_ambiguous, so the misreading is never silent."""
    text = (FIXTURES / "plan_similar_siblings_merged_repeat_typo.txt").read_text(encoding="utf-8")
    tables, findings = drift.read(text)
    assert not [f for f in findings if f.severity == Severity.ERROR]
    under = {
        i.name: tables.policy_goals[i.policy_goal].name
        for i in tables.indicators
        if i.policy_goal is not None
    }
    assert under["다염병 공동 점검 횟수"] == "감염병 관리체계 고도화"
    flags = [f for f in findings if f.code == "detail.reading_ambiguous"]
    assert [(f.severity, f.line) for f in flags] == [(Severity.WARNING, 18), (Severity.WARNING, 22)]
    assert "앞 목표와 같은 목표로 읽었습니다" in flags[0].message
    assert "따로 읽었습니다" in flags[1].message
    plan = _fixture_truth()
    outcome = drift.judge(plan, drift.Written(text, _fixture_drifts(), {}))
    assert outcome.differences and outcome.status == "flagged"


def _fixture_truth() -> drift.SourcePlan:
    """The plan the fixture was written from (seed 44, cut down to its one unit)."""
    policies = [
        drift.SourcePolicy(
            "감염병 관리체계 고도화", "", [drift.SourceIndicator("감염병 현장 달성도")]
        ),
        drift.SourcePolicy(
            "다염병 관리체계 고도화",
            "",
            [
                drift.SourceIndicator(n)
                for n in ("다염병 공동 점검 횟수", "다염병 상담 설치 개소 수", "다염병 정기 달성도")
            ],
            similar=True,
        ),
    ]
    goal = drift.SourceGoal("걷기 편한 평생학습 도시 실현", "", 1000, policies, "100.00")
    values = ["1", "2", "4", "2", "1,000", "900", "100"]
    cells = dict(zip(drift.SourcePlan("plan", []).summary_keys, values, strict=True))
    return drift.SourcePlan("plan", [drift.SourceUnit("대변인", [goal], cells)], total=dict(cells))


def _fixture_drifts() -> list[drift.Drift]:
    return [
        drift.Drift("merged_repeat", 18),
        drift.Drift("similar_siblings", 18),
        drift.Drift("page_break", 20),
        drift.Drift("repeat_policy_typo", 22),
    ]


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
