"""Drift property test (issue 13, item 5), one loop for every document kind
(``drift_common.doc_kinds()``: plan, report and the 2009 BSC sheets): thousands of small
documents written with random layout drift are read by parse + checks (no database); each
must reproduce its truth exactly, or carry an error at a line an ambiguous drift touched —
never a silently wrong reading.

Each kind's ``DISABLED`` names the drift kinds left out and why; run them all with
``DRIFT_KINDS=all``, or some with ``DRIFT_KINDS=page_break,page_number``.
``DRIFT_VARIANTS`` changes the number per document kind. The document kinds' own
fixture tests are in test_drift.py (plans, reports) and test_drift_bsc.py.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from seonggwa.importers import drift, drift_bsc
from seonggwa.importers.drift_common import doc_kinds

VARIANTS = int(os.environ.get("DRIFT_VARIANTS", "2000"))
KINDS = doc_kinds()
DOC_KINDS = list(KINDS)


def test_every_document_kind_is_registered() -> None:
    assert DOC_KINDS == ["plan", "report", "bsc"]
    assert KINDS["bsc"] is drift_bsc.BSC and KINDS["plan"] is drift.PLAN


@pytest.mark.parametrize("doc_kind", DOC_KINDS)
def test_clean_documents_read_exactly(doc_kind: str) -> None:
    for seed in range(30):
        _truth, _written, outcome = KINDS[doc_kind].run(seed, ())
        assert outcome.status == "exact", (seed, outcome.differences[:1], outcome.errors)


def _add_indicator(plan: drift.SourcePlan) -> None:
    plan.units[0].goals[0].policies[0].indicators.append(drift.SourceIndicator("없는 지표", "○"))


def _change_value(doc: drift_bsc.SourceBsc) -> None:
    doc.sheets[0].goals[0].kpis[0].values[2] = "999"


def _change_perspective_weight(doc: drift_bsc.SourceBsc) -> None:
    name, weight = doc.sheets[1].perspectives[0]
    doc.sheets[1].perspectives[0] = (name, weight + 5)


SPOILED: list[tuple[str, Callable[[Any], None]]] = [
    ("plan", _add_indicator),
    ("report", _add_indicator),
    ("bsc", _change_value),
    ("bsc", _change_perspective_weight),
]


@pytest.mark.parametrize(("doc_kind", "spoil"), SPOILED)
def test_judge_sees_a_reading_that_differs_from_the_truth(
    doc_kind: str, spoil: Callable[[Any], None]
) -> None:
    kind = KINDS[doc_kind]
    truth, written = kind.variant(2, ())
    spoil(truth)
    outcome = kind.judge(truth, written)
    assert outcome.status == "silent_wrong"
    assert outcome.differences


@pytest.mark.parametrize("doc_kind", DOC_KINDS)
def test_drift_kinds_from_the_environment(doc_kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    kind = KINDS[doc_kind]
    assert kind.enabled_kinds("all") == kind.all_kinds
    assert kind.enabled_kinds("page_break, page_number") == ("page_break", "page_number")
    assert kind.enabled_kinds("") == tuple(k for k in kind.all_kinds if k not in kind.disabled)
    with pytest.raises(ValueError, match="nonsense"):
        kind.enabled_kinds("nonsense")
    monkeypatch.setenv("DRIFT_KINDS", "blank_lines")
    assert kind.enabled_kinds() == ("blank_lines",)
    assert set(kind.own_kinds) <= set(kind.all_kinds)
    assert kind.alone("repeat_typo")[0] == "page_break"


@pytest.mark.slow
@pytest.mark.parametrize("doc_kind", DOC_KINDS)
def test_drifted_documents_read_exactly_or_flag_the_line(doc_kind: str) -> None:
    kind = KINDS[doc_kind]
    kinds = kind.enabled_kinds()
    statuses: Counter[str] = Counter()
    applied: Counter[str] = Counter()
    failures = []
    for seed in range(VARIANTS):
        _truth, written, outcome = kind.run(seed, kinds)
        statuses[outcome.status] += 1
        applied.update({d.kind for d in written.drifts})
        if not outcome.ok and len(failures) < 3:
            failures.append(
                (
                    seed,
                    outcome.status,
                    [(d.kind, d.line) for d in written.drifts],
                    [(e.code, e.line) for e in outcome.errors],
                    [d[:300] for d in outcome.differences[:2]],
                )
            )
    assert not failures, f"{statuses}: {failures}"
    assert statuses["exact"] > VARIANTS // 2
    if VARIANTS >= 1000:  # every enabled kind the document kind knows was really exercised
        own = set(kinds) & set(kind.own_kinds)
        assert own <= set(applied), own - set(applied)
