"""BSC drift tests (issue 13, item 5): minimal 2009 BSC documents (성과관리계획, seed 001's
layout) of drift the parser once misread (tests/fixtures/drift/bsc_*.txt). The property loop
over thousands of variants — each must reproduce its sheets exactly (owners, perspectives and
weights, goals, KPIs with unit, weight, year values, program codes and parent texts), or carry
an error at a line an ambiguous drift touched — is shared with plans and reports in
test_drift_common.py.

``drift_bsc.DISABLED["bsc"]`` would name the kinds the parser misreads, each with a fixture.
"""

from __future__ import annotations

from pathlib import Path

from seonggwa.engine.findings import Severity
from seonggwa.importers import drift_bsc

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "drift"


def test_disabled_kinds_have_a_fixture_that_shows_the_failure() -> None:
    for reason in drift_bsc.DISABLED["bsc"].values():
        name = reason.split("tests/fixtures/drift/")[1].split()[0]
        assert (FIXTURES / name).is_file(), name
    # not a drift kind: a spurious blank among the values of a KPI whose unit is blank too
    # (the writer does not print it); the row is dropped with a warning only
    both = drift_bsc.read((FIXTURES / "bsc_value_blank_unit_blank.txt").read_text())
    assert [k.name for g in both[0].owners[0].strategic_goals for k in g.indicators] == [
        "보도자료 제공건수"
    ]  # truth: 2 KPIs
    assert {f.code for f in both[2] if f.severity == Severity.WARNING} == {"bsc.row_unreadable"}


def test_the_tail_of_a_wrapped_kpi_name_on_the_next_line_joins_the_name() -> None:
    doc, _tables, findings = drift_bsc.read((FIXTURES / "bsc_wrapped_kpi_name_row.txt").read_text())
    names = [k.name for g in doc.owners[0].strategic_goals for k in g.indicators]
    assert names == ["보도자료 제공건수", "인터넷 매체 모니터링 건수"]
    assert [(f.code, f.line) for f in findings if f.severity != Severity.INFO] == []
    assert ("bsc.kpi_name_wrapped", 8) in [(f.code, f.line) for f in findings]


def test_a_blank_unit_or_a_kpi_without_unit_and_weight_is_read_from_the_right() -> None:
    """The KPI name is not taken for the unit and the first year value for the weight."""
    doc = drift_bsc.read((FIXTURES / "bsc_unit_blank.txt").read_text())[0]
    kpis = [k for g in doc.owners[0].strategic_goals for k in g.indicators]
    read = [(k.name, k.unit_of_measure, k.weight.raw if k.weight else None) for k in kpis]
    assert read == [
        ("보도자료 제공건수", "건", "60"),
        ("인터넷 매체 모니터링 건수", "", "40"),
        ("정정보도 참고 건수", "", None),
    ]
    assert [v.raw for v in kpis[1].values] == ["61", "90", "735", "95"]


def test_a_bare_page_number_above_a_repeated_header_is_not_a_sheet_title() -> None:
    doc, written = drift_bsc.variant(0, ("page_break",))
    lines = written.text.split("\n")
    at = next(d.line for d in written.drifts if d.kind == "page_break")
    text = "\n".join([*lines[: at - 1], "17", "", *lines[at - 1 :]])
    outcome = drift_bsc.judge(doc, drift_bsc.Written(text, written.drifts))
    assert outcome.status == "exact", outcome.differences[:1]


def test_a_perspective_reprinted_with_other_spacing_continues_its_goal() -> None:
    doc = drift_bsc.read((FIXTURES / "bsc_perspective_repeat_spacing.txt").read_text())[0]
    goals = doc.owners[0].strategic_goals
    assert [(g.name, len(g.indicators)) for g in goals] == [("언론보도 확대로 시정홍보 강화", 2)]


REPEAT_TYPO = "bsc_repeat_typo_goal_split.txt"


def _goals_and_warnings(text: str) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    doc, _tables, findings = drift_bsc.read(text)
    goals = [(g.name, len(g.indicators)) for g in doc.owners[0].strategic_goals]
    return goals, [(f.code, f.line) for f in findings if f.severity != Severity.INFO]


def test_a_goal_reprinted_at_a_page_top_with_a_syllable_changed_is_read_as_its_repeat() -> None:
    """Issue 13 item 3: "언론보도 확대로 시정홍모 강화" at the top of the next page, same
    perspective and parent cells, is the goal before reprinted (the sheet declares no goal
    count; its perspective weights agree either way) — merged, and the line says so."""
    goals, warnings = _goals_and_warnings((FIXTURES / REPEAT_TYPO).read_text())
    assert goals == [("언론보도 확대로 시정홍보 강화", 2)]
    assert warnings == [("bsc.goal_read_as_repeat", 13)]


def test_a_goal_alike_the_one_before_but_not_a_page_top_reprint_stays_new_with_a_warning() -> None:
    lines = (FIXTURES / REPEAT_TYPO).read_text().split("\n")
    # the same rows on one page: the second goal is not a reprint
    goals, warnings = _goals_and_warnings("\n".join([*lines[:6], *lines[12:]]))
    assert goals == [("언론보도 확대로 시정홍보 강화", 1), ("언론보도 확대로 시정홍모 강화", 1)]
    assert warnings == [("bsc.goal_text_alike", 7)]
    # at the page top, under another parent goal: a new goal too
    other_parent = lines[12].replace(
        "시민과 함께하는 혁신 시정 구현", "안전하고 깨끗한 에코도시 서울"
    )
    goals, warnings = _goals_and_warnings("\n".join([*lines[:12], other_parent]))
    assert [n for _, n in goals] == [1, 1]
    assert warnings == [("bsc.goal_text_alike", 13)]


def test_a_goal_reprinted_unchanged_or_with_other_spacing_gives_no_warning() -> None:
    lines = (FIXTURES / REPEAT_TYPO).read_text().split("\n")
    for printed in ("언론보도 확대로 시정홍보 강화", "언론보도확대로 시정홍보강화"):
        row = lines[12].replace("언론보도 확대로 시정홍모 강화", printed)
        goals, warnings = _goals_and_warnings("\n".join([*lines[:12], row]))
        assert goals == [("언론보도 확대로 시정홍보 강화", 2)]
        assert warnings == []
