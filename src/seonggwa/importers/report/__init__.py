"""성과보고서 (report) importer: "가. 총괄" + "나. 성과목표 및 재원비중" (domain.md 4.3-4.4)."""

from seonggwa.importers.report.parse import detect, parse
from seonggwa.importers.report.validate import artefact_findings, validate

__all__ = ["artefact_findings", "detect", "parse", "validate"]
