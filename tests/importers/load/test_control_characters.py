"""Clean text at the import boundary: a NUL or another control character in an imported
text file (anywhere, not only in its first 4 KiB) or in a workbook cell refuses the file with
exit 2 naming the line; nothing is written; form feeds (PDF page breaks) are dropped. Run on
SQLite and PostgreSQL: PostgreSQL used to answer a NUL past 4 KiB with a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from seonggwa.cli import main
from seonggwa.importers.load import ImportFileError, document_read
from seonggwa.importers.xlsx.parse import WorkbookError, _convert

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _seed() -> str:
    (path,) = (FIXTURES / "seeds").glob("000_*.txt")
    return path.read_text(encoding="utf-8")


def _with(text: str, char: str, *, after_bytes: int = 5000) -> tuple[str, int, int]:
    """``text`` with ``char`` put inside the first line that starts past ``after_bytes``
    (UTF-8), after its third character; and that line's number and column."""
    lines = text.split("\n")
    size = 0
    for i, line in enumerate(lines):
        if size > after_bytes and len(line) > 5:
            lines[i] = line[:3] + char + line[3:]
            return "\n".join(lines), i + 1, 4
        size += len(line.encode("utf-8")) + 1
    raise AssertionError("text too short")


@pytest.mark.parametrize(
    ("char", "named"),
    [
        ("\x00", "U+0000 (NUL)"),
        ("\x1b", "U+001B (ESC)"),
        ("\x0b", "U+000B (VT)"),
        ("\x85", "U+0085"),
    ],
)
def test_a_control_character_past_the_first_4_kib_is_refused_naming_line_and_column(char, named):
    text, line, column = _with(_seed(), char)
    assert text.encode("utf-8").index(char.encode("utf-8")) > 4096
    with pytest.raises(ImportFileError) as exc:
        document_read(year=2022, path_or_text=text.encode("utf-8"), source_name="seed.txt")
    message = str(exc.value)
    assert message.startswith(f"seed.txt:{line}: {column}번째 글자에 제어 문자 {named}")


def test_the_import_command_exits_2_and_writes_nothing(capsys, tmp_path, row_counts):
    text, line, _ = _with(_seed(), "\x00")
    path = tmp_path / "nul.txt"
    path.write_bytes(text.encode("utf-8"))
    before = row_counts()
    code = main(["import", str(path), "--org", "널시", "--year", "2022"])
    err = capsys.readouterr().err
    assert code == 2
    assert f"nul.txt:{line}:" in err and "U+0000 (NUL)" in err
    assert "Traceback" not in err
    assert row_counts() == before


def test_a_nul_in_the_first_4_kib_is_still_called_binary():
    with pytest.raises(ImportFileError, match="텍스트 파일이 아닙니다"):
        document_read(year=2022, path_or_text=b"abc\x00def\n" * 10, source_name="bin.txt")


def test_form_feeds_from_pdf_text_extraction_are_dropped():
    plain = (FIXTURES / "report" / "report_consistent.txt").read_text(encoding="utf-8")
    paged = "\n".join(
        ("\f" + line if i % 20 == 0 else line) for i, line in enumerate(plain.split("\n"))
    )
    a = document_read(year=2025, path_or_text=plain.encode("utf-8"), source_name="a.txt")
    b = document_read(year=2025, path_or_text=paged.encode("utf-8"), source_name="a.txt")
    assert [i.name for i in b.tables.indicators] == [i.name for i in a.tables.indicators]
    assert len(a.tables.indicators) > 3


def test_tabs_and_line_breaks_stay_allowed():
    plain = (FIXTURES / "report" / "report_consistent.txt").read_text(encoding="utf-8")
    crlf = plain.replace("\n", "\r\n").encode("utf-8")
    assert document_read(year=2025, path_or_text=crlf, source_name="a.txt").tables.indicators


def test_a_workbook_text_cell_with_a_control_character_is_refused_naming_the_cell():
    with pytest.raises(WorkbookError) as exc:
        _convert("지표\x1b명", "str", "plan.xlsx 지표!3행 '지표명'")
    assert str(exc.value).startswith("plan.xlsx 지표!3행 '지표명': 3번째 글자에 제어 문자 U+001B")
    assert _convert("지표\t명\n둘째 줄", "str", "x") == "지표\t명\n둘째 줄"
