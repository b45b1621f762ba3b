"""importers.files.cells: rows of cells become the text the parsers read, and each line of
that text says where in the file it came from."""

from seonggwa.importers.files.cells import CellDocument, CellRow


def _doc() -> CellDocument:
    return CellDocument(
        name="계획.pdf",
        format="pdf",
        rows=[
            CellRow(["3. 성과계획 총괄표"], page=1),
            CellRow(["실국명", "전략목표수"], page=1, table=1, row=1),
            CellRow(["대변인", "1"], page=1, table=1, row=2),
            CellRow(["기획조정실\t(본부)", "1\n"], page=2, table=1, row=1),
            CellRow(["(단위: 백만원)"], page=2),
        ],
        pages=2,
    )


def test_rows_become_tab_separated_lines_with_a_blank_line_after_each_table() -> None:
    assert _doc().lines() == [
        "3. 성과계획 총괄표",
        "실국명\t전략목표수",
        "대변인\t1",
        "",
        "기획조정실 (본부)\t1",  # a TAB or line break inside a cell is a space
        "",
        "(단위: 백만원)",
    ]
    assert _doc().text().endswith("(단위: 백만원)\n")


def test_where_names_page_table_and_row_of_a_line() -> None:
    doc = _doc()
    assert doc.where(1) == "1쪽"
    assert doc.where(3) == "1쪽 표 1 2행"
    assert doc.where(4) == ""  # the separator line is nowhere in the file
    assert doc.where(5) == "2쪽 표 1 1행"
    assert doc.where(0) == "" and doc.where(99) == "" and doc.where(None) == ""


def test_where_names_the_sheet_of_a_workbook() -> None:
    doc = CellDocument(
        name="총괄.xlsx", format="xlsx", rows=[CellRow(["계", "41"], table=1, row=4, part="총괄")]
    )
    assert doc.where(1) == "시트 '총괄' 표 1 4행"
