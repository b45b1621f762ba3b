"""The validation appendix every report ends with (부록. 자료 검증 결과): the plan's stored
findings, or a line saying there are none."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..model import CellKind, Column, Row, Table, one_row_header
from .cells import count, text

if TYPE_CHECKING:
    from seonggwa.sources.models import StoredFinding


def findings_table(findings: Sequence[StoredFinding]) -> Table:
    """부록. 자료 검증 결과 from the plan's stored findings, in their order."""
    columns = [
        Column("severity", "구분", CellKind.TEXT, 6),
        Column("code", "코드", CellKind.TEXT, 18),
        Column("unit", "실국", CellKind.TEXT, 16),
        Column("line", "행", CellKind.INT, 6),
        Column("message", "내용", CellKind.TEXT, 80),
    ]
    labels = {"error": "오류", "warning": "경고", "info": "참고"}
    rows = [
        Row(
            [
                text(labels.get(f.severity, f.severity)),
                text(f.code),
                text(f.unit_label),
                count(f.line) if f.line is not None else text(""),
                text(f.message),
            ]
        )
        for f in findings
    ]
    if not rows:
        rows = [
            Row(
                [
                    text("-"),
                    text(""),
                    text(""),
                    text(""),
                    text("이 계획의 자료에 대한 검증 발견사항이 없습니다."),
                ]
            )
        ]
    return Table(
        key="findings",
        title="부록. 자료 검증 결과",
        unit_line="",
        columns=columns,
        header_rows=one_row_header(columns),
        rows=rows,
    )
