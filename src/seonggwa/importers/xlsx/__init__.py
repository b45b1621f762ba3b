"""seonggwa's own workbook format: one sheet per stored table (docs/importing.md).

``write`` (XlsxWriter) and ``parse`` (python-calamine) are exact inverses on
:class:`~seonggwa.importers.tables.PlanTables`; ``detect`` looks for the 정보 sheet.
"""

from seonggwa.importers.xlsx.parse import WorkbookError, detect, parse, read_sheets
from seonggwa.importers.xlsx.schema import WORKBOOK_FORMAT, WORKBOOK_VERSION
from seonggwa.importers.xlsx.write import write

__all__ = [
    "WORKBOOK_FORMAT",
    "WORKBOOK_VERSION",
    "WorkbookError",
    "detect",
    "parse",
    "read_sheets",
    "write",
]
