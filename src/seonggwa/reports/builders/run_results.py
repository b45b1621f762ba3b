"""A stored evaluation run's indicator results as a table (평가 결과, one row per indicator):
the inputs, the rate, the grade the rules computed beside the grade applied (an R8 override
or an accepted objection) with its reason, the score and the explanation. Built from the
stored rows only (``evaluation.selectors.run_results``), never recomputed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..model import CellKind, Column, Row, Table, one_row_header
from .cells import decimal, text

COLUMNS = [
    Column("unit", "부서", CellKind.TEXT, 20),
    Column("indicator", "성과지표", CellKind.TEXT, 34),
    Column("target", "목표", CellKind.TEXT, 12),
    Column("actual", "실적", CellKind.TEXT, 12),
    Column("rate", "달성률(%)", CellKind.DECIMAL, 9),
    Column("computed", "산출 등급", CellKind.TEXT, 8),
    Column("grade", "적용 등급", CellKind.TEXT, 8),
    Column("reason", "조정 사유", CellKind.TEXT, 24),
    Column("score", "점수", CellKind.DECIMAL, 8),
]


def run_results_table(run: Any, results: Sequence[Any]) -> Table:
    """The run's stored results; "산출 등급" is the computed grade, which differs from the
    applied one only where an override changed it (otherwise the two are the same)."""
    rows = [
        Row(
            [
                text(r.unit_name),
                text(r.indicator_name),
                text(r.target_raw or "-"),
                text(r.actual_raw or "-"),
                decimal(r.achievement, 1, r.explanation),
                text(r.computed_grade_mark or r.grade_mark),
                text(r.grade_mark, r.explanation),
                text(r.grade_reason or ""),
                decimal(r.score, 2),
            ]
        )
        for r in results
    ]
    changed = sum(1 for r in results if r.computed_grade_mark)
    return Table(
        key="run_results",
        title=f"평가 {run.number} 결과 ({run.period_key})",
        unit_line="(단위: %, 점)",
        columns=list(COLUMNS),
        header_rows=one_row_header(COLUMNS),
        rows=rows,
        footnotes=[
            f"※ {run.get_status_display()} · {run.scheme_name} v{run.scheme_version}",
            f"※ 등급을 조정한 지표(산출 등급 ≠ 적용 등급, R8): {changed}개",
        ],
    )
