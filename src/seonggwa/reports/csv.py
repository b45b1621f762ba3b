"""CSV writer: one file per table, UTF-8 with BOM (Excel opens it as Korean text), a
flattened header row, numbers as plain digits (no thousands separators)."""

from __future__ import annotations

import csv
import io
import zipfile
from decimal import Decimal

from .model import Report, Table

BOM = "\ufeff"


def table_csv(table: Table) -> bytes:
    buf = io.StringIO()
    buf.write(BOM)
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([c.label for c in table.columns])
    for row in table.rows:
        w.writerow([_plain(c.value, c.text) if c.is_number else c.text for c in row.cells])
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
