"""CSV writer: one file per table, UTF-8 with BOM (Excel opens it as Korean text), a
flattened header row, numbers as plain digits (no thousands separators).

Every field goes through :func:`safe_field`, the project's one CSV neutraliser: a field a
spreadsheet would evaluate as a formula gets one leading apostrophe (OWASP, "CSV
injection"); :func:`field_value` takes it off again for anything that reads these files back.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from decimal import Decimal

from .model import Report, Table

BOM = "\ufeff"
ESCAPE = "'"
_FORMULA_STARTS = ("=", "+", "@", "\t", "\r")
_NUMBER = re.compile(r"-\d+(?:[.,]\d+)*(?:[eE][-+]?\d+)?%?")


def _evaluated(text: str) -> bool:
    """True when a spreadsheet would read ``text`` as a formula: it starts with = + @ TAB CR,
    or with "-" followed by something that is not a number."""
    if text.startswith(_FORMULA_STARTS):
        return True
    return text.startswith("-") and text != "-" and _NUMBER.fullmatch(text) is None


def _needs_escape(text: str) -> bool:
    # a field that already starts with the escape before a formula gets one more, so that
    # field_value(safe_field(x)) == x for every x
    return _evaluated(text) or (text.startswith(ESCAPE) and _needs_escape(text[1:]))


def safe_field(text: str) -> str:
    """``text`` as a CSV field no spreadsheet evaluates: one leading apostrophe before a
    formula; numbers, the lone "-" mark and other text unchanged.

    >>> safe_field("=HYPERLINK(1)"), safe_field("-2+3"), safe_field("-5"), safe_field("-")
    ("'=HYPERLINK(1)", "'-2+3", '-5', '-')
    """
    return ESCAPE + text if _needs_escape(text) else text


def field_value(field: str) -> str:
    """Undo :func:`safe_field`: exactly one leading apostrophe, and only the one it added.

    >>> field_value("'=1+1"), field_value("'가"), field_value("''=1")
    ('=1+1', "'가", "'=1")
    """
    if field.startswith(ESCAPE) and _needs_escape(field[1:]):
        return field[1:]
    return field


def table_csv(table: Table) -> bytes:
    buf = io.StringIO()
    buf.write(BOM)
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([safe_field(c.label) for c in table.columns])
    for row in table.rows:
        w.writerow(
            [safe_field(_plain(c.value, c.text) if c.is_number else c.text) for c in row.cells]
        )
    return buf.getvalue().encode("utf-8")


def _plain(value: object, text: str) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def report_csv_files(report: Report) -> dict[str, bytes]:
    """``{"01_plan_summary.csv": bytes, ...}`` in table order; a document of an evaluation
    run starts with ``00_stamp.txt`` (title, subtitle and the run's stamp)."""
    files = {f"{i:02d}_{t.key}.csv": table_csv(t) for i, t in enumerate(report.tables, start=1)}
    if report.stamp:
        stamp = f"{BOM}{report.title}\r\n{report.subtitle}\r\n{report.stamp}\r\n"
        files = {"00_stamp.txt": stamp.encode("utf-8"), **files}
    return files


def report_csv_zip(report: Report) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in report_csv_files(report).items():
            z.writestr(name, data)
    return buf.getvalue()
