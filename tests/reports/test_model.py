"""The report model's own operations."""

from __future__ import annotations

from seonggwa.reports.model import Column, HeaderCell, Row, Table, TableCell


def test_drop_column_removes_its_cells_and_shrinks_spanning_headers():
    table = Table(
        key="t",
        title="표",
        unit_line="",
        columns=[Column(k, k) for k in "abcd"],
        header_rows=[
            [HeaderCell("A", 0, rowspan=2), HeaderCell("B–D", 1, colspan=3)],
            [HeaderCell("b", 1), HeaderCell("c", 2), HeaderCell("d", 3)],
        ],
        rows=[Row([TableCell(v, v) for v in "1234"])],
    )
    table.drop_column(2)
    assert [c.key for c in table.columns] == ["a", "b", "d"]
    assert [c.text for c in table.rows[0].cells] == ["1", "2", "4"]
    assert table.header_rows == [
        [HeaderCell("A", 0, rowspan=2), HeaderCell("B–D", 1, colspan=2)],
        [HeaderCell("b", 1), HeaderCell("d", 2)],
    ]
